/* tests/unit/simmem.h - simulated physical memory for the stage-2 unit tests: fake PAs, leak counter, failure injection, aligned page runs. */
#ifndef MV_SIMMEM_H
#define MV_SIMMEM_H

#include <stdint.h>

#include "hyp/pgtable.h"
#include "lib/types.h"
#include "tests/unit/refxlate.h"

/*
 * Every granule handed out gets a fake PA (pa_base + slot * granule); slots
 * are never reused, so a stale table address or a PA/VA mix-up reads an
 * unbacked PA instead of working by luck. Single pages (zalloc_page) and
 * physically contiguous runs (zalloc_pages, for a concatenated stage-2
 * root) share one call counter, so failure injection can hit any
 * allocation point by number.
 */
enum sim_slot_state { SIM_DEAD, SIM_PAGE, SIM_RUN_HEAD, SIM_RUN_TAIL };

struct sim_slot {
	char *va;
	enum sim_slot_state state;
	unsigned run; /* pages in the run (run head only) */
};

/* Page VA -> slot index (open addressing; 0 empty, 1 deleted). */
struct sim_vmap {
	uintptr_t *key;
	size_t *val;
	size_t cap, used;
};

struct sim_tlbi {
	u64 ia;
	int level;
};

struct sim {
	unsigned gs;
	u64 pa_base;
	struct sim_slot *slots;
	size_t nslots, cap;

	long live;	/* pages allocated and not freed (runs count n) */
	long live_runs; /* runs allocated and not freed */
	long allocs;	/* successful allocation calls */
	long calls;	/* all allocation calls (pages and runs) */
	long fail_at;	/* make call number fail_at fail (0: never) */
	long bad;	/* frees of unknown pages, wrong run lengths */
	long bad_align; /* runs requested with an alignment below their size */
	unsigned last_run_n;
	u64 last_run_align;
	u64 last_run_pa;

	/* TLB invalidations; the first tlog_cap are logged. */
	long tlbi;
	long bbm_bad; /* check hook said the entry was still there */
	struct sim_tlbi *tlog;
	size_t tlog_cap;
	/* Called on every tlb_inval: return 0 if the entry is gone. */
	int (*tlbi_check)(void *arg, u64 ia, int level);
	void *tlbi_arg;

	struct pt_mm_ops ops;
	struct sim_vmap vmap; /* private to simmem.c */
};

void sim_init(struct sim *s, unsigned gs, u64 pa_base);
/* Frees everything; returns leaked pages + bad frees + bad alignments. */
long sim_fini(struct sim *s);
/* Start logging up to cap TLB invalidations (resets the log). */
void sim_log_tlbi(struct sim *s, size_t cap);

void *sim_zalloc_page(void *ctx);
void sim_free_page(void *ctx, void *page);
void *sim_zalloc_pages(void *ctx, unsigned n, u64 align);
void sim_free_pages(void *ctx, void *va, unsigned n);
void *sim_p2v(void *ctx, pa_t pa);
pa_t sim_v2p(void *ctx, void *va);
/* For the reference walker: false if nothing is at pa. */
bool sim_read64(void *ctx, u64 pa, u64 *val);
/* Is pa backed by a live page? */
bool sim_backed(struct sim *s, u64 pa);

/* --- VTCR_EL2 / VTTBR_EL2 decoding, independent of guestmem/ ----------- */

struct vtcr_fields {
	unsigned t0sz, sl0, irgn0, orgn0, sh0, tg0, ps, res1_31;
	unsigned tg_bytes; /* from TG0: 0 -> 4K, 1 -> 64K, 2 -> 16K */
	unsigned ps_bits;  /* from PS: 32, 36, 40, 42, 44, 48, 52 */
};

void vtcr_decode(u64 vtcr, struct vtcr_fields *f);
/* Reference configuration as the hardware would be set up. */
struct ref_cfg ref_cfg_s2(u64 vtcr, u64 ttbr, struct sim *s);

/* xorshift64* */
u64 sim_rnd(u64 *state);

#endif
