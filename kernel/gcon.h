/* kernel/gcon.h - the guest's console: its bytes, marked as the guest's and made harmless, on the microvisor's UART. */
#ifndef MV_GCON_H
#define MV_GCON_H

#include "lib/types.h"

/*
 * Every line the guest prints starts with "guest: ", so it can never pass
 * for a line of the microvisor's own log ("microvisor: ..."). Control
 * bytes other than newline and tab are shown as "\xNN": a guest cannot
 * move the cursor, clear the screen or rewrite an earlier line. Whether a
 * line is open is asked of the output itself, which the microvisor's log
 * shares: a log line in the middle of a guest line ends that line, and
 * the guest's next byte starts a new, prefixed one.
 */
struct gcon {
	/* s holds no newline but perhaps its last byte, so the output need
	 * not look for one. */
	void (*put)(void *ctx, const char *s, unsigned n);
	bool (*at_line_start)(void *ctx);
	void *ctx;
};

void gcon_write(const struct gcon *g, const char *buf, unsigned n);

#endif
