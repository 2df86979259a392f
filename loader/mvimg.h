/* loader/mvimg.h - the MVIMG signed appliance image format (v2, and v1 still read), shared by the microvisor and the mvimage host tool. */
#ifndef MV_MVIMG_H
#define MV_MVIMG_H

#include "lib/types.h"

/*
 * Layout (docs/image-format.md is the reference; this file is its C form):
 *
 *   [0, 512)                 header (v2: what the signature covers)
 *   [4096, signed_size)      segments, each starting on a 4 KiB boundary
 *                            (v1: the signature covers [0, signed_size))
 *   [signed_size, +528)      trailer: the signature
 *
 * All integers are little-endian. The layout is described by byte offsets
 * rather than structs, so no compiler padding, packing or host endianness
 * can creep into what is signed; read and write fields only through the
 * mvimg_get and mvimg_put helpers below.
 */

/* ---- header ------------------------------------------------------------ */

#define MVIMG_MAGIC	  "MVMG"
#define MVIMG_VERSION	  2 /* what mvimage writes */
#define MVIMG_VERSION_MIN 1 /* the oldest the verifier reads */
#define MVIMG_HEADER_SIZE 512

#define MVIMG_H_MAGIC	    0x000 /* 4: "MVMG" */
#define MVIMG_H_VERSION	    0x004 /* 2: format version, 1 */
#define MVIMG_H_HEADER_SIZE 0x006 /* 2: 512 */
#define MVIMG_H_FLAGS	    0x008 /* 4: MVIMG_F_* */
#define MVIMG_H_SIG_ALG	    0x00c /* 4: MVIMG_ALG_*, must equal the key's */
#define MVIMG_H_SIGNED_SIZE 0x010 /* 8: end of the body (the last segment) */
#define MVIMG_H_COUNTER	    0x018 /* 8: security counter (anti-rollback) */
#define MVIMG_H_KEY_ID	    0x020 /* 32: SHA-256 of the key's SPKI DER */
#define MVIMG_H_IMG_VERSION 0x040 /* 8: image version, informational */
#define MVIMG_H_GUEST_MEM   0x048 /* 8: guest RAM size in bytes */
#define MVIMG_H_ENTRY	    0x050 /* 8: entry point, offset in guest RAM */
#define MVIMG_H_SEG_COUNT   0x058 /* 4: 1..4 */
#define MVIMG_H_RESERVED0   0x05c /* 4: zero */
#define MVIMG_H_SEGMENTS    0x060 /* 4 x 64: segment table */
#define MVIMG_H_DESCRIPTION 0x160 /* 128: text, NUL-terminated */
#define MVIMG_H_RESERVED1   0x1e0 /* 32: zero */

#define MVIMG_RESERVED0_SIZE 4
#define MVIMG_RESERVED1_SIZE 32
#define MVIMG_DESC_SIZE	     128
#define MVIMG_KEY_ID_SIZE    32
#define MVIMG_HASH_SIZE	     32

/* Header flags. */
#define MVIMG_F_LINUX 0x1u /* KERNEL is an arm64 Linux Image */
#define MVIMG_F_KNOWN MVIMG_F_LINUX

/*
 * Signature algorithms, fixed by the trusted key and echoed by the image:
 * ECDSA P-256 with SHA-256 (DER signature), and RSA-3072 PSS with SHA-256,
 * MGF1-SHA-256 and a 32-byte salt.
 */
#define MVIMG_ALG_ECDSA_P256  1
#define MVIMG_ALG_RSA3072_PSS 2

/* ---- segments ---------------------------------------------------------- */

#define MVIMG_MAX_SEGMENTS 4
#define MVIMG_SEG_SIZE	   64
#define MVIMG_SEG(i)	   (MVIMG_H_SEGMENTS + (i)*MVIMG_SEG_SIZE)

#define MVIMG_S_TYPE	 0x00 /* 4: MVIMG_SEG_* */
#define MVIMG_S_FLAGS	 0x04 /* 4: none defined, zero */
#define MVIMG_S_FILE_OFF 0x08 /* 8: offset of the bytes in the image */
#define MVIMG_S_SIZE	 0x10 /* 8: size in bytes, > 0 */
#define MVIMG_S_LOAD_OFF 0x18 /* 8: offset in guest RAM, or LOAD_NONE */
#define MVIMG_S_SHA256	 0x20 /* 32: SHA-256 of the segment's bytes */

#define MVIMG_SEG_KERNEL    1
#define MVIMG_SEG_INITRD    2
#define MVIMG_SEG_CMDLINE   3
#define MVIMG_SEG_GUEST_DTB 4
#define MVIMG_SEG_TYPE_MAX  4

/* CMDLINE and GUEST_DTB are read by the microvisor, not copied to the guest. */
#define MVIMG_LOAD_NONE (~0ULL)

/* Segments start on this boundary, so they can be mapped or copied by page. */
#define MVIMG_SEG_ALIGN SZ_4K
/* Where the first segment starts: the first boundary after the header. */
#define MVIMG_FIRST_SEG_OFF SZ_4K
/* Guest load offsets of KERNEL and INITRD are page aligned. */
#define MVIMG_LOAD_ALIGN SZ_4K

/*
 * The last MVIMG_GUEST_DTB_AREA bytes of guest_mem_size hold the device
 * tree the microvisor builds for the guest: no segment may be loaded
 * there. The rule is checked against the image's own guest_mem_size, so an
 * image that is valid for it is valid for any larger guest RAM.
 */
#define MVIMG_GUEST_DTB_AREA SZ_64K
/*
 * Not a rule but mvimage's default: an initrd ends 2 MiB below the top of
 * guest RAM, so the 2 MiB block the device tree sits in holds nothing else
 * (Linux maps the device tree with blocks of up to 2 MiB).
 */
#define MVIMG_INITRD_TOP_GAP SZ_2M

/* ---- trailer ----------------------------------------------------------- */

#define MVIMG_TRAILER_MAGIC "MVSG"
#define MVIMG_TRAILER_SIZE  528
#define MVIMG_T_MAGIC	    0x000 /* 4: "MVSG" */
#define MVIMG_T_SIG_ALG	    0x004 /* 4: MVIMG_ALG_* */
#define MVIMG_T_SIG_LEN	    0x008 /* 4: bytes used in sig */
#define MVIMG_T_RESERVED    0x00c /* 4: zero */
#define MVIMG_T_SIG	    0x010 /* 512: signature, zero-padded */
#define MVIMG_SIG_MAX	    512

#define MVIMG_ECDSA_SIG_MIN 8
#define MVIMG_ECDSA_SIG_MAX 72
#define MVIMG_PSS_SIG_LEN   384
#define MVIMG_PSS_SALT_LEN  32

/* ---- limits ------------------------------------------------------------ */

/* Caps applied before any arithmetic, so no sum below can come near 2^64. */
#define MVIMG_MAX_SIGNED_SIZE SZ_1G
#define MVIMG_MAX_GUEST_MEM   (1ULL << 40)
#define MVIMG_GUEST_MEM_ALIGN SZ_2M
#define MVIMG_CMDLINE_MAX     2048  /* bytes, including the final NUL */
#define MVIMG_DTB_MAX	      SZ_2M /* booting.rst: a DTB is at most 2 MiB */
#define MVIMG_SPKI_MAX	      1024 /* a trusted key's DER SubjectPublicKeyInfo */

/* arm64 Linux Image header fields checked when MVIMG_F_LINUX is set. */
#define MVIMG_ARM64_TEXT_OFFSET 0x08
#define MVIMG_ARM64_IMAGE_SIZE	0x10
#define MVIMG_ARM64_FLAGS	0x18
#define MVIMG_ARM64_MAGIC_OFF	0x38
#define MVIMG_ARM64_MAGIC	0x644d5241u /* "ARM\x64" */
#define MVIMG_ARM64_HDR_SIZE	64
#define MVIMG_ARM64_BE		0x1u /* flags bit 0: big-endian kernel */

/* The 32-bit FDT magic, big-endian in the blob. */
#define MVIMG_FDT_MAGIC 0xd00dfeedu

/* ---- error codes ------------------------------------------------------- */

/*
 * Every rejection has its own code (and a one-line message in the caller's
 * buffer), so tests and the microvisor's log can tell exactly which rule an
 * image broke. The order roughly follows the verification order.
 */
enum mvimg_error {
	MVIMG_OK = 0,
	MVIMG_E_ARG,		  /* NULL blob, keyring or output */
	MVIMG_E_TOO_SHORT,	  /* shorter than header + trailer */
	MVIMG_E_MAGIC,		  /* header magic */
	MVIMG_E_VERSION,	  /* format version */
	MVIMG_E_HEADER_SIZE,	  /* header_size field */
	MVIMG_E_SIGNED_SIZE,	  /* signed_size out of bounds */
	MVIMG_E_LENGTH,		  /* blob length != signed_size + trailer */
	MVIMG_E_TRAILER_MAGIC,	  /* trailer magic */
	MVIMG_E_SIG_ALG,	  /* unknown algorithm in the trailer */
	MVIMG_E_SIG_LEN,	  /* signature length out of bounds */
	MVIMG_E_KEY_TABLE,	  /* the trusted key table itself is broken */
	MVIMG_E_NO_KEY,		  /* no trusted key for the algorithm */
	MVIMG_E_UNKNOWN_KEY,	  /* key id names no trusted key */
	MVIMG_E_BAD_SIGNATURE,	  /* signature does not verify */
	MVIMG_E_CRYPTO,		  /* mbedTLS failed (out of memory, ...) */
	MVIMG_E_ALG_MISMATCH,	  /* image's algorithm != the key's */
	MVIMG_E_KEY_ID_MISMATCH,  /* header key id != the verifying key's */
	MVIMG_E_TRAILER_RESERVED, /* non-zero trailer reserved or padding */
	MVIMG_E_FLAGS,		  /* unknown header flags */
	MVIMG_E_RESERVED,	  /* non-zero reserved header bytes */
	MVIMG_E_DESCRIPTION,  /* description not NUL-terminated or unclean */
	MVIMG_E_SEG_COUNT,    /* segment_count not 1..4 */
	MVIMG_E_SEG_UNUSED,   /* unused segment entry not all zero */
	MVIMG_E_SEG_TYPE,     /* unknown segment type */
	MVIMG_E_SEG_DUP,      /* two segments of one type */
	MVIMG_E_SEG_FLAGS,    /* unknown segment flags */
	MVIMG_E_SEG_EMPTY,    /* segment size 0 */
	MVIMG_E_SEG_ALIGN,    /* file offset not 4 KiB aligned */
	MVIMG_E_SEG_RANGE,    /* segment not inside the signed range */
	MVIMG_E_SEG_ORDER,    /* segments not in file order */
	MVIMG_E_SEG_OVERLAP,  /* segments overlap in the file */
	MVIMG_E_SEG_LAYOUT,   /* gap or slack beyond alignment padding */
	MVIMG_E_NO_KERNEL,    /* no KERNEL segment */
	MVIMG_E_PADDING,      /* non-zero alignment padding */
	MVIMG_E_SEG_HASH,     /* segment bytes do not match their hash */
	MVIMG_E_SEG_SIZE,     /* segment too large for its type */
	MVIMG_E_CMDLINE,      /* command line not clean NUL-terminated text */
	MVIMG_E_DTB,	      /* guest DTB without the FDT magic */
	MVIMG_E_MEM_SIZE,     /* guest_mem_size 0, unaligned or too big */
	MVIMG_E_LINUX,	      /* bad arm64 Image header for a LINUX image */
	MVIMG_E_LOAD,	      /* load offset wrong kind, unaligned or outside */
	MVIMG_E_LOAD_OVERLAP, /* two load destinations overlap */
	MVIMG_E_ENTRY,	      /* entry outside the kernel */
	MVIMG_E_COUNTER,      /* security counter below the floor */
	MVIMG_E_COUNT_	      /* number of codes, not an error */
};

/*
 * The bytes a signature covers: v1 signs the whole body [0, signed_size);
 * v2 signs the header [0, 512), whose segment table holds each segment's
 * SHA-256, so every byte is hashed once (docs/image-format.md).
 */
static inline u64 mvimg_signed_len(u32 version, u64 body_size)
{
	return version == 1 ? body_size : MVIMG_HEADER_SIZE;
}

/* ---- little-endian access ------------------------------------------------ */

/*
 * Byte by byte, so they work on any alignment (EL2 runs with -mstrict-align
 * and the MMU may be off) and on any host.
 */
static inline u16 mvimg_get16(const u8 *p)
{
	return (u16)(p[0] | (u16)p[1] << 8);
}

static inline u32 mvimg_get32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static inline u64 mvimg_get64(const u8 *p)
{
	return (u64)mvimg_get32(p) | (u64)mvimg_get32(p + 4) << 32;
}

static inline void mvimg_put16(u8 *p, u16 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
}

static inline void mvimg_put32(u8 *p, u32 v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (u8)(v >> (8 * i));
}

static inline void mvimg_put64(u8 *p, u64 v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (u8)(v >> (8 * i));
}

#endif
