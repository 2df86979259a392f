/* tests/unit/test_verify.c - host tests of the image verifier (loader/verify.c): tampering, hostile sizes, strict parsing, ECDSA and PSS. */
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/rsa.h>
#include <mbedtls/sha256.h>

#include "loader/mvimage/mvimage.h"
#include "tests/unit/check.h"

/*
 * Self-contained: keys are generated here, deterministically (a fixed
 * "entropy" source), images are built in memory with mvimage's builder and
 * signed with mbedTLS. Malformed-but-signed images are made by patching a
 * good one and signing it again, so the rules behind the signature are what
 * rejects them.
 */

static mbedtls_ctr_drbg_context drbg;
static struct mvimage_key ec_key, ec_key2, rsa_key;
static struct mvimg_key tk_ec, tk_ec2, tk_rsa;
static struct mvimg_key ring_both_keys[2], ring_rot_keys[3];
static struct mvimg_keyring ring_ec = {&tk_ec, 1};
static struct mvimg_keyring ring_rsa = {&tk_rsa, 1};
static struct mvimg_keyring ring_both = {ring_both_keys, 2};
static struct mvimg_keyring ring_rot = {ring_rot_keys, 3};

static u8 kernel_bytes[3 * 4096 + 100];
static u8 linux_kernel[8192];
static u8 initrd_bytes[5000];
static u8 dtb_bytes[64];
static const char cmdline_str[] = "console=hvc0 quiet";

#define MEM	    (64 * SZ_1M)
#define INITRD_LOAD (32 * SZ_1M)
#define ENTRY	    0x100
#define COUNTER	    5

struct img {
	u8 *p;
	u64 len;
};

/* Images of the current case; freed after it, so a failed CHECK leaks none. */
#define MAX_LIVE 16
static u8 *live[MAX_LIVE];
static int nlive;

static u8 *track(u8 *p)
{
	if (nlive == MAX_LIVE) {
		fprintf(stderr, "test_verify: too many live images\n");
		exit(2);
	}
	live[nlive++] = p;
	return p;
}

static void free_live(void)
{
	while (nlive)
		free(live[--nlive]);
}

#define T(fn)                                                                  \
	do {                                                                   \
		RUN(fn);                                                       \
		free_live();                                                   \
	} while (0)

static int fixed_entropy(void *ctx, unsigned char *out, size_t len)
{
	u32 *state = ctx;

	for (size_t i = 0; i < len; i++) {
		*state = *state * 1103515245u + 12345u;
		out[i] = (u8)(*state >> 16);
	}
	return 0;
}

static void gen_ec(struct mvimage_key *k)
{
	char err[256];

	memset(k, 0, sizeof(*k));
	mbedtls_pk_init(&k->pk);
	if (mbedtls_pk_setup(&k->pk,
			     mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)) ||
	    mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(k->pk),
				mbedtls_ctr_drbg_random, &drbg) ||
	    mvimage_key_adopt(k, true, err, sizeof(err))) {
		fprintf(stderr, "test_verify: EC key generation failed\n");
		exit(2);
	}
}

static void gen_rsa(struct mvimage_key *k)
{
	char err[256];

	memset(k, 0, sizeof(*k));
	mbedtls_pk_init(&k->pk);
	if (mbedtls_pk_setup(&k->pk,
			     mbedtls_pk_info_from_type(MBEDTLS_PK_RSA)) ||
	    mbedtls_rsa_gen_key(mbedtls_pk_rsa(k->pk), mbedtls_ctr_drbg_random,
				&drbg, 3072, 65537) ||
	    mvimage_key_adopt(k, true, err, sizeof(err))) {
		fprintf(stderr, "test_verify: RSA key generation failed\n");
		exit(2);
	}
}

static void setup(void)
{
	static u32 seed = 0x4d56494d;
	static const char pers[] = "test_verify";

	mbedtls_ctr_drbg_init(&drbg);
	if (mbedtls_ctr_drbg_seed(&drbg, fixed_entropy, &seed,
				  (const unsigned char *)pers, sizeof(pers))) {
		fprintf(stderr, "test_verify: cannot seed the DRBG\n");
		exit(2);
	}
	gen_ec(&ec_key);
	gen_ec(&ec_key2);
	gen_rsa(&rsa_key);
	mvimage_key_trusted(&ec_key, &tk_ec);
	mvimage_key_trusted(&ec_key2, &tk_ec2);
	mvimage_key_trusted(&rsa_key, &tk_rsa);
	ring_both_keys[0] = tk_ec;
	ring_both_keys[1] = tk_rsa;
	ring_rot_keys[0] = tk_ec2;
	ring_rot_keys[1] = tk_ec;
	ring_rot_keys[2] = tk_rsa;

	for (size_t i = 0; i < sizeof(kernel_bytes); i++)
		kernel_bytes[i] = (u8)(i * 7 + 1);
	for (size_t i = 0; i < sizeof(initrd_bytes); i++)
		initrd_bytes[i] = (u8)(i * 13 + 5);
	/* A minimal FDT header: magic and totalsize, big-endian. */
	dtb_bytes[0] = 0xd0;
	dtb_bytes[1] = 0x0d;
	dtb_bytes[2] = 0xfe;
	dtb_bytes[3] = 0xed;
	dtb_bytes[7] = sizeof(dtb_bytes);
	/* An arm64 Image: text_offset 0, image_size 3 MiB, LE, 4K pages. */
	for (size_t i = 64; i < sizeof(linux_kernel); i++)
		linux_kernel[i] = (u8)(i * 3);
	mvimg_put64(linux_kernel + MVIMG_ARM64_TEXT_OFFSET, 0);
	mvimg_put64(linux_kernel + MVIMG_ARM64_IMAGE_SIZE, 3 * SZ_1M);
	mvimg_put64(linux_kernel + MVIMG_ARM64_FLAGS, 0x2);
	mvimg_put32(linux_kernel + MVIMG_ARM64_MAGIC_OFF, MVIMG_ARM64_MAGIC);
}

static void teardown(void)
{
	mvimage_key_free(&ec_key);
	mvimage_key_free(&ec_key2);
	mvimage_key_free(&rsa_key);
	mbedtls_ctr_drbg_free(&drbg);
}

/* Kernel, initrd, cmdline, DTB: every segment type. */
static void default_layout(struct mvimage_layout *l,
			   const struct mvimage_key *k)
{
	memset(l, 0, sizeof(*l));
	l->alg = k->alg;
	memcpy(l->key_id, k->id, MVIMG_KEY_ID_SIZE);
	l->counter = COUNTER;
	l->version = 7;
	l->mem = MEM;
	l->entry = ENTRY;
	l->description = "test appliance";
	l->count = 4;
	l->seg[0] = (struct mvimage_seg){MVIMG_SEG_KERNEL, kernel_bytes,
					 sizeof(kernel_bytes), 0};
	l->seg[1] = (struct mvimage_seg){MVIMG_SEG_INITRD, initrd_bytes,
					 sizeof(initrd_bytes), INITRD_LOAD};
	l->seg[2] =
		(struct mvimage_seg){MVIMG_SEG_CMDLINE, (const u8 *)cmdline_str,
				     sizeof(cmdline_str), MVIMG_LOAD_NONE};
	l->seg[3] = (struct mvimage_seg){MVIMG_SEG_GUEST_DTB, dtb_bytes,
					 sizeof(dtb_bytes), MVIMG_LOAD_NONE};
}

static void sign_into(struct img *im, struct mvimage_key *k)
{
	u8 sig[MVIMG_SIG_MAX];
	u32 sig_len;
	char err[256];
	u64 ss = im->len - MVIMG_TRAILER_SIZE;

	if (mvimage_sign(k, im->p, ss, mbedtls_ctr_drbg_random, &drbg, sig,
			 &sig_len, err, sizeof(err))) {
		fprintf(stderr, "test_verify: %s\n", err);
		exit(2);
	}
	mvimage_write_trailer(im->p + ss, k->alg, sig, sig_len);
}

static void build(struct img *im, const struct mvimage_layout *l,
		  struct mvimage_key *k)
{
	u8 *tbs;
	u64 len;
	char err[256];

	if (mvimage_build(l, &tbs, &len, err, sizeof(err))) {
		fprintf(stderr, "test_verify: build: %s\n", err);
		exit(2);
	}
	im->p = track(malloc(len + MVIMG_TRAILER_SIZE));
	memcpy(im->p, tbs, len);
	free(tbs);
	im->len = len + MVIMG_TRAILER_SIZE;
	sign_into(im, k);
}

static void build_default(struct img *im, struct mvimage_key *k)
{
	struct mvimage_layout l;

	default_layout(&l, k);
	build(im, &l, k);
}

static void copy(struct img *dst, const struct img *src)
{
	dst->p = track(malloc(src->len));
	memcpy(dst->p, src->p, src->len);
	dst->len = src->len;
}

static char err[MVIMG_ERR_MAX];
static struct mvimg_info info;

static int verify(const struct img *im, const struct mvimg_keyring *ring,
		  u64 floor)
{
	return mvimg_verify(im->p, im->len, ring, floor, &info, err,
			    sizeof(err));
}

/*
 * The default ECDSA image with its header patched at off (n bytes of v,
 * little-endian) and signed again: only the post-signature rules can
 * reject it.
 */
static int patched(u64 off, u64 v, int n)
{
	struct img im;

	build_default(&im, &ec_key);
	for (int i = 0; i < n; i++)
		im.p[off + i] = (u8)(v >> (8 * i));
	sign_into(&im, &ec_key);
	return verify(&im, &ring_ec, 0);
}

#define SEGF(i, f) (MVIMG_SEG(i) + (f))

/* ---- good images ------------------------------------------------------- */

static void test_ecdsa_image_verifies(void)
{
	struct img im;
	const struct mvimg_segment *s;

	build_default(&im, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, COUNTER), MVIMG_OK);
	CHECK_EQ_U64(info.sig_alg, MVIMG_ALG_ECDSA_P256);
	CHECK_EQ_U64(info.key_index, 0);
	CHECK(!memcmp(info.key_id, ec_key.id, MVIMG_KEY_ID_SIZE));
	CHECK_EQ_U64(info.segment_count, 4);
	CHECK_EQ_U64(info.guest_mem_size, MEM);
	CHECK_EQ_U64(info.entry_offset, ENTRY);
	CHECK_EQ_U64(info.security_counter, COUNTER);
	CHECK_EQ_U64(info.image_version, 7);
	CHECK_EQ_U64(info.flags, 0);
	CHECK_EQ_U64(info.signed_size, im.len - MVIMG_TRAILER_SIZE);
	CHECK(!strcmp(info.description, "test appliance"));
	/* Canonical layout: 4 KiB, then the next 4 KiB boundaries. */
	CHECK_EQ_U64(info.seg[0].type, MVIMG_SEG_KERNEL);
	CHECK_EQ_U64(info.seg[0].file_offset, 0x1000);
	CHECK_EQ_U64(info.seg[0].size, sizeof(kernel_bytes));
	CHECK_EQ_U64(info.seg[0].load_offset, 0);
	CHECK_EQ_U64(info.seg[0].footprint, sizeof(kernel_bytes));
	CHECK_EQ_U64(info.seg[1].file_offset, 0x5000);
	CHECK_EQ_U64(info.seg[1].load_offset, INITRD_LOAD);
	CHECK_EQ_U64(info.seg[2].file_offset, 0x7000);
	CHECK_EQ_U64(info.seg[2].load_offset, MVIMG_LOAD_NONE);
	CHECK_EQ_U64(info.seg[2].footprint, 0);
	CHECK_EQ_U64(info.seg[3].file_offset, 0x8000);
	CHECK_EQ_U64(info.seg[3].size, sizeof(dtb_bytes));
	s = mvimg_find_segment(&info, MVIMG_SEG_CMDLINE);
	CHECK(s && !strcmp((const char *)im.p + s->file_offset, cmdline_str));
	CHECK(!memcmp(im.p + info.seg[0].file_offset, kernel_bytes,
		      sizeof(kernel_bytes)));
	CHECK_STR_CONTAINS(err, "");
	CHECK(err[0] == '\0');
}

static void test_pss_image_verifies(void)
{
	struct img im;

	build_default(&im, &rsa_key);
	CHECK_EQ_U64(verify(&im, &ring_rsa, 0), MVIMG_OK);
	CHECK_EQ_U64(info.sig_alg, MVIMG_ALG_RSA3072_PSS);
	CHECK_EQ_U64(mvimg_get32(im.p + im.len - MVIMG_TRAILER_SIZE +
				 MVIMG_T_SIG_LEN),
		     MVIMG_PSS_SIG_LEN);
	CHECK_EQ_U64(verify(&im, &ring_both, 0), MVIMG_OK);
	CHECK_EQ_U64(info.key_index, 1);
}

/* Several trusted keys: each image is matched to the key that signed it. */
static void test_key_rotation(void)
{
	struct img a, b, c;

	build_default(&a, &ec_key);
	build_default(&b, &ec_key2);
	build_default(&c, &rsa_key);
	CHECK_EQ_U64(verify(&a, &ring_rot, 0), MVIMG_OK);
	CHECK_EQ_U64(info.key_index, 1);
	CHECK_EQ_U64(verify(&b, &ring_rot, 0), MVIMG_OK);
	CHECK_EQ_U64(info.key_index, 0);
	CHECK_EQ_U64(verify(&c, &ring_rot, 0), MVIMG_OK);
	CHECK_EQ_U64(info.key_index, 2);
}

static void test_single_segment_and_max_counter(void)
{
	struct mvimage_layout l;
	struct img im;

	default_layout(&l, &ec_key);
	l.count = 1;
	l.counter = ~0ULL;
	l.description = NULL;
	build(&im, &l, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, ~0ULL), MVIMG_OK);
	CHECK_EQ_U64(info.segment_count, 1);
	CHECK_EQ_U64(im.len,
		     0x1000 + sizeof(kernel_bytes) + MVIMG_TRAILER_SIZE);
	CHECK(info.description[0] == '\0');
	CHECK(!mvimg_find_segment(&info, MVIMG_SEG_INITRD));
}

static void test_segment_hash_recheck(void)
{
	struct img im;
	const struct mvimg_segment *k;
	u8 *copy_buf;

	build_default(&im, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_OK);
	k = mvimg_find_segment(&info, MVIMG_SEG_KERNEL);
	CHECK(k != NULL);
	copy_buf = track(malloc(k->size));
	memcpy(copy_buf, im.p + k->file_offset, k->size);
	CHECK_EQ_U64(mvimg_check_segment_hash(k, copy_buf, k->size, err,
					      sizeof(err)),
		     MVIMG_OK);
	copy_buf[k->size / 2] ^= 1;
	CHECK_EQ_U64(mvimg_check_segment_hash(k, copy_buf, k->size, err,
					      sizeof(err)),
		     MVIMG_E_SEG_HASH);
	CHECK_STR_CONTAINS(err, "KERNEL copy does not match its SHA-256");
	copy_buf[k->size / 2] ^= 1;
	CHECK_EQ_U64(mvimg_check_segment_hash(k, copy_buf, k->size - 1, err,
					      sizeof(err)),
		     MVIMG_E_SEG_HASH);
	CHECK_EQ_U64(
		mvimg_check_segment_hash(NULL, copy_buf, 1, err, sizeof(err)),
		MVIMG_E_ARG);
}

/* ---- tampering --------------------------------------------------------- */

/*
 * Single-byte changes in the header and the trailer, all rejected. By
 * default every byte is changed with a few values (ECDSA verification costs
 * ~3 ms on the host, PSS ~0.3 ms), and the fields read before the signature
 * with all 255; "test_verify --exhaustive" tries all 255 values of every
 * byte for both algorithms (~15 minutes).
 */
static bool exhaustive;

static void tamper(const struct img *good, const struct mvimg_keyring *ring,
		   u64 off, const u8 *xs, int n, u64 *tries)
{
	struct img im = *good;

	for (int j = 0; j < n && !check_case_failed; j++) {
		int rc;

		im.p[off] ^= xs[j];
		rc = verify(&im, ring, 0);
		im.p[off] ^= xs[j];
		(*tries)++;
		if (rc == MVIMG_OK || !err[0]) {
			printf("FAIL %s: byte %llu ^ 0x%02x accepted (%s)\n",
			       check_case_name, (unsigned long long)off, xs[j],
			       err);
			check_case_failed = 1;
		}
	}
}

/* Is off one of the bytes read before the signature is checked? */
static bool pre_verify_byte(u64 off, u64 ss)
{
	if (off < ss)
		return off < 8 || (off >= MVIMG_H_SIGNED_SIZE &&
				   off < MVIMG_H_SIGNED_SIZE + 8);
	return off - ss < MVIMG_T_RESERVED;
}

static void tamper_all(struct mvimage_key *k, const struct mvimg_keyring *ring,
		       const u8 *some, int nsome, u64 *tries)
{
	struct img good, im;
	u8 all[255];
	u64 ss;

	for (int j = 0; j < 255; j++)
		all[j] = (u8)(j + 1);
	build_default(&good, k);
	copy(&im, &good);
	ss = im.len - MVIMG_TRAILER_SIZE;
	for (u64 off = 0; off < im.len && !check_case_failed; off++) {
		if (off == MVIMG_HEADER_SIZE)
			off = ss;
		if (exhaustive || pre_verify_byte(off, ss))
			tamper(&im, ring, off, all, 255, tries);
		else
			tamper(&im, ring, off, some, nsome, tries);
	}
}

static void test_tamper_header_trailer_ecdsa(void)
{
	static const u8 some[] = {0x01};
	u64 tries = 0;

	tamper_all(&ec_key, &ring_ec, some, 1, &tries);
	CHECK(!check_case_failed);
	CHECK(tries >= MVIMG_HEADER_SIZE + MVIMG_TRAILER_SIZE);
}

static void test_tamper_header_trailer_pss(void)
{
	static const u8 some[] = {0x01, 0x80, 0xff};
	u64 tries = 0;

	tamper_all(&rsa_key, &ring_rsa, some, 3, &tries);
	CHECK(!check_case_failed);
	CHECK(tries >= 3 * (MVIMG_HEADER_SIZE + MVIMG_TRAILER_SIZE));
}

/* Sampled bytes of every segment and of the padding between them. */
static void test_tamper_segments_sampled(void)
{
	struct img im;
	struct mvimg_info good;
	u32 state = 1;

	build_default(&im, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_OK);
	/* info is overwritten (zeroed) by every failing verify below. */
	good = info;
	for (u32 i = 0; i < 4; i++) {
		u64 off = good.seg[i].file_offset, size = good.seg[i].size;
		u64 pos[12] = {off, off + size - 1, off + size / 2};

		for (int j = 3; j < 12; j++) {
			state = state * 1103515245u + 12345u;
			pos[j] = off + (state >> 8) % size;
		}
		for (int j = 0; j < 12; j++) {
			im.p[pos[j]] ^= 0x20;
			CHECK(verify(&im, &ring_ec, 0) != MVIMG_OK);
			im.p[pos[j]] ^= 0x20;
		}
	}
	/* Padding: after the header, and after segment 0. Format 2 signs
	 * the header only, so padding is checked after the signature. */
	for (u64 off = MVIMG_HEADER_SIZE; off < 0x1000; off += 397) {
		im.p[off] = 1;
		CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_PADDING);
		im.p[off] = 0;
	}
	im.p[0x1000 + sizeof(kernel_bytes)] = 1;
	CHECK(verify(&im, &ring_ec, 0) != MVIMG_OK);
	im.p[0x1000 + sizeof(kernel_bytes)] = 0;
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_OK);
}

/* Non-zero padding, signed: the layout rule rejects it, not the signature. */
static void test_nonzero_padding_signed(void)
{
	struct img im;

	build_default(&im, &ec_key);
	im.p[0x1000 + sizeof(kernel_bytes) + 5] = 0xaa;
	sign_into(&im, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_PADDING);
	CHECK_STR_CONTAINS(err, "non-zero padding byte at offset 0x4069 "
				"(before segment 1)");
	build_default(&im, &ec_key);
	im.p[0x200] = 1;
	sign_into(&im, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_PADDING);
	CHECK_STR_CONTAINS(err, "offset 0x200 (before segment 0)");
}

static void test_truncate_extend(void)
{
	struct img im, big;

	build_default(&im, &ec_key);
	im.len--;
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_LENGTH);
	CHECK_STR_CONTAINS(err, "but header+trailer say");
	im.len++;
	big.p = track(calloc(1, im.len + 1));
	memcpy(big.p, im.p, im.len);
	big.len = im.len + 1;
	CHECK_EQ_U64(verify(&big, &ring_ec, 0), MVIMG_E_LENGTH);
	{
		char want[96];

		snprintf(want, sizeof(want),
			 "image is %llu bytes but header+trailer say %llu",
			 (unsigned long long)big.len,
			 (unsigned long long)im.len);
		CHECK_STR_CONTAINS(err, want);
	}
	im.len -= MVIMG_TRAILER_SIZE;
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_LENGTH);
	for (u64 n = 0; n < MVIMG_HEADER_SIZE + MVIMG_TRAILER_SIZE; n += 37) {
		im.len = n;
		CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_TOO_SHORT);
	}
	im.len = MVIMG_HEADER_SIZE + MVIMG_TRAILER_SIZE - 1;
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_TOO_SHORT);
	CHECK_STR_CONTAINS(err, "image is 1039 bytes, shorter than");
}

/* Pre-signature sizes: rejected without being signed again. */
static void test_hostile_signed_size(void)
{
	struct img im;
	u64 ss;
	const u64 bad[] = {0,
			   1,
			   511,
			   MVIMG_MAX_SIGNED_SIZE + 1,
			   ~0ULL,
			   ~0ULL - MVIMG_TRAILER_SIZE + 1,
			   ~0ULL - MVIMG_TRAILER_SIZE,
			   1ULL << 63};

	build_default(&im, &ec_key);
	ss = im.len - MVIMG_TRAILER_SIZE;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		mvimg_put64(im.p + MVIMG_H_SIGNED_SIZE, bad[i]);
		CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_SIGNED_SIZE);
		CHECK_STR_CONTAINS(err, "signed size");
	}
	/* In range, but not this file's: the length check catches it. */
	{
		const u64 off[] = {512,		 ss - 1, ss + 1,
				   im.len - 527, im.len, MVIMG_MAX_SIGNED_SIZE};

		for (size_t i = 0; i < ARRAY_SIZE(off); i++) {
			mvimg_put64(im.p + MVIMG_H_SIGNED_SIZE, off[i]);
			CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_LENGTH);
		}
	}
	mvimg_put64(im.p + MVIMG_H_SIGNED_SIZE, ss);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_OK);
	/* A huge blob_len with a small signed size. */
	CHECK_EQ_U64(
		mvimg_verify(im.p, ~0ULL, &ring_ec, 0, &info, err, sizeof(err)),
		MVIMG_E_LENGTH);
}

/* Format 1 (still read): the signature covers the whole body, so a changed
 * segment or padding byte breaks the signature itself. */
static void test_format1_still_read(void)
{
	struct mvimage_layout l;
	struct img im;

	default_layout(&l, &ec_key);
	l.format = 1;
	build(&im, &l, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_OK);
	CHECK_EQ_U64(info.format_version, 1);
	CHECK_EQ_U64(info.segment_count, 4);
	im.p[0x1000 + 7] ^= 1;
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_BAD_SIGNATURE);
	im.p[0x1000 + 7] ^= 1;
	im.p[MVIMG_HEADER_SIZE + 3] = 1;
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_BAD_SIGNATURE);
	im.p[MVIMG_HEADER_SIZE + 3] = 0;
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_OK);
	/* And format 2 of the same content: a segment byte breaks its hash. */
	l.format = 2;
	build(&im, &l, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_OK);
	CHECK_EQ_U64(info.format_version, 2);
	im.p[0x1000 + 7] ^= 1;
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_SEG_HASH);
	CHECK_STR_CONTAINS(err,
			   "segment 0 (KERNEL) does not match its SHA-256");
}

static void test_outer_fields(void)
{
	struct img im;
	u64 t;

	build_default(&im, &ec_key);
	t = im.len - MVIMG_TRAILER_SIZE;
	im.p[0] = 'X';
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_MAGIC);
	CHECK_STR_CONTAINS(err, "bad magic");
	im.p[0] = 'M';
	mvimg_put16(im.p + MVIMG_H_VERSION, 3);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_VERSION);
	CHECK_STR_CONTAINS(err, "unsupported format version 3");
	mvimg_put16(im.p + MVIMG_H_VERSION, 0);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_VERSION);
	mvimg_put16(im.p + MVIMG_H_VERSION, MVIMG_VERSION);
	mvimg_put16(im.p + MVIMG_H_HEADER_SIZE, 513);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_HEADER_SIZE);
	CHECK_STR_CONTAINS(err, "header size is 513, expected 512");
	mvimg_put16(im.p + MVIMG_H_HEADER_SIZE, 512);
	im.p[t + 3] = 'X';
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_TRAILER_MAGIC);
	im.p[t + 3] = 'G';
	mvimg_put32(im.p + t + MVIMG_T_SIG_ALG, 3);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_SIG_ALG);
	CHECK_STR_CONTAINS(err, "unknown signature algorithm 3");
	mvimg_put32(im.p + t + MVIMG_T_SIG_ALG, 0);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_SIG_ALG);
	mvimg_put32(im.p + t + MVIMG_T_SIG_ALG, MVIMG_ALG_ECDSA_P256);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_OK);
}

/* ---- signature encodings --------------------------------------------------
 */

static void test_ecdsa_sig_len_edges(void)
{
	struct img im;
	u64 t;
	u32 len;
	const u32 bad[] = {0, 7, 73, 384, 385, 512, 513, ~0u};

	build_default(&im, &ec_key);
	t = im.len - MVIMG_TRAILER_SIZE;
	len = mvimg_get32(im.p + t + MVIMG_T_SIG_LEN);
	CHECK(len >= 68 && len <= 72);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		mvimg_put32(im.p + t + MVIMG_T_SIG_LEN, bad[i]);
		CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_SIG_LEN);
		CHECK_STR_CONTAINS(err, "ECDSA signature length");
	}
	/* One byte short, one (zero) byte of trailing garbage, and 8. */
	mvimg_put32(im.p + t + MVIMG_T_SIG_LEN, len - 1);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_BAD_SIGNATURE);
	mvimg_put32(im.p + t + MVIMG_T_SIG_LEN, len + 1);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_BAD_SIGNATURE);
	CHECK_STR_CONTAINS(err, "signature does not verify");
	mvimg_put32(im.p + t + MVIMG_T_SIG_LEN, 8);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_BAD_SIGNATURE);
	mvimg_put32(im.p + t + MVIMG_T_SIG_LEN, len);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_OK);
	/* A non-zero byte after the signature is refused once it verifies. */
	im.p[t + MVIMG_T_SIG + len] = 0x01;
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_TRAILER_RESERVED);
	im.p[t + MVIMG_T_SIG + len] = 0;
	im.p[t + MVIMG_T_SIG + MVIMG_SIG_MAX - 1] = 0x01;
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_TRAILER_RESERVED);
	im.p[t + MVIMG_T_SIG + MVIMG_SIG_MAX - 1] = 0;
	im.p[t + MVIMG_T_RESERVED] = 0x01;
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_TRAILER_RESERVED);
	CHECK_STR_CONTAINS(err, "trailer reserved field is not zero");
	im.p[t + MVIMG_T_RESERVED] = 0;
	/* r = s = 0 ("psychic signatures"): 30 06 02 01 00 02 01 00. */
	{
		static const u8 zero_sig[] = {0x30, 0x06, 0x02, 0x01,
					      0x00, 0x02, 0x01, 0x00};

		mvimage_write_trailer(im.p + t, MVIMG_ALG_ECDSA_P256, zero_sig,
				      sizeof(zero_sig));
		CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_BAD_SIGNATURE);
	}
}

/* Signs im's range with RSA PSS using the given salt length. */
static void pss_sign_salt(struct img *im, int salt)
{
	u8 hash[32], sig[MVIMG_PSS_SIG_LEN];
	u64 ss = im->len - MVIMG_TRAILER_SIZE;
	mbedtls_rsa_context *rsa = mbedtls_pk_rsa(rsa_key.pk);

	mbedtls_sha256_ret(im->p, mvimg_signed_len(MVIMG_VERSION, ss), hash, 0);
	mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
	if (mbedtls_rsa_rsassa_pss_sign_ext(rsa, mbedtls_ctr_drbg_random, &drbg,
					    MBEDTLS_MD_SHA256, 32, hash, salt,
					    sig)) {
		fprintf(stderr, "test_verify: PSS signing failed\n");
		exit(2);
	}
	mvimage_write_trailer(im->p + ss, MVIMG_ALG_RSA3072_PSS, sig,
			      sizeof(sig));
}

static void test_pss_sig_edges(void)
{
	struct img im;
	u64 t;
	const u32 bad[] = {0, 8, 72, 383, 385, 512, ~0u};

	build_default(&im, &rsa_key);
	t = im.len - MVIMG_TRAILER_SIZE;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		mvimg_put32(im.p + t + MVIMG_T_SIG_LEN, bad[i]);
		CHECK_EQ_U64(verify(&im, &ring_rsa, 0), MVIMG_E_SIG_LEN);
		CHECK_STR_CONTAINS(err, "RSA-3072-PSS signature length is");
	}
	mvimg_put32(im.p + t + MVIMG_T_SIG_LEN, MVIMG_PSS_SIG_LEN);
	CHECK_EQ_U64(verify(&im, &ring_rsa, 0), MVIMG_OK);
	/* Salt 32 is pinned: OpenSSL's default (max, 350) and 0 fail. */
	pss_sign_salt(&im, 350);
	CHECK_EQ_U64(verify(&im, &ring_rsa, 0), MVIMG_E_BAD_SIGNATURE);
	pss_sign_salt(&im, 0);
	CHECK_EQ_U64(verify(&im, &ring_rsa, 0), MVIMG_E_BAD_SIGNATURE);
	pss_sign_salt(&im, 32);
	CHECK_EQ_U64(verify(&im, &ring_rsa, 0), MVIMG_OK);
	/* PKCS#1 v1.5 with the same key is not PSS. */
	{
		u8 hash[32], sig[MVIMG_PSS_SIG_LEN];
		mbedtls_rsa_context *rsa = mbedtls_pk_rsa(rsa_key.pk);

		mbedtls_sha256_ret(im.p, mvimg_signed_len(MVIMG_VERSION, t),
				   hash, 0);
		mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V15, 0);
		CHECK(!mbedtls_rsa_rsassa_pkcs1_v15_sign(
			rsa, mbedtls_ctr_drbg_random, &drbg,
			MBEDTLS_RSA_PRIVATE, MBEDTLS_MD_SHA256, 32, hash, sig));
		mvimage_write_trailer(im.p + t, MVIMG_ALG_RSA3072_PSS, sig,
				      sizeof(sig));
		CHECK_EQ_U64(verify(&im, &ring_rsa, 0), MVIMG_E_BAD_SIGNATURE);
	}
}

/* ---- keys and algorithms ----------------------------------------------- */

static void test_untrusted_key(void)
{
	struct img im;
	struct mvimage_layout l;
	char want[128] = "unknown key id ";

	build_default(&im, &ec_key2);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_UNKNOWN_KEY);
	for (int i = 0; i < MVIMG_KEY_ID_SIZE; i++)
		sprintf(want + strlen(want), "%02x", ec_key2.id[i]);
	CHECK_STR_CONTAINS(err, want);
	/* Claims the trusted key's id, signed by another key. */
	default_layout(&l, &ec_key);
	build(&im, &l, &ec_key2);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_BAD_SIGNATURE);
	CHECK_STR_CONTAINS(err, "signature does not verify (key 0, id ");
	/* The right key in the table, the wrong id in the (signed) header. */
	default_layout(&l, &ec_key2);
	build(&im, &l, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_KEY_ID_MISMATCH);
	CHECK_STR_CONTAINS(err, "is not the id of the key that verified it");
}

static void test_alg_fixed_by_key(void)
{
	struct img ec, pss, im;
	struct mvimage_layout l;

	build_default(&ec, &ec_key);
	build_default(&pss, &rsa_key);
	/* A PSS image with only an ECDSA key trusted, and vice versa. */
	CHECK_EQ_U64(verify(&pss, &ring_ec, 0), MVIMG_E_NO_KEY);
	CHECK_STR_CONTAINS(err, "no trusted key for RSA3072-PSS-SHA256");
	CHECK_EQ_U64(verify(&ec, &ring_rsa, 0), MVIMG_E_NO_KEY);
	CHECK_STR_CONTAINS(err, "no trusted key for ECDSA-P256-SHA256");
	/* A PSS signature claiming the ECDSA key's id. */
	default_layout(&l, &ec_key);
	l.alg = MVIMG_ALG_RSA3072_PSS;
	build(&im, &l, &rsa_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_ALG_MISMATCH);
	CHECK_STR_CONTAINS(err, "is trusted for ECDSA-P256-SHA256 only");
	/* With both keys trusted the RSA key verifies it, but the header
	 * names the EC key. */
	CHECK_EQ_U64(verify(&im, &ring_both, 0), MVIMG_E_KEY_ID_MISMATCH);
	/* Header algorithm disagreeing with the key (signed). */
	CHECK_EQ_U64(patched(MVIMG_H_SIG_ALG, MVIMG_ALG_RSA3072_PSS, 4),
		     MVIMG_E_ALG_MISMATCH);
	CHECK_STR_CONTAINS(err, "header says algorithm 2 but the image "
				"verified with a ECDSA-P256-SHA256 key");
	CHECK_EQ_U64(patched(MVIMG_H_SIG_ALG, 0, 4), MVIMG_E_ALG_MISMATCH);
	/* An ECDSA trailer on a PSS image, and the other way round. */
	copy(&im, &pss);
	mvimg_put32(im.p + im.len - MVIMG_TRAILER_SIZE + MVIMG_T_SIG_ALG,
		    MVIMG_ALG_ECDSA_P256);
	CHECK_EQ_U64(verify(&im, &ring_both, 0), MVIMG_E_SIG_LEN);
	copy(&im, &ec);
	mvimg_put32(im.p + im.len - MVIMG_TRAILER_SIZE + MVIMG_T_SIG_ALG,
		    MVIMG_ALG_RSA3072_PSS);
	CHECK_EQ_U64(verify(&im, &ring_both, 0), MVIMG_E_SIG_LEN);
}

static void test_key_table_errors(void)
{
	struct img im;
	struct mvimg_key bad = tk_ec;
	struct mvimg_keyring ring = {&bad, 1};
	static const u8 junk[] = {0x30, 0x03, 0x02, 0x01, 0x00};

	build_default(&im, &ec_key);
	bad.id[0] ^= 1;
	CHECK_EQ_U64(verify(&im, &ring, 0), MVIMG_E_KEY_TABLE);
	CHECK_STR_CONTAINS(err, "trusted key 0: its id is not the SHA-256");
	bad = tk_ec;
	bad.spki = junk;
	bad.spki_len = sizeof(junk);
	mbedtls_sha256_ret(junk, sizeof(junk), bad.id, 0);
	CHECK_EQ_U64(verify(&im, &ring, 0), MVIMG_E_KEY_TABLE);
	CHECK_STR_CONTAINS(err, "cannot be parsed");
	/* An RSA key listed as ECDSA. */
	bad = tk_rsa;
	bad.alg = MVIMG_ALG_ECDSA_P256;
	CHECK_EQ_U64(verify(&im, &ring, 0), MVIMG_E_KEY_TABLE);
	CHECK_STR_CONTAINS(err, "trusted key 0 is not a ECDSA-P256-SHA256 key");
	bad = tk_ec;
	bad.spki_len = 0;
	CHECK_EQ_U64(verify(&im, &ring, 0), MVIMG_E_KEY_TABLE);
	bad.spki_len = MVIMG_SPKI_MAX + 1;
	CHECK_EQ_U64(verify(&im, &ring, 0), MVIMG_E_KEY_TABLE);
	ring.count = 0;
	CHECK_EQ_U64(verify(&im, &ring, 0), MVIMG_E_NO_KEY);
	CHECK_STR_CONTAINS(err, "no trusted keys");
	CHECK_EQ_U64(mvimg_verify(NULL, im.len, &ring_ec, 0, &info, err,
				  sizeof(err)),
		     MVIMG_E_ARG);
	CHECK_EQ_U64(
		mvimg_verify(im.p, im.len, NULL, 0, &info, err, sizeof(err)),
		MVIMG_E_ARG);
	CHECK_EQ_U64(
		mvimg_verify(im.p, im.len, &ring_ec, 0, NULL, err, sizeof(err)),
		MVIMG_E_ARG);
}

static void test_counter_floor(void)
{
	struct img im;

	build_default(&im, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_OK);
	CHECK_EQ_U64(verify(&im, &ring_ec, COUNTER), MVIMG_OK);
	CHECK_EQ_U64(verify(&im, &ring_ec, COUNTER + 1), MVIMG_E_COUNTER);
	CHECK_STR_CONTAINS(err, "security counter 5 is below the floor 6");
	CHECK_EQ_U64(verify(&im, &ring_ec, ~0ULL), MVIMG_E_COUNTER);
	/* Zeroed on failure: nothing half-parsed leaks out. */
	CHECK_EQ_U64(info.segment_count, 0);
	CHECK_EQ_U64(info.entry_offset, 0);
}

/* ---- strict parsing behind the signature ----------------------------------
 */

static void test_unknown_flags(void)
{
	CHECK_EQ_U64(patched(MVIMG_H_FLAGS, 0x2, 4), MVIMG_E_FLAGS);
	CHECK_STR_CONTAINS(err, "unknown header flags 0x2");
	CHECK_EQ_U64(patched(MVIMG_H_FLAGS, 0x80000000, 4), MVIMG_E_FLAGS);
	CHECK_EQ_U64(patched(SEGF(1, MVIMG_S_FLAGS), 0x1, 4),
		     MVIMG_E_SEG_FLAGS);
	CHECK_STR_CONTAINS(err, "segment 1 (INITRD) has unknown flags 0x1");
	CHECK_EQ_U64(patched(SEGF(3, MVIMG_S_FLAGS) + 3, 0x10, 1),
		     MVIMG_E_SEG_FLAGS);
}

static void test_reserved_bytes(void)
{
	struct mvimage_layout l;
	struct img im;

	CHECK_EQ_U64(patched(MVIMG_H_RESERVED0 + 2, 1, 1), MVIMG_E_RESERVED);
	CHECK_STR_CONTAINS(err, "reserved header bytes at 0x5c");
	for (u64 i = 0; i < MVIMG_RESERVED1_SIZE; i += 7) {
		CHECK_EQ_U64(patched(MVIMG_H_RESERVED1 + i, 0x40, 1),
			     MVIMG_E_RESERVED);
	}
	CHECK_EQ_U64(patched(MVIMG_H_RESERVED1 + 31, 0x40, 1),
		     MVIMG_E_RESERVED);
	CHECK_STR_CONTAINS(err, "reserved header byte at 0x1ff");
	/* Unused segment entries must be all zero. */
	default_layout(&l, &ec_key);
	l.count = 2;
	for (int i = 0; i < MVIMG_SEG_SIZE; i += 9) {
		build(&im, &l, &ec_key);
		im.p[MVIMG_SEG(3) + i] = 1;
		sign_into(&im, &ec_key);
		CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_SEG_UNUSED);
		CHECK_STR_CONTAINS(err, "unused segment entry 3");
		free_live();
	}
}

static void test_description_rules(void)
{
	struct img im;

	/* 128 bytes without a NUL. */
	build_default(&im, &ec_key);
	memset(im.p + MVIMG_H_DESCRIPTION, 'a', MVIMG_DESC_SIZE);
	sign_into(&im, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_DESCRIPTION);
	CHECK_STR_CONTAINS(err, "description is not NUL-terminated");
	CHECK_EQ_U64(patched(MVIMG_H_DESCRIPTION + 100, 'x', 1),
		     MVIMG_E_DESCRIPTION);
	CHECK_STR_CONTAINS(err, "non-zero byte 100 after its NUL");
	CHECK_EQ_U64(patched(MVIMG_H_DESCRIPTION + 2, 0x1b, 1),
		     MVIMG_E_DESCRIPTION);
	CHECK_STR_CONTAINS(err, "control character 0x1b at byte 2");
	/* UTF-8 is allowed. */
	CHECK_EQ_U64(patched(MVIMG_H_DESCRIPTION, 0xa9c3, 2), MVIMG_OK);
}

static void test_segment_count_and_types(void)
{
	struct mvimage_layout l;
	struct img im;

	CHECK_EQ_U64(patched(MVIMG_H_SEG_COUNT, 0, 4), MVIMG_E_SEG_COUNT);
	CHECK_STR_CONTAINS(err, "segment count 0 is outside 1..4");
	CHECK_EQ_U64(patched(MVIMG_H_SEG_COUNT, 5, 4), MVIMG_E_SEG_COUNT);
	CHECK_EQ_U64(patched(MVIMG_H_SEG_COUNT, ~0u, 4), MVIMG_E_SEG_COUNT);
	/* Fewer than used: the rest is not zero. */
	CHECK_EQ_U64(patched(MVIMG_H_SEG_COUNT, 3, 4), MVIMG_E_SEG_UNUSED);
	CHECK_EQ_U64(patched(SEGF(2, MVIMG_S_TYPE), 5, 4), MVIMG_E_SEG_TYPE);
	CHECK_STR_CONTAINS(err, "segment 2 has unknown type 5");
	CHECK_EQ_U64(patched(SEGF(0, MVIMG_S_TYPE), 0, 4), MVIMG_E_SEG_TYPE);
	CHECK_EQ_U64(patched(SEGF(3, MVIMG_S_TYPE), MVIMG_SEG_KERNEL, 4),
		     MVIMG_E_SEG_DUP);
	CHECK_STR_CONTAINS(err, "segments 0 and 3 are both KERNEL");
	/* No KERNEL at all. */
	CHECK_EQ_U64(patched(SEGF(0, MVIMG_S_TYPE), MVIMG_SEG_GUEST_DTB, 4),
		     MVIMG_E_SEG_DUP);
	default_layout(&l, &ec_key);
	l.seg[0] = l.seg[1];
	l.seg[1] = l.seg[2];
	l.count = 2;
	build(&im, &l, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_NO_KERNEL);
	CHECK_STR_CONTAINS(err, "no KERNEL segment");
}

static void test_hostile_segment_sizes(void)
{
	const u64 k = SEGF(0, 0), i = SEGF(1, 0);

	CHECK_EQ_U64(patched(k + MVIMG_S_SIZE, 0, 8), MVIMG_E_SEG_EMPTY);
	CHECK_STR_CONTAINS(err, "segment 0 (KERNEL) is empty");
	/* file_offset + size wraps around 2^64. */
	CHECK_EQ_U64(patched(k + MVIMG_S_SIZE, ~0ULL - 0xfff, 8),
		     MVIMG_E_SEG_RANGE);
	CHECK_EQ_U64(patched(k + MVIMG_S_SIZE, ~0ULL, 8), MVIMG_E_SEG_RANGE);
	CHECK_EQ_U64(patched(i + MVIMG_S_FILE_OFF, ~0ULL & ~0xfffULL, 8),
		     MVIMG_E_SEG_RANGE);
	CHECK_STR_CONTAINS(err, "is outside the segment area");
	/* One byte past the signed range. */
	CHECK_EQ_U64(patched(SEGF(3, MVIMG_S_SIZE), sizeof(dtb_bytes) + 1, 8),
		     MVIMG_E_SEG_RANGE);
	/* Into the header. */
	CHECK_EQ_U64(patched(k + MVIMG_S_FILE_OFF, 0, 8), MVIMG_E_SEG_RANGE);
	CHECK_EQ_U64(patched(k + MVIMG_S_FILE_OFF, 0x1001, 8),
		     MVIMG_E_SEG_ALIGN);
	CHECK_STR_CONTAINS(err, "file offset 0x1001 is not 4 KiB aligned");
	/* Shorter than the bytes: the layout no longer ends the range. */
	CHECK_EQ_U64(patched(SEGF(3, MVIMG_S_SIZE), 8, 8), MVIMG_E_SEG_LAYOUT);
	CHECK_STR_CONTAINS(err, "the signed range ends at");
	/* A smaller kernel leaves a gap before segment 1: not canonical. */
	CHECK_EQ_U64(patched(k + MVIMG_S_SIZE, 0x1000, 8), MVIMG_E_SEG_LAYOUT);
	CHECK_STR_CONTAINS(err, "segment 1 (INITRD) starts at 0x5000, "
				"expected 0x2000");
	/* Still inside the range (the DTB follows), but too long a line. */
	CHECK_EQ_U64(patched(SEGF(2, MVIMG_S_SIZE), MVIMG_CMDLINE_MAX + 1, 8),
		     MVIMG_E_SEG_SIZE);
}

static void test_overlap_and_order(void)
{
	struct img im;
	u8 tmp[MVIMG_SEG_SIZE];

	/* Segment 1 starts inside segment 0. */
	CHECK_EQ_U64(patched(SEGF(1, MVIMG_S_FILE_OFF), 0x2000, 8),
		     MVIMG_E_SEG_OVERLAP);
	CHECK_STR_CONTAINS(err, "segments 0 and 1 overlap");
	CHECK_EQ_U64(patched(SEGF(2, MVIMG_S_FILE_OFF), 0x5000, 8),
		     MVIMG_E_SEG_OVERLAP);
	CHECK_STR_CONTAINS(err, "segments 1 and 2 overlap");
	/* Entries swapped: not in file order. */
	build_default(&im, &ec_key);
	memcpy(tmp, im.p + MVIMG_SEG(1), MVIMG_SEG_SIZE);
	memcpy(im.p + MVIMG_SEG(1), im.p + MVIMG_SEG(2), MVIMG_SEG_SIZE);
	memcpy(im.p + MVIMG_SEG(2), tmp, MVIMG_SEG_SIZE);
	sign_into(&im, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_SEG_ORDER);
	CHECK_STR_CONTAINS(err, "segments 1 and 2 are not in file order");
	/* Two entries describing the same bytes. */
	build_default(&im, &ec_key);
	memcpy(im.p + MVIMG_SEG(3), im.p + MVIMG_SEG(2), MVIMG_SEG_SIZE);
	mvimg_put32(im.p + SEGF(3, MVIMG_S_TYPE), MVIMG_SEG_GUEST_DTB);
	sign_into(&im, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_SEG_OVERLAP);
}

static void test_segment_hash_in_header(void)
{
	CHECK_EQ_U64(patched(SEGF(1, MVIMG_S_SHA256) + 31, 0x55, 1),
		     MVIMG_E_SEG_HASH);
	CHECK_STR_CONTAINS(err, "segment 1 (INITRD) does not match its "
				"SHA-256");
}

/* Builds the default image with another command line. */
static int with_cmdline(const u8 *s, u64 n)
{
	struct mvimage_layout l;
	struct img im;

	default_layout(&l, &ec_key);
	l.seg[2].data = s;
	l.seg[2].size = n;
	build(&im, &l, &ec_key);
	return verify(&im, &ring_ec, 0);
}

static void test_cmdline_rules(void)
{
	static u8 long_line[MVIMG_CMDLINE_MAX + 1];

	CHECK_EQ_U64(with_cmdline((const u8 *)"abc", 3), MVIMG_E_CMDLINE);
	CHECK_STR_CONTAINS(err, "command line is not NUL-terminated");
	CHECK_EQ_U64(with_cmdline((const u8 *)"a\0b", 4), MVIMG_E_CMDLINE);
	CHECK_STR_CONTAINS(err, "command line has byte 0x0 at 1");
	CHECK_EQ_U64(with_cmdline((const u8 *)"a\nb", 4), MVIMG_E_CMDLINE);
	CHECK_EQ_U64(with_cmdline((const u8 *)"a\xc3\xa9", 4), MVIMG_E_CMDLINE);
	CHECK_EQ_U64(with_cmdline((const u8 *)"", 1), MVIMG_OK);
	memset(long_line, 'x', sizeof(long_line));
	long_line[MVIMG_CMDLINE_MAX - 1] = 0;
	CHECK_EQ_U64(with_cmdline(long_line, MVIMG_CMDLINE_MAX), MVIMG_OK);
	long_line[MVIMG_CMDLINE_MAX - 1] = 'x';
	long_line[MVIMG_CMDLINE_MAX] = 0;
	CHECK_EQ_U64(with_cmdline(long_line, MVIMG_CMDLINE_MAX + 1),
		     MVIMG_E_SEG_SIZE);
	CHECK_STR_CONTAINS(err, "command line is 2049 bytes, more than 2048");
}

static void test_dtb_rules(void)
{
	struct mvimage_layout l;
	struct img im;
	u8 dtb[64];

	memcpy(dtb, dtb_bytes, sizeof(dtb));
	dtb[0] = 0;
	default_layout(&l, &ec_key);
	l.seg[3].data = dtb;
	build(&im, &l, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_DTB);
	CHECK_STR_CONTAINS(err, "guest DTB does not start with the FDT magic");
	dtb[0] = 0xd0;
	dtb[7] = 63;
	build(&im, &l, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_DTB);
	CHECK_STR_CONTAINS(err, "guest DTB header says 63 bytes");
	l.seg[3].size = 4;
	build(&im, &l, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_DTB);
}

static void test_guest_memory_rules(void)
{
	CHECK_EQ_U64(patched(MVIMG_H_GUEST_MEM, 0, 8), MVIMG_E_MEM_SIZE);
	CHECK_STR_CONTAINS(err, "guest memory size 0x0 is not");
	CHECK_EQ_U64(patched(MVIMG_H_GUEST_MEM, MEM + SZ_1M, 8),
		     MVIMG_E_MEM_SIZE);
	CHECK_EQ_U64(patched(MVIMG_H_GUEST_MEM, MVIMG_MAX_GUEST_MEM + SZ_2M, 8),
		     MVIMG_E_MEM_SIZE);
	CHECK_EQ_U64(patched(MVIMG_H_GUEST_MEM, ~0ULL << 21, 8),
		     MVIMG_E_MEM_SIZE);
	/* Smaller memory: the initrd at 32 MiB no longer fits. */
	CHECK_EQ_U64(patched(MVIMG_H_GUEST_MEM, 32 * SZ_1M, 8), MVIMG_E_LOAD);
	CHECK_STR_CONTAINS(err, "segment 1 (INITRD) at 0x2000000 size 0x1388 "
				"does not fit in 0x2000000 bytes");
}

static void test_load_rules(void)
{
	const u64 k = SEGF(0, MVIMG_S_LOAD_OFF), i = SEGF(1, MVIMG_S_LOAD_OFF);

	CHECK_EQ_U64(patched(k, MVIMG_LOAD_NONE, 8), MVIMG_E_LOAD);
	CHECK_STR_CONTAINS(err, "segment 0 (KERNEL) has no load offset");
	CHECK_EQ_U64(patched(i, INITRD_LOAD + 8, 8), MVIMG_E_LOAD);
	CHECK_STR_CONTAINS(err, "load offset 0x2000008 is not 4 KiB aligned");
	CHECK_EQ_U64(patched(SEGF(2, MVIMG_S_LOAD_OFF), 0x100000, 8),
		     MVIMG_E_LOAD);
	CHECK_STR_CONTAINS(err, "segment 2 (CMDLINE) is not loaded into guest "
				"RAM");
	CHECK_EQ_U64(patched(SEGF(3, MVIMG_S_LOAD_OFF), 0, 8), MVIMG_E_LOAD);
	/* load + size wraps; and ends one page past memory. */
	CHECK_EQ_U64(patched(i, ~0ULL & ~0xfffULL, 8), MVIMG_E_LOAD);
	CHECK_EQ_U64(patched(i, MEM - 0x1000, 8), MVIMG_E_LOAD);
	/* The last 64 KiB of the image's own guest memory hold the device
	 * tree: a load ending there is refused whatever RAM it would get. */
	CHECK_EQ_U64(patched(i, MEM - 0x2000, 8), MVIMG_E_LOAD);
	CHECK_STR_CONTAINS(err, "segment 1 (INITRD) at 0x3ffe000 size 0x1388 "
				"reaches into the last 65536 bytes of its "
				"0x4000000 bytes of guest memory");
	CHECK_EQ_U64(patched(i, MEM - MVIMG_GUEST_DTB_AREA - 0x1000, 8),
		     MVIMG_E_LOAD);
	CHECK_EQ_U64(patched(i, MEM - MVIMG_GUEST_DTB_AREA - 0x2000, 8),
		     MVIMG_OK);
	/* Destinations overlap: initrd on the kernel's last page. */
	CHECK_EQ_U64(patched(i, 0x3000, 8), MVIMG_E_LOAD_OVERLAP);
	CHECK_STR_CONTAINS(err, "segments 0 and 1 overlap in guest memory");
	CHECK_EQ_U64(patched(i, 0x4000, 8), MVIMG_OK);
	CHECK_EQ_U64(patched(k, INITRD_LOAD, 8), MVIMG_E_LOAD_OVERLAP);
}

/* The device-tree area's edge, exactly: an initrd may end where it starts,
 * not one page later. */
static void test_dtb_area_edge(void)
{
	struct mvimage_layout l;
	struct img im;

	default_layout(&l, &ec_key);
	l.seg[1].size = 4096;
	l.seg[1].load_offset = MEM - MVIMG_GUEST_DTB_AREA - 4096;
	build(&im, &l, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_OK);
	l.seg[1].load_offset = MEM - MVIMG_GUEST_DTB_AREA;
	build(&im, &l, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_LOAD);
	CHECK_STR_CONTAINS(err, "which hold the device tree");
}

static void test_entry_rules(void)
{
	CHECK_EQ_U64(patched(MVIMG_H_ENTRY, sizeof(kernel_bytes), 8),
		     MVIMG_E_ENTRY);
	CHECK_STR_CONTAINS(err, "entry 0x3064 is outside the kernel "
				"[0x0, 0x3064)");
	CHECK_EQ_U64(patched(MVIMG_H_ENTRY, sizeof(kernel_bytes) - 4, 8),
		     MVIMG_OK);
	CHECK_EQ_U64(patched(MVIMG_H_ENTRY, 0, 8), MVIMG_OK);
	CHECK_EQ_U64(patched(MVIMG_H_ENTRY, 0x102, 8), MVIMG_E_ENTRY);
	CHECK_STR_CONTAINS(err, "entry 0x102 is not 4-byte aligned");
	CHECK_EQ_U64(patched(MVIMG_H_ENTRY, INITRD_LOAD, 8), MVIMG_E_ENTRY);
	CHECK_EQ_U64(patched(MVIMG_H_ENTRY, ~0ULL, 8), MVIMG_E_ENTRY);
}

/* The LINUX default: kernel at 0 with a 3 MiB footprint, initrd above. */
static void linux_layout(struct mvimage_layout *l)
{
	default_layout(l, &ec_key);
	l->flags = MVIMG_F_LINUX;
	l->entry = 0;
	l->seg[0].data = linux_kernel;
	l->seg[0].size = sizeof(linux_kernel);
}

static int linux_variant(u64 load, u64 entry, u64 initrd_load)
{
	struct mvimage_layout l;
	struct img im;

	linux_layout(&l);
	l.seg[0].load_offset = load;
	l.entry = entry;
	l.seg[1].load_offset = initrd_load;
	build(&im, &l, &ec_key);
	return verify(&im, &ring_ec, 0);
}

static void test_linux_rules(void)
{
	struct mvimage_layout l;
	struct img im;

	CHECK_EQ_U64(linux_variant(0, 0, INITRD_LOAD), MVIMG_OK);
	CHECK_EQ_U64(info.flags, MVIMG_F_LINUX);
	CHECK_EQ_U64(info.seg[0].footprint, 3 * SZ_1M);
	CHECK_EQ_U64(linux_variant(SZ_2M, SZ_2M, INITRD_LOAD), MVIMG_OK);
	/* The initrd in the kernel's BSS. */
	CHECK_EQ_U64(linux_variant(0, 0, 3 * SZ_1M - 0x1000),
		     MVIMG_E_LOAD_OVERLAP);
	CHECK_EQ_U64(linux_variant(0, 0, 3 * SZ_1M), MVIMG_OK);
	CHECK_EQ_U64(linux_variant(0x1000, 0x1000, INITRD_LOAD), MVIMG_E_LINUX);
	CHECK_STR_CONTAINS(err, "not a 2 MiB boundary plus text_offset 0x0");
	CHECK_EQ_U64(linux_variant(0, 0x100, INITRD_LOAD), MVIMG_E_ENTRY);
	CHECK_STR_CONTAINS(err, "must be the kernel's load offset 0x0");
	/* Footprint past the end of memory. */
	CHECK_EQ_U64(linux_variant(MEM - SZ_2M, MEM - SZ_2M, INITRD_LOAD),
		     MVIMG_E_LOAD);

	linux_layout(&l);
	l.seg[0].data = kernel_bytes; /* no arm64 magic */
	l.seg[0].size = sizeof(kernel_bytes);
	build(&im, &l, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_LINUX);
	CHECK_STR_CONTAINS(err, "no arm64 Image magic");
	l.seg[0].size = 63;
	build(&im, &l, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_LINUX);

	linux_layout(&l);
	build(&im, &l, &ec_key);
	mvimg_put64(im.p + 0x1000 + MVIMG_ARM64_FLAGS, 0x3);
	mvimg_put64(im.p + SEGF(0, MVIMG_S_SHA256), 0); /* fixed below */
	mbedtls_sha256_ret(im.p + 0x1000, sizeof(linux_kernel),
			   im.p + SEGF(0, MVIMG_S_SHA256), 0);
	sign_into(&im, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_LINUX);
	CHECK_STR_CONTAINS(err, "big-endian");
	mvimg_put64(im.p + 0x1000 + MVIMG_ARM64_FLAGS, 0x2);
	mvimg_put64(im.p + 0x1000 + MVIMG_ARM64_IMAGE_SIZE, 0);
	mbedtls_sha256_ret(im.p + 0x1000, sizeof(linux_kernel),
			   im.p + SEGF(0, MVIMG_S_SHA256), 0);
	sign_into(&im, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_LINUX);
	CHECK_STR_CONTAINS(err, "image_size is 0");
	mvimg_put64(im.p + 0x1000 + MVIMG_ARM64_IMAGE_SIZE, ~0ULL);
	mbedtls_sha256_ret(im.p + 0x1000, sizeof(linux_kernel),
			   im.p + SEGF(0, MVIMG_S_SHA256), 0);
	sign_into(&im, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_LINUX);
	/* text_offset 0x80000: load at 2 MiB multiples + 0x80000. */
	mvimg_put64(im.p + 0x1000 + MVIMG_ARM64_IMAGE_SIZE, 3 * SZ_1M);
	mvimg_put64(im.p + 0x1000 + MVIMG_ARM64_TEXT_OFFSET, 0x80000);
	mbedtls_sha256_ret(im.p + 0x1000, sizeof(linux_kernel),
			   im.p + SEGF(0, MVIMG_S_SHA256), 0);
	sign_into(&im, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_E_LINUX);
	mvimg_put64(im.p + SEGF(0, MVIMG_S_LOAD_OFF), 0x80000);
	mvimg_put64(im.p + MVIMG_H_ENTRY, 0x80000);
	sign_into(&im, &ec_key);
	CHECK_EQ_U64(verify(&im, &ring_ec, 0), MVIMG_OK);
}

/* ---- the error channel -----------------------------------------------------
 */

static void test_error_buffer(void)
{
	struct img im;
	char small[6];

	build_default(&im, &ec_key);
	im.p[0] = 'X';
	CHECK_EQ_U64(mvimg_verify(im.p, im.len, &ring_ec, 0, &info, NULL, 0),
		     MVIMG_E_MAGIC);
	memset(small, 'z', sizeof(small));
	CHECK_EQ_U64(mvimg_verify(im.p, im.len, &ring_ec, 0, &info, small, 1),
		     MVIMG_E_MAGIC);
	CHECK(small[0] == '\0' && small[1] == 'z');
	CHECK_EQ_U64(mvimg_verify(im.p, im.len, &ring_ec, 0, &info, small,
				  sizeof(small)),
		     MVIMG_E_MAGIC);
	CHECK(!strcmp(small, "bad m"));
	/* The longest messages fit in MVIMG_ERR_MAX. */
	im.p[0] = 'M';
	CHECK_EQ_U64(patched(MVIMG_H_KEY_ID, ec_key.id[0] ^ 1, 1),
		     MVIMG_E_KEY_ID_MISMATCH);
	CHECK(strlen(err) < MVIMG_ERR_MAX - 1);
	CHECK(err[strlen(err) - 1] == ')');
}

static void test_error_names(void)
{
	for (int c = 0; c < MVIMG_E_COUNT_; c++) {
		CHECK(strcmp(mvimg_strerror(c), "unknown error"));
		for (int d = 0; d < c; d++)
			CHECK(strcmp(mvimg_strerror(c), mvimg_strerror(d)));
	}
	CHECK(!strcmp(mvimg_strerror(MVIMG_E_COUNT_), "unknown error"));
	CHECK(!strcmp(mvimg_strerror(-1), "unknown error"));
	CHECK(!strcmp(mvimg_seg_name(MVIMG_SEG_GUEST_DTB), "GUEST_DTB"));
	CHECK(!strcmp(mvimg_alg_name(MVIMG_ALG_RSA3072_PSS),
		      "RSA3072-PSS-SHA256"));
}

int main(int argc, char **argv)
{
	exhaustive = argc > 1 && !strcmp(argv[1], "--exhaustive");
	setup();
	T(test_ecdsa_image_verifies);
	T(test_pss_image_verifies);
	T(test_key_rotation);
	T(test_single_segment_and_max_counter);
	T(test_segment_hash_recheck);
	T(test_tamper_header_trailer_ecdsa);
	T(test_tamper_header_trailer_pss);
	T(test_tamper_segments_sampled);
	T(test_nonzero_padding_signed);
	T(test_truncate_extend);
	T(test_hostile_signed_size);
	T(test_format1_still_read);
	T(test_outer_fields);
	T(test_ecdsa_sig_len_edges);
	T(test_pss_sig_edges);
	T(test_untrusted_key);
	T(test_alg_fixed_by_key);
	T(test_key_table_errors);
	T(test_counter_floor);
	T(test_unknown_flags);
	T(test_reserved_bytes);
	T(test_description_rules);
	T(test_segment_count_and_types);
	T(test_hostile_segment_sizes);
	T(test_overlap_and_order);
	T(test_segment_hash_in_header);
	T(test_cmdline_rules);
	T(test_dtb_rules);
	T(test_guest_memory_rules);
	T(test_load_rules);
	T(test_dtb_area_edge);
	T(test_entry_rules);
	T(test_linux_rules);
	T(test_error_buffer);
	T(test_error_names);
	teardown();
	CHECK_EXIT();
}
