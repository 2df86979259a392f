/* lib/log.h - the microvisor's own log: levels, the "microvisor: " prefix, and the console it is written to. */
#ifndef MV_LOG_H
#define MV_LOG_H

#include "lib/types.h"

/*
 * NOTICE is the default: about ten lines a boot (what runs, the image that
 * was verified, the guest's start and end). INFO brings back every step
 * of the boot, DEBUG adds costs and counts.
 */
enum mv_loglevel {
	MV_LOG_ERROR,
	MV_LOG_WARN,
	MV_LOG_NOTICE,
	MV_LOG_INFO,
	MV_LOG_DEBUG,
};

/*
 * Where the log goes: a console driver's bulk write and non-blocking read
 * (the board chooses the driver; platform/console.h). The log itself turns
 * "\n" into "\r\n". Without an output, everything is dropped.
 */
struct log_output {
	void (*write)(void *ctx, const char *s, size_t n);
	int (*getc)(void *ctx); /* a byte, or -1 */
	void *ctx;
	void (*rx_irq)(void *ctx, bool on); /* optional */
};

void log_set_output(const struct log_output *out);
/* Once several CPUs may log (the MMU on: the lock is an exclusive):
 * every line, and every guest console write, goes out whole. */
void log_set_smp(bool on);
extern bool log_smp __attribute__((visibility("hidden")));
void log_lock_wait(void);
void log_unlock_now(void);
/* With one CPU these cost a load and a branch. */
static inline void log_lock(void)
{
	if (log_smp)
		log_lock_wait();
}

static inline void log_unlock(void)
{
	if (log_smp)
		log_unlock_now();
}
void log_set_level(enum mv_loglevel level);
enum mv_loglevel log_level(void);

void mv_log(enum mv_loglevel level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Raw text, no prefix, no level filter (the panic path and the guest
 * console use it). */
void log_puts(const char *s);
void log_write(const char *s, size_t n);
/* As log_write() for text with no newline but perhaps its last byte: it
 * goes out without a scan (the guest console's runs). */
void log_write_run(const char *s, size_t n);
/* Whether the console is at the start of a line (for the guest console). */
bool log_at_line_start(void);
/* A byte typed on the console, or -1 (non-blocking). */
int log_getc(void);
/* The console's receive interrupt on or off; false if it has none. */
bool log_rx_irq(bool on);

#define pr_err(...)    mv_log(MV_LOG_ERROR, __VA_ARGS__)
#define pr_warn(...)   mv_log(MV_LOG_WARN, __VA_ARGS__)
#define pr_notice(...) mv_log(MV_LOG_NOTICE, __VA_ARGS__)
#define pr_info(...)   mv_log(MV_LOG_INFO, __VA_ARGS__)
#define pr_debug(...)  mv_log(MV_LOG_DEBUG, __VA_ARGS__)

#endif
