/* tests/unit/test_heap.c - host tests of the static heap mbedTLS uses (lib/heap.c): first fit, size bins, coalescing, the gauge. */
#include "tests/unit/check.h"
#include "lib/heap.h"

/*
 * The heap is one static arena shared by every case here, so each case
 * frees what it allocated and checks heap_used() is back to 0. The peak
 * gauge only grows, so its case runs first.
 */

#define HDR 16 /* the block header the gauge counts */

/* The block size an n-byte request takes, as the gauge counts it. */
static u64 block_of(u64 n)
{
	return (n + HDR + 15) & ~15ULL;
}

static bool all_zero(const void *p, size_t n)
{
	const u8 *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static void test_peak_gauge(void)
{
	void *a, *b, *c, *d;

	CHECK_EQ_U64(heap_used(), 0);
	CHECK_EQ_U64(heap_peak(), 0);
	a = heap_calloc(1, 100);
	CHECK(a);
	CHECK_EQ_U64(heap_used(), block_of(100));
	CHECK_EQ_U64(heap_peak(), block_of(100));
	b = heap_calloc(10, 20);
	CHECK(b);
	CHECK_EQ_U64(heap_used(), block_of(100) + block_of(200));
	CHECK_EQ_U64(heap_peak(), block_of(100) + block_of(200));
	heap_free(a);
	CHECK_EQ_U64(heap_used(), block_of(200));
	CHECK_EQ_U64(heap_peak(), block_of(100) + block_of(200));
	c = heap_calloc(1, 100); /* a's size: a's block, from its size bin */
	CHECK(c == a);
	CHECK_EQ_U64(heap_used(), block_of(200) + block_of(100));
	CHECK_EQ_U64(heap_peak(), block_of(100) + block_of(200));
	d = heap_calloc(1, 1000);
	CHECK(d);
	CHECK_EQ_U64(heap_peak(),
		     block_of(200) + block_of(100) + block_of(1000));
	heap_free(b);
	heap_free(c);
	heap_free(d);
	CHECK_EQ_U64(heap_used(), 0);
	CHECK_EQ_U64(heap_peak(),
		     block_of(200) + block_of(100) + block_of(1000));
}

static void test_zeroed_and_aligned(void)
{
	void *p[64];

	for (unsigned i = 0; i < 64; i++) {
		p[i] = heap_calloc(i + 1, 3);
		CHECK(p[i]);
		CHECK_EQ_U64((uintptr_t)p[i] & 15, 0);
		CHECK(all_zero(p[i], (i + 1) * 3));
		memset(p[i], 0xa5, (i + 1) * 3);
	}
	for (unsigned i = 0; i < 64; i += 2)
		heap_free(p[i]);
	/* Reused memory comes back zeroed too. */
	for (unsigned i = 0; i < 64; i += 2) {
		p[i] = heap_calloc(1, (i + 1) * 3);
		CHECK(p[i]);
		CHECK_EQ_U64((uintptr_t)p[i] & 15, 0);
		CHECK(all_zero(p[i], (i + 1) * 3));
	}
	for (unsigned i = 0; i < 64; i++)
		heap_free(p[i]);
	CHECK_EQ_U64(heap_used(), 0);
}

static void test_distinct_blocks(void)
{
	u8 *a = heap_calloc(1, 33);
	u8 *b = heap_calloc(1, 1);
	u8 *c = heap_calloc(4, 4);

	CHECK(a && b && c);
	CHECK(a + 33 <= b || b + 1 <= a);
	CHECK(b + 1 <= c || c + 16 <= b);
	CHECK(a + 33 <= c || c + 16 <= a);
	memset(a, 1, 33);
	memset(b, 2, 1);
	memset(c, 3, 16);
	CHECK_EQ_U64(a[32], 1);
	CHECK_EQ_U64(b[0], 2);
	CHECK_EQ_U64(c[15], 3);
	heap_free(a);
	heap_free(b);
	heap_free(c);
	CHECK_EQ_U64(heap_used(), 0);
}

static void test_calloc_overflow(void)
{
	CHECK(!heap_calloc(SIZE_MAX, 2));
	CHECK(!heap_calloc(2, SIZE_MAX));
	CHECK(!heap_calloc((SIZE_MAX >> 1) + 1, 2));
	CHECK(!heap_calloc(1ULL << 32, 1ULL << 32));	   /* wraps to 0 */
	CHECK(!heap_calloc((1ULL << 32) + 1, 1ULL << 32)); /* wraps small */
	CHECK(!heap_calloc(SIZE_MAX, SIZE_MAX));
	CHECK(!heap_calloc(1, SIZE_MAX));
	CHECK(!heap_calloc(1, SIZE_MAX - 8));
	CHECK_EQ_U64(heap_used(), 0);
}

static void test_zero_size(void)
{
	void *p = heap_calloc(0, 16), *q = heap_calloc(16, 0);

	/* NULL, or a block that can be freed: either is calloc(0). */
	heap_free(p);
	heap_free(q);
	CHECK_EQ_U64(heap_used(), 0);
}

static void test_exhaustion(void)
{
	void *all, *p[MV_HEAP_SIZE / 64];
	unsigned n = 0;

	CHECK(!heap_calloc(1, MV_HEAP_SIZE));
	CHECK(!heap_calloc(1, MV_HEAP_SIZE - HDR + 1));
	/* The whole arena as one block */
	all = heap_calloc(1, MV_HEAP_SIZE - HDR);
	CHECK(all);
	CHECK(all_zero(all, MV_HEAP_SIZE - HDR));
	CHECK_EQ_U64(heap_used(), MV_HEAP_SIZE);
	CHECK(!heap_calloc(1, 1));
	heap_free(all);
	CHECK_EQ_U64(heap_used(), 0);

	/* Many small blocks until it runs out, then all of it back. */
	while (n < ARRAY_SIZE(p) && (p[n] = heap_calloc(1, 48)))
		n++;
	CHECK_EQ_U64(n, MV_HEAP_SIZE / 64);
	CHECK(!heap_calloc(1, 1));
	CHECK_EQ_U64(heap_used(), MV_HEAP_SIZE);
	heap_free(p[n / 2]);
	CHECK(!heap_calloc(1, 49)); /* 64 bytes free but 80 needed */
	p[n / 2] = heap_calloc(1, 48);
	CHECK(p[n / 2]);
	for (unsigned i = 0; i < n; i++)
		heap_free(p[i]);
	CHECK_EQ_U64(heap_used(), 0);
	/* and everything coalesced back into one block */
	all = heap_calloc(1, MV_HEAP_SIZE - HDR);
	CHECK(all);
	heap_free(all);
}

static void test_coalescing(void)
{
	u8 *a, *b, *c, *big;
	u64 ab;

	a = heap_calloc(1, 1000);
	b = heap_calloc(1, 2000);
	CHECK(a && b);
	/* c takes all that is left, so only a+b's hole can serve */
	c = heap_calloc(1,
			MV_HEAP_SIZE - block_of(1000) - block_of(2000) - HDR);
	CHECK(c);
	CHECK(!heap_calloc(1, 1));
	ab = block_of(1000) + block_of(2000);
	heap_free(b);
	CHECK(!heap_calloc(1, ab - HDR)); /* b alone is too small */
	heap_free(a);
	big = heap_calloc(1, ab - HDR);
	CHECK(big == a);
	CHECK(all_zero(big, ab - HDR));
	heap_free(big);
	/* Freed in the other order, and with a neighbour freed later */
	a = heap_calloc(1, 1000);
	b = heap_calloc(1, 2000);
	CHECK(a == big && b);
	heap_free(a);
	heap_free(b);
	CHECK(heap_calloc(1, ab - HDR) == big);
	heap_free(big);
	heap_free(c);
	CHECK_EQ_U64(heap_used(), 0);
	big = heap_calloc(1, MV_HEAP_SIZE - HDR);
	CHECK(big);
	heap_free(big);
}

static void test_free_null_and_double(void)
{
	u8 *a, *b, *c;
	u64 used;

	heap_free(NULL);
	CHECK_EQ_U64(heap_used(), 0);
	a = heap_calloc(1, 64);
	b = heap_calloc(1, 64);
	c = heap_calloc(1, 64);
	CHECK(a && b && c);
	used = heap_used();
	heap_free(b);
	heap_free(b);
	CHECK_EQ_U64(heap_used(), used - block_of(64));
	/* b merged into a's free block: freeing it again is still a no-op */
	heap_free(a);
	heap_free(b);
	heap_free(a);
	CHECK_EQ_U64(heap_used(), block_of(64));
	memset(c, 0x5c, 64);
	CHECK_EQ_U64(c[63], 0x5c);
	/* A pointer that is not the heap's is ignored. */
	{
		u8 local[32];

		heap_free(local);
	}
	CHECK_EQ_U64(heap_used(), block_of(64));
	heap_free(c);
	heap_free(c);
	CHECK_EQ_U64(heap_used(), 0);
	a = heap_calloc(1, MV_HEAP_SIZE - HDR);
	CHECK(a);
	heap_free(a);
}

static u64 rng_state = 0x853c49e6748fea9bULL;

static u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/*
 * Random allocations and frees checked against a model: every live block
 * is 16-aligned, zeroed when handed out, overlaps no other live block, lies
 * inside one arena, and keeps its contents until freed; the gauge stays
 * within the headers' slack of the model's sum.
 */
static void test_random_stress(void)
{
	enum { SLOTS = 200 };
	static struct {
		u8 *p;
		size_t n;
		u8 tag;
	} live[SLOTS];
	u8 *lo = NULL, *hi = NULL;
	u64 fails = 0, allocs = 0;

	memset(live, 0, sizeof(live));
	for (unsigned it = 0; it < 60000; it++) {
		unsigned s = (unsigned)(rnd() % SLOTS);

		if (live[s].p) {
			for (size_t k = 0; k < live[s].n; k++)
				CHECK_EQ_U64(live[s].p[k], live[s].tag);
			heap_free(live[s].p);
			live[s].p = NULL;
		} else {
			u64 r = rnd();
			size_t n = (r & 3) == 0 ? 1 + (r >> 8) % 4000
						: 1 + (r >> 8) % 300;
			size_t cnt = 1 + (r >> 40) % 4;
			u8 *p = heap_calloc(cnt, n);
			u64 sum = 0, count = 0;

			if (!p) {
				fails++;
				continue;
			}
			allocs++;
			n *= cnt;
			CHECK_EQ_U64((uintptr_t)p & 15, 0);
			CHECK(all_zero(p, n));
			if (!lo || p < lo)
				lo = p;
			if (!hi || p + n > hi)
				hi = p + n;
			CHECK((u64)(hi - lo) <= MV_HEAP_SIZE);
			for (unsigned k = 0; k < SLOTS; k++) {
				if (!live[k].p)
					continue;
				CHECK(p + n <= live[k].p ||
				      live[k].p + live[k].n <= p);
				sum += block_of(live[k].n);
				count++;
			}
			live[s].p = p;
			live[s].n = n;
			live[s].tag = (u8)(1 + it % 255);
			memset(p, live[s].tag, n);
			sum += block_of(n);
			count++;
			CHECK(heap_used() >= sum);
			CHECK(heap_used() <= sum + 16 * count);
			CHECK(heap_used() <= MV_HEAP_SIZE);
			CHECK(heap_peak() >= heap_used());
		}
	}
	CHECK(allocs > 10000);
	CHECK(fails > 0); /* the arena was pushed to its limit */
	for (unsigned k = 0; k < SLOTS; k++) {
		if (!live[k].p)
			continue;
		for (size_t i = 0; i < live[k].n; i++)
			CHECK_EQ_U64(live[k].p[i], live[k].tag);
		heap_free(live[k].p);
	}
	CHECK_EQ_U64(heap_used(), 0);
	/* No fragment was lost: the arena is one free block again. */
	lo = heap_calloc(1, MV_HEAP_SIZE - HDR);
	CHECK(lo);
	heap_free(lo);
}

int main(void)
{
	RUN(test_peak_gauge);
	RUN(test_zeroed_and_aligned);
	RUN(test_distinct_blocks);
	RUN(test_calloc_overflow);
	RUN(test_zero_size);
	RUN(test_exhaustion);
	RUN(test_coalescing);
	RUN(test_free_null_and_double);
	RUN(test_random_stress);
	CHECK_EXIT();
}
