/* kernel/cmdline.h - the microvisor's boot options (/chosen/bootargs) and their strict parser. */
#ifndef MV_CMDLINE_H
#define MV_CMDLINE_H

#include "guestmem/rma.h"
#include "lib/log.h"
#include "lib/types.h"

enum mv_on_exit {
	MV_ON_EXIT_POWEROFF,
	MV_ON_EXIT_HALT,
	MV_ON_EXIT_RESTART,
};

#define MV_RMA_SIZE_DEFAULT (256ULL << 20)

/* passthrough=: at most this many device paths, each shorter than
 * MV_PT_PATH_MAX bytes. */
#define MV_PT_MAX      4
#define MV_PT_PATH_MAX 64

/* cpus=: at most this many vCPUs (one per physical CPU). */
#define MV_CPUS_MAX	8
#define MV_CPUS_MAX_STR "8"

/* watchdog=: the longest period, an hour. */
#define MV_WATCHDOG_MAX	    3600
#define MV_WATCHDOG_MAX_STR "3600"

struct mv_options {
	u64 rma_size;  /* power of two, MV_RMA_SIZE_MIN..MV_RMA_SIZE_MAX */
	u32 rma_count; /* 1..MV_RMA_COUNT_MAX */
	u32 ipa_bits;  /* 0 = derive from PARange; else 32/36/40/42/44/48/52 */
	enum mv_on_exit on_exit;
	enum mv_loglevel loglevel;
	bool exit_semihosting; /* exit=semihosting (tests only) */
	u32 watchdog_s;	       /* 0 = off; 1..MV_WATCHDOG_MAX seconds */
	/* passthrough=/path,/path: boot-DTB nodes given to the guest. */
	char passthrough[MV_PT_MAX][MV_PT_PATH_MAX];
	unsigned nr_passthrough;
	u32 cpus; /* cpus=: 0 = every CPU that came up; else 1..MV_CPUS_MAX */
};

void cmdline_defaults(struct mv_options *o);

/*
 * Parse a space-separated "key=value ..." string into *o (which holds the
 * defaults on entry). Every token is parsed, so a valid exit=semihosting is
 * honoured even if another option is bad; the first error is described in
 * err (one line, no newline, naming the option and what it accepts) and the
 * call returns -1. Returns 0 when every token was valid.
 */
int cmdline_parse(const char *line, struct mv_options *o, char *err,
		  size_t errlen);

/* Write the options in effect as one line ("rma_size=256M rma_count=1 ..."). */
void cmdline_format(const struct mv_options *o, char *buf, size_t len);

const char *cmdline_on_exit_name(enum mv_on_exit e);

#endif
