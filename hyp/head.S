/* hyp/head.S - arm64 Image header, primary entry at EL2, self-relocation and the hand-off to the init page. */
#include "hyp/asm.h"
#include "hyp/el2mmu.h"
#include "hyp/layout.h"
#include "hyp/sysreg.h"

/* Image header flags: little-endian, page size, placement anywhere. */
#if MV_GRANULE_SHIFT == 12
#define HDR_PAGE 1
#elif MV_GRANULE_SHIFT == 14
#define HDR_PAGE 2
#else
#define HDR_PAGE 3
#endif
#define HDR_FLAGS ((HDR_PAGE << 1) | (1 << 3))

	.section .head.text, "ax"
ENTRY(_head)
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	.long	__image_size_lo		/* image_size: the whole footprint */
	.long	__image_size_hi
	.quad	HDR_FLAGS
	.quad	0, 0, 0			/* res2-res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5 */
END(_head)

	.text
/*
 * Entered with the MMU off, x0 = DTB PA, at whatever PA the bootloader
 * chose. Everything up to the MMU switch runs at that PA, so absolute
 * pointers in the image are first relocated to it, and relocated back to
 * the link VA just before the switch.
 */
ENTRY(primary_entry)
	mov	x19, x0				/* DTB */
	msr	daifset, #0xf

	/* Start the cycle counter first, so boot work is measured from
	 * here (exact instruction counts under QEMU -icount). PMCCFILTR.NSH
	 * lets it count at EL2; registers valid at EL1 too. */
	mrs	x0, id_aa64dfr0_el1
	ubfx	x0, x0, #8, #4			/* PMUVer */
	cbz	x0, 1f
	cmp	x0, #0xf
	b.eq	1f
	mov	x0, #PMCCFILTR_NSH
	msr	pmccfiltr_el0, x0
	mov	x0, #(PMCR_E | PMCR_C)		/* on, cycle counter reset */
	msr	pmcr_el0, x0
	mov	x0, #PMCNTEN_C
	msr	pmcntenset_el0, x0
	isb
1:
	adr_l	x0, __boot_stack_top
	mov	sp, x0

	adr_l	x0, __bss_start			/* BSS is not in the file */
	adr_l	x1, __bss_end
2:	cmp	x0, x1
	b.hs	3f
	stp	xzr, xzr, [x0], #16
	b	2b
3:
	adr_l	x0, __image_start		/* delta = load PA - link VA */
	mov_q	x1, MV_LINK_VA
	sub	x20, x0, x1
	mov	x0, x20
	bl	relocate

	mrs	x0, CurrentEL
	lsr	x0, x0, #2
	cmp	x0, #2
	b.eq	4f
	mov	x1, x19
	bl	boot_wrong_el			/* says why; does not return */
	b	.
4:
	/* A known EL2 state: MMU and D-cache off, our vectors. */
	mov_q	x0, SCTLR_EL2_RES1
	msr	sctlr_el2, x0
	adr_l	x0, el2_vectors
	msr	vbar_el2, x0
	mov_q	x0, CPTR_EL2_RES1		/* no FP trap, trap SVE */
	msr	cptr_el2, x0
	isb

	mrs	x0, cntpct_el0			/* stack-protector canary */
	mov_q	x1, 0x9e3779b97f4a7c15
	eor	x0, x0, x1
	adr_l	x1, __stack_chk_guard
	str	x0, [x1]

	mov	x0, x19
	bl	boot_main			/* x0 = struct mmu_switch * (PA) */
	mov	x21, x0

	mov	x0, #0				/* pointers back to link VAs */
	bl	relocate

	/* Tables, data and stacks were written with the MMU off: drop any
	 * stale cache lines before they are read through cacheable
	 * mappings. */
	adr_l	x0, __image_start
	adr_l	x1, __image_end
	bl	dcache_inval_range
	ic	iallu
	dsb	ish
	isb

	/* struct mmu_switch: 11 u64 values, see hyp/el2mmu.h */
	ldp	x0, x1, [x21, #0]
	ldp	x2, x3, [x21, #16]
	ldp	x4, x5, [x21, #32]
	ldp	x6, x7, [x21, #48]
	ldp	x8, x9, [x21, #64]
	ldr	x10, [x21, #MMU_SWITCH_INIT_PA]	/* init code PA */
	br	x10
END(primary_entry)

/*
 * relocate(delta): apply every R_AARCH64_RELATIVE entry as addend + delta,
 * at the location's current (load) address. Nothing else is expected in a
 * static PIE; anything else stops the boot loudly.
 */
ENTRY(relocate)
	adr_l	x1, __rela_start
	adr_l	x2, __rela_end
	adr_l	x3, __image_start		/* load address of link VA base */
	mov_q	x4, MV_LINK_VA
	sub	x3, x3, x4			/* location = r_offset + x3 */
1:	cmp	x1, x2
	b.hs	2f
	ldp	x4, x5, [x1], #24		/* r_offset, r_info */
	ldur	x6, [x1, #-8]			/* r_addend */
	cmp	x5, #1027			/* R_AARCH64_RELATIVE */
	b.ne	3f
	add	x6, x6, x0
	str	x6, [x4, x3]
	b	1b
2:	ret
3:	b	.				/* unreachable with a checked build */
END(relocate)

/* Invalidate [x0, x1) from the data caches by VA (PoC). */
ENTRY(dcache_inval_range)
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4			/* DminLine, log2 words */
	mov	x2, #4
	lsl	x2, x2, x3
	sub	x3, x2, #1
	bic	x0, x0, x3
	lsl	x4, x2, #2			/* four lines a turn... */
1:	add	x5, x0, x4
	cmp	x5, x1
	b.hi	2f
	dc	ivac, x0
	add	x6, x0, x2
	dc	ivac, x6
	add	x6, x6, x2
	dc	ivac, x6
	add	x6, x6, x2
	dc	ivac, x6
	mov	x0, x5
	b	1b
2:	cmp	x0, x1				/* ...then one at a time */
	b.hs	3f
	dc	ivac, x0
	add	x0, x0, x2
	b	2b
3:	dsb	sy
	ret
END(dcache_inval_range)
