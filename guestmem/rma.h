/* guestmem/rma.h - the real-mode-area pool: physically contiguous, size-aligned guest RAM carved at boot (seed 004). */
#ifndef MV_RMA_H
#define MV_RMA_H

#include "lib/types.h"
#include "platform/bootinfo.h"

/* Guest RAM is one RMA at this IPA; guest IPA -> PA is a pure offset. */
#define RMA_GUEST_IPA 0x40000000ULL

/* What rma_size= and rma_count= may ask for. */
#define MV_RMA_SIZE_MIN	 (2ULL << 20)
#define MV_RMA_SIZE_MAX	 (1ULL << 40)
#define MV_RMA_COUNT_MAX 16

enum rma_state {
	RMA_CLEAN, /* never given to a guest since boot */
	RMA_INUSE,
	RMA_DIRTY, /* released: must be scrubbed before reuse */
};

struct rma_area {
	pa_t base;
	u64 size;
	unsigned refs;
	enum rma_state state;
	unsigned uses; /* how many guests it has served */
};

struct rma_pool {
	struct rma_area area[MV_RMA_COUNT_MAX];
	unsigned count;
	u64 size;
};

/*
 * Carve 'count' areas of 'size' bytes (a power of two), each aligned to
 * its size, from the top of RAM down, outside every range in 'avoid' (the
 * microvisor, the DTB, the incoming image, reserved memory). Returns 0, or
 * -1 with err saying what was wanted and what is available.
 */
int rma_carve(struct rma_pool *p, const struct mem_range *ram, unsigned nram,
	      const struct mem_range *avoid, unsigned navoid, u64 size,
	      unsigned count, char *err, size_t errlen);

/*
 * Take an area for a guest: a clean one if any (so a restart gets a fresh
 * area when rma_count > 1), else a released one, scrubbed first through
 * scrub(). NULL when every area is in use.
 */
struct rma_area *rma_get(struct rma_pool *p,
			 void (*scrub)(void *ctx, struct rma_area *a),
			 void *ctx);
void rma_ref(struct rma_area *a);
/* Drop a reference; the last one releases the area (dirty until reused). */
void rma_put(struct rma_area *a);

#endif
