/* guestmem/stage2.c - stage-2 tables: a concatenated hardware root under a
 * software-only dummy pgd, one mechanism for 0, 1 or 2 folded levels, built and
 * freed by walker visitors. */
#include "guestmem/stage2.h"
#include "hyp/decode.h"

/* Input bits one hardware root page resolves: the span of one page. */
static unsigned root_page_span(const struct s2_geom *g)
{
	return pt_level_shift(&g->hw, g->hw.start_level) + g->hw.stride;
}

/*
 * Building the dummy levels, one visit per level on the path to one
 * hardware root page: an empty dummy entry gets a fresh table (the walker
 * then descends into it), and the entry just above the hardware start
 * level points at the root page that covers the address. Entries at and
 * below the hardware start level are not the dummy's business.
 */
static int link_visit(struct pt_visit_ctx *ctx)
{
	struct s2_table *t = ctx->arg;
	const struct pt_mm_ops *mm = t->alloc->mm;
	int hw = t->geom.hw.start_level;
	void *next;

	if (ctx->level >= hw || (ctx->old & PT_DESC_VALID))
		return 0;
	if (ctx->level == hw - 1) {
		u64 page = ctx->addr >> root_page_span(&t->geom);

		*ctx->ptep = pt_table_desc(
			ctx->pt,
			pa_add(t->hwpgd_pa, page << t->geom.gran_shift));
		return 0;
	}
	next = mm->zalloc_page(mm->ctx);
	if (!next)
		return PT_ENOMEM;
	*ctx->ptep = pt_table_desc(ctx->pt, mm->virt_to_phys(mm->ctx, next));
	return 0;
}

/*
 * Freeing, post-order over the whole IPA space: every table below the
 * hardware root and every dummy table goes; an entry that points into
 * the hardware root is only cleared (the root is one contiguous run,
 * freed by the caller).
 */
static int free_visit(struct pt_visit_ctx *ctx)
{
	struct s2_table *t = ctx->arg;
	const struct pt_mm_ops *mm = t->alloc->mm;

	if (ctx->level != t->geom.hw.start_level - 1)
		mm->free_page(
			mm->ctx,
			mm->phys_to_virt(mm->ctx, pt_desc_pa(ctx->pt, ctx->old,
							     ctx->level)));
	*ctx->ptep = 0;
	return 0;
}

static void free_tables(struct s2_table *t)
{
	struct pt_walker w = {
		.cb = free_visit,
		.arg = t,
		.flags = PT_VISIT_TABLE_POST,
	};

	pt_walk(&t->pt, 0, 1ULL << t->geom.ia_bits, &w);
}

enum pt_result s2_create(struct s2_table *t, const struct s2_geom *g,
			 const struct s2_alloc *a)
{
	const struct pt_mm_ops *mm = a->mm;
	u64 align = (u64)g->root_pages << g->gran_shift;
	struct pt_walker link = {
		.cb = link_visit,
		.arg = t,
		.flags = PT_VISIT_LEAF,
	};
	u64 *dummy;

	t->hwpgd = NULL; /* so s2_destroy after a failed create is harmless */
	if (g->folded > 2 ||
	    g->hw.start_level - g->sw.start_level != (int)g->folded)
		return PT_EINVAL;
	t->geom = *g;
	t->alloc = a;
	t->hwpgd = a->zalloc_pages(mm->ctx, g->root_pages, align);
	if (!t->hwpgd)
		return PT_ENOMEM;
	t->hwpgd_pa = mm->virt_to_phys(mm->ctx, t->hwpgd);
	if (!g->folded) {
		/* Nothing to fold: software walks the (wide) hardware root. */
		pt_init_with_root(&t->pt, &g->sw, PT_S2, mm, t->hwpgd);
		return PT_OK;
	}
	dummy = mm->zalloc_page(mm->ctx);
	if (!dummy)
		goto fail;
	pt_init_with_root(&t->pt, &g->sw, PT_S2, mm, dummy);
	/* One walk to the first address of each hardware root page. */
	for (u64 p = 0; p < g->root_pages; p++)
		if (pt_walk(&t->pt, p << root_page_span(g), 1, &link))
			goto fail;
	return PT_OK;

fail:
	if (dummy) {
		free_tables(t);
		mm->free_page(mm->ctx, dummy);
	}
	a->free_pages(mm->ctx, t->hwpgd, g->root_pages);
	t->hwpgd = NULL;
	return PT_ENOMEM;
}

void s2_destroy(struct s2_table *t)
{
	const struct pt_mm_ops *mm;

	if (!t->hwpgd)
		return;
	mm = t->alloc->mm;
	free_tables(t);
	if (t->geom.folded)
		mm->free_page(mm->ctx, t->pt.root);
	t->alloc->free_pages(mm->ctx, t->hwpgd, t->geom.root_pages);
	t->hwpgd = NULL;
	t->pt.root = NULL;
}

enum pt_result s2_map(struct s2_table *t, ipa_t ipa, pa_t pa, u64 size,
		      unsigned prot)
{
	/* Output addresses at or above 2^PS would be address-size faults. */
	u64 lim = 1ULL << decode_parange_bits(t->geom.ps);

	if (pa_addr(pa) >= lim || size > lim - pa_addr(pa))
		return PT_EINVAL;
	return pt_map(&t->pt, ipa_addr(ipa), pa, size, prot);
}

enum pt_result s2_unmap(struct s2_table *t, ipa_t ipa, u64 size)
{
	return pt_unmap(&t->pt, ipa_addr(ipa), size);
}

int s2_lookup(const struct s2_table *t, ipa_t ipa, pa_t *out, unsigned *prot,
	      int *level)
{
	return pt_lookup(&t->pt, ipa_addr(ipa), out, prot, level);
}

u64 s2_vttbr(const struct s2_table *t, unsigned vmid)
{
	u64 p = pa_addr(t->hwpgd_pa);

	/* BADDR[47:1]; with a 52-bit PS, BADDR[51:48] goes in bits [5:2]. */
	return (p & GENMASK(47, 1)) | (((p >> 48) & 0xf) << 2) |
	       ((u64)(vmid & 0xff) << 48);
}
