/* kernel/vcpu.h - the running guest as the exit handlers see it, how it ended, and the run loop. */
#ifndef MV_VCPU_H
#define MV_VCPU_H

#include "guestmem/gmap.h"
#include "hyp/hyp.h"
#include "hyp/vcpu.h"
#include "kernel/gcon.h"
#include "kernel/hypercall.h"
#include "kernel/sysreg_emul.h"
#include "kernel/vgic.h"
#include "kernel/vpl011.h"
#include "lib/types.h"

/* The call outcomes that end a guest keep their values, so a call's
 * outcome is its end reason as it is. */
enum guest_end_reason {
	GUEST_END_EXIT = HC_EXIT,	  /* MV_EXIT */
	GUEST_END_POWEROFF = HC_POWEROFF, /* PSCI SYSTEM_OFF / CPU_OFF */
	GUEST_END_RESET = HC_RESET,	  /* PSCI SYSTEM_RESET */
	GUEST_END_CRASH,		  /* something not served */
	GUEST_END_WATCHDOG,		  /* no MV_WATCHDOG call in time */
};

/* How a guest the watchdog ended leaves: the status timeout(1) uses. */
#define GUEST_WATCHDOG_STATUS 124

/* A vCPU's power, as PSCI reports it (AFFINITY_INFO's values). */
enum vcpu_power {
	VCPU_ON = 0,
	VCPU_OFF = 1,
	VCPU_ON_PENDING = 2,
};

struct guest;

/*
 * One vCPU: vCPU n runs on physical CPU n only. Its registers, its GIC
 * CPU interface and redistributor (its vgic; vCPU 0's also holds the
 * distributor's SPIs), its power state, and the work other CPUs leave for
 * it: SGIs to raise, the distributor's group enables to copy, and one call
 * to run on this CPU (an access to state only this CPU may touch: its list
 * registers are its own).
 */
struct guest_cpu {
	struct vcpu vcpu;
	struct guest *g;
	unsigned id;
	u64 mpidr; /* the physical CPU's, for its kick */
	struct vgic vgic;
	struct sysreg_shadow sysregs;
	struct hc_env hcon; /* what its calls reach; ctx = this vCPU */
	u64 last_fault_ipa; /* a translation fault that repeats is a crash */
	unsigned status;    /* a call's status, before it ends the guest */
	u64 mmio_val;	    /* an emulated register access's value */
	/* PSCI, under g->lock: CPU_ON's entry and context for the start. */
	enum vcpu_power power;
	u64 entry, context;
	/* Work for this CPU, under lock. */
	struct hyp_lock lock;
	u16 sgi1, sgi0; /* SGIs raised by ICC_SGI1R/ASGI1R, and by SGI0R */
	bool ctlr_sync; /* the distributor's GICD_CTLR changed */
	/* One call at a time (the caller holds call_lock until it is done):
	 * call_seq moves when one is posted, call_done when it ran. */
	struct hyp_lock call_lock;
	void (*call_fn)(struct guest_cpu *c, void *arg);
	void *call_arg;
	u32 call_seq, call_done;
	bool gone; /* left the guest: no call is run any more */
	/* Counts for the log (summed into the guest's at its end). */
	u64 idles, irqs;
	u64 n_irq, n_wfx, n_sysreg, n_mmio, n_abort;
	unsigned long long exits;
};

/* Everything the exit handlers need about the guest: what its vCPUs
 * share, and each vCPU. */
struct guest {
	struct gcon con; /* first: the console call path reaches it */
	unsigned nr_cpus;
	struct hyp_lock lock; /* power states, the end, stage-2 population */
	bool ending;	      /* the end is decided: every vCPU stops */
	struct gmap *gmap;
	u64 ram_ipa, ram_size;
	u64 cntvoff;	     /* every vCPU's virtual counter starts together */
	struct vpl011 uart;  /* its console UART (vCPU 0's interrupt) */
	u32 console_irq;     /* the physical console's receive interrupt */
	bool rx_paused;	     /* ...off: typed bytes wait for room */
	unsigned nr_devices; /* given by passthrough=: their pages mapped */
	/* watchdog=: the period in seconds and counter ticks (0: off). */
	unsigned watchdog_s;
	u64 watchdog_ticks;
	/* How it ended, and which vCPU ended it. */
	enum guest_end_reason end;
	unsigned status;
	unsigned ended_by;
	/* Totals over the vCPUs (vcpu_sum_counts). */
	u64 idles, irqs;
	u64 n_irq, n_wfx, n_sysreg, n_mmio, n_abort;
	unsigned long long exits;
	struct guest_cpu cpu[VGIC_MAX_CPUS];
};

/* Crash status: 128 + the exception class that ended the guest. */
#define GUEST_CRASH_STATUS(ec) (128u + (ec))

/*
 * Before any vCPU runs: vCPUs 0..nr_cpus-1 of g (nr_cpus <= VGIC_MAX_CPUS),
 * each on the physical CPU with the given MPIDR; vCPU 0 starts at entry
 * with x0 = context, the others are off until a PSCI CPU_ON. The caller
 * has filled the shared fields and initialised cpu[0].vgic with the
 * guest's SPIs; the others' vgics are made here.
 */
void vcpu_guest_init(struct guest *g, unsigned nr_cpus, const u64 *mpidr,
		     u64 entry, u64 context);

/*
 * On physical CPU n, for the whole guest: run vCPU n whenever it is on
 * (starting it at its CPU_ON entry), serve the work other CPUs leave for
 * this one, and return once the guest's end is decided. On CPU 0 also the
 * console's input and the watchdog. Every exit goes through vcpu_call()
 * or vcpu_exit() (hyp/vcpu.h).
 */
void vcpu_cpu_loop(struct guest *g, unsigned n);

/* The vCPUs' counts into the guest's totals, once all have stopped. */
void vcpu_sum_counts(struct guest *g);

const char *guest_end_name(enum guest_end_reason r);

#endif
