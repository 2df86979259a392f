/* hyp/cache.c - data-cache maintenance by VA range and fast zeroing, for memory a guest may read with its caches off. */
#include <string.h>

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

static u64 dline(void)
{
	return 4ULL << ((read_sysreg(ctr_el0) >> 16) & 0xf); /* DminLine */
}

/*
 * 128 bytes from s to d: sixteen loads, all before any store so they pair
 * (LDP/STP; an asm statement takes at most 30 operands, hence two,
 * chained), then sixteen stores.
 */
static inline void copy128(u64 *d, const u64 *s)
{
	u64 a = s[0], b = s[1], c = s[2], e = s[3], f = s[4], g = s[5];
	u64 h = s[6], i = s[7], j = s[8], k = s[9], l = s[10], m = s[11];
	u64 o = s[12], p = s[13], q = s[14], r = s[15];

	asm(""
	    : "+r"(a), "+r"(b), "+r"(c), "+r"(e), "+r"(f), "+r"(g), "+r"(h),
	      "+r"(i));
	asm(""
	    : "+r"(j), "+r"(k), "+r"(l), "+r"(m), "+r"(o), "+r"(p), "+r"(q),
	      "+r"(r)
	    : "r"(a), "r"(b), "r"(c), "r"(e), "r"(f), "r"(g), "r"(h), "r"(i));
	d[0] = a, d[1] = b, d[2] = c, d[3] = e, d[4] = f, d[5] = g;
	d[6] = h, d[7] = i, d[8] = j, d[9] = k, d[10] = l, d[11] = m;
	d[12] = o, d[13] = p, d[14] = q, d[15] = r;
}

/* Bulk routines take two 64-byte lines a turn; anything else (other line
 * sizes, unaligned ends) goes the plain way. */
static bool bulk_ok(const void *d, const void *s)
{
	return dline() == 64 && IS_ALIGNED((uintptr_t)d, 128) &&
	       IS_ALIGNED((uintptr_t)s, 128);
}

/* Each line cleaned just after it is written: one pass. */
void hyp_copy_for_guest(void *dst, const void *src, u64 len)
{
	u64 *d = dst;
	const u64 *s = src;

	if (bulk_ok(dst, src)) {
		for (; len >= 128; len -= 128, d += 16, s += 16) {
			copy128(d, s);
			asm volatile("dc cvac, %0\n\tdc cvac, %1"
				     :
				     : "r"(d), "r"(d + 8)
				     : "memory");
		}
	}
	memcpy(d, s, len);
	hyp_dcache_clean(d, len);
	dsb(sy);
}

void hyp_copy_and_wipe(void *dst, void *src, u64 len)
{
	u64 *d = dst, *s = src;

	/* DC ZVA zeroes the source line by line behind the copy (the block
	 * must be a line), and DC CVAC pushes the zeros out. */
	if (bulk_ok(dst, src) && !(read_sysreg(dczid_el0) & BIT(4)) &&
	    4ULL << (read_sysreg(dczid_el0) & 0xf) == 64) {
		for (; len >= 128; len -= 128, d += 16, s += 16) {
			copy128(d, s);
			asm volatile("dc zva, %0\n\tdc cvac, %0\n\t"
				     "dc zva, %1\n\tdc cvac, %1"
				     :
				     : "r"(s), "r"(s + 8)
				     : "memory");
		}
	}
	memcpy(d, s, len);
	hyp_wipe(s, len);
}

void hyp_wipe(void *va, u64 len)
{
	u64 p = (u64)(uintptr_t)va, end = p + len;
	u64 a = ALIGN_UP(p, 512), b = ALIGN_DOWN(end, 512);

	/* Whole 512-byte runs by DC ZVA (zeroed and cleaned in one pass),
	 * the ragged ends by stores. */
	if (a >= b) {
		memset(va, 0, len);
		hyp_dcache_clean(va, len);
		return;
	}
	memset(va, 0, a - p);
	hyp_dcache_clean(va, a - p);
	hyp_zero_for_guest((void *)(uintptr_t)a, b - a);
	memset((void *)(uintptr_t)b, 0, end - b);
	hyp_dcache_clean((void *)(uintptr_t)b, end - b);
}
