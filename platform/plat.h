/* platform/plat.h - what a board offers the microvisor: a data description and a tiny console driver. */
#ifndef MV_PLAT_H
#define MV_PLAT_H

#include "kernel/types.h"

enum plat_conduit {
	PLAT_CONDUIT_SMC, /* PSCI firmware at EL3 (or QEMU's built-in one) */
	PLAT_CONDUIT_NONE,
};

/* A board is data: its name, default console and how to reach firmware. */
struct plat_board {
	const char *name;
	pa_t default_uart; /* PL011 used when /chosen/stdout-path names none */
	enum plat_conduit psci;
};

extern const struct plat_board plat_board;

struct boot_info;
/* The board's floor for the image security counter (anti-rollback). */
u64 plat_counter_floor(const struct boot_info *bi);

/* PL011 UART: the only console driver so far. 'base' is where the
 * registers are mapped right now (PA before the MMU is on, VA after). */
void pl011_init(void *base);
void pl011_putc(void *base, char c);
int pl011_getc(void *base); /* -1 if nothing is waiting */

#endif
