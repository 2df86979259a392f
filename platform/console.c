/* platform/console.c - the table of console drivers the board's build registered, and matching them by compatible string. */
#include <string.h>

#include "platform/console.h"

/* The linker collects every PLAT_CONSOLE entry between these. */
extern const struct plat_console *const __start_plat_consoles[];
extern const struct plat_console *const __stop_plat_consoles[];

unsigned plat_console_count(void)
{
	return (unsigned)(__stop_plat_consoles - __start_plat_consoles);
}

const struct plat_console *plat_console_get(unsigned i)
{
	return i < plat_console_count() ? __start_plat_consoles[i] : NULL;
}

int plat_console_match(const char *compat, size_t len)
{
	for (unsigned i = 0; i < plat_console_count(); i++) {
		const char *want = __start_plat_consoles[i]->compatible;
		size_t wlen = strlen(want) + 1; /* with its NUL */

		for (size_t off = 0; off < len;) {
			const char *s = compat + off;
			const char *nul = memchr(s, '\0', len - off);
			size_t n = nul ? (size_t)(nul - s) + 1 : len - off;

			if (n == wlen && !memcmp(s, want, wlen))
				return (int)i;
			off += n;
		}
	}
	return -1;
}
