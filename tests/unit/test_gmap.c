/* tests/unit/test_gmap.c - gmap segments: intents, fault-driven population with zeroing, populate roll-back, unmap with TLB invalidation; checked by the reference translator. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/check.h"
#include "guestmem/gmap.h"
#include "tests/unit/refxlate.h"
#include "tests/unit/simmem.h"

#define ALLG	7u
#define RW	(PT_R | PT_W)
#define RWX	(PT_R | PT_W | PT_X)
#define SZ_8G	(8 * SZ_1G)
#define MAXPREP 4096

struct env {
	struct sim s;
	struct s2_geom g;
	struct s2_table t;
	struct s2_alloc a;
	struct ref_cfg c;
	struct gmap gm;
	unsigned gs, ps_bits;
	u64 gran, blk, seg, ia_end, pa_lo;
	bool created;
	/* prepare() calls */
	long prep;
	u64 prep_pa[MAXPREP], prep_len[MAXPREP];
	long prep_visible; /* prepare ran while the segment was mapped */
	/* simulated guest RAM at ram_pa (optional) */
	u64 ram_pa, ram_len;
	unsigned char *ram;
};

static struct env *open_env;

static unsigned lshift(unsigned gs, int level)
{
	return (gs - 3) * (unsigned)(3 - level) + gs;
}

static int bbm_check(void *arg, u64 ia, int level)
{
	struct env *e = arg;
	struct ref_result r;

	ref_translate(&e->c, ia, &r);
	return r.status != REF_FAULT_XLATE || r.level != level ||
	       (ia & ((1ULL << lshift(e->gs, level)) - 1));
}

/* The prepare hook: the segment must not be visible yet; zero what RAM
 * backs it. */
static void prepare(void *ctx, pa_t p, u64 len)
{
	struct env *e = ctx;
	struct ref_result r;

	if (e->prep < MAXPREP) {
		e->prep_pa[e->prep] = p.v;
		e->prep_len[e->prep] = len;
	}
	e->prep++;
	for (unsigned i = 0; i < e->gm.nr_ext; i++) {
		const struct gmap_extent *x = &e->gm.ext[i];

		if (p.v >= x->pa.v && p.v - x->pa.v < x->len) {
			u64 at = x->ipa.v + (p.v - x->pa.v);

			ref_translate(&e->c, at, &r);
			if (r.status != REF_FAULT_XLATE)
				e->prep_visible++;
			ref_translate(&e->c, at + len - 1, &r);
			if (r.status != REF_FAULT_XLATE)
				e->prep_visible++;
		}
	}
	if (e->ram && p.v < e->ram_pa + e->ram_len && p.v + len > e->ram_pa) {
		u64 lo = p.v > e->ram_pa ? p.v : e->ram_pa;
		u64 hi = p.v + len < e->ram_pa + e->ram_len
				 ? p.v + len
				 : e->ram_pa + e->ram_len;

		memset(e->ram + (lo - e->ram_pa), 0, hi - lo);
	}
}

/* seg 0: the granule's level-2 block. */
static int env_init(struct env *e, unsigned gs, unsigned ipa_bits,
		    unsigned parange, u64 seg)
{
	char err[160];
	struct vtcr_fields f;

	memset(e, 0, sizeof(*e));
	if (s2_geom_compute(&e->g, gs, ipa_bits, parange, ALLG, err,
			    sizeof(err)))
		return -1;
	vtcr_decode(e->g.vtcr, &f);
	e->gs = gs;
	e->ps_bits = f.ps_bits;
	e->gran = 1ULL << gs;
	e->blk = 1ULL << lshift(gs, 2);
	e->ia_end = 1ULL << ipa_bits;
	e->pa_lo = 1ULL << (f.ps_bits - 2);
	sim_init(&e->s, gs, 0x80000000ULL);
	e->a = (struct s2_alloc){&e->s.ops, sim_zalloc_pages, sim_free_pages};
	open_env = e;
	if (s2_create(&e->t, &e->g, &e->a))
		return -1;
	e->created = true;
	e->c = ref_cfg_s2(e->g.vtcr, e->t.hwpgd_pa.v, &e->s);
	e->s.tlbi_check = bbm_check;
	e->s.tlbi_arg = e;
	e->seg = seg ? seg : gmap_segment_size(gs);
	return gmap_init(&e->gm, &e->t, e->seg, prepare, e);
}

/* Back [ram_pa, ram_pa + len) with memory filled with 'fill'. */
static void env_ram(struct env *e, u64 ram_pa, u64 len, int fill)
{
	e->ram = malloc(len);
	memset(e->ram, fill, len);
	e->ram_pa = ram_pa;
	e->ram_len = len;
}

static unsigned char *ram_at(struct env *e, u64 p)
{
	return e->ram + (p - e->ram_pa);
}

static long env_fini(struct env *e)
{
	long bad = e->s.bbm_bad + e->prep_visible;

	open_env = NULL;
	e->s.tlbi_check = NULL;
	if (e->created)
		s2_destroy(&e->t);
	free(e->ram);
	e->ram = NULL;
	return sim_fini(&e->s) + bad;
}

/* The hardware view of one IPA. */
static bool hw_mapped(struct env *e, u64 a, u64 *out_pa, int *level,
		      unsigned *memattr)
{
	struct ref_result r;

	ref_translate(&e->c, a, &r);
	if (level)
		*level = r.level;
	if (r.status != REF_OK)
		return false;
	if (out_pa)
		*out_pa = r.pa;
	if (memattr)
		*memattr = r.memattr;
	return true;
}

/* Every byte of [a, a + len) maps linearly to p (checked at both ends,
 * every granule boundary sampled coarsely), or none of it is mapped. */
static int seg_state(struct env *e, u64 a, u64 len, u64 p)
{
	u64 got, step = len / 8 > e->gran ? len / 8 : e->gran;
	int mapped = -1;

	for (u64 off = 0; off <= len; off += step) {
		u64 at = a + (off == len ? len - 1 : off);
		bool m = hw_mapped(e, at, &got, NULL, NULL);

		if (m && got != p + (at - a))
			return -2;
		if (mapped >= 0 && mapped != m)
			return -3;
		mapped = m;
		if (off == len)
			break;
	}
	return mapped;
}

#define MAPPED(e, a, len, p) (seg_state((e), (a), (len), (p)) == 1)
#define UNMAPPED(e, a, len)  (seg_state((e), (a), (len), 0) == 0)

/* --- test cases ---------------------------------------------------------- */

static void test_seg_sizes(void)
{
	static const struct {
		unsigned gs, ipa, pa;
	} c[] = {{12, 40, 40}, {14, 40, 40}, {16, 44, 44}};
	static struct env e;

	CHECK_EQ_U64(gmap_segment_size(12), SZ_2M);
	CHECK_EQ_U64(gmap_segment_size(14), 32 * SZ_1M);
	CHECK_EQ_U64(gmap_segment_size(16), 512 * SZ_1M);
	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		u64 gran, l2;
		struct gmap probe;

		CHECK(env_init(&e, c[i].gs, c[i].ipa, c[i].pa, 0) == 0);
		gran = e.gran;
		l2 = e.blk;
		CHECK_EQ_U64(e.gm.seg_size, l2);
		for (u64 s = gran; s <= l2; s <<= 1) {
			CHECK(gmap_init(&probe, &e.t, s, prepare, &e) == 0);
			CHECK_EQ_U64(probe.seg_size, s);
			CHECK_EQ_U64(probe.nr_ext, 0);
		}
		const u64 bad[] = {0,	      gran / 2,	 3 * gran,  2 * l2,
				   l2 + gran, 3 * SZ_1M, SZ_1G * 2, ~0ULL};
		for (size_t j = 0; j < ARRAY_SIZE(bad); j++) {
			memset(&probe, 0x5a, sizeof(probe));
			CHECK(gmap_init(&probe, &e.t, bad[j], prepare, &e) ==
			      -1);
			CHECK_EQ_U64(probe.nr_ext, 0x5a5a5a5a);
		}
		CHECK_EQ_U64(env_fini(&e), 0);
	}
}

static void test_map_segment_args(void)
{
	static struct env e;
	const u64 M2 = SZ_2M, G = SZ_1G;
	long calls;

	CHECK(env_init(&e, 12, 40, 40, 0) == 0);
	calls = e.s.calls;
	/* alignment, length */
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo + 4096), ipa(G), M2, RWX) ==
	      -1);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(G + 4096), M2, RWX) ==
	      -1);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(G), M2 + 4096, RWX) ==
	      -1);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(G), M2 / 2, RWX) == -1);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(G), 0, RWX) == -1);
	/* to + len wraps; from + len wraps */
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(0ULL - M2), 2 * M2,
			       RWX) == -1);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(0ULL - M2), M2, RWX) ==
	      -1);
	CHECK(gmap_map_segment(&e.gm, pa(0ULL - M2), ipa(G), 2 * M2, RWX) ==
	      -1);
	CHECK(gmap_map_segment(&e.gm, pa(0ULL - 4 * M2), ipa(G), 8 * M2, RWX) ==
	      -1);
	/* outside the IPA space */
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(e.ia_end - M2), 2 * M2,
			       RWX) == -1);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(e.ia_end), M2, RWX) ==
	      -1);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(1ULL << 48), M2, RWX) ==
	      -1);
	CHECK_EQ_U64(e.gm.nr_ext, 0);
	/* ... but up to the very end is fine */
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(e.ia_end - M2), M2,
			       RWX) == 0);
	CHECK_EQ_U64(e.gm.nr_ext, 1);

	/* overlapping intents */
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(G), 4 * M2, RWX) == 0);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo + G), ipa(G), 4 * M2, RWX) ==
	      -1);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo + G), ipa(G - M2), 2 * M2,
			       RWX) == -1);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo + G), ipa(G + 3 * M2), 2 * M2,
			       RWX) == -1);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo + G), ipa(G - M2), 6 * M2,
			       RWX) == -1);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo + G), ipa(G + M2), M2, RWX) ==
	      -1);
	CHECK_EQ_U64(e.gm.nr_ext, 2);
	/* adjacent on both sides */
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo + G), ipa(G + 4 * M2), M2,
			       RWX) == 0);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo + 2 * G), ipa(G - M2), M2,
			       RWX) == 0);
	CHECK_EQ_U64(e.gm.nr_ext, 4);

	/* the extent limit: GMAP_MAX_EXTENTS, then -3 */
	for (unsigned i = 4; i < GMAP_MAX_EXTENTS; i++)
		CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(4 * G + i * G),
				       M2, RW) == 0);
	CHECK_EQ_U64(e.gm.nr_ext, GMAP_MAX_EXTENTS);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(100 * G), M2, RW) == -3);
	CHECK_EQ_U64(e.gm.nr_ext, GMAP_MAX_EXTENTS);

	/* the per-extent segment limit */
	CHECK(gmap_init(&e.gm, &e.t, e.seg, prepare, &e) == 0);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(0),
			       (GMAP_MAX_SEGS + 1ULL) * M2, RW) == -1);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(0),
			       (u64)GMAP_MAX_SEGS * M2, RW) == 0);

	/* Recording intents installs nothing and allocates nothing. */
	CHECK_EQ_U64(e.s.calls, calls);
	CHECK_EQ_U64(e.prep, 0);
	CHECK(UNMAPPED(&e, 0, M2));
	CHECK(UNMAPPED(&e, G, M2));
	CHECK(UNMAPPED(&e, e.ia_end - M2, M2));
	CHECK_EQ_U64(env_fini(&e), 0);
}

/*
 * First touch installs exactly the touched segment, zeroed once by the
 * prepare hook before it became visible; a second touch is not ours (2);
 * no intent: 1.
 */
static void test_fault_zeroes_once(void)
{
	static struct env e;
	const u64 M2 = SZ_2M, base = 0x40000000ULL;
	u64 ram, got;
	int level;
	unsigned attr;

	CHECK(env_init(&e, 12, 40, 40, 0) == 0);
	ram = e.pa_lo + 64 * M2;
	env_ram(&e, ram, 4 * M2, 0xA5);
	CHECK(gmap_map_segment(&e.gm, pa(ram), ipa(base), 4 * M2, RWX) == 0);
	CHECK(gmap_map_segment(&e.gm, pa(0x09000000), ipa(0x09000000), M2,
			       RW | PT_DEVICE) == 0);

	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(base + M2 + 12345)),
		     GMAP_FAULT_INSTALLED);
	CHECK_EQ_U64(e.prep, 1);
	CHECK_EQ_U64(e.prep_pa[0], ram + M2);
	CHECK_EQ_U64(e.prep_len[0], M2);
	CHECK_EQ_U64(e.gm.faults_served, 1);
	/* exactly that segment is zero */
	CHECK(ram_at(&e, ram + M2)[0] == 0 &&
	      ram_at(&e, ram + 2 * M2 - 1)[0] == 0);
	for (u64 off = 0; off < M2; off += 4096)
		CHECK(ram_at(&e, ram + M2 + off)[0] == 0);
	CHECK(ram_at(&e, ram + M2 - 1)[0] == 0xA5);
	CHECK(ram_at(&e, ram + 2 * M2)[0] == 0xA5);
	CHECK(ram_at(&e, ram)[0] == 0xA5);
	/* exactly that segment is mapped, as one level-2 block, RWX normal */
	CHECK(MAPPED(&e, base + M2, M2, ram + M2));
	CHECK(UNMAPPED(&e, base, M2));
	CHECK(UNMAPPED(&e, base + 2 * M2, M2));
	CHECK(hw_mapped(&e, base + M2, &got, &level, &attr));
	CHECK_EQ_U64(level, 2);
	CHECK_EQ_U64(attr, 0xF);

	/* the guest writes; a second touch changes nothing */
	memset(ram_at(&e, ram + M2), 0x77, M2);
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(base + M2)), GMAP_FAULT_PRESENT);
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(base + 2 * M2 - 1)),
		     GMAP_FAULT_PRESENT);
	CHECK_EQ_U64(e.prep, 1);
	CHECK(ram_at(&e, ram + M2)[0] == 0x77);
	CHECK(ram_at(&e, ram + 2 * M2 - 1)[0] == 0x77);
	CHECK_EQ_U64(e.gm.faults_served, 1);

	/* the others, one each */
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(base + 4 * M2 - 8)),
		     GMAP_FAULT_INSTALLED);
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(base)), GMAP_FAULT_INSTALLED);
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(base + 2 * M2)),
		     GMAP_FAULT_INSTALLED);
	CHECK_EQ_U64(e.prep, 4);
	CHECK_EQ_U64(e.gm.faults_served, 4);
	for (u64 off = 0; off < 4 * M2; off += 4096)
		CHECK(ram_at(&e, ram + off)[0] == (off / M2 == 1 ? 0x77 : 0));
	for (unsigned s = 0; s < 4; s++)
		CHECK(MAPPED(&e, base + s * M2, M2, ram + s * M2));
	for (long i = 0; i < e.prep; i++)
		CHECK_EQ_U64(e.prep_len[i], M2);

	/* device intent: MemAttr 0x1, XN */
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(0x09000000 + 0x1000)),
		     GMAP_FAULT_INSTALLED);
	CHECK(hw_mapped(&e, 0x09000000 + 0x1000, &got, &level, &attr));
	CHECK_EQ_U64(got, 0x09001000);
	CHECK_EQ_U64(attr, 1);

	/* no intent */
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(base - 1)), GMAP_FAULT_NOT_MAPPED);
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(base + 4 * M2)),
		     GMAP_FAULT_NOT_MAPPED);
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(0)), GMAP_FAULT_NOT_MAPPED);
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(e.ia_end - 1)),
		     GMAP_FAULT_NOT_MAPPED);
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(e.ia_end)), GMAP_FAULT_NOT_MAPPED);
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(~0ULL)), GMAP_FAULT_NOT_MAPPED);
	CHECK_EQ_U64(e.prep, 5);
	CHECK_EQ_U64(e.prep_visible, 0);
	CHECK(UNMAPPED(&e, base - M2, M2));
	CHECK(UNMAPPED(&e, base + 4 * M2, M2));
	gmap_teardown(&e.gm);
	CHECK_EQ_U64(env_fini(&e), 0);
}

static void test_populate(void)
{
	static struct env e;
	const u64 M2 = SZ_2M, base = 0x40000000ULL;
	u64 ram;

	CHECK(env_init(&e, 12, 40, 40, 0) == 0);
	ram = e.pa_lo;
	env_ram(&e, ram, 8 * M2, 0x3C);
	CHECK(gmap_map_segment(&e.gm, pa(ram), ipa(base), 8 * M2, RWX) == 0);
	CHECK(gmap_map_segment(&e.gm, pa(ram + SZ_1G), ipa(base + 8 * M2),
			       4 * M2, RWX) == 0);
	/* bad requests */
	CHECK(gmap_populate(&e.gm, ipa(base + 4096), M2) == -1);
	CHECK(gmap_populate(&e.gm, ipa(base), M2 + 4096) == -1);
	CHECK(gmap_populate(&e.gm, ipa(base), 0) == -1);
	CHECK(gmap_populate(&e.gm, ipa(base - M2), M2) == -1);
	CHECK(gmap_populate(&e.gm, ipa(base + 6 * M2), 4 * M2) == -1);
	CHECK(gmap_populate(&e.gm, ipa(base + 12 * M2), M2) == -1);
	CHECK(gmap_populate(&e.gm, ipa(SZ_8G), M2) == -1);
	CHECK_EQ_U64(e.prep, 0);
	CHECK(UNMAPPED(&e, base, 12 * M2));

	/* part of the first extent */
	CHECK(gmap_populate(&e.gm, ipa(base + 2 * M2), 3 * M2) == 0);
	CHECK_EQ_U64(e.prep, 3);
	for (unsigned s = 0; s < 8; s++) {
		bool in = s >= 2 && s < 5;

		if (in)
			CHECK(MAPPED(&e, base + s * M2, M2, ram + s * M2));
		else
			CHECK(UNMAPPED(&e, base + s * M2, M2));
		CHECK(ram_at(&e, ram + s * M2 + 100)[0] == (in ? 0 : 0x3C));
		CHECK_EQ_U64(gmap_fault(&e.gm, ipa(base + s * M2 + 5)),
			     in ? GMAP_FAULT_PRESENT : GMAP_FAULT_INSTALLED);
	}
	CHECK_EQ_U64(e.prep, 8);
	/* an installed segment cannot be populated again */
	CHECK(gmap_populate(&e.gm, ipa(base), 8 * M2) == -1);
	CHECK(gmap_populate(&e.gm, ipa(base + 7 * M2), M2) == -1);
	CHECK_EQ_U64(e.prep, 8);
	/* the second extent in one go */
	CHECK(gmap_populate(&e.gm, ipa(base + 8 * M2), 4 * M2) == 0);
	CHECK(MAPPED(&e, base + 8 * M2, 4 * M2, ram + SZ_1G));
	CHECK_EQ_U64(e.prep, 12);
	CHECK_EQ_U64(e.prep_visible, 0);
	gmap_teardown(&e.gm);
	CHECK(UNMAPPED(&e, base, 12 * M2));
	CHECK_EQ_U64(env_fini(&e), 0);
}

/*
 * gmap_populate with the Nth table allocation failing: -2, none of the
 * call's segments is mapped afterwards (per the reference walker), the
 * segments populated before stay, and the intents can still be served.
 */
static void test_populate_rollback(void)
{
	static struct env e;
	const u64 M2 = SZ_2M, G = SZ_1G;
	/* [1G - 8M, 3G + 8M): crosses three 1G (level-1) boundaries. */
	const u64 xa = G - 8 * M2 - 0, xlen = 2 * G + 16 * M2;
	const u64 pop = xa, poplen = xlen - 2 * M2, ya = SZ_8G;
	u64 xpa, ypa;
	long n = 0, before;
	int ret;

	for (long k = 0; k <= n + 1; k++) {
		CHECK(env_init(&e, 12, 40, 40, 0) == 0);
		xpa = e.pa_lo + 64 * M2;
		ypa = e.pa_lo + 4 * G;
		CHECK(gmap_map_segment(&e.gm, pa(xpa), ipa(xa), xlen, RWX) ==
		      0);
		CHECK(gmap_map_segment(&e.gm, pa(ypa), ipa(ya), 2 * M2, RWX) ==
		      0);
		/* earlier work: all of Y, and X's last segment on touch */
		CHECK(gmap_populate(&e.gm, ipa(ya), 2 * M2) == 0);
		CHECK_EQ_U64(gmap_fault(&e.gm, ipa(xa + xlen - 1)),
			     GMAP_FAULT_INSTALLED);
		before = e.s.calls;
		if (k)
			e.s.fail_at = e.s.calls + k;
		ret = gmap_populate(&e.gm, ipa(pop), poplen);
		e.s.fail_at = 0;
		if (k == 0) {
			/* dry run: one level-2 table per 1G region not yet
			 * touched (regions 0, 1, 2; region 3 has X's last) */
			CHECK_EQ_U64(ret, 0);
			n = e.s.calls - before;
			CHECK_EQ_U64(n, 3);
		} else if (k <= n) {
			CHECK_EQ_U64(ret, -2);
		} else {
			CHECK_EQ_U64(ret, 0);
		}
		for (u64 s = 0; s < poplen / M2; s++) {
			u64 a = pop + s * M2;

			if (ret)
				CHECK(UNMAPPED(&e, a, M2));
			else
				CHECK(MAPPED(&e, a, M2, xpa + (a - xa)));
		}
		CHECK(MAPPED(&e, xa + xlen - M2, M2, xpa + xlen - M2));
		CHECK(UNMAPPED(&e, xa + xlen - 2 * M2, M2));
		CHECK(MAPPED(&e, ya, 2 * M2, ypa));
		if (ret) {
			/* nothing of the call is recorded as installed */
			CHECK_EQ_U64(gmap_fault(&e.gm, ipa(pop + G)),
				     GMAP_FAULT_INSTALLED);
			CHECK(MAPPED(&e, pop + G, M2, xpa + (pop + G - xa)));
			CHECK(UNMAPPED(&e, pop + G + M2, M2));
			/* ...and the whole range can be populated now,
			 * except the segment just faulted in */
			CHECK(gmap_populate(&e.gm, ipa(pop), G) == 0);
			CHECK(MAPPED(&e, pop, G, xpa + (pop - xa)));
		}
		CHECK_EQ_U64(e.prep_visible, 0);
		gmap_teardown(&e.gm);
		CHECK(UNMAPPED(&e, pop, M2));
		CHECK(UNMAPPED(&e, ya, M2));
		CHECK_EQ_U64(env_fini(&e), 0);
	}
}

/* A fault that cannot get a table: -2, nothing installed, retry works. */
static void test_fault_alloc_fail(void)
{
	static struct env e;
	const u64 M2 = SZ_2M, base = 0x40000000ULL;

	CHECK(env_init(&e, 12, 48, 48, 0) == 0);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(base), 4 * M2, RWX) ==
	      0);
	/* 4K/48: L1, L2 tables below the L0 root: fail each. */
	for (long k = 1; k <= 2; k++) {
		e.s.fail_at = e.s.calls + k;
		CHECK_EQ_U64(gmap_fault(&e.gm, ipa(base + M2)),
			     GMAP_FAULT_NO_MEMORY);
		e.s.fail_at = 0;
		CHECK(UNMAPPED(&e, base + M2, M2));
		CHECK_EQ_U64(e.gm.faults_served, 0);
	}
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(base + M2)), GMAP_FAULT_INSTALLED);
	CHECK(MAPPED(&e, base + M2, M2, e.pa_lo + M2));
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(base + M2)), GMAP_FAULT_PRESENT);
	CHECK_EQ_U64(e.gm.faults_served, 1);
	gmap_teardown(&e.gm);
	CHECK_EQ_U64(env_fini(&e), 0);
}

static bool tlog_has(const struct env *e, u64 ia, int level)
{
	for (long i = 0; i < e->s.tlbi && (size_t)i < e->s.tlog_cap; i++)
		if (e->s.tlog[i].ia == ia && e->s.tlog[i].level == level)
			return true;
	return false;
}

/*
 * Unmapping invalidates what was installed (one TLB invalidation per
 * valid entry removed, after the entry is gone) and forgets the intent;
 * whole extents only.
 */
static void test_unmap_segment(void)
{
	static struct env e;
	const u64 M2 = SZ_2M, G = SZ_1G;
	const u64 A = G, B = 2 * G, C = 4 * G;

	CHECK(env_init(&e, 12, 40, 40, 0) == 0);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(A), 8 * M2, RWX) == 0);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo + G), ipa(B), 4 * M2, RWX) ==
	      0);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo + 2 * G), ipa(C), 2 * M2,
			       RWX) == 0);
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(A)), GMAP_FAULT_INSTALLED);
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(A + 3 * M2 + 7)),
		     GMAP_FAULT_INSTALLED);
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(A + 7 * M2)), GMAP_FAULT_INSTALLED);
	CHECK(gmap_populate(&e.gm, ipa(B), 4 * M2) == 0);

	sim_log_tlbi(&e.s, 4096);
	/* refused: bad arguments, partial extents */
	CHECK(gmap_unmap_segment(&e.gm, ipa(A + 4096), 8 * M2) == -1);
	CHECK(gmap_unmap_segment(&e.gm, ipa(A), 8 * M2 - 4096) == -1);
	CHECK(gmap_unmap_segment(&e.gm, ipa(A), 0) == -1);
	CHECK(gmap_unmap_segment(&e.gm, ipa(0ULL - M2), 2 * M2) == -1);
	CHECK(gmap_unmap_segment(&e.gm, ipa(A), 4 * M2) == -1);
	CHECK(gmap_unmap_segment(&e.gm, ipa(A + M2), 8 * M2) == -1);
	CHECK(gmap_unmap_segment(&e.gm, ipa(A - M2), 2 * M2) == -1);
	CHECK(gmap_unmap_segment(&e.gm, ipa(B + 2 * M2), 2 * G) == -1);
	CHECK_EQ_U64(e.s.tlbi, 0);
	CHECK_EQ_U64(e.gm.nr_ext, 3);
	CHECK(MAPPED(&e, A + 3 * M2, M2, e.pa_lo + 3 * M2));
	CHECK(MAPPED(&e, B, 4 * M2, e.pa_lo + G));

	/* A: three installed segments, three invalidations */
	CHECK(gmap_unmap_segment(&e.gm, ipa(A), 8 * M2) == 0);
	CHECK_EQ_U64(e.s.tlbi, 3);
	CHECK(tlog_has(&e, A, 2));
	CHECK(tlog_has(&e, A + 3 * M2, 2));
	CHECK(tlog_has(&e, A + 7 * M2, 2));
	CHECK(UNMAPPED(&e, A, 8 * M2));
	for (u64 s = 0; s < 8; s++)
		CHECK(UNMAPPED(&e, A + s * M2, M2));
	CHECK_EQ_U64(e.gm.nr_ext, 2);
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(A + 3 * M2)), GMAP_FAULT_NOT_MAPPED);
	CHECK(MAPPED(&e, B, 4 * M2, e.pa_lo + G));

	/* B and C in one call spanning the gap; C was never installed */
	CHECK(gmap_unmap_segment(&e.gm, ipa(B), C + 2 * M2 - B) == 0);
	CHECK_EQ_U64(e.s.tlbi, 3 + 4);
	for (u64 s = 0; s < 4; s++)
		CHECK(tlog_has(&e, B + s * M2, 2));
	CHECK(UNMAPPED(&e, B, 4 * M2));
	CHECK_EQ_U64(e.gm.nr_ext, 0);
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(C)), GMAP_FAULT_NOT_MAPPED);
	/* nothing there: fine, nothing invalidated */
	CHECK(gmap_unmap_segment(&e.gm, ipa(8 * G), 4 * M2) == 0);
	CHECK_EQ_U64(e.s.tlbi, 7);
	/* the intent is gone: the range can be recorded afresh */
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo + 3 * G), ipa(A), 8 * M2,
			       RW) == 0);
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(A + 3 * M2)), GMAP_FAULT_INSTALLED);
	CHECK(MAPPED(&e, A + 3 * M2, M2, e.pa_lo + 3 * G + 3 * M2));
	CHECK_EQ_U64(e.prep_visible, 0);
	gmap_teardown(&e.gm);
	CHECK_EQ_U64(env_fini(&e), 0);
}

static void test_teardown(void)
{
	static struct env e;
	const u64 M2 = SZ_2M, G = SZ_1G;
	long t0;

	CHECK(env_init(&e, 12, 40, 40, 0) == 0);
	for (unsigned i = 0; i < 5; i++)
		CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo + i * G),
				       ipa((i + 1) * G), 4 * M2, RWX) == 0);
	CHECK(gmap_populate(&e.gm, ipa(G), 4 * M2) == 0);
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(3 * G + M2)), GMAP_FAULT_INSTALLED);
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(5 * G)), GMAP_FAULT_INSTALLED);
	t0 = e.s.tlbi;
	gmap_teardown(&e.gm);
	CHECK_EQ_U64(e.gm.nr_ext, 0);
	CHECK_EQ_U64(e.s.tlbi - t0, 6);
	for (unsigned i = 0; i < 5; i++) {
		CHECK(UNMAPPED(&e, (i + 1) * G, 4 * M2));
		CHECK_EQ_U64(gmap_fault(&e.gm, ipa((i + 1) * G)),
			     GMAP_FAULT_NOT_MAPPED);
	}
	/* the stage-2 table stays usable */
	CHECK(s2_map(&e.t, ipa(G), pa(e.pa_lo), M2, RW) == 0);
	CHECK(MAPPED(&e, G, M2, e.pa_lo));
	gmap_teardown(&e.gm); /* nothing left: a no-op */
	CHECK(MAPPED(&e, G, M2, e.pa_lo));
	CHECK_EQ_U64(env_fini(&e), 0);
}

/*
 * Segments smaller than the level-2 block: 64K granule with 64M segments
 * (an RMA below 512M) and 4K with 64K segments. Installed as pages;
 * roll-back inside a shared level-3 table.
 */
static void test_seg_override(void)
{
	static struct env e;
	const u64 M64 = 64 * SZ_1M, M = SZ_1M;
	int level;
	u64 got;

	/* 64K/48, 64M segments */
	CHECK(env_init(&e, 16, 48, 48, M64) == 0);
	CHECK_EQ_U64(e.gm.seg_size, M64);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(1024 * M), 256 * M,
			       RWX) == 0);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo + 32 * M), ipa(1024 * M),
			       M64 / 2, RWX) == -1);
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(1024 * M + M64 + 5)),
		     GMAP_FAULT_INSTALLED);
	CHECK_EQ_U64(e.prep, 1);
	CHECK_EQ_U64(e.prep_pa[0], e.pa_lo + M64);
	CHECK_EQ_U64(e.prep_len[0], M64);
	CHECK(MAPPED(&e, 1024 * M + M64, M64, e.pa_lo + M64));
	CHECK(hw_mapped(&e, 1024 * M + M64 + 12345, &got, &level, NULL));
	CHECK_EQ_U64(level, 3);
	CHECK(UNMAPPED(&e, 1024 * M, M64));
	CHECK(UNMAPPED(&e, 1024 * M + 2 * M64, M64));
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(1024 * M + 2 * M64)),
		     GMAP_FAULT_INSTALLED);

	/* populate across a 512M (level-2) boundary; the second level-3
	 * table cannot be had: the segments already installed in the
	 * first table are taken back */
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo + SZ_1G), ipa(1408 * M),
			       256 * M, RWX) == 0);
	e.s.fail_at = e.s.calls + 1;
	CHECK_EQ_U64(gmap_populate(&e.gm, ipa(1408 * M), 256 * M), -2);
	e.s.fail_at = 0;
	for (u64 s = 0; s < 4; s++)
		CHECK(UNMAPPED(&e, 1408 * M + s * M64, M64));
	CHECK(MAPPED(&e, 1024 * M + M64, M64, e.pa_lo + M64));
	CHECK(MAPPED(&e, 1024 * M + 2 * M64, M64, e.pa_lo + 2 * M64));
	CHECK_EQ_U64(gmap_populate(&e.gm, ipa(1408 * M), 256 * M), 0);
	CHECK(MAPPED(&e, 1408 * M, 256 * M, e.pa_lo + SZ_1G));

	/* unmap: one invalidation per 64K page */
	sim_log_tlbi(&e.s, 0);
	CHECK(gmap_unmap_segment(&e.gm, ipa(1024 * M), 256 * M) == 0);
	CHECK_EQ_U64(e.s.tlbi, 2 * M64 / e.gran);
	CHECK(UNMAPPED(&e, 1024 * M, 256 * M));
	CHECK(MAPPED(&e, 1408 * M, 256 * M, e.pa_lo + SZ_1G));
	gmap_teardown(&e.gm);
	CHECK_EQ_U64(e.s.tlbi, 2 * M64 / e.gran + 4 * M64 / e.gran);
	CHECK(UNMAPPED(&e, 1408 * M, 256 * M));
	CHECK_EQ_U64(env_fini(&e), 0);

	/* 4K/40, 64K segments, with RAM */
	CHECK(env_init(&e, 12, 40, 40, SZ_64K) == 0);
	env_ram(&e, e.pa_lo, 4 * SZ_64K, 0xEE);
	CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(0x40000000), 4 * SZ_64K,
			       RWX) == 0);
	CHECK_EQ_U64(gmap_fault(&e.gm, ipa(0x40000000 + SZ_64K + 4096)),
		     GMAP_FAULT_INSTALLED);
	CHECK(MAPPED(&e, 0x40000000 + SZ_64K, SZ_64K, e.pa_lo + SZ_64K));
	CHECK(UNMAPPED(&e, 0x40000000, SZ_64K));
	CHECK(UNMAPPED(&e, 0x40000000 + 2 * SZ_64K, SZ_64K));
	CHECK(ram_at(&e, e.pa_lo + SZ_64K)[0] == 0);
	CHECK(ram_at(&e, e.pa_lo + 2 * SZ_64K - 1)[0] == 0);
	CHECK(ram_at(&e, e.pa_lo + SZ_64K - 1)[0] == 0xEE);
	CHECK(ram_at(&e, e.pa_lo + 2 * SZ_64K)[0] == 0xEE);
	CHECK(hw_mapped(&e, 0x40000000 + SZ_64K, &got, &level, NULL));
	CHECK_EQ_U64(level, 3);
	CHECK_EQ_U64(e.prep_visible, 0);
	gmap_teardown(&e.gm);
	CHECK_EQ_U64(env_fini(&e), 0);
}

/* The last segment of the IPA space, and segments in every granule. */
static void test_ipa_edges(void)
{
	static const struct {
		unsigned gs, ipa, pa;
	} c[] = {{12, 40, 40}, {12, 32, 40}, {14, 40, 40},
		 {14, 48, 48}, {16, 44, 44}, {16, 32, 40}};
	static struct env e;

	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		u64 top;

		CHECK(env_init(&e, c[i].gs, c[i].ipa, c[i].pa, 0) == 0);
		top = e.ia_end - 2 * e.seg;
		CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo), ipa(top), 2 * e.seg,
				       RWX) == 0);
		CHECK(gmap_map_segment(&e.gm, pa(e.pa_lo + 2 * e.seg), ipa(0),
				       e.seg, RWX) == 0);
		CHECK_EQ_U64(gmap_fault(&e.gm, ipa(e.ia_end - 1)),
			     GMAP_FAULT_INSTALLED);
		CHECK(MAPPED(&e, top + e.seg, e.seg, e.pa_lo + e.seg));
		CHECK(UNMAPPED(&e, top, e.seg));
		CHECK_EQ_U64(gmap_fault(&e.gm, ipa(0)), GMAP_FAULT_INSTALLED);
		CHECK(MAPPED(&e, 0, e.seg, e.pa_lo + 2 * e.seg));
		CHECK(gmap_populate(&e.gm, ipa(top), e.seg) == 0);
		CHECK(MAPPED(&e, top, 2 * e.seg, e.pa_lo));
		CHECK_EQ_U64(gmap_fault(&e.gm, ipa(e.ia_end)),
			     GMAP_FAULT_NOT_MAPPED);
		CHECK_EQ_U64(e.prep, 3);
		CHECK(gmap_unmap_segment(&e.gm, ipa(top), 2 * e.seg) == 0);
		CHECK(UNMAPPED(&e, top, 2 * e.seg));
		gmap_teardown(&e.gm);
		CHECK(UNMAPPED(&e, 0, e.seg));
		CHECK_EQ_U64(env_fini(&e), 0);
	}
}

static void close_env(void)
{
	if (open_env)
		env_fini(open_env);
}

#define T(fn)                                                                  \
	do {                                                                   \
		RUN(fn);                                                       \
		close_env();                                                   \
	} while (0)

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	T(test_seg_sizes);
	T(test_map_segment_args);
	T(test_fault_zeroes_once);
	T(test_populate);
	T(test_populate_rollback);
	T(test_fault_alloc_fail);
	T(test_unmap_segment);
	T(test_teardown);
	T(test_seg_override);
	T(test_ipa_edges);
	CHECK_EXIT();
}
