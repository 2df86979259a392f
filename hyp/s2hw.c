/* hyp/s2hw.c - stage 2 on the hardware: pool-backed tables, stage-2 TLB
 * maintenance, VTCR/VTTBR, and asking the MMU to confirm the tables. */
#include "hyp/el2mmu.h"
#include "hyp/s2hw.h"
#include "hyp/sysreg.h"
#include "lib/log.h"

#define VMID 1

unsigned s2hw_last_map_pages;

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

static const struct pt_mm_ops s2hw_mm = {
	.zalloc_page = pool_mm_zalloc_page,
	.free_page = pool_mm_free_page,
	.phys_to_virt = pool_mm_p2v,
	.virt_to_phys = pool_mm_v2p,
	.tlb_inval = s2_tlb_inval,
	.ctx = &el2_pool,
};

const struct s2_alloc s2hw_alloc = {
	.mm = &s2hw_mm,
	.zalloc_pages = pool_mm_zalloc_pages,
	.free_pages = pool_mm_free_pages,
};

void s2hw_activate(const struct s2_table *t)
{
	write_sysreg(t->geom.vtcr, vtcr_el2);
	write_sysreg(s2_vttbr(t, VMID), vttbr_el2);
	isb();
	/* VTCR fields may be cached with the entries: flush the VMID. */
	s2hw_flush_vmid();
}

/* AT S12E1* walks the EL1&0 regime: stage 1 must be off (IPA = VA) and
 * stage 2 on, only for as long as the check runs. */
static u64 enter_at_context(void)
{
	u64 hcr = read_sysreg(hcr_el2);

	write_sysreg(0x30d00800ULL, sctlr_el1);	 /* RES1, M = 0 */
	write_sysreg(BIT(31) | BIT(0), hcr_el2); /* RW, VM */
	isb();
	return hcr;
}

static void leave_at_context(u64 hcr)
{
	write_sysreg(hcr, hcr_el2);
	isb();
}

void s2hw_flush_vmid(void)
{
	dsb(ishst);
	asm volatile("tlbi vmalls12e1is" : : : "memory");
	dsb(ish);
	isb();
}

int s2hw_translate(ipa_t at, pa_t *out)
{
	u64 hcr = enter_at_context(), par;

	asm volatile("at s12e1r, %0" : : "r"(at.v));
	isb();
	par = read_sysreg(par_el1);
	leave_at_context(hcr);
	if (par & 1)
		return -1;
	*out = pa((par & 0x000ffffffffff000ULL) | (at.v & 0xfff));
	return 0;
}

struct sample {
	u64 ipa;
	bool mapped;
};

static unsigned collect_samples(const struct s2_geom *g,
				const struct rma_area *rma, u64 seg,
				struct sample *s, unsigned max)
{
	u64 gran = 1ULL << g->gran_shift, base = RMA_GUEST_IPA;
	u64 end = base + rma->size, top = 1ULL << g->ia_bits;
	unsigned n = 0;

#define ADD(a, m)                                                              \
	do {                                                                   \
		if (n < max)                                                   \
			s[n++] = (struct sample){(a), (m)};                    \
	} while (0)
	ADD(base, true);
	ADD(base + 0x123 * 8, true);
	ADD(end - gran, true);
	ADD(base + rma->size / 2, true);
	/* Both sides of the first few segment boundaries. */
	for (u64 b = base + seg; b < end && b < base + 4 * seg; b += seg) {
		ADD(b - gran, true);
		ADD(b, true);
	}
	ADD(base - gran, false);
	ADD(end, false);
	ADD(0, false);
	ADD(top - gran, false);
	/* Where the hardware root's concatenated pages meet, if inside. */
	if (g->root_pages > 1) {
		u64 page_span = top / g->root_pages;
		ADD(page_span - gran,
		    page_span - gran >= base && page_span - gran < end);
		ADD(page_span, page_span >= base && page_span < end);
	}
#undef ADD
	return n;
}

int s2hw_selfcheck(const struct s2_geom *g, const struct rma_area *rma)
{
	struct page_pool *pool = &el2_pool;
	unsigned before = pool->used, n, ok = 0;
	struct sample s[24];
	struct s2_table t;
	u64 seg = 1ULL << (2 * g->gran_shift - 3);
	int ret = -1;

	if (s2_create(&t, g, &s2hw_alloc)) {
		pr_err("stage-2 self-check: no table memory");
		return -1;
	}
	if (s2_map(&t, ipa(RMA_GUEST_IPA), rma->base, rma->size,
		   PT_R | PT_W | PT_X)) {
		pr_err("stage-2 self-check: cannot map the RMA");
		goto out;
	}
	s2hw_last_map_pages = el2_pool.used - before;
	n = collect_samples(g, rma, seg, s, ARRAY_SIZE(s));
	s2hw_activate(&t);
	for (unsigned i = 0; i < n; i++) {
		pa_t got;
		int r = s2hw_translate(ipa(s[i].ipa), &got);
		u64 want = rma->base.v + (s[i].ipa - RMA_GUEST_IPA);

		if (s[i].mapped ? (r || got.v != want) : !r) {
			pr_err("stage-2 self-check: IPA %#llx %s (AT S12E1R %s "
			       "%#llx)",
			       (unsigned long long)s[i].ipa,
			       s[i].mapped ? "should map the RMA"
					   : "should fault",
			       r ? "faulted" : "gave PA",
			       (unsigned long long)(r ? 0 : got.v));
			goto out;
		}
		ok++;
	}
	ret = (int)ok;
out:
	s2_destroy(&t);
	s2hw_flush_vmid();
	write_sysreg(0, vttbr_el2);
	isb();
	if (pool->used != before) {
		pr_err("stage-2 self-check: %u table page(s) leaked",
		       pool->used - before);
		return -1;
	}
	return ret;
}
