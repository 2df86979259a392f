/* hyp/decode.h - turns architectural ID and syndrome values into words for logs and panics. */
#ifndef MV_DECODE_H
#define MV_DECODE_H

#include "lib/types.h"

/* ESR_ELx.EC in words, e.g. "data abort from the current EL". Never NULL. */
const char *decode_ec(unsigned ec);

/* One line for a data/instruction abort ISS: fault status in words, level,
 * and for data aborts the access size and direction when ISV is set. */
void decode_abort_iss(unsigned ec, u32 iss, char *buf, size_t len);

/* "Arm Cortex-A57 r1p0" from MIDR_EL1; unknown parts are shown in hex. */
void decode_midr(u64 midr, char *buf, size_t len);

/* A PARange / PS encoding (ID_AA64MMFR0_EL1[3:0], TCR_EL2.PS,
 * VTCR_EL2.PS) to bits, or 0 if reserved; and back: the encoding of an
 * address size in bits, or -1 if the architecture has none for it. */
unsigned decode_parange_bits(unsigned parange);
int decode_pa_size_enc(unsigned bits);

/* Which translation granules ID_AA64MMFR0_EL1 says stage 1 supports:
 * bit 0 = 4K, bit 1 = 16K, bit 2 = 64K. */
unsigned decode_s1_granules(u64 mmfr0);
/* Same for stage 2 (TGranX_2 fields, falling back to stage 1 when 0). */
unsigned decode_s2_granules(u64 mmfr0);
/* "4K 16K 64K" style list of a granule mask. */
void decode_granules(unsigned mask, char *buf, size_t len);

#endif
