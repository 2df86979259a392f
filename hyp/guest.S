/* hyp/guest.S - the world switch: enter the guest at EL1, and on each exit save it, run the exit handler and resume it, until the handler says stop. */
#include "hyp/asm.h"
#include "hyp/esr.h"
#include "hyp/vcpu.h"

/*
 * Two exit paths, one per register contract:
 *
 * - HVC and SMC (EC 0x16, 0x17) are SMCCC calls. SMCCC makes x18-x30 the
 *   callee's to preserve, and the C handler preserves x19-x29 itself
 *   (AAPCS64), so only x0-x18 and x30 are saved and loaded; the guest's
 *   x19-x29 stay in the registers throughout. vcpu_call(v) must not read
 *   or write v->x[19..29]. If it ends the guest they are saved then, so v
 *   is whole whenever the guest is not running.
 * - A data abort with a valid syndrome naming x0-x18 or xzr (an
 *   emulated device register, most likely) takes the same lean path to
 *   vcpu_mmio(v), which either serves it or sends it on to the full path
 *   below having changed nothing.
 * - Every other exit saves and loads all of x0-x30: its handler may read
 *   or write any register (a trapped MSR/MRS names any of them).
 */

.macro save_caller_regs			/* x0 = struct vcpu * */
	stp	x2, x3, [x0, #16]
	stp	x4, x5, [x0, #32]
	stp	x6, x7, [x0, #48]
	stp	x8, x9, [x0, #64]
	stp	x10, x11, [x0, #80]
	stp	x12, x13, [x0, #96]
	stp	x14, x15, [x0, #112]
	stp	x16, x17, [x0, #128]
	stp	x18, x30, [x0, #144]		/* x30 in x19's slot for now */
.endm

.macro save_callee_regs			/* x0 = struct vcpu * */
	ldr	x2, [x0, #144 + 8]		/* move x30 to its own slot */
	str	x2, [x0, #240]
	str	x19, [x0, #152]
	stp	x20, x21, [x0, #160]
	stp	x22, x23, [x0, #176]
	stp	x24, x25, [x0, #192]
	stp	x26, x27, [x0, #208]
	stp	x28, x29, [x0, #224]
.endm

	.text
/*
 * void guest_enter(struct vcpu *v)
 * Saves the caller's callee-saved registers and SP in v->host once, then
 * runs the guest: every exit is saved into v and handed to its handler on
 * this stack; while that returns true the guest is resumed at once, and
 * when it returns false this function returns.
 */
ENTRY(guest_enter)
	stp	x19, x20, [x0, #VCPU_HOST + 0]
	stp	x21, x22, [x0, #VCPU_HOST + 16]
	stp	x23, x24, [x0, #VCPU_HOST + 32]
	stp	x25, x26, [x0, #VCPU_HOST + 48]
	stp	x27, x28, [x0, #VCPU_HOST + 64]
	stp	x29, x30, [x0, #VCPU_HOST + 80]
	mov	x1, sp
	str	x1, [x0, #VCPU_HOST + 96]
	msr	tpidr_el2, x0			/* found again on every exit */
	b	guest_resume
END(guest_enter)

/* The start of every exit: the guest's x0 and x1 are on the EL2 stack (the
 * stack guest_enter was called on). Leaves x0 = v, x2 = ESR_EL2. */
.macro exit_entry
	mrs	x0, tpidr_el2			/* struct vcpu * */
	save_caller_regs
	ldp	x2, x3, [sp], #16		/* the guest's x0, x1 */
	stp	x2, x3, [x0, #0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x0, #VCPU_PC]
	mrs	x2, esr_el2			/* FAR, HPFAR: read when needed */
	str	x2, [x0, #VCPU_ESR]
.endm

/* Synchronous exits (vector slot 8): calls take the lean path. */
ENTRY(guest_exit_sync)
	exit_entry
	ubfx	x3, x2, #(ESR_EC_SHIFT + 1), #5	/* EC 0x16 or 0x17 */
	cmp	x3, #(EC_HVC64 >> 1)
	b.ne	3f
	bl	vcpu_call			/* (v) -> resume? */
	cbz	w0, 2f
lean_resume:
	mrs	x0, tpidr_el2
	ldr	x30, [x0, #144 + 8]
resume_caller_regs:			/* x0 = v, x30 loaded */
	ldp	x1, x2, [x0, #VCPU_PC]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldr	x18, [x0, #144]
	ldp	x0, x1, [x0, #0]
	eret
	dsb	nsh				/* no speculation past ERET */
	isb

2:	mrs	x0, tpidr_el2			/* a call ended the guest: */
	save_callee_regs			/* keep v whole */
	b	guest_done

	/* A data abort (EC 0x24) with ISV set whose SRT is x0-x18 or xzr
	 * (x30 sits in x19's slot on this path). */
3:	ubfx	x3, x2, #ESR_EC_SHIFT, #6
	cmp	x3, #EC_DABT_LOW
	b.ne	1f
	tbz	x2, #24, 1f			/* ISS.ISV */
	ubfx	x3, x2, #16, #5			/* ISS.SRT */
	cmp	x3, #19
	b.lo	4f
	cmp	x3, #31
	b.ne	1f
4:	bl	vcpu_mmio			/* (v) -> stop, resume, full */
	cmp	w0, #VCPU_MMIO_RESUME
	b.eq	lean_resume
	cbz	w0, 2b
	mrs	x0, tpidr_el2			/* not an emulated register */
1:	mov	x1, #GUEST_EXIT_SYNC
	b	full_exit
END(guest_exit_sync)

/* Every other exit, x1 = the vector slot: all registers saved. */
ENTRY(guest_exit)
	exit_entry
full_exit:
	save_callee_regs
	mov	x29, #0				/* the guest's FP means nothing here */
	bl	vcpu_exit			/* (v, slot) -> resume? */
	cbz	w0, guest_done
	/* fall through */
guest_resume:
	mrs	x0, tpidr_el2
	ldr	x19, [x0, #152]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldr	x30, [x0, #240]
	b	resume_caller_regs

guest_done:
	mrs	x1, tpidr_el2
	ldp	x19, x20, [x1, #VCPU_HOST + 0]
	ldp	x21, x22, [x1, #VCPU_HOST + 16]
	ldp	x23, x24, [x1, #VCPU_HOST + 32]
	ldp	x25, x26, [x1, #VCPU_HOST + 48]
	ldp	x27, x28, [x1, #VCPU_HOST + 64]
	ldp	x29, x30, [x1, #VCPU_HOST + 80]
	ldr	x2, [x1, #VCPU_HOST + 96]
	mov	sp, x2
	ret					/* from guest_enter */
END(guest_exit)
