/* guestmem/stage2.h - stage-2 tables with dummy-pgd folding: the hardware root
 * plus a software-only top (seeds 000, 002). */
#ifndef MV_STAGE2_H
#define MV_STAGE2_H

#include "hyp/pgtable.h"
#include "guestmem/s2geom.h"

/*
 * Allocation for stage 2: single table pages through mm (which also
 * converts addresses and invalidates TLBs), plus one physically contiguous
 * run aligned to its size for the concatenated hardware root.
 */
struct s2_alloc {
	const struct pt_mm_ops *mm;
	void *(*zalloc_pages)(void *ctx, unsigned n, u64 align);
	void (*free_pages)(void *ctx, void *va, unsigned n);
};

struct s2_table {
	struct s2_geom geom;
	struct pt pt; /* the software view, at the EL2 tables' depth */
	u64 *hwpgd;   /* the root the hardware walks (VTTBR_EL2) */
	pa_t hwpgd_pa;
	const struct s2_alloc *alloc;
};

/*
 * Allocate the hardware root and, when levels are folded, the dummy pgd
 * levels pre-populated with pointers to the hardware root pages (built by
 * a walker visitor). PT_ENOMEM when an allocation fails (everything
 * allocated so far is freed), PT_EINVAL for a bad geometry.
 */
enum pt_result s2_create(struct s2_table *t, const struct s2_geom *g,
			 const struct s2_alloc *a);

/* Free every table page, the hardware root and the dummy levels, in one
 * post-order walk. */
void s2_destroy(struct s2_table *t);

/* Map/unmap [ipa, ipa + size); see pt_map/pt_unmap. Mapping outside the
 * geometry's IPA space is refused (PT_EINVAL). Dummy levels are never
 * freed by unmap. */
enum pt_result s2_map(struct s2_table *t, ipa_t ipa, pa_t pa, u64 size,
		      unsigned prot);
enum pt_result s2_unmap(struct s2_table *t, ipa_t ipa, u64 size);
int s2_lookup(const struct s2_table *t, ipa_t ipa, pa_t *out, unsigned *prot,
	      int *level);

/* VTTBR_EL2 for this table: the hardware root and a VMID. */
u64 s2_vttbr(const struct s2_table *t, unsigned vmid);

#endif
