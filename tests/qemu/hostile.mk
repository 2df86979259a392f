# tests/qemu/hostile.mk - the hostile appliance's signed variants, one per attack case of tests/qemu/hostile.sh.
#
# Included from tests/tests.mk (after QEMU_TEST_IMAGES is first set), or
# for a single image: make -f Makefile -f tests/qemu/hostile.mk \
#   build/images/hostile-own-mv.mvimg
# The appliance is images/apps/hostile/ (built by images.mk's pattern
# rules); each variant signs the same hostile.bin with its own command
# line, which names the attack and its parameters.

# $(call hostile_variant,NAME,COMMAND LINE): build/images/hostile-NAME.mvimg
HOSTILE_VARIANTS :=
define hostile_variant
HOSTILE_VARIANTS += hostile-$(1)
BIN_hostile-$(1) := hostile
CMDLINE_hostile-$(1) := $(2)
endef

# 1. Addresses: guest RAM is IPA 0x40000000 + rma_size (256M unless the
# case says otherwise); "end" and "base" are resolved by the appliance.
$(eval $(call hostile_variant,own-mv,own 0x40200000))
$(eval $(call hostile_variant,own-dtb,own 0x48000000))
$(eval $(call hostile_variant,rma-read,read 0xa0000000))
$(eval $(call hostile_variant,rma-write,write 0xb0000000))
$(eval $(call hostile_variant,rma-exec,exec 0xa0000000))
$(eval $(call hostile_variant,below-read,read base-8))
$(eval $(call hostile_variant,below-write,write base-1 1))
$(eval $(call hostile_variant,end-read,read end))
$(eval $(call hostile_variant,end-write,write end 8 phys))
$(eval $(call hostile_variant,last-byte,write end-1 1))
$(eval $(call hostile_variant,cross-ldr,read end-4 8))
$(eval $(call hostile_variant,cross-ldp,read end-8 16))
$(eval $(call hostile_variant,ipa-top40,read 0xfffffffff8))
$(eval $(call hostile_variant,ipa-top48,write 0xfffffffffff8))
$(eval $(call hostile_variant,ipa-beyond-s2,read 0xffffffffff8))
$(eval $(call hostile_variant,ipa-beyond-pa,read 0x10000000000))
$(eval $(call hostile_variant,exec-below,exec 0x3ffff000))
$(eval $(call hostile_variant,uart,write 0x9000000 4))
# The GIC: the guest's own, emulated (GICD_TYPER, GICD_PIDR2 as the
# model has them); where the machine's ITS is, nothing.
$(eval $(call hostile_variant,gicd,read 0x8000004 4))
$(eval $(call hostile_variant,gicd-pidr2,read 0x800ffe8 4))
$(eval $(call hostile_variant,gic-its-read,read 0x8080000 4))
$(eval $(call hostile_variant,gic-its-write,write 0x8080000 4))
# A device given to the guest (passthrough=/pl061@9030000 on the
# microvisor's command line): its page answers (the PL061's PrimeCell
# IDs), the next page is not the guest's. On a 64K build the given page
# is 64 KiB: the next one starts at 0x9040000, and 0x9031000 is a hole
# inside the given page.
$(eval $(call hostile_variant,pt-outside,primecell 0x9030000 then write 0x9031000 4))
$(eval $(call hostile_variant,pt-outside-64K,primecell 0x9030000 then write 0x9040000 4))
$(eval $(call hostile_variant,stack-overflow,stack-overflow))
$(eval $(call hostile_variant,vbar0,vbar0))
# 2./3. Calls.
$(eval $(call hostile_variant,hvc-fuzz,hvc-fuzz 0x9e3779b97f4a7c15 50000))
$(eval $(call hostile_variant,hvc-fuzz2,hvc-fuzz 0x1 20000))
$(eval $(call hostile_variant,smc-fuzz,smc-fuzz 0x2545f4914f6cdd1d 5000))
$(eval $(call hostile_variant,exit-bad,exit-bad))
$(eval $(call hostile_variant,psci-cpu-on,psci-cpu-on))
$(eval $(call hostile_variant,psci-off,psci-end off hvc 0x1001))
$(eval $(call hostile_variant,psci-reset,psci-end reset smc 0x1002))
$(eval $(call hostile_variant,psci-cpu-off,psci-end cpu-off hvc 0x1003))
# With several CPUs (tests/qemu/smp.sh boots it with -smp 4).
$(eval $(call hostile_variant,cpu-on,cpu-on))
# 4.-6. Instructions.
$(foreach r,debug pmu timer cntp-ctl icc-sre icc-iar1 icc-sgi1r id-read id-write impdef mdccsr,\
	$(eval $(call hostile_variant,sysreg-$(r),sysreg $(r))))
$(eval $(call hostile_variant,setway,setway))
$(eval $(call hostile_variant,wfx,wfx 100000 1000))
$(eval $(call hostile_variant,vtimer,vtimer))
$(eval $(call hostile_variant,aarch32,aarch32))
$(eval $(call hostile_variant,eret-el2,eret-el2))
$(eval $(call hostile_variant,leak,leak))
# The guest's virtual GIC (images/apps/hostile/gic.c).
$(foreach a,spi ctlr sgi-all pmr eoi lpi stp post-index pt-route,\
	$(eval $(call hostile_variant,gic-$(a),gic $(a))))
$(eval $(call hostile_variant,gic-sgi-storm,gic sgi-storm 200000))

QEMU_TEST_IMAGES += $(patsubst %,$(IMG_DIR)/%.mvimg,$(HOSTILE_VARIANTS))


.PHONY: hostile-images
hostile-images: $(patsubst %,$(IMG_DIR)/%.mvimg,$(HOSTILE_VARIANTS))
