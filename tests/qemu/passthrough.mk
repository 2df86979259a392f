# tests/qemu/passthrough.mk - what tests/qemu/passthrough.sh boots: the rtc sample and a boot DTB whose PL061 is disabled.
#
# Included from tests/tests.mk (after QEMU_TEST_IMAGES is first set and
# VIRT_DTB, QEMU's own tree, is defined).

# qemu-virt's own device tree with the PL061's status set to "disabled":
# a disabled node cannot be given.
$(TEST_DIR)/dtb/pl061-disabled.dtb: $(VIRT_DTB)
	$(Q)cp $< $@.tmp && fdtput -t s $@.tmp /pl061@9030000 status disabled \
		&& mv $@.tmp $@

QEMU_TEST_IMAGES += $(IMG_DIR)/rtc.mvimg $(TEST_DIR)/dtb/pl061-disabled.dtb

# qemu-virt's device tree with made-up leaf nodes, one per refusal that
# the real tree cannot show: registers in the GIC, a page shared with the
# PL061, a PPI, a falling edge, the console's INTID, the PL031's INTID, a
# GPIO reference, a DMA controller. Nothing is at their addresses: each is
# refused before anything is mapped.
$(TEST_DIR)/dtb/pt-fakes.dtb: $(VIRT_DTB) tests/qemu/passthrough.mk
	$(Q)set -e; f=$@.tmp; cp $< $$f; \
	fake() { fdtput -c $$f /$$1; fdtput -t x $$f /$$1 reg 0 $$2 0 $$3; }; \
	fake in-gic@8000000 0x8000000 0x1000; \
	fake share@9030800 0x9030800 0x100; \
	fake ppi@9100000 0x9100000 0x1000; \
	fdtput -t x $$f /ppi@9100000 interrupts 1 3 4; \
	fake falling@9110000 0x9110000 0x1000; \
	fdtput -t x $$f /falling@9110000 interrupts 0 0x10 2; \
	fake console-irq@9120000 0x9120000 0x1000; \
	fdtput -t x $$f /console-irq@9120000 interrupts 0 1 4; \
	fake rtc-irq@9130000 0x9130000 0x1000; \
	fdtput -t x $$f /rtc-irq@9130000 interrupts 0 2 4; \
	fake button@9140000 0x9140000 0x1000; \
	fdtput -t x $$f /button@9140000 reset-gpios 0x8001 3 0; \
	fake dmac@9150000 0x9150000 0x1000; \
	fdtput -t x $$f /dmac@9150000 '#dma-cells' 1; \
	mv $$f $@

QEMU_TEST_IMAGES += $(TEST_DIR)/dtb/pt-fakes.dtb
