/* hyp/cache.h - data-cache maintenance by VA range, for memory a guest may read with its caches off. */
#ifndef MV_CACHE_H
#define MV_CACHE_H

#include "lib/types.h"

/* Clean [va, va + len) to the point of coherency (DC CVAC), then DSB. */
static inline void dcache_clean_poc(const void *va, u64 len)
{
	u64 ctr, line, p, end = (u64)(uintptr_t)va + len;

	asm volatile("mrs %0, ctr_el0" : "=r"(ctr));
	line = 4ULL << ((ctr >> 16) & 0xf);
	for (p = (u64)(uintptr_t)va & ~(line - 1); p < end; p += line)
		asm volatile("dc cvac, %0" : : "r"(p) : "memory");
	asm volatile("dsb sy" : : : "memory");
}

/*
 * Zero [va, va + len) quickly: DC ZVA a block at a time when allowed
 * (newlib's size-optimised memset stores one byte at a time, far too slow
 * for 512M segments), else 64-bit stores. va and len must be multiples of
 * 64 bytes (segments and pages always are).
 */
static inline void zero_range(void *va, u64 len)
{
	u64 dczid, p = (u64)(uintptr_t)va, end = p + len;

	asm volatile("mrs %0, dczid_el0" : "=r"(dczid));
	if (!(dczid & BIT(4))) {
		u64 blk = 4ULL << (dczid & 0xf);

		if (IS_ALIGNED(p, blk) && IS_ALIGNED(len, blk)) {
			for (; p < end; p += blk)
				asm volatile("dc zva, %0"
					     :
					     : "r"(p)
					     : "memory");
			return;
		}
	}
	for (volatile u64 *w = va; (u64)(uintptr_t)w < end; w += 8) {
		w[0] = 0, w[1] = 0, w[2] = 0, w[3] = 0;
		w[4] = 0, w[5] = 0, w[6] = 0, w[7] = 0;
	}
}

/* Zero memory a guest may read with its caches off (or that must stay
 * wiped): zero it, then push the zeros to the point of coherency. */
static inline void zero_for_guest(void *va, u64 len)
{
	zero_range(va, len);
	dcache_clean_poc(va, len);
}

#endif
