/* kernel/vcpu.h - the running guest as the exit handlers see it, how it ended, and the run loop. */
#ifndef MV_VCPU_H
#define MV_VCPU_H

#include "guestmem/gmap.h"
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

/* Everything the exit handlers need about the running guest. */
struct guest {
	struct vcpu vcpu;
	struct gmap *gmap;
	u64 ram_ipa, ram_size;
	struct gcon con;
	struct hc_env hcon; /* what the dispatcher reaches */
	struct sysreg_shadow sysregs;
	struct vgic vgic;
	struct vpl011 uart;  /* its console UART */
	u32 console_irq;     /* the physical console's receive interrupt */
	bool rx_paused;	     /* ...off: typed bytes wait for room */
	unsigned nr_devices; /* given by passthrough=: their pages mapped */
	/* watchdog=: the period in seconds and counter ticks (0: off). */
	unsigned watchdog_s;
	u64 watchdog_ticks;
	/* Counts for the log: WFIs that slept, physical interrupts taken,
	 * and the exits that are not calls, by kind (calls are the rest:
	 * the call path counts nothing but exits). */
	u64 idles, irqs;
	u64 n_irq, n_wfx, n_sysreg, n_mmio, n_abort;
	u64 last_fault_ipa; /* a translation fault that repeats is a crash */
	unsigned long long exits;
	enum guest_end_reason end;
	unsigned status;
};

/* Crash status: 128 + the exception class that ended the guest. */
#define GUEST_CRASH_STATUS(ec) (128u + (ec))

/* Run the guest until it ends; g->end and g->status say how. Every exit
 * goes through vcpu_call() or vcpu_exit() (hyp/vcpu.h). */
void vcpu_run(struct guest *g);

const char *guest_end_name(enum guest_end_reason r);

#endif
