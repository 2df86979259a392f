/* kernel/panic.h - fatal errors: a decoded report on the console, then power-off. */
#ifndef MV_PANIC_H
#define MV_PANIC_H

#include "lib/types.h"

/* Saved by hyp/vectors.S (keep the layout in sync). */
struct exc_frame {
	u64 x[31];
	u64 sp;
	u64 elr;
	u64 spsr;
	u64 esr;
	u64 far;
};

__attribute__((noreturn)) void el2_panic_exception(struct exc_frame *f,
						   unsigned vector);
__attribute__((noreturn, format(printf, 1, 2))) void mv_panic(const char *fmt,
							      ...);

#endif
