/* platform/qemu-virt/board.c - QEMU's "virt" machine described as data. */
#include "platform/bootinfo.h"
#include "platform/plat.h"

const struct plat_board plat_board = {
	.name = "qemu-virt",
	.default_console = {0x09000000},
	.default_console_compat = "arm,pl011",
	.psci = PLAT_CONDUIT_SMC, /* virtualization=on: QEMU's PSCI via SMC */
};

/* QEMU has no non-volatile counter: the floor comes from the boot DTB,
 * /chosen/microvisor,counter-floor (docs/image-format.md). */
u64 plat_counter_floor(const struct boot_info *bi)
{
	return bi->has_counter_floor ? bi->counter_floor : 0;
}
