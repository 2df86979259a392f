# tests/tests.mk - make test: host unit tests (ASan/UBSan) and QEMU integration tests.

TEST_DIR := $(BUILD)/test

UNIT_NAMES := pgtable cmdline bootinfo decode fmt pool s2geom stage2 gmap rma \
	hypercall gcon sysreg guestdtb heap place exits lifecycle string sha256 vgic \
	vpl011 passthrough

HOST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -I. -DMV_GRANULE_SHIFT=12 \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
HOST_DIR := $(TEST_DIR)/host

# One host library for every unit test: each module's portable sources
# (host-y in its .mk) and the test helpers; a test links what it uses.
HOST_LIB_SRCS := $(host-y) tests/unit/refxlate.c tests/unit/simmem.c \
	loader/mvimage/build.c loader/mvimage/sigkey.c
HOST_LIB_OBJS := $(patsubst %.c,$(HOST_DIR)/%.o,$(HOST_LIB_SRCS))
HOST_LIB := $(TEST_DIR)/libmv-host.a
HOST_DRIVER_OBJS := $(patsubst %.c,$(HOST_DIR)/%.o,$(host-drivers-y))
HOST_LIBS := $(HOST_DRIVER_OBJS) $(HOST_LIB) -lfdt -lmbedcrypto

$(HOST_DIR)/%.o: %.c | host-deps
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(HOST_LIB): $(HOST_LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

-include $(HOST_LIB_OBJS:.o=.d) $(HOST_DRIVER_OBJS:.o=.d)

UNIT_BINS := $(patsubst %,$(TEST_DIR)/unit/test_%,$(UNIT_NAMES))
TEST_DTBS := $(patsubst tests/unit/dts/%.dts,$(TEST_DIR)/dts/%.dtb,$(wildcard tests/unit/dts/*.dts))

$(TEST_DIR)/unit/test_%: tests/unit/test_%.c tests/unit/check.h $(HOST_LIB) \
		$(HOST_DRIVER_OBJS) | host-deps
	@mkdir -p $(dir $@) $(HOST_DIR)/unit
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -MMD -MP -MF $(HOST_DIR)/unit/$*.d -o $@ $< \
		$(HOST_LIBS)

-include $(patsubst %,$(HOST_DIR)/unit/%.d,$(UNIT_NAMES))

# lib/string.c is the microvisor's own C library part: its test gets it
# with every name prefixed, beside the host's, to compare the two.
MV_STRING_FNS := memset memcpy memmove memcmp memchr strlen strnlen strcmp \
	strchr strrchr
$(HOST_DIR)/lib/string-mv.o: lib/string.c | host-deps
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -fno-builtin -fno-tree-loop-distribute-patterns \
		$(foreach f,$(MV_STRING_FNS),-D$(f)=mv_$(f)) -c $< -o $@
$(TEST_DIR)/unit/test_string: $(HOST_DIR)/lib/string-mv.o
$(TEST_DIR)/unit/test_string: HOST_LIBS += $(HOST_DIR)/lib/string-mv.o

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

# One-call PSCI appliances: SYSTEM_OFF, SYSTEM_RESET, CPU_OFF.
PSCI_GUESTS := off=0x84000008 reset=0x84000009 cpuoff=0x84000002
$(TEST_DIR)/images/psci-%.bin: tests/qemu/guests/psci.S kernel/mvabi.h | deps
	@mkdir -p $(dir $@)
	$(Q)$(CC) -nostdlib -static -I. -DPSCI_FN=$(patsubst $*=%,%,$(filter $*=%,$(PSCI_GUESTS))) \
		-Wl,-Ttext=0x40000000 -Wl,--build-id=none -o $(@:.bin=.elf) $<
	$(Q)$(OBJCOPY) -O binary -j .text $(@:.bin=.elf) $@

.PRECIOUS: $(TEST_DIR)/images/psci-%.bin
$(TEST_DIR)/images/%.mvimg: $(TEST_DIR)/images/%.bin $(MVIMAGE) $(DEV_KEY)
	$(Q)$(MVIMAGE) create --kernel $< --mem 2M --entry 0 --counter 1 \
		--description "$* test appliance" --key $(DEV_KEY) -o $@

# Variants of the sample appliances the QEMU cases boot (images.mk rules).
CRASH_KINDS := write-outside read-unmapped undef smc-random hvc-bad el1-fault
$(foreach k,$(CRASH_KINDS),$(eval BIN_crash-$(k) := crash)$(eval CMDLINE_crash-$(k) := $(k)))
BIN_exitcode-7 := exitcode
CMDLINE_exitcode-7 := 7
BIN_hello-big := hello
MEM_hello-big := 512M
BIN_hello-64M := hello
CMDLINE_hello-64M := hello from the command line
BIN_memtest-64M := memtest
QEMU_TEST_IMAGES := $(TEST_DIR)/images/tiny.mvimg \
	$(patsubst %,$(TEST_DIR)/images/psci-%.mvimg,off reset cpuoff) \
	$(patsubst %,$(IMG_DIR)/%.mvimg,hello exitcode memtest fpsimd exitcode-7 hello-big \
		hello-64M memtest-64M bench) \
	$(patsubst %,$(IMG_DIR)/crash-%.mvimg,$(CRASH_KINDS))

# qemu-virt's device tree as QEMU dumps it (the rule is below).
VIRT_DTB := $(TEST_DIR)/dtb/virt.dtb

include tests/qemu/hostile.mk
include tests/qemu/irq.mk
include tests/qemu/smp.mk
include tests/qemu/passthrough.mk
# The stock Linux appliance (tests/qemu/linux.sh): fetched on first use.
QEMU_TEST_IMAGES += $(IMG_DIR)/linux.mvimg $(IMG_DIR)/linux-shell.mvimg \
	$(IMG_DIR)/linux-button.mvimg

# hello for 64M with an initrd ending exactly where the last 64 KiB (the
# device tree's) begin: valid for its own size, so for every larger RMA.
$(TEST_DIR)/images/hello-dtb-edge.mvimg: $(IMG_DIR)/hello.bin $(TEST_DIR)/images/tiny.bin $(MVIMAGE) $(DEV_KEY)
	$(Q)$(MVIMAGE) create --kernel $< --initrd $(TEST_DIR)/images/tiny.bin \
		--initrd-load $$(((64 << 20) - 65536 - 4096)) --mem 64M --entry 0 \
		--counter 1 --description "initrd at the DTB area's edge" \
		--key $(DEV_KEY) -o $@
QEMU_TEST_IMAGES += $(TEST_DIR)/images/hello-dtb-edge.mvimg

# Bad images, each refused for its own reason: a changed segment byte (its
# signed SHA-256 no longer matches), a changed header byte (the signature
# no longer verifies), a format-1 image with a changed segment byte (the
# signature covers it directly).
$(TEST_DIR)/images/bad-tampered.mvimg: $(IMG_DIR)/hello.mvimg
	$(Q)cp $< $@ && printf 'X' | dd of=$@ bs=1 seek=5000 conv=notrunc status=none
$(TEST_DIR)/images/bad-header.mvimg: $(IMG_DIR)/hello.mvimg
	$(Q)cp $< $@ && printf 'X' | dd of=$@ bs=1 seek=400 conv=notrunc status=none
$(TEST_DIR)/images/hello-v1.mvimg: $(IMG_DIR)/hello.bin $(MVIMAGE) $(DEV_KEY)
	$(Q)$(MVIMAGE) create --format 1 --kernel $< --mem 64M --entry 0 \
		--counter 1 --cmdline "format one" --key $(DEV_KEY) -o $@
$(TEST_DIR)/images/bad-v1-tampered.mvimg: $(TEST_DIR)/images/hello-v1.mvimg
	$(Q)cp $< $@ && printf 'X' | dd of=$@ bs=1 seek=5000 conv=notrunc status=none
$(TEST_DIR)/images/bad-truncated.mvimg: $(IMG_DIR)/hello.mvimg
	$(Q)head -c $$(($$(wc -c <$<) - 1)) $< >$@
$(TEST_DIR)/images/bad-magic.mvimg: $(IMG_DIR)/hello.mvimg
	$(Q)cp $< $@ && printf 'XXXX' | dd of=$@ bs=1 seek=0 conv=notrunc status=none
$(TEST_DIR)/other-key.pem: | host-deps
	$(Q)openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $@ 2>/dev/null
$(TEST_DIR)/images/bad-key.mvimg: $(IMG_DIR)/hello.bin $(MVIMAGE) $(TEST_DIR)/other-key.pem
	$(Q)$(MVIMAGE) create --kernel $< --mem 64M --entry 0 --counter 1 \
		--description "signed by a stranger" --key $(TEST_DIR)/other-key.pem -o $@
QEMU_TEST_IMAGES += $(patsubst %,$(TEST_DIR)/images/bad-%.mvimg,tampered header \
	v1-tampered truncated magic key) $(TEST_DIR)/images/hello-v1.mvimg

# Bad boot input: a stub "bootloader" at QEMU's raw-kernel address enters
# the microvisor (loaded at 0x40400000) with x0 = 0x44000000, where the
# case loads a broken DTB; or with x0 = 0.
BADBOOT := $(TEST_DIR)/badboot
$(BADBOOT)/stub.bin $(BADBOOT)/stub-nodtb.bin: tests/qemu/guests/bootstub.S | deps
	@mkdir -p $(dir $@)
	$(Q)$(CC) -nostdlib -static -DMV_ADDR=0x40400000 \
		-DDTB_ADDR=$(if $(findstring nodtb,$@),0,0x44000000) \
		-Wl,-Ttext=0x40080000 -Wl,--build-id=none -o $(@:.bin=.elf) $<
	$(Q)$(OBJCOPY) -O binary -j .text $(@:.bin=.elf) $@
$(BADBOOT)/%.dtb: tests/qemu/dts/%.dts | deps
	@mkdir -p $(dir $@)
	$(Q)dtc -q -I dts -O dtb -o $@ $<
$(BADBOOT)/truncated.dtb $(BADBOOT)/badmagic.dtb: $(TEST_DIR)/dtb/floor5.dtb
	@mkdir -p $(dir $@)
	$(Q)head -c 2000 $< >$(BADBOOT)/truncated.dtb
	$(Q)cp $< $(BADBOOT)/badmagic.dtb && printf 'XXXX' | dd of=$(BADBOOT)/badmagic.dtb bs=1 conv=notrunc status=none
QEMU_TEST_IMAGES += $(patsubst %,$(BADBOOT)/%,stub.bin stub-nodtb.bin \
	no-memory.dtb tiny-ram.dtb truncated.dtb badmagic.dtb)

# Images made without mvimage: the docs recipe (OpenSSL, dd, printf) with
# the EC dev key and with an RSA-3072 key, and an OpenSSL-made ECDSA
# signature attached by mvimage. A microvisor build trusts both keys (key
# rotation): KEY= lists two.
$(TEST_DIR)/rsa-key.pem: | host-deps
	@mkdir -p $(dir $@)
	$(Q)openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out $@ 2>/dev/null
$(TEST_DIR)/images/recipe-ec.mvimg: tests/image/recipe.sh $(IMG_DIR)/hello.bin $(DEV_KEY)
	@mkdir -p $(dir $@)
	$(Q)sh tests/image/recipe.sh $(IMG_DIR)/hello.bin "made by the recipe" $(DEV_KEY) $@ >/dev/null
$(TEST_DIR)/images/recipe-rsa.mvimg: tests/image/recipe.sh $(IMG_DIR)/hello.bin $(TEST_DIR)/rsa-key.pem
	@mkdir -p $(dir $@)
	$(Q)sh tests/image/recipe.sh $(IMG_DIR)/hello.bin "made by the recipe" $(TEST_DIR)/rsa-key.pem $@ >/dev/null
$(TEST_DIR)/images/openssl-ec.mvimg: $(IMG_DIR)/hello.bin $(MVIMAGE) $(DEV_KEY)
	@mkdir -p $(dir $@)
	$(Q)$(MVIMAGE) create --kernel $< --mem 64M --entry 0 --counter 1 \
		--cmdline "signed by openssl" --unsigned --key $(DEV_KEY) -o $@.tbs
	$(Q)head -c 512 $@.tbs | openssl dgst -sha256 -sign $(DEV_KEY) -out $@.sig
	$(Q)$(MVIMAGE) attach --sig $@.sig --alg ecdsa $@.tbs -o $@
.PHONY: test-mv-2keys
test-mv-2keys: $(TEST_DIR)/rsa-key.pem $(DEV_KEY) | deps
	$(Q)$(MAKE) --no-print-directory O=$(TEST_DIR)/mv-2keys GRANULE=4K \
		KEY="$(DEV_KEY) $(TEST_DIR)/rsa-key.pem" microvisor >/dev/null
QEMU_TEST_IMAGES += $(patsubst %,$(TEST_DIR)/images/%.mvimg,recipe-ec recipe-rsa openssl-ec) \
	test-mv-2keys

# The 4K build with one padding byte of its text changed after the build
# stamped its digest: it runs as before, and the integrity check must say
# the text differs from the build.
.PHONY: test-mv-flipped
test-mv-flipped: test-images
	$(Q)bash tests/qemu/flip-text.sh $(TEST_DIR)/mv-4K $(TEST_DIR)/mv-flipped $(CROSS)
QEMU_TEST_IMAGES += test-mv-flipped

# A boot DTB with the qemu-virt anti-rollback floor set to 5.
# qemu-virt's own device tree, as the cases' machine has it (QEMU_MACHINE
# names its devices: -nic none); the test DTBs are edited copies.
$(VIRT_DTB): | deps
	@mkdir -p $(dir $@)
	$(Q)$(QEMU) $(QEMU_MACHINE) -machine dumpdtb=$@.tmp \
		-cpu cortex-a57 -m 2G -nographic >$@.log 2>&1 \
		|| { cat $@.log; echo "cannot dump QEMU's device tree" >&2; exit 1; }
	$(Q)mv $@.tmp $@

$(TEST_DIR)/dtb/floor5.dtb: $(VIRT_DTB)
	$(Q)cp $< $@.tmp && fdtput -t i $@.tmp /chosen microvisor,counter-floor 5 \
		&& mv $@.tmp $@
QEMU_TEST_IMAGES += $(TEST_DIR)/dtb/floor5.dtb

.PHONY: unit test-images test
unit: $(UNIT_BINS) $(TEST_DTBS)

test-images: deps
	$(Q)for g in 4K 16K 64K; do \
		$(MAKE) --no-print-directory O=$(TEST_DIR)/mv-$$g GRANULE=$$g microvisor >/dev/null || exit 1; \
		$(MAKE) --no-print-directory O=$(TEST_DIR)/mv-bounce-$$g GRANULE=$$g MV_FORCE_BOUNCE=1 microvisor >/dev/null || exit 1; \
	done
	$(Q)$(MAKE) --no-print-directory O=$(TEST_DIR)/mv-panic GRANULE=4K MV_TEST_PANIC=1 microvisor >/dev/null
	$(Q)$(MAKE) --no-print-directory O=$(TEST_DIR)/mv-nosha2 GRANULE=4K MV_SHA2=0 microvisor >/dev/null

test: check-format deps unit test-images $(QEMU_TEST_IMAGES) $(IMAGE_TEST_DEPS)
	@CASES="$(CASES)" bash tests/run.sh $(TEST_DIR)
