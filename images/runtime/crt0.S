/* images/runtime/crt0.S - appliance entry: FP/SIMD on, vectors, BSS, stage-1 identity map and caches, then C; the same for each CPU started later, on its own stack. */

/*
 * Entered at the first byte of the image (IPA 0x40000000) in EL1h with
 * DAIF masked, the MMU and caches off, and x0 = the IPA of the guest DTB.
 *
 * Until the MMU is on every data access is Device-nGnRnE: unaligned
 * accesses fault and DC ZVA is not allowed, so everything here uses
 * aligned stores of whole registers and touches no stack.
 */

#define SCTLR_M		(1 << 0)
#define SCTLR_C		(1 << 2)
#define SCTLR_SA	(1 << 3)
#define SCTLR_I		(1 << 12)
/* RES1 bits of SCTLR_EL1 in ARMv8.0: 11, 20, 22, 23, 28, 29. */
#define SCTLR_RES1	0x30d00800

#define CPACR_FPEN_ALL	(3 << 20)

/*
 * Every CPU's first steps. FP/SIMD first: newlib's string and printf code
 * may use the SIMD registers, and so may compiler-generated copies
 * anywhere. Then the vectors, before anything can fault, so every fault
 * is reported.
 */
.macro cpu_basics
	mov	x1, #CPACR_FPEN_ALL
	msr	cpacr_el1, x1
	adrp	x1, mv_vectors
	add	x1, x1, :lo12:mv_vectors
	msr	vbar_el1, x1
	isb
.endm

	.section .text.boot, "ax"
	.global	_start
	.type	_start, %function
_start:
	mov	x19, x0				/* the DTB, kept for C */
	cpu_basics

	/*
	 * BSS (it holds the page tables and the stack) is written with the
	 * caches off, so no stale line may shadow it once they are on: drop
	 * any lines before clearing (a dirty one would otherwise be written
	 * back over our zeros later) and again after (one may have been
	 * allocated meanwhile by a speculative fill through another alias).
	 */
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
	bl	dcache_civac_range

	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1				/* 16-byte aligned by appliance.ld */
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:
	bl	mv_build_idmap			/* fills mv_pgd, in BSS */

	dsb	sy
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
	bl	dcache_civac_range

	bl	mv_enable_mmu

	adrp	x0, mv_stack_top
	add	x0, x0, :lo12:mv_stack_top
	mov	sp, x0
	mov	x29, xzr			/* ends frame-pointer chains */
	mov	x30, xzr

	/*
	 * The stack protector's canary, set here because every protected
	 * C function compares it on return. The virtual counter is the
	 * only entropy there is (CNTPCT may be trapped by EL2); the low
	 * byte stays zero so string overflows stop at it.
	 */
	mrs	x0, cntvct_el0
	ldr	x1, =0x9e3779b97f4a7c15
	mul	x0, x0, x1
	and	x0, x0, #~0xff
	adrp	x1, __stack_chk_guard
	str	x0, [x1, :lo12:__stack_chk_guard]

	mov	x0, x19
	bl	mv_runtime_start		/* never returns */
3:	wfi
	b	3b
	.size	_start, . - _start
	.ltorg

/*
 * A CPU started by mv_cpu_start() (PSCI CPU_ON) begins here, in EL1h with
 * DAIF masked, MMU and caches off, every EL1 system register at its reset
 * value and x0 = the context (its CPU number). It turns on what crt0 gave
 * CPU 0, with CPU 0's page tables (built and cleaned to the point of
 * coherency long before), and only then touches memory: with the MMU off
 * its loads would bypass the caches, where CPU 0's writes may still be.
 * Its stack is mv_cpu_stacks' slot for MPIDR_EL1.Aff0 (the microvisor's
 * vCPU number: 1 to MV_MAX_CPUS - 1, as mv_cpu_start() checks), whose
 * top is mv_cpu_stacks + Aff0 * MV_CPU_STACK_SIZE.
 */
#define MV_MAX_CPUS		8
#define MV_CPU_STACK_SIZE	(32 * 1024)

	.section .text.boot, "ax"
	.global	mv_secondary_entry
	.type	mv_secondary_entry, %function
	.balign	4
mv_secondary_entry:
	mov	x19, x0				/* the context, kept for C */
	cpu_basics

	bl	mv_enable_mmu			/* no memory touched: registers only */

	mrs	x0, mpidr_el1
	and	x0, x0, #(MV_MAX_CPUS - 1)
	mov	x1, #MV_CPU_STACK_SIZE
	mul	x0, x0, x1
	adrp	x1, mv_cpu_stacks
	add	x1, x1, :lo12:mv_cpu_stacks
	add	x0, x0, x1
	mov	sp, x0
	mov	x29, xzr
	mov	x30, xzr

	mov	x0, x19
	bl	mv_secondary_start		/* never returns */
1:	wfi
	b	1b
	.size	mv_secondary_entry, . - mv_secondary_entry

/*
 * dcache_civac_range(start = x0, end = x1): clean and invalidate data cache
 * lines to the point of coherency. Uses x0-x3 only.
 */
	.text
	.type	dcache_civac_range, %function
dcache_civac_range:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4			/* DminLine: log2(words) */
	mov	x2, #4
	lsl	x2, x2, x3			/* line size in bytes */
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	cmp	x0, x1
	b.hs	2f
	dc	civac, x0
	add	x0, x0, x2
	b	1b
2:	dsb	sy
	ret
	.size	dcache_civac_range, . - dcache_civac_range

/* Stack for the runtime and the appliance: MV_STACK_SIZE bytes in BSS. */
#define MV_STACK_SIZE (64 * 1024)
	.section .bss.mv_stack, "aw", %nobits
	.balign	16
	.global	mv_stack_bottom
mv_stack_bottom:
	.skip	MV_STACK_SIZE
	.global	mv_stack_top
mv_stack_top:

/*
 * The other CPUs' stacks, one MV_CPU_STACK_SIZE slot each for Aff0 1 to
 * MV_MAX_CPUS - 1 (CPU 0 runs on mv_stack). Like everything in BSS,
 * cleared and cleaned by CPU 0 before its MMU went on.
 */
	.section .bss.mv_cpu_stacks, "aw", %nobits
	.balign	16
	.global	mv_cpu_stacks
mv_cpu_stacks:
	.skip	MV_CPU_STACK_SIZE * (MV_MAX_CPUS - 1)

/* The stack protector canary (libfdt is built with it, so it must exist). */
	.section .bss.mv_canary, "aw", %nobits
	.balign	8
	.global	__stack_chk_guard
__stack_chk_guard:
	.skip	8
