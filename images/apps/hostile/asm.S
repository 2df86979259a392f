/* images/apps/hostile/asm.S - the hostile appliance's assembly: register-exact calls, MMU-off accesses, stack and vector tricks, AArch32 entry, a CPU that turns itself off. */

#define SCTLR_M		(1 << 0)
#define SCTLR_NTWI	(1 << 16)
#define SCTLR_NTWE	(1 << 18)

	.text

/*
 * void hostile_call(const u64 in[30], u64 out[31], unsigned conduit)
 *
 * Loads x0..x29 from in[], makes one call through the conduit chosen by
 * 'conduit' (0: HVC #0, 1: HVC #1, 2: HVC #0xffff, 3: SMC #0, 4: SMC #1)
 * and stores x0..x30 as they came back into out[]. Everything but SP is
 * given a value, so a clobbered register cannot hide behind the compiler.
 * x30 carries the conduit's address in and must still hold it after.
 *
 * Frame: 0..95 callee-saved x19..x30, 96 the out pointer, 112.. the
 * 31 registers as they came back.
 */
#define FRAME		368
#define DUMP		112
	.global	hostile_call
	.type	hostile_call, %function
hostile_call:
	sub	sp, sp, #FRAME
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	str	x1, [sp, #96]

	cmp	w2, #4
	b.hi	9f
	adr	x30, 1f
	add	x30, x30, x2, lsl #3		/* each conduit is 8 bytes */

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
	ldp	x0, x1, [x0, #0]
	br	x30

1:	hvc	#0
	b	2f
	hvc	#1
	b	2f
	hvc	#0xffff
	b	2f
	smc	#0
	b	2f
	smc	#1
	b	2f

2:	stp	x0, x1, [sp, #DUMP + 0]
	stp	x2, x3, [sp, #DUMP + 16]
	stp	x4, x5, [sp, #DUMP + 32]
	stp	x6, x7, [sp, #DUMP + 48]
	stp	x8, x9, [sp, #DUMP + 64]
	stp	x10, x11, [sp, #DUMP + 80]
	stp	x12, x13, [sp, #DUMP + 96]
	stp	x14, x15, [sp, #DUMP + 112]
	stp	x16, x17, [sp, #DUMP + 128]
	stp	x18, x19, [sp, #DUMP + 144]
	stp	x20, x21, [sp, #DUMP + 160]
	stp	x22, x23, [sp, #DUMP + 176]
	stp	x24, x25, [sp, #DUMP + 192]
	stp	x26, x27, [sp, #DUMP + 208]
	stp	x28, x29, [sp, #DUMP + 224]
	str	x30, [sp, #DUMP + 240]

	ldr	x0, [sp, #96]
	add	x1, sp, #DUMP
	mov	x2, #31
3:	ldr	x3, [x1], #8
	str	x3, [x0], #8
	subs	x2, x2, #1
	b.ne	3b

9:	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	add	sp, sp, #FRAME
	ret
	.size	hostile_call, . - hostile_call

/*
 * MMU off for exactly one access: nothing else touches memory between
 * turning stage 1 off and back on, so no stale or dirty cache line can be
 * seen. With stage 1 off the address is the IPA and the access is
 * Device-nGnRnE (it must be aligned). A fault ends the guest (stage 2,
 * the microvisor) or lands in the runtime's vectors (stage 1: an address
 * beyond the CPU's physical address size); neither comes back here.
 *
 * u64 hostile_phys_load(u64 addr, unsigned size)	size 1, 2, 4, 8; 16 = LDP
 * void hostile_phys_store(u64 addr, unsigned size, u64 val)
 */
.macro	mmu_off
	mrs	x9, sctlr_el1
	bic	x10, x9, #SCTLR_M
	dsb	sy
	msr	sctlr_el1, x10
	isb
.endm

.macro	mmu_on
	msr	sctlr_el1, x9
	isb
.endm

	.global	hostile_phys_load
	.type	hostile_phys_load, %function
hostile_phys_load:
	mov	x11, x0
	mmu_off
	cmp	w1, #1
	b.eq	1f
	cmp	w1, #2
	b.eq	2f
	cmp	w1, #4
	b.eq	4f
	cmp	w1, #16
	b.eq	16f
	ldr	x0, [x11]
	b	9f
1:	ldrb	w0, [x11]
	b	9f
2:	ldrh	w0, [x11]
	b	9f
4:	ldr	w0, [x11]
	b	9f
16:	ldp	x0, x12, [x11]
	eor	x0, x0, x12
9:	mmu_on
	ret
	.size	hostile_phys_load, . - hostile_phys_load

	.global	hostile_phys_store
	.type	hostile_phys_store, %function
hostile_phys_store:
	mov	x11, x0
	mmu_off
	cmp	w1, #1
	b.eq	1f
	cmp	w1, #2
	b.eq	2f
	cmp	w1, #4
	b.eq	4f
	cmp	w1, #16
	b.eq	16f
	str	x2, [x11]
	b	9f
1:	strb	w2, [x11]
	b	9f
2:	strh	w2, [x11]
	b	9f
4:	str	w2, [x11]
	b	9f
16:	stp	x2, x2, [x11]
9:	mmu_on
	ret
	.size	hostile_phys_store, . - hostile_phys_store

/*
 * void hostile_phys_jump(u64 addr): turns stage 1 off and branches to
 * addr (an IPA then), never to return. With stage 1 on, the runtime maps
 * everything outside [1G, 4G) execute-never, so a fetch there would fault
 * at EL1 and never reach the microvisor.
 */
	.global	hostile_phys_jump
	.type	hostile_phys_jump, %function
hostile_phys_jump:
	mov	x11, x0
	mmu_off
	br	x11
	.size	hostile_phys_jump, . - hostile_phys_jump

/*
 * void hostile_on_stack(u64 sp, void (*fn)(void)): runs fn on the stack
 * ending at sp. fn is not expected to return; if it does, the old stack
 * comes back.
 */
	.global	hostile_on_stack
	.type	hostile_on_stack, %function
hostile_on_stack:
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	mov	x2, sp
	mov	sp, x0
	str	x2, [sp, #-16]!
	blr	x1
	ldr	x2, [sp], #16
	mov	sp, x2
	ldp	x29, x30, [sp], #16
	ret
	.size	hostile_on_stack, . - hostile_on_stack

/*
 * void hostile_vbar0_udf(void): VBAR_EL1 = 0, stage 1 off, then an
 * undefined instruction. The CPU vectors to 0x200 (current EL with
 * SP_ELx, synchronous), an IPA below guest RAM: the fetch faults at
 * stage 2. (With stage 1 on, 0x200 is execute-never at EL1 and the CPU
 * would take the same exception to the same vector forever.)
 */
	.global	hostile_vbar0_udf
	.type	hostile_vbar0_udf, %function
hostile_vbar0_udf:
	msr	vbar_el1, xzr
	isb
	mmu_off
	udf	#0x4d56
	.size	hostile_vbar0_udf, . - hostile_vbar0_udf

/*
 * void hostile_eret(u64 spsr, u64 elr, int el0, u64 x2): an exception
 * return from EL1 to whatever spsr says, with x2 as given, never to come
 * back here. With el0, stage 1 is turned off first, so code at elr needs
 * no stage-1 mapping (the runtime's map is execute-never for EL0), and
 * WFI/WFE at EL0 no longer trap to EL1 (SCTLR_EL1.nTWI/nTWE).
 */
	.global	hostile_eret
	.type	hostile_eret, %function
hostile_eret:
	msr	spsr_el1, x0
	msr	elr_el1, x1
	cbz	w2, 1f
	mrs	x9, sctlr_el1
	bic	x9, x9, #SCTLR_M
	orr	x9, x9, #SCTLR_NTWI
	orr	x9, x9, #SCTLR_NTWE
	dsb	sy
	msr	sctlr_el1, x9
1:	mov	x2, x3
	isb
	eret
	.size	hostile_eret, . - hostile_eret

/*
 * hostile_cpu_off_entry: where the cpu-on attack starts another CPU
 * (PSCI CPU_ON), MMU off, x0 = the context. It counts x0 down (keeping
 * the CPU on for a while, so a second CPU_ON finds it on) and then calls
 * PSCI CPU_OFF; it touches no memory, so it needs no stack, no MMU and
 * no coherence with CPU 0. If CPU_OFF returns, it spins.
 */
	.balign	4
	.global	hostile_cpu_off_entry
	.type	hostile_cpu_off_entry, %function
hostile_cpu_off_entry:
1:	cbz	x0, 2f
	sub	x0, x0, #1
	b	1b
2:	mov	w0, #0x0002
	movk	w0, #0x8400, lsl #16		/* PSCI_CPU_OFF */
	hvc	#0
3:	b	3b
	.size	hostile_cpu_off_entry, . - hostile_cpu_off_entry

/*
 * T32 code for the AArch32 EL0 attack, entered by hostile_eret in User
 * mode, Thumb state, with r2 = an address outside guest RAM:
 *
 *	movs	r1, #0
 *	wfi			16 bits; HCR_EL2.TWI traps it to EL2
 *	movs	r1, #1		must run after the WFI
 *	str	r1, [r2]	a stage-2 fault: the microvisor's report
 *	b	.		shows r1 (x1) as it was
 *
 * A trapped WFI must be stepped over by its own length (ESR_EL2.IL): a
 * microvisor that always adds 4 skips the second movs, and the report
 * shows x1 = 0.
 */
	.balign	4
	.global	hostile_t32_code
hostile_t32_code:
	.hword	0x2100, 0xbf30, 0x2101, 0x6011, 0xe7fe
	.balign	4
