# Makefile - the one entry point of microvisor: make, make run, make test, make deps.
#
# Build variables (see README.md): PLATFORM, GRANULE, KEY, DEBUG; for make
# run: CPU, SMP, BOOTARGS, MEM. O= puts one build's output elsewhere (the tests
# build several configurations side by side).

PLATFORM ?= qemu-virt
GRANULE  ?= 4K
KEY      ?=
COUNTER_FLOOR ?= 0
DEBUG    ?= 0
CPU      ?= cortex-a57
MEM      ?= 2G
SMP      ?= 1
BOOTARGS ?=
GUEST    ?= hello
# Test-only build switches: MV_TEST_PANIC=1 provokes an EL2 exception after
# boot; MV_FORCE_BOUNCE=1 makes the init code straddle a page boundary.
# MV_SHA2=0 ignores the CPU's SHA-2 instructions (the C path, for make
# bench and the tests).
MV_TEST_PANIC   ?= 0
MV_FORCE_BOUNCE ?= 0
MV_SHA2         ?= 1

CROSS ?= aarch64-linux-gnu-
CC     = $(CROSS)gcc
LD     = $(CROSS)ld
OBJCOPY = $(CROSS)objcopy
HOSTCC ?= gcc

# V=1 shows every command.
V ?= 0
ifeq ($(V),1)
Q :=
else
Q := @
endif

BUILD := build
DEPS  := $(BUILD)/deps
O     ?= $(BUILD)/$(PLATFORM)

# safe.directory: a checkout owned by another user (root building a user's
# tree) would otherwise make git refuse, and the version read "unknown".
MV_VERSION := $(shell git -c safe.directory='$(CURDIR)' describe --always --dirty 2>/dev/null || echo unknown)

.DEFAULT_GOAL := all
include mk/deps.mk

ifeq ($(GRANULE),4K)
GRANULE_SHIFT := 12
else ifeq ($(GRANULE),16K)
GRANULE_SHIFT := 14
else ifeq ($(GRANULE),64K)
GRANULE_SHIFT := 16
else
$(error GRANULE=$(GRANULE) is not supported: use 4K, 16K or 64K)
endif

# Each module lists its own objects (objs-y, for the microvisor) and its
# portable sources (host-y, for the host unit-test library), lowest layer
# first (docs/architecture.md).
objs-y :=
host-y :=
host-drivers-y :=
include lib/lib.mk hyp/hyp.mk platform/platform.mk guestmem/guestmem.mk \
	loader/loader.mk kernel/kernel.mk

# ---- the microvisor (EL2, freestanding, static PIE) ----------------------

TGT_CPPFLAGS = -nostdinc -isystem $(GCC_INC) -isystem $(NEWLIB_INC) \
	-I$(LIBFDT_INC) -I$(MBEDTLS_SRC)/include -I. \
	-DMBEDTLS_CONFIG_FILE='"loader/mbedtls_config.h"' \
	-DMV_GRANULE_SHIFT=$(GRANULE_SHIFT) -DMV_COUNTER_FLOOR=$(COUNTER_FLOOR) \
	-DMV_PLATFORM=\"$(PLATFORM)\" -DMV_DEBUG=$(DEBUG) \
	-DMV_TEST_PANIC=$(MV_TEST_PANIC) \
	-DMV_SHA2=$(MV_SHA2) \
	$(if $(filter 1,$(MV_FORCE_BOUNCE)),-DMV_FORCE_BOUNCE) \
	-DMV_VERSION=\"$(MV_VERSION)\"
TGT_CFLAGS := -std=gnu11 -g -Wall -Wextra -Werror -ffreestanding -fno-common \
	-mno-outline-atomics \
	-mstrict-align -fpie -fvisibility=hidden \
	-fno-omit-frame-pointer -fstack-protector-strong \
	-ffunction-sections -fdata-sections -mbranch-protection=none \
	$(if $(filter 1,$(DEBUG)),-Og,-O2)
TGT_LDFLAGS := -nostdlib -static-pie -Wl,--no-dynamic-linker -Wl,-z,norelro \
	-Wl,--gc-sections -Wl,-z,max-page-size=65536 -Wl,--build-id=none

MV_OBJS := $(patsubst %,$(O)/obj/%,$(objs-y))
MV_LIBS = $(MBEDTLS_LIB) $(LIBFDT_LIB) $(NEWLIB_LIBC) $(LIBGCC)

.PHONY: all microvisor deps run debug bench test unit clean distclean check-format \
	check-fresh

all: microvisor images-signed
microvisor: $(O)/microvisor.bin

# Objects depend on the configuration, so changing GRANULE rebuilds them.
$(O)/config.stamp: FORCE
	@mkdir -p $(O)
	@echo "$(GRANULE) $(PLATFORM) $(DEBUG) $(MV_TEST_PANIC) $(MV_FORCE_BOUNCE) $(MV_VERSION)" > $@.new
	@cmp -s $@.new $@ && rm $@.new || mv $@.new $@

# CFLAGS_<path without .c>: extra flags for one file, set in its module's
# .mk. EL2 code keeps to the general registers, but for the one file a
# module names with FPSIMD_<path> := 1 (mk/check-image.sh names it too).
$(O)/obj/%.o: %.c $(O)/config.stamp | deps
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(TGT_CPPFLAGS) $(TGT_CFLAGS) \
		$(if $(FPSIMD_$*),,-mgeneral-regs-only) $(CFLAGS_$*) -MMD -MP -c $< -o $@

$(O)/obj/%.o: $(O)/%.c $(O)/config.stamp | deps
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(TGT_CPPFLAGS) $(TGT_CFLAGS) -MMD -MP -c $< -o $@

$(O)/obj/%.o: %.S $(O)/config.stamp | deps
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(TGT_CPPFLAGS) -D__ASSEMBLY__ -g -MMD -MP -c $< -o $@

$(O)/microvisor.ld: hyp/microvisor.ld.S hyp/layout.h $(O)/config.stamp | deps
	@mkdir -p $(O)
	$(Q)$(CC) -E -P -x c $(TGT_CPPFLAGS) -D__ASSEMBLY__ -o $@ $<

$(O)/microvisor.elf: $(MV_OBJS) $(O)/microvisor.ld mk/check-image.sh \
		mk/stamp-digest.sh | deps
	@echo "  LD      $@"
	$(Q)$(CC) $(TGT_CFLAGS) $(TGT_LDFLAGS) -T $(O)/microvisor.ld -o $@.tmp \
		-Wl,-Map=$(O)/microvisor.map \
		$(MV_OBJS) -Wl,--start-group $(MV_LIBS) -Wl,--end-group
	$(Q)sh mk/check-image.sh $@.tmp $(CROSS)
	$(Q)bash mk/stamp-digest.sh $@.tmp $(CROSS)
	$(Q)mv $@.tmp $@

$(O)/microvisor.bin: $(O)/microvisor.elf
	$(Q)$(OBJCOPY) -O binary $< $@
	@echo "built $@ ($(GRANULE) granule, $(PLATFORM))"

-include $(MV_OBJS:.o=.d)

# ---- keys, mvimage, appliances, tests ---------------------------------

# Sample appliances are signed with the first KEY= (which must then be a
# private key) or the development key.
SIGN_KEY ?= $(if $(strip $(KEY)),$(firstword $(KEY)),$(DEV_KEY))
include images/images.mk
include tests/tests.mk
include tests/bench/bench.mk

# ---- running it -------------------------------------------------------

# Every QEMU command line names its devices: the board's QEMU_MACHINE
# (platform.mk) says -nic none, so no default network card (and no option
# ROM from a package we do not install) is added.
QEMU ?= qemu-system-aarch64
QEMU_ARGS = $(QEMU_MACHINE) -cpu $(CPU) -smp $(SMP) -m $(MEM) \
	-nographic -no-reboot -semihosting \
	-kernel $(O)/microvisor.bin $(if $(BOOTARGS),-append "$(BOOTARGS)")

# GUEST=none boots without an appliance; GUEST=linux LINUX_SHELL=1 boots
# linux-shell.mvimg (images/linux/linux.mk).
RUN_IMAGE := $(if $(filter none,$(GUEST)),,$(IMG_DIR)/$(GUEST)$(if $(and $(filter linux,$(GUEST)),$(filter 1,$(LINUX_SHELL))),-shell).mvimg)

run: $(O)/microvisor.bin $(RUN_IMAGE)
	$(QEMU) $(QEMU_ARGS) $(if $(RUN_IMAGE),-initrd $(RUN_IMAGE))

# QEMU waits for gdb; $(O)/debug.gdb loads the microvisor's symbols (valid
# once it runs at its link VA, i.e. after the MMU switch) and the
# appliance's, and connects.
debug: $(O)/microvisor.bin $(RUN_IMAGE)
	@printf '%s\n' "set architecture aarch64" "file $(O)/microvisor.elf" \
		$(if $(wildcard $(IMG_DIR)/$(GUEST).elf),"add-symbol-file $(IMG_DIR)/$(GUEST).elf") \
		"target remote :1234" >$(O)/debug.gdb
	@echo "QEMU waits for gdb on :1234; in another terminal:"
	@echo "  gdb-multiarch -x $(O)/debug.gdb"
	$(QEMU) $(QEMU_ARGS) $(if $(RUN_IMAGE),-initrd $(RUN_IMAGE)) -S -s


clean:
	rm -rf $(BUILD)/qemu-virt $(BUILD)/test $(BUILD)/images $(BUILD)/tools \
		$(BUILD)/fuzz

distclean:
	rm -rf $(BUILD)

# The README's set-up commands in a fresh Debian 12 root (needs root).
check-fresh:
	@bash tests/check-fresh.sh

# Every tracked C file as .clang-format says (make test runs this first).
FORMAT_FILES = $(shell git -c safe.directory='$(CURDIR)' ls-files '*.c' '*.h')
check-format: deps
	$(if $(FORMAT_FILES),,$(error check-format: git lists no C files here; run it in a git checkout))
	@clang-format --dry-run -Werror $(FORMAT_FILES)

FORCE:

