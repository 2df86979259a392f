/* lib/pool.c - a bitmap page pool for page-table pages, contiguous runs included. */
#include <string.h>

#include "lib/pool.h"

static bool page_used(const struct page_pool *p, unsigned i)
{
	return p->bitmap[i / 64] & BIT(i % 64);
}

static void page_mark(struct page_pool *p, unsigned i, bool used)
{
	if (used)
		p->bitmap[i / 64] |= BIT(i % 64);
	else
		p->bitmap[i / 64] &= ~BIT(i % 64);
}

int pool_init(struct page_pool *p, pa_t base, u64 page_size, unsigned nr_pages)
{
	if (nr_pages > POOL_MAX_PAGES || !page_size ||
	    (page_size & (page_size - 1)) ||
	    !IS_ALIGNED(pa_addr(base), page_size))
		return -1;
	memset(p, 0, sizeof(*p));
	p->base = base;
	p->page_size = page_size;
	p->nr_pages = nr_pages;
	return 0;
}

unsigned pool_used_pages(const struct page_pool *p, pa_t *out, unsigned max)
{
	unsigned n = 0;

	for (unsigned i = 0; i < p->nr_pages; i++) {
		if (!page_used(p, i))
			continue;
		if (n < max)
			out[n] = pa_add(p->base, (u64)i * p->page_size);
		n++;
	}
	return n;
}

void *pool_va(const struct page_pool *p, pa_t pa)
{
	return (void *)(uintptr_t)(pa_addr(pa) + p->va_offset);
}

pa_t pool_pa(const struct page_pool *p, const void *va)
{
	return pa((u64)(uintptr_t)va - p->va_offset);
}

int pool_alloc(struct page_pool *p, unsigned n, u64 align, pa_t *out)
{
	if (!n || n > p->nr_pages || align < p->page_size ||
	    (align & (align - 1)))
		return -1;
	for (unsigned i = 0; i + n <= p->nr_pages; i++) {
		u64 addr = pa_addr(p->base) + i * p->page_size;
		unsigned j;

		if (!IS_ALIGNED(addr, align))
			continue;
		for (j = 0; j < n && !page_used(p, i + j); j++)
			;
		if (j < n) {
			i += j; /* skip past the used page */
			continue;
		}
		for (j = 0; j < n; j++)
			page_mark(p, i + j, true);
		p->used += n;
		if (p->used > p->peak)
			p->peak = p->used;
		*out = pa(addr);
		memset(pool_va(p, *out), 0, n * p->page_size);
		return 0;
	}
	return -1;
}

void pool_free(struct page_pool *p, pa_t at, unsigned n)
{
	u64 first = (pa_addr(at) - pa_addr(p->base)) / p->page_size;

	for (unsigned j = 0; j < n && first + j < p->nr_pages; j++) {
		if (page_used(p, first + j)) {
			page_mark(p, first + j, false);
			p->used--;
		}
	}
}

void *pool_mm_zalloc_pages(void *ctx, unsigned n, u64 align)
{
	struct page_pool *p = ctx;
	pa_t at;

	if (pool_alloc(p, n, align, &at))
		return NULL;
	return pool_va(p, at);
}

void *pool_mm_zalloc_page(void *ctx)
{
	struct page_pool *p = ctx;

	return pool_mm_zalloc_pages(ctx, 1, p->page_size);
}

void pool_mm_free_pages(void *ctx, void *va, unsigned n)
{
	pool_free(ctx, pool_pa(ctx, va), n);
}

void pool_mm_free_page(void *ctx, void *page)
{
	pool_mm_free_pages(ctx, page, 1);
}

void *pool_mm_p2v(void *ctx, pa_t p)
{
	return pool_va(ctx, p);
}

pa_t pool_mm_v2p(void *ctx, void *v)
{
	return pool_pa(ctx, v);
}
