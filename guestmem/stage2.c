/* guestmem/stage2.c - stage-2 tables: a concatenated hardware root under a
 * software-only dummy pgd, one mechanism for 0, 1 or 2 folded levels. */
#include "guestmem/stage2.h"

static void *p2v(const struct s2_table *t, pa_t p)
{
	return t->alloc->mm->phys_to_virt(t->alloc->mm->ctx, p);
}

/*
 * Free the dummy levels: every table reached from the dummy root at a
 * level above the hardware root. The hardware root pages themselves are
 * one contiguous allocation and go separately.
 */
static void free_dummy(struct s2_table *t, u64 *table, int level)
{
	const struct pt_mm_ops *mm = t->alloc->mm;
	int hw = t->geom.hw.start_level;
	unsigned bits = level == t->geom.sw.start_level ? t->geom.sw.root_bits
							: t->geom.sw.stride;

	if (level + 1 < hw) {
		for (u64 i = 0; i < BIT(bits); i++)
			if (table[i] & PT_DESC_VALID)
				free_dummy(t,
					   p2v(t, pt_desc_pa(&t->pt, table[i],
							     level)),
					   level + 1);
	}
	mm->free_page(mm->ctx, table);
}

/*
 * Pre-populate the dummy levels: for each hardware root page, walk down
 * from the dummy root to the level just above the hardware start,
 * creating dummy tables as needed, and point that entry at the page.
 */
static int populate_dummy(struct s2_table *t)
{
	const struct s2_geom *g = &t->geom;
	const struct pt_mm_ops *mm = t->alloc->mm;
	unsigned stride = g->sw.stride;
	/* Input bits one hardware root page resolves (or the whole IPA). */
	unsigned page_span = pt_level_shift(&g->hw, g->hw.start_level) + stride;

	for (unsigned p = 0; p < g->root_pages; p++) {
		u64 ia = (u64)p << page_span;
		u64 *table = t->pt.root;

		for (int level = g->sw.start_level; level < g->hw.start_level;
		     level++) {
			unsigned bits = level == g->sw.start_level
						? g->sw.root_bits
						: stride;
			u64 idx = (ia >> pt_level_shift(&g->sw, level)) &
				  (BIT(bits) - 1);
			u64 *next;

			if (level + 1 == g->hw.start_level) {
				pa_t page = pa(t->hwpgd_pa.v +
					       ((u64)p << g->gran_shift));
				table[idx] = pt_table_desc(&t->pt, page);
				break;
			}
			if (!(table[idx] & PT_DESC_VALID)) {
				next = mm->zalloc_page(mm->ctx);
				if (!next)
					return -2;
				table[idx] = pt_table_desc(
					&t->pt,
					mm->virt_to_phys(mm->ctx, next));
			}
			table = p2v(t, pt_desc_pa(&t->pt, table[idx], level));
		}
	}
	return 0;
}

int s2_create(struct s2_table *t, const struct s2_geom *g,
	      const struct s2_alloc *a)
{
	const struct pt_mm_ops *mm = a->mm;
	u64 align = (u64)g->root_pages << g->gran_shift;
	u64 *dummy = NULL;

	t->hwpgd = NULL; /* so s2_destroy after a failed create is harmless */
	if (g->folded > 2 ||
	    g->hw.start_level - g->sw.start_level != (int)g->folded)
		return -1;
	t->geom = *g;
	t->alloc = a;
	t->hwpgd = a->zalloc_pages(mm->ctx, g->root_pages, align);
	if (!t->hwpgd)
		return -2;
	t->hwpgd_pa = mm->virt_to_phys(mm->ctx, t->hwpgd);

	if (g->folded) {
		dummy = mm->zalloc_page(mm->ctx);
		if (!dummy)
			goto fail;
		pt_init_with_root(&t->pt, &g->sw, PT_S2, mm, dummy);
		if (populate_dummy(t))
			goto fail;
	} else {
		/* Nothing to fold: software walks the (wide) hardware root. */
		pt_init_with_root(&t->pt, &g->sw, PT_S2, mm, t->hwpgd);
	}
	return 0;

fail:
	if (dummy)
		free_dummy(t, dummy, g->sw.start_level);
	a->free_pages(mm->ctx, t->hwpgd, g->root_pages);
	t->hwpgd = NULL;
	return -2;
}

/* Table pages below the hardware root: everything but the root run. */
static int free_below_root(struct pt_visit_ctx *ctx)
{
	struct s2_table *t = ctx->arg;
	const struct pt_mm_ops *mm = t->alloc->mm;

	if (ctx->level < t->geom.hw.start_level)
		return 0; /* a dummy entry: points into the hardware root */
	mm->free_page(mm->ctx,
		      p2v(t, pt_desc_pa(&t->pt, ctx->old, ctx->level)));
	*ctx->ptep = 0;
	return 0;
}

void s2_destroy(struct s2_table *t)
{
	struct pt_walker w = {
		.cb = free_below_root,
		.arg = t,
		.flags = PT_VISIT_TABLE_POST,
	};

	if (!t->hwpgd)
		return;
	pt_walk(&t->pt, 0, 1ULL << t->geom.ia_bits, &w);
	if (t->geom.folded)
		free_dummy(t, t->pt.root, t->geom.sw.start_level);
	t->alloc->free_pages(t->alloc->mm->ctx, t->hwpgd, t->geom.root_pages);
	t->hwpgd = NULL;
	t->pt.root = NULL;
}

int s2_map(struct s2_table *t, ipa_t ipa, pa_t pa, u64 size, unsigned prot)
{
	/* Output addresses at or above 2^PS would be address-size faults. */
	u64 lim = 1ULL << s2_ipa_sizes[t->geom.ps];

	if (pa.v >= lim || size > lim - pa.v)
		return -1;
	return pt_map(&t->pt, ipa.v, pa, size, prot);
}

int s2_unmap(struct s2_table *t, ipa_t ipa, u64 size)
{
	return pt_unmap(&t->pt, ipa.v, size);
}

int s2_lookup(const struct s2_table *t, ipa_t ipa, pa_t *out, unsigned *prot,
	      int *level)
{
	return pt_lookup(&t->pt, ipa.v, out, prot, level);
}

u64 s2_vttbr(const struct s2_table *t, unsigned vmid)
{
	u64 p = t->hwpgd_pa.v;

	/* BADDR[47:1]; with a 52-bit PS, BADDR[51:48] goes in bits [5:2]. */
	return (p & 0x0000fffffffffffeULL) | (((p >> 48) & 0xf) << 2) |
	       ((u64)(vmid & 0xff) << 48);
}
