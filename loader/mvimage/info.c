/* loader/mvimage/info.c - mvimage info: a readable dump of an image that trusts none of its fields. */
#include <string.h>

#include <mbedtls/sha256.h>

#include "loader/mvimage/mvimage.h"

static void hex(FILE *f, const u8 *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

/* Is [off, off + size) inside [0, len)? Overflow-safe. */
static bool inside(u64 off, u64 size, u64 len)
{
	return off <= len && size <= len - off;
}

/* Prints s, escaping anything that is not printable ASCII. */
static void text(FILE *f, const u8 *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n && s[i]; i++) {
		if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' && s[i] != '\\')
			fputc(s[i], f);
		else
			fprintf(f, "\\x%02x", s[i]);
	}
	fputc('"', f);
}

/*
 * Every field is printed as found, and every offset and size is checked
 * against the file before it is used, so a hostile image can only produce
 * a dump that says it is inconsistent. Returns 0 if the sizes and hashes
 * are consistent, 1 if not. The signature is not checked: that needs a key.
 */
int mvimage_info(const char *path, const u8 *img, u64 len, FILE *f)
{
	u64 ss, mem, entry;
	u32 count, flags, alg;
	int bad = 0;

	fprintf(f, "%s: %llu bytes\n", path, (unsigned long long)len);
	if (len < MVIMG_HEADER_SIZE) {
		fprintf(f,
			"sizes: INCONSISTENT: shorter than the %d-byte "
			"header\n",
			MVIMG_HEADER_SIZE);
		return 1;
	}
	if (memcmp(img, MVIMG_MAGIC, 4)) {
		fprintf(f, "magic: not \"MVMG\": not an MVIMG image\n");
		return 1;
	}
	ss = mvimg_get64(img + MVIMG_H_SIGNED_SIZE);
	flags = mvimg_get32(img + MVIMG_H_FLAGS);
	alg = mvimg_get32(img + MVIMG_H_SIG_ALG);
	mem = mvimg_get64(img + MVIMG_H_GUEST_MEM);
	entry = mvimg_get64(img + MVIMG_H_ENTRY);
	count = mvimg_get32(img + MVIMG_H_SEG_COUNT);

	fprintf(f, "format version:    %u\n",
		mvimg_get16(img + MVIMG_H_VERSION));
	fprintf(f, "header size:       %u\n",
		mvimg_get16(img + MVIMG_H_HEADER_SIZE));
	fprintf(f, "flags:             0x%x%s\n", flags,
		flags & MVIMG_F_LINUX ? " (LINUX)" : "");
	fprintf(f, "signature alg:     %u (%s)\n", alg, mvimg_alg_name(alg));
	fprintf(f, "signed size:       %llu (the signature covers %llu)\n",
		(unsigned long long)ss,
		(unsigned long long)mvimg_signed_len(
			mvimg_get16(img + MVIMG_H_VERSION), ss));
	fprintf(f, "security counter:  %llu\n",
		(unsigned long long)mvimg_get64(img + MVIMG_H_COUNTER));
	fprintf(f, "key id:            ");
	hex(f, img + MVIMG_H_KEY_ID, MVIMG_KEY_ID_SIZE);
	fprintf(f, "\nimage version:     %llu\n",
		(unsigned long long)mvimg_get64(img + MVIMG_H_IMG_VERSION));
	fprintf(f, "guest memory:      0x%llx (%llu MiB)\n",
		(unsigned long long)mem, (unsigned long long)(mem >> 20));
	fprintf(f, "entry:             0x%llx\n", (unsigned long long)entry);
	fprintf(f, "description:       ");
	text(f, img + MVIMG_H_DESCRIPTION, MVIMG_DESC_SIZE);
	fprintf(f, "\nsegments:          %u\n", count);

	for (u32 i = 0; i < count && i < MVIMG_MAX_SEGMENTS; i++) {
		const u8 *s = img + MVIMG_SEG(i);
		u32 type = mvimg_get32(s + MVIMG_S_TYPE);
		u64 off = mvimg_get64(s + MVIMG_S_FILE_OFF);
		u64 size = mvimg_get64(s + MVIMG_S_SIZE);
		u64 load = mvimg_get64(s + MVIMG_S_LOAD_OFF);
		u8 h[MVIMG_HASH_SIZE];

		fprintf(f, "  [%u] %-9s file 0x%llx size %llu load ", i,
			mvimg_seg_name(type), (unsigned long long)off,
			(unsigned long long)size);
		if (load == MVIMG_LOAD_NONE)
			fprintf(f, "none");
		else
			fprintf(f, "0x%llx", (unsigned long long)load);
		fprintf(f, "\n      sha256 ");
		hex(f, s + MVIMG_S_SHA256, MVIMG_HASH_SIZE);
		if (!inside(off, size, ss < len ? ss : len)) {
			fprintf(f, " (OUTSIDE the signed range)\n");
			bad = 1;
			continue;
		}
		mbedtls_sha256_ret(img + off, size, h, 0);
		if (memcmp(h, s + MVIMG_S_SHA256, sizeof(h))) {
			fprintf(f, " (MISMATCH: bytes hash to ");
			hex(f, h, sizeof(h));
			fprintf(f, ")\n");
			bad = 1;
			continue;
		}
		fprintf(f, " (matches)\n");
		if (type == MVIMG_SEG_CMDLINE) {
			fprintf(f, "      ");
			text(f, img + off, size);
			fprintf(f, "\n");
		}
	}
	if (count < 1 || count > MVIMG_MAX_SEGMENTS) {
		fprintf(f, "segment count %u is outside 1..%d\n", count,
			MVIMG_MAX_SEGMENTS);
		bad = 1;
	}

	if (len == ss) {
		fprintf(f, "trailer:           none (unsigned: these are the "
			   "bytes to sign)\n");
	} else if (ss <= len && len - ss == MVIMG_TRAILER_SIZE) {
		const u8 *t = img + ss;

		fprintf(f,
			"trailer:           at %llu, magic %s, alg %u (%s), "
			"signature %u bytes\n",
			(unsigned long long)ss,
			memcmp(t, MVIMG_TRAILER_MAGIC, 4) ? "BAD" : "ok",
			mvimg_get32(t + MVIMG_T_SIG_ALG),
			mvimg_alg_name(mvimg_get32(t + MVIMG_T_SIG_ALG)),
			mvimg_get32(t + MVIMG_T_SIG_LEN));
		if (memcmp(t, MVIMG_TRAILER_MAGIC, 4))
			bad = 1;
	} else {
		fprintf(f,
			"sizes: INCONSISTENT: the file has %llu bytes; the "
			"header says %llu signed + %d trailer\n",
			(unsigned long long)len, (unsigned long long)ss,
			MVIMG_TRAILER_SIZE);
		return 1;
	}
	if (bad)
		fprintf(f, "sizes: INCONSISTENT (see above)\n");
	else
		fprintf(f, "sizes: consistent\n");
	fprintf(f, "signature:         not checked here (mvimage verify "
		   "--pubkey KEY checks it)\n");
	return bad;
}
