/* hyp/idmap.S - the init page: MMU on with the boot tables, jump to the trampoline VA, switch to the runtime tables. */
#include "hyp/asm.h"
#include "hyp/layout.h"
#include "hyp/sysreg.h"

/*
 * Runs from the init page, at its PA (identity-mapped by the boot tables)
 * and then at MV_TRAMPOLINE_VA (mapped in both table sets with identical
 * descriptors). Position-independent and self-contained, so a bounce copy
 * of it works the same. Touches no memory: no stack is mapped in the boot
 * set.
 *
 * x0 boot TTBR0   x1 runtime TTBR0   x2 TCR   x3 MAIR   x4 SCTLR
 * x5 trampoline VA   x6 runtime entry VA   x7 runtime SP   x8 VBAR
 * x9 argument for the runtime entry
 */
	.section .idmap.text, "ax"
/*
 * Another CPU, started by the firmware's PSCI CPU_ON at EL2 with its MMU
 * off and x0 = the PA of its struct mmu_switch (hyp/el2mmu.h): a known
 * EL2 state, then the same way in as the boot CPU's.
 */
ENTRY(el2_secondary_entry)
	msr	daifset, #0xf
	mov_q	x1, SCTLR_EL2_RES1
	msr	sctlr_el2, x1
	mov_q	x1, CPTR_EL2_RES1
	msr	cptr_el2, x1
	mov_q	x1, HCR_HOST
	msr	hcr_el2, x1
	isb
	mov	x11, x0
	ldp	x0, x1, [x11, #0]
	ldp	x2, x3, [x11, #16]
	ldp	x4, x5, [x11, #32]
	ldp	x6, x7, [x11, #48]
	ldp	x8, x9, [x11, #64]
	b	el2_mmu_switch
END(el2_secondary_entry)

ENTRY(el2_mmu_switch)
	msr	mair_el2, x3
	msr	tcr_el2, x2
	msr	ttbr0_el2, x0
	isb
	/* Stale entries from firmware or a previous boot stage go first. */
	tlbi	alle2
	tlbi	alle1
	dsb	ish
	isb
	ic	iallu
	dsb	ish
	isb
	msr	sctlr_el2, x4
	isb
	/* MMU on; still executing at PA == VA through the identity map. */
	adr	x10, 1f
	and	x10, x10, #(MV_PAGE_SIZE - 1)
	orr	x10, x10, x5
	br	x10
1:	/* Now at the trampoline VA: the same page in the runtime set. */
	msr	ttbr0_el2, x1
	isb
	tlbi	alle2			/* EL2 entries carry no ASID */
	dsb	ish
	isb
	msr	vbar_el2, x8
	isb
	mov	sp, x7
	mov	x0, x9
	br	x6
END(el2_mmu_switch)
	.globl	el2_mmu_switch_end
el2_mmu_switch_end:
