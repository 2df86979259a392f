# platform/qemu-virt/platform.mk - sources of the qemu-virt board.
PLAT_SRCS := platform/qemu-virt/board.c platform/pl011.c
