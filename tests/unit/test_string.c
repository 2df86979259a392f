/* tests/unit/test_string.c - lib/string.c (the microvisor's memset, memcpy and friends) against the host's C library, at every alignment and many lengths. */
#include <stdint.h>

#include "tests/unit/check.h"

/* lib/string.c, built for this test with its names prefixed mv_. */
void *mv_memset(void *dst, int c, size_t n);
void *mv_memcpy(void *dst, const void *src, size_t n);
void *mv_memmove(void *dst, const void *src, size_t n);
int mv_memcmp(const void *a, const void *b, size_t n);
void *mv_memchr(const void *s, int c, size_t n);
size_t mv_strlen(const char *s);
size_t mv_strnlen(const char *s, size_t max);
int mv_strcmp(const char *a, const char *b);
char *mv_strchr(const char *s, int c);
char *mv_strrchr(const char *s, int c);

#define BUF  512
#define MAXN 200

static unsigned char a[BUF], b[BUF], ref[BUF];
static uint64_t seed = 0x9e3779b97f4a7c15ULL;

static unsigned rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)seed;
}

static void fill(unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(rnd() | 1); /* no NULs */
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void test_memset(void)
{
	for (size_t off = 0; off < 16; off++)
		for (size_t n = 0; n <= MAXN; n++) {
			fill(a, BUF);
			memcpy(ref, a, BUF);
			CHECK(mv_memset(a + off, 0xa5 + (int)n, n) == a + off);
			memset(ref + off, 0xa5 + (int)n, n);
			CHECK(!memcmp(a, ref, BUF));
		}
}

static void test_memcpy(void)
{
	for (size_t so = 0; so < 16; so++)
		for (size_t dof = 0; dof < 16; dof++)
			for (size_t n = 0; n <= MAXN; n += 1 + n / 16) {
				fill(a, BUF);
				fill(b, BUF);
				memcpy(ref, b, BUF);
				CHECK(mv_memcpy(b + dof, a + so, n) == b + dof);
				memcpy(ref + dof, a + so, n);
				CHECK(!memcmp(b, ref, BUF));
			}
}

static void test_memmove_overlap(void)
{
	for (size_t so = 0; so < 24; so++)
		for (size_t dof = 0; dof < 24; dof++)
			for (size_t n = 0; n <= MAXN; n += 1 + n / 16) {
				fill(a, BUF);
				memcpy(ref, a, BUF);
				CHECK(mv_memmove(a + dof, a + so, n) ==
				      a + dof);
				memmove(ref + dof, ref + so, n);
				CHECK(!memcmp(a, ref, BUF));
			}
}

static void test_memcmp(void)
{
	for (size_t so = 0; so < 16; so++)
		for (size_t n = 1; n <= MAXN; n += 1 + n / 16) {
			fill(a, BUF);
			memcpy(b + so, a + 8, n);
			CHECK_EQ_U64(mv_memcmp(a + 8, b + so, n), 0);
			/* One byte differs, in each direction. */
			size_t at = rnd() % n;
			b[so + at] = a[8 + at] + 1;
			CHECK_EQ_U64(sign(mv_memcmp(a + 8, b + so, n)),
				     (unsigned long long)sign(
					     memcmp(a + 8, b + so, n)));
			b[so + at] = a[8 + at] - 1;
			CHECK_EQ_U64(sign(mv_memcmp(a + 8, b + so, n)),
				     (unsigned long long)sign(
					     memcmp(a + 8, b + so, n)));
		}
	CHECK_EQ_U64(mv_memcmp(a, b, 0), 0);
}

/* A string of n bytes at a + off, then its NUL, inside the buffer. */
static char *str_at(unsigned char *buf, size_t off, size_t n)
{
	fill(buf, BUF);
	buf[off + n] = 0;
	return (char *)buf + off;
}

static void test_strings(void)
{
	for (size_t off = 0; off < 16; off++)
		for (size_t n = 0; n <= MAXN; n++) {
			char *s = str_at(a, off, n);

			CHECK_EQ_U64(mv_strlen(s), n);
			CHECK_EQ_U64(mv_strnlen(s, n / 2), n / 2);
			CHECK_EQ_U64(mv_strnlen(s, n + 5), n);
			memcpy(b + (off ^ 3), s, n + 1);
			CHECK_EQ_U64(mv_strcmp(s, (char *)b + (off ^ 3)), 0);
			if (n) {
				b[(off ^ 3) + n - 1]++;
				CHECK_EQ_U64(
					sign(mv_strcmp(s,
						       (char *)b + (off ^ 3))),
					(unsigned long long)sign(strcmp(
						s, (char *)b + (off ^ 3))));
			}
			/* A byte that is in the string, one that is not, NUL.
			 */
			int c = n ? s[rnd() % n] : 'x';
			CHECK(mv_strchr(s, c) == strchr(s, c));
			CHECK(mv_strrchr(s, c) == strrchr(s, c));
			CHECK(mv_strchr(s, 0) == s + n);
			CHECK(mv_strrchr(s, 0) == s + n);
			CHECK(mv_memchr(s, c, n) == memchr(s, c, n));
			CHECK(mv_memchr(s, 0, n + 1) == s + n);
			CHECK(mv_memchr(s, 0, n) == NULL);
		}
	/* A byte value with the high bit set, and one absent. */
	char *s = str_at(a, 5, 100);
	s[77] = (char)0xfe;
	CHECK(mv_strchr(s, 0xfe) == s + 77);
	CHECK(mv_memchr(s, 0xfe, 100) == s + 77);
	for (int i = 0; i < 100; i++)
		if (s[i] == 2)
			s[i] = 3;
	CHECK(mv_strchr(s, 2) == NULL);
	CHECK(mv_strrchr(s, 2) == NULL);
}

int main(void)
{
	RUN(test_memset);
	RUN(test_memcpy);
	RUN(test_memmove_overlap);
	RUN(test_memcmp);
	RUN(test_strings);
	return check_failed_cases ? 1 : 0;
}
