/* guestmem/s2geom.h - stage-2 geometry: VTCR_EL2, start level, concatenated
 * root and folded levels from granule, IPA size and PARange. */
#ifndef MV_S2GEOM_H
#define MV_S2GEOM_H

#include "hyp/pgtable.h"
#include "lib/types.h"

/*
 * The hardware walks stage 2 from hw.start_level with a root of
 * root_pages concatenated tables. Software walks it at the same depth as
 * the EL2 tables (sw.start_level); the 'folded' levels in between form a
 * software-only dummy pgd whose entries point at the hardware root pages.
 */
struct s2_geom {
	unsigned gran_shift;
	unsigned ia_bits;
	unsigned pa_bits;    /* the CPU's PARange */
	unsigned ps;	     /* VTCR_EL2.PS encoding */
	unsigned sl0;	     /* VTCR_EL2.SL0 encoding */
	unsigned root_pages; /* concatenated hardware root tables (1..16) */
	u64 root_bytes;	     /* hardware root size = its alignment */
	unsigned folded;     /* dummy levels above the hardware root (0..2) */
	u64 vtcr;
	struct pt_geom hw; /* as the hardware walks it */
	struct pt_geom sw; /* as the software walks it (dummy pgd on top) */
};

/*
 * Compute the geometry, or return -1 with err naming the rule that the
 * combination breaks. s2_granules is the mask from decode_s2_granules()
 * (bit 0 = 4K, 1 = 16K, 2 = 64K). ipa_bits 0 picks the default: 40 bits
 * where the PARange allows, else the PARange.
 */
int s2_geom_compute(struct s2_geom *g, unsigned gran_shift, unsigned ipa_bits,
		    unsigned pa_bits, unsigned s2_granules, char *err,
		    size_t errlen);

/* Start level the EL2 stage-1 tables use with this granule (48-bit VA). */
int s2_el2_start_level(unsigned gran_shift);

/* One line for the boot log. */
void s2_geom_describe(const struct s2_geom *g, char *buf, size_t len);

#endif
