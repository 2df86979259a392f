/* tests/fuzz/fuzz_verify_resigned.c - libFuzzer target: mutated header, segment table and segments, re-signed, into mvimg_verify. */
#include <stdlib.h>
#include <string.h>

#include <mbedtls/sha256.h>

#include "tests/fuzz/fuzzlib.h"

/*
 * The input is the signed range of an image. The harness makes the few
 * fields read before the signature agree with it (magic, version, sizes,
 * key id and algorithm), signs it with the trusted test key and appends
 * the trailer, so every input reaches the strict parsing behind the
 * signature: what a holder of a signing key, or a buggy build tool, could
 * feed the microvisor. Unless bit 0 of the first byte (the magic's, which
 * the harness overwrites anyway) is clear, it also writes each described
 * segment's SHA-256 into the table, as a signing tool would: otherwise
 * almost every mutation would stop at the hash rule.
 */
static void fix_hashes(u8 *img, u64 size)
{
	u32 count = mvimg_get32(img + MVIMG_H_SEG_COUNT);

	for (u32 i = 0; i < count && i < MVIMG_MAX_SEGMENTS; i++) {
		u8 *d = img + MVIMG_SEG(i);
		u64 off = mvimg_get64(d + MVIMG_S_FILE_OFF);
		u64 len = mvimg_get64(d + MVIMG_S_SIZE);

		if (off <= size && len <= size - off)
			mbedtls_sha256_ret(img + off, len, d + MVIMG_S_SHA256,
					   0);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup(false);
	fuzz_write_seeds(true, false);
	return 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct mvimg_info info;
	char err[MVIMG_ERR_MAX];
	u64 len = size + MVIMG_TRAILER_SIZE;
	u8 *img;
	int rc;

	if (size < MVIMG_HEADER_SIZE || size > 4 * SZ_1M)
		return -1; /* not worth keeping in the corpus */
	img = malloc(len);
	if (!img)
		abort();
	memcpy(img, data, size);
	if (data[0] & 1)
		fix_hashes(img, size);
	memcpy(img + MVIMG_H_MAGIC, MVIMG_MAGIC, 4);
	mvimg_put16(img + MVIMG_H_VERSION, MVIMG_VERSION);
	mvimg_put16(img + MVIMG_H_HEADER_SIZE, MVIMG_HEADER_SIZE);
	mvimg_put64(img + MVIMG_H_SIGNED_SIZE, size);
	mvimg_put32(img + MVIMG_H_SIG_ALG, fuzz_ec_key.alg);
	memcpy(img + MVIMG_H_KEY_ID, fuzz_ec_key.id, MVIMG_KEY_ID_SIZE);
	fuzz_sign(img, len, &fuzz_ec_key);

	memset(err, 'x', sizeof(err));
	rc = mvimg_verify(img, len, &fuzz_ring_ec, 0, &info, err, sizeof(err));
	fuzz_check_verdict(rc, err);
	/* Signed by a trusted key: the signature itself must never fail. */
	if (rc == MVIMG_E_BAD_SIGNATURE || rc == MVIMG_E_UNKNOWN_KEY ||
	    rc == MVIMG_E_CRYPTO) {
		fprintf(stderr, "re-signed image refused: %s\n", err);
		abort();
	}
	if (rc == MVIMG_OK)
		fuzz_check_accepted(img, len, &info);
	free(img);
	return 0;
}
