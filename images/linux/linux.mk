# images/linux/linux.mk - the Linux appliance: Debian's arm64 cloud kernel and a busybox initramfs, fetched on demand, signed as build/images/linux.mvimg, linux-shell.mvimg and linux-button.mvimg.
#
# Included by images/images.mk (IMG_DIR, MVIMAGE, SIGN_KEY, IMG_COUNTER)
# under the top Makefile (DEPS, Q, QEMU, CPU, host-deps).
#
#   make linux-images     build/images/linux.mvimg, linux-shell.mvimg and
#                         linux-button.mvimg
#   make run GUEST=linux [LINUX_SHELL=1]   boots one under the microvisor
#   make run GUEST=linux-button BOOTARGS=passthrough=/pl061@9030000
#                         waits for QEMU's power button, then powers off:
#                         press it with Ctrl-A c, system_powerdown (the
#                         PL061 given to the guest, its line 3 read by
#                         /bin/gpiowait through the GPIO character device)
#   make linux-native [LINUX_SHELL=1]      the same kernel and initramfs
#                         straight on QEMU, without the microvisor
#   make linux-fetch      only the fetch (build/deps/linux)
#
# Nothing here is part of `make`, `make deps` or `make test`: the kernel
# package (about 21 MiB) is fetched the first time a Linux image is
# built, into build/deps/linux, and never again (make clean keeps it;
# make distclean, or editing fetch.sh or mk/apt-fetch.sh, fetches anew).
#
# Per image, as for the other appliances: CMDLINE_linux, CMDLINE_linux-shell
# (the same plus mv.shell=1), CMDLINE_linux-button (plus mv.button=1),
# MEM_linux, MEM_linux-shell, MEM_linux-button.

LINUX_DEPS      := $(DEPS)/linux
LINUX_STAMP     := $(LINUX_DEPS)/.fetched
LINUX_KERNEL    := $(LINUX_DEPS)/Image
LINUX_BUSYBOX   := $(LINUX_DEPS)/busybox
LINUX_INITRAMFS := $(IMG_DIR)/linux/initramfs.cpio.gz
LINUX_IMAGES    := $(IMG_DIR)/linux.mvimg $(IMG_DIR)/linux-shell.mvimg \
	$(IMG_DIR)/linux-button.mvimg

CMDLINE_linux        ?= console=ttyAMA0 earlycon=pl011,0x9000000 panic=-1 rdinit=/init
CMDLINE_linux-shell  ?= $(CMDLINE_linux) mv.shell=1
CMDLINE_linux-button ?= $(CMDLINE_linux) mv.button=1
MEM_linux            ?= 256M
MEM_linux-shell      ?= $(MEM_linux)
MEM_linux-button     ?= $(MEM_linux)

.PHONY: linux-images linux-fetch linux-native
linux-images: $(LINUX_IMAGES)
linux-fetch: $(LINUX_STAMP)

# The fetch shares build/deps/apt-arm64 (private apt state) with libfdt's,
# so it runs under the same lock as make deps. The locked sub-make decides
# again whether the stamp is out of date: a make that waited for another
# one's fetch then finds it done. The stamp is written last, so a failed
# or interrupted fetch leaves none (fetch.sh starts from an empty dir).
ifeq ($(LINUX_FETCH_LOCKED),1)
$(LINUX_STAMP): images/linux/fetch.sh mk/apt-fetch.sh
	@echo "linux: fetching Debian's arm64 cloud kernel and busybox-static (about 21 MiB, once)"
	$(Q)sh images/linux/fetch.sh $(DEPS)/apt-arm64 $(LINUX_DEPS)
	$(Q)touch $@
else
$(LINUX_STAMP): images/linux/fetch.sh mk/apt-fetch.sh | host-deps
	@mkdir -p $(DEPS)
	$(Q)flock $(DEPS)/.lock $(MAKE) --no-print-directory -s LINUX_FETCH_LOCKED=1 $@
endif

# The counter probe: arm64 Linux user code from the cross compiler, no C
# library (two system calls), static.
LINUX_CNTVCT := $(IMG_DIR)/linux/cntvct
$(LINUX_CNTVCT): images/linux/cntvct.c | deps
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) -O2 -static -nostdlib -ffreestanding -fno-stack-protector \
		-Wall -Wextra -Werror -o $@ $<

# The power-button helper (mv.button=1): arm64 Linux user code from the
# cross compiler against Debian's arm64 glibc (libc6-dev-arm64-cross, whose
# kernel headers have the GPIO v2 uAPI), static, stripped.
LINUX_GPIOWAIT := $(IMG_DIR)/linux/gpiowait
$(LINUX_GPIOWAIT): images/linux/gpiowait.c | host-deps
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) -O2 -static -s -Wall -Wextra -Werror -o $@ $<

$(LINUX_INITRAMFS): images/linux/build-initramfs.sh images/linux/init.sh \
		$(LINUX_STAMP) $(LINUX_CNTVCT) $(LINUX_GPIOWAIT)
	@mkdir -p $(dir $@)
	@echo "  CPIO    $@"
	$(Q)sh images/linux/build-initramfs.sh $(LINUX_BUSYBOX) images/linux/init.sh \
		$(LINUX_CNTVCT) $(LINUX_GPIOWAIT) $@

# A static pattern rule: it, not images.mk's %.mvimg, makes these.
$(LINUX_IMAGES): $(IMG_DIR)/%.mvimg: $(LINUX_STAMP) $(LINUX_INITRAMFS) $(MVIMAGE) \
		$(SIGN_KEY) images/linux/linux.mk
	@echo "  MVIMAGE $@"
	$(Q)$(MVIMAGE) create --linux --kernel $(LINUX_KERNEL) --initrd $(LINUX_INITRAMFS) \
		--cmdline "$(CMDLINE_$*)" --mem $(MEM_$*) --counter $(IMG_COUNTER) \
		--description "$* ($$(head -1 $(LINUX_DEPS)/packages.txt | cut -d' ' -f1,2) + busybox)" \
		--key $(SIGN_KEY) -o $@.tmp
	$(Q)mv $@.tmp $@
	@echo "built $@ ($$(wc -c <$@) bytes)"

# Without the microvisor: Linux straight on QEMU's virt board at EL1 (no
# virtualization=on), to tell kernel or initramfs problems from the
# microvisor's. QEMU exits when /init powers off.
LINUX_NATIVE_MEM ?= 512M
linux-native: $(LINUX_STAMP) $(LINUX_INITRAMFS)
	$(QEMU) -M virt,gic-version=3 -nic none -cpu $(CPU) -m $(LINUX_NATIVE_MEM) \
		-nographic -no-reboot -kernel $(LINUX_KERNEL) -initrd $(LINUX_INITRAMFS) \
		-append "$(if $(filter 1,$(LINUX_SHELL)),$(CMDLINE_linux-shell),$(CMDLINE_linux))"
