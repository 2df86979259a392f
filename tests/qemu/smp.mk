# tests/qemu/smp.mk - signed variants of the smp appliance that tests/qemu/smp.sh boots.
#
# Included from tests/tests.mk (beside irq.mk). Each variant signs
# images/apps/smp's .bin with its mode as the command line (images.mk's
# BIN_ and CMDLINE_ variables): build/images/smp-pingpong.mvimg runs it
# with argv[1] = "pingpong", and so on; build/images/smp.mvimg is the
# count mode. smp-faults needs a fresh 32 MiB above its heap start.

SMP_VARIANTS :=
define smp_variant
SMP_VARIANTS += smp-$(1)
BIN_smp-$(1) := smp
CMDLINE_smp-$(1) := $(1)
MEM_smp-$(1) := 128M
endef

$(foreach m,pingpong faults crash print off0,$(eval $(call smp_variant,$(m))))

QEMU_TEST_IMAGES += $(patsubst %,$(IMG_DIR)/%.mvimg,smp $(SMP_VARIANTS))

.PHONY: smp-images
smp-images: $(patsubst %,$(IMG_DIR)/%.mvimg,smp $(SMP_VARIANTS))
