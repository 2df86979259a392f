/* loader/mvimage/mvimage.h - the mvimage host tool's image builder and key handling, shared with its tests and fuzzers. */
#ifndef MV_MVIMAGE_H
#define MV_MVIMAGE_H

#include <stdio.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/pk.h>

#include "loader/verify.h"

/* ---- building the signed range ------------------------------------------ */

struct mvimage_seg {
	u32 type; /* MVIMG_SEG_* */
	const u8 *data;
	u64 size;
	u64 load_offset; /* guest RAM offset or MVIMG_LOAD_NONE */
};

/* What goes into an image; segments are laid out in the order given. */
struct mvimage_layout {
	u32 format; /* MVIMG_VERSION_MIN..MVIMG_VERSION; 0 = MVIMG_VERSION */
	u32 flags;  /* MVIMG_F_* */
	u32 alg;    /* the signing key's MVIMG_ALG_* */
	u8 key_id[MVIMG_KEY_ID_SIZE];
	u64 counter;
	u64 version;
	u64 mem;
	u64 entry;
	const char *description; /* NULL = empty */
	u32 count;
	struct mvimage_seg seg[MVIMG_MAX_SEGMENTS];
};

/*
 * Lays out header and segments canonically (docs/image-format.md) and
 * returns the image without its trailer in a malloc'd *out; the signature
 * covers its first mvimg_signed_len() bytes. It checks only what it needs
 * to write the bytes (sizes, counts); the verifier judges the rest.
 */
int mvimage_build(const struct mvimage_layout *l, u8 **out, u64 *len, char *err,
		  size_t errlen);

/* Writes the 528-byte trailer for sig at t. */
void mvimage_write_trailer(u8 *t, u32 alg, const u8 *sig, u32 sig_len);

/* tbs followed by its trailer, in a malloc'd *out. */
int mvimage_attach(const u8 *tbs, u64 tbs_len, u32 alg, const u8 *sig,
		   u32 sig_len, u8 **out, u64 *len, char *err, size_t errlen);

/* ---- keys and signing ---------------------------------------------------- */

struct mvimage_rng {
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
};

int mvimage_rng_init(struct mvimage_rng *r, char *err, size_t errlen);
void mvimage_rng_free(struct mvimage_rng *r);

struct mvimage_key {
	mbedtls_pk_context pk;
	bool has_private;
	u32 alg; /* from the key's type and size */
	u32 spki_len;
	u8 spki[MVIMG_SPKI_MAX];  /* DER SubjectPublicKeyInfo */
	u8 id[MVIMG_KEY_ID_SIZE]; /* SHA-256 of spki */
};

/* Reads a PEM or DER key file, public or private. */
int mvimage_key_load(struct mvimage_key *k, const char *path, bool need_private,
		     char *err, size_t errlen);
/*
 * For a key whose k->pk the caller has set up (tests generate keys in
 * memory): derives alg, spki and id; refuses all but P-256 and RSA-3072.
 */
int mvimage_key_adopt(struct mvimage_key *k, bool has_private, char *err,
		      size_t errlen);
void mvimage_key_free(struct mvimage_key *k);
/* A verifier table entry pointing into k (valid while k lives). */
void mvimage_key_trusted(const struct mvimage_key *k, struct mvimg_key *out);

/*
 * Signs an image body (tbs: the image without its trailer) the way the
 * verifier expects: SHA-256 of its first mvimg_signed_len() bytes, as DER
 * ECDSA, or RSA PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt. sig has
 * MVIMG_SIG_MAX bytes.
 */
int mvimage_sign(struct mvimage_key *k, const u8 *tbs, u64 len,
		 int (*f_rng)(void *, unsigned char *, size_t), void *p_rng,
		 u8 *sig, u32 *sig_len, char *err, size_t errlen);

/* ---- the rest of the tool ------------------------------------------------ */

int mvimage_info(const char *path, const u8 *img, u64 len, FILE *f);

#endif
