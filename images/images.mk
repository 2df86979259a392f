# images/images.mk - builds the guest runtime and the sample appliances (make images) and signs them (make images-signed).
#
# Included by the top Makefile, which provides CROSS, CC, OBJCOPY, Q, BUILD,
# GCC_INC, NEWLIB_INC, NEWLIB_LIBC, LIBFDT_INC, LIBFDT_LIB and deps.
#
#   make images          build/images/NAME.elf and NAME.bin for every IMAGES
#   make images-signed   build/images/NAME.mvimg for every SIGNED_IMAGES
#
# Per signed image NAME (defaults in brackets): BIN_NAME, the appliance
# whose .bin it carries [NAME]; CMDLINE_NAME, the guest command line
# [empty]; MEM_NAME, guest RAM [IMG_MEM]. A variant is just another name:
#   SIGNED_IMAGES += crash-undef
#   BIN_crash-undef := crash
#   CMDLINE_crash-undef := undef

IMAGES := hello exitcode memtest fpsimd crash bench ticker timer watchdog rtc \
	smp

IMG_DIR := $(BUILD)/images
IMG_OBJ := $(IMG_DIR)/obj

MVIMAGE  ?= $(BUILD)/tools/mvimage
SIGN_KEY ?= $(BUILD)/keys/dev-key.pem
IMG_MEM  ?= 64M
IMG_COUNTER ?= 1

SIGNED_IMAGES ?= $(IMAGES)
CMDLINE_hello    ?= hello from the command line
CMDLINE_exitcode ?= 42
MEM_memtest      ?= 256M
MEM_bench        ?= 1G
CMDLINE_crash    ?= el1-fault
CMDLINE_timer    ?= deadlines
CMDLINE_watchdog ?= pet
MEM_smp          ?= 128M

IMG_CPPFLAGS = -nostdinc -isystem $(GCC_INC) -isystem $(NEWLIB_INC) \
	-I$(LIBFDT_INC) -I. -Iimages/runtime/include
# Hosted, not -ffreestanding: newlib is a complete C library, and in
# freestanding mode GCC's <stdint.h> hides newlib's, which <inttypes.h>
# needs. No unwind tables: nothing unwinds.
# Inline atomics (LDAXR/STXR): the default outline ones pick LSE at run
# time through glibc's getauxval, which an appliance does not have.
IMG_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-fno-common -fno-pie -fstack-protector-strong -ffunction-sections \
	-fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-mbranch-protection=none -mno-outline-atomics
# The runtime may run before the MMU is on (exception reports) and in
# the report path must not disturb the appliance's FP/SIMD registers.
IMG_RT_CFLAGS := -mstrict-align -mgeneral-regs-only
# Except stdio.c, whose varargs wrappers pass printf's FP arguments on.
$(IMG_OBJ)/images/runtime/stdio.c.o: IMG_RT_CFLAGS := -mstrict-align
# The stdio calls that images/runtime/stdio.c serialises across CPUs.
IMG_COMMA := ,
IMG_WRAPPED := printf vprintf fprintf vfprintf puts putchar putc fputc fputs \
	fwrite fflush perror exit
IMG_LDFLAGS := -nostdlib -static -no-pie -Wl,--gc-sections \
	-Wl,--build-id=none -Wl,-z,max-page-size=4096 \
	-Wl,--no-warn-rwx-segments -Wl,--orphan-handling=error \
	$(addprefix -Wl$(IMG_COMMA)--wrap=,$(IMG_WRAPPED)) \
	-T images/runtime/appliance.ld
IMG_LIBS = $(NEWLIB_LIBC) $(dir $(NEWLIB_LIBC))libm.a $(LIBFDT_LIB) $(LIBGCC)

IMG_RT_SRCS := images/runtime/crt0.S images/runtime/mmu.S \
	images/runtime/vectors.S images/runtime/start.c \
	images/runtime/syscalls.c images/runtime/console.c \
	images/runtime/exception.c images/runtime/irq.c images/runtime/time.c \
	images/runtime/smp.c images/runtime/stdio.c
IMG_RT_OBJS := $(patsubst %,$(IMG_OBJ)/%.o,$(IMG_RT_SRCS))

# Every .c and .S in images/apps/NAME/ is part of appliance NAME.
img_app_srcs = $(sort $(wildcard images/apps/$(1)/*.c images/apps/$(1)/*.S))
img_app_objs = $(patsubst %,$(IMG_OBJ)/%.o,$(call img_app_srcs,$(1)))

IMG_ELFS := $(patsubst %,$(IMG_DIR)/%.elf,$(IMAGES))
IMG_BINS := $(patsubst %,$(IMG_DIR)/%.bin,$(IMAGES))
IMG_SIGNED := $(patsubst %,$(IMG_DIR)/%.mvimg,$(SIGNED_IMAGES))

.PHONY: images images-signed
images: $(IMG_ELFS) $(IMG_BINS)
images-signed: $(IMG_SIGNED)

$(IMG_OBJ)/images/runtime/%.c.o: images/runtime/%.c images/images.mk | deps
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(IMG_CPPFLAGS) $(IMG_CFLAGS) $(IMG_RT_CFLAGS) -MMD -MP -c $< -o $@

$(IMG_OBJ)/images/apps/%.c.o: images/apps/%.c images/images.mk | deps
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(IMG_CPPFLAGS) $(IMG_CFLAGS) -MMD -MP -c $< -o $@

$(IMG_OBJ)/images/%.S.o: images/%.S images/images.mk | deps
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(IMG_CPPFLAGS) -D__ASSEMBLY__ -g -MMD -MP -c $< -o $@

.SECONDEXPANSION:
$(IMG_DIR)/%.elf: $(IMG_RT_OBJS) $$(call img_app_objs,$$*) \
		images/runtime/appliance.ld images/check-appliance.sh | deps
	@echo "  LD      $@"
	$(Q)test -n "$(call img_app_srcs,$*)" || \
		{ echo "images: no sources in images/apps/$*/" >&2; exit 1; }
	$(Q)$(CC) $(IMG_CFLAGS) $(IMG_LDFLAGS) -o $@.tmp $(IMG_RT_OBJS) \
		$(call img_app_objs,$*) -Wl,--start-group $(IMG_LIBS) -Wl,--end-group
	$(Q)sh images/check-appliance.sh $@.tmp $(CROSS)
	$(Q)mv $@.tmp $@

$(IMG_DIR)/%.bin: $(IMG_DIR)/%.elf
	$(Q)$(OBJCOPY) -O binary $< $@
	@echo "built $@ ($$(wc -c <$@) bytes)"

$(IMG_DIR)/%.mvimg: $(IMG_DIR)/$$(or $$(BIN_$$*),$$*).bin $(MVIMAGE) $(SIGN_KEY)
	@echo "  MVIMAGE $@"
	$(Q)$(MVIMAGE) create --kernel $< --cmdline "$(CMDLINE_$*)" --entry 0 \
		--mem $(or $(MEM_$*),$(IMG_MEM)) --counter $(IMG_COUNTER) \
		--description "$*" --key $(SIGN_KEY) -o $@

# The ELF (for a debugger), the .bin (what mvimage signs) and the objects
# of every appliance, the user's own included, are kept: make would delete
# them as intermediates. (.PRECIOUS names the rules' own target patterns; a
# bare .SECONDARY would also stop make from remaking a deleted object.)
.PRECIOUS: $(IMG_OBJ)/images/runtime/%.c.o $(IMG_OBJ)/images/apps/%.c.o \
	$(IMG_OBJ)/images/%.S.o $(IMG_DIR)/%.elf $(IMG_DIR)/%.bin

-include $(IMG_RT_OBJS:.o=.d) $(wildcard $(IMG_OBJ)/images/apps/*/*.d)

include images/linux/linux.mk
