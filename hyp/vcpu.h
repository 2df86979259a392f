/* hyp/vcpu.h - a vCPU's saved state as the world switch (hyp/guest.S) sees it: one layout, offsets checked against the struct. */
#ifndef MV_HYP_VCPU_H
#define MV_HYP_VCPU_H

/* Offsets into struct vcpu, for hyp/guest.S. */
#define VCPU_X	    0x000
#define VCPU_PC	    0x0f8
#define VCPU_PSTATE 0x100
#define VCPU_ESR    0x108
#define VCPU_FAR    0x110
#define VCPU_HPFAR  0x118
#define VCPU_HOST   0x120
#define VCPU_SIZE   0x188

/* PSTATE a guest starts with: EL1h, D, A, I and F masked. */
#define VCPU_PSTATE_RESET 0x3c5

/* What vcpu_mmio() (below) says: stop, resume, or take the full path. */
#define VCPU_MMIO_STOP	 0
#define VCPU_MMIO_RESUME 1
#define VCPU_MMIO_FULL	 2

/* Exit kinds: the vector slot (8..15) the exit came through. */
#define GUEST_EXIT_SYNC	  8
#define GUEST_EXIT_IRQ	  9
#define GUEST_EXIT_FIQ	  10
#define GUEST_EXIT_SERROR 11

#ifndef __ASSEMBLY__
#include <stddef.h>

#include "hyp/esr.h"
#include "lib/types.h"

/*
 * Saved on every exit and loaded on every entry. The EL1 system registers
 * and the FP/SIMD registers stay in the hardware: EL2 never touches either
 * while a guest exists (the build checks that EL2 code uses no FP/SIMD
 * register). far and hpfar are filled only when an exit needs them
 * (hyp_read_fault()).
 */
struct vcpu {
	u64 x[31];
	u64 pc;	    /* ELR_EL2 */
	u64 pstate; /* SPSR_EL2 */
	u64 esr;
	u64 far;
	u64 hpfar;
	u64 host[13]; /* x19-x30 and SP of the caller of guest_enter */
};

_Static_assert(offsetof(struct vcpu, x) == VCPU_X, "VCPU_X");
_Static_assert(offsetof(struct vcpu, pc) == VCPU_PC, "VCPU_PC");
_Static_assert(offsetof(struct vcpu, pstate) == VCPU_PSTATE, "VCPU_PSTATE");
_Static_assert(offsetof(struct vcpu, esr) == VCPU_ESR, "VCPU_ESR");
_Static_assert(offsetof(struct vcpu, far) == VCPU_FAR, "VCPU_FAR");
_Static_assert(offsetof(struct vcpu, hpfar) == VCPU_HPFAR, "VCPU_HPFAR");
_Static_assert(offsetof(struct vcpu, host) == VCPU_HOST, "VCPU_HOST");
_Static_assert(sizeof(struct vcpu) == VCPU_SIZE, "VCPU_SIZE");

/*
 * Run the guest until an exit handler says stop: every exit is saved into
 * v and handed to vcpu_call(v) or vcpu_exit(v, slot), and the guest
 * resumed at once while that returns true. hyp/guest.S on the machine,
 * the fake arch in host tests.
 */
void guest_enter(struct vcpu *v);

/*
 * The exit handlers, supplied by the layer above (kernel/vcpu.c); true to
 * resume the guest.
 *
 * vcpu_call() serves HVC and SMC (the exit's ESR is in v->esr). Under the
 * SMCCC register contract only x0-x18 and x30 are saved for it: it may
 * read and write v->x[0..18] and must not touch v->x[19..29], which stay
 * live in the hardware registers (and are saved if it ends the guest).
 *
 * vcpu_exit() serves every other exit, with all of v->x[] valid.
 */
bool vcpu_call(struct vcpu *v);
bool vcpu_exit(struct vcpu *v, unsigned slot);

/*
 * A data abort with a valid syndrome whose register is x0-x18 or xzr
 * comes to vcpu_mmio(v) first, on the call path's register contract
 * (x19-x29 live in the hardware, not in v): it serves an emulated device
 * register and returns VCPU_MMIO_RESUME or VCPU_MMIO_STOP, or returns
 * VCPU_MMIO_FULL having changed nothing the guest sees, and the exit
 * then takes the full path to vcpu_exit().
 */
unsigned vcpu_mmio(struct vcpu *v);

/* Does a data abort with this ESR go to vcpu_mmio() first? */
#define VCPU_MMIO_LEAN(esr)                                                    \
	(ESR_EC(esr) == EC_DABT_LOW && ((esr)&ISS_ISV) &&                      \
	 (ISS_SRT(esr) < VCPU_CALL_KEPT_FIRST || ISS_SRT(esr) == 31))

/* The registers vcpu_call() may not use. */
#define VCPU_CALL_KEPT_FIRST 19
#define VCPU_CALL_KEPT_LAST  29

/* Fill v->far and v->hpfar from FAR_EL2 and HPFAR_EL2 for the exit being
 * handled (aborts need them; the fast path does not read them). */
void hyp_read_fault(struct vcpu *v);
#endif

#endif
