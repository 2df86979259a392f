/* kernel/types.h - fixed-width types and the typed physical/IPA/virtual addresses. */
#ifndef MV_TYPES_H
#define MV_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/*
 * Physical, intermediate-physical (guest) and EL2 virtual addresses are
 * wrapped in distinct structs so the compiler refuses to mix them up.
 * Unwrap with .v only where the conversion is the point.
 */
typedef struct {
	u64 v;
} pa_t;
typedef struct {
	u64 v;
} ipa_t;
typedef struct {
	u64 v;
} va_t;

static inline pa_t pa(u64 v)
{
	return (pa_t){v};
}
static inline ipa_t ipa(u64 v)
{
	return (ipa_t){v};
}
static inline va_t va(u64 v)
{
	return (va_t){v};
}
static inline va_t va_of(const void *p)
{
	return (va_t){(u64)(uintptr_t)p};
}
static inline void *va_ptr(va_t a)
{
	return (void *)(uintptr_t)a.v;
}

#define ARRAY_SIZE(a)	 (sizeof(a) / sizeof((a)[0]))
#define BIT(n)		 (1ULL << (n))
#define ALIGN_UP(x, a)	 (((x) + ((a)-1)) & ~((u64)(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((u64)(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((u64)(a)-1)) == 0)
#define SZ_4K		 0x1000ULL
#define SZ_16K		 0x4000ULL
#define SZ_64K		 0x10000ULL
#define SZ_1M		 0x100000ULL
#define SZ_2M		 0x200000ULL
#define SZ_1G		 0x40000000ULL

#endif
