/* hyp/vectors.S - EL2 exception vectors: every exception taken at EL2 ends in a decoded panic. */
#include "hyp/asm.h"
#include "hyp/exc.h"

/*
 * An exception taken from EL2 itself is a microvisor bug: those vectors
 * save the full register state on a dedicated panic stack - the faulting
 * SP may be the problem - and call el2_panic_exception(frame, index). The
 * old SP travels through SP_EL0, which EL2 does not otherwise use (a
 * panic ends everything anyway).
 *
 * Exceptions from the guest (lower EL) are exits: push the guest's x0/x1
 * on the EL2 stack and let hyp/guest.S save the rest.
 */
.macro vector, idx
	.balign	0x80
	msr	tpidr_el2, x0
	mov	x0, sp
	msr	sp_el0, x0
	adr_l	x0, __panic_stack_top
	mov	sp, x0
	mov	x0, #\idx
	b	el2_exception_entry
.endm

.macro guest_vector, idx
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mov	x1, #\idx
	b	guest_exit
.endm

/* Synchronous exits: calls among them take guest_exit_sync's lean path. */
.macro guest_sync_vector
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	b	guest_exit_sync
.endm

	.text
	.balign	0x800
ENTRY(el2_vectors)
	vector	0	/* current EL, SP_EL0: sync, irq, fiq, serror */
	vector	1
	vector	2
	vector	3
	vector	4	/* current EL, SP_ELx */
	vector	5
	vector	6
	vector	7
	guest_sync_vector	/* lower EL, AArch64: 8 */
	guest_vector 9
	guest_vector 10
	guest_vector 11
	guest_vector 12	/* lower EL, AArch32 (reported, never served) */
	guest_vector 13
	guest_vector 14
	guest_vector 15
END(el2_vectors)

/* Frame layout: struct exc_frame (hyp/exc.h). x0..x30 are stored in
 * pairs from EXC_FRAME_X = 0. */
ENTRY(el2_exception_entry)
	sub	sp, sp, #EXC_FRAME_SIZE
	stp	x1, x2, [sp, #8]
	mov	x1, x0				/* vector index, 2nd argument */
	mrs	x0, tpidr_el2			/* the interrupted x0 */
	str	x0, [sp, #0]
	stp	x3, x4, [sp, #24]
	stp	x5, x6, [sp, #40]
	stp	x7, x8, [sp, #56]
	stp	x9, x10, [sp, #72]
	stp	x11, x12, [sp, #88]
	stp	x13, x14, [sp, #104]
	stp	x15, x16, [sp, #120]
	stp	x17, x18, [sp, #136]
	stp	x19, x20, [sp, #152]
	stp	x21, x22, [sp, #168]
	stp	x23, x24, [sp, #184]
	stp	x25, x26, [sp, #200]
	stp	x27, x28, [sp, #216]
	stp	x29, x30, [sp, #232]
	mrs	x2, sp_el0
	mrs	x3, elr_el2
	stp	x2, x3, [sp, #EXC_FRAME_SP]
	mrs	x2, spsr_el2
	mrs	x3, esr_el2
	stp	x2, x3, [sp, #EXC_FRAME_SPSR]
	mrs	x2, far_el2
	str	x2, [sp, #EXC_FRAME_FAR]
	mov	x0, sp
	mov	x29, #0				/* end of frame-pointer chain */
	bl	el2_panic_exception
	b	.
END(el2_exception_entry)
