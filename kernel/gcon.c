/* kernel/gcon.c - prefixes and escapes the guest's console output so it is always recognisable as the guest's. */
#include "kernel/gcon.h"

void gcon_write(const struct gcon *g, const char *buf, unsigned n)
{
	static const char hex[] = "0123456789abcdef";

	for (unsigned i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == '\r')
			continue; /* the UART layer adds its own */
		if (g->at_line_start(g->ctx))
			g->put(g->ctx, "guest: ", 7);
		if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f)) {
			g->put(g->ctx, (const char *)&buf[i], 1);
		} else {
			char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};

			g->put(g->ctx, esc, 4);
		}
	}
}
