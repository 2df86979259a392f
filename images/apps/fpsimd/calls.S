/* images/apps/fpsimd/calls.S - loads patterns into every V register, FPCR/FPSR, x8-x28 and some EL1 system registers, makes every hypercall and benign exit, and saves it all back. */
#include "fpsimd.h"

/*
 * In assembly so no compiler can spill, reload or reuse a register in
 * between: from the pattern loads to the final stores only x0-x7 (call
 * arguments and results), x29 (the state block) and x30 (the record
 * cursor) change hands; x8-x28, v0-v31, FPCR and FPSR must come back
 * exactly as loaded.
 */

/* Stores x0..x7 as the next record: what the call returned and preserved. */
.macro record
	stp	x0, x1, [x30], #16
	stp	x2, x3, [x30], #16
	stp	x4, x5, [x30], #16
	stp	x6, x7, [x30], #16
.endm

/*
 * An SMCCC call with x1 = arg, x2 = x3 = 0 and x4..x7 = patterns the call
 * must preserve ("mvcall": plain "call" would read like a branch).
 */
.macro mvcall, insn, id, arg
	add	x0, x29, #ST_IN_X4_7
	ldp	x4, x5, [x0]
	ldp	x6, x7, [x0, #16]
	ldr	x1, =\arg
	mov	x2, xzr
	mov	x3, xzr
	ldr	x0, =\id
	\insn	#0
	record
.endm

/*
 * CONSOLE_WRITE of n bytes from the console text's cursor, which then
 * advances by n; all six byte registers are loaded whatever n is, so the
 * microvisor must ignore the bytes past n.
 */
.macro console_write, n
	ldr	x0, [x29, #ST_IN_CONS]
	add	x1, x0, #\n
	str	x1, [x29, #ST_IN_CONS]
	ldp	x2, x3, [x0]
	ldp	x4, x5, [x0, #16]
	ldp	x6, x7, [x0, #32]
	mov	x1, #\n
	ldr	x0, =FID_CONSOLE_WRITE
	hvc	#0
	record
.endm

/* Sets a system register from ST_IN_SYS[i] and notes what it reads back as. */
.macro set_sys, reg, i
	ldr	x0, [x29, #(ST_IN_SYS + 8 * \i)]
	msr	\reg, x0
	mrs	x0, \reg
	str	x0, [x29, #(ST_SET_SYS + 8 * \i)]
.endm

.macro save_sys, reg, i
	mrs	x0, \reg
	str	x0, [x29, #(ST_OUT_SYS + 8 * \i)]
.endm

	.text
	.global	fpsimd_run
	.type	fpsimd_run, %function
/* void fpsimd_run(struct fp_state *s) */
fpsimd_run:
	stp	x29, x30, [sp, #-160]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	stp	d8, d9, [sp, #96]
	stp	d10, d11, [sp, #112]
	stp	d12, d13, [sp, #128]
	stp	d14, d15, [sp, #144]
	mov	x29, x0

	mov	x0, sp
	str	x0, [x29, #ST_SP_IN]
	mrs	x0, fpcr
	str	x0, [x29, #ST_SAVED_FPCR]

	set_sys	tpidr_el0, SYS_TPIDR_EL0
	set_sys	tpidrro_el0, SYS_TPIDRRO_EL0
	set_sys	tpidr_el1, SYS_TPIDR_EL1
	set_sys	sp_el0, SYS_SP_EL0
	set_sys	elr_el1, SYS_ELR_EL1
	set_sys	spsr_el1, SYS_SPSR_EL1

	ldr	x0, [x29, #ST_IN_FPCR]
	msr	fpcr, x0
	mrs	x0, fpcr			/* unimplemented bits read as 0 */
	str	x0, [x29, #ST_SET_FPCR]
	ldr	x0, [x29, #ST_IN_FPSR]
	msr	fpsr, x0
	mrs	x0, fpsr
	str	x0, [x29, #ST_SET_FPSR]

	add	x0, x29, #ST_IN_V
	ld1	{v0.16b-v3.16b}, [x0], #64
	ld1	{v4.16b-v7.16b}, [x0], #64
	ld1	{v8.16b-v11.16b}, [x0], #64
	ld1	{v12.16b-v15.16b}, [x0], #64
	ld1	{v16.16b-v19.16b}, [x0], #64
	ld1	{v20.16b-v23.16b}, [x0], #64
	ld1	{v24.16b-v27.16b}, [x0], #64
	ld1	{v28.16b-v31.16b}, [x0], #64

	add	x30, x29, #ST_IN_GPR
	ldp	x8, x9, [x30], #16
	ldp	x10, x11, [x30], #16
	ldp	x12, x13, [x30], #16
	ldp	x14, x15, [x30], #16
	ldp	x16, x17, [x30], #16
	ldp	x18, x19, [x30], #16
	ldp	x20, x21, [x30], #16
	ldp	x22, x23, [x30], #16
	ldp	x24, x25, [x30], #16
	ldp	x26, x27, [x30], #16
	ldr	x28, [x30]

	add	x30, x29, #ST_REC

	/* ---- the calls, in fpsimd.h's REC_* order ---- */
	mvcall	hvc, FID_SMCCC_VERSION, 0
	mvcall	hvc, FID_ARCH_FEATURES, ID_ARCH_WORKAROUND_1
	mvcall	hvc, FID_ARCH_FEATURES, ID_ARCH_UNASSIGNED
	mvcall	hvc, FID_HYP_CALL_UID, 0
	mvcall	hvc, FID_HYP_REVISION, 0

	.set	n, 0
	.rept	49
	console_write n
	.set	n, n + 1
	.endr
	mvcall	hvc, FID_CONSOLE_WRITE, (FID_CONSOLE_MAX+1)
	mvcall	hvc, FID_CONSOLE_WRITE, 0xffffffffffffffff

	mvcall	hvc, FID_CONSOLE_READ, 0
	mvcall	hvc, FID_PSCI_VERSION, 0
	mvcall	hvc, FID_PSCI_FEATURES, FID_PSCI_VERSION
	mvcall	hvc, FID_PSCI_FEATURES, FID_PSCI_SYSTEM_OFF
	mvcall	hvc, FID_PSCI_FEATURES, ID_PSCI_UNASSIGNED
	mvcall	hvc, FID_MIGRATE_INFO_TYPE, 0
	mvcall	hvc, ID_HYP_UNASSIGNED, 0
	mvcall	hvc, ID_ODD, 0
	mvcall	smc, FID_PSCI_VERSION, 0
	mvcall	smc, FID_SMCCC_VERSION, 0

	/*
	 * Exits that are not calls. A WFI sleeps until something could wake
	 * the guest (docs/abi.md), so the virtual timer is armed first,
	 * about 1 ms ahead (CNTFRQ / 1024): the WFI traps, the CPU sleeps at
	 * EL2, and the timer's physical interrupt wakes it. The guest's vGIC
	 * stays off and PSTATE.I masked, so nothing is delivered: the WFI
	 * just returns, through the world switch twice (the trap, then the
	 * interrupt). Should the timer already have fired (the host
	 * descheduled QEMU for a millisecond), that wake is spent and the WFI
	 * would sleep for good: ISTATUS says so, and the WFI is skipped (the
	 * interrupt was an exit all the same). Only x0 and x1 are used,
	 * which are not checked. The timer is off again before the WFE, which
	 * returns at once whatever is pending. The far accesses land in RAM
	 * the microvisor maps only on first touch (a stage-2 fault it serves).
	 */
	mrs	x1, cntfrq_el0
	lsr	x1, x1, #10
	isb
	mrs	x0, cntvct_el0
	add	x0, x0, x1
	msr	cntv_cval_el0, x0
	mov	x0, #1				/* ENABLE, IMASK clear */
	msr	cntv_ctl_el0, x0
	isb
	mrs	x0, cntv_ctl_el0
	tbnz	x0, #2, 1f			/* ISTATUS: fired already */
	wfi
1:	msr	cntv_ctl_el0, xzr
	isb
	wfe
	mrs	x0, cntvct_el0
	str	x0, [x29, #ST_CNT0]
	ldr	x0, [x29, #ST_IN_FAR_ST]
	ldr	x1, [x29, #ST_IN_FAR_VAL]
	str	x1, [x0]
	ldr	x0, [x29, #ST_IN_FAR_LD]
	ldr	x1, [x0]
	str	x1, [x29, #ST_FAR_LOADED]
	ldr	x0, [x29, #ST_IN_FAR_ST]
	ldr	x1, [x0]
	str	x1, [x29, #ST_FAR_READBACK]
	isb
	mrs	x0, cntvct_el0
	str	x0, [x29, #ST_CNT1]

	mvcall	hvc, FID_SMCCC_VERSION, 0

	/* ---- save everything back ---- */
	sub	x0, x30, x29
	sub	x0, x0, #ST_REC
	lsr	x0, x0, #6			/* ST_REC_SIZE */
	str	x0, [x29, #ST_NREC]
	mov	x0, sp
	str	x0, [x29, #ST_SP_OUT]

	add	x0, x29, #ST_OUT_V
	st1	{v0.16b-v3.16b}, [x0], #64
	st1	{v4.16b-v7.16b}, [x0], #64
	st1	{v8.16b-v11.16b}, [x0], #64
	st1	{v12.16b-v15.16b}, [x0], #64
	st1	{v16.16b-v19.16b}, [x0], #64
	st1	{v20.16b-v23.16b}, [x0], #64
	st1	{v24.16b-v27.16b}, [x0], #64
	st1	{v28.16b-v31.16b}, [x0], #64
	mrs	x0, fpcr
	str	x0, [x29, #ST_OUT_FPCR]
	mrs	x0, fpsr
	str	x0, [x29, #ST_OUT_FPSR]

	add	x0, x29, #ST_OUT_GPR
	stp	x8, x9, [x0], #16
	stp	x10, x11, [x0], #16
	stp	x12, x13, [x0], #16
	stp	x14, x15, [x0], #16
	stp	x16, x17, [x0], #16
	stp	x18, x19, [x0], #16
	stp	x20, x21, [x0], #16
	stp	x22, x23, [x0], #16
	stp	x24, x25, [x0], #16
	stp	x26, x27, [x0], #16
	str	x28, [x0]

	save_sys tpidr_el0, SYS_TPIDR_EL0
	save_sys tpidrro_el0, SYS_TPIDRRO_EL0
	save_sys tpidr_el1, SYS_TPIDR_EL1
	save_sys sp_el0, SYS_SP_EL0
	save_sys elr_el1, SYS_ELR_EL1
	save_sys spsr_el1, SYS_SPSR_EL1

	/* Leave nothing of the patterns behind for the C code. */
	msr	tpidr_el0, xzr
	msr	tpidrro_el0, xzr
	msr	tpidr_el1, xzr
	msr	sp_el0, xzr
	ldr	x0, [x29, #ST_SAVED_FPCR]
	msr	fpcr, x0
	msr	fpsr, xzr

	ldp	d14, d15, [sp, #144]
	ldp	d12, d13, [sp, #128]
	ldp	d10, d11, [sp, #112]
	ldp	d8, d9, [sp, #96]
	ldp	x27, x28, [sp, #80]
	ldp	x25, x26, [sp, #64]
	ldp	x23, x24, [sp, #48]
	ldp	x21, x22, [sp, #32]
	ldp	x19, x20, [sp, #16]
	ldp	x29, x30, [sp], #160
	ret
	.size	fpsimd_run, . - fpsimd_run
	.ltorg
