/* lib/string.c - the C string and memory routines the microvisor uses, a word at a time in general registers and never unaligned. */
#include <string.h>

#include "lib/types.h"

/*
 * Why not newlib's: built for size they go a byte at a time (5-6
 * instructions a byte, and mbedTLS clears its state after every hashed
 * block); newlib's fast aarch64 versions use SIMD registers, which EL2 code
 * must not touch, and make unaligned accesses, which fault while the MMU
 * is off (memory is then Device). These work in 8-byte words whenever the
 * operands line up, and byte by byte where they do not.
 *
 * Built with -fno-tree-loop-distribute-patterns (lib.mk), so the compiler
 * does not turn these loops back into calls to themselves.
 */

#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Non-zero when a byte of w is zero; the lowest such byte is exact. */
static inline u64 zero_bytes(u64 w)
{
	return (w - ONES) & ~w & HIGHS;
}

static inline bool aligned8(const void *p)
{
	return !((uintptr_t)p & 7);
}

static inline bool same_phase(const void *a, const void *b)
{
	return !(((uintptr_t)a ^ (uintptr_t)b) & 7);
}

void *memset(void *dst, int c, size_t n)
{
	u8 *p = dst;
	u64 v = (u8)c * ONES;

	for (; n && !aligned8(p); n--)
		*p++ = (u8)c;
	for (; n >= 64; n -= 64, p += 64) {
		u64 *w = (u64 *)p;

		w[0] = v, w[1] = v, w[2] = v, w[3] = v;
		w[4] = v, w[5] = v, w[6] = v, w[7] = v;
	}
	for (; n >= 8; n -= 8, p += 8)
		*(u64 *)p = v;
	while (n--)
		*p++ = (u8)c;
	return dst;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	if (same_phase(d, s)) {
		for (; n && !aligned8(d); n--)
			*d++ = *s++;
		for (; n >= 64; n -= 64, d += 64, s += 64) {
			u64 *dw = (u64 *)d;
			const u64 *sw = (const u64 *)s;
			u64 a = sw[0], b = sw[1], c = sw[2], e = sw[3];
			u64 f = sw[4], g = sw[5], h = sw[6], i = sw[7];

			/* All loads before any store: the compiler then
			 * pairs them (LDP/STP), 12 instructions a line
			 * rather than 19. */
			asm(""
			    : "+r"(a), "+r"(b), "+r"(c), "+r"(e), "+r"(f),
			      "+r"(g), "+r"(h), "+r"(i));
			dw[0] = a, dw[1] = b, dw[2] = c, dw[3] = e;
			dw[4] = f, dw[5] = g, dw[6] = h, dw[7] = i;
		}
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(u64 *)d = *(const u64 *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	/* Forwards is safe unless the destination starts inside the source. */
	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	d += n;
	s += n;
	if (same_phase(d, s)) {
		for (; n && !aligned8(d); n--)
			*--d = *--s;
		for (; n >= 8; n -= 8) {
			d -= 8;
			s -= 8;
			*(u64 *)d = *(const u64 *)s;
		}
	}
	while (n--)
		*--d = *--s;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *p = a, *q = b;

	if (same_phase(p, q)) {
		for (; n && !aligned8(p); n--, p++, q++)
			if (*p != *q)
				return *p - *q;
		/* Skip the equal words; the bytes below find the difference. */
		for (; n >= 8 && *(const u64 *)p == *(const u64 *)q; n -= 8)
			p += 8, q += 8;
	}
	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const u8 *p = s;
	u64 pat = (u8)c * ONES;

	for (; n && !aligned8(p); n--, p++)
		if (*p == (u8)c)
			return (void *)p;
	for (; n >= 8 && !zero_bytes(*(const u64 *)p ^ pat); n -= 8)
		p += 8;
	for (; n; n--, p++)
		if (*p == (u8)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	for (; !aligned8(p); p++)
		if (!*p)
			return (size_t)(p - s);
	/* An aligned word never crosses a page: reading past the NUL within
	 * it is safe. */
	while (!zero_bytes(*(const u64 *)p))
		p += 8;
	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	const char *z = memchr(s, 0, max);

	return z ? (size_t)(z - s) : max;
}

int strcmp(const char *a, const char *b)
{
	const u8 *p = (const u8 *)a, *q = (const u8 *)b;

	if (same_phase(p, q)) {
		for (; !aligned8(p); p++, q++)
			if (*p != *q || !*p)
				return *p - *q;
		for (;;) {
			u64 w = *(const u64 *)p;

			if (w != *(const u64 *)q || zero_bytes(w))
				break;
			p += 8;
			q += 8;
		}
	}
	for (; *p == *q && *p; p++, q++)
		;
	return *p - *q;
}

char *strchr(const char *s, int c)
{
	const u8 *p = (const u8 *)s;
	u64 pat = (u8)c * ONES;

	for (; !aligned8(p); p++) {
		if (*p == (u8)c)
			return (char *)p;
		if (!*p)
			return NULL;
	}
	/* Whole words holding neither c nor the terminator. */
	for (;; p += 8) {
		u64 w = *(const u64 *)p;

		if (zero_bytes(w) || zero_bytes(w ^ pat))
			break;
	}
	for (;; p++) {
		if (*p == (u8)c)
			return (char *)p;
		if (!*p)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	/* The terminator itself can be searched for. */
	if (!(u8)c)
		return (char *)s + strlen(s);
	for (; (s = strchr(s, c)); s++)
		last = s;
	return (char *)last;
}
