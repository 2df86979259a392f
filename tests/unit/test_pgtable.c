/* tests/unit/test_pgtable.c - host tests of the page-table walker against simulated memory and a reference walker. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/check.h"
#include "hyp/pgtable.h"
#include "tests/unit/refxlate.h"

/* MAIR_EL2 the boot code programs: idx0 Device-nGnRE, idx1 Normal WB. */
#define TEST_MAIR 0xFF04ULL
#define SZ_512G	  (512 * SZ_1G)

/* --- simulated physical memory ------------------------------------------ */

enum slot_state { SLOT_DEAD, SLOT_LIVE, SLOT_EXT };

struct slot {
	char *va;
	enum slot_state state;
};

struct tlog {
	u64 ia;
	int level;
};

/*
 * Pages get fake PAs (slot i is at pa_base + i granules, never reused), so
 * a PA/VA mix-up or a stale table address is caught instead of working by
 * luck. For 64K the PAs sit above 2^48 to exercise OA[51:48].
 */
struct sim {
	unsigned gs;
	u64 pa_base;
	struct slot *slots;
	size_t nslots, cap;
	long live;    /* pages handed out and not yet freed */
	long allocs;  /* successful zalloc_page calls */
	long calls;   /* all zalloc_page calls */
	long fail_at; /* make call number fail_at return NULL (0: never) */
	long bad;     /* frees of unknown pages */
	long tlbi;    /* tlb_inval calls */
	long bbm_bad; /* tlb_inval while the entry was still valid */
	struct tlog log[8];
	const struct pt *pt; /* checked by the BBM hook */
	struct pt_mm_ops ops;
};

static void sim_die(const char *what, u64 x)
{
	printf("FAIL sim: %s %#llx\n", what, (unsigned long long)x);
	abort();
}

static void sim_push(struct sim *s, char *va, enum slot_state st)
{
	if (s->nslots == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->slots = realloc(s->slots, s->cap * sizeof(*s->slots));
		if (!s->slots)
			sim_die("realloc", s->cap);
	}
	s->slots[s->nslots].va = va;
	s->slots[s->nslots].state = st;
	s->nslots++;
}

static struct slot *sim_slot_of_pa(struct sim *s, u64 pa)
{
	u64 idx;

	if (pa < s->pa_base)
		return NULL;
	idx = (pa - s->pa_base) >> s->gs;
	if (idx >= s->nslots || s->slots[idx].state == SLOT_DEAD)
		return NULL;
	return &s->slots[idx];
}

static void *sim_zalloc(void *ctx)
{
	struct sim *s = ctx;
	size_t gran = (size_t)1 << s->gs;
	char *p;

	s->calls++;
	if (s->fail_at && s->calls == s->fail_at)
		return NULL;
	p = aligned_alloc(gran, gran);
	if (!p)
		sim_die("aligned_alloc", gran);
	memset(p, 0, gran);
	sim_push(s, p, SLOT_LIVE);
	s->live++;
	s->allocs++;
	return p;
}

static void sim_free(void *ctx, void *page)
{
	struct sim *s = ctx;
	size_t i;

	for (i = s->nslots; i-- > 0;) {
		if (s->slots[i].va == page && s->slots[i].state == SLOT_LIVE) {
			free(page);
			s->slots[i].state = SLOT_DEAD;
			s->slots[i].va = NULL;
			s->live--;
			return;
		}
	}
	s->bad++;
}

static void *sim_p2v(void *ctx, pa_t pa)
{
	struct sim *s = ctx;
	struct slot *sl = sim_slot_of_pa(s, pa.v);

	if (!sl)
		sim_die("phys_to_virt of unbacked PA", pa.v);
	return sl->va + (pa.v & ((1ULL << s->gs) - 1));
}

static pa_t sim_v2p(void *ctx, void *va)
{
	struct sim *s = ctx;
	u64 gran = 1ULL << s->gs;
	uintptr_t v = (uintptr_t)va, page = v & ~(uintptr_t)(gran - 1);
	size_t i;

	for (i = s->nslots; i-- > 0;)
		if (s->slots[i].state != SLOT_DEAD &&
		    (uintptr_t)s->slots[i].va == page)
			return pa(s->pa_base + ((u64)i << s->gs) + (v - page));
	sim_die("virt_to_phys of unknown VA", v);
	return pa(0);
}

static bool sim_read64(void *ctx, u64 pa, u64 *val)
{
	struct sim *s = ctx;
	struct slot *sl = sim_slot_of_pa(s, pa);

	if (!sl || (pa & 7))
		return false;
	memcpy(val, sl->va + (pa & ((1ULL << s->gs) - 1)), 8);
	return true;
}

static struct ref_cfg ref_of(const struct pt *pt, struct sim *s)
{
	int st = pt->geom.start_level;
	struct ref_cfg c = {
		.regime = pt->regime == PT_S2 ? REF_S2 : REF_EL2_S1,
		.tg_bytes = 1u << pt->geom.gran_shift,
		.t0sz = 64u - pt->geom.ia_bits,
		.sl0 = (unsigned)(pt->geom.gran_shift == 12 ? 2 - st : 3 - st),
		.ps_bits = pt->geom.gran_shift == 16 ? 52 : 48,
		.ttbr = pt->root_pa.v,
		.mair = TEST_MAIR,
		.read64 = sim_read64,
		.ctx = s,
	};

	return c;
}

/* BBM check: when TLBs are invalidated the entry must already be gone. */
static void sim_tlbi(void *ctx, u64 ia, int level)
{
	struct sim *s = ctx;
	struct ref_cfg c;
	struct ref_result r;

	s->log[s->tlbi % ARRAY_SIZE(s->log)] = (struct tlog){ia, level};
	s->tlbi++;
	if (!s->pt)
		return;
	c = ref_of(s->pt, s);
	ref_translate(&c, ia, &r);
	if (r.status != REF_FAULT_XLATE || r.level != level ||
	    !IS_ALIGNED(ia, BIT(pt_level_shift(&s->pt->geom, level))))
		s->bbm_bad++;
}

static void sim_init(struct sim *s, unsigned gs)
{
	memset(s, 0, sizeof(*s));
	s->gs = gs;
	s->pa_base = gs == 16 ? 0x000B000000000000ULL : 0x80000000ULL;
	s->ops = (struct pt_mm_ops){
		.zalloc_page = sim_zalloc,
		.free_page = sim_free,
		.phys_to_virt = sim_p2v,
		.virt_to_phys = sim_v2p,
		.tlb_inval = sim_tlbi,
		.ctx = s,
	};
}

/* Register a caller-owned, contiguous, naturally aligned region. */
static void sim_add_ext(struct sim *s, char *va, size_t npages)
{
	size_t i;

	while (s->nslots % npages)
		sim_push(s, NULL, SLOT_DEAD);
	for (i = 0; i < npages; i++)
		sim_push(s, va + (i << s->gs), SLOT_EXT);
}

static void sim_fini(struct sim *s)
{
	size_t i;

	for (i = 0; i < s->nslots; i++)
		if (s->slots[i].state == SLOT_LIVE)
			free(s->slots[i].va);
	free(s->slots);
	s->slots = NULL;
}

/* --- a page table in simulated memory ----------------------------------- */

struct env {
	struct sim s;
	struct pt pt;
	struct pt_geom g;
	char *ext_root; /* set when the test owns a multi-page root */
};

/* start < 0: EL2 stage-1 geometry. Roots wider than a page come from the
 * test via pt_init_with_root, as stage 2 would provide them. */
static int env_init(struct env *e, unsigned gs, unsigned ia_bits, int start,
		    enum pt_regime r, bool own_root)
{
	size_t bytes, align;

	memset(e, 0, sizeof(*e));
	sim_init(&e->s, gs);
	if (start < 0 ? pt_geom_s1(&e->g, gs, ia_bits)
		      : pt_geom_init(&e->g, gs, ia_bits, start))
		return -1;
	if (own_root || e->g.root_bits > e->g.stride) {
		bytes = (size_t)8 << e->g.root_bits;
		align = bytes < ((size_t)1 << gs) ? (size_t)1 << gs : bytes;
		e->ext_root = aligned_alloc(align, align);
		memset(e->ext_root, 0, align);
		sim_add_ext(&e->s, e->ext_root, align >> gs);
		pt_init_with_root(&e->pt, &e->g, r, &e->s.ops,
				  (u64 *)e->ext_root);
	} else if (pt_init(&e->pt, &e->g, r, &e->s.ops)) {
		return -1;
	}
	e->s.pt = &e->pt;
	return 0;
}

/* Tear down; returns the number of pages leaked or double-freed. */
static long env_fini(struct env *e)
{
	long bad;

	e->s.pt = NULL;
	pt_destroy(&e->pt); /* an ext_root stays ours (owns_root is false) */
	bad = e->s.live + e->s.bad;
	free(e->ext_root);
	sim_fini(&e->s);
	return bad;
}

static unsigned ref_prot(const struct ref_result *r)
{
	return (r->readable ? PT_R : 0) | (r->writable ? PT_W : 0) |
	       (r->executable ? PT_X : 0) | (r->device ? PT_DEVICE : 0);
}

/* Attributes the regime must always carry, decoded independently. */
static bool ref_attrs_ok(const struct pt *pt, const struct ref_result *r)
{
	if (r->sh != 3)
		return false;
	if (pt->regime == PT_EL2_S1)
		return (r->ap & 1) && r->memattr == (r->device ? 0x04u : 0xFFu);
	return r->memattr == (r->device ? 0x1u : 0xFu);
}

/*
 * Translate ia with pt_lookup and with the reference walker; both must
 * match the expectation (want_level < 0: any level, but the same).
 */
static int verify(const struct pt *pt, struct sim *s, u64 ia, bool mapped,
		  u64 want_pa, unsigned want_prot, int want_level)
{
	struct ref_cfg c = ref_of(pt, s);
	struct ref_result r;
	pa_t lpa = pa(0);
	unsigned lprot = 0;
	int llevel = -9, lret;
	bool ok;

	lret = pt_lookup(pt, ia, &lpa, &lprot, &llevel);
	ref_translate(&c, ia, &r);
	if (!mapped)
		ok = lret == -1 && r.status == REF_FAULT_XLATE &&
		     r.level == llevel;
	else
		ok = lret == 0 && r.status == REF_OK && lpa.v == want_pa &&
		     r.pa == want_pa && lprot == want_prot &&
		     ref_prot(&r) == want_prot && r.level == llevel &&
		     ref_attrs_ok(pt, &r);
	if (ok && mapped && want_level >= 0 && llevel != want_level)
		ok = false;
	if (ref_start_level(&c) != pt->geom.start_level)
		ok = false;
	if (!ok)
		printf("  ia %#llx: lookup %d pa %#llx prot %#x lvl %d; "
		       "ref %d pa %#llx prot %#x lvl %d; want %s pa %#llx "
		       "prot %#x lvl %d\n",
		       (unsigned long long)ia, lret, (unsigned long long)lpa.v,
		       lprot, llevel, r.status, (unsigned long long)r.pa,
		       ref_prot(&r), r.level, mapped ? "mapped" : "fault",
		       (unsigned long long)want_pa, want_prot, want_level);
	return ok ? 0 : 1;
}

/* Check every granule-step sample of [ia, ia + size) maps linearly. */
static int verify_range(const struct pt *pt, struct sim *s, u64 ia, u64 pa,
			u64 size, unsigned prot, int level, u64 step)
{
	u64 off;

	for (off = 0; off < size; off += step)
		if (verify(pt, s, ia + off, true, pa + off, prot, level))
			return 1;
	off = size - pt_granule(&pt->geom);
	return verify(pt, s, ia + off, true, pa + off, prot, level);
}

static const unsigned s1_prots[] = {
	PT_R,
	PT_R | PT_W,
	PT_R | PT_X,
	PT_R | PT_DEVICE,
	PT_R | PT_W | PT_DEVICE,
};
static const unsigned s2_prots[] = {
	PT_R,
	PT_R | PT_W,
	PT_R | PT_X,
	PT_R | PT_W | PT_X,
	PT_R | PT_DEVICE,
	PT_R | PT_W | PT_DEVICE,
};

static const unsigned *prots_of(enum pt_regime r, size_t *n)
{
	*n = r == PT_S2 ? ARRAY_SIZE(s2_prots) : ARRAY_SIZE(s1_prots);
	return r == PT_S2 ? s2_prots : s1_prots;
}

static u64 lsize(const struct pt *pt, int level)
{
	return BIT(pt_level_shift(&pt->geom, level));
}

/* --- geometry ------------------------------------------------------------ */

static void test_geom_s1_48(void)
{
	static const struct {
		unsigned gs, ia;
		int start;
		unsigned rb;
	} t[] = {
		{12, 48, 0, 9},	 {14, 48, 0, 1}, {16, 48, 1, 6},
		{12, 39, 1, 9},	 {12, 40, 0, 1}, {16, 42, 2, 13},
		{14, 47, 1, 11}, {12, 25, 2, 4},
	};
	struct pt_geom g;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		CHECK(pt_geom_s1(&g, t[i].gs, t[i].ia) == 0);
		CHECK_EQ_U64(g.start_level, t[i].start);
		CHECK_EQ_U64(g.root_bits, t[i].rb);
		CHECK_EQ_U64(g.stride, t[i].gs - 3);
		CHECK_EQ_U64(g.gran_shift, t[i].gs);
		CHECK_EQ_U64(g.ia_bits, t[i].ia);
	}
	CHECK(pt_geom_s1(&g, 12, 52) == -1); /* would need LPA2 */
	CHECK(pt_geom_s1(&g, 13, 48) == -1);
	CHECK(pt_geom_s1(&g, 12, 12) == -1);
	CHECK(pt_geom_s1(&g, 16, 53) == -1);
}

static void test_geom_init(void)
{
	/* Rows of research/stage2.md table 1.2: root entries = 2^rb. */
	static const struct {
		unsigned gs, ia;
		int start;
		unsigned rb;
	} ok[] = {
		{12, 32, 2, 11}, {12, 36, 1, 6},  {12, 40, 1, 10},
		{12, 42, 1, 12}, {12, 44, 0, 5},  {12, 48, 0, 9},
		{12, 52, 0, 13}, {14, 32, 2, 7},  {14, 36, 2, 11},
		{14, 40, 2, 15}, {14, 42, 1, 6},  {14, 44, 1, 8},
		{14, 48, 1, 12}, {14, 52, 0, 5},  {16, 32, 3, 16},
		{16, 32, 2, 3},	 {16, 36, 2, 7},  {16, 40, 2, 11},
		{16, 42, 2, 13}, {16, 44, 2, 15}, {16, 48, 1, 6},
		{16, 52, 1, 10},
	};
	static const struct {
		unsigned gs, ia;
		int start;
	} bad[] = {
		{12, 44, 1}, /* 32 concatenated tables */
		{14, 42, 2}, {16, 48, 2}, {12, 30, 1}, /* 0 bits */
		{12, 20, 2}, {13, 40, 1}, {12, 53, 0}, {12, 48, -1},
		{12, 40, 4}, {16, 64, 1}, {11, 40, 1}, {16, 0, 3},
	};
	struct pt_geom g, saved;
	struct ref_cfg c = {.regime = REF_S2, .ps_bits = 52};
	unsigned gs, ia;
	int st, got, want;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		CHECK(pt_geom_init(&g, ok[i].gs, ok[i].ia, ok[i].start) == 0);
		CHECK_EQ_U64(g.root_bits, ok[i].rb);
		CHECK_EQ_U64(g.start_level, ok[i].start);
		CHECK_EQ_U64(g.stride, ok[i].gs - 3);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&g, 0x5a, sizeof(g));
		saved = g;
		CHECK(pt_geom_init(&g, bad[i].gs, bad[i].ia, bad[i].start) ==
		      -1);
		CHECK(!memcmp(&g, &saved, sizeof(g))); /* untouched */
	}
	/* Exhaustive cross-check against the reference's SL0/T0SZ rules
	 * (levels SL0 can encode without TTST/LPA2). */
	for (gs = 12; gs <= 16; gs += 2) {
		for (ia = 25; ia <= 52; ia++) {
			for (st = gs == 12 ? 0 : 1; st <= (gs == 12 ? 2 : 3);
			     st++) {
				c.tg_bytes = 1u << gs;
				c.t0sz = 64 - ia;
				c.sl0 = (unsigned)(gs == 12 ? 2 - st : 3 - st);
				want = ref_start_level(&c) == st ? 0 : -1;
				got = pt_geom_init(&g, gs, ia, st);
				if (got != want)
					printf("  gs %u ia %u st %d: %d\n", gs,
					       ia, st, got);
				CHECK(got == want);
			}
		}
	}
}

/* --- descriptors -----------------------------------------------------------
 */

static void test_desc_encoding(void)
{
	struct pt p = {.regime = PT_S2};

	CHECK(pt_geom_init(&p.geom, 12, 48, 0) == 0);
	/* S2 4K page, Normal WB, RW, XN: MemAttr 0xF, S2AP 11, SH 11, AF */
	CHECK_EQ_U64(pt_leaf_desc(&p, pa(0x12345000), PT_R | PT_W, 3),
		     0x00400000123457FFULL);
	CHECK_EQ_U64(
		pt_leaf_desc(&p, pa(0x40000000), PT_R | PT_W | PT_DEVICE, 2),
		0x00400000400007C5ULL);
	CHECK_EQ_U64(pt_leaf_desc(&p, pa(0x80000000), PT_R | PT_X, 1),
		     0x000000008000077DULL);
	CHECK_EQ_U64(
		pt_leaf_desc(&p, pa(0x80000000), PT_R | PT_X | PT_DEVICE, 1),
		0);
	CHECK_EQ_U64(pt_leaf_desc(&p, pa(0x80000000), PT_W, 1), 0);
	CHECK_EQ_U64(pt_table_desc(&p, pa(0x87654000)), 0x87654003ULL);
	CHECK_EQ_U64(pt_desc_pa(&p, 0x87654003ULL, 2).v, 0x87654000ULL);
	CHECK_EQ_U64(pt_desc_pa(&p, 0x00400000400007C5ULL, 2).v, 0x40000000);
	/* A block's address bits below its size are not part of the OA. */
	CHECK_EQ_U64(pt_desc_pa(&p, 0x00400000400037C5ULL, 2).v, 0x40000000);
	CHECK_EQ_U64(pt_desc_pa(&p, 0x00400000400037C7ULL, 3).v, 0x40003000);

	p.regime = PT_EL2_S1;
	/* S1: AttrIndx 1 Normal, AP 11 RO, SH 11, AF, executable */
	CHECK_EQ_U64(pt_leaf_desc(&p, pa(0x40001000), PT_R | PT_X, 3),
		     0x00000000400017C7ULL);
	CHECK_EQ_U64(pt_leaf_desc(&p, pa(0x40002000), PT_R | PT_W, 3),
		     0x0040000040002747ULL);
	CHECK_EQ_U64(
		pt_leaf_desc(&p, pa(0x09000000), PT_R | PT_W | PT_DEVICE, 2),
		0x0040000009000741ULL);
	CHECK_EQ_U64(pt_leaf_desc(&p, pa(0x40002000), PT_R | PT_W | PT_X, 3),
		     0);

	/* 64K: OA[51:48] in bits [15:12], for leaves and tables. */
	p.regime = PT_S2;
	CHECK(pt_geom_init(&p.geom, 16, 48, 1) == 0);
	CHECK_EQ_U64(
		pt_leaf_desc(&p, pa(0x000A123456780000ULL), PT_R | PT_W, 3),
		0x004012345678A7FFULL);
	CHECK_EQ_U64(pt_desc_pa(&p, 0x004012345678A7FFULL, 3).v,
		     0x000A123456780000ULL);
	CHECK_EQ_U64(pt_table_desc(&p, pa(0x000B000000010000ULL)),
		     0x000000000001B003ULL);
	CHECK_EQ_U64(pt_desc_pa(&p, 0x000000000001B003ULL, 2).v,
		     0x000B000000010000ULL);
	CHECK_EQ_U64(
		pt_desc_pa(&p,
			   pt_leaf_desc(&p, pa(0x000F000020000000ULL), PT_R, 2),
			   2)
			.v,
		0x000F000020000000ULL);

	/* Block levels: no LPA/LPA2 blocks, level 3 is a page. */
	CHECK(pt_geom_init(&p.geom, 12, 48, 0) == 0);
	CHECK(!pt_level_allows_block(&p, 0) && pt_level_allows_block(&p, 1) &&
	      pt_level_allows_block(&p, 2) && !pt_level_allows_block(&p, 3));
	CHECK(pt_geom_init(&p.geom, 14, 48, 1) == 0);
	CHECK(!pt_level_allows_block(&p, 0) && !pt_level_allows_block(&p, 1) &&
	      pt_level_allows_block(&p, 2) && !pt_level_allows_block(&p, 3));
	CHECK(pt_geom_init(&p.geom, 16, 48, 1) == 0);
	CHECK(!pt_level_allows_block(&p, 1) && pt_level_allows_block(&p, 2) &&
	      !pt_level_allows_block(&p, 3));
}

/* --- map / lookup ------------------------------------------------------- */

static const struct {
	unsigned gs, ia;
	int start;
	enum pt_regime r;
} cfgs[] = {
	{12, 48, -1, PT_EL2_S1}, {12, 40, 1, PT_S2},
	{14, 48, -1, PT_EL2_S1}, {14, 40, 2, PT_S2},
	{16, 48, -1, PT_EL2_S1}, {16, 48, 1, PT_S2},
};

static void test_roundtrip(void)
{
	struct env e;
	size_t c, i, n;
	const unsigned *prots;
	u64 gran, ia, pa0;

	for (c = 0; c < ARRAY_SIZE(cfgs); c++) {
		CHECK(env_init(&e, cfgs[c].gs, cfgs[c].ia, cfgs[c].start,
			       cfgs[c].r, false) == 0);
		gran = pt_granule(&e.g);
		pa0 = cfgs[c].gs == 16 ? 0x000A000000000000ULL
				       : 0x9000000000ULL;
		prots = prots_of(cfgs[c].r, &n);
		for (i = 0; i < n; i++) {
			ia = 0x100000000ULL + i * 3 * gran;
			CHECK(pt_map(&e.pt, ia, pa(pa0 + i * 7 * gran),
				     2 * gran, prots[i]) == 0);
		}
		for (i = 0; i < n; i++) {
			ia = 0x100000000ULL + i * 3 * gran;
			CHECK(!verify(&e.pt, &e.s, ia, true, pa0 + i * 7 * gran,
				      prots[i], 3));
			CHECK(!verify(&e.pt, &e.s, ia + gran + 0x123, true,
				      pa0 + i * 7 * gran + gran + 0x123,
				      prots[i], 3));
			CHECK(!verify(&e.pt, &e.s, ia + 2 * gran, false, 0, 0,
				      -1));
		}
		CHECK(!verify(&e.pt, &e.s, 0, false, 0, 0, -1));
		CHECK_EQ_U64(e.s.tlbi, 0); /* invalid -> valid: no TLBI */
		CHECK_EQ_U64(env_fini(&e), 0);
	}
}

/* Map [ia, ia+size) -> pa and return how many table pages it took. */
static long map_count(struct env *e, u64 ia, u64 pa_, u64 size, unsigned p)
{
	long before = e->s.allocs;

	if (pt_map(&e->pt, ia, pa(pa_), size, p))
		return -1;
	return e->s.allocs - before;
}

static void test_blocks_4k(void)
{
	struct env e;
	unsigned rw = PT_R | PT_W;
	u64 ia, pa0;

	CHECK(env_init(&e, 12, 48, -1, PT_EL2_S1, false) == 0);
	/* 1 GiB block at L1: L1 table only. */
	CHECK_EQ_U64(map_count(&e, SZ_1G, 0x840000000ULL, SZ_1G, rw), 1);
	CHECK(!verify_range(&e.pt, &e.s, SZ_1G, 0x840000000ULL, SZ_1G, rw, 1,
			    SZ_1G / 4));
	/* 2 MiB blocks at L2. */
	CHECK_EQ_U64(
		map_count(&e, 4 * SZ_1G + SZ_2M, 0x100200000ULL, 2 * SZ_2M, rw),
		1);
	CHECK(!verify_range(&e.pt, &e.s, 4 * SZ_1G + SZ_2M, 0x100200000ULL,
			    2 * SZ_2M, rw, 2, SZ_1M));
	/* page, 2M, 1G, 2M, page: IA == PA modulo 1 GiB. */
	ia = 8 * SZ_1G - SZ_2M - SZ_4K;
	pa0 = 0x1000000000ULL - SZ_2M - SZ_4K;
	CHECK(pt_map(&e.pt, ia, pa(pa0), SZ_1G + 2 * SZ_2M + 2 * SZ_4K, rw) ==
	      0);
	CHECK(!verify(&e.pt, &e.s, ia, true, pa0, rw, 3));
	CHECK(!verify(&e.pt, &e.s, ia + SZ_4K, true, pa0 + SZ_4K, rw, 2));
	CHECK(!verify(&e.pt, &e.s, ia + SZ_4K + SZ_2M - 1, true,
		      pa0 + SZ_4K + SZ_2M - 1, rw, 2));
	CHECK(!verify_range(&e.pt, &e.s, 8 * SZ_1G, 0x1000000000ULL, SZ_1G, rw,
			    1, SZ_1G / 8));
	CHECK(!verify(&e.pt, &e.s, 9 * SZ_1G, true, 0x1040000000ULL, rw, 2));
	CHECK(!verify(&e.pt, &e.s, 9 * SZ_1G + SZ_2M, true,
		      0x1040000000ULL + SZ_2M, rw, 3));
	CHECK(!verify(&e.pt, &e.s, 9 * SZ_1G + SZ_2M + SZ_4K, false, 0, 0, 3));
	CHECK(!verify(&e.pt, &e.s, ia - SZ_4K, false, 0, 0, 3));
	/* PA only page aligned: all pages, 1 L2 + 512 L3 tables. */
	CHECK_EQ_U64(map_count(&e, 16 * SZ_1G, 0x2000001000ULL, SZ_1G, rw),
		     513);
	CHECK(!verify_range(&e.pt, &e.s, 16 * SZ_1G, 0x2000001000ULL, SZ_1G, rw,
			    3, SZ_1G / 64 + SZ_4K));
	/* PA 2M- but not 1G-aligned: L2 blocks. */
	CHECK_EQ_U64(map_count(&e, 32 * SZ_1G, 0x2000200000ULL, SZ_1G, rw), 1);
	CHECK(!verify_range(&e.pt, &e.s, 32 * SZ_1G, 0x2000200000ULL, SZ_1G, rw,
			    2, SZ_1G / 64 + SZ_2M));
	/* 512 GiB aligned: never an L0 block, 512 L1 blocks instead. */
	CHECK_EQ_U64(map_count(&e, SZ_512G, SZ_512G, SZ_512G, rw), 1);
	CHECK(!verify_range(&e.pt, &e.s, SZ_512G, SZ_512G, SZ_512G, rw, 1,
			    SZ_512G / 16));
	CHECK_EQ_U64(e.s.tlbi, 0);
	CHECK_EQ_U64(env_fini(&e), 0);
}

static void test_blocks_16k(void)
{
	struct env e;
	unsigned rx = PT_R | PT_X;
	u64 blk = 32 * SZ_1M, l1 = 64 * SZ_1G;

	CHECK(env_init(&e, 14, 48, -1, PT_EL2_S1, false) == 0);
	CHECK_EQ_U64(e.g.start_level, 0);
	/* 32 MiB at L2: L1 + L2 tables. */
	CHECK_EQ_U64(map_count(&e, blk, 0x40000000ULL + blk, blk, rx), 2);
	CHECK(!verify_range(&e.pt, &e.s, blk, 0x40000000ULL + blk, blk, rx, 2,
			    SZ_1M));
	/* A whole 64 GiB L1 entry: 2048 L2 blocks, never an L1 block. */
	CHECK_EQ_U64(map_count(&e, l1, 2 * l1, l1, rx), 1);
	CHECK(!verify_range(&e.pt, &e.s, l1, 2 * l1, l1, rx, 2, l1 / 32));
	/* Misaligned PA: 16K pages. */
	CHECK_EQ_U64(map_count(&e, 4 * blk, 0x80004000ULL, blk, rx), 1);
	CHECK(!verify_range(&e.pt, &e.s, 4 * blk, 0x80004000ULL, blk, rx, 3,
			    SZ_1M));
	CHECK_EQ_U64(env_fini(&e), 0);
}

static void test_blocks_64k(void)
{
	struct env e;
	unsigned r = PT_R;
	u64 blk = 512 * SZ_1M, l1 = 4096 * SZ_1G;
	u64 pa0 = 0x000A000000000000ULL;

	CHECK(env_init(&e, 16, 48, -1, PT_EL2_S1, false) == 0);
	CHECK_EQ_U64(e.g.start_level, 1);
	CHECK_EQ_U64(map_count(&e, blk, pa0 + blk, blk, r), 1);
	CHECK(!verify_range(&e.pt, &e.s, blk, pa0 + blk, blk, r, 2,
			    SZ_1M * 64));
	/* A whole 4 TiB L1 entry: 8192 L2 blocks, no L1 block. */
	CHECK_EQ_U64(map_count(&e, l1, pa0, l1, r), 1);
	CHECK(!verify_range(&e.pt, &e.s, l1, pa0, l1, r, 2, l1 / 64));
	/* PA near the 52-bit top, pages. */
	CHECK_EQ_U64(
		map_count(&e, 4 * blk, 0x000FFFFFFFFF0000ULL - SZ_1M, SZ_1M, r),
		1);
	CHECK(!verify_range(&e.pt, &e.s, 4 * blk, 0x000FFFFFFFFF0000ULL - SZ_1M,
			    SZ_1M, r, 3, SZ_64K));
	CHECK_EQ_U64(env_fini(&e), 0);
}

/* --- argument checks ---------------------------------------------------- */

static void test_bad_args(void)
{
	struct env e;
	u64 top = BIT(48), g = SZ_4K, m = ~0ULL & ~(g - 1);
	long calls;
	int i;
	static const struct {
		u64 ia, pa, size;
		unsigned prot;
	} bad[] = {
		{0x800, 0x1000, 0x1000, PT_R},	/* ia unaligned */
		{0x1000, 0x1800, 0x1000, PT_R}, /* pa unaligned */
		{0x1000, 0x1000, 0x1800, PT_R}, /* size unaligned */
		{0x1000, 0x1000, 0, PT_R},	/* empty */
		{0xFFFFFFFFFFFFF000ULL, 0x1000, 0x2000, PT_R}, /* wraps */
		{0x1000, 0x1000, 0xFFFFFFFFFFFFF000ULL, PT_R}, /* wraps */
		{1ULL << 48, 0x1000, 0x1000, PT_R},	       /* beyond */
		{(1ULL << 48) - 0x1000, 0x1000, 0x2000, PT_R}, /* crosses */
		{0x1000, 1ULL << 48, 0x1000, PT_R},	       /* PA > OA */
		{0x1000, (1ULL << 48) - 0x1000, 0x2000, PT_R},
		{0x1000, 0xFFFFFFFFFFFFF000ULL, 0x2000, PT_R},
		{0x1000, 0x1000, 0x1000, 0},
		{0x1000, 0x1000, 0x1000, PT_W},
		{0x1000, 0x1000, 0x1000, PT_X},
		{0x1000, 0x1000, 0x1000, PT_W | PT_X},
		{0x1000, 0x1000, 0x1000, PT_R | 0x10},
		{0x1000, 0x1000, 0x1000, PT_R | PT_X | PT_DEVICE},
	};

	CHECK(env_init(&e, 12, 48, -1, PT_EL2_S1, false) == 0);
	calls = e.s.calls;
	for (i = 0; i < (int)ARRAY_SIZE(bad); i++) {
		if (pt_map(&e.pt, bad[i].ia, pa(bad[i].pa), bad[i].size,
			   bad[i].prot) != -1)
			printf("  bad[%d] accepted\n", i);
		CHECK(pt_map(&e.pt, bad[i].ia, pa(bad[i].pa), bad[i].size,
			     bad[i].prot) == -1);
	}
	CHECK(pt_unmap(&e.pt, 0x800, g) == -1);
	CHECK(pt_unmap(&e.pt, 0, 0x800) == -1);
	CHECK(pt_unmap(&e.pt, 0, 0) == -1);
	CHECK(pt_unmap(&e.pt, m, 2 * g) == -1);
	CHECK(pt_unmap(&e.pt, top, g) == -1);
	CHECK(pt_unmap(&e.pt, top - g, 2 * g) == -1);
	/* Nothing was allocated, invalidated or mapped. */
	CHECK_EQ_U64(e.s.calls, calls);
	CHECK_EQ_U64(e.s.tlbi, 0);
	CHECK(!verify(&e.pt, &e.s, 0x1000, false, 0, 0, 0));
	CHECK(!verify(&e.pt, &e.s, top - g, false, 0, 0, 0));
	/* Ranges ending exactly at 2^48 and the top of the OA are fine. */
	CHECK(pt_map(&e.pt, top - g, pa(top - g), g, PT_R) == 0);
	CHECK(pt_map(&e.pt, top - 2 * SZ_2M, pa(top - 2 * SZ_2M), SZ_2M,
		     PT_R) == 0);
	CHECK(!verify(&e.pt, &e.s, top - g, true, top - g, PT_R, 3));
	CHECK(!verify(&e.pt, &e.s, top - 2 * SZ_2M, true, top - 2 * SZ_2M, PT_R,
		      2));
	CHECK(pt_unmap(&e.pt, top - 4 * SZ_2M, 4 * SZ_2M) == 0);
	CHECK(!verify(&e.pt, &e.s, top - g, false, 0, 0, 3));
	CHECK_EQ_U64(env_fini(&e), 0);

	/* 64K: PAs up to 2^52 are legal, 2^52 is not. */
	CHECK(env_init(&e, 16, 48, 1, PT_S2, false) == 0);
	CHECK(pt_map(&e.pt, 0, pa(BIT(52) - SZ_64K), SZ_64K, PT_R) == 0);
	CHECK(!verify(&e.pt, &e.s, 0, true, BIT(52) - SZ_64K, PT_R, 3));
	CHECK(pt_map(&e.pt, 0, pa(BIT(52)), SZ_64K, PT_R) == -1);
	CHECK(pt_map(&e.pt, 0, pa(BIT(52) - SZ_64K), 2 * SZ_64K, PT_R) == -1);
	CHECK(pt_map(&e.pt, SZ_4K, pa(0), SZ_64K, PT_R) == -1);
	CHECK_EQ_U64(env_fini(&e), 0);
}

static void test_wx_refused(void)
{
	struct env e;

	CHECK(env_init(&e, 12, 48, -1, PT_EL2_S1, false) == 0);
	CHECK(pt_map(&e.pt, 0, pa(0), SZ_4K, PT_R | PT_W | PT_X) == -1);
	CHECK(pt_map(&e.pt, 0, pa(0), SZ_4K, PT_R | PT_W | PT_X | PT_DEVICE) ==
	      -1);
	CHECK(pt_map(&e.pt, 0, pa(0), SZ_4K, PT_R | PT_X | PT_DEVICE) == -1);
	CHECK(!verify(&e.pt, &e.s, 0, false, 0, 0, 0));
	CHECK(pt_map(&e.pt, 0, pa(0), SZ_4K, PT_R | PT_X) == 0);
	CHECK(!verify(&e.pt, &e.s, 0, true, 0, PT_R | PT_X, 3));
	CHECK_EQ_U64(env_fini(&e), 0);

	/* Stage 2 allows RWX guest RAM, never executable Device. */
	CHECK(env_init(&e, 12, 40, 1, PT_S2, false) == 0);
	CHECK(pt_map(&e.pt, 0, pa(0), SZ_4K, PT_R | PT_X | PT_DEVICE) == -1);
	CHECK(pt_map(&e.pt, 0, pa(0), SZ_4K, PT_X) == -1);
	CHECK(!verify(&e.pt, &e.s, 0, false, 0, 0, 1));
	CHECK(pt_map(&e.pt, 0, pa(0), SZ_4K, PT_R | PT_W | PT_X) == 0);
	CHECK(!verify(&e.pt, &e.s, 0, true, 0, PT_R | PT_W | PT_X, 3));
	CHECK_EQ_U64(env_fini(&e), 0);
}

/* --- the walker itself ---------------------------------------------------- */

struct vlog {
	int n, leaves, l3_leaves, pre, post, stop_after, bad;
	unsigned seq[16];
	struct sim *s;
	int freed;
};

static int log_visit(struct pt_visit_ctx *ctx)
{
	struct vlog *v = ctx->arg;

	if (v->n < (int)ARRAY_SIZE(v->seq))
		v->seq[v->n] = ctx->flag | (unsigned)ctx->level << 4;
	v->n++;
	if (!IS_ALIGNED(ctx->addr,
			BIT(pt_level_shift(&ctx->pt->geom, ctx->level))))
		v->bad++;
	if (ctx->old != *ctx->ptep)
		v->bad++;
	if (ctx->flag == PT_VISIT_LEAF) {
		v->leaves++;
		if (ctx->level == 3)
			v->l3_leaves++;
	}
	if (ctx->flag == PT_VISIT_TABLE_PRE)
		v->pre++;
	if (ctx->flag == PT_VISIT_TABLE_POST)
		v->post++;
	if (v->stop_after && v->n == v->stop_after)
		return 7;
	return 0;
}

static int walk_count(const struct pt *pt, u64 addr, u64 size, unsigned fl,
		      struct vlog *v)
{
	struct pt_walker w = {.cb = log_visit, .arg = v, .flags = fl};

	memset(v, 0, sizeof(*v));
	return pt_walk(pt, addr, size, &w);
}

static void test_walk_semantics(void)
{
	struct env e;
	struct vlog v;
	u64 top = BIT(48);
	unsigned all = PT_VISIT_LEAF | PT_VISIT_TABLE_PRE | PT_VISIT_TABLE_POST;
	int i;

	CHECK(env_init(&e, 12, 48, -1, PT_EL2_S1, false) == 0);
	CHECK(pt_map(&e.pt, 0x10000, pa(0x7000), 16 * SZ_4K, PT_R) == 0);
	/* Offset within the granule is ignored, size rounded up. */
	CHECK(walk_count(&e.pt, 0x11800, 0x1000, PT_VISIT_LEAF, &v) == 0);
	CHECK(v.leaves == 1 && v.l3_leaves == 1);
	CHECK(walk_count(&e.pt, 0x11800, 0x801, PT_VISIT_LEAF, &v) == 0);
	CHECK(v.leaves == 1);
	CHECK(walk_count(&e.pt, 0x11800, 0x1001, PT_VISIT_LEAF, &v) == 0);
	CHECK(v.leaves == 2);
	CHECK(walk_count(&e.pt, 0x11fff, 1, PT_VISIT_LEAF, &v) == 0);
	CHECK(v.leaves == 1);
	CHECK(walk_count(&e.pt, 0x11000, 0, PT_VISIT_LEAF, &v) == -1);
	CHECK(v.n == 0);
	/* Pre-order tables, leaves, post-order tables. */
	CHECK(walk_count(&e.pt, 0, SZ_2M, all, &v) == 0);
	CHECK(v.pre == 3 && v.post == 3 && v.l3_leaves == 512 && !v.bad);
	CHECK(v.seq[0] == (PT_VISIT_TABLE_PRE | 0 << 4));
	CHECK(v.seq[1] == (PT_VISIT_TABLE_PRE | 1 << 4));
	CHECK(v.seq[2] == (PT_VISIT_TABLE_PRE | 2 << 4));
	CHECK(v.seq[3] == (PT_VISIT_LEAF | 3 << 4));
	CHECK(v.n == 518);
	/* Only what is asked for. */
	CHECK(walk_count(&e.pt, 0, SZ_2M, PT_VISIT_TABLE_POST, &v) == 0);
	CHECK(v.n == 3 && v.post == 3);
	CHECK(v.seq[0] == (PT_VISIT_TABLE_POST | 2 << 4));
	CHECK(v.seq[2] == (PT_VISIT_TABLE_POST | 0 << 4));
	/* A walk that ends exactly at 2^ia_bits, and ones that pass it. */
	CHECK(walk_count(&e.pt, top - SZ_4K, SZ_4K, PT_VISIT_LEAF, &v) == 0);
	CHECK(v.n == 1 && v.leaves == 1 && !v.bad);
	CHECK(walk_count(&e.pt, 0, top, PT_VISIT_LEAF, &v) == 0);
	CHECK(v.leaves == 511 + 511 + 511 + 512);
	CHECK(walk_count(&e.pt, top - SZ_4K, SZ_4K + 1, all, &v) == -1);
	CHECK(walk_count(&e.pt, top, 1, all, &v) == -1);
	CHECK(walk_count(&e.pt, ~0ULL - 0xfff, 0x2000, all, &v) == -1);
	CHECK(walk_count(&e.pt, 0x1000, ~0ULL, all, &v) == -1);
	CHECK(v.n == 0);
	/* A non-zero visitor return stops the walk and is passed up. */
	memset(&v, 0, sizeof(v));
	v.stop_after = 5;
	{
		struct pt_walker w = {log_visit, &v, all};

		CHECK(pt_walk(&e.pt, 0, SZ_2M, &w) == 7);
	}
	CHECK(v.n == 5);
	for (i = 0; i < 3; i++)
		CHECK((v.seq[i] & 0xf) == PT_VISIT_TABLE_PRE);
	CHECK_EQ_U64(env_fini(&e), 0);
}

/* TABLE_PRE: remove and free the table below a level-2 entry. */
static int zap_visit(struct pt_visit_ctx *ctx)
{
	struct vlog *v = ctx->arg;
	const struct pt_mm_ops *mm = ctx->pt->mm;

	if (ctx->flag == PT_VISIT_LEAF) {
		if (ctx->level == 3)
			v->l3_leaves++;
		return 0;
	}
	if (ctx->level == 2) {
		*ctx->ptep = 0;
		mm->free_page(
			mm->ctx,
			mm->phys_to_virt(mm->ctx, pt_desc_pa(ctx->pt, ctx->old,
							     ctx->level)));
		v->freed++;
	}
	return 0;
}

/* LEAF: install an empty table under an invalid level-2 entry. */
static int grow_visit(struct pt_visit_ctx *ctx)
{
	struct vlog *v = ctx->arg;
	const struct pt_mm_ops *mm = ctx->pt->mm;
	void *t;

	if (ctx->level == 3) {
		v->l3_leaves++;
		return 0;
	}
	if (ctx->level == 2 && !ctx->old) {
		t = mm->zalloc_page(mm->ctx);
		*ctx->ptep =
			pt_table_desc(ctx->pt, mm->virt_to_phys(mm->ctx, t));
	}
	return 0;
}

static void test_walk_visitor_tables(void)
{
	struct env e;
	struct vlog v;
	struct pt_walker zap = {zap_visit, &v,
				PT_VISIT_LEAF | PT_VISIT_TABLE_PRE};
	struct pt_walker grow = {grow_visit, &v, PT_VISIT_LEAF};

	CHECK(env_init(&e, 12, 48, -1, PT_EL2_S1, false) == 0);
	CHECK(pt_map(&e.pt, 0, pa(0x5000), SZ_4K, PT_R) == 0);
	CHECK(pt_map(&e.pt, SZ_1G, pa(0x5000), SZ_4K, PT_R) == 0);
	CHECK_EQ_U64(e.s.live, 1 + 1 + 2 + 2);
	/* The walker must not descend into what the visitor just freed
	 * (ASan would flag the use after free). */
	memset(&v, 0, sizeof(v));
	CHECK(pt_walk(&e.pt, 0, 2 * SZ_1G, &zap) == 0);
	CHECK(v.freed == 2 && v.l3_leaves == 0);
	CHECK_EQ_U64(e.s.live, 1 + 1 + 2);
	CHECK(!verify(&e.pt, &e.s, 0, false, 0, 0, 2));
	CHECK(!verify(&e.pt, &e.s, SZ_1G, false, 0, 0, 2));
	/* A table installed by a LEAF visitor is descended into. */
	memset(&v, 0, sizeof(v));
	CHECK(pt_walk(&e.pt, SZ_2M, 2 * SZ_2M, &grow) == 0);
	CHECK(v.l3_leaves == 1024);
	CHECK_EQ_U64(e.s.live, 1 + 1 + 2 + 2);
	CHECK_EQ_U64(env_fini(&e), 0);
}

/* --- split, BBM ------------------------------------------------------------
 */

static bool log_has(const struct sim *s, long idx, u64 ia, int level)
{
	const struct tlog *l = &s->log[idx % ARRAY_SIZE(s->log)];

	return l->ia == ia && l->level == level;
}

static void test_split_unmap(void)
{
	struct env e;
	u64 base = SZ_1G, pa0 = 0x4000000000ULL,
	    hole = SZ_1G + 3 * SZ_1M + 0x2000;
	u64 a;
	unsigned rw = PT_R | PT_W;
	long allocs;

	CHECK(env_init(&e, 12, 48, -1, PT_EL2_S1, false) == 0);
	CHECK(pt_map(&e.pt, base, pa(pa0), SZ_1G, rw) == 0);
	allocs = e.s.allocs;
	CHECK(pt_unmap(&e.pt, hole, SZ_4K) == 0);
	CHECK_EQ_U64(e.s.allocs - allocs, 2);
	CHECK_EQ_U64(e.s.tlbi, 3);
	CHECK(log_has(&e.s, 0, SZ_1G, 1));
	CHECK(log_has(&e.s, 1, SZ_1G + SZ_2M, 2));
	CHECK(log_has(&e.s, 2, hole, 3));
	CHECK(!verify(&e.pt, &e.s, hole, false, 0, 0, 3));
	CHECK(!verify(&e.pt, &e.s, hole - SZ_4K, true,
		      pa0 + hole - base - SZ_4K, rw, 3));
	CHECK(!verify(&e.pt, &e.s, hole + SZ_4K, true,
		      pa0 + hole - base + SZ_4K, rw, 3));
	CHECK(!verify_range(&e.pt, &e.s, base + SZ_2M, pa0 + SZ_2M, SZ_2M, rw,
			    3, SZ_4K * 7));
	for (a = base + 2 * SZ_2M; a < base + SZ_1G; a += SZ_2M) {
		CHECK(!verify(&e.pt, &e.s, a, true, pa0 + a - base, rw, 2));
		CHECK(!verify(&e.pt, &e.s, a + SZ_2M - 8, true,
			      pa0 + a - base + SZ_2M - 8, rw, 2));
	}
	CHECK(!verify(&e.pt, &e.s, base, true, pa0, rw, 2));
	/* A whole L2 block goes without a split. */
	allocs = e.s.allocs;
	CHECK(pt_unmap(&e.pt, base + 10 * SZ_1M, SZ_2M) == 0);
	CHECK_EQ_U64(e.s.allocs, allocs);
	CHECK_EQ_U64(e.s.tlbi, 4);
	CHECK(log_has(&e.s, 3, base + 10 * SZ_1M, 2));
	CHECK(!verify(&e.pt, &e.s, base + 11 * SZ_1M, false, 0, 0, 2));
	/* Straddling two blocks: two splits, one block and two pages go. */
	CHECK(pt_unmap(&e.pt, base + 20 * SZ_1M - SZ_4K, SZ_2M + 2 * SZ_4K) ==
	      0);
	CHECK_EQ_U64(e.s.allocs - allocs, 2);
	CHECK(!verify(&e.pt, &e.s, base + 20 * SZ_1M - SZ_4K, false, 0, 0, 3));
	CHECK(!verify(&e.pt, &e.s, base + 20 * SZ_1M, false, 0, 0, 2));
	CHECK(!verify(&e.pt, &e.s, base + 22 * SZ_1M, false, 0, 0, 3));
	CHECK(!verify(&e.pt, &e.s, base + 20 * SZ_1M - 2 * SZ_4K, true,
		      pa0 + 20 * SZ_1M - 2 * SZ_4K, rw, 3));
	CHECK(!verify(&e.pt, &e.s, base + 22 * SZ_1M + SZ_4K, true,
		      pa0 + 22 * SZ_1M + SZ_4K, rw, 3));
	/* Unmapping nothing invalidates nothing. */
	a = (u64)e.s.tlbi;
	CHECK(pt_unmap(&e.pt, 100 * SZ_1G, SZ_1G) == 0);
	CHECK(pt_unmap(&e.pt, hole, SZ_4K) == 0);
	CHECK_EQ_U64(e.s.tlbi, a);
	CHECK_EQ_U64(e.s.bbm_bad, 0);
	CHECK_EQ_U64(env_fini(&e), 0);
}

static void test_split_map(void)
{
	struct env e;
	u64 base = SZ_1G, pa0 = 0x4000000000ULL, pg = base + 5 * SZ_2M + 0x3000;
	u64 a;
	unsigned rw = PT_R | PT_W, ro = PT_R;
	long allocs;

	CHECK(env_init(&e, 12, 48, -1, PT_EL2_S1, false) == 0);
	CHECK(pt_map(&e.pt, base, pa(pa0), SZ_1G, rw) == 0);
	/* The same mapping again, or part of it: the block stays. */
	allocs = e.s.allocs;
	CHECK(pt_map(&e.pt, pg, pa(pa0 + pg - base), SZ_4K, rw) == 0);
	CHECK(pt_map(&e.pt, base, pa(pa0), SZ_1G, rw) == 0);
	CHECK_EQ_U64(e.s.allocs, allocs);
	CHECK_EQ_U64(e.s.tlbi, 0);
	CHECK(!verify(&e.pt, &e.s, pg, true, pa0 + pg - base, rw, 1));
	/* A different page inside: split twice, rest unchanged. */
	CHECK(pt_map(&e.pt, pg, pa(0x123456000ULL), SZ_4K, ro) == 0);
	CHECK_EQ_U64(e.s.allocs - allocs, 2);
	CHECK_EQ_U64(e.s.tlbi, 3);
	CHECK(log_has(&e.s, 0, base, 1));
	CHECK(log_has(&e.s, 1, base + 5 * SZ_2M, 2));
	CHECK(log_has(&e.s, 2, pg, 3));
	CHECK(!verify(&e.pt, &e.s, pg, true, 0x123456000ULL, ro, 3));
	CHECK(!verify_range(&e.pt, &e.s, base + 5 * SZ_2M, pa0 + 5 * SZ_2M,
			    0x3000, rw, 3, SZ_4K));
	CHECK(!verify_range(&e.pt, &e.s, pg + SZ_4K, pa0 + pg - base + SZ_4K,
			    base + 6 * SZ_2M - pg - SZ_4K, rw, 3, SZ_4K * 3));
	for (a = base; a < base + SZ_1G; a += SZ_2M)
		if (a != base + 5 * SZ_2M)
			CHECK(!verify(&e.pt, &e.s, a + SZ_1M, true,
				      pa0 + a - base + SZ_1M, rw, 2));
	/* Same kind of block, PA shifted by a page: not already mapped. */
	CHECK(pt_map(&e.pt, 3 * SZ_1G, pa(pa0), SZ_1G, rw) == 0);
	allocs = e.s.allocs;
	CHECK(pt_map(&e.pt, 3 * SZ_1G + SZ_4K, pa(pa0 + 2 * SZ_4K), SZ_4K,
		     rw) == 0);
	CHECK_EQ_U64(e.s.allocs - allocs, 2);
	CHECK(!verify(&e.pt, &e.s, 3 * SZ_1G + SZ_4K, true, pa0 + 2 * SZ_4K, rw,
		      3));
	CHECK(!verify(&e.pt, &e.s, 3 * SZ_1G, true, pa0, rw, 3));
	CHECK(!verify(&e.pt, &e.s, 3 * SZ_1G + 2 * SZ_4K, true, pa0 + 2 * SZ_4K,
		      rw, 3));
	CHECK(!verify(&e.pt, &e.s, 4 * SZ_1G - 1, true, pa0 + SZ_1G - 1, rw,
		      2));
	/* Remapping over the now-table range changes only that page. */
	allocs = e.s.tlbi;
	CHECK(pt_map(&e.pt, base, pa(pa0), SZ_1G, rw) == 0);
	CHECK_EQ_U64(e.s.tlbi, allocs + 1);
	CHECK(log_has(&e.s, allocs, pg, 3));
	CHECK(!verify(&e.pt, &e.s, pg, true, pa0 + pg - base, rw, 3));
	CHECK_EQ_U64(e.s.bbm_bad, 0);
	CHECK_EQ_U64(env_fini(&e), 0);
}

static void test_bbm_remap(void)
{
	struct env e;
	u64 ia = 0x40000000ULL;
	unsigned rw = PT_R | PT_W;

	CHECK(env_init(&e, 14, 40, 2, PT_S2, false) == 0);
	CHECK(pt_map(&e.pt, ia, pa(0x80000000ULL), SZ_16K, rw) == 0);
	CHECK_EQ_U64(e.s.tlbi, 0);
	CHECK(pt_map(&e.pt, ia, pa(0x90000000ULL), SZ_16K, rw) == 0);
	CHECK_EQ_U64(e.s.tlbi, 1);
	CHECK(log_has(&e.s, 0, ia, 3));
	CHECK(!verify(&e.pt, &e.s, ia, true, 0x90000000ULL, rw, 3));
	/* Identical descriptor: nothing to break. */
	CHECK(pt_map(&e.pt, ia, pa(0x90000000ULL), SZ_16K, rw) == 0);
	CHECK_EQ_U64(e.s.tlbi, 1);
	/* Permission change goes through BBM as well. */
	CHECK(pt_map(&e.pt, ia, pa(0x90000000ULL), SZ_16K, PT_R) == 0);
	CHECK_EQ_U64(e.s.tlbi, 2);
	CHECK(!verify(&e.pt, &e.s, ia, true, 0x90000000ULL, PT_R, 3));
	/* A 32 MiB block moved to another PA. */
	CHECK(pt_map(&e.pt, 0x80000000ULL, pa(0x100000000ULL), 32 * SZ_1M,
		     rw) == 0);
	CHECK(pt_map(&e.pt, 0x80000000ULL, pa(0x102000000ULL), 32 * SZ_1M,
		     rw | PT_X) == 0);
	CHECK_EQ_U64(e.s.tlbi, 3);
	CHECK(log_has(&e.s, 2, 0x80000000ULL, 2));
	CHECK(!verify(&e.pt, &e.s, 0x80000000ULL + 0x12345, true,
		      0x102000000ULL + 0x12345, rw | PT_X, 2));
	CHECK_EQ_U64(e.s.bbm_bad, 0);
	CHECK_EQ_U64(env_fini(&e), 0);
}

static void test_wide_root(void)
{
	struct env e;
	u64 top = BIT(40), *root, ia, pa0;
	unsigned rw = PT_R | PT_W;

	/* 4K, 40-bit IPA, start L1: 1024 entries = 2 concatenated pages. */
	CHECK(env_init(&e, 12, 40, 1, PT_S2, true) == 0);
	CHECK_EQ_U64(e.g.root_bits, 10);
	root = e.pt.root;
	CHECK(e.s.live == 0); /* the root is ours */
	/* 1 GiB blocks straight in the root, on both root pages. */
	CHECK(pt_map(&e.pt, SZ_512G - SZ_1G, pa(0x8000000000ULL), 2 * SZ_1G,
		     rw) == 0);
	CHECK_EQ_U64(e.s.live, 0);
	CHECK_EQ_U64(root[511] & 3, 1);
	CHECK_EQ_U64(root[512] & 3, 1);
	CHECK(!verify(&e.pt, &e.s, SZ_512G - 8, true,
		      0x8000000000ULL + SZ_1G - 8, rw, 1));
	CHECK(!verify(&e.pt, &e.s, SZ_512G, true, 0x8000000000ULL + SZ_1G, rw,
		      1));
	CHECK(pt_unmap(&e.pt, SZ_512G - SZ_1G, 2 * SZ_1G) == 0);
	CHECK_EQ_U64(e.s.tlbi, 2);
	CHECK(root[511] == 0 && root[512] == 0);
	/* Page, 2M, | boundary | 2M, page. */
	ia = SZ_512G - SZ_2M - SZ_4K;
	pa0 = 0x10000000000ULL - SZ_2M - SZ_4K;
	CHECK(pt_map(&e.pt, ia, pa(pa0), 2 * SZ_2M + 2 * SZ_4K, rw) == 0);
	CHECK_EQ_U64(root[511] & 3, 3);
	CHECK_EQ_U64(root[512] & 3, 3);
	CHECK(!verify(&e.pt, &e.s, ia, true, pa0, rw, 3));
	CHECK(!verify(&e.pt, &e.s, ia + SZ_4K, true, pa0 + SZ_4K, rw, 2));
	CHECK(!verify(&e.pt, &e.s, SZ_512G, true, pa0 + SZ_2M + SZ_4K, rw, 2));
	CHECK(!verify(&e.pt, &e.s, SZ_512G + SZ_2M, true,
		      pa0 + 2 * SZ_2M + SZ_4K, rw, 3));
	CHECK(!verify(&e.pt, &e.s, SZ_512G + SZ_2M + SZ_4K, false, 0, 0, 3));
	/* First and last page of the IPA space. */
	CHECK(pt_map(&e.pt, 0, pa(0x5000), SZ_4K, PT_R) == 0);
	CHECK(pt_map(&e.pt, top - SZ_4K, pa(0x6000), SZ_4K, PT_R | PT_X) == 0);
	CHECK(pt_map(&e.pt, top - SZ_4K, pa(0x6000), 2 * SZ_4K, PT_R) == -1);
	CHECK(!verify(&e.pt, &e.s, 0, true, 0x5000, PT_R, 3));
	CHECK(!verify(&e.pt, &e.s, SZ_4K, false, 0, 0, 3));
	CHECK(!verify(&e.pt, &e.s, top - 1, true, 0x6fff, PT_R | PT_X, 3));
	CHECK(!verify(&e.pt, &e.s, top - 2 * SZ_4K, false, 0, 0, 3));
	CHECK(pt_lookup(&e.pt, top, NULL, NULL, NULL) == -1);
	CHECK_EQ_U64(e.s.bbm_bad, 0);
	CHECK(e.s.live > 0);
	/* pt_destroy frees all tables below, not the caller's root. */
	CHECK_EQ_U64(env_fini(&e), 0);
}

/* --- teardown and allocation failure -------------------------------------- */

static void test_init_destroy(void)
{
	struct env e;
	struct pt_geom g;
	struct pt p;
	u64 i;

	CHECK(env_init(&e, 12, 48, -1, PT_EL2_S1, false) == 0);
	CHECK_EQ_U64(e.s.live, 1);
	for (i = 0; i < 200; i++)
		CHECK(pt_map(&e.pt, i * 0x9876543000ULL % BIT(48),
			     pa(i * SZ_4K), SZ_4K, PT_R) == 0);
	CHECK(e.s.live > 200);
	e.s.pt = NULL;
	pt_destroy(&e.pt);
	CHECK_EQ_U64(e.s.live, 0);
	CHECK_EQ_U64(e.s.bad, 0);
	CHECK(e.pt.root == NULL);
	pt_destroy(&e.pt); /* idempotent */
	CHECK_EQ_U64(e.s.bad, 0);
	/* pt_init: failed allocation, bad geometry, multi-page root. */
	CHECK(pt_geom_s1(&g, 12, 48) == 0);
	e.s.fail_at = e.s.calls + 1;
	CHECK(pt_init(&p, &g, PT_EL2_S1, &e.s.ops) == -2);
	e.s.fail_at = 0;
	CHECK(pt_init(&p, &g, (enum pt_regime)7, &e.s.ops) == -1);
	g.root_bits = 8;
	CHECK(pt_init(&p, &g, PT_EL2_S1, &e.s.ops) == -1);
	CHECK(pt_geom_init(&g, 12, 40, 1) == 0);
	CHECK(pt_init(&p, &g, PT_S2, &e.s.ops) == -1);
	CHECK_EQ_U64(e.s.live, 0);
	sim_fini(&e.s);
}

/* After a failed map, every page is either unmapped or right. */
static int check_partial(struct env *e, u64 ia, u64 pa0, u64 size,
			 unsigned prot, u64 step)
{
	struct ref_cfg c = ref_of(&e->pt, &e->s);
	struct ref_result r;
	u64 off;

	for (off = 0; off < size; off += step) {
		ref_translate(&c, ia + off, &r);
		if (r.status == REF_FAULT_XLATE)
			continue;
		if (verify(&e->pt, &e->s, ia + off, true, pa0 + off, prot, -1))
			return 1;
	}
	return 0;
}

static void test_alloc_fail(void)
{
	static const struct {
		unsigned gs, ia;
		int start;
		enum pt_regime r;
	} t[] = {
		{12, 48, -1, PT_EL2_S1},
		{14, 48, 1, PT_S2},
		{16, 48, 1, PT_S2},
	};
	struct env e;
	size_t i;
	long n, k;
	u64 g, blk, bnd, ia, pa0, size, pg, big;
	unsigned rw = PT_R | PT_W;
	int ret;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		/* Dry run: how many tables does the mapping need? */
		CHECK(env_init(&e, t[i].gs, t[i].ia, t[i].start, t[i].r,
			       false) == 0);
		g = pt_granule(&e.g);
		blk = lsize(&e.pt, 2);
		bnd = lsize(&e.pt, e.g.start_level);
		ia = bnd - blk - 2 * g;
		pa0 = (t[i].gs == 16 ? 0x000A000000000000ULL : BIT(40)) - blk -
		      2 * g;
		size = 2 * blk + 4 * g;
		n = map_count(&e, ia, pa0, size, rw);
		CHECK(n >= 4);
		CHECK(!check_partial(&e, ia, pa0, size, rw, g));
		CHECK_EQ_U64(env_fini(&e), 0);

		for (k = 1; k <= n + 1; k++) {
			CHECK(env_init(&e, t[i].gs, t[i].ia, t[i].start, t[i].r,
				       false) == 0);
			e.s.fail_at = e.s.calls + k;
			ret = pt_map(&e.pt, ia, pa(pa0), size, rw);
			CHECK(ret == (k <= n ? -2 : 0));
			CHECK(!check_partial(&e, ia, pa0, size, rw, g));
			e.s.fail_at = 0;
			CHECK(pt_unmap(&e.pt, ia, size) == 0);
			CHECK(!verify(&e.pt, &e.s, ia, false, 0, 0, -1));
			CHECK(!verify(&e.pt, &e.s, ia + size - g, false, 0, 0,
				      -1));
			CHECK(!verify(&e.pt, &e.s, bnd, false, 0, 0, -1));
			CHECK_EQ_U64(e.s.bbm_bad, 0);
			CHECK_EQ_U64(env_fini(&e), 0);
		}

		/* Splits: failure leaves the old block mapping intact. */
		big = pt_level_allows_block(&e.pt, 1) ? lsize(&e.pt, 1) : blk;
		for (k = 1; k <= 2; k++) {
			CHECK(env_init(&e, t[i].gs, t[i].ia, t[i].start, t[i].r,
				       false) == 0);
			pa0 = t[i].gs == 16 ? 0x000A000000000000ULL : BIT(40);
			CHECK(pt_map(&e.pt, big, pa(pa0), big, rw) == 0);
			pg = big + big / 2 + 3 * g;
			e.s.fail_at = e.s.calls + k;
			ret = pt_map(&e.pt, pg, pa(0x1230000ULL << 4), g, PT_R);
			if (big == blk && k == 2) {
				/* 16K/64K: a single split level */
				CHECK(ret == 0);
				CHECK_EQ_U64(env_fini(&e), 0);
				continue;
			}
			CHECK(ret == -2);
			CHECK(!check_partial(&e, big, pa0, big, rw, big / 64));
			CHECK(!verify(&e.pt, &e.s, pg, true, pa0 + pg - big, rw,
				      -1));
			e.s.fail_at = e.s.calls + 1;
			CHECK(pt_unmap(&e.pt, pg, g) == -2);
			CHECK(!verify(&e.pt, &e.s, pg, true, pa0 + pg - big, rw,
				      -1));
			CHECK(!verify(&e.pt, &e.s, pg + g, true,
				      pa0 + pg + g - big, rw, -1));
			e.s.fail_at = 0;
			CHECK(pt_unmap(&e.pt, pg, g) == 0);
			CHECK(!verify(&e.pt, &e.s, pg, false, 0, 0, 3));
			CHECK(!verify(&e.pt, &e.s, pg - g, true,
				      pa0 + pg - g - big, rw, 3));
			CHECK_EQ_U64(e.s.bbm_bad, 0);
			CHECK_EQ_U64(env_fini(&e), 0);
		}
	}
}

/* --- seeded random map/unmap against a model ----------------------------- */

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
		m->e[i] = m->e[--m->n]; /* drop, then re-add the outside */
		if (x.ia < ia)
			m->e[m->n++] =
				(struct ext){x.ia, x.pa, ia - x.ia, x.prot};
		if (eend > end)
			m->e[m->n++] = (struct ext){end, x.pa + (end - x.ia),
						    eend - end, x.prot};
		/* the pieces landed at the end, outside [i, n) checked */
	}
}

static void model_add(struct model *m, u64 ia, u64 pa_, u64 len, unsigned prot)
{
	model_remove(m, ia, len);
	m->e[m->n++] = (struct ext){ia, pa_, len, prot};
}

static const struct ext *model_find(const struct model *m, u64 a)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (a >= m->e[i].ia && a - m->e[i].ia < m->e[i].len)
			return &m->e[i];
	return NULL;
}

static u64 rng_state;

static u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static int check_model(struct env *e, const struct model *m, u64 a)
{
	const struct ext *x = model_find(m, a);

	if (!x)
		return verify(&e->pt, &e->s, a, false, 0, 0, -1);
	return verify(&e->pt, &e->s, a, true, x->pa + (a - x->ia), x->prot, -1);
}

static int check_model_edges(struct env *e, const struct model *m, u64 lo,
			     u64 hi)
{
	u64 g = pt_granule(&e->g);
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (check_model(e, m, m->e[i].ia) ||
		    check_model(e, m, m->e[i].ia + m->e[i].len - 1))
			return 1;
		if (m->e[i].ia > lo && check_model(e, m, m->e[i].ia - g))
			return 1;
		if (m->e[i].ia + m->e[i].len < hi &&
		    check_model(e, m, m->e[i].ia + m->e[i].len))
			return 1;
	}
	return 0;
}

static void test_random(void)
{
	static const struct {
		unsigned gs, ia;
		int start;
		enum pt_regime r;
	} t[] = {
		{12, 40, 1, PT_S2}, {12, 48, -1, PT_EL2_S1},
		{14, 40, 2, PT_S2}, {14, 48, -1, PT_EL2_S1},
		{16, 48, 1, PT_S2}, {16, 48, -1, PT_EL2_S1},
	};
	const int ops = 500;
	struct model m = {0};
	struct env e;
	const unsigned *prots;
	size_t i, nprot;
	int op, j;
	u64 g, blk, big, lo, hi, win, ia, size, unit, pa_lo, pa_, a;
	unsigned prot;
	bool map;

	m.cap = 4 * ops + 8;
	m.e = malloc(m.cap * sizeof(*m.e));
	CHECK(m.e);
	rng_state = 0x9E3779B97F4A7C15ULL;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		CHECK(env_init(&e, t[i].gs, t[i].ia, t[i].start, t[i].r,
			       false) == 0);
		m.n = 0;
		g = pt_granule(&e.g);
		blk = lsize(&e.pt, 2);
		big = t[i].gs == 12 ? SZ_1G : blk;
		/* A window around the middle of the IA space: a root-page
		 * (wide roots) or top-level entry boundary. */
		win = t[i].gs == 12 ? 4 * SZ_1G : 8 * blk;
		lo = BIT(t[i].ia - 1) - win / 2;
		hi = lo + win;
		pa_lo = t[i].gs == 16 ? 0x000A000000000000ULL : 0x4000000000ULL;
		prots = prots_of(t[i].r, &nprot);
		for (op = 0; op < ops; op++) {
			switch (rnd() % 10) {
			case 0:
			case 1:
			case 2:
			case 3:
			case 4:
			case 5:
				size = (1 + rnd() % 16) * g;
				unit = g;
				break;
			case 6:
			case 7:
				size = (1 + rnd() % 2) * blk + (rnd() % 4) * g;
				unit = rnd() & 1 ? blk : g;
				break;
			case 8:
				size = (1 + rnd() % 3) * blk;
				unit = blk;
				break;
			default:
				size = (1 + rnd() % 2) * big;
				unit = rnd() % 4 ? big : g;
				break;
			}
			ia = lo + ALIGN_DOWN(rnd() % (win - size + 1), unit);
			map = rnd() % 100 < 60;
			if (map) {
				/* PA congruent to IA modulo big, blk or g;
				 * GiB-sized page runs only cost time here
				 * (test_blocks_4k has one). */
				unit = rnd() % 3;
				if (unit == 2 && size >= SZ_1G)
					unit = 1;
				unit = unit == 0 ? big : unit == 1 ? blk : g;
				pa_ = pa_lo +
				      ALIGN_DOWN(rnd() % (4 * win), unit) +
				      (ia & (unit - 1));
				prot = prots[rnd() % nprot];
				CHECK(pt_map(&e.pt, ia, pa(pa_), size, prot) ==
				      0);
				model_add(&m, ia, pa_, size, prot);
			} else {
				CHECK(pt_unmap(&e.pt, ia, size) == 0);
				model_remove(&m, ia, size);
			}
			if (check_model(&e, &m, ia) ||
			    check_model(&e, &m, ia + size - 1) ||
			    (ia > lo && check_model(&e, &m, ia - 1)) ||
			    (ia + size < hi && check_model(&e, &m, ia + size)))
				printf("  cfg %zu op %d\n", i, op);
			CHECK(!check_model(&e, &m, ia));
			CHECK(!check_model(&e, &m, ia + size - 1));
			CHECK(ia == lo || !check_model(&e, &m, ia - 1));
			CHECK(ia + size == hi ||
			      !check_model(&e, &m, ia + size));
			for (j = 0; j < 12; j++) {
				a = lo + rnd() % win;
				CHECK(!check_model(&e, &m, a));
			}
			if (op % 50 == 49)
				CHECK(!check_model_edges(&e, &m, lo, hi));
			CHECK(m.n + 2 < m.cap);
		}
		CHECK(!check_model_edges(&e, &m, lo, hi));
		CHECK_EQ_U64(e.s.bbm_bad, 0);
		/* Empty the window: everything faults, tables stay. */
		CHECK(pt_unmap(&e.pt, lo, win) == 0);
		m.n = 0;
		for (a = lo; a < hi; a += win / 512)
			CHECK(!check_model(&e, &m, a + (rnd() % (win / 512))));
		CHECK(e.s.live > 0);
		CHECK_EQ_U64(env_fini(&e), 0);
	}
	free(m.e);
}

int main(void)
{
	/* A failed CHECK leaks its env; LeakSanitizer then exits without
	 * flushing stdio, so keep the PASS/FAIL lines unbuffered. */
	setvbuf(stdout, NULL, _IONBF, 0);
	RUN(test_geom_s1_48);
	RUN(test_geom_init);
	RUN(test_desc_encoding);
	RUN(test_roundtrip);
	RUN(test_blocks_4k);
	RUN(test_blocks_16k);
	RUN(test_blocks_64k);
	RUN(test_bad_args);
	RUN(test_wx_refused);
	RUN(test_walk_semantics);
	RUN(test_walk_visitor_tables);
	RUN(test_split_unmap);
	RUN(test_split_map);
	RUN(test_bbm_remap);
	RUN(test_wide_root);
	RUN(test_init_destroy);
	RUN(test_alloc_fail);
	RUN(test_random);
	CHECK_EXIT();
}
