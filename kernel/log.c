/* kernel/log.c - the microvisor's own log: prefixed lines on the PL011 console, filtered by loglevel. */
#include <stdarg.h>

#include "kernel/fmt.h"
#include "kernel/log.h"
#include "platform/plat.h"

static void *log_uart;
static enum mv_loglevel log_level = MV_LOG_INFO;
static bool midline; /* the last byte out was not a newline */

void log_set_uart(void *base)
{
	log_uart = base;
	pl011_init(base);
}

void log_set_level(enum mv_loglevel level)
{
	log_level = level;
}

void log_write(const char *s, unsigned n)
{
	if (!log_uart)
		return;
	for (unsigned i = 0; i < n; i++) {
		if (s[i] == '\n')
			pl011_putc(log_uart, '\r');
		pl011_putc(log_uart, s[i]);
		midline = s[i] != '\n';
	}
}

void log_puts(const char *s)
{
	log_write(s, (unsigned)__builtin_strlen(s));
}

bool log_at_line_start(void)
{
	return !midline;
}

int log_getc(void)
{
	return log_uart ? pl011_getc(log_uart) : -1;
}

void mv_log(enum mv_loglevel level, const char *fmt, ...)
{
	static const char *const prefix[] = {
		[MV_LOG_ERROR] = "microvisor: error: ",
		[MV_LOG_WARN] = "microvisor: warning: ",
		[MV_LOG_INFO] = "microvisor: ",
		[MV_LOG_DEBUG] = "microvisor: debug: ",
	};
	char line[256];
	va_list ap;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	mv_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (midline) /* someone else's unfinished line (the guest's) */
		log_puts("\n");
	log_puts(prefix[level]);
	log_puts(line);
	log_puts("\n");
}
