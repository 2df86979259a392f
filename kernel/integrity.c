/* kernel/integrity.c - hashes the microvisor's text, rodata and EL2 tables at boot and compares later (the hostile-guest tests rely on it). */
#include <string.h>

#include "hyp/el2mmu.h"
#include "hyp/layout.h"
#include "lib/fmt.h"
#include "kernel/integrity.h"
#include "lib/log.h"
#include "loader/sha256.h"

extern char __image_start[], __text_end[], __rodata_start[],
	__rodata_fixed_end[], __rodata_end[];

#define MAX_TABLE_PAGES 64

/*
 * Text and the rodata before the relocated words, hashed by the build
 * (mk/stamp-digest.sh writes them here); 0xff bytes until it has. They
 * are in .data, outside what they cover.
 */
static u8 build_digest[2][MVIMG_SHA256_SIZE]
	__attribute__((section(".mv_digest"), used)) = {
		[0 ... 1] = {[0 ... MVIMG_SHA256_SIZE - 1] = 0xff},
};

static bool stamped(void)
{
	for (unsigned i = 0; i < sizeof(build_digest); i++)
		if ((&build_digest[0][0])[i] != 0xff)
			return true;
	return false;
}

struct measure {
	u8 code[2][MVIMG_SHA256_SIZE]; /* text, fixed rodata */
	u8 rest[MVIMG_SHA256_SIZE];    /* relocated rodata and table pages */
	u8 all[MVIMG_SHA256_SIZE];     /* of the three above */
	unsigned pages;
};

static struct measure recorded;
static u64 code_bytes;

/* Text and fixed rodata as they are in memory now. */
static void measure_code(u8 out[2][MVIMG_SHA256_SIZE])
{
	mvimg_sha256((const u8 *)__image_start,
		     (u64)(__text_end - __image_start), out[0]);
	mvimg_sha256((const u8 *)__rodata_start,
		     (u64)(__rodata_fixed_end - __rodata_start), out[1]);
}

/* The relocated rodata and every EL2 table page: made at boot, so hashed
 * at boot. One region per call (whole blocks on the SHA-2 instructions). */
static unsigned measure_rest(u8 out[MVIMG_SHA256_SIZE])
{
	const void *pages[MAX_TABLE_PAGES];
	unsigned n = el2mmu_table_pages(pages, MAX_TABLE_PAGES);
	u8 sums[1 + MAX_TABLE_PAGES][MVIMG_SHA256_SIZE];

	if (n > MAX_TABLE_PAGES)
		n = MAX_TABLE_PAGES; /* more than the build allows: hash these
				      */
	mvimg_sha256((const u8 *)__rodata_fixed_end,
		     (u64)(__rodata_end - __rodata_fixed_end), sums[0]);
	for (unsigned i = 0; i < n; i++)
		mvimg_sha256(pages[i], MV_PAGE_SIZE, sums[1 + i]);
	mvimg_sha256(&sums[0][0], (u64)(1 + n) * MVIMG_SHA256_SIZE, out);
	return n;
}

static void finish(struct measure *m)
{
	mvimg_sha256(&m->code[0][0], 3 * MVIMG_SHA256_SIZE, m->all);
}

static void hex8(const u8 *h, char *buf)
{
	for (unsigned i = 0; i < 8; i++)
		mv_snprintf(buf + 2 * i, 3, "%02x", h[i]);
}

void integrity_record(void)
{
	const char *from = "from the build";
	char hex[20];

	/* An unstamped build (no mk/stamp-digest.sh) hashes at boot. */
	if (stamped()) {
		memcpy(recorded.code, build_digest, sizeof(recorded.code));
	} else {
		measure_code(recorded.code);
		from = "hashed at boot: this build has no digest";
	}
	recorded.pages = measure_rest(recorded.rest);
	finish(&recorded);
	code_bytes = (u64)(__text_end - __image_start) +
		     (u64)(__rodata_end - __rodata_start);
	hex8(recorded.all, hex);
	pr_info("integrity: text+rodata (%llu KiB, %s) and EL2 tables (%u "
		"pages) recorded, sha256 %s…",
		(unsigned long long)(code_bytes >> 10), from, recorded.pages,
		hex);
}

int integrity_check(const char *when)
{
	struct measure now;
	char a[20], b[20];
	bool text, ro, rest;

	measure_code(now.code);
	now.pages = measure_rest(now.rest);
	finish(&now);
	hex8(recorded.all, a);
	hex8(now.all, b);
	text = !memcmp(now.code[0], recorded.code[0], MVIMG_SHA256_SIZE);
	ro = !memcmp(now.code[1], recorded.code[1], MVIMG_SHA256_SIZE);
	rest = now.pages == recorded.pages &&
	       !memcmp(now.rest, recorded.rest, MVIMG_SHA256_SIZE);
	if (text && ro && rest) {
		pr_notice("integrity %s: text, rodata and EL2 tables unchanged "
			  "(sha256 %s…)",
			  when, b);
		return 0;
	}
	pr_err("integrity %s: text, rodata or EL2 tables CHANGED: %s%s%s"
	       "sha256 %s… recorded, %s… now; %u table pages then, %u now",
	       when, text ? "" : "text differs from the build; ",
	       ro ? "" : "rodata differs from the build; ",
	       rest ? "" : "relocated rodata or EL2 tables differ from boot; ",
	       a, b, recorded.pages, now.pages);
	return -1;
}
