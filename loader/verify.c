/* loader/verify.c - verifies an MVIMG image with mbedTLS; the same source runs at EL2 and in the mvimage host tool. */
#include <stdarg.h>
#include <string.h>

#include "mbedtls/ecp.h"
#include "mbedtls/md.h"
#include "mbedtls/pk.h"
#include "mbedtls/rsa.h"
#include "mbedtls/sha256.h"

#include "lib/fmt.h"
#include "loader/sha256.h"
#include "loader/verify.h"

/*
 * A rejection: one line in the caller's buffer (lib/fmt's string builder;
 * the verifier allocates nothing) and one error code.
 */
struct msg {
	struct sbuf sb;
};

static void msg_init(struct msg *m, char *buf, size_t cap)
{
	sbuf_init(&m->sb, buf, cap);
}

/* Writes the message (replacing any earlier one) and returns code. */
static int __attribute__((format(printf, 3, 4)))
reject(struct msg *m, int code, const char *fmt, ...)
{
	va_list ap;

	sbuf_reset(&m->sb);
	va_start(ap, fmt);
	sbuf_vprintf(&m->sb, fmt, ap);
	va_end(ap);
	return code;
}

/* A key id in hex, for messages. */
#define KEY_HEX(id) key_hex((id), (char[2 * MVIMG_KEY_ID_SIZE + 1]){0})

static const char *key_hex(const u8 *id, char *buf)
{
	struct sbuf sb;

	sbuf_init(&sb, buf, 2 * MVIMG_KEY_ID_SIZE + 1);
	sbuf_hex_bytes(&sb, id, MVIMG_KEY_ID_SIZE);
	return buf;
}

/* ---- names ------------------------------------------------------------- */

const char *mvimg_alg_name(u32 alg)
{
	switch (alg) {
	case MVIMG_ALG_ECDSA_P256: return "ECDSA-P256-SHA256";
	case MVIMG_ALG_RSA3072_PSS: return "RSA3072-PSS-SHA256";
	}
	return "unknown algorithm";
}

const char *mvimg_seg_name(u32 type)
{
	switch (type) {
	case MVIMG_SEG_KERNEL: return "KERNEL";
	case MVIMG_SEG_INITRD: return "INITRD";
	case MVIMG_SEG_CMDLINE: return "CMDLINE";
	case MVIMG_SEG_GUEST_DTB: return "GUEST_DTB";
	}
	return "unknown";
}

const char *mvimg_strerror(int code)
{
	static const char *const names[MVIMG_E_COUNT_] = {
		[MVIMG_OK] = "ok",
		[MVIMG_E_ARG] = "bad arguments",
		[MVIMG_E_TOO_SHORT] = "image too short",
		[MVIMG_E_MAGIC] = "bad magic",
		[MVIMG_E_VERSION] = "unsupported format version",
		[MVIMG_E_HEADER_SIZE] = "bad header size",
		[MVIMG_E_SIGNED_SIZE] = "bad signed size",
		[MVIMG_E_LENGTH] = "image length mismatch",
		[MVIMG_E_TRAILER_MAGIC] = "bad trailer magic",
		[MVIMG_E_SIG_ALG] = "unknown signature algorithm",
		[MVIMG_E_SIG_LEN] = "bad signature length",
		[MVIMG_E_KEY_TABLE] = "broken trusted key table",
		[MVIMG_E_NO_KEY] = "no trusted key for the algorithm",
		[MVIMG_E_UNKNOWN_KEY] = "unknown key id",
		[MVIMG_E_BAD_SIGNATURE] = "signature does not verify",
		[MVIMG_E_CRYPTO] = "mbedTLS failure",
		[MVIMG_E_ALG_MISMATCH] = "algorithm mismatch",
		[MVIMG_E_KEY_ID_MISMATCH] = "key id mismatch",
		[MVIMG_E_TRAILER_RESERVED] = "non-zero trailer padding",
		[MVIMG_E_FLAGS] = "unknown flags",
		[MVIMG_E_RESERVED] = "non-zero reserved bytes",
		[MVIMG_E_DESCRIPTION] = "bad description",
		[MVIMG_E_SEG_COUNT] = "bad segment count",
		[MVIMG_E_SEG_UNUSED] = "unused segment entry not zero",
		[MVIMG_E_SEG_TYPE] = "unknown segment type",
		[MVIMG_E_SEG_DUP] = "duplicate segment type",
		[MVIMG_E_SEG_FLAGS] = "unknown segment flags",
		[MVIMG_E_SEG_EMPTY] = "empty segment",
		[MVIMG_E_SEG_ALIGN] = "unaligned segment",
		[MVIMG_E_SEG_RANGE] = "segment outside the signed range",
		[MVIMG_E_SEG_ORDER] = "segments out of order",
		[MVIMG_E_SEG_OVERLAP] = "segments overlap",
		[MVIMG_E_SEG_LAYOUT] = "non-canonical segment layout",
		[MVIMG_E_NO_KERNEL] = "no kernel segment",
		[MVIMG_E_PADDING] = "non-zero padding",
		[MVIMG_E_SEG_HASH] = "segment hash mismatch",
		[MVIMG_E_SEG_SIZE] = "segment too large",
		[MVIMG_E_CMDLINE] = "bad command line",
		[MVIMG_E_DTB] = "bad guest DTB",
		[MVIMG_E_MEM_SIZE] = "bad guest memory size",
		[MVIMG_E_LINUX] = "bad arm64 Image header",
		[MVIMG_E_LOAD] = "bad load offset",
		[MVIMG_E_LOAD_OVERLAP] = "load destinations overlap",
		[MVIMG_E_ENTRY] = "bad entry point",
		[MVIMG_E_COUNTER] = "security counter below the floor",
	};

	if (code < 0 || code >= MVIMG_E_COUNT_ || !names[code])
		return "unknown error";
	return names[code];
}

const struct mvimg_segment *mvimg_find_segment(const struct mvimg_info *info,
					       u32 type)
{
	for (u32 i = 0; i < info->segment_count && i < MVIMG_MAX_SEGMENTS; i++)
		if (info->seg[i].type == type)
			return &info->seg[i];
	return NULL;
}

/* ---- helpers ----------------------------------------------------------- */

/* Offset of the first non-zero byte in p[0, n), or n if there is none. */
static u64 first_nonzero(const u8 *p, u64 n)
{
	for (u64 i = 0; i < n; i++)
		if (p[i])
			return i;
	return n;
}

static int sha256(const u8 *p, u64 n, u8 out[MVIMG_HASH_SIZE])
{
	mvimg_sha256(p, n, out);
	return 0;
}

/*
 * mbedTLS folds a low-level error into a high-level one by addition; out of
 * memory shows up as the MPI/ASN.1 low part or the PK/ECP high part. It is
 * reported apart from "does not verify" so a too-small EL2 heap is not
 * mistaken for a bad image.
 */
static bool is_alloc_error(int rc)
{
	int v = -rc;

	if (rc >= 0)
		return false;
	return (v & 0x7f) == 0x10 /* MPI */ || (v & 0x7f) == 0x6a /* ASN.1 */ ||
	       (v & 0xff80) == 0x3f80 /* PK */ ||
	       (v & 0xff80) == 0x4d80 /* ECP */;
}

/* ---- stage 1: the few fields read before the signature ------------------- */

struct outer {
	u32 version;
	u64 signed_size; /* v1: the end of the signed range; v2: of the body */
	u32 alg;
	u32 sig_len;
	const u8 *sig;
};

static int check_outer(const u8 *blob, u64 blob_len, struct outer *o,
		       struct msg *m)
{
	const u64 min = MVIMG_HEADER_SIZE + MVIMG_TRAILER_SIZE;
	const u8 *t;
	u64 total, ss;
	u32 v;

	if (blob_len < min)
		return reject(m, MVIMG_E_TOO_SHORT,
			      "image is %lu bytes, shorter than a header and a "
			      "trailer (%lu)",
			      blob_len, min);
	if (memcmp(blob + MVIMG_H_MAGIC, MVIMG_MAGIC, 4))
		return reject(m, MVIMG_E_MAGIC,
			      "bad magic (not an MVIMG image)");
	v = mvimg_get16(blob + MVIMG_H_VERSION);
	o->version = v;
	if (v < MVIMG_VERSION_MIN || v > MVIMG_VERSION)
		return reject(m, MVIMG_E_VERSION,
			      "unsupported format version %lu", (u64)v);
	v = mvimg_get16(blob + MVIMG_H_HEADER_SIZE);
	if (v != MVIMG_HEADER_SIZE)
		return reject(m, MVIMG_E_HEADER_SIZE,
			      "header size is %lu, expected %lu", (u64)v,
			      (u64)MVIMG_HEADER_SIZE);
	ss = mvimg_get64(blob + MVIMG_H_SIGNED_SIZE);
	if (ss < MVIMG_HEADER_SIZE || ss > MVIMG_MAX_SIGNED_SIZE)
		return reject(m, MVIMG_E_SIGNED_SIZE,
			      "signed size %lu is outside [%lu, %lu]", ss,
			      (u64)MVIMG_HEADER_SIZE,
			      (u64)MVIMG_MAX_SIGNED_SIZE);
	if (__builtin_add_overflow(ss, (u64)MVIMG_TRAILER_SIZE, &total) ||
	    total != blob_len)
		return reject(m, MVIMG_E_LENGTH,
			      "image is %lu bytes but header+trailer say %lu",
			      blob_len, ss + MVIMG_TRAILER_SIZE);

	t = blob + ss;
	if (memcmp(t + MVIMG_T_MAGIC, MVIMG_TRAILER_MAGIC, 4))
		return reject(m, MVIMG_E_TRAILER_MAGIC,
			      "bad trailer magic at offset %#lx", ss);
	o->signed_size = ss;
	o->alg = mvimg_get32(t + MVIMG_T_SIG_ALG);
	o->sig_len = mvimg_get32(t + MVIMG_T_SIG_LEN);
	o->sig = t + MVIMG_T_SIG;
	switch (o->alg) {
	case MVIMG_ALG_ECDSA_P256:
		if (o->sig_len < MVIMG_ECDSA_SIG_MIN ||
		    o->sig_len > MVIMG_ECDSA_SIG_MAX)
			return reject(m, MVIMG_E_SIG_LEN,
				      "ECDSA signature length %lu is outside "
				      "[%lu, %lu]",
				      (u64)o->sig_len, (u64)MVIMG_ECDSA_SIG_MIN,
				      (u64)MVIMG_ECDSA_SIG_MAX);
		break;
	case MVIMG_ALG_RSA3072_PSS:
		if (o->sig_len != MVIMG_PSS_SIG_LEN)
			return reject(m, MVIMG_E_SIG_LEN,
				      "RSA-3072-PSS signature length is %lu, "
				      "expected %lu",
				      (u64)o->sig_len, (u64)MVIMG_PSS_SIG_LEN);
		break;
	default:
		return reject(m, MVIMG_E_SIG_ALG,
			      "unknown signature algorithm %lu in the trailer",
			      (u64)o->alg);
	}
	return MVIMG_OK;
}

/* ---- stage 2: the signature --------------------------------------------- */

/* Is the parsed key of the kind the table entry claims? */
static bool key_matches_alg(mbedtls_pk_context *pk, u32 alg)
{
	switch (alg) {
	case MVIMG_ALG_ECDSA_P256:
		return mbedtls_pk_get_type(pk) == MBEDTLS_PK_ECKEY &&
		       mbedtls_pk_ec(*pk)->grp.id == MBEDTLS_ECP_DP_SECP256R1;
	case MVIMG_ALG_RSA3072_PSS:
		return mbedtls_pk_get_type(pk) == MBEDTLS_PK_RSA &&
		       mbedtls_pk_get_bitlen(pk) == 3072;
	}
	return false;
}

/*
 * Checks one trusted key against the signature. Returns MVIMG_OK if it
 * verifies, MVIMG_E_BAD_SIGNATURE if not, another code (with a message) if
 * the key table or mbedTLS is at fault.
 */
static int try_key(const struct mvimg_key *k, u32 idx,
		   const u8 hash[MVIMG_HASH_SIZE], const struct outer *o,
		   struct msg *m)
{
	mbedtls_pk_context pk;
	u8 id[MVIMG_HASH_SIZE];
	int rc;

	if (!k->spki || !k->spki_len || k->spki_len > MVIMG_SPKI_MAX)
		return reject(m, MVIMG_E_KEY_TABLE,
			      "trusted key %lu has no usable public key bytes",
			      (u64)idx);
	if (sha256(k->spki, k->spki_len, id))
		return reject(m, MVIMG_E_CRYPTO, "SHA-256 failed");
	if (memcmp(id, k->id, sizeof(id)))
		return reject(m, MVIMG_E_KEY_TABLE,
			      "trusted key %lu: its id is not the SHA-256 of "
			      "its public key",
			      (u64)idx);

	mbedtls_pk_init(&pk);
	rc = mbedtls_pk_parse_public_key(&pk, k->spki, k->spki_len);
	if (rc) {
		mbedtls_pk_free(&pk);
		if (is_alloc_error(rc))
			return reject(m, MVIMG_E_CRYPTO,
				      "out of memory parsing trusted key %lu "
				      "(mbedTLS -%#lx)",
				      (u64)idx, (u64)-rc);
		return reject(
			m, MVIMG_E_KEY_TABLE,
			"trusted key %lu cannot be parsed (mbedTLS -%#lx)",
			(u64)idx, (u64)-rc);
	}
	if (!key_matches_alg(&pk, k->alg)) {
		mbedtls_pk_free(&pk);
		return reject(m, MVIMG_E_KEY_TABLE,
			      "trusted key %lu is not a %s key", (u64)idx,
			      mvimg_alg_name(k->alg));
	}

	if (k->alg == MVIMG_ALG_ECDSA_P256) {
		/* DER SEQUENCE{r, s}; trailing bytes are refused by mbedTLS. */
		rc = mbedtls_pk_verify(&pk, MBEDTLS_MD_SHA256, hash,
				       MVIMG_HASH_SIZE, o->sig, o->sig_len);
	} else {
		/*
		 * mbedtls_pk_verify would use PKCS#1 v1.5 on an RSA key; PSS
		 * needs the _ext call, with the salt pinned: the "any salt"
		 * option would accept signatures made with other parameters.
		 */
		const mbedtls_pk_rsassa_pss_options pss = {
			.mgf1_hash_id = MBEDTLS_MD_SHA256,
			.expected_salt_len = MVIMG_PSS_SALT_LEN,
		};

		rc = mbedtls_pk_verify_ext(MBEDTLS_PK_RSASSA_PSS, &pss, &pk,
					   MBEDTLS_MD_SHA256, hash,
					   MVIMG_HASH_SIZE, o->sig, o->sig_len);
	}
	mbedtls_pk_free(&pk);
	if (rc && is_alloc_error(rc))
		return reject(m, MVIMG_E_CRYPTO,
			      "out of memory verifying with trusted key %lu "
			      "(mbedTLS -%#lx)",
			      (u64)idx, (u64)-rc);
	/* Only an exact 0 means verified. */
	return rc == 0 ? MVIMG_OK : MVIMG_E_BAD_SIGNATURE;
}

/*
 * Nothing verified. The header's key id is unsigned here, so it is read
 * only to word the message: which of "unknown key", "wrong algorithm" or
 * "bad signature" the image most likely suffers from.
 */
static int explain_failure(const u8 *blob, const struct mvimg_keyring *keys,
			   u32 alg, u32 tried, struct msg *m)
{
	const u8 *id = blob + MVIMG_H_KEY_ID;

	for (u32 i = 0; i < keys->count; i++) {
		const struct mvimg_key *k = &keys->keys[i];

		if (memcmp(k->id, id, MVIMG_KEY_ID_SIZE))
			continue;
		if (k->alg != alg)
			return reject(m, MVIMG_E_ALG_MISMATCH,
				      "image is signed with %s but its key %s "
				      "is trusted for %s only",
				      mvimg_alg_name(alg), KEY_HEX(id),
				      mvimg_alg_name(k->alg));
		return reject(m, MVIMG_E_BAD_SIGNATURE,
			      "signature does not verify (key %lu, id %s)",
			      (u64)i, KEY_HEX(id));
	}
	if (!tried)
		return reject(m, MVIMG_E_NO_KEY,
			      "no trusted key for %s; unknown key id %s",
			      mvimg_alg_name(alg), KEY_HEX(id));
	return reject(m, MVIMG_E_UNKNOWN_KEY, "unknown key id %s", KEY_HEX(id));
}

static int check_signature(const u8 *blob, const struct outer *o,
			   const struct mvimg_keyring *keys, u32 *key_index,
			   struct msg *m)
{
	u8 hash[MVIMG_HASH_SIZE];
	u32 tried = 0;
	int rc;

	/* v1 signs the whole body; v2 the header, whose segment hashes then
	 * cover the segments (each byte is hashed once). */
	if (sha256(blob, mvimg_signed_len(o->version, o->signed_size), hash))
		return reject(m, MVIMG_E_CRYPTO, "SHA-256 failed");

	/*
	 * Every key of the trailer's algorithm is tried, rather than looking
	 * the key up by the header's key id: before the signature only the
	 * size fields may be read. A key table holds a handful of keys.
	 */
	for (u32 i = 0; i < keys->count; i++) {
		if (keys->keys[i].alg != o->alg)
			continue;
		tried++;
		rc = try_key(&keys->keys[i], i, hash, o, m);
		if (rc == MVIMG_OK) {
			*key_index = i;
			return MVIMG_OK;
		}
		if (rc != MVIMG_E_BAD_SIGNATURE)
			return rc;
	}
	return explain_failure(blob, keys, o->alg, tried, m);
}

/* ---- stage 3: everything else, now that it is signed -------------------- */

static int check_trailer_rest(const u8 *blob, const struct outer *o,
			      struct msg *m)
{
	const u8 *t = blob + o->signed_size;
	u64 nz;

	if (mvimg_get32(t + MVIMG_T_RESERVED))
		return reject(m, MVIMG_E_TRAILER_RESERVED,
			      "trailer reserved field is not zero");
	nz = first_nonzero(o->sig + o->sig_len, MVIMG_SIG_MAX - o->sig_len);
	if (nz != MVIMG_SIG_MAX - o->sig_len)
		return reject(m, MVIMG_E_TRAILER_RESERVED,
			      "non-zero byte at offset %#lx after the %lu-byte "
			      "signature",
			      o->signed_size + MVIMG_T_SIG + o->sig_len + nz,
			      (u64)o->sig_len);
	return MVIMG_OK;
}

static int check_description(const u8 *blob, char *out, struct msg *m)
{
	const u8 *d = blob + MVIMG_H_DESCRIPTION;
	u64 len = 0, nz;

	while (len < MVIMG_DESC_SIZE && d[len])
		len++;
	if (len == MVIMG_DESC_SIZE)
		return reject(m, MVIMG_E_DESCRIPTION,
			      "description is not NUL-terminated");
	for (u64 i = 0; i < len; i++)
		if (d[i] < 0x20 || d[i] == 0x7f)
			return reject(m, MVIMG_E_DESCRIPTION,
				      "description has control character %#lx "
				      "at byte %lu",
				      (u64)d[i], i);
	nz = first_nonzero(d + len, MVIMG_DESC_SIZE - len);
	if (nz != MVIMG_DESC_SIZE - len)
		return reject(m, MVIMG_E_DESCRIPTION,
			      "description has non-zero byte %lu after its NUL",
			      len + nz);
	memcpy(out, d, MVIMG_DESC_SIZE);
	return MVIMG_OK;
}

static int check_header_misc(const u8 *blob, const struct mvimg_key *key,
			     struct mvimg_info *info, struct msg *m)
{
	u64 nz;
	u32 v;

	/* The key fixes the algorithm; the signed header must agree. */
	v = mvimg_get32(blob + MVIMG_H_SIG_ALG);
	if (v != key->alg)
		return reject(
			m, MVIMG_E_ALG_MISMATCH,
			"header says algorithm %lu but the image verified "
			"with a %s key",
			(u64)v, mvimg_alg_name(key->alg));
	if (memcmp(blob + MVIMG_H_KEY_ID, key->id, MVIMG_KEY_ID_SIZE))
		return reject(m, MVIMG_E_KEY_ID_MISMATCH,
			      "header key id %s is not the id of the key that "
			      "verified it (%s)",
			      KEY_HEX(blob + MVIMG_H_KEY_ID), KEY_HEX(key->id));
	v = mvimg_get32(blob + MVIMG_H_FLAGS);
	if (v & ~MVIMG_F_KNOWN)
		return reject(m, MVIMG_E_FLAGS, "unknown header flags %#lx",
			      (u64)(v & ~MVIMG_F_KNOWN));
	info->flags = v;
	if (mvimg_get32(blob + MVIMG_H_RESERVED0))
		return reject(m, MVIMG_E_RESERVED,
			      "reserved header bytes at %#lx are not zero",
			      (u64)MVIMG_H_RESERVED0);
	nz = first_nonzero(blob + MVIMG_H_RESERVED1, MVIMG_RESERVED1_SIZE);
	if (nz != MVIMG_RESERVED1_SIZE)
		return reject(m, MVIMG_E_RESERVED,
			      "reserved header byte at %#lx is not zero",
			      MVIMG_H_RESERVED1 + nz);
	return check_description(blob, info->description, m);
}

/*
 * The segment table. The layout is canonical: segment 0 at 4 KiB, each next
 * one at the first 4 KiB boundary after the previous, the signed range ending
 * with the last. So one set of contents has exactly one encoding, and no
 * signed byte is left that nothing accounts for. Checked in three passes so
 * the message names the most specific fault: each entry on its own, then
 * order and overlap, then the canonical positions.
 */
static int check_segment_table(const u8 *blob, u64 ss, struct mvimg_info *info,
			       struct msg *m)
{
	u32 count = mvimg_get32(blob + MVIMG_H_SEG_COUNT);
	u32 seen[MVIMG_SEG_TYPE_MAX + 1];
	u64 expect = MVIMG_FIRST_SEG_OFF, end = 0;

	if (count < 1 || count > MVIMG_MAX_SEGMENTS)
		return reject(m, MVIMG_E_SEG_COUNT,
			      "segment count %lu is outside 1..%lu", (u64)count,
			      (u64)MVIMG_MAX_SEGMENTS);
	for (u32 i = count; i < MVIMG_MAX_SEGMENTS; i++)
		if (first_nonzero(blob + MVIMG_SEG(i), MVIMG_SEG_SIZE) !=
		    MVIMG_SEG_SIZE)
			return reject(
				m, MVIMG_E_SEG_UNUSED,
				"unused segment entry %lu is not all zero",
				(u64)i);
	for (u32 t = 0; t <= MVIMG_SEG_TYPE_MAX; t++)
		seen[t] = MVIMG_MAX_SEGMENTS;

	for (u32 i = 0; i < count; i++) {
		const u8 *s = blob + MVIMG_SEG(i);
		struct mvimg_segment *g = &info->seg[i];
		u32 type = mvimg_get32(s + MVIMG_S_TYPE);
		u32 flags = mvimg_get32(s + MVIMG_S_FLAGS);
		u64 off = mvimg_get64(s + MVIMG_S_FILE_OFF);
		u64 size = mvimg_get64(s + MVIMG_S_SIZE);
		const char *name = mvimg_seg_name(type);

		if (type < 1 || type > MVIMG_SEG_TYPE_MAX)
			return reject(m, MVIMG_E_SEG_TYPE,
				      "segment %lu has unknown type %lu",
				      (u64)i, (u64)type);
		if (seen[type] != MVIMG_MAX_SEGMENTS)
			return reject(m, MVIMG_E_SEG_DUP,
				      "segments %lu and %lu are both %s",
				      (u64)seen[type], (u64)i, name);
		seen[type] = i;
		if (flags)
			return reject(m, MVIMG_E_SEG_FLAGS,
				      "segment %lu (%s) has unknown flags %#lx",
				      (u64)i, name, (u64)flags);
		if (!size)
			return reject(m, MVIMG_E_SEG_EMPTY,
				      "segment %lu (%s) is empty", (u64)i,
				      name);
		if (!IS_ALIGNED(off, MVIMG_SEG_ALIGN))
			return reject(
				m, MVIMG_E_SEG_ALIGN,
				"segment %lu (%s) file offset %#lx is not "
				"4 KiB aligned",
				(u64)i, name, off);
		if (off < MVIMG_FIRST_SEG_OFF ||
		    __builtin_add_overflow(off, size, &end) || end > ss)
			return reject(
				m, MVIMG_E_SEG_RANGE,
				"segment %lu (%s) at %#lx size %#lx is outside "
				"the segment area [%#lx, %#lx)",
				(u64)i, name, off, size,
				(u64)MVIMG_FIRST_SEG_OFF, ss);
		if (type == MVIMG_SEG_CMDLINE && size > MVIMG_CMDLINE_MAX)
			return reject(
				m, MVIMG_E_SEG_SIZE,
				"command line is %lu bytes, more than %lu",
				size, (u64)MVIMG_CMDLINE_MAX);
		if (type == MVIMG_SEG_GUEST_DTB && size > MVIMG_DTB_MAX)
			return reject(m, MVIMG_E_SEG_SIZE,
				      "guest DTB is %lu bytes, more than %lu",
				      size, (u64)MVIMG_DTB_MAX);
		g->type = type;
		g->file_offset = off;
		g->size = size;
		g->load_offset = mvimg_get64(s + MVIMG_S_LOAD_OFF);
		memcpy(g->sha256, s + MVIMG_S_SHA256, MVIMG_HASH_SIZE);
	}
	if (seen[MVIMG_SEG_KERNEL] == MVIMG_MAX_SEGMENTS)
		return reject(m, MVIMG_E_NO_KERNEL, "no KERNEL segment");

	/* Every end is <= ss <= 1 GiB from here on: no sum can wrap. */
	for (u32 i = 1; i < count; i++) {
		const struct mvimg_segment *a = &info->seg[i - 1];
		const struct mvimg_segment *b = &info->seg[i];

		if (b->file_offset < a->file_offset)
			return reject(
				m, MVIMG_E_SEG_ORDER,
				"segments %lu and %lu are not in file order",
				(u64)(i - 1), (u64)i);
		if (b->file_offset < a->file_offset + a->size)
			return reject(m, MVIMG_E_SEG_OVERLAP,
				      "segments %lu and %lu overlap",
				      (u64)(i - 1), (u64)i);
	}
	for (u32 i = 0; i < count; i++) {
		const struct mvimg_segment *g = &info->seg[i];

		if (g->file_offset != expect)
			return reject(m, MVIMG_E_SEG_LAYOUT,
				      "segment %lu (%s) starts at %#lx, "
				      "expected %#lx "
				      "(the first 4 KiB boundary after what "
				      "precedes it)",
				      (u64)i, mvimg_seg_name(g->type),
				      g->file_offset, expect);
		end = g->file_offset + g->size;
		expect = ALIGN_UP(end, MVIMG_SEG_ALIGN);
	}
	if (end != ss)
		return reject(
			m, MVIMG_E_SEG_LAYOUT,
			"the signed range ends at %#lx but the last segment "
			"ends at %#lx",
			ss, end);
	info->segment_count = count;
	return MVIMG_OK;
}

/* Padding between the header and segment 0 and between segments is zero. */
static int check_padding(const u8 *blob, const struct mvimg_info *info,
			 struct msg *m)
{
	u64 from = MVIMG_HEADER_SIZE;

	for (u32 i = 0; i < info->segment_count; i++) {
		const struct mvimg_segment *g = &info->seg[i];
		u64 nz = first_nonzero(blob + from, g->file_offset - from);

		if (nz != g->file_offset - from)
			return reject(m, MVIMG_E_PADDING,
				      "non-zero padding byte at offset %#lx "
				      "(before segment %lu)",
				      from + nz, (u64)i);
		from = g->file_offset + g->size;
	}
	return MVIMG_OK;
}

static int check_contents(const u8 *blob, const struct mvimg_info *info,
			  struct msg *m)
{
	for (u32 i = 0; i < info->segment_count; i++) {
		const struct mvimg_segment *g = &info->seg[i];
		const u8 *p = blob + g->file_offset;
		u8 h[MVIMG_HASH_SIZE];

		if (sha256(p, g->size, h))
			return reject(m, MVIMG_E_CRYPTO, "SHA-256 failed");
		if (memcmp(h, g->sha256, sizeof(h)))
			return reject(m, MVIMG_E_SEG_HASH,
				      "segment %lu (%s) does not match its "
				      "SHA-256",
				      (u64)i, mvimg_seg_name(g->type));

		if (g->type == MVIMG_SEG_CMDLINE) {
			/* One NUL, at the end; printable ASCII before it. */
			if (p[g->size - 1])
				return reject(m, MVIMG_E_CMDLINE,
					      "command line is not "
					      "NUL-terminated");
			for (u64 j = 0; j + 1 < g->size; j++)
				if (p[j] < 0x20 || p[j] > 0x7e)
					return reject(m, MVIMG_E_CMDLINE,
						      "command line has byte "
						      "%#lx at %lu (only "
						      "printable ASCII and "
						      "one final NUL)",
						      (u64)p[j], j);
		}
		if (g->type == MVIMG_SEG_GUEST_DTB) {
			u32 magic, total;

			if (g->size < 8)
				return reject(m, MVIMG_E_DTB,
					      "guest DTB is too small");
			magic = (u32)p[0] << 24 | (u32)p[1] << 16 |
				(u32)p[2] << 8 | p[3];
			total = (u32)p[4] << 24 | (u32)p[5] << 16 |
				(u32)p[6] << 8 | p[7];
			if (magic != MVIMG_FDT_MAGIC)
				return reject(m, MVIMG_E_DTB,
					      "guest DTB does not start with "
					      "the FDT magic");
			if (total != g->size)
				return reject(m, MVIMG_E_DTB,
					      "guest DTB header says %lu bytes "
					      "but the segment has %lu",
					      (u64)total, g->size);
		}
	}
	return MVIMG_OK;
}

/*
 * For a LINUX image, the kernel is an arm64 Image (booting.rst): its header
 * gives the bytes it needs from its start (image_size, BSS included) and
 * the offset from a 2 MiB boundary it must sit at (text_offset).
 */
static int check_linux(const u8 *blob, struct mvimg_segment *k, struct msg *m)
{
	const u8 *p = blob + k->file_offset;
	u64 text_offset, image_size;

	if (k->size < MVIMG_ARM64_HDR_SIZE)
		return reject(m, MVIMG_E_LINUX,
			      "LINUX image: kernel is %lu bytes, smaller than "
			      "an arm64 Image header",
			      k->size);
	if (mvimg_get32(p + MVIMG_ARM64_MAGIC_OFF) != MVIMG_ARM64_MAGIC)
		return reject(m, MVIMG_E_LINUX,
			      "LINUX image: the kernel has no arm64 Image "
			      "magic");
	if (mvimg_get64(p + MVIMG_ARM64_FLAGS) & MVIMG_ARM64_BE)
		return reject(m, MVIMG_E_LINUX,
			      "LINUX image: the kernel is big-endian");
	text_offset = mvimg_get64(p + MVIMG_ARM64_TEXT_OFFSET);
	image_size = mvimg_get64(p + MVIMG_ARM64_IMAGE_SIZE);
	if (!image_size)
		return reject(m, MVIMG_E_LINUX,
			      "LINUX image: the kernel's image_size is 0 "
			      "(pre-3.17 kernels are not supported)");
	if (image_size > MVIMG_MAX_GUEST_MEM || text_offset >= SZ_2M)
		return reject(m, MVIMG_E_LINUX,
			      "LINUX image: kernel image_size %#lx or "
			      "text_offset %#lx is out of range",
			      image_size, text_offset);
	if (k->load_offset != MVIMG_LOAD_NONE &&
	    (k->load_offset < text_offset ||
	     !IS_ALIGNED(k->load_offset - text_offset, SZ_2M)))
		return reject(m, MVIMG_E_LINUX,
			      "LINUX image: kernel load offset %#lx is not a "
			      "2 MiB boundary plus text_offset %#lx",
			      k->load_offset, text_offset);
	k->footprint = image_size > k->size ? image_size : k->size;
	return MVIMG_OK;
}

static int check_placement(const u8 *blob, struct mvimg_info *info,
			   struct msg *m)
{
	u64 mem = mvimg_get64(blob + MVIMG_H_GUEST_MEM);
	u64 entry = mvimg_get64(blob + MVIMG_H_ENTRY);
	struct mvimg_segment *kernel = NULL;
	int rc;

	if (!mem || mem > MVIMG_MAX_GUEST_MEM ||
	    !IS_ALIGNED(mem, MVIMG_GUEST_MEM_ALIGN))
		return reject(
			m, MVIMG_E_MEM_SIZE,
			"guest memory size %#lx is not a non-zero multiple "
			"of 2 MiB up to %#lx",
			mem, (u64)MVIMG_MAX_GUEST_MEM);
	info->guest_mem_size = mem;

	for (u32 i = 0; i < info->segment_count; i++) {
		struct mvimg_segment *g = &info->seg[i];

		g->footprint = 0;
		if (g->type == MVIMG_SEG_KERNEL) {
			kernel = g;
			g->footprint = g->size;
		}
		if (g->type == MVIMG_SEG_INITRD)
			g->footprint = g->size;
	}
	if ((info->flags & MVIMG_F_LINUX) &&
	    (rc = check_linux(blob, kernel, m)))
		return rc;

	for (u32 i = 0; i < info->segment_count; i++) {
		struct mvimg_segment *g = &info->seg[i];
		const char *name = mvimg_seg_name(g->type);
		u64 end;

		if (!g->footprint) {
			/* CMDLINE and GUEST_DTB: read by the microvisor. */
			if (g->load_offset != MVIMG_LOAD_NONE)
				return reject(m, MVIMG_E_LOAD,
					      "segment %lu (%s) is not loaded "
					      "into guest RAM: its load offset "
					      "must be ~0, not %#lx",
					      (u64)i, name, g->load_offset);
			continue;
		}
		if (g->load_offset == MVIMG_LOAD_NONE)
			return reject(m, MVIMG_E_LOAD,
				      "segment %lu (%s) has no load offset",
				      (u64)i, name);
		if (!IS_ALIGNED(g->load_offset, MVIMG_LOAD_ALIGN))
			return reject(
				m, MVIMG_E_LOAD,
				"segment %lu (%s) load offset %#lx is not "
				"4 KiB aligned",
				(u64)i, name, g->load_offset);
		if (__builtin_add_overflow(g->load_offset, g->footprint,
					   &end) ||
		    end > mem)
			return reject(
				m, MVIMG_E_LOAD,
				"segment %lu (%s) at %#lx size %#lx does not "
				"fit in %#lx bytes of guest memory",
				(u64)i, name, g->load_offset, g->footprint,
				mem);
		/* mem >= 2 MiB > the area: no underflow. */
		if (end > mem - MVIMG_GUEST_DTB_AREA)
			return reject(
				m, MVIMG_E_LOAD,
				"segment %lu (%s) at %#lx size %#lx reaches "
				"into the last %lu bytes of its %#lx bytes "
				"of guest memory, which hold the device "
				"tree",
				(u64)i, name, g->load_offset, g->footprint,
				(u64)MVIMG_GUEST_DTB_AREA, mem);
		for (u32 j = 0; j < i; j++) {
			const struct mvimg_segment *h = &info->seg[j];

			/* Both ends are <= mem, so these sums are safe. */
			if (h->footprint &&
			    g->load_offset < h->load_offset + h->footprint &&
			    h->load_offset < end)
				return reject(m, MVIMG_E_LOAD_OVERLAP,
					      "segments %lu and %lu overlap in "
					      "guest memory",
					      (u64)j, (u64)i);
		}
	}

	if (info->flags & MVIMG_F_LINUX) {
		/* booting.rst: jump to the first byte of the Image. */
		if (entry != kernel->load_offset)
			return reject(m, MVIMG_E_ENTRY,
				      "LINUX image: entry %#lx must be the "
				      "kernel's load offset %#lx",
				      entry, kernel->load_offset);
	} else if (entry < kernel->load_offset ||
		   entry - kernel->load_offset >= kernel->size) {
		return reject(m, MVIMG_E_ENTRY,
			      "entry %#lx is outside the kernel [%#lx, %#lx)",
			      entry, kernel->load_offset,
			      kernel->load_offset + kernel->size);
	} else if (!IS_ALIGNED(entry, 4)) {
		return reject(m, MVIMG_E_ENTRY,
			      "entry %#lx is not 4-byte aligned", entry);
	}
	info->entry_offset = entry;
	return MVIMG_OK;
}

static int check_signed(const u8 *blob, const struct outer *o,
			const struct mvimg_key *key, u64 floor,
			struct mvimg_info *info, struct msg *m)
{
	u64 counter;
	int rc;

	if ((rc = check_header_misc(blob, key, info, m)) ||
	    (rc = check_trailer_rest(blob, o, m)) ||
	    (rc = check_segment_table(blob, o->signed_size, info, m)) ||
	    (rc = check_padding(blob, info, m)) ||
	    (rc = check_contents(blob, info, m)) ||
	    (rc = check_placement(blob, info, m)))
		return rc;

	counter = mvimg_get64(blob + MVIMG_H_COUNTER);
	if (counter < floor)
		return reject(m, MVIMG_E_COUNTER,
			      "security counter %lu is below the floor %lu",
			      counter, floor);
	info->security_counter = counter;
	info->image_version = mvimg_get64(blob + MVIMG_H_IMG_VERSION);
	info->signed_size = o->signed_size;
	info->format_version = o->version;
	info->sig_alg = key->alg;
	memcpy(info->key_id, key->id, MVIMG_KEY_ID_SIZE);
	return MVIMG_OK;
}

int mvimg_verify(const u8 *blob, u64 blob_len, const struct mvimg_keyring *keys,
		 u64 counter_floor, struct mvimg_info *out, char *err,
		 size_t errlen)
{
	struct mvimg_info info;
	struct outer o = {0};
	struct msg m;
	u32 key_index = 0;
	int rc;

	msg_init(&m, err, errlen);
	if (out)
		memset(out, 0, sizeof(*out));
	if (!blob || !keys || !out || (keys->count && !keys->keys))
		return reject(&m, MVIMG_E_ARG, "no image, keys or output");
	if (!keys->count)
		return reject(&m, MVIMG_E_NO_KEY, "no trusted keys");

	memset(&info, 0, sizeof(info));
	if ((rc = check_outer(blob, blob_len, &o, &m)) ||
	    (rc = check_signature(blob, &o, keys, &key_index, &m)) ||
	    (rc = check_signed(blob, &o, &keys->keys[key_index], counter_floor,
			       &info, &m)))
		return rc;
	info.key_index = key_index;
	*out = info;
	return MVIMG_OK;
}

int mvimg_check_segment_hash(const struct mvimg_segment *seg, const void *data,
			     u64 len, char *err, size_t errlen)
{
	u8 h[MVIMG_HASH_SIZE];
	struct msg m;

	msg_init(&m, err, errlen);
	if (!seg || !data)
		return reject(&m, MVIMG_E_ARG, "no segment or data");
	if (len != seg->size)
		return reject(&m, MVIMG_E_SEG_HASH,
			      "%s copy is %lu bytes, the segment %lu",
			      mvimg_seg_name(seg->type), len, seg->size);
	if (sha256(data, len, h))
		return reject(&m, MVIMG_E_CRYPTO, "SHA-256 failed");
	if (memcmp(h, seg->sha256, sizeof(h)))
		return reject(&m, MVIMG_E_SEG_HASH,
			      "%s copy does not match its SHA-256",
			      mvimg_seg_name(seg->type));
	return MVIMG_OK;
}
