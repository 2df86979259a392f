/* hyp/fake/fake.h - the fake arch layer for host unit tests: the test plays the guest and the hardware, and reads what the policy asked of them. */
#ifndef MV_FAKE_H
#define MV_FAKE_H

#include "hyp/vcpu.h"
#include "lib/types.h"

/*
 * The guest, played by the test. guest_enter() calls it with the vCPU as
 * the microvisor left it (results of the last exit in the registers, PC
 * advanced); it sets up the next exit (esr, far, hpfar, registers, PC)
 * and returns the vector slot taken (GUEST_EXIT_*).
 */
typedef unsigned (*fake_guest_fn)(struct vcpu *v, void *ctx);

/* What the code under test asked of the arch layer. */
struct fake_state {
	fake_guest_fn guest;
	void *guest_ctx;
	unsigned entries; /* guest_enter calls */

	/* CPU identity and ID registers (defaults: a Cortex-A57, 44-bit
	 * PARange, 4K and 64K granules). id_regs[crm * 8 + op2] for the
	 * ID_AA64* block. */
	u64 midr, mmfr0;
	u64 id_regs[64];

	u64 counter;	  /* hyp_counter(): the test moves it */
	u64 counter_step; /* added on every read */

	unsigned guest_resets, guest_configs, guest_stops, icache_syncs;
	unsigned dc_sw_ops;
	u64 last_dc_sw;

	/* Stage 2 as last loaded, and TLB maintenance. */
	unsigned activations, flushes;
	u64 vtcr, vttbr;
	long pages_live; /* table pages allocated and not freed */
	long pages_peak;

	/* hyp_rndr(): works when rndr_ok, counting up from rndr_next. */
	bool rndr_ok;
	u64 rndr_next;

	/* hyp_idle() calls; the EL2 timer as armed. */
	unsigned idles;
	bool hyptimer_on;
	u64 hyptimer_cval;

	/* The GIC CPU interfaces (hyp/gic.h): 4 list registers and 5
	 * priority bits, like QEMU's; acks come from acks[] in turn (1023
	 * once they run out); eois and deactivations are recorded. */
	u64 lr[16], ich_hcr, ich_vmcr, ich_misr;
	unsigned nr_lrs, prio_bits;
	u32 acks[16];
	unsigned nr_acks, next_ack;
	u32 eois[32], dirs[32];
	unsigned nr_eois, nr_dirs;
	unsigned sgis_sent; /* hyp_gic_send_sgi: the kicks */
	unsigned lean_mmio; /* exits vcpu_mmio served on the lean path */

	/* Windows el2mmu_map_window() handed out: host memory standing in
	 * for a physical range. */
	struct fake_window {
		pa_t pa;
		u64 size;
		void *host;
	} win[24];
	unsigned nr_win;
};

extern struct fake_state fake;

/* Back to defaults, freeing every window. */
void fake_reset(void);

/* The host memory standing for pa (in a window), or NULL. */
void *fake_pa_to_host(pa_t pa);

#endif
