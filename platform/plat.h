/* platform/plat.h - a board as data: its name, its default console, how to reach its firmware, its anti-rollback floor. */
#ifndef MV_PLAT_H
#define MV_PLAT_H

#include "lib/types.h"

enum plat_conduit {
	PLAT_CONDUIT_SMC, /* PSCI firmware at EL3 (or QEMU's built-in one) */
	PLAT_CONDUIT_NONE,
};

struct plat_board {
	const char *name;
	/* The console used when /chosen/stdout-path names none this build
	 * can drive: its registers and the compatible of its driver. */
	pa_t default_console;
	const char *default_console_compat;
	enum plat_conduit psci;
};

extern const struct plat_board plat_board;

struct boot_info;
/* The board's floor for the image security counter (anti-rollback). */
u64 plat_counter_floor(const struct boot_info *bi);

#endif
