/* lib/types.h - fixed-width types and the typed physical, intermediate-physical and virtual addresses with their arithmetic. */
#ifndef MV_TYPES_H
#define MV_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/bits.h"

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
 * wrapped in distinct structs so the compiler refuses to mix them up. The
 * helpers below do the arithmetic; the raw value (pa_addr() and friends)
 * is for printing, for hardware registers and for the few places where
 * one kind of address is deliberately turned into another.
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

static inline u64 pa_addr(pa_t a)
{
	return a.v;
}
static inline u64 ipa_addr(ipa_t a)
{
	return a.v;
}
static inline u64 va_addr(va_t a)
{
	return a.v;
}

static inline pa_t pa_add(pa_t a, u64 n)
{
	return pa(a.v + n);
}
static inline ipa_t ipa_add(ipa_t a, u64 n)
{
	return ipa(a.v + n);
}
static inline va_t va_add(va_t a, u64 n)
{
	return va(a.v + n);
}

/* end - begin, for addresses of one kind. */
static inline u64 pa_diff(pa_t end, pa_t begin)
{
	return end.v - begin.v;
}
static inline u64 ipa_diff(ipa_t end, ipa_t begin)
{
	return end.v - begin.v;
}

static inline bool pa_aligned(pa_t a, u64 align)
{
	return IS_ALIGNED(a.v, align);
}
static inline bool ipa_aligned(ipa_t a, u64 align)
{
	return IS_ALIGNED(a.v, align);
}
static inline pa_t pa_align_down(pa_t a, u64 align)
{
	return pa(ALIGN_DOWN(a.v, align));
}

/* [base, base + size) holds a (size may be 0: then nothing does). */
static inline bool pa_in_range(pa_t a, pa_t base, u64 size)
{
	return a.v >= base.v && a.v - base.v < size;
}
static inline bool ipa_in_range(ipa_t a, ipa_t base, u64 size)
{
	return a.v >= base.v && a.v - base.v < size;
}

static inline va_t va_of(const void *p)
{
	return (va_t){(u64)(uintptr_t)p};
}
static inline void *va_ptr(va_t a)
{
	return (void *)(uintptr_t)a.v;
}

#endif
