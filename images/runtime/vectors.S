/* images/runtime/vectors.S - EL1 exception vectors: IRQs go to the C dispatcher and return; every other exception is fatal, saved and handed to the C report. */

/*
 * An IRQ taken from EL1h (the runtime and the appliance run on SP_EL1) is
 * the only exception the runtime expects: see mv_irq_entry below. FIQs
 * are not used (every interrupt is Group 1), and an IRQ on any other
 * vector means the CPU is in a state the runtime never sets up.
 *
 * Every other vector means "the appliance crashed".
 * The state is saved on a dedicated exception stack (one per CPU),
 * because the faulting SP may itself be the problem (an overflowed or
 * misaligned stack). The
 * interrupted x0 and SP travel through TPIDR_EL1 and TPIDRRO_EL0, which
 * nothing else in the runtime uses; nothing returns from here.
 *
 * Frame layout (struct mv_exc_frame in runtime.h): x0..x30, sp, elr,
 * spsr, esr, far, vector slot.
 */
#define FRAME_SIZE	(37 * 8)

/* One exception stack per CPU (two may crash at once), by MPIDR Aff0. */
#define MV_MAX_CPUS	8
#define EXC_STACK_SHIFT	13		/* 8 KiB each */

.macro vector, slot
	.balign	0x80
	msr	tpidr_el1, x0
	mov	x0, sp
	msr	tpidrro_el0, x0
	/* This CPU's exception stack: SP itself is the second register. */
	mrs	x0, mpidr_el1
	and	x0, x0, #(MV_MAX_CPUS - 1)
	lsl	x0, x0, #EXC_STACK_SHIFT
	mov	sp, x0
	adrp	x0, mv_exc_stack_top
	add	x0, x0, :lo12:mv_exc_stack_top
	add	sp, sp, x0
	mov	x0, #\slot
	b	mv_exc_save
.endm

/*
 * The IRQ frame, on the interrupted stack (no red zone in AAPCS64): the
 * caller-saved x0-x18 and x30 (the C dispatcher keeps x19-x29), ELR and
 * SPSR (so a handler may unmask IRQs and be preempted: the entry is
 * re-entrant), FPCR, FPSR and all of q0-q31 (handlers are ordinary C
 * and may use FP/SIMD; the interrupted code may hold live values in any
 * of them, the upper halves of v8-v15 included).
 */
#define IRQ_GPR		0		/* x0..x17, then x18, x30 */
#define IRQ_ELR		(16 * 10)
#define IRQ_FPCR	(16 * 11)
#define IRQ_Q		(16 * 12)
#define IRQ_FRAME_SIZE	(IRQ_Q + 32 * 16)

.macro irq_vector
	.balign	0x80
	sub	sp, sp, #IRQ_FRAME_SIZE
	stp	x0, x1, [sp, #IRQ_GPR]
	b	mv_irq_entry
.endm

	.text
	.balign	0x800
	.global	mv_vectors
mv_vectors:
	vector	0	/* current EL with SP_EL0: sync, IRQ, FIQ, SError */
	vector	1
	vector	2
	vector	3
	vector	4	/* current EL with SP_EL1 (the runtime runs in EL1h) */
	irq_vector
	vector	6
	vector	7
	vector	8	/* lower EL, AArch64 (there is no EL0 code) */
	vector	9
	vector	10
	vector	11
	vector	12	/* lower EL, AArch32 */
	vector	13
	vector	14
	vector	15

	.type	mv_irq_entry, %function
mv_irq_entry:
	stp	x2, x3, [sp, #IRQ_GPR + 16 * 1]
	stp	x4, x5, [sp, #IRQ_GPR + 16 * 2]
	stp	x6, x7, [sp, #IRQ_GPR + 16 * 3]
	stp	x8, x9, [sp, #IRQ_GPR + 16 * 4]
	stp	x10, x11, [sp, #IRQ_GPR + 16 * 5]
	stp	x12, x13, [sp, #IRQ_GPR + 16 * 6]
	stp	x14, x15, [sp, #IRQ_GPR + 16 * 7]
	stp	x16, x17, [sp, #IRQ_GPR + 16 * 8]
	stp	x18, x30, [sp, #IRQ_GPR + 16 * 9]
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x0, x1, [sp, #IRQ_ELR]
	mrs	x0, fpcr
	mrs	x1, fpsr
	stp	x0, x1, [sp, #IRQ_FPCR]
	add	x0, sp, #IRQ_Q
	stp	q0, q1, [x0, #32 * 0]
	stp	q2, q3, [x0, #32 * 1]
	stp	q4, q5, [x0, #32 * 2]
	stp	q6, q7, [x0, #32 * 3]
	stp	q8, q9, [x0, #32 * 4]
	stp	q10, q11, [x0, #32 * 5]
	stp	q12, q13, [x0, #32 * 6]
	stp	q14, q15, [x0, #32 * 7]
	stp	q16, q17, [x0, #32 * 8]
	stp	q18, q19, [x0, #32 * 9]
	stp	q20, q21, [x0, #32 * 10]
	stp	q22, q23, [x0, #32 * 11]
	stp	q24, q25, [x0, #32 * 12]
	stp	q26, q27, [x0, #32 * 13]
	stp	q28, q29, [x0, #32 * 14]
	stp	q30, q31, [x0, #32 * 15]

	bl	mv_irq_dispatch

	/* Masked (the dispatcher returns so): ELR/SPSR are ours until eret. */
	msr	daifset, #2
	add	x0, sp, #IRQ_Q
	ldp	q0, q1, [x0, #32 * 0]
	ldp	q2, q3, [x0, #32 * 1]
	ldp	q4, q5, [x0, #32 * 2]
	ldp	q6, q7, [x0, #32 * 3]
	ldp	q8, q9, [x0, #32 * 4]
	ldp	q10, q11, [x0, #32 * 5]
	ldp	q12, q13, [x0, #32 * 6]
	ldp	q14, q15, [x0, #32 * 7]
	ldp	q16, q17, [x0, #32 * 8]
	ldp	q18, q19, [x0, #32 * 9]
	ldp	q20, q21, [x0, #32 * 10]
	ldp	q22, q23, [x0, #32 * 11]
	ldp	q24, q25, [x0, #32 * 12]
	ldp	q26, q27, [x0, #32 * 13]
	ldp	q28, q29, [x0, #32 * 14]
	ldp	q30, q31, [x0, #32 * 15]
	ldp	x0, x1, [sp, #IRQ_FPCR]
	msr	fpcr, x0
	msr	fpsr, x1
	ldp	x0, x1, [sp, #IRQ_ELR]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldp	x18, x30, [sp, #IRQ_GPR + 16 * 9]
	ldp	x16, x17, [sp, #IRQ_GPR + 16 * 8]
	ldp	x14, x15, [sp, #IRQ_GPR + 16 * 7]
	ldp	x12, x13, [sp, #IRQ_GPR + 16 * 6]
	ldp	x10, x11, [sp, #IRQ_GPR + 16 * 5]
	ldp	x8, x9, [sp, #IRQ_GPR + 16 * 4]
	ldp	x6, x7, [sp, #IRQ_GPR + 16 * 3]
	ldp	x4, x5, [sp, #IRQ_GPR + 16 * 2]
	ldp	x2, x3, [sp, #IRQ_GPR + 16 * 1]
	ldp	x0, x1, [sp, #IRQ_GPR]
	add	sp, sp, #IRQ_FRAME_SIZE
	eret
	.size	mv_irq_entry, . - mv_irq_entry

	.type	mv_exc_save, %function
mv_exc_save:
	sub	sp, sp, #FRAME_SIZE
	stp	x1, x2, [sp, #8 * 1]
	stp	x3, x4, [sp, #8 * 3]
	stp	x5, x6, [sp, #8 * 5]
	stp	x7, x8, [sp, #8 * 7]
	stp	x9, x10, [sp, #8 * 9]
	stp	x11, x12, [sp, #8 * 11]
	stp	x13, x14, [sp, #8 * 13]
	stp	x15, x16, [sp, #8 * 15]
	stp	x17, x18, [sp, #8 * 17]
	stp	x19, x20, [sp, #8 * 19]
	stp	x21, x22, [sp, #8 * 21]
	stp	x23, x24, [sp, #8 * 23]
	stp	x25, x26, [sp, #8 * 25]
	stp	x27, x28, [sp, #8 * 27]
	stp	x29, x30, [sp, #8 * 29]
	str	x0, [sp, #8 * 36]		/* vector slot */
	mrs	x1, tpidr_el1
	str	x1, [sp, #8 * 0]		/* the interrupted x0 */
	mrs	x1, tpidrro_el0
	mrs	x2, elr_el1
	stp	x1, x2, [sp, #8 * 31]		/* sp, elr */
	mrs	x1, spsr_el1
	mrs	x2, esr_el1
	stp	x1, x2, [sp, #8 * 33]		/* spsr, esr */
	mrs	x1, far_el1
	str	x1, [sp, #8 * 35]
	mov	x0, sp
	mov	x29, xzr			/* a fresh frame chain for the report */
	bl	mv_exception
1:	wfi					/* mv_exception does not return */
	b	1b
	.size	mv_exc_save, . - mv_exc_save

	.section .bss.mv_exc_stack, "aw", %nobits
	.balign	16
mv_exc_stack:
	.skip	1 << EXC_STACK_SHIFT		/* CPU 0's; CPU n's is n slots up */
mv_exc_stack_top:
	.skip	(MV_MAX_CPUS - 1) << EXC_STACK_SHIFT
