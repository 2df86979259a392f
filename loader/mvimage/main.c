/* loader/mvimage/main.c - mvimage: creates, signs, attaches signatures to, verifies and dumps MVIMG appliance images. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/ecp.h>

#include "loader/mvimage/mvimage.h"

/* Exit codes: the Unix convention that scripts and tests rely on. */
#define EXIT_OK	   0
#define EXIT_FAIL  1 /* verification or input failure */
#define EXIT_USAGE 2 /* bad command line */

#define ERRLEN 512

static const char usage_main[] =
	"usage: mvimage COMMAND [OPTIONS]\n"
	"\n"
	"Builds and checks MVIMG signed appliance images for the microvisor\n"
	"(format: docs/image-format.md).\n"
	"\n"
	"commands:\n"
	"  create   build an image from a kernel and optional initrd, command\n"
	"           line and guest DTB; sign it (--key) or write the bytes to\n"
	"           sign (--unsigned)\n"
	"  sign     sign an unsigned image with a private key\n"
	"  attach   append a signature made elsewhere (openssl, an HSM)\n"
	"  verify   verify an image as the microvisor does\n"
	"  info     dump an image without trusting it\n"
	"\n"
	"'mvimage COMMAND --help' describes a command. Exit status: 0 ok,\n"
	"1 verification or input failure, 2 usage error.\n";

static const char usage_create[] =
	"usage: mvimage create --kernel FILE --mem SIZE --counter N\n"
	"                      [--entry OFF] [--initrd FILE] [--cmdline STR]\n"
	"                      [--dtb FILE] [--version N] [--description STR]\n"
	"                      [--linux] [--kernel-load OFF] [--initrd-load "
	"OFF]\n"
	"                      [--format 1|2]\n"
	"                      (--key KEY.pem | --unsigned --pubkey PUB.pem)\n"
	"                      -o OUT\n"
	"\n"
	"  --kernel FILE       the guest kernel (KERNEL segment)\n"
	"  --initrd FILE       an initial ramdisk (INITRD segment)\n"
	"  --cmdline STR       the guest command line (CMDLINE segment)\n"
	"  --dtb FILE          a guest device tree blob (GUEST_DTB segment)\n"
	"  --mem SIZE          guest RAM, a multiple of 2M (suffixes K, M, G)\n"
	"  --entry OFF         entry point as an offset into guest RAM;\n"
	"                      with --linux it defaults to the kernel's load "
	"offset\n"
	"  --counter N         security counter (anti-rollback)\n"
	"  --version N         image version, informational (default 0)\n"
	"  --description STR   up to 127 printable characters\n"
	"  --linux             the kernel is an arm64 Linux Image\n"
	"  --kernel-load OFF   kernel load offset in guest RAM (default 0, or\n"
	"                      text_offset with --linux)\n"
	"  --initrd-load OFF   initrd load offset (default: as high as "
	"possible\n"
	"                      below the top 2 MiB; nothing may be loaded in\n"
	"                      the last 64 KiB, which hold the guest DTB)\n"
	"  --key KEY.pem       sign with this private key (EC P-256 or "
	"RSA-3072)\n"
	"  --unsigned          write the image without its signature; sign "
	"its\n"
	"                      first 512 bytes (the header) elsewhere and "
	"attach;\n"
	"                      the key (--pubkey or --key) still fixes the\n"
	"                      algorithm and key id\n"
	"  --format N          2 (default): the signature covers the header,\n"
	"                      which holds each segment's SHA-256; 1: it "
	"covers\n"
	"                      the whole image (the older format, still "
	"read)\n"
	"  -o OUT              output file\n";

static const char usage_sign[] =
	"usage: mvimage sign --key KEY.pem IN -o OUT\n"
	"\n"
	"Signs an image made with 'create --unsigned' for the same key.\n";

static const char usage_attach[] =
	"usage: mvimage attach --sig SIG [--alg ecdsa|pss] [--pubkey PUB.pem] "
	"IN -o OUT\n"
	"\n"
	"Appends a signature made outside mvimage to IN (an image made with\n"
	"'create --unsigned'). It covers IN's first 512 bytes (format 2) or "
	"all\n"
	"of IN (format 1), e.g.\n"
	"  head -c 512 IN | openssl dgst -sha256 -sign key.pem -out SIG\n"
	"For RSA-3072 add: -sigopt rsa_padding_mode:pss -sigopt "
	"rsa_pss_saltlen:32\n"
	"                  -sigopt rsa_mgf1_md:sha256\n"
	"--alg must agree with the algorithm IN was created for; --pubkey\n"
	"verifies the result before writing it.\n";

static const char usage_verify[] =
	"usage: mvimage verify --pubkey KEY.pem [--pubkey KEY.pem ...] "
	"[--floor N] IMG\n"
	"\n"
	"Verifies IMG with the microvisor's verifier (loader/verify.c) "
	"against\n"
	"the given trusted keys (public or private PEM/DER). --floor is the\n"
	"lowest accepted security counter (default 0).\n";

static const char usage_info[] =
	"usage: mvimage info IMG\n"
	"\n"
	"Prints every field of IMG and says whether its sizes and hashes are\n"
	"consistent (exit 1 if not). The signature is not checked: use "
	"verify.\n";

static const char *cur_cmd = "";

static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mvimage: %s%s", cur_cmd, *cur_cmd ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'mvimage %s%s--help'.\n", cur_cmd,
		*cur_cmd ? " " : "");
	exit(EXIT_USAGE);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mvimage: %s%s", cur_cmd, *cur_cmd ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_FAIL);
}

/* A number with an optional K/M/G (binary) suffix; base prefixes allowed. */
static u64 parse_num(const char *opt, const char *s, bool suffix)
{
	unsigned long long v;
	char *end;
	int shift = 0;

	errno = 0;
	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		usage_error("%s: '%s' is not a number", opt, s);
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		usage_error("%s: '%s' is not a number", opt, s);
	if (suffix && *end) {
		switch (*end) {
		case 'K':
		case 'k': shift = 10; break;
		case 'M':
		case 'm': shift = 20; break;
		case 'G':
		case 'g': shift = 30; break;
		default: usage_error("%s: '%s' has an unknown suffix", opt, s);
		}
		end++;
	}
	if (*end)
		usage_error("%s: '%s' is not a number", opt, s);
	if (shift && v > (~0ULL >> shift))
		usage_error("%s: '%s' is too large", opt, s);
	return (u64)v << shift;
}

static u8 *read_file(const char *path, u64 *len, u64 max)
{
	FILE *f = fopen(path, "rb");
	u8 *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		fail("%s: %s", path, strerror(errno));
	for (;;) {
		size_t got;

		if (n == cap) {
			u8 *nb;

			if (cap > max)
				fail("%s: larger than %llu bytes", path,
				     (unsigned long long)max);
			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap);
			if (!nb)
				fail("%s: out of memory", path);
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		fail("%s: read error", path);
	fclose(f);
	if (n > max)
		fail("%s: larger than %llu bytes", path,
		     (unsigned long long)max);
	*len = n;
	return buf;
}

static void write_file(const char *path, const u8 *p, u64 len)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		fail("%s: %s", path, strerror(errno));
	if (fwrite(p, 1, len, f) != len || fclose(f)) {
		remove(path);
		fail("%s: write error", path);
	}
}

/* getopt_long was given a leading ':' so a missing value is told apart. */
static void __attribute__((noreturn)) bad_option(int c, char **argv)
{
	if (c == ':')
		usage_error("option '%s' needs a value", argv[optind - 1]);
	usage_error("unknown option '%s'", argv[optind - 1]);
}

static void load_key(struct mvimage_key *k, const char *path, bool priv)
{
	char err[ERRLEN];

	if (mvimage_key_load(k, path, priv, err, sizeof(err)))
		fail("%s", err);
}

static void print_id(FILE *f, const u8 *id)
{
	for (int i = 0; i < MVIMG_KEY_ID_SIZE; i++)
		fprintf(f, "%02x", id[i]);
}

/* Verifies img with one key; exits with the verifier's reason if it fails. */
static void check_with_key(const struct mvimage_key *k, const u8 *img, u64 len,
			   const char *what)
{
	struct mvimg_key tk;
	struct mvimg_keyring ring = {&tk, 1};
	struct mvimg_info info;
	char err[MVIMG_ERR_MAX];

	mvimage_key_trusted(k, &tk);
	if (mvimg_verify(img, len, &ring, 0, &info, err, sizeof(err)))
		fail("%s: %s", what, err);
}

/*
 * An unsigned image cannot be verified, but every rule except the key's
 * can: sign a copy with a throwaway key (its id and algorithm patched in)
 * and run the verifier on that, so 'create --unsigned' never hands an HSM
 * bytes that would be refused after signing.
 */
static void self_check_unsigned(const u8 *tbs, u64 len, struct mvimage_rng *rng)
{
	struct mvimage_key k;
	u8 sig[MVIMG_SIG_MAX], *copy, *img;
	u64 img_len;
	u32 sig_len;
	char err[ERRLEN];
	int rc;

	memset(&k, 0, sizeof(k));
	mbedtls_pk_init(&k.pk);
	rc = mbedtls_pk_setup(&k.pk,
			      mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY));
	if (!rc)
		rc = mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1,
					 mbedtls_pk_ec(k.pk),
					 mbedtls_ctr_drbg_random, &rng->drbg);
	if (rc || mvimage_key_adopt(&k, true, err, sizeof(err)))
		fail("cannot make a key for the self-check");
	copy = malloc(len);
	if (!copy)
		fail("out of memory");
	memcpy(copy, tbs, len);
	mvimg_put32(copy + MVIMG_H_SIG_ALG, k.alg);
	memcpy(copy + MVIMG_H_KEY_ID, k.id, MVIMG_KEY_ID_SIZE);
	if (mvimage_sign(&k, copy, len, mbedtls_ctr_drbg_random, &rng->drbg,
			 sig, &sig_len, err, sizeof(err)) ||
	    mvimage_attach(copy, len, k.alg, sig, sig_len, &img, &img_len, err,
			   sizeof(err)))
		fail("%s", err);
	check_with_key(&k, img, img_len, "the image would be refused");
	free(img);
	free(copy);
	mvimage_key_free(&k);
}

static bool printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

static bool ranges_overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

enum {
	OPT_KERNEL = 256,
	OPT_INITRD,
	OPT_CMDLINE,
	OPT_DTB,
	OPT_ENTRY,
	OPT_MEM,
	OPT_COUNTER,
	OPT_VERSION,
	OPT_DESC,
	OPT_LINUX,
	OPT_KLOAD,
	OPT_ILOAD,
	OPT_KEY,
	OPT_PUBKEY,
	OPT_UNSIGNED,
	OPT_SIG,
	OPT_ALG,
	OPT_FLOOR,
	OPT_FORMAT,
};

static int cmd_create(int argc, char **argv)
{
	static const struct option opts[] = {
		{"kernel", required_argument, NULL, OPT_KERNEL},
		{"initrd", required_argument, NULL, OPT_INITRD},
		{"cmdline", required_argument, NULL, OPT_CMDLINE},
		{"dtb", required_argument, NULL, OPT_DTB},
		{"entry", required_argument, NULL, OPT_ENTRY},
		{"mem", required_argument, NULL, OPT_MEM},
		{"counter", required_argument, NULL, OPT_COUNTER},
		{"version", required_argument, NULL, OPT_VERSION},
		{"description", required_argument, NULL, OPT_DESC},
		{"linux", no_argument, NULL, OPT_LINUX},
		{"kernel-load", required_argument, NULL, OPT_KLOAD},
		{"initrd-load", required_argument, NULL, OPT_ILOAD},
		{"key", required_argument, NULL, OPT_KEY},
		{"pubkey", required_argument, NULL, OPT_PUBKEY},
		{"unsigned", no_argument, NULL, OPT_UNSIGNED},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *kernel = NULL, *initrd = NULL, *cmdline = NULL;
	const char *dtb = NULL, *key = NULL, *pubkey = NULL, *out = NULL;
	const char *desc = "";
	bool have_entry = false, have_mem = false, have_counter = false;
	bool have_kload = false, have_iload = false, unsig = false;
	struct mvimage_layout l;
	struct mvimage_key k;
	struct mvimage_rng rng;
	u64 kload = 0, iload = 0, kfoot, klen, ilen = 0, dlen = 0;
	u8 *kbuf, *ibuf = NULL, *dbuf = NULL, *tbs, *img;
	u64 tbs_len, img_len;
	char err[ERRLEN];
	int c;

	memset(&l, 0, sizeof(l));
	while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_KERNEL: kernel = optarg; break;
		case OPT_INITRD: initrd = optarg; break;
		case OPT_CMDLINE: cmdline = optarg; break;
		case OPT_DTB: dtb = optarg; break;
		case OPT_ENTRY:
			l.entry = parse_num("--entry", optarg, true);
			have_entry = true;
			break;
		case OPT_MEM:
			l.mem = parse_num("--mem", optarg, true);
			have_mem = true;
			break;
		case OPT_COUNTER:
			l.counter = parse_num("--counter", optarg, false);
			have_counter = true;
			break;
		case OPT_VERSION:
			l.version = parse_num("--version", optarg, false);
			break;
		case OPT_DESC: desc = optarg; break;
		case OPT_LINUX: l.flags |= MVIMG_F_LINUX; break;
		case OPT_KLOAD:
			kload = parse_num("--kernel-load", optarg, true);
			have_kload = true;
			break;
		case OPT_ILOAD:
			iload = parse_num("--initrd-load", optarg, true);
			have_iload = true;
			break;
		case OPT_KEY: key = optarg; break;
		case OPT_PUBKEY: pubkey = optarg; break;
		case OPT_UNSIGNED: unsig = true; break;
		case OPT_FORMAT:
			l.format = (u32)parse_num("--format", optarg, false);
			if (l.format < MVIMG_VERSION_MIN ||
			    l.format > MVIMG_VERSION)
				usage_error("--format is %d or %d, not '%s'",
					    MVIMG_VERSION_MIN, MVIMG_VERSION,
					    optarg);
			break;
		case 'o': out = optarg; break;
		case 'h': fputs(usage_create, stdout); return EXIT_OK;
		default: bad_option(c, argv);
		}
	}
	if (optind != argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (!kernel)
		usage_error("--kernel is required");
	if (!have_mem)
		usage_error("--mem is required");
	if (!have_counter)
		usage_error("--counter is required");
	if (!have_entry && !(l.flags & MVIMG_F_LINUX))
		usage_error("--entry is required (except with --linux)");
	if (!out)
		usage_error("-o OUT is required");
	if (unsig && !key && !pubkey)
		usage_error("--unsigned needs --pubkey (or --key) to fix the "
			    "key id and algorithm");
	if (!unsig && !key)
		usage_error("give --key KEY.pem to sign, or --unsigned");
	if (!unsig && pubkey)
		usage_error("--pubkey is only for --unsigned");
	if (key && pubkey)
		usage_error("give --key or --pubkey, not both");
	if (strlen(desc) >= MVIMG_DESC_SIZE || !printable(desc))
		fail("--description must be at most %d printable ASCII "
		     "characters",
		     MVIMG_DESC_SIZE - 1);
	if (cmdline &&
	    (strlen(cmdline) + 1 > MVIMG_CMDLINE_MAX || !printable(cmdline)))
		fail("--cmdline must be at most %d printable ASCII characters",
		     MVIMG_CMDLINE_MAX - 1);
	l.description = desc;

	load_key(&k, key ? key : pubkey, !unsig);
	l.alg = k.alg;
	memcpy(l.key_id, k.id, MVIMG_KEY_ID_SIZE);

	kbuf = read_file(kernel, &klen, MVIMG_MAX_SIGNED_SIZE);
	if (!klen)
		fail("%s: empty", kernel);
	kfoot = klen;
	if (l.flags & MVIMG_F_LINUX) {
		u64 text_offset, image_size;

		if (klen < MVIMG_ARM64_HDR_SIZE ||
		    mvimg_get32(kbuf + MVIMG_ARM64_MAGIC_OFF) !=
			    MVIMG_ARM64_MAGIC)
			fail("%s: --linux, but this is not an arm64 Image "
			     "(no ARM\\x64 magic)",
			     kernel);
		text_offset = mvimg_get64(kbuf + MVIMG_ARM64_TEXT_OFFSET);
		image_size = mvimg_get64(kbuf + MVIMG_ARM64_IMAGE_SIZE);
		if (!image_size)
			fail("%s: image_size is 0 (a pre-3.17 kernel); not "
			     "supported",
			     kernel);
		if (!have_kload)
			kload = text_offset;
		if (image_size > kfoot)
			kfoot = image_size;
		if (!have_entry)
			l.entry = kload;
	}
	l.seg[l.count++] =
		(struct mvimage_seg){MVIMG_SEG_KERNEL, kbuf, klen, kload};
	if (initrd) {
		ibuf = read_file(initrd, &ilen, MVIMG_MAX_SIGNED_SIZE);
		if (!ilen)
			fail("%s: empty", initrd);
		if (!have_iload) {
			/*
			 * High in guest RAM, clear of the kernel and its BSS
			 * (which grow up from the bottom) and below the top
			 * 2 MiB, whose last 64 KiB hold the guest DTB.
			 */
			if (l.mem < MVIMG_INITRD_TOP_GAP ||
			    ilen > l.mem - MVIMG_INITRD_TOP_GAP)
				fail("%s: %llu bytes do not fit in --mem below "
				     "the top 2 MiB (the guest DTB's block)",
				     initrd, (unsigned long long)ilen);
			iload = ALIGN_DOWN(l.mem - MVIMG_INITRD_TOP_GAP - ilen,
					   MVIMG_LOAD_ALIGN);
			if (ranges_overlap(iload, ilen, kload, kfoot))
				fail("the initrd does not fit above the kernel "
				     "in %llu bytes of guest RAM: raise --mem "
				     "or give --initrd-load",
				     (unsigned long long)l.mem);
		}
		l.seg[l.count++] = (struct mvimage_seg){MVIMG_SEG_INITRD, ibuf,
							ilen, iload};
	}
	if (cmdline)
		l.seg[l.count++] = (struct mvimage_seg){
			MVIMG_SEG_CMDLINE, (const u8 *)cmdline,
			strlen(cmdline) + 1, MVIMG_LOAD_NONE};
	if (dtb) {
		dbuf = read_file(dtb, &dlen, MVIMG_DTB_MAX);
		if (!dlen)
			fail("%s: empty", dtb);
		l.seg[l.count++] = (struct mvimage_seg){
			MVIMG_SEG_GUEST_DTB, dbuf, dlen, MVIMG_LOAD_NONE};
	}

	if (mvimage_build(&l, &tbs, &tbs_len, err, sizeof(err)))
		fail("%s", err);
	if (mvimage_rng_init(&rng, err, sizeof(err)))
		fail("%s", err);
	if (unsig) {
		self_check_unsigned(tbs, tbs_len, &rng);
		write_file(out, tbs, tbs_len);
	} else {
		u8 sig[MVIMG_SIG_MAX];
		u32 sig_len;

		if (mvimage_sign(&k, tbs, tbs_len, mbedtls_ctr_drbg_random,
				 &rng.drbg, sig, &sig_len, err, sizeof(err)) ||
		    mvimage_attach(tbs, tbs_len, k.alg, sig, sig_len, &img,
				   &img_len, err, sizeof(err)))
			fail("%s", err);
		check_with_key(&k, img, img_len, "the image would be refused");
		write_file(out, img, img_len);
		free(img);
	}
	mvimage_rng_free(&rng);
	mvimage_key_free(&k);
	free(tbs);
	free(kbuf);
	free(ibuf);
	free(dbuf);
	return EXIT_OK;
}

/* Reads IN and checks that it is an unsigned image: header + segments. */
static u8 *read_unsigned(const char *path, u64 *len)
{
	u8 *p = read_file(path, len,
			  MVIMG_MAX_SIGNED_SIZE + MVIMG_TRAILER_SIZE);
	u64 ss;

	if (*len < MVIMG_HEADER_SIZE || memcmp(p, MVIMG_MAGIC, 4))
		fail("%s: not an MVIMG image", path);
	ss = mvimg_get64(p + MVIMG_H_SIGNED_SIZE);
	if (ss == *len)
		return p;
	if (ss < *len && *len - ss == MVIMG_TRAILER_SIZE)
		fail("%s: already has a signature trailer; give the unsigned "
		     "image (create --unsigned)",
		     path);
	fail("%s: %llu bytes, but its header says %llu are signed", path,
	     (unsigned long long)*len, (unsigned long long)ss);
}

static void write_signed(const char *in, const u8 *tbs, u64 len, u32 alg,
			 const u8 *sig, u32 sig_len,
			 const struct mvimage_key *check, const char *out)
{
	char err[ERRLEN];
	u8 *img;
	u64 img_len;

	(void)in;
	if (mvimage_attach(tbs, len, alg, sig, sig_len, &img, &img_len, err,
			   sizeof(err)))
		fail("%s", err);
	if (check)
		check_with_key(check, img, img_len, "the signed image fails");
	write_file(out, img, img_len);
	free(img);
}

static int cmd_sign(int argc, char **argv)
{
	static const struct option opts[] = {
		{"key", required_argument, NULL, OPT_KEY},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *key = NULL, *out = NULL, *in;
	struct mvimage_key k;
	struct mvimage_rng rng;
	u8 sig[MVIMG_SIG_MAX], *tbs;
	u32 sig_len;
	u64 len;
	char err[ERRLEN];
	int c;

	while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_KEY: key = optarg; break;
		case 'o': out = optarg; break;
		case 'h': fputs(usage_sign, stdout); return EXIT_OK;
		default: bad_option(c, argv);
		}
	}
	if (!key)
		usage_error("--key is required");
	if (!out)
		usage_error("-o OUT is required");
	if (argc - optind != 1)
		usage_error("give exactly one input image");
	in = argv[optind];

	tbs = read_unsigned(in, &len);
	load_key(&k, key, true);
	if (memcmp(tbs + MVIMG_H_KEY_ID, k.id, MVIMG_KEY_ID_SIZE) ||
	    mvimg_get32(tbs + MVIMG_H_SIG_ALG) != k.alg) {
		fprintf(stderr, "mvimage: sign: %s was created for key id ",
			in);
		print_id(stderr, tbs + MVIMG_H_KEY_ID);
		fprintf(stderr, " (%s), but %s is ",
			mvimg_alg_name(mvimg_get32(tbs + MVIMG_H_SIG_ALG)),
			key);
		print_id(stderr, k.id);
		fprintf(stderr, " (%s); create it again for this key\n",
			mvimg_alg_name(k.alg));
		return EXIT_FAIL;
	}
	if (mvimage_rng_init(&rng, err, sizeof(err)) ||
	    mvimage_sign(&k, tbs, len, mbedtls_ctr_drbg_random, &rng.drbg, sig,
			 &sig_len, err, sizeof(err)))
		fail("%s", err);
	write_signed(in, tbs, len, k.alg, sig, sig_len, &k, out);
	mvimage_rng_free(&rng);
	mvimage_key_free(&k);
	free(tbs);
	return EXIT_OK;
}

static int cmd_attach(int argc, char **argv)
{
	static const struct option opts[] = {
		{"sig", required_argument, NULL, OPT_SIG},
		{"alg", required_argument, NULL, OPT_ALG},
		{"pubkey", required_argument, NULL, OPT_PUBKEY},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *sigf = NULL, *pubkey = NULL, *out = NULL, *in;
	u32 alg = 0, hdr_alg;
	struct mvimage_key k;
	u8 *tbs, *sig;
	u64 len, sig_len;
	int c;

	while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_SIG: sigf = optarg; break;
		case OPT_ALG:
			if (!strcmp(optarg, "ecdsa"))
				alg = MVIMG_ALG_ECDSA_P256;
			else if (!strcmp(optarg, "pss"))
				alg = MVIMG_ALG_RSA3072_PSS;
			else
				usage_error("--alg is ecdsa or pss, not '%s'",
					    optarg);
			break;
		case OPT_PUBKEY: pubkey = optarg; break;
		case 'o': out = optarg; break;
		case 'h': fputs(usage_attach, stdout); return EXIT_OK;
		default: bad_option(c, argv);
		}
	}
	if (!sigf)
		usage_error("--sig is required");
	if (!out)
		usage_error("-o OUT is required");
	if (argc - optind != 1)
		usage_error("give exactly one input image");
	in = argv[optind];

	tbs = read_unsigned(in, &len);
	hdr_alg = mvimg_get32(tbs + MVIMG_H_SIG_ALG);
	if (alg && alg != hdr_alg)
		fail("%s was created for %s, but --alg says %s", in,
		     mvimg_alg_name(hdr_alg), mvimg_alg_name(alg));
	alg = hdr_alg;
	sig = read_file(sigf, &sig_len, MVIMG_SIG_MAX);
	if (alg == MVIMG_ALG_ECDSA_P256 &&
	    (sig_len < MVIMG_ECDSA_SIG_MIN || sig_len > MVIMG_ECDSA_SIG_MAX))
		fail("%s: %llu bytes is not a DER ECDSA P-256 signature "
		     "(%d to %d bytes)",
		     sigf, (unsigned long long)sig_len, MVIMG_ECDSA_SIG_MIN,
		     MVIMG_ECDSA_SIG_MAX);
	else if (alg == MVIMG_ALG_RSA3072_PSS && sig_len != MVIMG_PSS_SIG_LEN)
		fail("%s: %llu bytes is not an RSA-3072 signature (%d bytes)",
		     sigf, (unsigned long long)sig_len, MVIMG_PSS_SIG_LEN);
	else if (alg != MVIMG_ALG_ECDSA_P256 && alg != MVIMG_ALG_RSA3072_PSS)
		fail("%s: unknown signature algorithm %u in the header", in,
		     alg);
	if (pubkey)
		load_key(&k, pubkey, false);
	write_signed(in, tbs, len, alg, sig, (u32)sig_len, pubkey ? &k : NULL,
		     out);
	if (pubkey)
		mvimage_key_free(&k);
	free(sig);
	free(tbs);
	return EXIT_OK;
}

#define MAX_PUBKEYS 16

static int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{"pubkey", required_argument, NULL, OPT_PUBKEY},
		{"floor", required_argument, NULL, OPT_FLOOR},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	static struct mvimage_key keys[MAX_PUBKEYS];
	struct mvimg_key tk[MAX_PUBKEYS];
	const char *paths[MAX_PUBKEYS];
	struct mvimg_keyring ring = {tk, 0};
	struct mvimg_info info;
	char err[MVIMG_ERR_MAX];
	u64 floor = 0, len;
	u32 n = 0;
	u8 *img;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_PUBKEY:
			if (n == MAX_PUBKEYS)
				usage_error("at most %d keys", MAX_PUBKEYS);
			paths[n++] = optarg;
			break;
		case OPT_FLOOR:
			floor = parse_num("--floor", optarg, false);
			break;
		case 'h': fputs(usage_verify, stdout); return EXIT_OK;
		default: bad_option(c, argv);
		}
	}
	if (!n)
		usage_error("give at least one --pubkey");
	if (argc - optind != 1)
		usage_error("give exactly one image");
	for (u32 i = 0; i < n; i++) {
		load_key(&keys[i], paths[i], false);
		mvimage_key_trusted(&keys[i], &tk[i]);
	}
	ring.count = n;

	img = read_file(argv[optind], &len,
			MVIMG_MAX_SIGNED_SIZE + MVIMG_TRAILER_SIZE);
	rc = mvimg_verify(img, len, &ring, floor, &info, err, sizeof(err));
	if (rc)
		fail("%s: %s", argv[optind], err);
	printf("%s: OK: %s, key %s (", argv[optind],
	       mvimg_alg_name(info.sig_alg), paths[info.key_index]);
	print_id(stdout, info.key_id);
	printf("), counter %llu, %u segment%s, %llu MiB guest RAM\n",
	       (unsigned long long)info.security_counter, info.segment_count,
	       info.segment_count == 1 ? "" : "s",
	       (unsigned long long)(info.guest_mem_size >> 20));
	for (u32 i = 0; i < n; i++)
		mvimage_key_free(&keys[i]);
	free(img);
	return EXIT_OK;
}

static int cmd_info(int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	u8 *img;
	u64 len;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_info, stdout);
			return EXIT_OK;
		}
		bad_option(c, argv);
	}
	if (argc - optind != 1)
		usage_error("give exactly one image");
	img = read_file(argv[optind], &len,
			MVIMG_MAX_SIGNED_SIZE + MVIMG_TRAILER_SIZE);
	rc = mvimage_info(argv[optind], img, len, stdout);
	free(img);
	return rc ? EXIT_FAIL : EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{"create", cmd_create}, {"sign", cmd_sign},
		{"attach", cmd_attach}, {"verify", cmd_verify},
		{"info", cmd_info},
	};

	if (argc < 2)
		usage_error("no command given");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		fputs(usage_main, stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (strcmp(argv[1], cmds[i].name))
			continue;
		cur_cmd = cmds[i].name;
		/* getopt_long sees "mvimage CMD ..." as "CMD ...". */
		opterr = 0;
		return cmds[i].fn(argc - 1, argv + 1);
	}
	usage_error("unknown command '%s'", argv[1]);
}
