/* kernel/fmt.h - a small bounded printf-style formatter (no floating point). */
#ifndef MV_FMT_H
#define MV_FMT_H

#include <stdarg.h>
#include "kernel/types.h"

/*
 * Supports %% %c %s %d %i %u %x %X %p with flags '-', '0' and '#', a width, and
 * the length modifiers l, ll, z. Output is always NUL-terminated (when len
 * > 0); the return value is the length the full output would have had.
 */
int mv_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap);
int mv_snprintf(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Format a byte count with the largest exact binary suffix: "256M". */
void fmt_size(char *buf, size_t len, u64 bytes);

#endif
