/* lib/log.c - the microvisor's own log: prefixed lines, filtered by level, on whatever console the board set. */
#include <stdarg.h>

#include "lib/fmt.h"
#include "lib/log.h"

static struct log_output out;
static enum mv_loglevel level_now = MV_LOG_NOTICE;
static bool midline; /* the last byte out was not a newline */
bool log_smp;	     /* several CPUs write: lines take the lock */
static bool busy;    /* the lock */

void log_set_smp(bool on)
{
	log_smp = on;
}

/*
 * Lines from several CPUs stay whole. The wait is bounded: a CPU that
 * stopped while holding it (a panic) cannot silence the others.
 */
void log_lock_wait(void)
{
	for (unsigned long n = 0; n < (1UL << 26); n++)
		if (!__atomic_test_and_set(&busy, __ATOMIC_ACQUIRE))
			return;
}

void log_unlock_now(void)
{
	__atomic_clear(&busy, __ATOMIC_RELEASE);
}

void log_set_output(const struct log_output *o)
{
	out = *o;
}

void log_set_level(enum mv_loglevel level)
{
	level_now = level;
}

enum mv_loglevel log_level(void)
{
	return level_now;
}

void log_write(const char *s, size_t n)
{
	size_t start = 0;

	if (!out.write || !n)
		return;
	/* Whole runs at once; a newline goes out as "\r\n". */
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\n')
			continue;
		if (i > start)
			out.write(out.ctx, s + start, i - start);
		out.write(out.ctx, "\r\n", 2);
		start = i + 1;
	}
	if (start < n)
		out.write(out.ctx, s + start, n - start);
	midline = s[n - 1] != '\n';
}

void log_write_run(const char *s, size_t n)
{
	bool nl;

	if (!out.write || !n)
		return;
	nl = s[n - 1] == '\n';
	if (n > nl)
		out.write(out.ctx, s, n - nl);
	if (nl)
		out.write(out.ctx, "\r\n", 2);
	midline = !nl;
}

void log_puts(const char *s)
{
	log_write(s, __builtin_strlen(s));
}

bool log_at_line_start(void)
{
	return !midline;
}

int log_getc(void)
{
	return out.getc ? out.getc(out.ctx) : -1;
}

bool log_rx_irq(bool on)
{
	if (!out.rx_irq)
		return false;
	out.rx_irq(out.ctx, on);
	return true;
}

void mv_log(enum mv_loglevel level, const char *fmt, ...)
{
	static const char *const prefix[] = {
		[MV_LOG_ERROR] = "microvisor: error: ",
		[MV_LOG_WARN] = "microvisor: warning: ",
		[MV_LOG_NOTICE] = "microvisor: ",
		[MV_LOG_INFO] = "microvisor: ",
		[MV_LOG_DEBUG] = "microvisor: debug: ",
	};
	char line[320];
	struct sbuf sb;
	va_list ap;

	if (level > level_now)
		return;
	sbuf_init(&sb, line, sizeof(line));
	sbuf_puts(&sb, prefix[level]);
	va_start(ap, fmt);
	sbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	/* A line that did not fit still ends: cut it, keep the newline. */
	if (sbuf_len(&sb) >= sizeof(line) - 1)
		line[sizeof(line) - 2] = '\n';
	else
		sbuf_putc(&sb, '\n');
	log_lock();
	if (midline) /* someone else's unfinished line (the guest's) */
		log_write("\n", 1);
	log_puts(line);
	log_unlock();
}
