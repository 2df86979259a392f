/* tests/unit/test_rma.c - the RMA pool: carving from the top, size alignment, ranges to avoid, banks, exhaustion text, reference counts and scrubbing; with a brute-force oracle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/check.h"
#include "guestmem/rma.h"
#include "lib/fmt.h"

#define M SZ_1M
#define G SZ_1G

static struct mem_range R(u64 base, u64 size) {
	return (struct mem_range){pa(base), size};
}

/* --- a brute-force oracle ------------------------------------------------ */

static bool
ok_range(const struct mem_range *r)
{
	return r->size && r->base.v + r->size - 1 >= r->base.v;
}

static bool hits(u64 a, u64 as, u64 b, u64 bs)
{
	return a < b + bs && b < a + as;
}

struct oracle {
	u64 area[MV_RMA_COUNT_MAX];
	unsigned n;
	bool ok;
	u64 largest; /* largest free stretch when !ok */
};

/* [s, s + len) clear of the ranges to avoid and of n areas of asize. */
static bool range_free(const struct mem_range *avoid, unsigned navoid,
		       const u64 *areas, unsigned n, u64 asize, u64 s, u64 len)
{
	for (unsigned i = 0; i < navoid; i++)
		if (ok_range(&avoid[i]) &&
		    hits(s, len, avoid[i].base.v, avoid[i].size))
			return false;
	for (unsigned i = 0; i < n; i++)
		if (hits(s, len, areas[i], asize))
			return false;
	return true;
}

static bool in_ram(const struct mem_range *ram, unsigned nram, u64 s, u64 len)
{
	for (unsigned b = 0; b < nram; b++)
		if (ok_range(&ram[b]) && s >= ram[b].base.v &&
		    s + len <= ram[b].base.v + ram[b].size)
			return true;
	return false;
}

/* Largest stretch of RAM outside every blocked range (sweep per bank). */
static u64 largest_free(const struct mem_range *ram, unsigned nram,
			const struct mem_range *avoid, unsigned navoid,
			const u64 *areas, unsigned n, u64 size)
{
	u64 best = 0;

	for (unsigned b = 0; b < nram; b++) {
		u64 pos, end;

		if (!ok_range(&ram[b]))
			continue;
		pos = ram[b].base.v;
		end = ram[b].base.v + ram[b].size;
		while (pos < end) {
			u64 next = end, skip = pos;
			bool blocked = false;

			/* Is pos blocked? Then jump past the block. */
			for (unsigned i = 0; i < navoid + n; i++) {
				u64 bb = i < navoid ? avoid[i].base.v
						    : areas[i - navoid];
				u64 bs = i < navoid ? avoid[i].size : size;

				if (i < navoid && !ok_range(&avoid[i]))
					continue;
				if (bb <= pos && pos < bb + bs) {
					blocked = true;
					if (bb + bs > skip)
						skip = bb + bs;
				} else if (bb > pos && bb < next) {
					next = bb;
				}
			}
			if (blocked) {
				pos = skip;
				continue;
			}
			if (next - pos > best)
				best = next - pos;
			pos = next;
		}
	}
	return best;
}

static void oracle_carve(struct oracle *o, const struct mem_range *ram,
			 unsigned nram, const struct mem_range *avoid,
			 unsigned navoid, u64 size, unsigned count)
{
	memset(o, 0, sizeof(*o));
	while (o->n < count) {
		bool found = false;
		u64 best = 0;

		for (unsigned b = 0; b < nram; b++) {
			u64 lo, s;

			if (!ok_range(&ram[b]) || ram[b].size < size)
				continue;
			lo = ram[b].base.v;
			s = ALIGN_DOWN(ram[b].base.v + ram[b].size - size,
				       size);
			for (; s >= lo; s -= size) {
				if (range_free(avoid, navoid, o->area, o->n,
					       size, s, size)) {
					if (!found || s > best)
						best = s;
					found = true;
					break;
				}
				if (s < size)
					break;
			}
		}
		if (!found) {
			o->ok = false;
			o->largest = largest_free(ram, nram, avoid, navoid,
						  o->area, o->n, size);
			return;
		}
		o->area[o->n++] = best;
	}
	o->ok = true;
}

/* "... is 0xA-0xB (S)" -> A, B */
static bool parse_free(const char *err, u64 *a, u64 *b)
{
	const char *p = strstr(err, "largest free range left is ");
	unsigned long long x, y;

	if (!p || sscanf(p + strlen("largest free range left is "), "%llx-%llx",
			 &x, &y) != 2)
		return false;
	*a = x;
	*b = y;
	return true;
}

/* --- carving -------------------------------------------------------------- */

static void test_top_down_aligned(void)
{
	struct rma_pool p;
	struct mem_range ram[] = {R(0x40000000, 4 * G)};
	char err[200];

	CHECK(rma_carve(&p, ram, 1, NULL, 0, 256 * M, 3, err, sizeof(err)) ==
	      0);
	CHECK_EQ_U64(p.count, 3);
	CHECK_EQ_U64(p.size, 256 * M);
	CHECK_EQ_U64(p.area[0].base.v, 0x130000000ULL);
	CHECK_EQ_U64(p.area[1].base.v, 0x120000000ULL);
	CHECK_EQ_U64(p.area[2].base.v, 0x110000000ULL);
	for (unsigned i = 0; i < 3; i++) {
		CHECK_EQ_U64(p.area[i].size, 256 * M);
		CHECK_EQ_U64(p.area[i].state, RMA_CLEAN);
		CHECK_EQ_U64(p.area[i].refs, 0);
		CHECK_EQ_U64(p.area[i].uses, 0);
	}
	/* A bank whose end is not aligned: the highest aligned slot. */
	ram[0] = R(0x40000000, 4 * G - 16 * M);
	CHECK(rma_carve(&p, ram, 1, NULL, 0, G, 2, err, sizeof(err)) == 0);
	CHECK_EQ_U64(p.area[0].base.v, 0xC0000000ULL);
	CHECK_EQ_U64(p.area[1].base.v, 0x80000000ULL);
	/* A bank whose start is not aligned: nothing below it. */
	ram[0] = R(0x40100000, G);
	CHECK(rma_carve(&p, ram, 1, NULL, 0, G, 1, err, sizeof(err)) == -1);
	CHECK(rma_carve(&p, ram, 1, NULL, 0, 512 * M, 1, err, sizeof(err)) ==
	      0);
	CHECK_EQ_U64(p.area[0].base.v, 0x60000000ULL);
	/* 2M, the smallest, and the whole bank as one area. */
	ram[0] = R(0x40000000, 2 * M);
	CHECK(rma_carve(&p, ram, 1, NULL, 0, 2 * M, 1, err, sizeof(err)) == 0);
	CHECK_EQ_U64(p.area[0].base.v, 0x40000000ULL);
	/* 1T, the largest. */
	ram[0] = R(1ULL << 40, 2ULL << 40);
	CHECK(rma_carve(&p, ram, 1, NULL, 0, 1ULL << 40, 2, err, sizeof(err)) ==
	      0);
	CHECK_EQ_U64(p.area[0].base.v, 2ULL << 40);
	CHECK_EQ_U64(p.area[1].base.v, 1ULL << 40);
}

/* The microvisor image, the DTB, the initrd, reserved memory; ranges that
 * straddle an alignment boundary block both slots. */
static void test_avoid(void)
{
	struct rma_pool p;
	struct mem_range ram[] = {R(0x40000000, 4 * G)};
	struct mem_range avoid[] = {
		R(0x40080000, 4 * M),	      /* image */
		R(0x13FE00000ULL, 64 * 1024), /* DTB in the top slot */
		R(0x11FF00000ULL, 2 * M),     /* initrd across 0x120000000 */
		R(0xE8000000ULL, M),	      /* reserved */
		R(0x0, 0),		      /* empty: ignored */
	};
	char err[200];

	CHECK(rma_carve(&p, ram, 1, avoid, ARRAY_SIZE(avoid), 256 * M, 4, err,
			sizeof(err)) == 0);
	CHECK_EQ_U64(p.area[0].base.v, 0x100000000ULL);
	CHECK_EQ_U64(p.area[1].base.v, 0xF0000000ULL);
	CHECK_EQ_U64(p.area[2].base.v, 0xD0000000ULL);
	CHECK_EQ_U64(p.area[3].base.v, 0xC0000000ULL);
	for (unsigned i = 0; i < 4; i++)
		for (unsigned j = 0; j < 4; j++)
			CHECK(!hits(p.area[i].base.v, 256 * M, avoid[j].base.v,
				    avoid[j].size));
	/* One range covering several slots, starting below the bank. */
	struct mem_range big[] = {R(0x30000000, 0x100000000ULL)};
	CHECK(rma_carve(&p, ram, 1, big, 1, 256 * M, 1, err, sizeof(err)) == 0);
	CHECK_EQ_U64(p.area[0].base.v, 0x130000000ULL);
	big[0] = R(0x30000000, 0x110000000ULL);
	CHECK(rma_carve(&p, ram, 1, big, 1, 256 * M, 1, err, sizeof(err)) ==
	      -1);
	/* An avoided range ending exactly at a slot start does not block. */
	big[0] = R(0x120000000ULL, 256 * M);
	CHECK(rma_carve(&p, ram, 1, big, 1, 256 * M, 2, err, sizeof(err)) == 0);
	CHECK_EQ_U64(p.area[0].base.v, 0x130000000ULL);
	CHECK_EQ_U64(p.area[1].base.v, 0x110000000ULL);
}

static void test_banks(void)
{
	struct rma_pool p;
	/* listed low first; the high bank is used first */
	struct mem_range ram[] = {
		R(0x40000000, 2 * G), R(0x880000000ULL, 2 * G),
		R(0x0, 0),	       /* empty bank: ignored */
		R(0x20000000, 64 * M), /* too small */
	};
	char err[200];

	CHECK(rma_carve(&p, ram, ARRAY_SIZE(ram), NULL, 0, 256 * M, 10, err,
			sizeof(err)) == 0);
	for (unsigned i = 0; i < 8; i++)
		CHECK_EQ_U64(p.area[i].base.v, 0x8F0000000ULL - i * 256 * M);
	CHECK_EQ_U64(p.area[8].base.v, 0xB0000000ULL);
	CHECK_EQ_U64(p.area[9].base.v, 0xA0000000ULL);
	/* the highest free slot over all banks each time */
	struct mem_range avoid[] = {R(0x880000000ULL, 2 * G - 256 * M)};
	CHECK(rma_carve(&p, ram, ARRAY_SIZE(ram), avoid, 1, 256 * M, 3, err,
			sizeof(err)) == 0);
	CHECK_EQ_U64(p.area[0].base.v, 0x8F0000000ULL);
	CHECK_EQ_U64(p.area[1].base.v, 0xB0000000ULL);
	CHECK_EQ_U64(p.area[2].base.v, 0xA0000000ULL);
}

static void test_exhaustion_message(void)
{
	struct rma_pool p;
	struct mem_range ram[] = {R(0x40000000, G)};
	struct mem_range avoid[] = {R(0x40000000, 2 * M),
				    R(0x48000000, 64 * 1024)};
	char err[300];
	u64 a, b;

	CHECK(rma_carve(&p, ram, 1, avoid, 2, 512 * M, 2, err, sizeof(err)) ==
	      -1);
	CHECK_EQ_U64(p.count, 0);
	CHECK_STR_CONTAINS(err, "2 RMA(s)");
	CHECK_STR_CONTAINS(err, "512M");
	CHECK_STR_CONTAINS(err, "1 carved");
	CHECK_STR_CONTAINS(err, "0x48010000-0x5fffffff");
	CHECK_STR_CONTAINS(err, "(393152K)");
	CHECK(parse_free(err, &a, &b));
	CHECK_EQ_U64(a, 0x48010000);
	/* nothing carved at all */
	CHECK(rma_carve(&p, ram, 1, avoid, 2, 2 * G, 1, err, sizeof(err)) ==
	      -1);
	CHECK_STR_CONTAINS(err, "1 RMA(s) of 2G");
	CHECK_STR_CONTAINS(err, "0 carved");
	CHECK_STR_CONTAINS(err, "0x48010000-0x7fffffff");
	/* no RAM at all */
	CHECK(rma_carve(&p, ram, 0, NULL, 0, 2 * M, 1, err, sizeof(err)) == -1);
	CHECK_STR_CONTAINS(err, "0 carved");
	/* a truncated buffer is still a string */
	memset(err, 'x', sizeof(err));
	CHECK(rma_carve(&p, ram, 1, avoid, 2, 2 * G, 1, err, 16) == -1);
	CHECK_EQ_U64(strlen(err), 15);
}

static void test_bad_args(void)
{
	static const u64 sizes[] = {
		0,	M,	    3 * M,	2 * M + 4096,
		96 * M, 2ULL << 40, 1ULL << 63, ~0ULL};
	struct rma_pool p;
	struct mem_range ram[] = {R(0x40000000, 4 * G)};
	char err[200], sz[32];

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		CHECK(rma_carve(&p, ram, 1, NULL, 0, sizes[i], 1, err,
				sizeof(err)) == -1);
		CHECK_EQ_U64(p.count, 0);
		fmt_size(sz, sizeof(sz), sizes[i]);
		CHECK_STR_CONTAINS(err, "rma_size=");
		CHECK_STR_CONTAINS(err, "power of two");
		if (strlen(sz) < 15)
			CHECK_STR_CONTAINS(err, sz);
	}
	CHECK(rma_carve(&p, ram, 1, NULL, 0, 64 * M, 0, err, sizeof(err)) ==
	      -1);
	CHECK_STR_CONTAINS(err, "rma_count=0");
	CHECK(rma_carve(&p, ram, 1, NULL, 0, 64 * M, MV_RMA_COUNT_MAX + 1, err,
			sizeof(err)) == -1);
	CHECK_STR_CONTAINS(err, "rma_count=17");
	CHECK_STR_CONTAINS(err, "16");
	CHECK(rma_carve(&p, ram, 1, NULL, 0, 64 * M, MV_RMA_COUNT_MAX, err,
			sizeof(err)) == 0);
	CHECK_EQ_U64(p.count, MV_RMA_COUNT_MAX);
}

static u64 rng = 0x0123456789ABCDEFULL;

static u64 RND(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Random RAM layouts and ranges against the brute-force oracle. */
static void test_random_vs_oracle(void)
{
	unsigned fails = 0, oks = 0;

	for (int iter = 0; iter < 3000; iter++) {
		struct mem_range ram[3], avoid[8];
		unsigned nram, navoid, count;
		u64 size, lo = ~0ULL, hi = 0;
		struct rma_pool p;
		struct oracle o;
		char err[300];
		int ret;

		size = (2 * M) << (RND() % 7); /* 2M..128M */
		nram = 1 + (unsigned)(RND() % 3);
		for (unsigned b = 0; b < nram; b++) {
			u64 base = 0x40000000ULL * (1 + RND() % 8) +
				   (RND() % 64) * M;
			u64 len = (1 + RND() % 256) * 2 * M +
				  (RND() % 4 == 0 ? (RND() % 2) * M : 0);

			ram[b] = R(base, len);
			if (base < lo)
				lo = base;
			if (base + len > hi)
				hi = base + len;
		}
		navoid = (unsigned)(RND() % 8);
		for (unsigned i = 0; i < navoid; i++) {
			u64 base = lo + RND() % (hi - lo);
			u64 len = RND() % 3 == 0 ? (1 + RND() % 64) * 4096
						 : (1 + RND() % 96) * M;

			if (RND() % 3 == 0) /* straddle an alignment boundary */
				base = ALIGN_DOWN(base, size) - len / 2;
			avoid[i] = R(base, RND() % 20 == 0 ? 0 : len);
		}
		count = 1 + (unsigned)(RND() % 6);
		ret = rma_carve(&p, ram, nram, avoid, navoid, size, count, err,
				sizeof(err));
		oracle_carve(&o, ram, nram, avoid, navoid, size, count);
		if ((ret == 0) != o.ok)
			printf("  iter %d: ret %d oracle %d (%s)\n", iter, ret,
			       o.ok, ret ? err : "");
		CHECK((ret == 0) == o.ok);
		if (o.ok) {
			oks++;
			CHECK_EQ_U64(p.count, count);
			for (unsigned i = 0; i < count; i++) {
				if (p.area[i].base.v != o.area[i])
					printf("  iter %d area %u: %#llx want "
					       "%#llx\n",
					       iter, i,
					       (unsigned long long)p.area[i]
						       .base.v,
					       (unsigned long long)o.area[i]);
				CHECK_EQ_U64(p.area[i].base.v, o.area[i]);
				CHECK(IS_ALIGNED(p.area[i].base.v, size));
			}
		} else {
			char want[64], szs[16];
			u64 a, b;

			fails++;
			CHECK_EQ_U64(p.count, 0);
			fmt_size(szs, sizeof(szs), size);
			snprintf(want, sizeof(want), "for %u RMA(s) of %s",
				 count, szs);
			CHECK_STR_CONTAINS(err, want);
			snprintf(want, sizeof(want), ": %u carved;", o.n);
			CHECK_STR_CONTAINS(err, want);
			CHECK(parse_free(err, &a, &b));
			if (o.largest) {
				if (b - a + 1 != o.largest)
					printf("  iter %d: %s; want %#llx "
					       "bytes\n",
					       iter, err,
					       (unsigned long long)o.largest);
				CHECK_EQ_U64(b - a + 1, o.largest);
				fmt_size(szs, sizeof(szs), o.largest);
				CHECK_STR_CONTAINS(err, szs);
				/* and it really is free RAM */
				CHECK(range_free(avoid, navoid, o.area, o.n,
						 size, a, b - a + 1));
				CHECK(in_ram(ram, nram, a, b - a + 1));
			}
		}
	}
	CHECK(oks > 300 && fails > 300);
}

/*
 * A bank that ends exactly at 2^64 is a valid range (its last byte does
 * not wrap), so it must be carved like any other: no area twice, nothing
 * over a range to avoid. (Not a real machine's RAM, but the input is
 * accepted, and a DTB can say so.)
 */
static void test_bank_at_top(void)
{
	struct rma_pool p;
	struct mem_range ram[] = {R(0xFFFFFFFF00000000ULL, 4 * G)};
	struct mem_range avoid[] = {R(0xFFFFFFFFF8000000ULL, 4096)};
	char err[300];
	int ret;

	ret = rma_carve(&p, ram, 1, avoid, 1, 256 * M, 2, err, sizeof(err));
	CHECK_EQ_U64(ret, 0);
	CHECK_EQ_U64(p.area[0].base.v, 0xFFFFFFFFE0000000ULL);
	CHECK_EQ_U64(p.area[1].base.v, 0xFFFFFFFFD0000000ULL);
}

/* --- handing areas to guests -------------------------------------------- */

struct scrubs {
	int calls;
	int bad_state;
	struct rma_area *last;
};

static void scrub(void *ctx, struct rma_area *a)
{
	struct scrubs *s = ctx;

	s->calls++;
	s->last = a;
	/* Scrubbed before reuse: still released, nobody holds it. */
	if (a->state != RMA_DIRTY || a->refs != 0)
		s->bad_state++;
}

static void test_get_put(void)
{
	struct rma_pool p;
	struct mem_range ram[] = {R(0x40000000, 4 * G)};
	struct scrubs s = {0};
	struct rma_area *a, *b, *c, *d;
	char err[200];

	CHECK(rma_carve(&p, ram, 1, NULL, 0, 256 * M, 3, err, sizeof(err)) ==
	      0);
	a = rma_get(&p, scrub, &s);
	CHECK(a == &p.area[0]);
	CHECK_EQ_U64(a->state, RMA_INUSE);
	CHECK_EQ_U64(a->refs, 1);
	CHECK_EQ_U64(a->uses, 1);
	b = rma_get(&p, scrub, &s);
	CHECK(b && b != a);
	CHECK_EQ_U64(s.calls, 0);

	/* references */
	rma_ref(a);
	CHECK_EQ_U64(a->refs, 2);
	rma_put(a);
	CHECK_EQ_U64(a->state, RMA_INUSE);
	CHECK_EQ_U64(a->refs, 1);
	rma_put(a);
	CHECK_EQ_U64(a->state, RMA_DIRTY);
	CHECK_EQ_U64(a->refs, 0);
	rma_put(a); /* one too many: no change */
	CHECK_EQ_U64(a->state, RMA_DIRTY);
	CHECK_EQ_U64(a->refs, 0);

	/* a clean area is preferred to a released one: restart gets a
	 * fresh area when there is one */
	c = rma_get(&p, scrub, &s);
	CHECK(c == &p.area[2]);
	CHECK_EQ_U64(s.calls, 0);
	CHECK_EQ_U64(c->uses, 1);
	/* then the released one, scrubbed exactly once */
	d = rma_get(&p, scrub, &s);
	CHECK(d == a);
	CHECK_EQ_U64(s.calls, 1);
	CHECK(s.last == a);
	CHECK_EQ_U64(s.bad_state, 0);
	CHECK_EQ_U64(d->state, RMA_INUSE);
	CHECK_EQ_U64(d->refs, 1);
	CHECK_EQ_U64(d->uses, 2);
	/* all in use */
	CHECK(rma_get(&p, scrub, &s) == NULL);
	CHECK_EQ_U64(s.calls, 1);
	/* release two; each reuse scrubs once */
	rma_put(b);
	rma_put(c);
	CHECK(rma_get(&p, scrub, &s) != NULL);
	CHECK(rma_get(&p, scrub, &s) != NULL);
	CHECK_EQ_U64(s.calls, 3);
	CHECK_EQ_U64(s.bad_state, 0);
	CHECK(rma_get(&p, scrub, &s) == NULL);
}

/* rma_count=1: the restarted guest gets the same area, scrubbed. */
static void test_restart_single(void)
{
	struct rma_pool p;
	struct mem_range ram[] = {R(0x40000000, G)};
	struct scrubs s = {0};
	struct rma_area *a;
	char err[200];

	CHECK(rma_carve(&p, ram, 1, NULL, 0, 64 * M, 1, err, sizeof(err)) == 0);
	for (unsigned run = 1; run <= 4; run++) {
		a = rma_get(&p, scrub, &s);
		CHECK(a == &p.area[0]);
		CHECK_EQ_U64(s.calls, run - 1);
		CHECK_EQ_U64(a->uses, run);
		CHECK(rma_get(&p, scrub, &s) == NULL);
		rma_put(a);
	}
	CHECK_EQ_U64(s.bad_state, 0);
}

/* rma_count=2 with restarts: every restart gets the other area. */
static void test_restart_alternates(void)
{
	struct rma_pool p;
	struct mem_range ram[] = {R(0x40000000, G)};
	struct scrubs s = {0};
	struct rma_area *a, *prev = NULL;
	char err[200];

	CHECK(rma_carve(&p, ram, 1, NULL, 0, 64 * M, 2, err, sizeof(err)) == 0);
	for (unsigned run = 0; run < 6; run++) {
		a = rma_get(&p, scrub, &s);
		CHECK(a != NULL && a != prev);
		CHECK_EQ_U64(s.calls, run < 2 ? 0 : run - 1);
		rma_put(a);
		prev = a;
	}
	CHECK_EQ_U64(s.bad_state, 0);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	RUN(test_top_down_aligned);
	RUN(test_avoid);
	RUN(test_banks);
	RUN(test_exhaustion_message);
	RUN(test_bad_args);
	RUN(test_random_vs_oracle);
	RUN(test_bank_at_top);
	RUN(test_get_put);
	RUN(test_restart_single);
	RUN(test_restart_alternates);
	CHECK_EXIT();
}
