/* tests/fuzz/fuzzlib.c - shared pieces of the verifier fuzzers: fixed test keys, seed images, re-signing, invariants. */
#include <stdlib.h>
#include <string.h>

#include <mbedtls/ecp.h>
#include <mbedtls/rsa.h>

#include "tests/fuzz/fuzzlib.h"

struct mvimage_key fuzz_ec_key, fuzz_rsa_key;
static struct mvimg_key tk[2];
struct mvimg_keyring fuzz_ring_ec = {tk, 1};
struct mvimg_keyring fuzz_ring_both = {tk, 2};

static mbedtls_ctr_drbg_context drbg;

/* A fixed "entropy" source: keys and signatures repeat run to run. */
static int fixed_entropy(void *ctx, unsigned char *out, size_t len)
{
	u32 *state = ctx;

	for (size_t i = 0; i < len; i++) {
		*state = *state * 1103515245u + 12345u;
		out[i] = (u8)(*state >> 16);
	}
	return 0;
}

static void die(const char *what)
{
	fprintf(stderr, "fuzz setup: %s\n", what);
	abort();
}

void fuzz_setup(bool with_rsa)
{
	static u32 seed = 0x46555a5a;
	char err[256];

	mbedtls_ctr_drbg_init(&drbg);
	if (mbedtls_ctr_drbg_seed(&drbg, fixed_entropy, &seed, NULL, 0))
		die("DRBG");
	mbedtls_pk_init(&fuzz_ec_key.pk);
	if (mbedtls_pk_setup(&fuzz_ec_key.pk,
			     mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)) ||
	    mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1,
				mbedtls_pk_ec(fuzz_ec_key.pk),
				mbedtls_ctr_drbg_random, &drbg) ||
	    mvimage_key_adopt(&fuzz_ec_key, true, err, sizeof(err)))
		die("EC key");
	mvimage_key_trusted(&fuzz_ec_key, &tk[0]);
	if (!with_rsa)
		return;
	mbedtls_pk_init(&fuzz_rsa_key.pk);
	if (mbedtls_pk_setup(&fuzz_rsa_key.pk,
			     mbedtls_pk_info_from_type(MBEDTLS_PK_RSA)) ||
	    mbedtls_rsa_gen_key(mbedtls_pk_rsa(fuzz_rsa_key.pk),
				mbedtls_ctr_drbg_random, &drbg, 3072, 65537) ||
	    mvimage_key_adopt(&fuzz_rsa_key, true, err, sizeof(err)))
		die("RSA key");
	mvimage_key_trusted(&fuzz_rsa_key, &tk[1]);
}

void fuzz_sign(u8 *img, u64 len, struct mvimage_key *key)
{
	u8 sig[MVIMG_SIG_MAX];
	u32 sig_len;
	char err[256];
	u64 ss = len - MVIMG_TRAILER_SIZE;

	if (mvimage_sign(key, img, ss, mbedtls_ctr_drbg_random, &drbg, sig,
			 &sig_len, err, sizeof(err)))
		die(err);
	mvimage_write_trailer(img + ss, key->alg, sig, sig_len);
}

static void write_seed(const char *dir, const char *name, const u8 *p, u64 len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/seed-%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, len, f) != len || fclose(f))
		die("cannot write a seed");
}

/* Small images of every shape the format allows. */
void fuzz_write_seeds(bool tbs_only, bool with_rsa)
{
	static u8 kernel[300], linux_kernel[128], initrd[200], dtb[40];
	static const char cmdline[] = "console=hvc0";
	const char *dir = getenv("MVIMG_FUZZ_SEEDS");
	struct mvimage_layout l;
	char err[256];

	if (!dir)
		return;
	for (size_t i = 0; i < sizeof(kernel); i++)
		kernel[i] = (u8)i;
	mvimg_put64(linux_kernel + MVIMG_ARM64_IMAGE_SIZE, SZ_1M);
	mvimg_put32(linux_kernel + MVIMG_ARM64_MAGIC_OFF, MVIMG_ARM64_MAGIC);
	dtb[0] = 0xd0, dtb[1] = 0x0d, dtb[2] = 0xfe, dtb[3] = 0xed;
	dtb[7] = sizeof(dtb);

	for (int v = 0; v < 4; v++) {
		struct mvimage_key *k =
			v == 3 && with_rsa ? &fuzz_rsa_key : &fuzz_ec_key;
		char name[16];
		u8 *tbs, *img;
		u64 len, img_len;

		memset(&l, 0, sizeof(l));
		l.alg = k->alg;
		memcpy(l.key_id, k->id, MVIMG_KEY_ID_SIZE);
		l.counter = 1;
		l.mem = 16 * SZ_1M;
		l.description = "seed";
		l.seg[l.count++] = (struct mvimage_seg){
			MVIMG_SEG_KERNEL, kernel, sizeof(kernel), 0};
		if (v == 1) {
			l.flags = MVIMG_F_LINUX;
			l.seg[0].data = linux_kernel;
			l.seg[0].size = sizeof(linux_kernel);
		}
		if (v >= 1)
			l.seg[l.count++] =
				(struct mvimage_seg){MVIMG_SEG_INITRD, initrd,
						     sizeof(initrd), 8 * SZ_1M};
		if (v >= 2) {
			l.seg[l.count++] = (struct mvimage_seg){
				MVIMG_SEG_CMDLINE, (const u8 *)cmdline,
				sizeof(cmdline), MVIMG_LOAD_NONE};
			l.seg[l.count++] = (struct mvimage_seg){
				MVIMG_SEG_GUEST_DTB, dtb, sizeof(dtb),
				MVIMG_LOAD_NONE};
		}
		if (mvimage_build(&l, &tbs, &len, err, sizeof(err)))
			die(err);
		snprintf(name, sizeof(name), "%d", v);
		if (tbs_only) {
			write_seed(dir, name, tbs, len);
		} else {
			if (mvimage_attach(tbs, len, k->alg, (const u8 *)"", 0,
					   &img, &img_len, err, sizeof(err)))
				die(err);
			fuzz_sign(img, img_len, k);
			write_seed(dir, name, img, img_len);
			free(img);
		}
		free(tbs);
	}
}

static void broken(const char *what)
{
	fprintf(stderr, "verifier broke its promise: %s\n", what);
	abort();
}

void fuzz_check_accepted(const u8 *blob, u64 len, const struct mvimg_info *info)
{
	const struct mvimg_segment *k = NULL;
	char err[MVIMG_ERR_MAX];

	if (info->signed_size + MVIMG_TRAILER_SIZE != len)
		broken("signed size");
	if (!info->guest_mem_size || info->guest_mem_size % SZ_2M)
		broken("guest memory size");
	if (info->segment_count < 1 || info->segment_count > 4)
		broken("segment count");
	if (!memchr(info->description, 0, sizeof(info->description)))
		broken("description");
	for (u32 i = 0; i < info->segment_count; i++) {
		const struct mvimg_segment *s = &info->seg[i];

		if (s->file_offset < MVIMG_HEADER_SIZE ||
		    s->file_offset > info->signed_size ||
		    s->size > info->signed_size - s->file_offset)
			broken("segment outside the signed range");
		if (mvimg_check_segment_hash(s, blob + s->file_offset, s->size,
					     err, sizeof(err)))
			broken("segment hash");
		if (s->load_offset != MVIMG_LOAD_NONE &&
		    (s->load_offset > info->guest_mem_size ||
		     s->footprint > info->guest_mem_size - s->load_offset))
			broken("segment outside guest memory");
		if (s->type == MVIMG_SEG_KERNEL)
			k = s;
	}
	if (!k || info->entry_offset < k->load_offset ||
	    info->entry_offset - k->load_offset >= k->footprint)
		broken("entry");
}

void fuzz_check_verdict(int rc, const char *err)
{
	if (rc < 0 || rc >= MVIMG_E_COUNT_)
		broken("unknown code");
	if (!memchr(err, 0, MVIMG_ERR_MAX))
		broken("unterminated message");
	if ((rc != MVIMG_OK) != (err[0] != '\0'))
		broken("message and code disagree");
}
