/* loader/verify.h - the MVIMG verifier: one source for the EL2 microvisor and the mvimage host tool. */
#ifndef MV_VERIFY_H
#define MV_VERIFY_H

#include "loader/mvimg.h"

/*
 * A trusted key. The algorithm belongs to the key, not to the image: an
 * image is only ever checked with the algorithm of a key in this table.
 * id is SHA-256(spki); the verifier re-checks it, so a table that was edited
 * by hand cannot pair one key's id with another key's bytes.
 */
struct mvimg_key {
	u32 alg;		  /* MVIMG_ALG_* */
	u32 spki_len;		  /* <= MVIMG_SPKI_MAX */
	const u8 *spki;		  /* DER SubjectPublicKeyInfo */
	u8 id[MVIMG_KEY_ID_SIZE]; /* SHA-256 of spki */
};

struct mvimg_keyring {
	const struct mvimg_key *keys;
	u32 count;
};

/*
 * The microvisor's keys, generated at build time by loader/mkkeys.sh into
 * $(O)/keys.c. mv_keys_are_dev is true for the generated development key,
 * so the boot log can say loudly that any holder of build/ can sign images.
 */
extern const struct mvimg_keyring mv_trusted_keys;
extern const bool mv_keys_are_dev;

/* One segment of a verified image. Offsets are into the verified blob. */
struct mvimg_segment {
	u32 type;	 /* MVIMG_SEG_* */
	u64 file_offset; /* where the bytes are in the blob */
	u64 size;	 /* how many */
	u64 load_offset; /* guest RAM offset, or MVIMG_LOAD_NONE */
	/*
	 * Guest RAM reserved from load_offset: size, or for a LINUX kernel the
	 * Image header's image_size if larger (its BSS). 0 if not loaded.
	 */
	u64 footprint;
	u8 sha256[MVIMG_HASH_SIZE];
};

/* Everything the microvisor may use, all of it checked and signed. */
struct mvimg_info {
	u32 format_version; /* 1 or 2 */
	u32 flags;	    /* MVIMG_F_* */
	u32 sig_alg;	    /* = the verifying key's algorithm */
	u32 key_index;	    /* which trusted key verified it */
	u8 key_id[MVIMG_KEY_ID_SIZE];
	u64 signed_size;
	u64 security_counter;
	u64 image_version;
	u64 guest_mem_size;
	u64 entry_offset; /* guest RAM offset of the first instruction */
	u32 segment_count;
	struct mvimg_segment seg[MVIMG_MAX_SEGMENTS]; /* in file order */
	char description[MVIMG_DESC_SIZE]; /* NUL-terminated, no control chars
					    */
};

/* An err buffer of this size always holds the whole message. */
#define MVIMG_ERR_MAX 256

/*
 * mvimg_verify - check a whole image blob and describe it.
 * @blob, @blob_len: the image, header to trailer. The caller must hold it
 *   in memory nothing else can write from now until it is done with the
 *   segments (the verifier reads some bytes twice: before and after the
 *   signature check).
 * @keys: the trusted keys; only keys whose algorithm matches are tried.
 * @counter_floor: the lowest acceptable security counter.
 * @out: filled on success, zeroed on failure.
 * @err, @errlen: on failure, one NUL-terminated line saying why (truncated
 *   to errlen; MVIMG_ERR_MAX is always enough). May be NULL / 0.
 *
 * Returns MVIMG_OK (0) or one MVIMG_E_* code. Order: the fixed-offset size
 * and magic fields (and nothing else), then SHA-256 over [0, signed_size),
 * then the signature, then every other rule (docs/image-format.md).
 * Allocates nothing itself; mbedTLS allocates through mbedtls_calloc while
 * parsing keys and verifying. Reentrant: no static mutable state.
 */
int mvimg_verify(const u8 *blob, u64 blob_len, const struct mvimg_keyring *keys,
		 u64 counter_floor, struct mvimg_info *out, char *err,
		 size_t errlen);

/*
 * mvimg_check_segment_hash - re-check a segment after it was copied.
 * @seg: from a verified mvimg_info. @data, @len: the copy (len must equal
 * seg->size). Returns MVIMG_OK or MVIMG_E_SEG_HASH (with a line in err).
 */
int mvimg_check_segment_hash(const struct mvimg_segment *seg, const void *data,
			     u64 len, char *err, size_t errlen);

/* The segment of a type in a verified image, or NULL if it has none. */
const struct mvimg_segment *mvimg_find_segment(const struct mvimg_info *info,
					       u32 type);

/* Short names for logs: "ECDSA-P256-SHA256", "KERNEL", "bad magic". */
const char *mvimg_alg_name(u32 alg);
const char *mvimg_seg_name(u32 type);
const char *mvimg_strerror(int code);

#endif
