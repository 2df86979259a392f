/* guestmem/gmap.c - segment-granular guest mapping: intents recorded at map time, installed on first touch. */
#include <string.h>

#include "guestmem/gmap.h"

u64 gmap_segment_size(unsigned gran_shift)
{
	/* Level-2 block: one level-3 table's worth of pages. */
	return 1ULL << (gran_shift + gran_shift - 3);
}

int gmap_init(struct gmap *g, struct s2_table *s2, u64 seg_size,
	      gmap_prepare_fn prepare, void *ctx)
{
	u64 gran = 1ULL << s2->geom.gran_shift;

	if (seg_size < gran || (seg_size & (seg_size - 1)) ||
	    seg_size > gmap_segment_size(s2->geom.gran_shift))
		return -1;
	memset(g, 0, sizeof(*g));
	g->s2 = s2;
	g->seg_size = seg_size;
	g->prepare = prepare;
	g->prepare_ctx = ctx;
	return 0;
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

static struct gmap_extent *find_extent(struct gmap *g, u64 ipa)
{
	for (unsigned i = 0; i < g->nr_ext; i++) {
		struct gmap_extent *e = &g->ext[i];

		if (ipa >= e->ipa.v && ipa - e->ipa.v < e->len)
			return e;
	}
	return NULL;
}

int gmap_map_segment(struct gmap *g, pa_t from, ipa_t to, u64 len,
		     unsigned prot)
{
	u64 seg = g->seg_size, end;

	if (!len || !IS_ALIGNED(from.v, seg) || !IS_ALIGNED(to.v, seg) ||
	    !IS_ALIGNED(len, seg))
		return -1;
	/* The seed's check: to + len must not wrap, nor from + len. */
	if (__builtin_add_overflow(to.v, len, &end) || end - 1 < to.v ||
	    from.v + len < from.v)
		return -1;
	if (end - 1 > (1ULL << g->s2->geom.ia_bits) - 1 ||
	    len / seg > GMAP_MAX_SEGS)
		return -1;
	for (unsigned i = 0; i < g->nr_ext; i++) {
		const struct gmap_extent *e = &g->ext[i];

		if (to.v < e->ipa.v + e->len && e->ipa.v < end)
			return -1;
	}
	if (g->nr_ext == GMAP_MAX_EXTENTS)
		return -3;
	struct gmap_extent *e = &g->ext[g->nr_ext++];
	memset(e, 0, sizeof(*e));
	e->ipa = to;
	e->pa = from;
	e->len = len;
	e->prot = prot;
	return 0;
}

/* Install segment i of e: prepare it, then make it visible. */
static int install(struct gmap *g, struct gmap_extent *e, u64 i)
{
	u64 off = i * g->seg_size;
	int ret;

	if (seg_populated(e, i))
		return 0;
	if (g->prepare)
		g->prepare(g->prepare_ctx, pa(e->pa.v + off), g->seg_size);
	ret = s2_map(g->s2, ipa(e->ipa.v + off), pa(e->pa.v + off), g->seg_size,
		     e->prot);
	if (ret) {
		/* pt_map may have installed part of it: take it back. */
		s2_unmap(g->s2, ipa(e->ipa.v + off), g->seg_size);
		return ret;
	}
	seg_mark(e, i, true);
	return 0;
}

static void uninstall(struct gmap *g, struct gmap_extent *e, u64 i)
{
	if (!seg_populated(e, i))
		return;
	s2_unmap(g->s2, ipa(e->ipa.v + i * g->seg_size), g->seg_size);
	seg_mark(e, i, false);
}

int gmap_populate(struct gmap *g, ipa_t to, u64 len)
{
	u64 seg = g->seg_size, first, n, done;
	struct gmap_extent *e = find_extent(g, to.v);
	int ret = 0;

	if (!e || !len || !IS_ALIGNED(to.v, seg) || !IS_ALIGNED(len, seg) ||
	    len > e->len - (to.v - e->ipa.v))
		return -1;
	first = (to.v - e->ipa.v) / seg;
	n = len / seg;
	/* Only fresh segments, so a roll-back removes exactly our work. */
	for (done = 0; done < n; done++)
		if (seg_populated(e, first + done))
			return -1;
	for (done = 0; done < n; done++) {
		ret = install(g, e, first + done);
		if (ret)
			break;
	}
	if (!ret)
		return 0;
	while (done--) /* out_unmap */
		uninstall(g, e, first + done);
	return ret;
}

int gmap_unmap_segment(struct gmap *g, ipa_t ipa_start, u64 len)
{
	u64 seg = g->seg_size, end;

	if (!len || !IS_ALIGNED(ipa_start.v, seg) || !IS_ALIGNED(len, seg) ||
	    __builtin_add_overflow(ipa_start.v, len, &end))
		return -1;
	/* Whole extents only: an intent is all or nothing. */
	for (unsigned i = 0; i < g->nr_ext; i++) {
		struct gmap_extent *e = &g->ext[i];
		bool in = e->ipa.v >= ipa_start.v && e->ipa.v + e->len <= end;
		bool touches =
			e->ipa.v < end && ipa_start.v < e->ipa.v + e->len;

		if (touches && !in)
			return -1;
	}
	for (unsigned i = 0; i < g->nr_ext;) {
		struct gmap_extent *e = &g->ext[i];

		if (e->ipa.v >= ipa_start.v && e->ipa.v + e->len <= end) {
			for (u64 s = 0; s < e->len / seg; s++)
				uninstall(g, e, s);
			g->ext[i] = g->ext[--g->nr_ext];
			continue;
		}
		i++;
	}
	return 0;
}

int gmap_fault(struct gmap *g, ipa_t at)
{
	struct gmap_extent *e = find_extent(g, at.v);
	u64 i;
	int ret;

	if (!e)
		return 1;
	i = (at.v - e->ipa.v) / g->seg_size;
	if (seg_populated(e, i))
		return 2;
	ret = install(g, e, i);
	if (ret)
		return ret == -2 ? -2 : -1;
	g->faults_served++;
	return 0;
}

void gmap_teardown(struct gmap *g)
{
	while (g->nr_ext) {
		struct gmap_extent *e = &g->ext[0];

		gmap_unmap_segment(g, e->ipa, e->len);
	}
}
