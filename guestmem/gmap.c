/* guestmem/gmap.c - segment-granular guest mapping: intents recorded at map time, installed on first touch. */
#include <string.h>

#include "guestmem/gmap.h"

u64 gmap_segment_size(unsigned gran_shift)
{
	/* Level-2 block: one level-3 table's worth of pages. */
	return 1ULL << (gran_shift + gran_shift - 3);
}

enum gmap_result gmap_init(struct gmap *g, struct s2_table *s2, u64 seg_size,
			   gmap_prepare_fn prepare, void *ctx)
{
	u64 gran = 1ULL << s2->geom.gran_shift;

	if (seg_size < gran || !IS_POW2(seg_size) ||
	    seg_size > gmap_segment_size(s2->geom.gran_shift))
		return GMAP_EINVAL;
	memset(g, 0, sizeof(*g));
	g->s2 = s2;
	g->seg_size = seg_size;
	g->prepare = prepare;
	g->prepare_ctx = ctx;
	return GMAP_OK;
}

static bool seg_populated(const struct gmap_extent *e, u64 i)
{
	return e->populated[i / 64] & BIT(i % 64);
}

static void seg_mark(struct gmap_extent *e, u64 i, bool on)
{
	if (on)
		e->populated[i / 64] |= BIT(i % 64);
	else
		e->populated[i / 64] &= ~BIT(i % 64);
}

static struct gmap_extent *find_extent(struct gmap *g, ipa_t at)
{
	for (unsigned i = 0; i < g->nr_ext; i++) {
		struct gmap_extent *e = &g->ext[i];

		if (ipa_in_range(at, e->ipa, e->len))
			return e;
	}
	return NULL;
}

enum gmap_result gmap_map_segment(struct gmap *g, pa_t from, ipa_t to, u64 len,
				  unsigned prot)
{
	u64 seg = g->seg_size, start = ipa_addr(to), end, pend;

	if (!len || !pa_aligned(from, seg) || !ipa_aligned(to, seg) ||
	    !IS_ALIGNED(len, seg))
		return GMAP_EINVAL;
	/* The seed's check: to + len must not wrap, nor from + len. */
	if (__builtin_add_overflow(start, len, &end) ||
	    __builtin_add_overflow(pa_addr(from), len, &pend))
		return GMAP_EINVAL;
	if (end - 1 > (1ULL << g->s2->geom.ia_bits) - 1 ||
	    len / seg > GMAP_MAX_SEGS)
		return GMAP_EINVAL;
	for (unsigned i = 0; i < g->nr_ext; i++) {
		const struct gmap_extent *e = &g->ext[i];

		if (start < ipa_addr(e->ipa) + e->len && ipa_addr(e->ipa) < end)
			return GMAP_EINVAL;
	}
	if (g->nr_ext == GMAP_MAX_EXTENTS)
		return GMAP_ENOSLOT;
	struct gmap_extent *e = &g->ext[g->nr_ext++];
	memset(e, 0, sizeof(*e));
	e->ipa = to;
	e->pa = from;
	e->len = len;
	e->prot = prot;
	return GMAP_OK;
}

/* Install segment i of e: prepare it, then make it visible. */
static enum pt_result install(struct gmap *g, struct gmap_extent *e, u64 i)
{
	u64 off = i * g->seg_size;
	enum pt_result ret;

	if (seg_populated(e, i))
		return PT_OK;
	if (g->prepare)
		g->prepare(g->prepare_ctx, pa_add(e->pa, off), g->seg_size);
	ret = s2_map(g->s2, ipa_add(e->ipa, off), pa_add(e->pa, off),
		     g->seg_size, e->prot);
	if (ret) {
		/* pt_map may have installed part of it: take it back. */
		s2_unmap(g->s2, ipa_add(e->ipa, off), g->seg_size);
		return ret;
	}
	seg_mark(e, i, true);
	return PT_OK;
}

static void uninstall(struct gmap *g, struct gmap_extent *e, u64 i)
{
	if (!seg_populated(e, i))
		return;
	s2_unmap(g->s2, ipa_add(e->ipa, i * g->seg_size), g->seg_size);
	seg_mark(e, i, false);
}

enum gmap_result gmap_populate(struct gmap *g, ipa_t to, u64 len)
{
	u64 seg = g->seg_size, first, n, done;
	struct gmap_extent *e = find_extent(g, to);
	enum pt_result ret = PT_OK;

	if (!e || !len || !ipa_aligned(to, seg) || !IS_ALIGNED(len, seg) ||
	    len > e->len - ipa_diff(to, e->ipa))
		return GMAP_EINVAL;
	first = ipa_diff(to, e->ipa) / seg;
	n = len / seg;
	/* Only fresh segments, so a roll-back removes exactly our work. */
	for (done = 0; done < n; done++)
		if (seg_populated(e, first + done))
			return GMAP_EINVAL;
	for (done = 0; done < n; done++) {
		ret = install(g, e, first + done);
		if (ret)
			break;
	}
	if (!ret)
		return GMAP_OK;
	while (done--) /* out_unmap */
		uninstall(g, e, first + done);
	return ret == PT_ENOMEM ? GMAP_ENOMEM : GMAP_EINVAL;
}

/* Is extent e wholly inside [start, end)? */
static bool extent_inside(const struct gmap_extent *e, u64 start, u64 end)
{
	return ipa_addr(e->ipa) >= start && ipa_addr(e->ipa) + e->len <= end;
}

enum gmap_result gmap_unmap_segment(struct gmap *g, ipa_t ipa_start, u64 len)
{
	u64 seg = g->seg_size, start = ipa_addr(ipa_start), end;

	if (!len || !ipa_aligned(ipa_start, seg) || !IS_ALIGNED(len, seg) ||
	    __builtin_add_overflow(start, len, &end))
		return GMAP_EINVAL;
	/* Whole extents only: an intent is all or nothing. */
	for (unsigned i = 0; i < g->nr_ext; i++) {
		struct gmap_extent *e = &g->ext[i];
		bool touches = ipa_addr(e->ipa) < end &&
			       start < ipa_addr(e->ipa) + e->len;

		if (touches && !extent_inside(e, start, end))
			return GMAP_EINVAL;
	}
	for (unsigned i = 0; i < g->nr_ext;) {
		struct gmap_extent *e = &g->ext[i];

		if (extent_inside(e, start, end)) {
			for (u64 s = 0; s < e->len / seg; s++)
				uninstall(g, e, s);
			g->ext[i] = g->ext[--g->nr_ext];
			continue;
		}
		i++;
	}
	return GMAP_OK;
}

enum gmap_fault_result gmap_fault(struct gmap *g, ipa_t at)
{
	struct gmap_extent *e = find_extent(g, at);
	u64 i;
	int ret;

	if (!e)
		return GMAP_FAULT_NOT_MAPPED;
	i = ipa_diff(at, e->ipa) / g->seg_size;
	if (seg_populated(e, i))
		return GMAP_FAULT_PRESENT;
	ret = install(g, e, i);
	if (ret)
		return ret == PT_ENOMEM ? GMAP_FAULT_NO_MEMORY
					: GMAP_FAULT_FAILED;
	g->faults_served++;
	return GMAP_FAULT_INSTALLED;
}

void gmap_teardown(struct gmap *g)
{
	while (g->nr_ext) {
		struct gmap_extent *e = &g->ext[0];

		gmap_unmap_segment(g, e->ipa, e->len);
	}
}
