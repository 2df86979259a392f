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
	unsigned long long faults_served; /* segments installed on touch */
};

/* The level-2 block size of a granule: the segment size. */
u64 gmap_segment_size(unsigned gran_shift);

/*
 * seg_size is normally gmap_segment_size(); an RMA smaller than one
 * level-2 block (64M-256M with 64K granules) is one smaller segment. It
 * must be a power of two from the granule up to the level-2 block size.
 */
int gmap_init(struct gmap *g, struct s2_table *s2, u64 seg_size,
	      gmap_prepare_fn prepare, void *ctx);

/*
 * Record the intent to map [to, to + len) -> [from, from + len) with prot.
 * to, from and len must be segment-aligned, len non-zero, no wrap-around
 * (to + len < to), inside the IPA space, not overlapping an existing
 * extent. Nothing is installed yet. Returns 0 or -1 (bad arguments) or
 * -3 (no extent slot).
 */
int gmap_map_segment(struct gmap *g, pa_t from, ipa_t to, u64 len,
		     unsigned prot);

/*
 * Install every segment of [to, to + len) now (used to load the image);
 * none of them may be installed already. Fails as a whole: if a later
 * segment cannot be installed, the earlier ones are unmapped again (seed
 * 003's out_unmap). 0, -1 or -2 (no memory).
 */
int gmap_populate(struct gmap *g, ipa_t to, u64 len);

/*
 * Forget the intent for [ipa, ipa + len) (segment-aligned, covering whole
 * extents) and invalidate whatever was installed (TLBs included, through
 * the table's break-before-make). 0 or -1.
 */
int gmap_unmap_segment(struct gmap *g, ipa_t ipa, u64 len);

/*
 * A stage-2 translation fault at ipa: install the segment if an intent
 * covers it (prepare + map) and return 0; 1 if no intent covers it (the
 * caller reports the fault); 2 if the segment is installed already (a
 * spurious or permission fault: not ours to fix); -2 if tables ran out.
 */
int gmap_fault(struct gmap *g, ipa_t ipa);

/* Tear down: unmap everything (the stage-2 table stays). */
void gmap_teardown(struct gmap *g);

#endif
