# tests/tests.mk - make test: host unit tests (ASan/UBSan) and QEMU integration tests.

TEST_DIR := $(BUILD)/test

UNIT_NAMES := pgtable cmdline bootinfo decode fmt pool
UNIT_SRCS_pgtable  := guestmem/pgtable.c tests/unit/refxlate.c
UNIT_SRCS_cmdline  := kernel/cmdline.c
UNIT_SRCS_bootinfo := kernel/bootinfo.c
UNIT_SRCS_decode   := kernel/decode.c
UNIT_SRCS_fmt      := kernel/fmt.c
UNIT_SRCS_pool     := guestmem/pool.c
UNIT_LIBS_bootinfo := -lfdt

HOST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -I. \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

UNIT_BINS := $(patsubst %,$(TEST_DIR)/unit/test_%,$(UNIT_NAMES))
TEST_DTBS := $(patsubst tests/unit/dts/%.dts,$(TEST_DIR)/dts/%.dtb,$(wildcard tests/unit/dts/*.dts))

.SECONDEXPANSION:
$(TEST_DIR)/unit/test_%: tests/unit/test_%.c $$(UNIT_SRCS_$$*) tests/unit/check.h $$(wildcard guestmem/*.h kernel/*.h tests/unit/*.h) | host-deps
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $< $(UNIT_SRCS_$*) $(UNIT_LIBS_$*)

$(TEST_DIR)/dts/%.dtb: tests/unit/dts/%.dts | host-deps
	@mkdir -p $(dir $@)
	$(Q)dtc -q -I dts -O dtb -o $@ $<

# Microvisor builds the QEMU tests boot: one per granule, plus test-only
# builds that provoke an EL2 panic or force the bounce page.
TEST_IMAGES := 4K 16K 64K panic bounce-4K bounce-16K bounce-64K

# The tiny assembly appliance the boot and stage-2 cases run.
$(TEST_DIR)/images/tiny.bin: tests/qemu/guests/tiny.S kernel/mvabi.h | deps
	@mkdir -p $(dir $@)
	$(Q)$(CC) -nostdlib -static -I. -Wl,-Ttext=0x40000000 -Wl,--build-id=none -o $(@:.bin=.elf) $<
	$(Q)$(OBJCOPY) -O binary -j .text $(@:.bin=.elf) $@

$(TEST_DIR)/images/tiny.mvimg: $(TEST_DIR)/images/tiny.bin $(MVIMAGE) $(DEV_KEY)
	$(Q)$(MVIMAGE) create --kernel $< --mem 64M --entry 0 --counter 1 \
		--description "tiny test appliance" --key $(DEV_KEY) -o $@

.PHONY: unit test-images test
unit: $(UNIT_BINS) $(TEST_DTBS)

test-images: deps
	$(Q)for g in 4K 16K 64K; do \
		$(MAKE) --no-print-directory O=$(TEST_DIR)/mv-$$g GRANULE=$$g all >/dev/null || exit 1; \
		$(MAKE) --no-print-directory O=$(TEST_DIR)/mv-bounce-$$g GRANULE=$$g MV_FORCE_BOUNCE=1 all >/dev/null || exit 1; \
	done
	$(Q)$(MAKE) --no-print-directory O=$(TEST_DIR)/mv-panic GRANULE=4K MV_TEST_PANIC=1 all >/dev/null

test: deps unit test-images $(TEST_DIR)/images/tiny.mvimg
	@bash tests/run.sh $(TEST_DIR)
