/* platform/qemu-virt/board.c - QEMU's "virt" machine described as data. */
#include "platform/plat.h"

const struct plat_board plat_board = {
	.name = "qemu-virt",
	.default_uart = { 0x09000000 },
	.psci = PLAT_CONDUIT_SMC, /* virtualization=on: QEMU's PSCI via SMC */
};
