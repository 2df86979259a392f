# loader/loader.mk - make rules for signed images: the trusted-key table, the mvimage host tool, the verifier's tests and fuzzers.
#
# Included by the top Makefile. Provides:
#   $(O)/keys.c       the microvisor's trusted keys, from KEY= (one or more PEM
#                     files) or else a development key made once into
#                     $(DEV_KEY)
#   mvimage           the host tool, $(MVIMAGE)
#   IMAGE_TEST_DEPS   what tests/image/run.sh needs (mvimage, test_verify)
#   fuzz              libFuzzer runs of the verifier, FUZZ_SECONDS each
#                     (fuzz-verify_raw and fuzz-verify_resigned run alone
#                     or together with -j2)

TEST_DIR ?= $(BUILD)/test

# The verifier and the placement code, in the microvisor and on the host;
# keys.o is made from $(O)/keys.c (below).
objs-y += loader/verify.o loader/place.o loader/sha256.o keys.o
host-y += loader/verify.c loader/place.c loader/sha256.c

MVIMAGE	 := $(BUILD)/tools/mvimage
DEV_KEY	 := $(BUILD)/keys/dev-key.pem
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_SECONDS ?= 60
FUZZ_CC	 ?= clang
FUZZ_RUNS := fuzz-verify_raw fuzz-verify_resigned

LOADER_HDRS := loader/mvimg.h loader/verify.h loader/mvimage/mvimage.h \
	lib/types.h lib/bits.h lib/fmt.h loader/sha256.h
# The builder and signer are shared by the tool, its tests and the fuzzers.
MVIMAGE_LIB  := loader/verify.c loader/sha256.c lib/fmt.c loader/mvimage/build.c \
	loader/mvimage/sigkey.c
MVIMAGE_SRCS := loader/mvimage/main.c loader/mvimage/info.c $(MVIMAGE_LIB)

LOADER_WARN := -std=gnu11 -g -Wall -Wextra -Werror -I.
LOADER_TEST_CFLAGS := $(LOADER_WARN) -O1 -fsanitize=address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := $(LOADER_WARN) -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: mvimage fuzz $(FUZZ_RUNS)

# ---- trusted keys -------------------------------------------------------

# KEY= may name several files (key rotation); without it, the dev key.
MV_KEY_FILES := $(if $(strip $(KEY)),$(KEY),$(DEV_KEY))

# Made once and kept (make clean leaves build/keys alone), so images signed
# with it keep verifying across rebuilds. Private: umask 077.
$(DEV_KEY): | host-deps
	@mkdir -p $(dir $@)
	@echo "  KEYGEN  $@ (development key: never ship images signed by it)"
	$(Q)(umask 077 && openssl genpkey -algorithm EC \
		-pkeyopt ec_paramgen_curve:P-256 -out $@.tmp) && mv $@.tmp $@

# Regenerates keys.c when KEY= changes, not only when a key file does.
$(O)/keys.cfg: FORCE
	@mkdir -p $(O)
	@echo "$(MV_KEY_FILES)" > $@.new
	@cmp -s $@.new $@ && rm $@.new || mv $@.new $@

$(O)/keys.c: loader/mkkeys.sh $(MV_KEY_FILES) $(O)/keys.cfg | host-deps
	@echo "  MKKEYS  $@ <- $(MV_KEY_FILES)"
	$(Q)sh loader/mkkeys.sh $(if $(strip $(KEY)),,--dev) -o $@ \
		$(MV_KEY_FILES)

# ---- the host tool ----------------------------------------------------------

mvimage: $(MVIMAGE)

$(MVIMAGE): $(MVIMAGE_SRCS) $(LOADER_HDRS) | host-deps
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(LOADER_WARN) -O2 -o $@ $(MVIMAGE_SRCS) -lmbedcrypto

# ---- tests ------------------------------------------------------------------

# An explicit rule: it takes precedence over tests/tests.mk's pattern rule.
$(TEST_DIR)/unit/test_verify: tests/unit/test_verify.c $(MVIMAGE_LIB) \
		$(LOADER_HDRS) tests/unit/check.h | host-deps
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(LOADER_TEST_CFLAGS) -o $@ $< $(MVIMAGE_LIB) \
		-lmbedcrypto

IMAGE_TEST_DEPS := $(MVIMAGE) $(TEST_DIR)/unit/test_verify

# ---- fuzzing (not part of make test) -----------------------------------------

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzzlib.c \
		tests/fuzz/fuzzlib.h $(MVIMAGE_LIB) $(LOADER_HDRS) | host-deps
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< tests/fuzz/fuzzlib.c \
		$(MVIMAGE_LIB) -lmbedcrypto

# The fuzzers write their own seed images (signed with their built-in test
# key) into the corpus when MVIMG_FUZZ_SEEDS names it.
$(FUZZ_RUNS): fuzz-%: $(FUZZ_DIR)/fuzz_%
	@mkdir -p $(FUZZ_DIR)/corpus-$* $(FUZZ_DIR)/crashes-$*
	MVIMG_FUZZ_SEEDS=$(FUZZ_DIR)/corpus-$* $< \
		-max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_DIR)/crashes-$*/ \
		$(FUZZ_DIR)/corpus-$*

fuzz: $(FUZZ_RUNS)
