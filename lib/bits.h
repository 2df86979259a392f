/* lib/bits.h - bit, mask, field and alignment helpers, usable from C and assembly. */
#ifndef MV_BITS_H
#define MV_BITS_H

#ifdef __ASSEMBLY__
#define BIT(n) (1 << (n))
#else
#define BIT(n)		     (1ULL << (n))
/* Bits h..l set (h >= l), as in Linux. */
#define GENMASK(h, l)	     ((~0ULL >> (63 - (h))) & (~0ULL << (l)))
/* A field's value from a register, and a value placed in a field. */
#define FIELD_GET(mask, reg) (((reg) & (mask)) >> __builtin_ctzll(mask))
#define FIELD_PREP(mask, val)                                                  \
	((((unsigned long long)(val)) << __builtin_ctzll(mask)) & (mask))

#define ARRAY_SIZE(a)	 (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)	 (((x) + ((a)-1)) & ~((u64)(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((u64)(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((u64)(a)-1)) == 0)
#define IS_POW2(x)	 ((x) != 0 && ((x) & ((x)-1)) == 0)

/* The structure holding member m at p. */
#define container_of(p, type, m)                                               \
	((type *)((char *)(p) - __builtin_offsetof(type, m)))

#define SZ_4K  0x1000ULL
#define SZ_16K 0x4000ULL
#define SZ_64K 0x10000ULL
#define SZ_1M  0x100000ULL
#define SZ_2M  0x200000ULL
#define SZ_1G  0x40000000ULL
#endif

#endif
