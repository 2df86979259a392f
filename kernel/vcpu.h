/* kernel/vcpu.h - the guest's vCPU: its saved registers, how it last exited, and the run loop. */
#ifndef MV_VCPU_H
#define MV_VCPU_H

#include "lib/types.h"

/*
 * Saved by hyp/guest.S on every exit and loaded on every entry. The EL1
 * system registers and the FP/SIMD registers stay in the hardware: EL2
 * never touches either while a guest exists (the build checks that EL2
 * code uses no FP/SIMD register). Offsets are used by hyp/guest.S.
 */
struct vcpu {
	u64 x[31];    /* 0x000 */
	u64 pc;	      /* 0x0f8: ELR_EL2 */
	u64 pstate;   /* 0x100: SPSR_EL2 */
	u64 esr;      /* 0x108 */
	u64 far;      /* 0x110 */
	u64 hpfar;    /* 0x118 */
	u64 host[13]; /* 0x120: x19-x30 and SP of the caller of guest_enter */
};

#define VCPU_OFF_PC   0x0f8
#define VCPU_OFF_ESR  0x108
#define VCPU_OFF_HOST 0x120

/* Exit kinds returned by guest_enter: the vector slot (8..15) taken. */
#define GUEST_EXIT_SYNC	  8
#define GUEST_EXIT_IRQ	  9
#define GUEST_EXIT_FIQ	  10
#define GUEST_EXIT_SERROR 11

/* hyp/guest.S: run the guest until it traps; returns the vector slot. */
unsigned guest_enter(struct vcpu *v);

/* ---- the run loop (kernel/vcpu.c) ---- */
#include "guestmem/gmap.h"
#include "kernel/gcon.h"
#include "kernel/sysreg_emul.h"

enum guest_end_reason {
	GUEST_END_EXIT,	    /* MV_EXIT */
	GUEST_END_POWEROFF, /* PSCI SYSTEM_OFF / CPU_OFF */
	GUEST_END_RESET,    /* PSCI SYSTEM_RESET */
	GUEST_END_CRASH,    /* something the microvisor does not serve */
};

/* Everything the exit handlers need about the running guest. */
struct guest {
	struct vcpu vcpu;
	struct gmap *gmap;
	u64 ram_ipa, ram_size;
	struct gcon con;
	struct sysreg_shadow sysregs;
	u64 last_fault_ipa; /* a translation fault that repeats is a crash */
	unsigned long long exits;
	enum guest_end_reason end;
	unsigned status;
};

/* Crash status: 128 + the exception class that ended the guest. */
#define GUEST_CRASH_STATUS(ec) (128u + (ec))

/* Run the guest until it ends; g->end and g->status say how. */
void vcpu_run(struct guest *g);

const char *guest_end_name(enum guest_end_reason r);

#endif
