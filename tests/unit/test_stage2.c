/* tests/unit/test_stage2.c - stage-2 tables with dummy-pgd folding, checked by
 * the reference translator walking from VTTBR/VTCR through simulated memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/check.h"
#include "guestmem/stage2.h"
#include "tests/unit/refxlate.h"
#include "tests/unit/simmem.h"

#define ALLG 7u
#define RW   (PT_R | PT_W)

/* --- level arithmetic, written here rather than taken from pgtable.h ----- */

static unsigned lshift(unsigned gs, int level)
{
	return (gs - 3) * (unsigned)(3 - level) + gs;
}

static u64 lsize(unsigned gs, int level)
{
	return 1ULL << lshift(gs, level);
}

/* Levels that may hold a block without LPA/LPA2 (research 4.1). */
static bool block_level(unsigned gs, int level)
{
	return gs == 12 ? level == 1 || level == 2 : level == 2;
}

/* --- the table model: which (level, region) entries are tables ----------- */

struct tset {
	u64 *k;
	size_t cap, n;
};

static u64 tkey(int level, u64 base)
{
	return base | ((u64)level << 1) | 1; /* bases are >= 4K aligned */
}

static size_t thash(u64 k, size_t cap)
{
	return (size_t)((k * 0x9E3779B97F4A7C15ULL) >> 20) & (cap - 1);
}

static bool tset_has(const struct tset *t, u64 k)
{
	size_t i;

	if (!t->cap)
		return false;
	for (i = thash(k, t->cap); t->k[i]; i = (i + 1) & (t->cap - 1))
		if (t->k[i] == k)
			return true;
	return false;
}

static void tset_add(struct tset *t, u64 k)
{
	size_t i;

	if (tset_has(t, k))
		return;
	if ((t->n + 1) * 2 > t->cap) {
		struct tset old = *t;

		t->cap = old.cap ? old.cap * 2 : 1024;
		t->k = calloc(t->cap, sizeof(u64));
		t->n = 0;
		for (i = 0; i < old.cap; i++)
			if (old.k[i])
				tset_add(t, old.k[i]);
		free(old.k);
	}
	for (i = thash(k, t->cap); t->k[i]; i = (i + 1) & (t->cap - 1))
		;
	t->k[i] = k;
	t->n++;
}

static void tset_free(struct tset *t)
{
	free(t->k);
	memset(t, 0, sizeof(*t));
}

/* --- the mapping model ---------------------------------------------------- */

struct ext {
	u64 ia, pa, len;
	unsigned prot;
};

struct model {
	struct ext *e;
	size_t n, cap;
};

static void model_remove(struct model *m, u64 ia, u64 len)
{
	u64 end = ia + len, eend;
	size_t i;
	struct ext x;

	for (i = 0; i < m->n;) {
		x = m->e[i];
		eend = x.ia + x.len;
		if (eend <= ia || x.ia >= end) {
			i++;
			continue;
		}
		m->e[i] = m->e[--m->n];
		if (x.ia < ia)
			m->e[m->n++] =
				(struct ext){x.ia, x.pa, ia - x.ia, x.prot};
		if (eend > end)
			m->e[m->n++] = (struct ext){end, x.pa + (end - x.ia),
						    eend - end, x.prot};
	}
}

static void model_add(struct model *m, u64 ia, u64 pa_, u64 len, unsigned prot)
{
	model_remove(m, ia, len);
	m->e[m->n++] = (struct ext){ia, pa_, len, prot};
}

static const struct ext *model_find(const struct model *m, u64 a)
{
	for (size_t i = 0; i < m->n; i++)
		if (a >= m->e[i].ia && a - m->e[i].ia < m->e[i].len)
			return &m->e[i];
	return NULL;
}

/* --- the environment: a stage-2 table in simulated memory ---------------- */

struct env {
	struct sim s;
	struct s2_geom g;
	struct s2_table t;
	struct s2_alloc a;
	struct ref_cfg c;
	unsigned gs, k, ps_bits;
	int hw, sw;
	u64 gran, blk, ia_end, pa_lo;
	bool created;
	struct tset tables;
	struct model m;
};

/* Output addresses for the tests: high in the PS range, so address bits
 * above 32 (and OA[51:48] with 64K and a 52-bit PS) are exercised. */
static u64 table_pa_base(unsigned ps_bits)
{
	return ps_bits >= 44 ? 1ULL << (ps_bits - 1) : 0x80000000ULL;
}

static u64 map_pa_base(unsigned ps_bits)
{
	return 1ULL << (ps_bits - 2);
}

/* BBM: when the TLBs are invalidated for an entry it must already be
 * gone for the hardware walker, at the level given. */
static int bbm_check(void *arg, u64 ia, int level)
{
	struct env *e = arg;
	struct ref_result r;

	ref_translate(&e->c, ia, &r);
	return r.status != REF_FAULT_XLATE || r.level != level ||
	       level < e->hw || (ia & (lsize(e->gs, level) - 1));
}

/* Environments not torn down yet: a failed CHECK returns early, and the
 * runner frees what it left so LeakSanitizer stays quiet. */
static struct env *open_envs[4];

static void env_track(struct env *e, bool on)
{
	for (size_t i = 0; i < ARRAY_SIZE(open_envs); i++)
		if (on ? !open_envs[i] : open_envs[i] == e) {
			open_envs[i] = on ? e : NULL;
			return;
		}
}

/* Geometry and allocator only; s2_create is separate. */
static int env_setup(struct env *e, unsigned gs, unsigned ipa, unsigned parange)
{
	char err[160];
	struct vtcr_fields f;

	memset(e, 0, sizeof(*e));
	if (s2_geom_compute(&e->g, gs, ipa, parange, ALLG, err, sizeof(err))) {
		printf("  geometry %u/%u/%u: %s\n", gs, ipa, parange, err);
		return -1;
	}
	vtcr_decode(e->g.vtcr, &f);
	e->gs = gs;
	e->ps_bits = f.ps_bits;
	e->hw = e->g.hw.start_level;
	e->sw = gs == 16 ? 1 : 0;
	e->k = (unsigned)(e->hw > e->sw ? e->hw - e->sw : 0);
	e->gran = 1ULL << gs;
	e->blk = lsize(gs, 2);
	e->ia_end = 1ULL << ipa;
	e->pa_lo = map_pa_base(e->ps_bits);
	sim_init(&e->s, gs, table_pa_base(e->ps_bits));
	e->a = (struct s2_alloc){
		.mm = &e->s.ops,
		.zalloc_pages = sim_zalloc_pages,
		.free_pages = sim_free_pages,
	};
	e->m.cap = 8192;
	e->m.e = malloc(e->m.cap * sizeof(*e->m.e));
	env_track(e, true);
	return 0;
}

static int env_create(struct env *e)
{
	int ret = s2_create(&e->t, &e->g, &e->a);

	if (ret)
		return ret;
	e->created = true;
	/* The hardware's view: VTTBR = the hwpgd, VTCR as computed. */
	e->c = ref_cfg_s2(e->g.vtcr, e->t.hwpgd_pa.v, &e->s);
	e->s.tlbi_check = bbm_check;
	e->s.tlbi_arg = e;
	return 0;
}

static int env_init(struct env *e, unsigned gs, unsigned ipa, unsigned parange)
{
	if (env_setup(e, gs, ipa, parange))
		return -1;
	return env_create(e);
}

/* Tear down; returns leaked pages + bad frees + BBM violations. */
static long env_fini(struct env *e)
{
	long bbm = e->s.bbm_bad;

	env_track(e, false);
	e->s.tlbi_check = NULL;
	if (e->created)
		s2_destroy(&e->t);
	tset_free(&e->tables);
	free(e->m.e);
	e->m.e = NULL;
	return sim_fini(&e->s) + bbm;
}

/* --- checks through both views -------------------------------------------- */

static unsigned ref_prot(const struct ref_result *r)
{
	return (r->readable ? PT_R : 0) | (r->writable ? PT_W : 0) |
	       (r->executable ? PT_X : 0) | (r->device ? PT_DEVICE : 0);
}

/* MemAttr 0xF normal / 0x1 device, S2AP from R/W, XN, inner shareable. */
static bool ref_attrs_ok(const struct ref_result *r, unsigned prot)
{
	unsigned s2ap = (prot & PT_R ? 1u : 0) | (prot & PT_W ? 2u : 0);

	return r->sh == 3 && r->memattr == (prot & PT_DEVICE ? 0x1u : 0xFu) &&
	       r->ap == s2ap && ((r->desc >> 54) & 1) == !(prot & PT_X) &&
	       ((r->desc >> 10) & 1);
}

/*
 * s2_lookup (software, through the dummy levels) and the reference walker
 * (hardware, from VTTBR) must agree with the expectation. want_level < 0:
 * any level, as long as both agree.
 */
static int verify(struct env *e, u64 a, bool mapped, u64 want_pa,
		  unsigned want_prot, int want_level)
{
	struct ref_result r;
	pa_t lpa = pa(0);
	unsigned lprot = 0;
	int llevel = -9, lret;
	bool ok;

	lret = s2_lookup(&e->t, ipa(a), &lpa, &lprot, &llevel);
	ref_translate(&e->c, a, &r);
	if (!mapped)
		ok = lret == -1 && r.status == REF_FAULT_XLATE &&
		     r.level == llevel &&
		     (want_level < 0 || r.level == want_level);
	else
		ok = lret == 0 && r.status == REF_OK && lpa.v == want_pa &&
		     r.pa == want_pa && lprot == want_prot &&
		     ref_prot(&r) == want_prot && r.level == llevel &&
		     ref_attrs_ok(&r, want_prot) &&
		     (r.level == 3 ||
		      (block_level(e->gs, r.level) && r.level >= e->hw)) &&
		     (want_level < 0 || r.level == want_level);
	if (!ok)
		printf("  %u/%u ia %#llx: lookup %d pa %#llx prot %#x lvl %d; "
		       "ref %d pa %#llx prot %#x lvl %d; want %s pa %#llx "
		       "prot %#x lvl %d\n",
		       e->gs, e->g.ia_bits, (unsigned long long)a, lret,
		       (unsigned long long)lpa.v, lprot, llevel, r.status,
		       (unsigned long long)r.pa, ref_prot(&r), r.level,
		       mapped ? "mapped" : "fault", (unsigned long long)want_pa,
		       want_prot, want_level);
	return ok ? 0 : 1;
}

/* The level a walk ends at for a, by the table model. */
static int expected_level(const struct env *e, u64 a)
{
	for (int l = e->hw; l < 3; l++)
		if (!tset_has(&e->tables,
			      tkey(l, ALIGN_DOWN(a, lsize(e->gs, l)))))
			return l;
	return 3;
}

static int check_model(struct env *e, u64 a)
{
	const struct ext *x = model_find(&e->m, a);
	int lvl = expected_level(e, a);

	if (!x)
		return verify(e, a, false, 0, 0, lvl);
	return verify(e, a, true, x->pa + (a - x->ia), x->prot, lvl);
}

struct req {
	u64 ia, last, pa;
	unsigned prot;
	bool map;
};

/*
 * Which entries become tables, by the documented rules: the largest block
 * a level allows where the entry lies inside the range and the PA is
 * aligned; a block that already maps the request stays whole; otherwise a
 * table (a block is split first). Unmap splits blocks straddling the edge.
 * Tables are never removed. Uses the model as it was before the request.
 */
static void tm_level(struct env *e, int l, u64 lo, u64 hi, const struct req *r)
{
	u64 sz = lsize(e->gs, l), base;

	if (l >= 3)
		return;
	for (base = ALIGN_DOWN(lo, sz);; base += sz) {
		u64 end = base + sz - 1;
		u64 clo = base > lo ? base : lo, chi = end < hi ? end : hi;
		bool inside = base >= r->ia && end <= r->last;
		const struct ext *x;

		if (tset_has(&e->tables, tkey(l, base))) {
			tm_level(e, l + 1, clo, chi, r);
		} else if (r->map) {
			u64 opa = 0;
			bool have_opa;

			if (block_level(e->gs, l) && l >= e->hw && inside &&
			    IS_ALIGNED(r->pa + (base - r->ia), sz))
				goto next; /* a block leaf */
			x = model_find(&e->m, base);
			if (base >= r->ia) {
				opa = r->pa + (base - r->ia);
				have_opa = true;
			} else {
				have_opa = r->ia - base <= r->pa;
				if (have_opa)
					opa = r->pa - (r->ia - base);
			}
			if (x && have_opa && opa == x->pa + (base - x->ia) &&
			    x->prot == r->prot)
				goto next; /* the block stays whole */
			tset_add(&e->tables, tkey(l, base));
			tm_level(e, l + 1, clo, chi, r);
		} else {
			x = model_find(&e->m, base);
			if (!x || inside)
				goto next;
			tset_add(&e->tables, tkey(l, base));
			tm_level(e, l + 1, clo, chi, r);
		}
	next:
		if (end >= hi)
			break;
	}
}

static int do_map(struct env *e, u64 ia, u64 pa_, u64 size, unsigned prot)
{
	struct req r = {ia, ia + size - 1, pa_, prot, true};
	int ret = s2_map(&e->t, ipa(ia), pa(pa_), size, prot);

	if (ret)
		return ret;
	tm_level(e, e->hw, ia, r.last, &r);
	model_add(&e->m, ia, pa_, size, prot);
	return 0;
}

static int do_unmap(struct env *e, u64 ia, u64 size)
{
	struct req r = {ia, ia + size - 1, 0, 0, false};
	int ret = s2_unmap(&e->t, ipa(ia), size);

	if (ret)
		return ret;
	tm_level(e, e->hw, ia, r.last, &r);
	model_remove(&e->m, ia, size);
	return 0;
}

/* --- the dummy pgd, read independently ------------------------------------ */

static u64 table_addr(const struct env *e, u64 desc)
{
	u64 a = desc & (~0ULL >> 16) & ~(e->gran - 1);

	if (e->gs == 16)
		a |= ((desc >> 12) & 0xF) << 48;
	return a;
}

static int dummy_walk(struct env *e, const u64 *table, int l, u64 base,
		      long *nvalid)
{
	unsigned n = 1u << (e->gs - 3);
	u64 span = lsize(e->gs, l), page_span = lsize(e->gs, e->hw)
						<< (e->gs - 3);

	for (unsigned i = 0; i < n; i++) {
		u64 d = table[i], ia = base + (u64)i * span, ta;

		if (!d)
			continue;
		if ((d & 3) != 3 || ia >= e->ia_end) {
			printf("  dummy L%d[%u] = %#llx\n", l, i,
			       (unsigned long long)d);
			return 1;
		}
		(*nvalid)++;
		ta = table_addr(e, d);
		if (l + 1 == e->hw) {
			u64 want = e->t.hwpgd_pa.v + (ia / page_span) * e->gran;

			if (ta != want) {
				printf("  dummy L%d[%u] -> %#llx, want %#llx\n",
				       l, i, (unsigned long long)ta,
				       (unsigned long long)want);
				return 1;
			}
		} else if (!sim_backed(&e->s, ta) ||
			   dummy_walk(e, sim_p2v(&e->s, pa(ta)), l + 1, ia,
				      nvalid)) {
			return 1;
		}
	}
	return 0;
}

/* The dummy levels point, entry by entry, at the hardware root pages. */
static int check_dummy(struct env *e)
{
	long nvalid = 0, want = 0;

	if (!e->k)
		return e->t.pt.root == e->t.hwpgd ? 0 : 1;
	if (e->t.pt.root == e->t.hwpgd || e->t.pt.root_pa.v == e->t.hwpgd_pa.v)
		return 1;
	if (dummy_walk(e, e->t.pt.root, e->sw, 0, &nvalid))
		return 1;
	for (int l = e->sw; l < e->hw; l++)
		want += (long)((e->ia_end + lsize(e->gs, l) - 1) /
			       lsize(e->gs, l));
	if (nvalid != want)
		printf("  dummy: %ld valid entries, want %ld\n", nvalid, want);
	return nvalid == want ? 0 : 1;
}

/* Allocations s2_create makes: the hwpgd run plus one page per dummy
 * table (one at the top, then one per entry of the level above). */
static long create_allocs(const struct env *e)
{
	long n = 1;

	for (int l = e->sw; l < e->hw; l++)
		n += l == e->sw ? 1
				: (long)((e->ia_end + lsize(e->gs, l - 1) - 1) /
					 lsize(e->gs, l - 1));
	return n;
}

/* --- test cases ----------------------------------------------------------- */

static const unsigned gss[] = {12, 14, 16};
static const unsigned ipas[] = {32, 36, 40, 42, 44, 48, 52};
static const unsigned pars[] = {40, 42, 44, 48, 52};

/*
 * Every valid granule x IPA x PARange: the root run, the dummy levels, the
 * first and last page of the IPA space, a range ending exactly at 2^ipa,
 * refusals past the end, unmapping everything, and teardown.
 */
static void test_every_geometry(void)
{
	static struct env e; /* static: close_envs() may free it */
	unsigned n = 0;

	for (size_t a = 0; a < ARRAY_SIZE(gss); a++)
		for (size_t b = 0; b < ARRAY_SIZE(ipas); b++)
			for (size_t c = 0; c < ARRAY_SIZE(pars); c++) {
				unsigned gs = gss[a], ia = ipas[b],
					 pr = pars[c];
				char err[160];
				struct s2_geom g;
				u64 last, p0, p1, tail;

				if (s2_geom_compute(&g, gs, ia, pr, ALLG, err,
						    sizeof(err)))
					continue;
				n++;
				CHECK(env_init(&e, gs, ia, pr) == 0);
				/* One run of root_pages, aligned to its size.
				 */
				CHECK_EQ_U64(e.s.last_run_n, e.g.root_pages);
				CHECK_EQ_U64(e.s.last_run_align,
					     (u64)e.g.root_pages << gs);
				CHECK(IS_ALIGNED(e.t.hwpgd_pa.v,
						 (u64)e.g.root_pages << gs));
				CHECK(IS_ALIGNED(e.t.hwpgd_pa.v,
						 e.g.root_bytes));
				CHECK_EQ_U64(e.s.live_runs, 1);
				CHECK_EQ_U64(e.s.allocs, create_allocs(&e));
				CHECK_EQ_U64(e.s.live,
					     e.g.root_pages + e.s.allocs - 1);
				CHECK_EQ_U64(e.k, e.g.folded);
				CHECK(!check_dummy(&e));
				CHECK_EQ_U64(ref_start_level(&e.c), e.hw);
				/* Empty: the root entry is invalid. */
				last = e.ia_end - e.gran;
				CHECK(!verify(&e, 0, false, 0, 0, e.hw));
				CHECK(!verify(&e, last, false, 0, 0, e.hw));
				/* First and last page. */
				p0 = e.pa_lo + 7 * e.gran;
				p1 = e.pa_lo + 1234 * e.gran;
				CHECK(s2_map(&e.t, ipa(0), pa(p0), e.gran,
					     PT_R | PT_X) == 0);
				CHECK(s2_map(&e.t, ipa(last), pa(p1), e.gran,
					     RW | PT_DEVICE) == 0);
				CHECK(!verify(&e, 0, true, p0, PT_R | PT_X, 3));
				CHECK(!verify(&e, e.gran - 8, true,
					      p0 + e.gran - 8, PT_R | PT_X, 3));
				CHECK(!verify(&e, e.gran, false, 0, 0, 3));
				CHECK(!verify(&e, last, true, p1,
					      RW | PT_DEVICE, 3));
				CHECK(!verify(&e, e.ia_end - 1, true,
					      p1 + e.gran - 1, RW | PT_DEVICE,
					      3));
				CHECK(!verify(&e, last - e.gran, false, 0, 0,
					      3));
				/* A range ending exactly at 2^ipa: blocks. */
				tail = e.ia_end - 2 * e.blk;
				CHECK(s2_map(&e.t, ipa(tail),
					     pa(e.pa_lo + 4 * e.blk), 2 * e.blk,
					     RW) == 0);
				CHECK(!verify(&e, tail, true,
					      e.pa_lo + 4 * e.blk, RW, 2));
				/* The last block holds the last page's table,
				 * which is never collapsed: pages there. */
				CHECK(!verify(&e, e.ia_end - 1, true,
					      e.pa_lo + 6 * e.blk - 1, RW, 3));
				/* Nothing past the end of the IPA space. */
				CHECK(s2_map(&e.t, ipa(e.ia_end), pa(e.pa_lo),
					     e.gran, RW) == -1);
				CHECK(s2_map(&e.t, ipa(last), pa(e.pa_lo),
					     2 * e.gran, RW) == -1);
				CHECK(s2_map(&e.t, ipa(0), pa(e.pa_lo),
					     e.ia_end + e.gran, RW) == -1);
				CHECK(s2_map(&e.t, ipa(0), pa(e.pa_lo), 0,
					     RW) == -1);
				CHECK(s2_map(&e.t, ipa(e.gran / 2), pa(e.pa_lo),
					     e.gran, RW) == -1);
				CHECK(s2_unmap(&e.t, ipa(e.ia_end), e.gran) ==
				      -1);
				CHECK(s2_unmap(&e.t, ipa(last), 2 * e.gran) ==
				      -1);
				CHECK(s2_lookup(&e.t, ipa(e.ia_end), NULL, NULL,
						NULL) == -1);
				/* Unmap the whole space: the dummy levels stay.
				 */
				CHECK(s2_unmap(&e.t, ipa(0), e.ia_end) == 0);
				CHECK(!verify(&e, 0, false, 0, 0, 3));
				CHECK(!verify(&e, last, false, 0, 0, -1));
				CHECK(!verify(&e, tail, false, 0, 0, -1));
				CHECK(!check_dummy(&e));
				CHECK(s2_map(&e.t, ipa(e.blk), pa(e.pa_lo),
					     e.blk, RW) == 0);
				CHECK(!verify(&e, e.blk + e.gran, true,
					      e.pa_lo + e.gran, RW, 2));
				CHECK_EQ_U64(env_fini(&e), 0);
			}
	CHECK_EQ_U64(n, 73);
}

/* The folding cases the brief names, plus the rest of the k range. */
static const struct fold {
	unsigned gs, ipa, pa, k;
} folds[] = {
	{12, 48, 48, 0}, {12, 40, 40, 1}, {12, 32, 40, 2}, {14, 40, 40, 2},
	{14, 48, 48, 1}, {16, 32, 40, 1}, {16, 48, 48, 0}, {16, 44, 44, 1},
	{12, 36, 44, 1}, {12, 44, 44, 0}, {14, 36, 40, 2}, {16, 52, 52, 0},
	{12, 42, 42, 1},
};

/*
 * Blocks exactly where allowed: a range with page-sized edges around the
 * largest block the hardware levels allow, PA congruent to the IA; then
 * the same with the PA off by one granule (pages only) and off by one
 * block (no 1G blocks with 4K).
 */
static void test_blocks_where_allowed(void)
{
	static struct env e; /* static: close_envs() may free it */

	for (size_t i = 0; i < ARRAY_SIZE(folds); i++) {
		const struct fold *f = &folds[i];

		for (int variant = 0; variant < 3; variant++) {
			u64 big, ia0, size, pa0, step, b;
			int top;

			CHECK(env_init(&e, f->gs, f->ipa, f->pa) == 0);
			CHECK_EQ_U64(e.k, f->k);
			/* Largest block level the hardware has: 1G only with
			 * 4K and a root at L0/L1 (4K/32 starts at L2). */
			top = f->gs == 12 && e.hw <= 1 ? 1 : 2;
			big = lsize(f->gs, top);
			/* [b - blk - gran, b + 2 big + blk + gran) */
			b = ALIGN_DOWN(e.ia_end / 2, big);
			ia0 = b - e.blk - e.gran;
			size = 2 * big + 2 * e.blk + 2 * e.gran;
			CHECK(b > e.blk && ia0 + size <= e.ia_end);
			pa0 = e.pa_lo + (ia0 & (4 * big - 1));
			if (variant == 1)
				pa0 += e.gran;
			if (variant == 2)
				pa0 += e.blk;
			CHECK(do_map(&e, ia0, pa0, size, RW | PT_X) == 0);
			step = size / 1024 > e.gran
				       ? ALIGN_DOWN(size / 1024, e.gran)
				       : e.gran;
			for (u64 off = 0; off < size; off += step)
				CHECK(!check_model(&e, ia0 + off));
			CHECK(!check_model(&e, ia0 - e.gran));
			CHECK(!check_model(&e, ia0 + size));
			CHECK(!check_model(&e, ia0 + size - 1));
			/* Spot checks of the model itself. */
			CHECK(!verify(&e, ia0, true, pa0, RW | PT_X, 3));
			CHECK(!verify(&e, ia0 + e.gran, true, pa0 + e.gran,
				      RW | PT_X, variant == 1 ? 3 : 2));
			CHECK(!verify(&e, ia0 + e.gran + e.blk + big / 2, true,
				      pa0 + e.gran + e.blk + big / 2, RW | PT_X,
				      variant == 1   ? 3
				      : variant == 2 ? 2
						     : top));
			CHECK_EQ_U64(env_fini(&e), 0);
		}
	}
}

/*
 * Ranges across the concatenated root pages: 4K/40 at 512 GiB, 16K/40 at
 * every 64 GiB, 64K/44 at every 4 TiB, 4K/42 at every 512 GiB.
 */
static void test_concat_boundaries(void)
{
	static const struct {
		unsigned gs, ipa, pa, pages;
	} c[] = {
		{12, 40, 40, 2}, {14, 40, 40, 16}, {16, 44, 44, 4},
		{12, 42, 42, 8}, {14, 48, 48, 2},  {12, 32, 40, 4},
	};
	static struct env e; /* static: close_envs() may free it */

	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		u64 span, per_page, bnd, ia0, size, pa0, *root;

		CHECK(env_init(&e, c[i].gs, c[i].ipa, c[i].pa) == 0);
		CHECK_EQ_U64(e.g.root_pages, c[i].pages);
		span = lsize(e.gs, e.hw) << (e.gs - 3);
		per_page = 1ULL << (e.gs - 3);
		root = e.t.hwpgd;
		for (unsigned p = 1; p < c[i].pages; p++) {
			bnd = p * span;
			ia0 = bnd - e.blk - e.gran;
			size = 2 * e.blk + 2 * e.gran;
			pa0 = e.pa_lo + (u64)p * 8 * e.blk +
			      (ia0 & (e.blk - 1));
			CHECK(do_map(&e, ia0, pa0, size, RW) == 0);
			CHECK(!check_model(&e, bnd - e.gran));
			CHECK(!check_model(&e, bnd - 1));
			CHECK(!check_model(&e, bnd));
			CHECK(!check_model(&e, bnd - e.blk));
			CHECK(!check_model(&e, bnd + e.blk));
			CHECK(!check_model(&e, ia0 - 1));
			CHECK(!check_model(&e, ia0 + size));
			/* The last entry of page p-1 and the first of page p
			 * of the concatenated root are both in use. */
			CHECK(root[p * per_page - 1] & 1);
			CHECK(root[p * per_page] & 1);
			/* ...and the entry after the range is not. */
			CHECK(!(root[((ia0 + size - 1) >> lshift(e.gs, e.hw)) +
				     1] &
				1));
		}
		/* A 1G block on each side of the boundary (4K, L1 root). */
		if (e.gs == 12 && e.hw == 1) {
			bnd = span;
			CHECK(do_unmap(&e, bnd - SZ_1G, 2 * SZ_1G) == 0);
			CHECK(do_map(&e, bnd - SZ_1G, e.pa_lo + 4 * SZ_1G,
				     2 * SZ_1G, PT_R) == 0);
			/* The entries were tables already: never collapsed. */
			CHECK(!check_model(&e, bnd - SZ_1G));
			CHECK(!check_model(&e, bnd + SZ_1G - 1));
			/* The very last root entry holds a 1G block. */
			CHECK(do_map(&e, e.ia_end - SZ_1G, e.pa_lo + 8 * SZ_1G,
				     SZ_1G, PT_R) == 0);
			CHECK_EQ_U64(root[c[i].pages * per_page - 1] & 3, 1);
			CHECK(!verify(&e, e.ia_end - 1, true,
				      e.pa_lo + 9 * SZ_1G - 1, PT_R, 1));
		}
		for (u64 a = 0; a < e.ia_end; a += e.ia_end / 64)
			CHECK(!check_model(&e, a + (a / 64 & ~(e.gran - 1))));
		CHECK(!check_dummy(&e));
		CHECK_EQ_U64(env_fini(&e), 0);
	}
}

/*
 * The folding cases: software view and hardware view agree over a spread
 * of mappings; unmapping everything keeps the dummy levels pointing at
 * the hwpgd pages and later maps work; teardown frees every page.
 */
static void test_fold_cases(void)
{
	static struct env e; /* static: close_envs() may free it */

	for (size_t i = 0; i < ARRAY_SIZE(folds); i++) {
		const struct fold *f = &folds[i];
		u64 step, a, pa0;
		unsigned j, slots;

		CHECK(env_init(&e, f->gs, f->ipa, f->pa) == 0);
		CHECK_EQ_U64(e.k, f->k);
		CHECK_EQ_U64(e.s.allocs, 1 + f->k);
		/* One block and a few pages in each 1/16 of the IPA space
		 * (fewer slots when blocks are large for the space). */
		step = e.ia_end / 16 > 8 * e.blk ? e.ia_end / 16 : 8 * e.blk;
		slots = (unsigned)(e.ia_end / step);
		for (j = 0; j < slots; j++) {
			a = j * step + (j % 3) * e.blk;
			pa0 = e.pa_lo + j * 4 * e.blk;
			CHECK(do_map(&e, a, pa0, e.blk, j & 1 ? RW : PT_R) ==
			      0);
			CHECK(do_map(&e, a + 3 * e.blk - 2 * e.gran,
				     pa0 + 2 * e.blk, 5 * e.gran,
				     RW | PT_DEVICE) == 0);
		}
		for (j = 0; j < slots; j++) {
			a = j * step + (j % 3) * e.blk;
			CHECK(!check_model(&e, a));
			CHECK(!check_model(&e, a + e.blk - 1));
			CHECK(!check_model(&e, a + e.blk));
			CHECK(!check_model(&e, a + 3 * e.blk - 3 * e.gran));
			CHECK(!check_model(&e, a + 3 * e.blk - 2 * e.gran));
			CHECK(!check_model(&e, a + 3 * e.blk + 2 * e.gran));
			CHECK(!check_model(&e, a + 3 * e.blk + 3 * e.gran));
		}
		CHECK(!check_dummy(&e));
		/* Unmap everything. */
		CHECK(do_unmap(&e, 0, e.ia_end) == 0);
		CHECK_EQ_U64(e.m.n, 0);
		for (j = 0; j < slots; j++) {
			a = j * step + (j % 3) * e.blk;
			CHECK(!check_model(&e, a));
			CHECK(!check_model(&e, a + 3 * e.blk - 2 * e.gran));
		}
		CHECK(!check_dummy(&e));
		/* The table still works. */
		a = e.ia_end - 2 * e.blk;
		CHECK(do_map(&e, a + e.gran, e.pa_lo + e.gran, e.blk, RW) == 0);
		CHECK(!check_model(&e, a));
		CHECK(!check_model(&e, a + e.gran));
		CHECK(!check_model(&e, a + e.blk));
		CHECK(!check_model(&e, a + e.blk + e.gran));
		CHECK(!check_model(&e, e.ia_end - e.gran));
		CHECK(!check_dummy(&e));
		/* Leaves that cannot be expressed are refused. */
		CHECK(s2_map(&e.t, ipa(0), pa(e.pa_lo), e.gran, PT_W) == -1);
		CHECK(s2_map(&e.t, ipa(0), pa(e.pa_lo), e.gran,
			     PT_R | PT_X | PT_DEVICE) == -1);
		CHECK(s2_map(&e.t, ipa(0), pa(e.pa_lo + 4096 / 2), e.gran,
			     RW) == -1);
		CHECK(e.s.live > 0);
		/* Teardown frees everything; a second one is harmless. */
		s2_destroy(&e.t);
		CHECK_EQ_U64(e.s.live, 0);
		CHECK_EQ_U64(e.s.live_runs, 0);
		s2_destroy(&e.t);
		CHECK_EQ_U64(e.s.bad, 0);
		CHECK_EQ_U64(env_fini(&e), 0);
	}
}

/*
 * s2_create with each of its allocations failing: -2 and nothing left
 * allocated; s2_destroy after that does nothing. Then one more call
 * count succeeds.
 */
static void test_create_alloc_fail(void)
{
	static struct env e; /* static: close_envs() may free it */

	for (size_t i = 0; i < ARRAY_SIZE(folds); i++) {
		const struct fold *f = &folds[i];
		long n;

		CHECK(env_setup(&e, f->gs, f->ipa, f->pa) == 0);
		n = create_allocs(&e);
		CHECK_EQ_U64(n, 1 + f->k);
		CHECK(env_create(&e) == 0);
		CHECK_EQ_U64(e.s.calls, n);
		CHECK_EQ_U64(env_fini(&e), 0);
		for (long k = 1; k <= n + 1; k++) {
			CHECK(env_setup(&e, f->gs, f->ipa, f->pa) == 0);
			e.s.fail_at = k;
			if (k <= n) {
				CHECK(s2_create(&e.t, &e.g, &e.a) == -2);
				CHECK_EQ_U64(e.s.live, 0);
				CHECK_EQ_U64(e.s.live_runs, 0);
				CHECK_EQ_U64(e.s.bad, 0);
				CHECK(e.t.hwpgd == NULL);
				s2_destroy(&e.t); /* nothing to free */
				CHECK_EQ_U64(e.s.bad, 0);
			} else {
				CHECK(env_create(&e) == 0);
				CHECK(!check_dummy(&e));
			}
			CHECK_EQ_U64(env_fini(&e), 0);
		}
	}
	/* A geometry whose levels do not add up is refused, no allocation. */
	CHECK(env_setup(&e, 12, 32, 40) == 0);
	e.g.folded = 1;
	CHECK(s2_create(&e.t, &e.g, &e.a) == -1);
	e.g.folded = 3;
	e.g.sw.start_level = -1;
	CHECK(s2_create(&e.t, &e.g, &e.a) == -1);
	CHECK_EQ_U64(e.s.calls, 0);
	CHECK_EQ_U64(env_fini(&e), 0);
}

/*
 * Table allocations failing during s2_map: -2; whatever is visible then is
 * correct; unmapping the range leaves nothing mapped; the dummy levels
 * are intact; the same map then succeeds; teardown leaks nothing. A split
 * failing during s2_unmap leaves the block as it was.
 */
static void test_map_alloc_fail(void)
{
	static struct env e; /* static: close_envs() may free it */

	for (size_t i = 0; i < ARRAY_SIZE(folds); i++) {
		const struct fold *f = &folds[i];
		u64 bnd, ia0, size, pa0, samples[12];
		long n, k, before;
		int ret;

		CHECK(env_init(&e, f->gs, f->ipa, f->pa) == 0);
		/* Cross a root-page boundary if there is one, else the
		 * middle: pages at both ends, blocks inside. */
		bnd = e.g.root_pages > 1 ? lsize(e.gs, e.hw) << (e.gs - 3)
					 : e.ia_end / 2;
		ia0 = bnd - e.blk - e.gran;
		size = 2 * e.blk + 2 * e.gran;
		pa0 = e.pa_lo + 16 * e.blk + (ia0 & (e.blk - 1));
		before = e.s.calls;
		CHECK(do_map(&e, ia0, pa0, size, RW) == 0);
		n = e.s.calls - before;
		CHECK(n >= 2);
		CHECK_EQ_U64(env_fini(&e), 0);
		samples[0] = ia0;
		samples[1] = ia0 + e.gran - 1;
		samples[2] = ia0 + e.gran;
		samples[3] = bnd - e.gran;
		samples[4] = bnd - 1;
		samples[5] = bnd;
		samples[6] = bnd + e.blk - 1;
		samples[7] = bnd + e.blk;
		samples[8] = ia0 + size - 1;
		samples[9] = ia0 - 1;
		samples[10] = ia0 + size;
		samples[11] = bnd + e.blk / 2;

		for (k = 1; k <= n + 1; k++) {
			CHECK(env_init(&e, f->gs, f->ipa, f->pa) == 0);
			e.s.fail_at = e.s.calls + k;
			ret = s2_map(&e.t, ipa(ia0), pa(pa0), size, RW);
			e.s.fail_at = 0;
			CHECK(ret == (k <= n ? -2 : 0));
			/* Partial: each address either faults or is right. */
			for (int j = 0; j < 12; j++) {
				u64 a = samples[j];
				bool in = a >= ia0 && a < ia0 + size;
				struct ref_result r;

				ref_translate(&e.c, a, &r);
				if (r.status == REF_OK)
					CHECK(in &&
					      !verify(&e, a, true,
						      pa0 + (a - ia0), RW, -1));
				else
					CHECK(!verify(&e, a, false, 0, 0, -1));
				if (ret == 0 && in)
					CHECK(r.status == REF_OK);
			}
			CHECK(s2_unmap(&e.t, ipa(ia0), size) == 0);
			for (int j = 0; j < 12; j++)
				CHECK(!verify(&e, samples[j], false, 0, 0, -1));
			CHECK(!check_dummy(&e));
			CHECK(s2_map(&e.t, ipa(ia0), pa(pa0), size, RW) == 0);
			CHECK(!verify(&e, bnd, true, pa0 + (bnd - ia0), RW,
				      -1));
			CHECK(!verify(&e, ia0, true, pa0, RW, 3));
			CHECK_EQ_U64(e.s.bbm_bad, 0);
			CHECK_EQ_U64(env_fini(&e), 0);
		}

		/* Unmapping a block: one TLB invalidation, for the block. */
		CHECK(env_init(&e, f->gs, f->ipa, f->pa) == 0);
		ia0 = bnd;
		CHECK(s2_map(&e.t, ipa(ia0), pa(e.pa_lo), e.blk, RW) == 0);
		sim_log_tlbi(&e.s, 8);
		CHECK(s2_unmap(&e.t, ipa(ia0), e.blk) == 0);
		CHECK_EQ_U64(e.s.tlbi, 1);
		CHECK_EQ_U64(e.s.tlog[0].ia, ia0);
		CHECK_EQ_U64(e.s.tlog[0].level, 2);
		/* Unmapping what is not mapped invalidates nothing. */
		CHECK(s2_unmap(&e.t, ipa(ia0), e.blk) == 0);
		CHECK_EQ_U64(e.s.tlbi, 1);

		/* Splitting a block for an unmap fails: the block stays. */
		CHECK(s2_map(&e.t, ipa(ia0), pa(e.pa_lo), e.blk, RW) == 0);
		CHECK(!verify(&e, ia0 + e.gran, true, e.pa_lo + e.gran, RW, 2));
		e.s.fail_at = e.s.calls + 1;
		CHECK(s2_unmap(&e.t, ipa(ia0 + e.gran), e.gran) == -2);
		e.s.fail_at = 0;
		CHECK(!verify(&e, ia0 + e.gran, true, e.pa_lo + e.gran, RW, 2));
		CHECK(!verify(&e, ia0, true, e.pa_lo, RW, 2));
		/* Split (break the block) then remove one page. */
		sim_log_tlbi(&e.s, 8);
		CHECK(s2_unmap(&e.t, ipa(ia0 + e.gran), e.gran) == 0);
		CHECK_EQ_U64(e.s.tlbi, 2);
		CHECK_EQ_U64(e.s.tlog[0].ia, ia0);
		CHECK_EQ_U64(e.s.tlog[0].level, 2);
		CHECK_EQ_U64(e.s.tlog[1].ia, ia0 + e.gran);
		CHECK_EQ_U64(e.s.tlog[1].level, 3);
		CHECK(!verify(&e, ia0 + e.gran, false, 0, 0, 3));
		CHECK(!verify(&e, ia0, true, e.pa_lo, RW, 3));
		CHECK(!verify(&e, ia0 + 2 * e.gran, true, e.pa_lo + 2 * e.gran,
			      RW, 3));
		CHECK_EQ_U64(env_fini(&e), 0);
	}
}

/*
 * One seeded random map/unmap sequence against the model in a window of
 * the IPA space: w = 0 the bottom, 1 around a concatenated-root (or the
 * middle) boundary, 2 the top. After every operation both ends of the
 * request, the neighbours and random addresses are checked; every 50
 * operations the edges of every extent. Returns operations done.
 */
static const unsigned rprots[] = {
	PT_R, RW, PT_R | PT_X, RW | PT_X, PT_R | PT_DEVICE, RW | PT_DEVICE,
};

static int run_sequence(struct env *e, int w, int ops, u64 *rng, u64 winmax,
			bool quiet)
{
	u64 big, win, lo, hi, bnd, ia, size, unit, pa_, a;
	unsigned prot;
	int bad = 0, op;

	big = e->gs == 12 ? SZ_1G : e->blk;
	win = e->gs == 12 ? 4 * SZ_1G : 8 * e->blk;
	if (win > winmax)
		win = winmax;
	if (win > e->ia_end)
		win = e->ia_end;
	if (big > win / 2)
		big = e->blk;
	bnd = e->g.root_pages > 1 ? (e->g.root_pages / 2) *
					    (lsize(e->gs, e->hw) << (e->gs - 3))
				  : e->ia_end / 2;
	lo = w == 0 ? 0 : w == 1 ? bnd - win / 2 : e->ia_end - win;
	if (win == e->ia_end)
		lo = 0;
	hi = lo + win;
	for (op = 0; op < ops && !bad; op++) {
		switch (sim_rnd(rng) % 10) {
		case 0:
		case 1:
		case 2:
		case 3:
		case 4:
		case 5:
			size = (1 + sim_rnd(rng) % 16) * e->gran;
			unit = e->gran;
			break;
		case 6:
		case 7:
			size = (1 + sim_rnd(rng) % 2) * e->blk +
			       (sim_rnd(rng) % 4) * e->gran;
			unit = sim_rnd(rng) & 1 ? e->blk : e->gran;
			break;
		case 8:
			size = (1 + sim_rnd(rng) % 3) * e->blk;
			unit = e->blk;
			break;
		default:
			size = (1 + sim_rnd(rng) % 2) * big;
			unit = sim_rnd(rng) % 4 ? big : e->gran;
			break;
		}
		if (size > win)
			size = win;
		ia = lo + ALIGN_DOWN(sim_rnd(rng) % (win - size + 1), unit);
		if (sim_rnd(rng) % 10 == 0 && e->m.n) {
			/* Map part of an existing extent again, unchanged:
			 * blocks that already map it stay whole. */
			const struct ext *x = &e->m.e[sim_rnd(rng) % e->m.n];
			u64 np = x->len / e->gran, first = sim_rnd(rng) % np;

			size = (1 + sim_rnd(rng) % (np - first)) * e->gran;
			ia = x->ia + first * e->gran;
			bad |= do_map(e, ia, x->pa + first * e->gran, size,
				      x->prot) != 0;
		} else if (sim_rnd(rng) % 100 < 60) {
			/* PA congruent to the IA modulo big, blk or a
			 * granule (no GiB of pages: that only costs time). */
			unit = sim_rnd(rng) % 3;
			if (unit == 2 && size >= SZ_1G)
				unit = 1;
			unit = unit == 0 ? big : unit == 1 ? e->blk : e->gran;
			pa_ = e->pa_lo +
			      ALIGN_DOWN(sim_rnd(rng) % (4 * win), unit) +
			      (ia & (unit - 1));
			prot = rprots[sim_rnd(rng) % ARRAY_SIZE(rprots)];
			bad |= do_map(e, ia, pa_, size, prot) != 0;
		} else {
			bad |= do_unmap(e, ia, size) != 0;
		}
		bad |= check_model(e, ia);
		bad |= check_model(e, ia + size - 1);
		if (ia > lo)
			bad |= check_model(e, ia - 1);
		if (ia + size < hi)
			bad |= check_model(e, ia + size);
		for (int j = 0; j < 10; j++) {
			a = lo + sim_rnd(rng) % win;
			bad |= check_model(e, a);
		}
		if (op % 50 == 49)
			for (size_t x = 0; x < e->m.n; x++) {
				bad |= check_model(e, e->m.e[x].ia);
				bad |= check_model(
					e, e->m.e[x].ia + e->m.e[x].len - 1);
			}
		bad |= e->m.n + 4 >= e->m.cap;
		if (bad && !quiet)
			printf("  %u/%u window %d op %d\n", e->gs, e->g.ia_bits,
			       w, op);
	}
	/* Empty the window: everything faults; the dummy levels stay. */
	if (!bad)
		bad |= do_unmap(e, lo, win) != 0;
	for (a = lo; a < hi && !bad; a += win / 64)
		bad |= check_model(e, a + sim_rnd(rng) % (win / 64));
	bad |= check_dummy(e);
	return bad ? -1 : op;
}

/* Long sequences: every folding case, three windows each. */
static void test_random_long(void)
{
	static struct env e; /* static: close_envs() may free it */
	u64 rng = 0x243F6A8885A308D3ULL;
	long total = 0;
	int n;

	for (size_t i = 0; i < ARRAY_SIZE(folds); i++)
		for (int w = 0; w < 3; w++) {
			CHECK(env_init(&e, folds[i].gs, folds[i].ipa,
				       folds[i].pa) == 0);
			n = run_sequence(&e, w, 200, &rng, ~0ULL, false);
			CHECK(n > 0);
			total += n;
			CHECK_EQ_U64(env_fini(&e), 0);
		}
	CHECK(total >= 7000);
}

/* Thousands of short sequences, each seeded on its own, in fresh tables
 * (so the first operations meet empty roots and new tables). */
static void test_random_short(void)
{
	static struct env e;
	const int nseq = 1500;
	int n;

	for (int q = 0; q < nseq; q++) {
		const struct fold *f = &folds[q % ARRAY_SIZE(folds)];
		u64 rng = 0x9E3779B97F4A7C15ULL ^
			  ((u64)q * 0xD1B54A32D192ED03ULL);

		sim_rnd(&rng);
		CHECK(env_init(&e, f->gs, f->ipa, f->pa) == 0);
		n = run_sequence(&e, q / (int)ARRAY_SIZE(folds) % 3, 6, &rng,
				 e.gs == 12 ? 8 * e.blk : 4 * e.blk, false);
		if (n < 0)
			printf("  sequence %d\n", q);
		CHECK(n > 0);
		CHECK_EQ_U64(e.s.bbm_bad, 0);
		CHECK_EQ_U64(env_fini(&e), 0);
	}
}

/*
 * VTTBR_EL2: BADDR = the hwpgd (never the dummy pgd), VMID in [55:48],
 * CnP 0; with a 52-bit PS (64K, FEAT_LPA) PA[51:48] goes in bits [5:2].
 */
static void test_vttbr(void)
{
	static const struct fold v[] = {
		{12, 40, 40, 1}, {14, 40, 40, 2}, {16, 44, 44, 1},
		{12, 48, 48, 0}, {16, 52, 52, 0},
	};
	static struct env e; /* static: close_envs() may free it */

	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		u64 p, want, got;

		CHECK(env_init(&e, v[i].gs, v[i].ipa, v[i].pa) == 0);
		p = e.t.hwpgd_pa.v;
		want = (p & 0x0000FFFFFFFFFFFEULL) | (((p >> 48) & 0xF) << 2) |
		       (0x21ULL << 48);
		got = s2_vttbr(&e.t, 0x21);
		if (got != want)
			printf("  %u/%u: hwpgd %#llx vttbr %#llx want %#llx\n",
			       v[i].gs, v[i].ipa, (unsigned long long)p,
			       (unsigned long long)got,
			       (unsigned long long)want);
		CHECK_EQ_U64(got, want);
		CHECK_EQ_U64(env_fini(&e), 0);
	}
}

/*
 * Output addresses must be below 2^PS (research/stage2.md 2.5 rule 6):
 * a leaf beyond it is an address-size fault for the hardware, so s2_map
 * must refuse it rather than install it.
 */
static void test_output_below_ps(void)
{
	static const struct fold v[] = {
		{12, 40, 40, 1},
		{14, 40, 42, 2},
		{16, 44, 44, 1},
		{12, 36, 40, 1},
	};
	static struct env e; /* static: close_envs() may free it */

	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		u64 top;
		struct ref_result r;

		CHECK(env_init(&e, v[i].gs, v[i].ipa, v[i].pa) == 0);
		top = 1ULL << e.ps_bits;
		/* The last granule below 2^PS is fine. */
		CHECK(s2_map(&e.t, ipa(0), pa(top - e.gran), e.gran, RW) == 0);
		CHECK(!verify(&e, 0, true, top - e.gran, RW, 3));
		CHECK(s2_map(&e.t, ipa(e.gran), pa(top), e.gran, RW) == -1);
		CHECK(s2_map(&e.t, ipa(e.blk), pa(top - e.blk), 2 * e.blk,
			     RW) == -1);
		ref_translate(&e.c, e.gran, &r);
		CHECK(r.status != REF_FAULT_ASIZE);
		CHECK_EQ_U64(env_fini(&e), 0);
	}
}

static void close_envs(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(open_envs); i++)
		if (open_envs[i])
			env_fini(open_envs[i]);
}

#define T(fn)                                                                  \
	do {                                                                   \
		RUN(fn);                                                       \
		close_envs();                                                  \
	} while (0)

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	T(test_every_geometry);
	T(test_blocks_where_allowed);
	T(test_concat_boundaries);
	T(test_fold_cases);
	T(test_create_alloc_fail);
	T(test_map_alloc_fail);
	T(test_random_long);
	T(test_random_short);
	T(test_vttbr);
	T(test_output_below_ps);
	CHECK_EXIT();
}
