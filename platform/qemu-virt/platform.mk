# platform/qemu-virt/platform.mk - the qemu-virt board: its description and the drivers it picks.
objs-y += platform/qemu-virt/board.o platform/pl011.o
host-y += platform/qemu-virt/board.c
# How QEMU is started for this board (make run, debug, bench, tests): the
# machine and its devices, and no default network card.
QEMU_MACHINE := -M virt,virtualization=on,gic-version=3 -nic none
