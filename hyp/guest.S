/* hyp/guest.S - the world switch: enter the guest at EL1 with its registers, and come back on any exit. */
#include "hyp/asm.h"
#include "hyp/vcpu.h"

/* The offsets of struct vcpu, checked against it in hyp/vcpu.h. */
#define OFF_PC	   VCPU_PC
#define OFF_PSTATE VCPU_PSTATE
#define OFF_ESR	   VCPU_ESR
#define OFF_FAR	   VCPU_FAR
#define OFF_HPFAR  VCPU_HPFAR
#define OFF_HOST   VCPU_HOST

	.text
/*
 * unsigned guest_enter(struct vcpu *v)
 * Saves the caller's callee-saved registers and SP in v->host, loads the
 * guest's general registers, PC and PSTATE, and ERETs. An exit comes back
 * through guest_exit below, which returns from this function.
 */
ENTRY(guest_enter)
	stp	x19, x20, [x0, #OFF_HOST + 0]
	stp	x21, x22, [x0, #OFF_HOST + 16]
	stp	x23, x24, [x0, #OFF_HOST + 32]
	stp	x25, x26, [x0, #OFF_HOST + 48]
	stp	x27, x28, [x0, #OFF_HOST + 64]
	stp	x29, x30, [x0, #OFF_HOST + 80]
	mov	x1, sp
	str	x1, [x0, #OFF_HOST + 96]
	msr	tpidr_el2, x0			/* found again on exit */

	ldr	x1, [x0, #OFF_PC]
	msr	elr_el2, x1
	ldr	x1, [x0, #OFF_PSTATE]
	msr	spsr_el2, x1

	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0, #0]
	eret
	dsb	nsh				/* no speculation past ERET */
	isb
END(guest_enter)

/*
 * Entered from a lower-EL vector with the guest's x0 and x1 pushed on the
 * EL2 stack (still the stack guest_enter was called on) and x0 = slot.
 */
ENTRY(guest_exit)
	mrs	x1, tpidr_el2			/* struct vcpu * */
	stp	x2, x3, [x1, #16]
	stp	x4, x5, [x1, #32]
	stp	x6, x7, [x1, #48]
	stp	x8, x9, [x1, #64]
	stp	x10, x11, [x1, #80]
	stp	x12, x13, [x1, #96]
	stp	x14, x15, [x1, #112]
	stp	x16, x17, [x1, #128]
	stp	x18, x19, [x1, #144]
	stp	x20, x21, [x1, #160]
	stp	x22, x23, [x1, #176]
	stp	x24, x25, [x1, #192]
	stp	x26, x27, [x1, #208]
	stp	x28, x29, [x1, #224]
	str	x30, [x1, #240]
	ldp	x2, x3, [sp], #16		/* the guest's x0, x1 */
	stp	x2, x3, [x1, #0]

	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x1, #OFF_PC]
	mrs	x2, esr_el2
	mrs	x3, far_el2
	stp	x2, x3, [x1, #OFF_ESR]
	mrs	x2, hpfar_el2
	str	x2, [x1, #OFF_HPFAR]

	ldp	x19, x20, [x1, #OFF_HOST + 0]
	ldp	x21, x22, [x1, #OFF_HOST + 16]
	ldp	x23, x24, [x1, #OFF_HOST + 32]
	ldp	x25, x26, [x1, #OFF_HOST + 48]
	ldp	x27, x28, [x1, #OFF_HOST + 64]
	ldp	x29, x30, [x1, #OFF_HOST + 80]
	ldr	x2, [x1, #OFF_HOST + 96]
	mov	sp, x2
	ret					/* from guest_enter, x0 = slot */
END(guest_exit)
