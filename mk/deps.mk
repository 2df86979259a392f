# mk/deps.mk - make deps: host packages from Debian, and newlib, mbedTLS and arm64 libfdt built into build/deps once.

HOST_PKGS := make gcc libc6-dev gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu \
	libc6-dev-arm64-cross \
	qemu-system-arm newlib-source libmbedtls-dev libfdt-dev \
	device-tree-compiler openssl cpio clang libclang-rt-14-dev dpkg-dev \
	xz-utils gdb-multiarch git clang-format

NEWLIB_TARBALL := /usr/src/newlib/newlib-3.3.0.tar.xz
NEWLIB_PREFIX  := $(DEPS)/newlib
NEWLIB_INC     := $(NEWLIB_PREFIX)/aarch64-none-elf/include
NEWLIB_LIBC    := $(NEWLIB_PREFIX)/aarch64-none-elf/lib/libc.a
NEWLIB_STAMP   := $(NEWLIB_PREFIX)/.built

LIBFDT_DIR   := $(DEPS)/libfdt
LIBFDT_INC   := $(LIBFDT_DIR)/usr/include
LIBFDT_LIB   := $(LIBFDT_DIR)/usr/lib/aarch64-linux-gnu/libfdt.a
LIBFDT_STAMP := $(LIBFDT_DIR)/.built

MBEDTLS_DIR   := $(DEPS)/mbedtls
MBEDTLS_SRC   := $(MBEDTLS_DIR)/src
MBEDTLS_LIB   := $(MBEDTLS_DIR)/libmbedcrypto-el2.a
MBEDTLS_STAMP := $(MBEDTLS_DIR)/.built
# The verify-only subset the microvisor needs (config: loader/mbedtls_config.h).
MBEDTLS_MODULES := asn1parse asn1write bignum constant_time ecdsa ecp \
	ecp_curves md oid pk pk_wrap pkparse platform platform_util rsa \
	rsa_internal sha256

DEPS_STAMPS := $(NEWLIB_STAMP) $(LIBFDT_STAMP) $(MBEDTLS_STAMP)

# Facts about tools that `make deps` installs. They are asked for on first
# use, inside a recipe (so after deps has run), never while the Makefile is
# parsed, and then remembered. Keep every variable that uses them recursive
# (=): a := would ask at parse time, before the tools exist.
deps_ask = $(eval $1 := $(or $(shell $2 2>/dev/null),$(error $1: '$2' printed nothing: is the cross compiler installed? Run 'make deps')))$($1)
GCC_INC = $(call deps_ask,GCC_INC,$(CC) -print-file-name=include)
LIBGCC  = $(call deps_ask,LIBGCC,$(CC) -print-libgcc-file-name)

# Built under a lock: a second make started meanwhile (another terminal,
# make -j) waits for the first, then finds everything built.
deps: host-deps
	@mkdir -p $(DEPS)
	$(Q)flock $(DEPS)/.lock $(MAKE) --no-print-directory deps-build
.PHONY: deps-build
deps-build: $(DEPS_STAMPS)

# Checked on every run (it is quick), so a missing package is named at once.
.PHONY: host-deps
host-deps:
	@missing=$$(for p in $(HOST_PKGS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "deps: installing Debian packages:" $$missing; \
			mkdir -p $(DEPS); \
			flock $(DEPS)/.apt-lock sh -c 'apt-get update -qq && \
				DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$$@"' \
				sh $$missing >$(DEPS)/apt-install.log 2>&1 \
				|| { tail -20 $(DEPS)/apt-install.log; echo "deps: apt-get install failed for: $$missing (log: $(DEPS)/apt-install.log)" >&2; exit 1; }; \
		else \
			echo "deps: missing Debian packages. Run as root:"; \
			echo "  apt-get install -y $$missing"; \
			exit 1; \
		fi; \
	fi

# newlib 3.3.0 from Debian's newlib-source, -Os: its string routines are
# then the plain C ones, which never make an unaligned access (the guest
# runtime starts with its MMU off, where memory is Device and an unaligned
# access faults). The microvisor has its own, fast ones (lib/string.c).
NEWLIB_CFLAGS := -Os -g -ffunction-sections -fdata-sections -fpie \
	-fno-stack-protector -mstrict-align

# Rebuilt when the flags change, not when anything else in this file does.
$(DEPS)/newlib.flags: FORCE
	@mkdir -p $(DEPS)
	@echo '$(NEWLIB_CFLAGS)' >$@.new
	@cmp -s $@.new $@ && rm $@.new || mv $@.new $@

$(NEWLIB_STAMP): $(DEPS)/newlib.flags | host-deps
	@echo "deps: building newlib for aarch64 (about a minute)"
	rm -rf $(NEWLIB_PREFIX) $(DEPS)/newlib-build
	mkdir -p $(DEPS)/newlib-build/src $(NEWLIB_PREFIX)
	tar -xJf $(NEWLIB_TARBALL) -C $(DEPS)/newlib-build/src --strip-components=1
	cd $(DEPS)/newlib-build && mkdir -p obj && cd obj && \
	../src/configure --target=aarch64-none-elf --prefix=$(abspath $(NEWLIB_PREFIX)) \
		--disable-multilib --disable-newlib-supplied-syscalls --disable-nls \
		CC_FOR_TARGET=$(CROSS)gcc AR_FOR_TARGET=$(CROSS)ar AS_FOR_TARGET=$(CROSS)as \
		RANLIB_FOR_TARGET=$(CROSS)ranlib LD_FOR_TARGET=$(CROSS)ld NM_FOR_TARGET=$(CROSS)nm \
		OBJDUMP_FOR_TARGET=$(CROSS)objdump STRIP_FOR_TARGET=$(CROSS)strip \
		READELF_FOR_TARGET=$(CROSS)readelf \
		CFLAGS_FOR_TARGET="$(NEWLIB_CFLAGS)" \
		>../configure.log 2>&1 || { tail -20 ../configure.log; exit 1; }
	$(MAKE) -C $(DEPS)/newlib-build/obj -j$$(nproc) all-target-newlib >$(DEPS)/newlib-build/make.log 2>&1 \
		|| { tail -30 $(DEPS)/newlib-build/make.log; exit 1; }
	$(MAKE) -C $(DEPS)/newlib-build/obj install-target-newlib >$(DEPS)/newlib-build/install.log 2>&1 \
		|| { tail -30 $(DEPS)/newlib-build/install.log; exit 1; }
	rm -rf $(DEPS)/newlib-build
	touch $@

# Debian's arm64 libfdt-dev, with foreign-architecture apt options.
$(LIBFDT_STAMP): mk/apt-fetch.sh | host-deps
	@echo "deps: fetching Debian's arm64 libfdt-dev"
	rm -rf $(LIBFDT_DIR) && mkdir -p $(LIBFDT_DIR)
	sh mk/apt-fetch.sh arm64 libfdt-dev $(DEPS)/apt-arm64 $(LIBFDT_DIR)/deb
	dpkg -x $(LIBFDT_DIR)/deb/libfdt-dev_*_arm64.deb $(LIBFDT_DIR)
	test -f $(LIBFDT_LIB) || { echo "deps: the arm64 libfdt-dev package has no libfdt.a" >&2; exit 1; }
	touch $@

# Debian's mbedtls source package, verify-only subset with our config.
MBEDTLS_CFLAGS = -nostdinc -isystem $(GCC_INC) -isystem $(NEWLIB_INC) \
	-I$(MBEDTLS_SRC)/include -I. -DMBEDTLS_CONFIG_FILE='"loader/mbedtls_config.h"' \
	-std=gnu11 -O2 -g -ffreestanding -mgeneral-regs-only -mstrict-align -fpie \
	-fvisibility=hidden -ffunction-sections -fdata-sections -fno-common \
	-fstack-protector-strong -mbranch-protection=none \
	-Werror=implicit-function-declaration

$(MBEDTLS_STAMP): mk/apt-fetch.sh loader/mbedtls_config.h mk/deps.mk $(NEWLIB_STAMP) | host-deps
	@echo "deps: fetching and building Debian's mbedtls source (verify-only subset)"
	rm -rf $(MBEDTLS_DIR) && mkdir -p $(MBEDTLS_DIR)/dl $(MBEDTLS_DIR)/obj
	sh mk/apt-fetch.sh source mbedtls $(DEPS)/apt-src $(MBEDTLS_DIR)/dl
	cd $(MBEDTLS_DIR)/dl && dpkg-source --no-check -x mbedtls_*.dsc ../src >../unpack.log 2>&1 \
		|| { cat ../unpack.log; echo "deps: could not unpack the mbedtls source package" >&2; exit 1; }
	grep -q 'MBEDTLS_VERSION_STRING *"2\.28\.' $(MBEDTLS_SRC)/include/mbedtls/version.h \
		|| { echo "deps: expected mbedtls 2.28.x from Debian" >&2; exit 1; }
	for m in $(MBEDTLS_MODULES); do \
		$(CC) $(MBEDTLS_CFLAGS) -c $(MBEDTLS_SRC)/library/$$m.c -o $(MBEDTLS_DIR)/obj/$$m.o || exit 1; \
	done
	@# sha256.c again with its own block function (the config leaves it
	@# out for loader/sha256.c's), renamed mv_sha256_process_c and with
	@# every other name of that copy made local: the fallback on CPUs
	@# without the SHA-2 instructions.
	$(CC) $(MBEDTLS_CFLAGS) -DMV_SHA256_C_ONLY -c $(MBEDTLS_SRC)/library/sha256.c \
		-o $(MBEDTLS_DIR)/sha256-c.o
	$(CROSS)objcopy --redefine-sym mbedtls_internal_sha256_process=mv_sha256_process_c \
		$$($(CROSS)nm --defined-only -g $(MBEDTLS_DIR)/sha256-c.o | \
			awk '$$3 != "mbedtls_internal_sha256_process" {print "--localize-symbol=" $$3}') \
		$(MBEDTLS_DIR)/sha256-c.o $(MBEDTLS_DIR)/obj/sha256-c.o
	$(CROSS)ar rcs $(MBEDTLS_LIB) $(MBEDTLS_DIR)/obj/*.o
	touch $@
