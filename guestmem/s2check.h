/* guestmem/s2check.h - the stage-2 self-check: the MMU itself confirms that the
 * folded tables translate as they should. */
#ifndef MV_S2CHECK_H
#define MV_S2CHECK_H

#include "guestmem/stage2.h"

/*
 * Build a throwaway table of geometry g mapping [base, base + size) at
 * RMA_GUEST_IPA, translate sample IPAs with the hardware (first and last
 * page, segment edges, concatenated-root boundaries, and IPAs that must
 * fault), tear it down and check no table page leaked. Returns the number
 * of translations confirmed, or -1 after logging the first mismatch.
 * *map_pages: the table pages the whole mapping needed (what a fully
 * populated guest costs).
 */
int s2check_run(const struct s2_geom *g, pa_t base, u64 size,
		const struct s2_alloc *a, unsigned *map_pages);

#endif
