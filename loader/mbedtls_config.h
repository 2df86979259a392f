/* loader/mbedtls_config.h - the mbedTLS 2.28 configuration of the microvisor's image verifier: verify only, no OS. */
#ifndef MV_MBEDTLS_CONFIG_H
#define MV_MBEDTLS_CONFIG_H

/* No OS underneath: memory comes from the verifier's static heap, there is
 * no clock, no entropy source, no file system and no printf. */
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_PLATFORM_NO_STD_FUNCTIONS
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_HAVE_ASM
/* Only OID-to-text uses snprintf; route it to the microvisor's formatter. */
#include <stddef.h>
int mv_snprintf(char *buf, size_t len, const char *fmt, ...);
#define MBEDTLS_PLATFORM_SNPRINTF_MACRO mv_snprintf

/* Hash and signature schemes: ECDSA P-256/SHA-256 required, RSA-PSS
 * (RSA-3072, salt 32) supported. */
#define MBEDTLS_SHA256_C
/* The block function is loader/sha256.c's: the SHA-2 instructions where the
 * CPU has them, else mbedTLS's own C code, built a second time from the
 * same sha256.c (MV_SHA256_C_ONLY) with its names changed (mk/deps.mk). */
#ifndef MV_SHA256_C_ONLY
#define MBEDTLS_SHA256_PROCESS_ALT
#endif
#define MBEDTLS_MD_C
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
/* Verification handles only public values: no blinding RNG is needed. */
#define MBEDTLS_ECP_NO_INTERNAL_RNG
#define MBEDTLS_ECDSA_C
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V21

/* Public keys are embedded as DER SubjectPublicKeyInfo. */
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C

/* Measured (make bench; docs/image-format.md): window 4 saves ~12% of
 * the ECDSA work for 1.4 KiB more heap; fixed-point precomputation costs
 * more than it saves for a single verification. */
#define MBEDTLS_MPI_WINDOW_SIZE	      2
#define MBEDTLS_MPI_MAX_SIZE	      512
#define MBEDTLS_ECP_WINDOW_SIZE	      4
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 0
#define MBEDTLS_ECP_MAX_BITS	      256

#include "mbedtls/check_config.h"

#endif
