/* loader/place.h - places a verified image's segments into guest RAM. */
#ifndef MV_PLACE_H
#define MV_PLACE_H

#include "loader/verify.h"

/* How the caller's guest RAM is reached and prepared. */
struct mvimg_ram {
	u8 *base; /* guest RAM as the caller sees it */
	u64 size;
	u64 keep_top; /* bytes at the top kept free (the guest DTB) */
	/* Make [off, off + len) present and zeroed; 0 or -1. */
	int (*populate)(void *ctx, u64 off, u64 len);
	/* Copy len bytes from src to [off, off + len), populated before,
	 * so that a guest with its caches off sees them. */
	void (*copy)(void *ctx, u64 off, const void *src, u64 len);
	void *ctx;
};

struct mvimg_placement {
	u64 entry_off; /* guest RAM offset of the first instruction */
	const char *
		cmdline; /* in the verified blob, NUL-terminated ("" if none) */
	bool has_initrd;
	u64 initrd_off, initrd_size;
};

/*
 * Copy every loaded segment of a verified image from blob into guest RAM
 * (not hashed again: docs/image-format.md, "After verification"). Refuses an
 * image whose guest_mem_size exceeds the RAM, whose segments reach into
 * keep_top, or that carries a GUEST_DTB segment (not supported yet).
 * Returns 0, or -1 with one line in err.
 */
int mvimg_place(const struct mvimg_info *info, const u8 *blob,
		const struct mvimg_ram *ram, struct mvimg_placement *out,
		char *err, size_t errlen);

#endif
