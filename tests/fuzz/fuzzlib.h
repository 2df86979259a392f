/* tests/fuzz/fuzzlib.h - shared pieces of the verifier fuzzers: fixed test keys, seed images, re-signing, invariants. */
#ifndef MV_FUZZLIB_H
#define MV_FUZZLIB_H

#include "loader/mvimage/mvimage.h"

/* Deterministic keys: the same on every run, so crashes reproduce. */
extern struct mvimage_key fuzz_ec_key, fuzz_rsa_key;
extern struct mvimg_keyring fuzz_ring_ec, fuzz_ring_both;

void fuzz_setup(bool with_rsa);

/* Signs img[0, len - 528) with key and writes the trailer at the end. */
void fuzz_sign(u8 *img, u64 len, struct mvimage_key *key);

/*
 * If MVIMG_FUZZ_SEEDS names a directory, writes valid images there as seed
 * corpus: whole signed images, or only their signed range (tbs_only).
 */
void fuzz_write_seeds(bool tbs_only, bool with_rsa);

/* After MVIMG_OK, what the verifier promised must hold; abort() if not. */
void fuzz_check_accepted(const u8 *blob, u64 len,
			 const struct mvimg_info *info);

/* Any verdict: a known code, and a message exactly when rejected. */
void fuzz_check_verdict(int rc, const char *err);

#endif
