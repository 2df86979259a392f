/* hyp/cache.h - data-cache maintenance by VA range, for memory a guest may read with its caches off. */
#ifndef MV_CACHE_H
#define MV_CACHE_H

#include "kernel/types.h"

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

#endif
