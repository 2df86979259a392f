/* hyp/pgtable.h - the one page-table walker behind the EL2 stage-1 and the stage-2 tables. */
#ifndef MV_PGTABLE_H
#define MV_PGTABLE_H

#include "lib/types.h"

/*
 * Geometry is data: the walker knows nothing of granules or levels beyond
 * what this struct says. Levels use Arm numbering (0..3). The start level's
 * table may be wider than one granule (2^root_bits entries), which is how
 * stage 2 concatenated roots are indexed: one logical array.
 */
struct pt_geom {
	u8 gran_shift; /* 12, 14 or 16 */
	u8 stride;     /* gran_shift - 3: index bits per level */
	u8 ia_bits;    /* input address bits covered by the root */
	s8 start_level;
	u8 root_bits; /* index bits at the start level */
};

/* Fill g for a granule (12/14/16) and input size, starting at start_level.
 * Returns 0, or -1 if the start level cannot cover ia_bits within 16
 * concatenated tables or would resolve no bits. */
int pt_geom_init(struct pt_geom *g, unsigned gran_shift, unsigned ia_bits,
		 int start_level);
/* The shallowest start level with one root table (EL2 stage 1 style). */
int pt_geom_s1(struct pt_geom *g, unsigned gran_shift, unsigned ia_bits);

/* Bits of input address translated below one entry at 'level'. */
static inline unsigned pt_level_shift(const struct pt_geom *g, int level)
{
	return g->stride * (3 - level) + g->gran_shift;
}
static inline u64 pt_granule(const struct pt_geom *g)
{
	return 1ULL << g->gran_shift;
}

/* Descriptor formats differ between the two translation regimes. */
enum pt_regime {
	PT_EL2_S1, /* EL2 stage 1, single VA range, no ASIDs */
	PT_S2,	   /* stage 2 (FWB off) */
};

/* What a mapping allows; translated into descriptor bits per regime. */
enum pt_prot {
	PT_R = 1 << 0,
	PT_W = 1 << 1,
	PT_X = 1 << 2,
	PT_DEVICE = 1 << 3, /* Device-nGnRE, never executable */
};

/*
 * Memory-management indirection so the same walker runs at EL2 (pool pages,
 * PA<->VA by offset, real TLB maintenance) and on the host in unit tests
 * (malloc'd pages, a leak counter, allocation-failure injection).
 */
struct pt_mm_ops {
	/* A zeroed, granule-aligned page of (1 << gran_shift) bytes, or NULL.
	 */
	void *(*zalloc_page)(void *ctx);
	void (*free_page)(void *ctx, void *page);
	void *(*phys_to_virt)(void *ctx, pa_t pa);
	pa_t (*virt_to_phys)(void *ctx, void *va);
	/* Invalidate TLB entries for one input address whose entry at
	 * 'level' was valid and has just been made invalid (BBM step 2). */
	void (*tlb_inval)(void *ctx, u64 ia, int level);
	void *ctx;
};

struct pt {
	struct pt_geom geom;
	enum pt_regime regime;
	u64 *root; /* VA of the start-level table (2^root_bits entries) */
	pa_t root_pa;
	const struct pt_mm_ops *mm;
	bool owns_root; /* pt_init allocated the root: pt_destroy frees it */
};

/* What the table operations return. */
enum pt_result {
	PT_OK = 0,
	PT_EINVAL = -1, /* bad arguments: nothing was changed */
	PT_ENOMEM = -2, /* a table page could not be allocated */
};

/* --- the walker ------------------------------------------------------ */

enum pt_visit_flags {
	PT_VISIT_LEAF = 1 << 0,	     /* invalid entries and block/page leaves */
	PT_VISIT_TABLE_PRE = 1 << 1, /* table entry, before descending */
	PT_VISIT_TABLE_POST = 1 << 2, /* table entry, after its subtree */
};

struct pt_visit_ctx {
	const struct pt *pt;
	u64 *ptep; /* the entry being visited */
	u64 old;   /* its value when the visit started */
	u64 addr;  /* first input address covered by the entry */
	u64 end;   /* end of the walk (exclusive) */
	int level;
	unsigned flag; /* which PT_VISIT_* this call is */
	void *arg;
};

/*
 * After a LEAF or TABLE_PRE callback the walker re-reads *ptep: a visitor
 * may install a table there and the walker then descends into it. A
 * non-zero return stops the walk and is returned by pt_walk.
 */
typedef int (*pt_visitor_fn)(struct pt_visit_ctx *ctx);

struct pt_walker {
	pt_visitor_fn cb;
	void *arg;
	unsigned flags; /* PT_VISIT_* wanted */
};

/* Walk [addr, addr + size). addr's offset within a granule is ignored and
 * size is rounded up to whole granules; the range must lie inside
 * 2^ia_bits (else -1 and nothing is visited). ctx->addr is the start of
 * the visited entry, not of the request. */
int pt_walk(const struct pt *pt, u64 addr, u64 size, const struct pt_walker *w);

/* --- operations built on the walker ---------------------------------- */

/* Allocate and zero a root of root_pages granules (must be physically
 * contiguous and aligned to its size: the allocator provides one page at
 * a time, so only single-page roots here; stage 2 brings its own root). */
enum pt_result pt_init(struct pt *pt, const struct pt_geom *g, enum pt_regime r,
		       const struct pt_mm_ops *mm);
/* Use a caller-provided, zeroed root (e.g. a stage-2 dummy pgd). */
void pt_init_with_root(struct pt *pt, const struct pt_geom *g, enum pt_regime r,
		       const struct pt_mm_ops *mm, u64 *root);

/*
 * Map [ia, ia + size) to [pa, pa + size) with 'prot', using the largest
 * block each level allows where IA, PA and the remaining range line up.
 * ia, pa and size must be granule-aligned, size non-zero, no overflow,
 * inside the IA space. Replacing a valid entry by a different one goes
 * through break-before-make (invalidate, tlb_inval, write). PT_ENOMEM
 * when a table page could not be allocated: what was mapped before the
 * failure stays mapped (the caller unmaps to roll back).
 * An existing table is never collapsed into a block. New entries are
 * published (DSB ISHST) before returning.
 */
enum pt_result pt_map(struct pt *pt, u64 ia, pa_t pa, u64 size, unsigned prot);

/* Invalidate every leaf in [ia, ia + size); blocks that straddle the range
 * boundary are split first so only the range goes. Table pages are kept
 * (freed by pt_destroy). Same return codes as pt_map. */
enum pt_result pt_unmap(struct pt *pt, u64 ia, u64 size);

/* Software translation of one address. Returns 0 and fills *out_pa,
 * *out_prot, *out_level (level of the leaf); or -1 with *out_level set to
 * the level at which the walk found an invalid entry. */
int pt_lookup(const struct pt *pt, u64 ia, pa_t *out_pa, unsigned *out_prot,
	      int *out_level);

/* Free every table page below the root, then the root if pt_init
 * allocated it (a root given to pt_init_with_root stays the caller's). */
void pt_destroy(struct pt *pt);

/* --- descriptor helpers (exposed for stage 2 and tests) ---------------- */
#define PT_DESC_VALID BIT(0)
#define PT_DESC_TABLE BIT(1) /* at levels 0-2; at level 3 means "page" */
#define PT_DESC_AF    BIT(10)

u64 pt_leaf_desc(const struct pt *pt, pa_t pa, unsigned prot, int level);
u64 pt_table_desc(const struct pt *pt, pa_t table);
pa_t pt_desc_pa(const struct pt *pt, u64 desc, int level);
bool pt_level_allows_block(const struct pt *pt, int level);

#endif
