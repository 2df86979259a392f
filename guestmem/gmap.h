/* guestmem/gmap.h - guest address-space mapping in segments, populated on first touch (seed 003). */
#ifndef MV_GMAP_H
#define MV_GMAP_H

#include "guestmem/stage2.h"

#define GMAP_MAX_EXTENTS 8
#define GMAP_MAX_SEGS	 16384 /* per extent: 32G of 2M segments */

/*
 * One recorded map_segment call: the intent to map [ipa, ipa + len) to
 * [pa, pa + len), and which of its segments are installed already.
 */
struct gmap_extent {
	ipa_t ipa;
	pa_t pa;
	u64 len;
	unsigned prot;
	u64 populated[GMAP_MAX_SEGS / 64];
};

/*
 * Prepares a segment before it becomes visible to the guest: zero it (and
 * clean it to the point of coherency so a guest running with its MMU off
 * sees the zeros). Called once per segment, before the entry is written.
 */
typedef void (*gmap_prepare_fn)(void *ctx, pa_t pa, u64 len);

struct gmap {
	struct s2_table *s2;
	u64 seg_size; /* one level-2 block of the granule (2M/32M/512M) */
	struct gmap_extent ext[GMAP_MAX_EXTENTS];
	unsigned nr_ext;
	gmap_prepare_fn prepare;
	void *prepare_ctx;
	unsigned long long faults_served; /* segments installed by gmap_fault */
};

/* The level-2 block size of a granule: the segment size. */
u64 gmap_segment_size(unsigned gran_shift);

/* What the gmap calls return. */
enum gmap_result {
	GMAP_OK = 0,
	GMAP_EINVAL = -1,  /* bad arguments: nothing was changed */
	GMAP_ENOMEM = -2,  /* stage-2 tables ran out (rolled back) */
	GMAP_ENOSLOT = -3, /* every extent slot is taken */
};

/*
 * seg_size is normally gmap_segment_size(); an RMA smaller than one
 * level-2 block (64M-256M with 64K granules) is one smaller segment. It
 * must be a power of two from the granule up to the level-2 block size.
 */
enum gmap_result gmap_init(struct gmap *g, struct s2_table *s2, u64 seg_size,
			   gmap_prepare_fn prepare, void *ctx);

/*
 * Record the intent to map [to, to + len) -> [from, from + len) with prot.
 * to, from and len must be segment-aligned, len non-zero, no wrap-around
 * (to + len < to), inside the IPA space, not overlapping an existing
 * extent. Nothing is installed yet.
 */
enum gmap_result gmap_map_segment(struct gmap *g, pa_t from, ipa_t to, u64 len,
				  unsigned prot);

/*
 * Install every segment of [to, to + len) now (used to load the image);
 * none of them may be installed already. Fails as a whole: if a later
 * segment cannot be installed, the earlier ones are unmapped again (seed
 * 003's out_unmap).
 */
enum gmap_result gmap_populate(struct gmap *g, ipa_t to, u64 len);

/*
 * Forget the intent for [ipa, ipa + len) (segment-aligned, covering whole
 * extents) and invalidate whatever was installed (TLBs included, through
 * the table's break-before-make).
 */
enum gmap_result gmap_unmap_segment(struct gmap *g, ipa_t ipa, u64 len);

/* What a stage-2 translation fault turned out to be. */
enum gmap_fault_result {
	GMAP_FAULT_INSTALLED,  /* an intent covered it: the segment is in */
	GMAP_FAULT_NOT_MAPPED, /* no intent covers it: the caller reports */
	GMAP_FAULT_PRESENT,    /* installed already: spurious, not ours */
	GMAP_FAULT_NO_MEMORY,  /* the stage-2 tables ran out */
	GMAP_FAULT_FAILED,     /* the mapping was refused (a bug) */
};

/* A stage-2 translation fault at ipa: install the segment if an intent
 * covers it (prepare + map). */
enum gmap_fault_result gmap_fault(struct gmap *g, ipa_t ipa);

/* Tear down: unmap everything (the stage-2 table stays). */
void gmap_teardown(struct gmap *g);

#endif
