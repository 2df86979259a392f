/* hyp/cache.c - data-cache maintenance by VA range and fast zeroing, for memory a guest may read with its caches off. */
#include "hyp/hyp.h"
#include "hyp/sysreg.h"

void hyp_dcache_clean(const void *va, u64 len)
{
	u64 ctr, line, p, end = (u64)(uintptr_t)va + len;

	ctr = read_sysreg(ctr_el0);
	line = 4ULL << ((ctr >> 16) & 0xf); /* DminLine, in words */
	p = (u64)(uintptr_t)va & ~(line - 1);
	/* Four lines a turn: segments are megabytes. */
	for (; p + 4 * line <= end; p += 4 * line)
		asm volatile("dc cvac, %0\n\tdc cvac, %1\n\t"
			     "dc cvac, %2\n\tdc cvac, %3"
			     :
			     : "r"(p), "r"(p + line), "r"(p + 2 * line),
			       "r"(p + 3 * line)
			     : "memory");
	for (; p < end; p += line)
		asm volatile("dc cvac, %0" : : "r"(p) : "memory");
	dsb(sy);
}

/*
 * DC ZVA a block at a time when allowed (four a turn), else 64-bit
 * stores. va and len are multiples of 64 bytes (segments and pages).
 */
static void zero_range(void *va, u64 len)
{
	u64 dczid = read_sysreg(dczid_el0), p = (u64)(uintptr_t)va;
	u64 end = p + len;

	if (!(dczid & BIT(4))) { /* DZP: DC ZVA allowed */
		u64 blk = 4ULL << (dczid & 0xf);

		if (IS_ALIGNED(p, blk) && IS_ALIGNED(len, blk)) {
			for (; p + 4 * blk <= end; p += 4 * blk)
				asm volatile("dc zva, %0\n\tdc zva, %1\n\t"
					     "dc zva, %2\n\tdc zva, %3"
					     :
					     : "r"(p), "r"(p + blk),
					       "r"(p + 2 * blk),
					       "r"(p + 3 * blk)
					     : "memory");
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

/*
 * Zero and clean in one pass when a DC ZVA block is one cache line (the
 * common case): each line is cleaned right after it is zeroed, which the
 * architecture orders as a store followed by maintenance of the same
 * address. Otherwise zero, then clean.
 */
void hyp_zero_for_guest(void *va, u64 len)
{
	u64 dczid = read_sysreg(dczid_el0), ctr = read_sysreg(ctr_el0);
	u64 blk = 4ULL << (dczid & 0xf), line = 4ULL << ((ctr >> 16) & 0xf);
	u64 p = (u64)(uintptr_t)va, end = p + len;

	if ((dczid & BIT(4)) || blk != line || !IS_ALIGNED(p, 4 * blk) ||
	    !IS_ALIGNED(len, 4 * blk)) {
		zero_range(va, len);
		hyp_dcache_clean(va, len);
		return;
	}
	/* Eight lines a turn; segments and pages are multiples of that. */
	if (IS_ALIGNED(p, 8 * blk) && IS_ALIGNED(len, 8 * blk)) {
		for (; p < end; p += 8 * blk) {
			asm volatile("dc zva, %0\n\tdc cvac, %0\n\t"
				     "dc zva, %1\n\tdc cvac, %1\n\t"
				     "dc zva, %2\n\tdc cvac, %2\n\t"
				     "dc zva, %3\n\tdc cvac, %3"
				     :
				     : "r"(p), "r"(p + blk), "r"(p + 2 * blk),
				       "r"(p + 3 * blk)
				     : "memory");
			asm volatile("dc zva, %0\n\tdc cvac, %0\n\t"
				     "dc zva, %1\n\tdc cvac, %1\n\t"
				     "dc zva, %2\n\tdc cvac, %2\n\t"
				     "dc zva, %3\n\tdc cvac, %3"
				     :
				     : "r"(p + 4 * blk), "r"(p + 5 * blk),
				       "r"(p + 6 * blk), "r"(p + 7 * blk)
				     : "memory");
		}
		dsb(sy);
		return;
	}
	for (; p < end; p += 4 * blk) {
		u64 q = p + blk, r = p + 2 * blk, t = p + 3 * blk;

		asm volatile("dc zva, %0\n\tdc cvac, %0\n\t"
			     "dc zva, %1\n\tdc cvac, %1\n\t"
			     "dc zva, %2\n\tdc cvac, %2\n\t"
			     "dc zva, %3\n\tdc cvac, %3"
			     :
			     : "r"(p), "r"(q), "r"(r), "r"(t)
			     : "memory");
	}
	dsb(sy);
}
