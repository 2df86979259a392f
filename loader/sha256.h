/* loader/sha256.h - SHA-256 for the image verifier: the CPU's SHA-2
 * instructions in the microvisor where it has them, mbedTLS's C code otherwise.
 */
#ifndef MV_SHA256_H
#define MV_SHA256_H

#include "lib/types.h"

#define MVIMG_SHA256_SIZE 32

/* SHA-256 of [p, p + n). Whole blocks go through the CPU's SHA-2
 * instructions in one call when the microvisor may use them. */
void mvimg_sha256(const u8 *p, u64 n, u8 out[MVIMG_SHA256_SIZE]);

/* Cycles spent in mvimg_sha256 so far, where the microvisor measures them
 * (0 elsewhere): the boot phase meter's "hash". */
extern u64 mvimg_sha256_cycles;

/* Which block function the microvisor uses: "SHA-2 instructions" or
 * "C" (for the log). */
const char *mvimg_sha256_engine(void);

/*
 * Known answers before anything is trusted to the hash: NIST's examples,
 * and unaligned buffers, on the engine in use and, where that is the SHA-2
 * instructions, on the C fallback as well (the two must agree). 0, or -1
 * with the reason in err.
 */
int mvimg_sha256_selftest(char *err, size_t len);

#endif
