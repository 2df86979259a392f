/* tests/unit/test_s2geom.c - stage-2 geometry and VTCR_EL2 for every granule x
 * IPA x PARange, against research/stage2.md table 1.2 and an independent
 * S2InconsistentSL oracle. */
#include <stdio.h>
#include <string.h>

#include "tests/unit/check.h"
#include "guestmem/s2geom.h"
#include "tests/unit/refxlate.h"

#define ALL_GRANULES 7u /* decode_s2_granules(): 4K | 16K | 64K */

static const unsigned ipas[] = {32, 36, 40, 42, 44, 48, 52};
/* The brief's PARange values, plus the two small encodings the code
 * also accepts. */
static const unsigned paranges[] = {32, 36, 40, 42, 44, 48, 52};

/*
 * research/stage2.md table 1.2, as data (64K/32 uses the recommended L2
 * start, not the legal-but-blockless L3 one). start < 0: the row needs
 * FEAT_LPA2, which the microvisor does not use.
 */
static const struct row {
	unsigned gran_k, ipa;
	int start;
	unsigned sl0, concat;
	u64 root_bytes;
} table12[] = {
	{4, 32, 2, 0, 4, 16384},   {4, 36, 1, 1, 1, 512},
	{4, 40, 1, 1, 2, 8192},	   {4, 42, 1, 1, 8, 32768},
	{4, 44, 0, 2, 1, 256},	   {4, 48, 0, 2, 1, 4096},
	{4, 52, -1, 0, 0, 0},	   {16, 32, 2, 1, 1, 1024},
	{16, 36, 2, 1, 1, 16384},  {16, 40, 2, 1, 16, 262144},
	{16, 42, 1, 2, 1, 512},	   {16, 44, 1, 2, 1, 2048},
	{16, 48, 1, 2, 2, 32768},  {16, 52, -1, 0, 0, 0},
	{64, 32, 2, 1, 1, 64},	   {64, 36, 2, 1, 1, 1024},
	{64, 40, 2, 1, 1, 16384},  {64, 42, 2, 1, 1, 65536},
	{64, 44, 2, 1, 4, 262144}, {64, 48, 1, 2, 1, 512},
	{64, 52, 1, 2, 1, 8192},
};

static unsigned gshift(unsigned gran_k)
{
	return gran_k == 4 ? 12 : gran_k == 16 ? 14 : 16;
}

static const struct row *row_of(unsigned gran_k, unsigned ipa)
{
	for (size_t i = 0; i < ARRAY_SIZE(table12); i++)
		if (table12[i].gran_k == gran_k && table12[i].ipa == ipa)
			return &table12[i];
	return NULL;
}

static unsigned ps_enc(unsigned bits)
{
	for (unsigned i = 0; i < ARRAY_SIZE(ipas); i++)
		if (ipas[i] == bits)
			return i;
	return 99;
}

static unsigned log2u(u64 x)
{
	unsigned n = 0;

	while (x > 1) {
		x >>= 1;
		n++;
	}
	return n;
}

/* VTCR_EL2 built field by field from research/stage2.md 1.3. */
static u64 want_vtcr(unsigned gran_k, unsigned ipa, unsigned parange,
		     unsigned sl0)
{
	unsigned ps = ps_enc(parange), tg0;

	if (gran_k != 64 && ps > 5)
		ps = 5; /* 48 bits without LPA2 */
	tg0 = gran_k == 4 ? 0 : gran_k == 64 ? 1 : 2;
	return (1ULL << 31) | ((u64)ps << 16) | ((u64)tg0 << 14) |
	       (3ULL << 12) | (1ULL << 10) | (1ULL << 8) | ((u64)sl0 << 6) |
	       (u64)(64 - ipa);
}

/*
 * Independent oracle, in the spirit of research/s2table.py: the shallowest
 * start level (at least two levels) that AArch64.S2InconsistentSL accepts
 * (min_ia = n*s + g + 1, max_ia = min_ia + s - 1 + 4) and S2InvalidSL does
 * not forbid for this PARange. Returns the start level or -1.
 */
static int oracle(unsigned gk, unsigned ia, unsigned parange, unsigned *sl0,
		  unsigned *tables, u64 *root_bytes)
{
	unsigned g = gshift(gk), s = g - 3;

	if (ia > parange || (ia == 52 && gk != 64))
		return -1;
	for (int sl = 2; sl >= 0; sl--) {
		unsigned n = 3 - (unsigned)sl, mn = n * s + g + 1,
			 mx = mn + (s - 1) + 4, levels, b;

		if (ia < mn || ia > mx)
			continue;
		if (gk == 4 && sl == 0 && parange < 44)
			continue;
		if (gk == 16 && ((sl == 1 && parange < 42) || sl == 0))
			continue;
		if (gk == 64 && ((sl == 1 && parange < 44) || sl == 0))
			continue;
		levels = 4 - (unsigned)sl;
		b = ia - g - (levels - 1) * s;
		*tables = b > s ? 1u << (b - s) : 1;
		*root_bytes = 8ULL << b;
		*sl0 = gk == 4 ? 2 - (unsigned)sl : 3 - (unsigned)sl;
		return sl;
	}
	return -1;
}

static int sw_start(unsigned gran_k)
{
	return gran_k == 64 ? 1 : 0;
}

/* One combination against the table; prints the combination on failure. */
static int check_one(unsigned gk, unsigned ipa, unsigned parange)
{
	const struct row *r = row_of(gk, ipa);
	unsigned gs = gshift(gk), stride = gs - 3;
	struct s2_geom g;
	char err[200];
	int ret, ok = 1;
	bool want_ok = r && r->start >= 0 && ipa <= parange;

	memset(&g, 0x5a, sizeof(g));
	memset(err, 'x', sizeof(err));
	ret = s2_geom_compute(&g, gs, ipa, parange, ALL_GRANULES, err,
			      sizeof(err));
	if (!want_ok) {
		ok = ret == -1 && err[0] && strlen(err) < sizeof(err);
		if (ok && ipa > parange)
			ok = strstr(err, "PARange") != NULL;
		else if (ok && ipa == 52)
			ok = strstr(err, "LPA2") != NULL;
	} else {
		int k = r->start - sw_start(gk);
		int swb = (int)ipa -
			  (int)(stride * (unsigned)(3 - sw_start(gk)) + gs);

		if (k < 0)
			k = 0;
		ok = ret == 0 && err[0] == '\0' && g.gran_shift == gs &&
		     g.ia_bits == ipa && g.pa_bits == parange &&
		     g.hw.start_level == r->start && g.sl0 == r->sl0 &&
		     g.root_pages == r->concat &&
		     g.root_bytes == r->root_bytes &&
		     g.hw.root_bits == log2u(r->root_bytes / 8) &&
		     g.hw.gran_shift == gs && g.hw.stride == stride &&
		     g.hw.ia_bits == ipa && g.folded == (unsigned)k &&
		     g.sw.start_level == r->start - k &&
		     g.sw.gran_shift == gs && g.sw.stride == stride &&
		     g.sw.ia_bits == ipa &&
		     g.sw.root_bits == (unsigned)(swb > 0 ? swb : 0) &&
		     g.ps == (gk != 64 && ps_enc(parange) > 5
				      ? 5
				      : ps_enc(parange)) &&
		     g.vtcr == want_vtcr(gk, ipa, parange, r->sl0);
	}
	if (!ok)
		printf("  %uK ipa %u PARange %u: ret %d err \"%s\" start %d "
		       "sl0 %u concat %u bytes %llu folded %u vtcr %#llx\n",
		       gk, ipa, parange, ret, ret ? err : "", g.hw.start_level,
		       g.sl0, g.root_pages, (unsigned long long)g.root_bytes,
		       g.folded, (unsigned long long)g.vtcr);
	return ok;
}

static void test_table_matrix(void)
{
	static const unsigned grans[] = {4, 16, 64};
	unsigned bad = 0, valid = 0;

	for (size_t a = 0; a < ARRAY_SIZE(grans); a++)
		for (size_t b = 0; b < ARRAY_SIZE(ipas); b++)
			for (size_t c = 0; c < ARRAY_SIZE(paranges); c++) {
				if (!check_one(grans[a], ipas[b], paranges[c]))
					bad++;
				else if (ipas[b] <= paranges[c] &&
					 row_of(grans[a], ipas[b])->start >= 0)
					valid++;
			}
	CHECK_EQ_U64(bad, 0);
	/* 4K/16K: 6 IPA sizes, 64K: 7, each with PARange >= IPA. */
	CHECK_EQ_U64(valid,
		     2 * (7 + 6 + 5 + 4 + 3 + 2) + (7 + 6 + 5 + 4 + 3 + 2 + 1));
}

/* research/stage2.md 1.3, computed by the research script. */
static void test_worked_vtcr(void)
{
	static const struct {
		unsigned gs, ipa, pa;
		u64 vtcr;
	} w[] = {
		{12, 40, 40, 0x80023558ULL}, {12, 44, 44, 0x80043594ULL},
		{12, 48, 48, 0x80053590ULL}, {14, 40, 40, 0x8002b558ULL},
		{16, 48, 48, 0x80057590ULL},
	};
	struct s2_geom g;
	char err[160];

	for (size_t i = 0; i < ARRAY_SIZE(w); i++) {
		CHECK(s2_geom_compute(&g, w[i].gs, w[i].ipa, w[i].pa,
				      ALL_GRANULES, err, sizeof(err)) == 0);
		CHECK_EQ_U64(g.vtcr, w[i].vtcr);
	}
	/* PS follows PARange, not the IPA size: 4K/40 on a 44-bit CPU. */
	CHECK(s2_geom_compute(&g, 12, 40, 44, ALL_GRANULES, err, sizeof(err)) ==
	      0);
	CHECK_EQ_U64(g.vtcr, 0x80043558ULL);
	/* 4K and 16K stop at PS=48 (0b101) without LPA2; 64K gets 0b110. */
	CHECK(s2_geom_compute(&g, 12, 48, 52, ALL_GRANULES, err, sizeof(err)) ==
	      0);
	CHECK_EQ_U64((g.vtcr >> 16) & 7, 5);
	CHECK(s2_geom_compute(&g, 14, 48, 52, ALL_GRANULES, err, sizeof(err)) ==
	      0);
	CHECK_EQ_U64((g.vtcr >> 16) & 7, 5);
	CHECK(s2_geom_compute(&g, 16, 52, 52, ALL_GRANULES, err, sizeof(err)) ==
	      0);
	CHECK_EQ_U64((g.vtcr >> 16) & 7, 6);
	CHECK_EQ_U64(g.vtcr, 0x8006758cULL);
}

/* Bits outside T0SZ..PS and RES1 bit 31 stay 0 (VS, HA, HD, DS, SL2). */
static void test_vtcr_reserved_bits(void)
{
	static const unsigned gss[] = {12, 14, 16};
	struct s2_geom g;
	char err[160];
	u64 known = 0x3FULL | (3ULL << 6) | (3ULL << 8) | (3ULL << 10) |
		    (3ULL << 12) | (3ULL << 14) | (7ULL << 16) | (1ULL << 31);

	for (size_t a = 0; a < ARRAY_SIZE(gss); a++)
		for (size_t b = 0; b < ARRAY_SIZE(ipas); b++)
			for (size_t c = 0; c < ARRAY_SIZE(paranges); c++) {
				if (s2_geom_compute(&g, gss[a], ipas[b],
						    paranges[c], ALL_GRANULES,
						    err, sizeof(err)))
					continue;
				CHECK_EQ_U64(g.vtcr & ~known, 0);
				CHECK_EQ_U64(g.vtcr >> 31 & 1, 1);
				CHECK_EQ_U64(g.vtcr >> 12 & 3, 3);
				CHECK_EQ_U64(g.vtcr >> 10 & 3, 1);
				CHECK_EQ_U64(g.vtcr >> 8 & 3, 1);
				CHECK_EQ_U64(g.vtcr & 0x3F, 64 - ipas[b]);
			}
}

/*
 * Every valid combination against the independent oracle, and against
 * the reference translator's own reading of the VTCR value (the start
 * level it derives from SL0/T0SZ/PS must be the geometry's). The chosen
 * start is the shallowest legal one: no SL0 with fewer levels is accepted
 * by the reference.
 */
static void test_oracle(void)
{
	static const unsigned gks[] = {4, 16, 64};
	struct s2_geom g;
	struct ref_cfg c;
	char err[160];
	unsigned sl0, tables, checked = 0;
	u64 bytes;
	int want, ret;

	for (size_t a = 0; a < ARRAY_SIZE(gks); a++)
		for (size_t b = 0; b < ARRAY_SIZE(ipas); b++)
			for (size_t p = 0; p < ARRAY_SIZE(paranges); p++) {
				unsigned gk = gks[a], ia = ipas[b],
					 pr = paranges[p], gs = gshift(gk);

				want = oracle(gk, ia, pr, &sl0, &tables,
					      &bytes);
				ret = s2_geom_compute(&g, gs, ia, pr,
						      ALL_GRANULES, err,
						      sizeof(err));
				if ((ret == 0) != (want >= 0))
					printf("  %uK/%u/%u: ret %d oracle "
					       "%d\n",
					       gk, ia, pr, ret, want);
				CHECK((ret == 0) == (want >= 0));
				if (want < 0)
					continue;
				CHECK_EQ_U64(g.hw.start_level, want);
				CHECK_EQ_U64(g.sl0, sl0);
				CHECK_EQ_U64(g.root_pages, tables);
				CHECK_EQ_U64(g.root_bytes, bytes);
				/* The reference decodes the register. */
				memset(&c, 0, sizeof(c));
				c.regime = REF_S2;
				c.tg_bytes = 1u << gs;
				c.t0sz = (unsigned)(g.vtcr & 0x3F);
				c.sl0 = (unsigned)(g.vtcr >> 6 & 3);
				c.ps_bits =
					ipas[g.vtcr >> 16 & 7]; /* PS -> bits */
				CHECK_EQ_U64(ref_start_level(&c), want);
				/* Shallower starts (fewer levels) are refused:
				 * L3 for 4K needs TTST; SL0 values above the
				 * chosen level's encoding mean fewer levels for
				 * 16K/64K and more for 4K. */
				for (int st = want + 1; st <= 2; st++) {
					c.sl0 = gk == 4 ? 2 - (unsigned)st
							: 3 - (unsigned)st;
					CHECK(ref_start_level(&c) != st);
				}
				checked++;
			}
	CHECK_EQ_U64(checked, 2 * 27 + 28);
}

static void test_errors(void)
{
	struct s2_geom g;
	char err[200];

	/* IPA beyond PARange */
	CHECK(s2_geom_compute(&g, 12, 44, 40, ALL_GRANULES, err, sizeof(err)) ==
	      -1);
	CHECK_STR_CONTAINS(err, "44-bit IPA");
	CHECK_STR_CONTAINS(err, "40-bit PARange");
	CHECK(s2_geom_compute(&g, 16, 52, 48, ALL_GRANULES, err, sizeof(err)) ==
	      -1);
	CHECK_STR_CONTAINS(err, "PARange");
	/* 52-bit IPA with 4K/16K: LPA2 */
	CHECK(s2_geom_compute(&g, 12, 52, 52, ALL_GRANULES, err, sizeof(err)) ==
	      -1);
	CHECK_STR_CONTAINS(err, "LPA2");
	CHECK_STR_CONTAINS(err, "4K");
	CHECK(s2_geom_compute(&g, 14, 52, 52, ALL_GRANULES, err, sizeof(err)) ==
	      -1);
	CHECK_STR_CONTAINS(err, "LPA2");
	CHECK_STR_CONTAINS(err, "16K");
	/* granule not supported at stage 2 */
	CHECK(s2_geom_compute(&g, 14, 40, 48, 1 | 4, err, sizeof(err)) == -1);
	CHECK_STR_CONTAINS(err, "16K");
	CHECK_STR_CONTAINS(err, "stage 2");
	CHECK(s2_geom_compute(&g, 12, 40, 48, 2 | 4, err, sizeof(err)) == -1);
	CHECK_STR_CONTAINS(err, "4K");
	CHECK(s2_geom_compute(&g, 16, 40, 48, 1 | 2, err, sizeof(err)) == -1);
	CHECK_STR_CONTAINS(err, "64K");
	CHECK(s2_geom_compute(&g, 16, 40, 48, 0, err, sizeof(err)) == -1);
	CHECK(s2_geom_compute(&g, 16, 40, 48, 4, err, sizeof(err)) == 0);
	CHECK(s2_geom_compute(&g, 14, 40, 48, 2, err, sizeof(err)) == 0);
	CHECK(s2_geom_compute(&g, 12, 40, 48, 1, err, sizeof(err)) == 0);
	/* bad sizes */
	CHECK(s2_geom_compute(&g, 12, 39, 48, ALL_GRANULES, err, sizeof(err)) ==
	      -1);
	CHECK_STR_CONTAINS(err, "39");
	CHECK(s2_geom_compute(&g, 12, 53, 52, ALL_GRANULES, err, sizeof(err)) ==
	      -1);
	CHECK_STR_CONTAINS(err, "53");
	CHECK(s2_geom_compute(&g, 12, 64, 52, ALL_GRANULES, err, sizeof(err)) ==
	      -1);
	CHECK(s2_geom_compute(&g, 12, 24, 40, ALL_GRANULES, err, sizeof(err)) ==
	      -1);
	CHECK_STR_CONTAINS(err, "24");
	CHECK(s2_geom_compute(&g, 12, 40, 41, ALL_GRANULES, err, sizeof(err)) ==
	      -1);
	CHECK_STR_CONTAINS(err, "PARange");
	CHECK_STR_CONTAINS(err, "41");
	CHECK(s2_geom_compute(&g, 12, 40, 56, ALL_GRANULES, err, sizeof(err)) ==
	      -1);
	CHECK(s2_geom_compute(&g, 12, 40, 0, ALL_GRANULES, err, sizeof(err)) ==
	      -1);
	CHECK(s2_geom_compute(&g, 13, 40, 48, ALL_GRANULES, err, sizeof(err)) ==
	      -1);
	CHECK_STR_CONTAINS(err, "13");
	CHECK(s2_geom_compute(&g, 15, 40, 48, ALL_GRANULES, err, sizeof(err)) ==
	      -1);
	CHECK(s2_geom_compute(&g, 0, 40, 48, ALL_GRANULES, err, sizeof(err)) ==
	      -1);
	/* A small buffer is still terminated. */
	memset(err, 'x', sizeof(err));
	CHECK(s2_geom_compute(&g, 12, 44, 40, ALL_GRANULES, err, 8) == -1);
	CHECK_EQ_U64(strlen(err), 7);
	CHECK(err[8] == 'x');
}

static void test_default_ipa(void)
{
	static const struct {
		unsigned pa, want;
	} d[] = {{32, 32}, {36, 36}, {40, 40}, {42, 40},
		 {44, 40}, {48, 40}, {52, 40}};
	static const unsigned gss[] = {12, 14, 16};
	struct s2_geom g, h;
	char err[160];

	for (size_t a = 0; a < ARRAY_SIZE(gss); a++)
		for (size_t i = 0; i < ARRAY_SIZE(d); i++) {
			CHECK(s2_geom_compute(&g, gss[a], 0, d[i].pa,
					      ALL_GRANULES, err,
					      sizeof(err)) == 0);
			CHECK_EQ_U64(g.ia_bits, d[i].want);
			CHECK(s2_geom_compute(&h, gss[a], d[i].want, d[i].pa,
					      ALL_GRANULES, err,
					      sizeof(err)) == 0);
			CHECK_EQ_U64(g.vtcr, h.vtcr);
			CHECK_EQ_U64(g.root_pages, h.root_pages);
			CHECK_EQ_U64(g.folded, h.folded);
		}
}

static void test_el2_start_and_describe(void)
{
	struct s2_geom g;
	char err[160], buf[300];

	CHECK_EQ_U64(s2_el2_start_level(12), 0);
	CHECK_EQ_U64(s2_el2_start_level(14), 0);
	CHECK_EQ_U64(s2_el2_start_level(16), 1);
	CHECK(s2_el2_start_level(13) == -1);

	CHECK(s2_geom_compute(&g, 14, 40, 40, ALL_GRANULES, err, sizeof(err)) ==
	      0);
	s2_geom_describe(&g, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, "16K");
	CHECK_STR_CONTAINS(buf, "40-bit IPA");
	CHECK_STR_CONTAINS(buf, "16 concatenated");
	CHECK_STR_CONTAINS(buf, "2 folded");
	CHECK_STR_CONTAINS(buf, "0x8002b558");
}

/* The folded-level cases the stage-2 tests rely on. */
static void test_folding_cases(void)
{
	static const struct {
		unsigned gs, ipa, pa, k;
		int hw;
	} f[] = {
		{12, 48, 48, 0, 0}, {12, 40, 40, 1, 1}, {12, 32, 40, 2, 2},
		{14, 40, 40, 2, 2}, {14, 48, 48, 1, 1}, {16, 32, 40, 1, 2},
		{16, 48, 48, 0, 1}, {16, 44, 44, 1, 2},
	};
	struct s2_geom g;
	char err[160];

	for (size_t i = 0; i < ARRAY_SIZE(f); i++) {
		CHECK(s2_geom_compute(&g, f[i].gs, f[i].ipa, f[i].pa,
				      ALL_GRANULES, err, sizeof(err)) == 0);
		CHECK_EQ_U64(g.folded, f[i].k);
		CHECK_EQ_U64(g.hw.start_level, f[i].hw);
		CHECK_EQ_U64(g.sw.start_level, f[i].hw - (int)f[i].k);
	}
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	RUN(test_table_matrix);
	RUN(test_worked_vtcr);
	RUN(test_vtcr_reserved_bits);
	RUN(test_oracle);
	RUN(test_errors);
	RUN(test_default_ipa);
	RUN(test_el2_start_and_describe);
	RUN(test_folding_cases);
	CHECK_EXIT();
}
