/* hyp/s2hw.c - stage 2 on the hardware: pool-backed tables with stage-2 TLB
 * maintenance, VTCR/VTTBR, and AT-based translation. */
#include "hyp/el2mmu.h"
#include "hyp/s2hw.h"
#include "hyp/sysreg.h"
#include "lib/pool.h"

/*
 * One IPA whose entry was just made invalid (BBM step 2), for the VMID in
 * VTTBR_EL2: the stage-2 entry, then any combined stage-1+2 entries, with
 * the DSB between them so no walk refills from the old entry.
 */
static void s2_tlb_inval(void *ctx, u64 ia, int level)
{
	(void)ctx;
	(void)level;
	dsb(ishst);
	asm volatile("tlbi ipas2e1is, %0" : : "r"(ia >> 12) : "memory");
	dsb(ish);
	asm volatile("tlbi vmalle1is" : : : "memory");
	dsb(ish);
	isb();
}

const struct pt_mm_ops s2hw_mm = {
	.zalloc_page = pool_mm_zalloc_page,
	.free_page = pool_mm_free_page,
	.phys_to_virt = pool_mm_p2v,
	.virt_to_phys = pool_mm_v2p,
	.tlb_inval = s2_tlb_inval,
	.ctx = &el2_pool,
};

void *s2hw_zalloc_pages(void *ctx, unsigned n, u64 align)
{
	return pool_mm_zalloc_pages(ctx, n, align);
}

void s2hw_free_pages(void *ctx, void *va, unsigned n)
{
	pool_mm_free_pages(ctx, va, n);
}

unsigned s2hw_pages_used(void)
{
	return el2_pool.used;
}

void s2hw_flush_vmid(void)
{
	dsb(ishst);
	asm volatile("tlbi vmalls12e1is" : : : "memory");
	dsb(ish);
	isb();
}

void s2hw_activate(u64 vtcr, u64 vttbr)
{
	write_sysreg(vtcr, vtcr_el2);
	write_sysreg(vttbr, vttbr_el2);
	isb();
	/* VTCR fields may be cached with the entries: flush the VMID. */
	s2hw_flush_vmid();
}

void s2hw_deactivate(void)
{
	s2hw_flush_vmid();
	write_sysreg(0, vttbr_el2);
	isb();
}

int s2hw_translate(ipa_t at, pa_t *out)
{
	/* AT S12E1* walks the EL1&0 regime: stage 1 must be off (IPA = VA)
	 * and stage 2 on, only for as long as the walk runs. */
	u64 hcr = read_sysreg(hcr_el2), par;

	write_sysreg(SCTLR_EL1_RESET, sctlr_el1); /* M = 0 */
	write_sysreg(HCR_AT_S12, hcr_el2);
	isb();
	asm volatile("at s12e1r, %0" : : "r"(ipa_addr(at)));
	isb();
	par = read_sysreg(par_el1);
	write_sysreg(hcr, hcr_el2);
	isb();
	if (par & 1)
		return -1;
	*out = pa((par & GENMASK(51, 12)) | (ipa_addr(at) & 0xfff));
	return 0;
}
