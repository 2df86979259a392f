/* hyp/sha256_ce.c - SHA-256 blocks on the Armv8 SHA-2 instructions: the one EL2
 * file allowed FP/SIMD registers (built +crypto; runs only when no guest state
 * is in them). */
#include <arm_neon.h>

#include "hyp/hyp.h"

/* FIPS 180-4 round constants. */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* Four rounds on the schedule words in w, with their constants k. */
#define ROUNDS4(w, k)                                                          \
	do {                                                                   \
		uint32x4_t wk = vaddq_u32((w), (k));                           \
		uint32x4_t prev = abcd;                                        \
		abcd = vsha256hq_u32(abcd, efgh, wk);                          \
		efgh = vsha256h2q_u32(efgh, prev, wk);                         \
	} while (0)

/* The next four schedule words, from the sixteen before them. */
#define SCHED(a, b, c, d) ((a) = vsha256su1q_u32(vsha256su0q_u32(a, b), c, d))

void hyp_sha256_ce(u32 state[8], const u8 *data, u64 blocks)
{
	uint32x4_t abcd = vld1q_u32(state), efgh = vld1q_u32(state + 4);
	/* The constants stay in registers across blocks (32 V registers:
	 * 16 for these, the rest for the message and the state). */
	const uint32x4_t k0 = vld1q_u32(K), k1 = vld1q_u32(K + 4),
			 k2 = vld1q_u32(K + 8), k3 = vld1q_u32(K + 12),
			 k4 = vld1q_u32(K + 16), k5 = vld1q_u32(K + 20),
			 k6 = vld1q_u32(K + 24), k7 = vld1q_u32(K + 28),
			 k8 = vld1q_u32(K + 32), k9 = vld1q_u32(K + 36),
			 k10 = vld1q_u32(K + 40), k11 = vld1q_u32(K + 44),
			 k12 = vld1q_u32(K + 48), k13 = vld1q_u32(K + 52),
			 k14 = vld1q_u32(K + 56), k15 = vld1q_u32(K + 60);

	for (; blocks; blocks--, data += 64) {
		uint32x4_t abcd0 = abcd, efgh0 = efgh;
		/* The message is big-endian words. */
		uint32x4_t m0 =
			vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data)));
		uint32x4_t m1 =
			vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 16)));
		uint32x4_t m2 =
			vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 32)));
		uint32x4_t m3 =
			vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 48)));

		/* Rounds 0-47 extend the schedule as they go, 48-63 use it. */
		ROUNDS4(m0, k0);
		SCHED(m0, m1, m2, m3);
		ROUNDS4(m1, k1);
		SCHED(m1, m2, m3, m0);
		ROUNDS4(m2, k2);
		SCHED(m2, m3, m0, m1);
		ROUNDS4(m3, k3);
		SCHED(m3, m0, m1, m2);
		ROUNDS4(m0, k4);
		SCHED(m0, m1, m2, m3);
		ROUNDS4(m1, k5);
		SCHED(m1, m2, m3, m0);
		ROUNDS4(m2, k6);
		SCHED(m2, m3, m0, m1);
		ROUNDS4(m3, k7);
		SCHED(m3, m0, m1, m2);
		ROUNDS4(m0, k8);
		SCHED(m0, m1, m2, m3);
		ROUNDS4(m1, k9);
		SCHED(m1, m2, m3, m0);
		ROUNDS4(m2, k10);
		SCHED(m2, m3, m0, m1);
		ROUNDS4(m3, k11);
		SCHED(m3, m0, m1, m2);
		ROUNDS4(m0, k12);
		ROUNDS4(m1, k13);
		ROUNDS4(m2, k14);
		ROUNDS4(m3, k15);
		abcd = vaddq_u32(abcd, abcd0);
		efgh = vaddq_u32(efgh, efgh0);
	}
	vst1q_u32(state, abcd);
	vst1q_u32(state + 4, efgh);
}
