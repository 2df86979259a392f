/* kernel/hypercall.h - the SMCCC/PSCI/PV-console call dispatcher (pure: registers in, registers and an outcome out). */
#ifndef MV_HYPERCALL_H
#define MV_HYPERCALL_H

#include "lib/types.h"

/* What the calls reach beyond the registers: the console's two ends,
 * and the watchdog. Any of them may be NULL. */
struct hc_env {
	void (*write)(void *ctx, const char *buf, unsigned n);
	unsigned (*read)(void *ctx, char *buf, unsigned max); /* non-blocking */
	void *ctx;
	/* MV_WATCHDOG: a sign of life; returns the period in seconds, or 0
	 * when no watchdog runs. */
	u64 (*watchdog)(void *ctx);
	/*
	 * PSCI for a guest with several vCPUs (NULL: one vCPU, affinity 0).
	 * CPU_ON and AFFINITY_INFO with their arguments as the caller's
	 * convention gives them (SMC32: 32 bits); each returns what PSCI
	 * returns. CPU_OFF then ends only the calling vCPU (HC_CPU_OFF).
	 */
	s64 (*cpu_on)(void *ctx, u64 target, u64 entry, u64 context);
	s64 (*affinity_info)(void *ctx, u64 target, u64 level);
};

enum hc_outcome {
	HC_CONTINUE, /* results are in x0..x3; resume the guest */
	HC_EXIT,     /* MV_EXIT: *status holds the status */
	HC_POWEROFF, /* PSCI SYSTEM_OFF, or CPU_OFF of the only CPU */
	HC_RESET,    /* PSCI SYSTEM_RESET */
	HC_CPU_OFF,  /* PSCI CPU_OFF of one vCPU of several (see cpu_on) */
};

/*
 * Serve one call. x points at the guest's x0..x30; x0 holds the function
 * id (W0), x1..x7 the arguments; results are written from x0 up and
 * nothing else is touched. 'imm' is the HVC/SMC immediate: only #0 is a
 * call, anything else gets NOT_SUPPORTED. Never fails: bad ids and bad
 * arguments are answered with -1 / -2.
 */
enum hc_outcome hc_dispatch(u64 *x, unsigned imm, const struct hc_env *con,
			    unsigned *status);

/* Is this function id served (SMCCC_ARCH_FEATURES / PSCI_FEATURES)? */
bool hc_implemented(u32 id);

#endif
