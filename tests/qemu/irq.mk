# tests/qemu/irq.mk - signed variants of the interrupt, timer and watchdog appliances that tests/qemu/irq.sh boots.
#
# Included from tests/tests.mk (beside hostile.mk). Each variant signs the
# same .bin with its mode as the command line (images.mk's BIN_ and
# CMDLINE_ variables): build/images/timer-nest.mvimg runs images/apps/timer
# with argv[1] = "nest", and so on.

# $(call irq_variant,APP,MODE): build/images/APP-MODE.mvimg
IRQ_VARIANTS :=
define irq_variant
IRQ_VARIANTS += $(1)-$(2)
BIN_$(1)-$(2) := $(1)
CMDLINE_$(1)-$(2) := $(2)
endef

$(foreach m,deadlines masked eoimode0 eoimode1 nest idle nogic sgis,\
	$(eval $(call irq_variant,timer,$(m))))
$(foreach m,stop masked pet wedge,$(eval $(call irq_variant,watchdog,$(m))))

QEMU_TEST_IMAGES += $(patsubst %,$(IMG_DIR)/%.mvimg,ticker $(IRQ_VARIANTS))

.PHONY: irq-images
irq-images: $(patsubst %,$(IMG_DIR)/%.mvimg,ticker $(IRQ_VARIANTS))
