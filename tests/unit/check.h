/* tests/unit/check.h - the tiny assertion harness shared by all host unit tests. */
#ifndef MV_CHECK_H
#define MV_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Each test binary prints one "PASS <name>" or "FAIL <name>: why" line per
 * test case; tests/run.sh counts them. A binary exits non-zero if any case
 * failed, so it is also usable on its own.
 */
static int check_failed_cases;
static int check_case_failed;
static const char *check_case_name;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			printf("FAIL %s: %s:%d: %s\n", check_case_name,        \
			       __FILE__, __LINE__, #cond);                     \
			check_case_failed = 1;                                 \
			return;                                                \
		}                                                              \
	} while (0)

#define CHECK_EQ_U64(a, b)                                                     \
	do {                                                                   \
		unsigned long long _a = (a), _b = (b);                         \
		if (_a != _b) {                                                \
			printf("FAIL %s: %s:%d: %s == %#llx, expected "        \
			       "%#llx\n",                                      \
			       check_case_name, __FILE__, __LINE__, #a, _a,    \
			       _b);                                            \
			check_case_failed = 1;                                 \
			return;                                                \
		}                                                              \
	} while (0)

#define CHECK_STR_CONTAINS(hay, needle)                                        \
	do {                                                                   \
		const char *_h = (hay), *_n = (needle);                        \
		if (!_h || !strstr(_h, _n)) {                                  \
			printf("FAIL %s: %s:%d: \"%s\" does not contain "      \
			       "\"%s\"\n",                                     \
			       check_case_name, __FILE__, __LINE__,            \
			       _h ? _h : "(null)", _n);                        \
			check_case_failed = 1;                                 \
			return;                                                \
		}                                                              \
	} while (0)

#define RUN(fn)                                                                \
	do {                                                                   \
		check_case_name = #fn;                                         \
		check_case_failed = 0;                                         \
		fn();                                                          \
		if (check_case_failed)                                         \
			check_failed_cases++;                                  \
		else                                                           \
			printf("PASS %s\n", #fn);                              \
	} while (0)

#define CHECK_EXIT() return check_failed_cases ? 1 : 0

#endif
