/* tests/unit/test_pool.c - the page-table page pool: alignment, contiguous runs, exhaustion, zeroing. */
#include <stdlib.h>

#include "check.h"
#include "lib/pool.h"

#define PG 4096

static struct page_pool p;
static unsigned char *mem;

/* The pool's "PAs" are a fake range; va_offset maps them onto mem. */
static void setup(unsigned pages)
{
	free(mem);
	mem = aligned_alloc(PG, (size_t)pages * PG);
	memset(mem, 0xa5, (size_t)pages * PG);
	if (pool_init(&p, pa(0x40000000), PG, pages))
		abort();
	p.va_offset = (s64)((uintptr_t)mem - 0x40000000);
}

static void test_single_pages_are_zeroed(void)
{
	pa_t a, b;

	setup(8);
	CHECK(pool_alloc(&p, 1, PG, &a) == 0);
	CHECK(pool_alloc(&p, 1, PG, &b) == 0);
	CHECK(a.v != b.v);
	unsigned char *va = pool_va(&p, a);
	for (int i = 0; i < PG; i++)
		CHECK(va[i] == 0);
	CHECK(pool_pa(&p, va).v == a.v);
	CHECK(p.used == 2);
}

static void test_aligned_runs(void)
{
	pa_t a, run;

	setup(16);
	CHECK(pool_alloc(&p, 1, PG, &a) == 0);
	/* Four pages aligned to 16K cannot start at page 1. */
	CHECK(pool_alloc(&p, 4, 4 * PG, &run) == 0);
	CHECK_EQ_U64(run.v, 0x40000000 + 4 * PG);
	CHECK(p.used == 5);
	pool_free(&p, run, 4);
	CHECK(p.used == 1);
	CHECK(pool_alloc(&p, 4, 4 * PG, &run) == 0);
	CHECK_EQ_U64(run.v, 0x40000000 + 4 * PG);
}

static void test_exhaustion_and_reuse(void)
{
	pa_t a[4], x;

	setup(4);
	for (int i = 0; i < 4; i++)
		CHECK(pool_alloc(&p, 1, PG, &a[i]) == 0);
	CHECK(pool_alloc(&p, 1, PG, &x) == -1);
	CHECK(p.peak == 4);
	pool_free(&p, a[2], 1);
	CHECK(pool_alloc(&p, 1, PG, &x) == 0);
	CHECK_EQ_U64(x.v, a[2].v);
	/* A run larger than the pool, and bad alignments, are refused. */
	CHECK(pool_alloc(&p, 5, PG, &x) == -1);
	CHECK(pool_alloc(&p, 1, PG / 2, &x) == -1);
	CHECK(pool_alloc(&p, 1, 3 * PG, &x) == -1);
	CHECK(pool_alloc(&p, 0, PG, &x) == -1);
}

static void test_bad_init(void)
{
	struct page_pool q;

	CHECK(pool_init(&q, pa(0x40000000), PG, POOL_MAX_PAGES + 1) == -1);
	CHECK(pool_init(&q, pa(0x40000800), PG, 4) == -1);
	CHECK(pool_init(&q, pa(0x40000000), 3000, 4) == -1);
}

int main(void)
{
	RUN(test_single_pages_are_zeroed);
	RUN(test_aligned_runs);
	RUN(test_exhaustion_and_reuse);
	RUN(test_bad_init);
	free(mem);
	CHECK_EXIT();
}
