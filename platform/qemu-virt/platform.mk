# platform/qemu-virt/platform.mk - sources of the qemu-virt board.
PLAT_SRCS := platform/qemu-virt/board.c platform/pl011.c
# How QEMU is started for this board (make run, debug, bench, tests): the
# machine and its devices, and no default network card.
QEMU_MACHINE := -M virt,virtualization=on,gic-version=3 -nic none
