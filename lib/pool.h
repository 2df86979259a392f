/* lib/pool.h - the page pool that page-table pages (EL2 and stage 2) come from. */
#ifndef MV_POOL_H
#define MV_POOL_H

#include "lib/types.h"

#define POOL_MAX_PAGES 256

/*
 * A fixed region of granule-sized pages inside the microvisor image,
 * tracked by a bitmap so that physically contiguous, size-aligned runs
 * (concatenated stage-2 roots) can be handed out as well as single pages.
 * Pages are zeroed on allocation. va_offset converts the pool's PAs to
 * wherever it is mapped now (0 while the MMU is off).
 */
struct page_pool {
	pa_t base;
	u64 page_size;
	unsigned nr_pages;
	unsigned used;
	unsigned peak;
	s64 va_offset;
	u64 bitmap[POOL_MAX_PAGES / 64];
};

int pool_init(struct page_pool *p, pa_t base, u64 page_size, unsigned nr_pages);
/* Allocate n contiguous zeroed pages whose PA is aligned to 'align'
 * (a power of two >= page_size). Returns 0 and *out, or -1 if none fit. */
int pool_alloc(struct page_pool *p, unsigned n, u64 align, pa_t *out);
void pool_free(struct page_pool *p, pa_t pa, unsigned n);
/* The pages in use, lowest first: how many there are, filling at most max
 * (a bitmap scan, not a table walk). */
unsigned pool_used_pages(const struct page_pool *p, pa_t *out, unsigned max);
void *pool_va(const struct page_pool *p, pa_t pa);
pa_t pool_pa(const struct page_pool *p, const void *va);

/* struct pt_mm_ops / s2_alloc callbacks backed by a pool (ctx = pool). */
void *pool_mm_zalloc_page(void *ctx);
void pool_mm_free_page(void *ctx, void *page);
void *pool_mm_zalloc_pages(void *ctx, unsigned n, u64 align);
void pool_mm_free_pages(void *ctx, void *va, unsigned n);
void *pool_mm_p2v(void *ctx, pa_t p);
pa_t pool_mm_v2p(void *ctx, void *v);

#endif
