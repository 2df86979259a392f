/* loader/mvimage/build.c - lays out an MVIMG image's header and segments, and appends signature trailers. */
#include <stdlib.h>
#include <string.h>

#include <mbedtls/sha256.h>

#include "loader/mvimage/mvimage.h"

int mvimage_build(const struct mvimage_layout *l, u8 **out, u64 *len, char *err,
		  size_t errlen)
{
	u64 off = MVIMG_FIRST_SEG_OFF, end = 0;
	size_t dlen = l->description ? strlen(l->description) : 0;
	u8 *img, *h;

	*out = NULL;
	*len = 0;
	u32 format = l->format ? l->format : MVIMG_VERSION;

	if (format < MVIMG_VERSION_MIN || format > MVIMG_VERSION) {
		snprintf(err, errlen, "format %u is not one of %d to %d",
			 format, MVIMG_VERSION_MIN, MVIMG_VERSION);
		return -1;
	}
	if (l->count < 1 || l->count > MVIMG_MAX_SEGMENTS) {
		snprintf(err, errlen, "an image has 1 to %d segments, not %u",
			 MVIMG_MAX_SEGMENTS, l->count);
		return -1;
	}
	if (dlen >= MVIMG_DESC_SIZE) {
		snprintf(err, errlen,
			 "the description is %zu bytes; at most %d fit", dlen,
			 MVIMG_DESC_SIZE - 1);
		return -1;
	}
	/* First pass: where each segment goes, and the total. */
	for (u32 i = 0; i < l->count; i++) {
		if (!l->seg[i].size || l->seg[i].size > MVIMG_MAX_SIGNED_SIZE ||
		    __builtin_add_overflow(off, l->seg[i].size, &end) ||
		    end > MVIMG_MAX_SIGNED_SIZE) {
			snprintf(err, errlen,
				 "segment %u (%s): size %llu is 0 or makes the "
				 "image larger than %llu bytes",
				 i, mvimg_seg_name(l->seg[i].type),
				 (unsigned long long)l->seg[i].size,
				 (unsigned long long)MVIMG_MAX_SIGNED_SIZE);
			return -1;
		}
		off = ALIGN_UP(end, MVIMG_SEG_ALIGN);
	}

	img = calloc(1, end);
	if (!img) {
		snprintf(err, errlen, "out of memory (%llu bytes)",
			 (unsigned long long)end);
		return -1;
	}
	h = img;
	memcpy(h + MVIMG_H_MAGIC, MVIMG_MAGIC, 4);
	mvimg_put16(h + MVIMG_H_VERSION, (u16)format);
	mvimg_put16(h + MVIMG_H_HEADER_SIZE, MVIMG_HEADER_SIZE);
	mvimg_put32(h + MVIMG_H_FLAGS, l->flags);
	mvimg_put32(h + MVIMG_H_SIG_ALG, l->alg);
	mvimg_put64(h + MVIMG_H_SIGNED_SIZE, end);
	mvimg_put64(h + MVIMG_H_COUNTER, l->counter);
	memcpy(h + MVIMG_H_KEY_ID, l->key_id, MVIMG_KEY_ID_SIZE);
	mvimg_put64(h + MVIMG_H_IMG_VERSION, l->version);
	mvimg_put64(h + MVIMG_H_GUEST_MEM, l->mem);
	mvimg_put64(h + MVIMG_H_ENTRY, l->entry);
	mvimg_put32(h + MVIMG_H_SEG_COUNT, l->count);
	if (dlen)
		memcpy(h + MVIMG_H_DESCRIPTION, l->description, dlen);

	off = MVIMG_FIRST_SEG_OFF;
	for (u32 i = 0; i < l->count; i++) {
		const struct mvimage_seg *s = &l->seg[i];
		u8 *d = h + MVIMG_SEG(i);

		mvimg_put32(d + MVIMG_S_TYPE, s->type);
		mvimg_put64(d + MVIMG_S_FILE_OFF, off);
		mvimg_put64(d + MVIMG_S_SIZE, s->size);
		mvimg_put64(d + MVIMG_S_LOAD_OFF, s->load_offset);
		memcpy(img + off, s->data, s->size);
		mbedtls_sha256_ret(s->data, s->size, d + MVIMG_S_SHA256, 0);
		off = ALIGN_UP(off + s->size, MVIMG_SEG_ALIGN);
	}
	*out = img;
	*len = end;
	return 0;
}

void mvimage_write_trailer(u8 *t, u32 alg, const u8 *sig, u32 sig_len)
{
	memset(t, 0, MVIMG_TRAILER_SIZE);
	memcpy(t + MVIMG_T_MAGIC, MVIMG_TRAILER_MAGIC, 4);
	mvimg_put32(t + MVIMG_T_SIG_ALG, alg);
	mvimg_put32(t + MVIMG_T_SIG_LEN, sig_len);
	memcpy(t + MVIMG_T_SIG, sig, sig_len);
}

int mvimage_attach(const u8 *tbs, u64 tbs_len, u32 alg, const u8 *sig,
		   u32 sig_len, u8 **out, u64 *len, char *err, size_t errlen)
{
	u8 *img;

	*out = NULL;
	if (sig_len > MVIMG_SIG_MAX) {
		snprintf(err, errlen,
			 "the signature is %u bytes; the trailer holds %d",
			 sig_len, MVIMG_SIG_MAX);
		return -1;
	}
	img = malloc(tbs_len + MVIMG_TRAILER_SIZE);
	if (!img) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(img, tbs, tbs_len);
	mvimage_write_trailer(img + tbs_len, alg, sig, sig_len);
	*out = img;
	*len = tbs_len + MVIMG_TRAILER_SIZE;
	return 0;
}
