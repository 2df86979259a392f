# tests/bench/bench.mk - make bench: the builds and images tests/bench/bench.sh measures, then the table and build/bench.json.
#
# Included by the top Makefile after tests/tests.mk (for the RSA test key).
# Every figure is an exact instruction count under QEMU -icount.

BENCH_DIR := $(BUILD)/bench
BENCH_RSA_KEY := $(TEST_DIR)/rsa-key.pem
# Both keys trusted: the same build verifies the ECDSA and RSA images.
BENCH_KEYS = $(DEV_KEY) $(BENCH_RSA_KEY)

.PHONY: bench bench-builds
bench-builds: $(BENCH_RSA_KEY) $(DEV_KEY) | deps
	$(Q)$(MAKE) --no-print-directory O=$(BENCH_DIR)/mv-4K GRANULE=4K \
		KEY="$(BENCH_KEYS)" microvisor >/dev/null
	$(Q)$(MAKE) --no-print-directory O=$(BENCH_DIR)/mv-nosha2 GRANULE=4K \
		KEY="$(BENCH_KEYS)" MV_SHA2=0 microvisor >/dev/null
	$(Q)$(MAKE) --no-print-directory O=$(BENCH_DIR)/mv-16K GRANULE=16K \
		microvisor >/dev/null
	$(Q)$(MAKE) --no-print-directory O=$(BENCH_DIR)/mv-64K GRANULE=64K \
		microvisor >/dev/null

# hello signed with each key, and hello with a 1 MiB and an 8 MiB initrd.
BENCH_MVIMAGE = $(MVIMAGE) create --kernel $(IMG_DIR)/hello.bin \
	--cmdline "hello from the command line" --mem 64M --entry 0 --counter 1
$(BENCH_DIR)/images/hello-ec.mvimg: $(IMG_DIR)/hello.bin $(MVIMAGE) $(DEV_KEY)
	@mkdir -p $(dir $@)
	$(Q)$(BENCH_MVIMAGE) --description "bench hello" --key $(DEV_KEY) -o $@
$(BENCH_DIR)/images/hello-rsa.mvimg: $(IMG_DIR)/hello.bin $(MVIMAGE) $(BENCH_RSA_KEY)
	@mkdir -p $(dir $@)
	$(Q)$(BENCH_MVIMAGE) --description "bench hello" --key $(BENCH_RSA_KEY) -o $@
$(BENCH_DIR)/images/pad-%.bin:
	@mkdir -p $(dir $@)
	$(Q)head -c $* /dev/zero >$@
BENCH_SIZED := 1M-ec 8M-ec 1M-rsa 8M-rsa
$(patsubst %,$(BENCH_DIR)/images/big-%.mvimg,$(BENCH_SIZED)): \
$(BENCH_DIR)/images/big-%.mvimg: $(IMG_DIR)/hello.bin $(MVIMAGE) $(DEV_KEY) \
		$(BENCH_RSA_KEY) $(BENCH_DIR)/images/pad-1M.bin $(BENCH_DIR)/images/pad-8M.bin
	$(Q)$(BENCH_MVIMAGE) --initrd $(BENCH_DIR)/images/pad-$(firstword $(subst -, ,$*)).bin \
		--description "bench $*" \
		--key $(if $(filter %-ec,$*),$(DEV_KEY),$(BENCH_RSA_KEY)) -o $@

BENCH_IMAGES := $(patsubst %,$(BENCH_DIR)/images/%.mvimg,hello-ec hello-rsa \
	$(patsubst %,big-%,$(BENCH_SIZED)))

bench: $(O)/microvisor.bin bench-builds $(BENCH_IMAGES) $(IMG_DIR)/bench.mvimg \
		$(IMG_DIR)/smp-pingpong.mvimg \
		$(IMG_DIR)/hello.mvimg $(IMG_DIR)/linux.mvimg
	@QEMU="$(QEMU)" MACHINE="$(QEMU_MACHINE)" CROSS="$(CROSS)" \
		bash tests/bench/bench.sh $(BENCH_DIR) $(O) $(IMG_DIR) $(BUILD)/bench.json
