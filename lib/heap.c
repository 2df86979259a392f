/* lib/heap.c - a small first-fit heap over a static buffer, with a peak-use gauge, for mbedTLS. */
#include <string.h>

#include "lib/heap.h"

/* Every block starts with this header; sizes include it and are
 * multiples of 16 so payloads stay 16-byte aligned. */
struct block {
	u64 size;
	u64 free;
};

static u8 arena[MV_HEAP_SIZE] __attribute__((aligned(16)));
static u64 used, peak;
static bool ready;

static struct block *first(void)
{
	return (struct block *)arena;
}

static struct block *next(struct block *b)
{
	return (struct block *)((u8 *)b + b->size);
}

static bool in_arena(const void *p)
{
	return (const u8 *)p >= arena && (const u8 *)p < arena + sizeof(arena);
}

void *heap_calloc(size_t n, size_t size)
{
	u64 want;

	if (!ready) {
		first()->size = sizeof(arena);
		first()->free = 1;
		ready = true;
	}
	if (!n || !size || __builtin_mul_overflow(n, size, &want) ||
	    want > sizeof(arena))
		return NULL;
	want = ALIGN_UP(want + sizeof(struct block), 16);
	for (struct block *b = first(); in_arena(b); b = next(b)) {
		if (!b->free || b->size < want)
			continue;
		if (b->size - want >= 2 * sizeof(struct block)) {
			struct block *rest = (struct block *)((u8 *)b + want);

			rest->size = b->size - want;
			rest->free = 1;
			b->size = want;
		}
		b->free = 0;
		used += b->size;
		if (used > peak)
			peak = used;
		memset(b + 1, 0, b->size - sizeof(*b));
		return b + 1;
	}
	return NULL;
}

void heap_free(void *p)
{
	struct block *b;

	if (!p || !in_arena(p))
		return;
	/* Only the start of a block in use: a stale or interior pointer
	 * would otherwise corrupt the arena. */
	for (b = first(); in_arena(b) && (void *)(b + 1) != p; b = next(b))
		;
	if (!in_arena(b) || b->free)
		return;
	/* Secrets never linger: verification handles only public data, but
	 * zeroing is cheap. */
	memset(p, 0, b->size - sizeof(*b));
	b->free = 1;
	used -= b->size;
	/* Coalesce the whole arena: it is small and frees are rare. */
	for (struct block *c = first(); in_arena(c); c = next(c))
		while (c->free && in_arena(next(c)) && next(c)->free)
			c->size += next(c)->size;
}

u64 heap_used(void)
{
	return used;
}

u64 heap_peak(void)
{
	return peak;
}
