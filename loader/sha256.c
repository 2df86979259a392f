/* loader/sha256.c - SHA-256 for the verifier: mbedTLS's, with its block
 * function on the CPU's SHA-2 instructions in the microvisor when the CPU has
 * them. */
#include "lib/fmt.h"
#include "loader/sha256.h"
#include "mbedtls/sha256.h"

u64 mvimg_sha256_cycles;

#ifdef MBEDTLS_SHA256_PROCESS_ALT
/* The microvisor's own mbedTLS build: the block function is ours. */
#include "hyp/hyp.h"

/* mbedTLS's C block function, renamed when mbedTLS was built. */
int mv_sha256_process_c(mbedtls_sha256_context *ctx, const unsigned char *d);

/* -1 until asked; the self-test turns it off for a while to test C. */
static int have_ce = -1;

static bool use_ce(void)
{
	if (have_ce < 0)
		have_ce = hyp_has_sha2();
	return have_ce;
}

int mbedtls_internal_sha256_process(mbedtls_sha256_context *ctx,
				    const unsigned char data[64])
{
	if (!use_ce())
		return mv_sha256_process_c(ctx, data);
	hyp_sha256_ce(ctx->state, data, 1);
	return 0;
}

const char *mvimg_sha256_engine(void)
{
	return use_ce() ? "SHA-2 instructions" : "C";
}

/* Run the self-test on one engine; ce says which. */
static int selftest_engine(bool ce, bool mix, char *err, size_t len);

int mvimg_sha256_selftest(char *err, size_t len)
{
	bool ce = use_ce();
	int r = selftest_engine(ce, true, err, len);

	if (r || !ce)
		return r;
	/* The fallback's examples too (its speed makes more too dear for
	 * every boot): a board without the instructions runs code that was
	 * tested here. */
	have_ce = 0;
	r = selftest_engine(false, false, err, len);
	have_ce = 1;
	return r;
}
#else
const char *mvimg_sha256_engine(void)
{
	return "mbedTLS";
}

static int selftest_engine(bool ce, bool mix, char *err, size_t len);

int mvimg_sha256_selftest(char *err, size_t len)
{
	return selftest_engine(false, true, err, len);
}
#endif

/*
 * The SHA-256 examples of NIST FIPS 180-4 (CSRC "Examples with
 * intermediate values"): one block, two blocks, an empty message, and the
 * 896-bit message whose padding needs a block of its own.
 */
static const struct {
	const char *msg;
	u8 digest[MVIMG_SHA256_SIZE];
} nist[] = {
	{"abc",
	 {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
	  0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
	  0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad}},
	{"", {0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4,
	      0xc8, 0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b,
	      0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55}},
	{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	 {0x24, 0x8d, 0x6a, 0x61, 0xd2, 0x06, 0x38, 0xb8, 0xe5, 0xc0, 0x26,
	  0x93, 0x0c, 0x3e, 0x60, 0x39, 0xa3, 0x3c, 0xe4, 0x59, 0x64, 0xff,
	  0x21, 0x67, 0xf6, 0xec, 0xed, 0xd4, 0x19, 0xdb, 0x06, 0xc1}},
	{"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	 "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	 {0xcf, 0x5b, 0x16, 0xa7, 0x78, 0xaf, 0x83, 0x80, 0x03, 0x6c, 0xe5,
	  0x9e, 0x7b, 0x04, 0x92, 0x37, 0x0b, 0x24, 0x9b, 0x11, 0xe8, 0xf0,
	  0x7a, 0x51, 0xaf, 0xac, 0x45, 0x03, 0x7a, 0xfe, 0xe9, 0xd1}},
};

/* 200 bytes of (7i + i/256) mod 256, from an aligned and an unaligned
 * address: several blocks in one bulk call. */
#define MIX_LEN 200
static const u8 mix_digest[MVIMG_SHA256_SIZE] = {
	0xb5, 0x31, 0xab, 0xd8, 0xda, 0xe7, 0x23, 0x2c, 0x86, 0x1a, 0xc9,
	0xf5, 0x0a, 0xff, 0x99, 0x52, 0xd2, 0x9c, 0x8d, 0x4c, 0x37, 0x72,
	0x55, 0x1c, 0xc5, 0xbc, 0xe5, 0xd3, 0x9d, 0x2c, 0xd0, 0x8d};

/* NIST's examples on one engine; with 'mix', the buffer test as well. */
static int selftest_engine(bool ce, bool mix, char *err, size_t len)
{
	const char *engine = ce ? "the SHA-2 instructions" : "the C code";
	u8 buf[MIX_LEN + 8], out[MVIMG_SHA256_SIZE];

	for (unsigned i = 0; i < ARRAY_SIZE(nist); i++) {
		mvimg_sha256((const u8 *)nist[i].msg,
			     __builtin_strlen(nist[i].msg), out);
		if (__builtin_memcmp(out, nist[i].digest, sizeof(out))) {
			mv_snprintf(err, len,
				    "SHA-256 on %s gives a wrong digest for "
				    "NIST example %u (\"%.8s...\")",
				    engine, i + 1, nist[i].msg);
			return -1;
		}
	}
	for (unsigned off = 0; mix && off < 4; off += 3) {
		for (unsigned i = 0; i < MIX_LEN; i++)
			buf[off + i] = (u8)(i * 7 + (i >> 8));
		mvimg_sha256(buf + off, MIX_LEN, out);
		if (__builtin_memcmp(out, mix_digest, sizeof(out))) {
			mv_snprintf(err, len,
				    "SHA-256 on %s gives a wrong digest for "
				    "%u bytes at offset %u",
				    engine, MIX_LEN, off);
			return -1;
		}
	}
	return 0;
}

void mvimg_sha256(const u8 *p, u64 n, u8 out[MVIMG_SHA256_SIZE])
{
	mbedtls_sha256_context c;
#ifdef MBEDTLS_SHA256_PROCESS_ALT
	u64 t0 = hyp_cycles();
#endif

	mbedtls_sha256_init(&c);
	mbedtls_sha256_starts_ret(&c, 0);
#ifdef MBEDTLS_SHA256_PROCESS_ALT
	/* Whole blocks in one call, not one call per block; mbedTLS then
	 * sees only what is left, with its byte count right. */
	if (use_ce() && n >= 64) {
		u64 bulk = ALIGN_DOWN(n, 64);

		hyp_sha256_ce(c.state, p, bulk / 64);
		c.total[0] = (u32)bulk;
		c.total[1] = (u32)(bulk >> 32);
		p += bulk;
		n -= bulk;
	}
#endif
	mbedtls_sha256_update_ret(&c, p, (size_t)n);
	mbedtls_sha256_finish_ret(&c, out);
	mbedtls_sha256_free(&c);
#ifdef MBEDTLS_SHA256_PROCESS_ALT
	mvimg_sha256_cycles += hyp_cycles() - t0;
#endif
}
