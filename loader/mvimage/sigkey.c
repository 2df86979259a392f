/* loader/mvimage/sigkey.c - mvimage's keys: loading PEM/DER keys, key ids, and signing with mbedTLS. */
#include <stdlib.h>
#include <string.h>

#include <mbedtls/ecp.h>
#include <mbedtls/error.h>
#include <mbedtls/rsa.h>
#include <mbedtls/sha256.h>

#include "loader/mvimage/mvimage.h"

static void mbed_err(char *err, size_t errlen, const char *what, int rc)
{
	char buf[128];

	mbedtls_strerror(rc, buf, sizeof(buf));
	snprintf(err, errlen, "%s: %s (-0x%04x)", what, buf, (unsigned)-rc);
}

int mvimage_rng_init(struct mvimage_rng *r, char *err, size_t errlen)
{
	static const char pers[] = "mvimage";
	int rc;

	mbedtls_entropy_init(&r->entropy);
	mbedtls_ctr_drbg_init(&r->drbg);
	rc = mbedtls_ctr_drbg_seed(&r->drbg, mbedtls_entropy_func, &r->entropy,
				   (const unsigned char *)pers, sizeof(pers));
	if (rc) {
		mbed_err(err, errlen, "cannot seed the random generator", rc);
		mvimage_rng_free(r);
		return -1;
	}
	return 0;
}

void mvimage_rng_free(struct mvimage_rng *r)
{
	mbedtls_ctr_drbg_free(&r->drbg);
	mbedtls_entropy_free(&r->entropy);
}

int mvimage_key_adopt(struct mvimage_key *k, bool has_private, char *err,
		      size_t errlen)
{
	u8 buf[MVIMG_SPKI_MAX];
	mbedtls_pk_type_t type = mbedtls_pk_get_type(&k->pk);
	size_t bits = mbedtls_pk_get_bitlen(&k->pk);
	int n;

	k->has_private = has_private;
	if (type == MBEDTLS_PK_ECKEY &&
	    mbedtls_pk_ec(k->pk)->grp.id == MBEDTLS_ECP_DP_SECP256R1) {
		k->alg = MVIMG_ALG_ECDSA_P256;
	} else if (type == MBEDTLS_PK_RSA && bits == 3072) {
		k->alg = MVIMG_ALG_RSA3072_PSS;
	} else {
		snprintf(err, errlen,
			 "a %zu-bit %s key; only EC P-256 (ECDSA) and RSA-3072 "
			 "(PSS) keys are supported",
			 bits, mbedtls_pk_get_name(&k->pk));
		return -1;
	}
	/* mbedtls writes DER at the end of the buffer. */
	n = mbedtls_pk_write_pubkey_der(&k->pk, buf, sizeof(buf));
	if (n <= 0) {
		mbed_err(err, errlen, "cannot encode the public key", n);
		return -1;
	}
	k->spki_len = (u32)n;
	memcpy(k->spki, buf + sizeof(buf) - n, n);
	mbedtls_sha256_ret(k->spki, k->spki_len, k->id, 0);
	return 0;
}

int mvimage_key_load(struct mvimage_key *k, const char *path, bool need_private,
		     char *err, size_t errlen)
{
	char why[256];
	bool priv = false;
	int rc;

	memset(k, 0, sizeof(*k));
	mbedtls_pk_init(&k->pk);
	rc = mbedtls_pk_parse_public_keyfile(&k->pk, path);
	if (rc) {
		mbedtls_pk_free(&k->pk);
		mbedtls_pk_init(&k->pk);
		rc = mbedtls_pk_parse_keyfile(&k->pk, path, NULL);
		priv = true;
	}
	if (rc) {
		mbed_err(why, sizeof(why), "not a key", rc);
		snprintf(err, errlen, "%s: %s", path, why);
		goto fail;
	}
	if (need_private && !priv) {
		snprintf(err, errlen,
			 "%s holds a public key; signing needs the private key",
			 path);
		goto fail;
	}
	if (mvimage_key_adopt(k, priv, why, sizeof(why))) {
		snprintf(err, errlen, "%s: %s", path, why);
		goto fail;
	}
	return 0;
fail:
	mbedtls_pk_free(&k->pk);
	return -1;
}

void mvimage_key_free(struct mvimage_key *k)
{
	mbedtls_pk_free(&k->pk);
}

void mvimage_key_trusted(const struct mvimage_key *k, struct mvimg_key *out)
{
	out->alg = k->alg;
	out->spki = k->spki;
	out->spki_len = k->spki_len;
	memcpy(out->id, k->id, MVIMG_KEY_ID_SIZE);
}

int mvimage_sign(struct mvimage_key *k, const u8 *tbs, u64 len,
		 int (*f_rng)(void *, unsigned char *, size_t), void *p_rng,
		 u8 *sig, u32 *sig_len, char *err, size_t errlen)
{
	u8 hash[MVIMG_HASH_SIZE];
	/* mbedtls_pk_sign may write up to MBEDTLS_PK_SIGNATURE_MAX_SIZE. */
	u8 buf[MBEDTLS_PK_SIGNATURE_MAX_SIZE > MVIMG_SIG_MAX
		       ? MBEDTLS_PK_SIGNATURE_MAX_SIZE
		       : MVIMG_SIG_MAX];
	size_t n = 0;
	int rc;

	if (!k->has_private) {
		snprintf(err, errlen, "signing needs a private key");
		return -1;
	}
	/* What the signature covers depends on the format (v2: the header);
	 * anything shorter than a header is signed whole. */
	if (len >= MVIMG_HEADER_SIZE)
		len = mvimg_signed_len(mvimg_get16(tbs + MVIMG_H_VERSION), len);
	mbedtls_sha256_ret(tbs, len, hash, 0);
	if (k->alg == MVIMG_ALG_ECDSA_P256) {
		rc = mbedtls_pk_sign(&k->pk, MBEDTLS_MD_SHA256, hash,
				     sizeof(hash), buf, &n, f_rng, p_rng);
	} else {
		mbedtls_rsa_context *rsa = mbedtls_pk_rsa(k->pk);

		/* Without V21 padding set, the PSS call refuses to run. */
		mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V21,
					MBEDTLS_MD_SHA256);
		rc = mbedtls_rsa_rsassa_pss_sign_ext(
			rsa, f_rng, p_rng, MBEDTLS_MD_SHA256, sizeof(hash),
			hash, MVIMG_PSS_SALT_LEN, buf);
		n = mbedtls_rsa_get_len(rsa);
	}
	if (rc) {
		mbed_err(err, errlen, "signing failed", rc);
		return -1;
	}
	if (n > MVIMG_SIG_MAX) {
		snprintf(err, errlen, "signature of %zu bytes is too long", n);
		return -1;
	}
	memcpy(sig, buf, n);
	*sig_len = (u32)n;
	return 0;
}
