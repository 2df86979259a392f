/* images/runtime/mmu.S - the appliance's EL1 stage-1 identity map (1 GiB blocks) and turning the MMU and caches on. */

/*
 * One level-1 table, 4 KiB granule, T0SZ = 31 (an 8 GiB VA space, walks
 * start at level 1, one entry per GiB):
 *
 *   [0, 1G)    Device-nGnRE, never executable (below guest RAM)
 *   [1G, 4G)   Normal write-back, inner shareable (guest RAM at 1G)
 *   [4G, 8G)   Device-nGnRE, never executable
 *
 * Mapping more than RAM is deliberate: an access to an IPA the guest does
 * not own is then a stage-2 fault the microvisor reports, whereas an
 * address at or above 8G faults at stage 1 and lands in the runtime's own
 * vectors. Page-granular permissions would buy little for a single
 * appliance and cost tables and TLB reach.
 */

#define PTE_BLOCK	(1 << 0)
#define PTE_ATTR(i)	((i) << 2)
#define PTE_SH_INNER	(3 << 8)
#define PTE_AF		(1 << 10)
#define PTE_PXN		(1 << 53)
#define PTE_UXN		(1 << 54)

#define MAIR_DEVICE	0	/* MAIR index: Device-nGnRE (0x04) */
#define MAIR_NORMAL	1	/* MAIR index: Normal WB RW-allocate (0xff) */
#define MAIR_VALUE	((0xff << (8 * MAIR_NORMAL)) | (0x04 << (8 * MAIR_DEVICE)))

#define BLOCK_DEVICE	(PTE_BLOCK | PTE_ATTR(MAIR_DEVICE) | PTE_AF | \
			 PTE_PXN | PTE_UXN)
#define BLOCK_NORMAL	(PTE_BLOCK | PTE_ATTR(MAIR_NORMAL) | PTE_SH_INNER | \
			 PTE_AF | PTE_UXN)

#define VA_BITS		33
#define TCR_T0SZ	(64 - VA_BITS)
#define TCR_IRGN0_WBWA	(1 << 8)
#define TCR_ORGN0_WBWA	(1 << 10)
#define TCR_SH0_INNER	(3 << 12)
#define TCR_TG0_4K	(0 << 14)
#define TCR_EPD1	(1 << 23)	/* no TTBR1 walks: nothing lives up there */
#define TCR_TG1_4K	(2 << 30)	/* unused, but a reserved value is UNPREDICTABLE */
#define TCR_IPS_SHIFT	32
#define TCR_IPS_40BIT	2
#define TCR_VALUE	(TCR_T0SZ | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | \
			 TCR_SH0_INNER | TCR_TG0_4K | TCR_EPD1 | TCR_TG1_4K)

#define SCTLR_M		(1 << 0)
#define SCTLR_C		(1 << 2)
#define SCTLR_SA	(1 << 3)
#define SCTLR_I		(1 << 12)
#define SCTLR_RES1	0x30d00800	/* bits 11, 20, 22, 23, 28, 29 in ARMv8.0 */
#define SCTLR_VALUE	(SCTLR_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I)

	.text

/*
 * mv_build_idmap: writes the eight level-1 entries of mv_pgd. Runs with
 * the MMU off and no stack, so aligned 8-byte stores only; x0-x4.
 */
	.global	mv_build_idmap
	.type	mv_build_idmap, %function
mv_build_idmap:
	adrp	x0, mv_pgd
	mov	x1, #0				/* entry index = GiB number */
1:	cmp	x1, #1
	b.lo	2f
	cmp	x1, #4
	b.hs	2f
	ldr	x2, =BLOCK_NORMAL
	b	3f
2:	ldr	x2, =BLOCK_DEVICE
3:	orr	x2, x2, x1, lsl #30		/* output address = input address */
	str	x2, [x0, x1, lsl #3]
	add	x1, x1, #1
	cmp	x1, #(1 << (VA_BITS - 30))
	b.lo	1b
	ret
	.size	mv_build_idmap, . - mv_build_idmap

/*
 * mv_enable_mmu: programs MAIR/TCR/TTBR0 and turns on the MMU with both
 * caches. The identity map keeps the next instruction at the same address.
 */
	.global	mv_enable_mmu
	.type	mv_enable_mmu, %function
mv_enable_mmu:
	ldr	x0, =MAIR_VALUE
	msr	mair_el1, x0

	/* IPS: 40 bits, or less if the CPU's PARange is smaller. */
	mrs	x1, id_aa64mmfr0_el1
	and	x1, x1, #0xf
	cmp	x1, #TCR_IPS_40BIT
	mov	x2, #TCR_IPS_40BIT
	csel	x1, x1, x2, lo
	ldr	x0, =TCR_VALUE
	orr	x0, x0, x1, lsl #TCR_IPS_SHIFT
	msr	tcr_el1, x0

	adrp	x0, mv_pgd
	msr	ttbr0_el1, x0
	isb

	/* Nothing may survive from whoever ran at EL1 before us. */
	tlbi	vmalle1
	dsb	nsh
	ic	iallu
	dsb	nsh
	isb

	ldr	x0, =SCTLR_VALUE
	msr	sctlr_el1, x0
	isb
	ret
	.size	mv_enable_mmu, . - mv_enable_mmu
	.ltorg

	.section .bss.mv_pgd, "aw", %nobits
	.balign	4096
	.global	mv_pgd
mv_pgd:
	.skip	4096
