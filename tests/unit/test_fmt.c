/* tests/unit/test_fmt.c - the microvisor's formatter against the host's snprintf. */
#include <stdarg.h>
#include <stdio.h>

#include "check.h"
#include "lib/fmt.h"

static char got[128], want[128];

#define SAME(...)                                                              \
	do {                                                                   \
		int n1 = mv_snprintf(got, sizeof(got), __VA_ARGS__);           \
		int n2 = snprintf(want, sizeof(want), __VA_ARGS__);            \
		if (strcmp(got, want) || n1 != n2) {                           \
			printf("FAIL %s: %s:%d: \"%s\" (%d) != \"%s\" (%d)\n", \
			       check_case_name, __FILE__, __LINE__, got, n1,   \
			       want, n2);                                      \
			check_case_failed = 1;                                 \
			return;                                                \
		}                                                              \
	} while (0)

static void test_integers(void)
{
	SAME("%d %i %u", 0, -42, 42u);
	SAME("%d", -2147483647 - 1);
	SAME("%lld", (long long)-9223372036854775807LL - 1);
	SAME("%llu", 18446744073709551615ULL);
	SAME("%x %X %lx", 0xbeefu, 0xbeefu, 0x123456789abcdefUL);
	SAME("%#x %#llx", 0x10u, 0x7f0000000000ULL);
	SAME("%zu", (size_t)12345);
}

static void test_width_and_flags(void)
{
	SAME("[%5d] [%-5d] [%05d]", 42, 42, 42);
	SAME("[%016llx]", 0xdeadULL);
	SAME("[%-2u] [%-2u]", 3u, 30u);
	SAME("[%8s] [%-8s] [%s]", "ab", "ab", "");
	SAME("[%c%c]", 'o', 'k');
	SAME("100%%");
	SAME("[%05d]", -42);
}

static void test_truncation(void)
{
	char small[4];
	int n = mv_snprintf(small, sizeof(small), "%s", "abcdef");

	CHECK(n == 6);
	CHECK(strcmp(small, "abc") == 0);
	n = mv_snprintf(small, 0, "%d", 12345);
	CHECK(n == 5);
	n = mv_snprintf(small, 1, "x");
	CHECK(small[0] == '\0');
}

static void test_pointer_and_null(void)
{
	mv_snprintf(got, sizeof(got), "%p", (void *)0x1234);
	CHECK(strcmp(got, "0x1234") == 0);
	const char *volatile none = NULL; /* hide the NULL from -Wformat */
	mv_snprintf(got, sizeof(got), "%s", none);
	CHECK(strcmp(got, "(null)") == 0);
}

static void test_size(void)
{
	char b[16];

	fmt_size(b, sizeof(b), 256ULL << 20);
	CHECK(strcmp(b, "256M") == 0);
	fmt_size(b, sizeof(b), 1ULL << 30);
	CHECK(strcmp(b, "1G") == 0);
	fmt_size(b, sizeof(b), 3ULL << 10);
	CHECK(strcmp(b, "3K") == 0);
	fmt_size(b, sizeof(b), 1000);
	CHECK(strcmp(b, "1000") == 0);
	fmt_size(b, sizeof(b), 0);
	CHECK(strcmp(b, "0") == 0);
}

int main(void)
{
	RUN(test_integers);
	RUN(test_width_and_flags);
	RUN(test_truncation);
	RUN(test_pointer_and_null);
	RUN(test_size);
	CHECK_EXIT();
}
