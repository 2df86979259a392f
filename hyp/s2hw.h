/* hyp/s2hw.h - the hardware side of stage 2: table pages from the EL2 pool with
 * stage-2 TLB maintenance, VTCR/VTTBR, and hardware translation. */
#ifndef MV_S2HW_H
#define MV_S2HW_H

#include "hyp/pgtable.h"
#include "lib/types.h"

/* Stage-2 table pages: single pages out of the EL2 pool, with stage-2 TLB
 * maintenance for break-before-make; and runs of contiguous pages for a
 * concatenated root (ctx = s2hw_mm.ctx). */
extern const struct pt_mm_ops s2hw_mm;
void *s2hw_zalloc_pages(void *ctx, unsigned n, u64 align);
void s2hw_free_pages(void *ctx, void *va, unsigned n);
/* Table pages in use now (EL2 and stage 2 share the pool). */
unsigned s2hw_pages_used(void);

/* Load VTCR_EL2/VTTBR_EL2 and drop stale stage-1+2 TLB entries of the
 * VMID. */
void s2hw_activate(u64 vtcr, u64 vttbr);
/* No stage-2 table any more: VTTBR_EL2 cleared, the VMID flushed. */
void s2hw_deactivate(void);

/* Drop every stage-1+2 TLB and walk-cache entry of the VMID in VTTBR_EL2
 * (after its tables were torn down, before they are reused). */
void s2hw_flush_vmid(void);

/* One hardware translation of ipa (AT S12E1R, EL1 stage 1 off, stage 2
 * on for the duration) through the current VTTBR/VTCR: 0 and *out, or -1
 * if the walk faulted. */
int s2hw_translate(ipa_t ipa, pa_t *out);

/* The VMID the single guest runs under. */
#define S2HW_VMID 1

#endif
