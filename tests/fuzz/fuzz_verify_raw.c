/* tests/fuzz/fuzz_verify_raw.c - libFuzzer target: raw bytes into mvimg_verify with fixed trusted keys (ECDSA and PSS). */
#include <string.h>

#include "tests/fuzz/fuzzlib.h"

/*
 * Reaches everything before the signature (sizes, trailer, signature
 * lengths and encodings fed to mbedTLS); a mutation that keeps a seed's
 * signature valid also reaches the rules after it.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup(true);
	fuzz_write_seeds(false, true);
	return 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct mvimg_info info;
	char err[MVIMG_ERR_MAX];
	int rc;

	memset(err, 'x', sizeof(err));
	rc = mvimg_verify(data, size, &fuzz_ring_both, 0, &info, err,
			  sizeof(err));
	fuzz_check_verdict(rc, err);
	if (rc == MVIMG_OK)
		fuzz_check_accepted(data, size, &info);
	return 0;
}
