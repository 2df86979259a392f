/* lib/heap.c - a small first-fit heap over a static buffer for mbedTLS: O(1) free with boundary tags, a peak-use gauge. */
#include <string.h>

#include "lib/heap.h"

/*
 * Every block starts with this header; sizes include it and are multiples
 * of 16 so payloads stay 16-byte aligned. prev is the size of the block
 * before (0 for the first), so a freed block finds both neighbours at
 * once. check is CHECK_TAG ^ the block's offset while it is in use and 0
 * when free: a pointer that is not the start of a live block (stale,
 * interior, foreign) is refused without walking the arena.
 *
 * Free space is always zero, past its headers: the arena starts zeroed,
 * freed payloads are cleared (verification handles only public data, but
 * nothing lingers) and merged headers too. So an allocation needs no
 * clearing of its own.
 */
struct block {
	u32 size;
	u32 prev;
	u32 used; /* FREE, LIVE or CACHED */
	u32 check;
};

#define FREE   0
#define LIVE   1
#define CACHED 2 /* freed, kept whole in a size bin; check links the bin */

#define CHECK_TAG 0x6d76686fu /* "mvho" */

/*
 * mbedTLS's bignums are small and are freed and allocated again at the
 * same few sizes thousands of times per verification. A freed small block
 * waits whole in the bin of its size (a list linked through its header,
 * offset + 1, 0 ending it) and goes straight back out; only when the
 * first-fit search fails are the bins emptied into the arena, coalescing
 * as they go, and the search tried again.
 */
#define BIN_MAX 512 /* block sizes up to this, in steps of 16 */
static u32 bins[BIN_MAX / 16 + 1];

static u8 arena[MV_HEAP_SIZE] __attribute__((aligned(16)));
static void release(struct block *b);
static u64 used, peak;
static bool ready;
/* No block before this offset is free: the search starts here. */
static u64 first_free;

static struct block *at(u64 off)
{
	return (struct block *)(arena + off);
}

static u64 off_of(const struct block *b)
{
	return (u64)((const u8 *)b - arena);
}

static struct block *next(struct block *b)
{
	u64 o = off_of(b) + b->size;

	return o < sizeof(arena) ? at(o) : NULL;
}

static void set_size(struct block *b, u64 size)
{
	struct block *n;

	b->size = (u32)size;
	n = next(b);
	if (n)
		n->prev = (u32)size;
}

static void *hand_out(struct block *b)
{
	b->used = LIVE;
	b->check = CHECK_TAG ^ (u32)off_of(b);
	used += b->size;
	if (used > peak)
		peak = used;
	return b + 1;
}

/* Empty every bin into the arena. */
static void drain_bins(void)
{
	for (unsigned i = 0; i < ARRAY_SIZE(bins); i++) {
		while (bins[i]) {
			struct block *b = at(bins[i] - 1);

			bins[i] = b->check;
			release(b);
		}
	}
}

static void *first_fit(u64 want)
{
	bool seen_free = false;
	for (struct block *b = first_free < sizeof(arena) ? at(first_free)
							  : NULL;
	     b; b = next(b)) {
		if (b->used)
			continue;
		if (!seen_free) {
			first_free = off_of(b);
			seen_free = true;
		}
		if (b->size < want)
			continue;
		if (b->size - want >= 2 * sizeof(struct block)) {
			struct block *rest = at(off_of(b) + want);
			u64 rsize = b->size - want;

			rest->prev = (u32)want;
			set_size(rest, rsize);
			b->size = (u32)want;
		}
		/* It was the first free block: the next one is further on. */
		if (first_free == off_of(b))
			first_free += b->size;
		return hand_out(b);
	}
	return NULL;
}

void *heap_calloc(size_t n, size_t size)
{
	u64 want;
	void *p;

	if (!ready) {
		at(0)->size = sizeof(arena);
		ready = true;
	}
	if (!n || !size || __builtin_mul_overflow(n, size, &want) ||
	    want > sizeof(arena))
		return NULL;
	want = ALIGN_UP(want + sizeof(struct block), 16);
	if (want <= BIN_MAX && bins[want / 16]) {
		struct block *b = at(bins[want / 16] - 1);

		bins[want / 16] = b->check;
		return hand_out(b);
	}
	p = first_fit(want);
	if (!p) {
		drain_bins();
		p = first_fit(want);
	}
	return p;
}

/* Merge free block b with the free block after it. */
static void absorb_next(struct block *b)
{
	struct block *n = next(b);

	if (!n || n->used)
		return;
	set_size(b, b->size + n->size);
	memset(n, 0, sizeof(*n));
}

/* Back into the arena: free, merged with free neighbours. */
static void release(struct block *b)
{
	u64 off = off_of(b);

	b->used = FREE;
	b->check = 0;
	absorb_next(b);
	if (off) {
		struct block *prev = at(off - b->prev);

		if (!prev->used) {
			absorb_next(prev);
			off = off_of(prev);
		}
	}
	if (off < first_free)
		first_free = off;
}

void heap_free(void *p)
{
	struct block *b;
	u64 off;

	if ((u8 *)p < arena + sizeof(struct block) ||
	    (u8 *)p >= arena + sizeof(arena))
		return;
	off = (u64)((u8 *)p - arena) - sizeof(struct block);
	b = at(off);
	if (off & 15 || b->used != LIVE || b->check != (CHECK_TAG ^ (u32)off))
		return;
	memset(p, 0, b->size - sizeof(*b));
	used -= b->size;
	if (b->size <= BIN_MAX) {
		b->used = CACHED;
		b->check = bins[b->size / 16];
		bins[b->size / 16] = (u32)off + 1;
		return;
	}
	release(b);
}

u64 heap_used(void)
{
	return used;
}

u64 heap_peak(void)
{
	return peak;
}
