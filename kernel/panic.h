/* kernel/panic.h - fatal errors: a decoded report on the console, then power-off. */
#ifndef MV_PANIC_H
#define MV_PANIC_H

#include "hyp/exc.h"
#include "lib/types.h"

__attribute__((noreturn, format(printf, 1, 2))) void mv_panic(const char *fmt,
							      ...);

#endif
