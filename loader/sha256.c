/* loader/sha256.c - SHA-256 for the verifier: mbedTLS's, with its block
 * function on the CPU's SHA-2 instructions in the microvisor when the CPU has
 * them. */
#include "loader/sha256.h"
#include "mbedtls/sha256.h"

u64 mvimg_sha256_cycles;

#ifdef MBEDTLS_SHA256_PROCESS_ALT
/* The microvisor's own mbedTLS build: the block function is ours. */
#include "hyp/hyp.h"

/* mbedTLS's C block function, renamed when mbedTLS was built. */
int mv_sha256_process_c(mbedtls_sha256_context *ctx, const unsigned char *d);

static bool use_ce(void)
{
	static int have = -1;

	if (have < 0)
		have = hyp_has_sha2();
	return have;
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
#else
const char *mvimg_sha256_engine(void)
{
	return "mbedTLS";
}
#endif

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
