/* hyp/s2hw.h - the hardware side of stage 2: table pages from the EL2 pool, TLB
 * maintenance, VTCR/VTTBR, and the AT-based self-check. */
#ifndef MV_S2HW_H
#define MV_S2HW_H

#include "guestmem/gmap.h"
#include "guestmem/rma.h"
#include "guestmem/stage2.h"

/* Allocation for stage-2 tables out of the EL2 page pool. */
extern const struct s2_alloc s2hw_alloc;

/* Load VTCR_EL2/VTTBR_EL2 for this table (VMID 1) and drop stale stage-1+2
 * TLB entries. */
void s2hw_activate(const struct s2_table *t);

/*
 * Ask the MMU itself: build a throwaway table of the same geometry mapping
 * the whole RMA at RMA_GUEST_IPA, translate sample IPAs with AT S12E1R
 * (first and last page, segment edges, concatenated-root boundaries, and
 * IPAs that must fault), tear it down and check no table page leaked.
 * Returns the number of translations confirmed, or -1 after logging the
 * first mismatch.
 */
int s2hw_selfcheck(const struct s2_geom *g, const struct rma_area *rma);
/* Table pages (root and dummy levels included) the self-check's table
 * needed to map the whole RMA: the cost of a fully populated guest. */
extern unsigned s2hw_last_map_pages;

/* Drop every stage-1+2 TLB and walk-cache entry of the VMID in VTTBR_EL2
 * (after its tables were torn down, before they are reused). */
void s2hw_flush_vmid(void);

/* One hardware translation of ipa (AT S12E1R, EL1 stage 1 off, stage 2
 * on for the duration) through the current VTTBR/VTCR: 0 and *out, or -1
 * if the walk faulted. */
int s2hw_translate(ipa_t ipa, pa_t *out);

#endif
