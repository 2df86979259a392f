/* kernel/integrity.c - hashes the microvisor's text, rodata and EL2 tables at boot and compares later (the hostile-guest tests rely on it). */
#include <string.h>

#include "hyp/el2mmu.h"
#include "hyp/layout.h"
#include "lib/fmt.h"
#include "kernel/integrity.h"
#include "lib/log.h"
#include "loader/sha256.h"

extern char __image_start[], __text_end[], __rodata_start[], __rodata_end[];

#define MAX_TABLE_PAGES 64

static u8 recorded[32];
static unsigned recorded_pages;
static u64 recorded_bytes;

/*
 * The SHA-256 of the list of SHA-256s of text, rodata and each table page:
 * each region is hashed in one call (whole blocks at once on the SHA-2
 * instructions).
 */
static unsigned measure(u8 out[32], u64 *bytes)
{
	const void *pages[MAX_TABLE_PAGES];
	unsigned n = el2mmu_table_pages(pages, MAX_TABLE_PAGES);
	u8 sums[2 + MAX_TABLE_PAGES][MVIMG_SHA256_SIZE];

	if (n > MAX_TABLE_PAGES)
		n = MAX_TABLE_PAGES; /* more than the build allows: hash these
				      */
	mvimg_sha256((const u8 *)__image_start,
		     (u64)(__text_end - __image_start), sums[0]);
	mvimg_sha256((const u8 *)__rodata_start,
		     (u64)(__rodata_end - __rodata_start), sums[1]);
	for (unsigned i = 0; i < n; i++)
		mvimg_sha256(pages[i], MV_PAGE_SIZE, sums[2 + i]);
	mvimg_sha256(&sums[0][0], (u64)(2 + n) * MVIMG_SHA256_SIZE, out);
	*bytes = (u64)(__text_end - __image_start) +
		 (u64)(__rodata_end - __rodata_start);
	return n;
}

static void hex8(const u8 *h, char *buf)
{
	for (unsigned i = 0; i < 8; i++)
		mv_snprintf(buf + 2 * i, 3, "%02x", h[i]);
}

void integrity_record(void)
{
	char hex[20];

	recorded_pages = measure(recorded, &recorded_bytes);
	hex8(recorded, hex);
	pr_info("integrity: text+rodata (%llu KiB) and EL2 tables (%u pages) "
		"recorded, sha256 %s…",
		(unsigned long long)(recorded_bytes >> 10), recorded_pages,
		hex);
}

int integrity_check(const char *when)
{
	u8 now[32];
	u64 bytes;
	unsigned pages = measure(now, &bytes);
	char a[20], b[20];

	hex8(recorded, a);
	hex8(now, b);
	if (pages == recorded_pages && !memcmp(now, recorded, sizeof(now))) {
		pr_notice("integrity %s: text, rodata and EL2 tables unchanged "
			  "(sha256 %s…)",
			  when, b);
		return 0;
	}
	pr_err("integrity %s: text, rodata or EL2 tables CHANGED (sha256 "
	       "%s… at boot, %s… now; %u table pages then, %u now)",
	       when, a, b, recorded_pages, pages);
	return -1;
}
