/* hyp/hyp.h - the arch interface the layers above use: the CPU, its counters and caches, and a guest's EL1/EL2 state. */
#ifndef MV_HYP_H
#define MV_HYP_H

#include "hyp/vcpu.h"
#include "lib/types.h"

/*
 * Implemented by hyp/cpu.c (and hyp/guest.S, hyp/cache.c) on the machine,
 * and by hyp/fake/ for host unit tests, so the policy above can run on the
 * host (Hafnium's fake arch). Nothing above hyp/ touches a system
 * register or a barrier except through this header, hyp/el2mmu.h and
 * hyp/s2hw.h.
 */

/* ---- the CPU ---- */
u64 hyp_midr(void);
u64 hyp_mmfr0(void);
/* An AArch64 ID register of the ID_AA64* block (op0 3, op1 0, CRn 0): its
 * real value, or 0 for the encodings with nothing the guest needs. */
u64 hyp_read_id_reg(unsigned crm, unsigned op2);
/* Put EL2 into a known non-VHE state with no guest; false when
 * HCR_EL2.E2H is stuck at 1 (a VHE-only CPU). */
bool hyp_init_el2(void);

/* This CPU's MPIDR_EL1 affinity fields (Aff3 [39:32], Aff2-Aff0 [23:0]). */
u64 hyp_mpidr(void);

/* Stop this CPU for good: interrupts masked, WFI forever. */
__attribute__((noreturn)) void hyp_cpu_stop(void);

/* ---- CPUs sharing data ---- */
/*
 * A spinlock for data several CPUs change (the guest's shared state, a
 * CPU's work box). Only with the MMU on: exclusives need cacheable
 * memory. Waiters sleep in WFE; the release wakes them.
 */
struct hyp_lock {
	u32 v;
};
void hyp_lock(struct hyp_lock *l);
/* Take it if it is free; false at once if not. */
bool hyp_trylock(struct hyp_lock *l);
void hyp_unlock(struct hyp_lock *l);
/* Wake CPUs waiting in WFE (after a store they wait for). */
void hyp_sev(void);

/* ---- time ---- */
u64 hyp_counter(void);	    /* CNTPCT_EL0 */
u64 hyp_counter_freq(void); /* CNTFRQ_EL0, never 0 */
/* The PMU cycle counter since the microvisor's entry (instructions under
 * QEMU -icount), or 0 without a PMU. */
u64 hyp_cycles(void);

/* ---- caches ---- */
/* Clean [va, va + len) to the point of coherency. */
void hyp_dcache_clean(const void *va, u64 len);
/* Zero memory a guest may read with its caches off, and push the zeros to
 * the point of coherency. va and len: multiples of 64 bytes. */
void hyp_zero_for_guest(void *va, u64 len);
/* Copy into memory a guest may read with its caches off, cleaning each
 * line as it is written: one pass over the destination. */
void hyp_copy_for_guest(void *dst, const void *src, u64 len);
/* Zero any range and push the zeros to the point of coherency (DC ZVA
 * for the whole blocks inside it). */
void hyp_wipe(void *va, u64 len);
/* Copy src to dst, wiping src behind the copy (as hyp_wipe): one pass. */
void hyp_copy_and_wipe(void *dst, void *src, u64 len);
/* New code was written for the guest: drop every instruction cache line. */
void hyp_sync_icache(void);
/* A guest's set/way data-cache operation, performed as clean+invalidate
 * (HCR_EL2.SWIO): nothing is ever discarded. */
void hyp_dc_sw(u64 set_way);

/* ---- SHA-256 ---- */
/* Does this CPU have the Armv8 SHA-2 instructions (ID_AA64ISAR0_EL1.SHA2),
 * and does this build use them (MV_SHA2)? Raspberry Pi 3 and 4 lack them. */
bool hyp_has_sha2(void);
/* The CPU's ID register alone (the log says when a build ignores it). */
bool hyp_cpu_has_sha2(void);
/*
 * SHA-256 compression of 'blocks' 64-byte blocks into state[8] with those
 * instructions (hyp/sha256_ce.c, the one EL2 file that uses FP/SIMD
 * registers). Only when no guest state is in them: at boot, between
 * guests. Only call it when hyp_has_sha2().
 */
void hyp_sha256_ce(u32 state[8], const u8 *data, u64 blocks);

/* ---- randomness ---- */
/* A random number from the CPU (RNDR, FEAT_RNG); false when it has none
 * or could not give one now. */
bool hyp_rndr(u64 *v);

/* ---- idle and the EL2 timer ---- */
/* Sleep until an interrupt is pending (IRQs stay masked at EL2: the one
 * that woke the CPU is taken once the guest runs again). */
void hyp_idle(void);
/* The EL2 physical timer (CNTHP, PPI 26), which no guest can see or mask:
 * fire at counter value cval; stop; has it reached cval? */
void hyp_hyptimer_arm(u64 cval);
void hyp_hyptimer_stop(void);
bool hyp_hyptimer_expired(void);

/* ---- a guest's CPU state ---- */
/* EL1 state as at reset (FP/SIMD zeroed, PMU, GIC virtual interface, every
 * EL1 system register the guest can reach): a new or restarted guest
 * inherits nothing. Last thing before the first entry. */
void hyp_guest_reset(void);
/* The EL2 controls while a guest runs on this CPU: traps, the counter
 * offset (every vCPU of a guest gets the same, so their virtual counters
 * agree), its MIDR, and the MPIDR of vCPU 'cpu' of 'nr_cpus' (affinity
 * 0.0.0.cpu; the U bit says "uniprocessor" when nr_cpus is 1). */
void hyp_guest_config(u64 cntvoff, unsigned cpu, unsigned nr_cpus);
/* Back to no guest: stage 2 off, nothing trapped. */
void hyp_guest_stop(void);

#endif
