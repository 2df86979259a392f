/* guestmem/rma.c - carves the real-mode areas out of RAM and hands them to guests, reference-counted and scrubbed before reuse. */
#include <string.h>

#include "guestmem/rma.h"
#include "lib/fmt.h"

/* [a, a + as) and [b, b + bs) intersect. Inclusive ends, so a range
 * that ends exactly at 2^64 works; sizes are non-zero. */
static bool overlaps(u64 a, u64 as, u64 b, u64 bs)
{
	return a <= b + (bs - 1) && b <= a + (as - 1);
}

static bool range_ok(const struct mem_range *r)
{
	return r->size && pa_addr(r->base) + r->size - 1 >= pa_addr(r->base);
}

/* The lowest base among the ranges in the way of [a, a + size), or ~0. */
static u64 lowest_conflict(const struct rma_pool *p,
			   const struct mem_range *avoid, unsigned navoid,
			   u64 a, u64 size)
{
	u64 low = ~0ULL;

	for (unsigned i = 0; i < navoid; i++)
		if (range_ok(&avoid[i]) &&
		    overlaps(a, size, pa_addr(avoid[i].base), avoid[i].size) &&
		    pa_addr(avoid[i].base) < low)
			low = pa_addr(avoid[i].base);
	for (unsigned i = 0; i < p->count; i++)
		if (overlaps(a, size, pa_addr(p->area[i].base),
			     p->area[i].size) &&
		    pa_addr(p->area[i].base) < low)
			low = pa_addr(p->area[i].base);
	return low;
}

/* Highest size-aligned free slot in one bank, or false. */
static bool find_in_bank(const struct rma_pool *p, const struct mem_range *bank,
			 const struct mem_range *avoid, unsigned navoid,
			 u64 size, u64 *out)
{
	u64 lo = pa_addr(bank->base),
	    last = pa_addr(bank->base) + (bank->size - 1);

	if (bank->size < size)
		return false;
	u64 a = ALIGN_DOWN(last - (size - 1), size);
	while (a >= lo && a + (size - 1) <= last) {
		u64 c = lowest_conflict(p, avoid, navoid, a, size);

		if (c == ~0ULL) {
			*out = a;
			return true;
		}
		if (c < size || c - size < lo)
			return false;
		a = ALIGN_DOWN(c - size, size); /* next slot below it */
	}
	return false;
}

/* The i-th blocked range: first the ones to avoid, then carved areas. */
static bool blocked(const struct rma_pool *p, const struct mem_range *avoid,
		    unsigned navoid, unsigned i, u64 *base, u64 *size)
{
	if (i < navoid) {
		*base = pa_addr(avoid[i].base);
		*size = avoid[i].size;
		return range_ok(&avoid[i]);
	}
	*base = pa_addr(p->area[i - navoid].base);
	*size = p->area[i - navoid].size;
	return true;
}

/* For the error message: the largest free stretch of RAM that is left
 * (inclusive ends, so a bank at the very top of the space works). */
static void largest_free(const struct rma_pool *p, const struct mem_range *ram,
			 unsigned nram, const struct mem_range *avoid,
			 unsigned navoid, u64 *best_base, u64 *best_size)
{
	unsigned nblk = navoid + p->count;

	*best_base = 0;
	*best_size = 0;
	for (unsigned b = 0; b < nram; b++) {
		if (!range_ok(&ram[b]))
			continue;
		u64 pos = pa_addr(ram[b].base),
		    last = pa_addr(ram[b].base) + ram[b].size - 1;

		for (;;) {
			u64 bb, bs, skip_to = pos, next = last;
			bool blocked_here = false;

			/* Step over whatever blocks pos. */
			for (unsigned i = 0; i < nblk; i++)
				if (blocked(p, avoid, navoid, i, &bb, &bs) &&
				    bb <= pos && pos - bb < bs) {
					blocked_here = true;
					if (bb + (bs - 1) > skip_to)
						skip_to = bb + (bs - 1);
				}
			if (blocked_here) {
				if (skip_to >= last)
					break;
				pos = skip_to + 1;
				continue;
			}
			/* Free from pos up to just before the next block. */
			for (unsigned i = 0; i < nblk; i++)
				if (blocked(p, avoid, navoid, i, &bb, &bs) &&
				    bb > pos && bb - 1 < next)
					next = bb - 1;
			if (next - pos + 1 > *best_size || !*best_size) {
				*best_base = pos;
				*best_size = next - pos + 1;
			}
			if (next >= last)
				break;
			pos = next + 1;
		}
	}
}

int rma_carve(struct rma_pool *p, const struct mem_range *ram, unsigned nram,
	      const struct mem_range *avoid, unsigned navoid, u64 size,
	      unsigned count, char *err, size_t errlen)
{
	char sz[16];

	memset(p, 0, sizeof(*p));
	p->size = size;
	fmt_size(sz, sizeof(sz), size);
	if (!size || (size & (size - 1)) || size < MV_RMA_SIZE_MIN ||
	    size > MV_RMA_SIZE_MAX) {
		mv_snprintf(err, errlen,
			    "rma_size=%s is not supported: use a power of two "
			    "from 2M to 1T (2M, 4M, ..., 64M, 256M, 1G, ...)",
			    sz);
		return -1;
	}
	if (!count || count > MV_RMA_COUNT_MAX) {
		mv_snprintf(err, errlen,
			    "rma_count=%u is not supported: use 1 to %u", count,
			    MV_RMA_COUNT_MAX);
		return -1;
	}
	while (p->count < count) {
		u64 best = 0;
		bool found = false;

		/* The highest slot over all banks: carve from the top. */
		for (unsigned b = 0; b < nram; b++) {
			u64 a;

			if (!range_ok(&ram[b]))
				continue;
			if (find_in_bank(p, &ram[b], avoid, navoid, size, &a) &&
			    (!found || a > best)) {
				best = a;
				found = true;
			}
		}
		if (!found) {
			u64 fb, fs;
			char fsz[16];

			largest_free(p, ram, nram, avoid, navoid, &fb, &fs);
			fmt_size(fsz, sizeof(fsz), fs);
			mv_snprintf(
				err, errlen,
				"not enough contiguous memory for %u RMA(s) "
				"of %s, each aligned to its size: %u "
				"carved; the largest free range left is "
				"%#llx-%#llx (%s)",
				count, sz, p->count, (unsigned long long)fb,
				(unsigned long long)(fs ? fb + fs - 1 : fb),
				fsz);
			p->count = 0;
			return -1;
		}
		p->area[p->count].base = pa(best);
		p->area[p->count].size = size;
		p->area[p->count].state = RMA_CLEAN;
		p->count++;
	}
	return 0;
}

struct rma_area *rma_get(struct rma_pool *p,
			 void (*scrub)(void *ctx, struct rma_area *a),
			 void *ctx)
{
	struct rma_area *pick = NULL;

	for (unsigned i = 0; i < p->count && !pick; i++)
		if (p->area[i].state == RMA_CLEAN)
			pick = &p->area[i];
	/* Otherwise the least used released one, scrubbed. */
	for (unsigned i = 0; i < p->count; i++) {
		struct rma_area *a = &p->area[i];

		if (a->state == RMA_DIRTY &&
		    (!pick ||
		     (pick->state == RMA_DIRTY && a->uses < pick->uses)))
			pick = a;
	}
	if (!pick)
		return NULL;
	if (pick->state == RMA_DIRTY)
		scrub(ctx, pick);
	pick->state = RMA_INUSE;
	pick->refs = 1;
	pick->uses++;
	return pick;
}

void rma_ref(struct rma_area *a)
{
	a->refs++;
}

void rma_put(struct rma_area *a)
{
	if (a->refs && --a->refs == 0)
		a->state = RMA_DIRTY;
}
