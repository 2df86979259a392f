/* tests/unit/test_sha256.c - loader/sha256.c on the host: its boot self-test,
 * NIST's million-'a' example and every length against one-shot mbedTLS. */
#include <mbedtls/sha256.h>

#include "tests/unit/check.h"
#include "loader/sha256.h"

/* The self-test the microvisor runs at every boot passes here too (the
 * host build's engine is mbedTLS's C code). */
static void test_selftest(void)
{
	char err[160] = "";

	CHECK_EQ_U64(mvimg_sha256_selftest(err, sizeof(err)), 0);
	CHECK(err[0] == '\0');
}

/* FIPS 180-4's long example: one million 'a' (too dear for every boot). */
static void test_million_a(void)
{
	static const u8 want[32] = {0xcd, 0xc7, 0x6e, 0x5c, 0x99, 0x14, 0xfb,
				    0x92, 0x81, 0xa1, 0xc7, 0xe2, 0x84, 0xd7,
				    0x3e, 0x67, 0xf1, 0x80, 0x9a, 0x48, 0xa4,
				    0x97, 0x20, 0x0e, 0x04, 0x6d, 0x39, 0xcc,
				    0xc7, 0x11, 0x2c, 0xd0};
	static u8 buf[1000000];
	u8 out[32];

	memset(buf, 'a', sizeof(buf));
	mvimg_sha256(buf, sizeof(buf), out);
	CHECK(!memcmp(out, want, sizeof(out)));
}

/* Every length around the block and padding edges, at four alignments,
 * equals mbedTLS's one-shot digest. */
static void test_lengths(void)
{
	static u8 buf[1024 + 8];
	u8 out[32], ref[32];

	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)(i * 131 + 7);
	for (unsigned off = 0; off < 4; off++)
		for (unsigned n = 0; n <= 1024; n++) {
			mvimg_sha256(buf + off, n, out);
			mbedtls_sha256_ret(buf + off, n, ref, 0);
			if (memcmp(out, ref, sizeof(out))) {
				CHECK(!"digest differs");
				fprintf(stderr, "  length %u offset %u\n", n,
					off);
				return;
			}
		}
}

int main(void)
{
	RUN(test_selftest);
	RUN(test_million_a);
	RUN(test_lengths);
	CHECK_EXIT();
}
