/* images/runtime/vectors.S - EL1 exception vectors: every exception is fatal, saved and handed to the C report. */

/*
 * No interrupts are delivered to the guest and the runtime takes no
 * exceptions on purpose, so every vector means "the appliance crashed".
 * The state is saved on a dedicated exception stack, because the faulting
 * SP may itself be the problem (an overflowed or misaligned stack). The
 * interrupted x0 and SP travel through TPIDR_EL1 and TPIDRRO_EL0, which
 * nothing else in the runtime uses; nothing returns from here.
 *
 * Frame layout (struct mv_exc_frame in runtime.h): x0..x30, sp, elr,
 * spsr, esr, far, vector slot.
 */
#define FRAME_SIZE	(37 * 8)

.macro vector, slot
	.balign	0x80
	msr	tpidr_el1, x0
	mov	x0, sp
	msr	tpidrro_el0, x0
	adrp	x0, mv_exc_stack_top
	add	x0, x0, :lo12:mv_exc_stack_top
	mov	sp, x0
	mov	x0, #\slot
	b	mv_exc_save
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
	vector	5
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
	.skip	8192
mv_exc_stack_top:
