/* lib/fmt.h - the one bounded string builder and the printf-style formatter built on it (no floating point). */
#ifndef MV_FMT_H
#define MV_FMT_H

#include <stdarg.h>

#include "lib/types.h"

/*
 * A string under construction in a caller's buffer: always NUL-terminated
 * (when the buffer has room for anything), never overrun; what does not
 * fit is dropped but still counted, so sbuf_len() says how long the whole
 * text would have been.
 */
struct sbuf {
	char *buf;
	size_t cap; /* bytes in buf, the NUL included */
	size_t pos; /* length of the text so far, counting what was dropped */
};

void sbuf_init(struct sbuf *sb, char *buf, size_t cap);
void sbuf_putc(struct sbuf *sb, char c);
void sbuf_putn(struct sbuf *sb, const char *s, size_t n);
void sbuf_puts(struct sbuf *sb, const char *s);
/* Bytes as lowercase hex digits, two per byte (key ids, digests). */
void sbuf_hex_bytes(struct sbuf *sb, const u8 *p, size_t n);
/* Drop the text, keep the buffer. */
void sbuf_reset(struct sbuf *sb);
static inline size_t sbuf_len(const struct sbuf *sb)
{
	return sb->pos;
}

/*
 * Append formatted text. Supports %% %c %s %d %i %u %x %X %p, the flags
 * '-', '0' and '#' ("0x" before hex, also for 0), a width, a precision for
 * %s (".N" or ".*": at most N bytes, which need not be NUL-terminated), and
 * the length modifiers l, ll and z (all 64-bit here). An unknown
 * conversion is copied as it is.
 */
void sbuf_vprintf(struct sbuf *sb, const char *fmt, va_list ap);
void sbuf_printf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* snprintf: the return value is the length the whole output would have. */
int mv_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap);
int mv_snprintf(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A byte count with the largest exact binary suffix: "256M", "1536K". */
void fmt_size(char *buf, size_t len, u64 bytes);

#endif
