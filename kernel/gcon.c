/* kernel/gcon.c - prefixes and escapes the guest's console output so it is always recognisable as the guest's. */
#include "kernel/gcon.h"
#include "lib/log.h"

static bool plain(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c < 0x7f);
}

#define ONES  0x0101010101010101ULL
#define HIGHS (ONES * 0x80)

/* A word the compiler may load from any char buffer. */
typedef u64 __attribute__((may_alias)) gcon_word;

/*
 * True when all eight bytes are 0x20..0x7e. With no byte >= 0x80 (w's own
 * high bits), w - 0x20.. sets a high bit exactly where a byte is below
 * 0x20 (the lowest such byte borrows from nothing), and w + 0x01.. exactly
 * where a byte is 0x7f; neither carries across bytes. Tabs take the byte
 * path.
 */
static inline bool word_plain(u64 w)
{
	return !((w | (w - ONES * 0x20) | (w + ONES)) & HIGHS);
}

/* The end of the run of plain bytes from buf[i]: aligned words at a time
 * where it can, so a long line costs a few instructions per 8 bytes. */
static unsigned plain_run(const char *buf, unsigned i, unsigned n)
{
	for (; i < n && ((uintptr_t)(buf + i) & 7); i++)
		if (!plain((unsigned char)buf[i]))
			return i;
	for (; n - i >= 8 && word_plain(*(const gcon_word *)(buf + i)); i += 8)
		;
	for (; i < n && plain((unsigned char)buf[i]); i++)
		;
	return i;
}

/* Off the plain path, with its buffer (and the stack-protector check that
 * guards it). */
static __attribute__((noinline)) void put_escaped(const struct gcon *g,
						  unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};

	g->put(g->ctx, esc, 4);
}

/*
 * Runs of plain bytes go out whole, a line at a time: the cost is a few
 * calls per line, not per byte. Whether a line is open is asked of the
 * output before every run, since the microvisor's own log may have ended
 * the guest's line in between.
 */
void gcon_write(const struct gcon *g, const char *buf, unsigned n)
{
	unsigned i = 0;

	/* One write goes out whole among other CPUs' lines. */
	log_lock();
	while (i < n) {
		unsigned char c = (unsigned char)buf[i];
		unsigned run;

		if (c == '\r') {
			i++; /* the UART layer adds its own */
			continue;
		}
		if (g->at_line_start(g->ctx))
			g->put(g->ctx, "guest: ", 7);
		if (!plain(c) && c != '\n') {
			put_escaped(g, c);
			i++;
			continue;
		}
		/* Plain bytes up to and including a newline. */
		run = plain_run(buf, i, n);
		if (run < n && buf[run] == '\n')
			run++;
		g->put(g->ctx, buf + i, run - i);
		i = run;
	}
	log_unlock();
}
