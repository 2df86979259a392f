/* guestmem/s2geom.c - derives the stage-2 geometry and VTCR_EL2 by the Arm ARM
 * rules (research/stage2.md section 1). */
#include "guestmem/s2geom.h"
#include "hyp/decode.h"
#include "lib/fmt.h"

#define VTCR_RES1	BIT(31)
#define VTCR_SH0_INNER	(3ULL << 12)
#define VTCR_ORGN0_WBWA (1ULL << 10)
#define VTCR_IRGN0_WBWA (1ULL << 8)

static int ps_encoding(unsigned bits)
{
	return decode_pa_size_enc(bits);
}

int s2_el2_start_level(unsigned gran_shift)
{
	struct pt_geom g;

	if (pt_geom_s1(&g, gran_shift, 48))
		return -1;
	return g.start_level;
}

/* Index bits resolved by a walk starting at 'level'. */
static int root_bits_at(unsigned gran_shift, unsigned ia_bits, int level)
{
	unsigned stride = gran_shift - 3;

	return (int)ia_bits -
	       (int)(stride * (unsigned)(3 - level) + gran_shift);
}

/*
 * AArch64.S2InvalidSL: start levels the architecture forbids for this
 * granule and PARange (or that need FEAT_LPA2 / FEAT_TTST, which the
 * microvisor does not use). Returns the broken rule, or NULL.
 */
static const char *invalid_start(unsigned gran_shift, int level,
				 unsigned pa_bits)
{
	switch (gran_shift) {
	case 12:
		if (level == 0 && pa_bits < 44)
			return "4K stage 2 cannot start at level 0 (SL0=2) "
			       "when PARange < 44 bits";
		if (level == 3)
			return "a level-3 start needs FEAT_TTST";
		return NULL;
	case 14:
		if (level == 1 && pa_bits < 42)
			return "16K stage 2 cannot start at level 1 (SL0=2) "
			       "when PARange < 42 bits";
		if (level == 0)
			return "16K stage 2 can start at level 0 only with "
			       "FEAT_LPA2 (VTCR_EL2.DS=1)";
		return NULL;
	default:
		if (level == 1 && pa_bits < 44)
			return "64K stage 2 cannot start at level 1 (SL0=2) "
			       "when PARange < 44 bits";
		if (level == 0)
			return "64K stage 2 cannot start at level 0";
		return NULL;
	}
}

int s2_geom_compute(struct s2_geom *g, unsigned gran_shift, unsigned ipa_bits,
		    unsigned pa_bits, unsigned s2_granules, char *err,
		    size_t errlen)
{
	unsigned gk = (1u << gran_shift) >> 10;
	const char *why = NULL;
	int level, ps;

	err[0] = '\0';
	if (gran_shift != 12 && gran_shift != 14 && gran_shift != 16) {
		mv_snprintf(err, errlen, "granule shift %u is not 12, 14 or 16",
			    gran_shift);
		return -1;
	}
	if (!(s2_granules & (1u << ((gran_shift - 12) / 2)))) {
		mv_snprintf(err, errlen,
			    "this CPU does not support %uK granules at stage 2",
			    gk);
		return -1;
	}
	if (ps_encoding(pa_bits) < 0) {
		mv_snprintf(err, errlen, "PARange of %u bits is not valid",
			    pa_bits);
		return -1;
	}
	if (!ipa_bits)
		ipa_bits = pa_bits < 40 ? pa_bits : 40;
	if (ps_encoding(ipa_bits) < 0) {
		mv_snprintf(err, errlen,
			    "IPA size %u is not one of 32, 36, 40, 42, 44, 48, "
			    "52 bits",
			    ipa_bits);
		return -1;
	}
	if (ipa_bits > pa_bits) {
		mv_snprintf(err, errlen,
			    "a %u-bit IPA exceeds the CPU's %u-bit PARange",
			    ipa_bits, pa_bits);
		return -1;
	}
	if (ipa_bits == 52 && gran_shift != 16) {
		mv_snprintf(
			err, errlen,
			"a 52-bit IPA with %uK granules needs FEAT_LPA2 "
			"(VTCR_EL2.DS=1), which the microvisor does not use",
			gk);
		return -1;
	}

	/*
	 * Shallowest legal walk (fewest levels, concatenating up to 16 root
	 * tables) but at least two levels so level-2 blocks exist: the
	 * Arm ARM consistency rule is 1 <= root bits <= stride + 4.
	 */
	for (level = 2; level >= 0; level--) {
		int b = root_bits_at(gran_shift, ipa_bits, level);
		const char *bad;

		if (b < 1 || b > (int)(gran_shift - 3) + 4)
			continue;
		bad = invalid_start(gran_shift, level, pa_bits);
		if (!bad)
			break;
		why = bad;
	}
	if (level < 0) {
		mv_snprintf(err, errlen,
			    "no legal stage-2 start level for %uK granules and "
			    "a %u-bit IPA: %s",
			    gk, ipa_bits,
			    why ? why
				: "more than 16 concatenated root tables "
				  "would be needed");
		return -1;
	}

	g->gran_shift = gran_shift;
	g->ia_bits = ipa_bits;
	g->pa_bits = pa_bits;
	if (pt_geom_init(&g->hw, gran_shift, ipa_bits, level)) {
		mv_snprintf(err, errlen, "internal: bad hardware geometry");
		return -1;
	}
	int sw_level = s2_el2_start_level(gran_shift);
	if (sw_level > level)
		sw_level = level;
	g->folded = (unsigned)(level - sw_level);
	/* The dummy levels may resolve zero bits (one entry) when the IPA
	 * is smaller than what one top-level entry covers. */
	g->sw = g->hw;
	g->sw.start_level = (s8)sw_level;
	int swb = root_bits_at(gran_shift, ipa_bits, sw_level);
	g->sw.root_bits = (u8)(swb > 0 ? swb : 0);

	unsigned b = g->hw.root_bits, stride = gran_shift - 3;
	g->root_pages = b > stride ? 1u << (b - stride) : 1;
	g->root_bytes = 8ULL << b;
	/* PS covers every output address; 4K/16K without LPA2 stop at 48. */
	ps = ps_encoding(pa_bits);
	if (gran_shift != 16 && ps > 5)
		ps = 5;
	g->ps = (unsigned)ps;
	g->sl0 = gran_shift == 12 ? (unsigned)(2 - level)
				  : (unsigned)(3 - level);
	g->vtcr = VTCR_RES1 | ((u64)g->ps << 16) |
		  ((u64)(gran_shift == 12   ? 0
			 : gran_shift == 16 ? 1
					    : 2)
		   << 14) |
		  VTCR_SH0_INNER | VTCR_ORGN0_WBWA | VTCR_IRGN0_WBWA |
		  ((u64)g->sl0 << 6) | (u64)(64 - ipa_bits);
	return 0;
}

void s2_geom_describe(const struct s2_geom *g, char *buf, size_t len)
{
	mv_snprintf(buf, len,
		    "stage 2: %uK granule, %u-bit IPA, PARange %u, start "
		    "level %d, %u concatenated root table(s) (%llu bytes), "
		    "%u folded level(s), VTCR_EL2 %#llx",
		    (1u << g->gran_shift) >> 10, g->ia_bits, g->pa_bits,
		    g->hw.start_level, g->root_pages,
		    (unsigned long long)g->root_bytes, g->folded,
		    (unsigned long long)g->vtcr);
}
