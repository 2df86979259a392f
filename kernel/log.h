/* kernel/log.h - the microvisor's own log on its console: every line starts with "microvisor: ". */
#ifndef MV_LOG_H
#define MV_LOG_H

#include "kernel/cmdline.h"
#include "kernel/types.h"

/* Where the PL011 registers are mapped now (PA before the MMU is on). */
void log_set_uart(void *base);
void log_set_level(enum mv_loglevel level);

void mv_log(enum mv_loglevel level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Raw text, no prefix, no level filter (the panic path and the guest
 * console use it). */
void log_puts(const char *s);
void log_write(const char *s, unsigned n);
/* Whether the console is at the start of a line (for the guest console). */
bool log_at_line_start(void);
/* A byte typed on the console, or -1 (non-blocking). */
int log_getc(void);

#define pr_err(...)   mv_log(MV_LOG_ERROR, __VA_ARGS__)
#define pr_warn(...)  mv_log(MV_LOG_WARN, __VA_ARGS__)
#define pr_info(...)  mv_log(MV_LOG_INFO, __VA_ARGS__)
#define pr_debug(...) mv_log(MV_LOG_DEBUG, __VA_ARGS__)

#endif
