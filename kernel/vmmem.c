/* kernel/vmmem.c - sets up the guest's memory: RMA pool at boot, then stage 2 with gmap segments populated on first touch. */
#include <string.h>

#include "hyp/cache.h"
#include "hyp/el2mmu.h"
#include "hyp/s2hw.h"
#include "kernel/decode.h"
#include "kernel/fmt.h"
#include "kernel/log.h"
#include "kernel/vmmem.h"

static struct s2_geom geom;
static struct rma_pool rmas;
static struct s2_table s2;
static struct gmap gm;
static struct rma_area *guest_rma;

static unsigned rma_index(const struct rma_area *a)
{
	return (unsigned)(a - rmas.area);
}

static void *rma_va(const struct rma_area *a, u64 off)
{
	return (char *)el2mmu_rma_va(rma_index(a), rmas.size) + off;
}

/* Zero a segment and push the zeros to memory: the guest starts with its
 * MMU (and so its caches) off. */
static void prepare_segment(void *ctx, pa_t p, u64 len)
{
	struct rma_area *a = ctx;
	void *va = rma_va(a, p.v - a->base.v);

	zero_range(va, len);
	dcache_clean_poc(va, len);
}

static void scrub_rma(void *ctx, struct rma_area *a)
{
	(void)ctx;
	prepare_segment(a, a->base, a->size);
}

int vmmem_boot(const struct boot_info *bi, const struct mv_options *o,
	       unsigned pa_bits, u64 mmfr0, pa_t image, u64 image_size)
{
	struct mem_range avoid[BOOTINFO_MAX_RESERVED + 3];
	unsigned n = 0;
	char err[200], sz[16];

	if (s2_geom_compute(&geom, MV_GRANULE_SHIFT, o->ipa_bits, pa_bits,
			    decode_s2_granules(mmfr0), err, sizeof(err))) {
		pr_err("stage 2: %s%s", err,
		       o->ipa_bits ? " (check ipa_bits=)" : "");
		return -1;
	}
	fmt_size(sz, sizeof(sz), o->rma_size);
	if (RMA_GUEST_IPA + o->rma_size - 1 > (1ULL << geom.ia_bits) - 1) {
		pr_err("rma_size=%s at IPA %#llx does not fit a %u-bit IPA "
		       "space: lower rma_size or raise ipa_bits",
		       sz, (unsigned long long)RMA_GUEST_IPA, geom.ia_bits);
		return -1;
	}
	if (o->rma_size / gmap_segment_size(MV_GRANULE_SHIFT) >
	    GMAP_MAX_SEGS) {
		pr_err("rma_size=%s is more than %u segments of this granule; "
		       "use a smaller rma_size",
		       sz, GMAP_MAX_SEGS);
		return -1;
	}

	avoid[n++] = (struct mem_range){ image, image_size };
	avoid[n++] = (struct mem_range){ bi->dtb, bi->dtb_size };
	if (bi->has_initrd)
		avoid[n++] = (struct mem_range){
			bi->initrd_start, bi->initrd_end.v - bi->initrd_start.v
		};
	for (unsigned i = 0; i < bi->nr_reserved; i++)
		avoid[n++] = bi->reserved[i];
	if (rma_carve(&rmas, bi->mem, bi->nr_mem, avoid, n, o->rma_size,
		      o->rma_count, err, sizeof(err))) {
		pr_err("RMA pool: %s", err);
		return -1;
	}
	for (unsigned i = 0; i < rmas.count; i++) {
		pr_info("RMA %u: PA %#llx-%#llx (%s)", i,
			(unsigned long long)rmas.area[i].base.v,
			(unsigned long long)(rmas.area[i].base.v + rmas.size - 1),
			sz);
		if (el2mmu_map_rma(i, rmas.area[i].base, rmas.size))
			return -1;
	}
	return 0;
}

int vmmem_setup_guest(void)
{
	char line[200];
	int checked;
	pa_t got;
	u64 seg = gmap_segment_size(MV_GRANULE_SHIFT);
	unsigned before = el2_pool.used;

	s2_geom_describe(&geom, line, sizeof(line));
	pr_info("%s", line);

	checked = s2hw_selfcheck(&geom, &rmas.area[0]);
	if (checked < 0)
		return -1;
	pr_info("stage-2 self-check: %d translations confirmed by AT S12E1R",
		checked);

	guest_rma = rma_get(&rmas, scrub_rma, NULL);
	if (!guest_rma) {
		pr_err("no free RMA for the guest");
		return -1;
	}
	if (s2_create(&s2, &geom, &s2hw_alloc)) {
		pr_err("stage 2: table pool exhausted");
		return -1;
	}
	if (seg > guest_rma->size)
		seg = guest_rma->size;
	if (gmap_init(&gm, &s2, seg, prepare_segment, guest_rma) ||
	    gmap_map_segment(&gm, guest_rma->base, ipa(RMA_GUEST_IPA),
			     guest_rma->size, PT_R | PT_W | PT_X)) {
		pr_err("stage 2: cannot record guest RAM");
		return -1;
	}
	s2hw_activate(&s2);

	/* Fault-driven: nothing is installed before the guest touches it. */
	if (!s2hw_translate(ipa(RMA_GUEST_IPA), &got)) {
		pr_err("stage 2: guest RAM is mapped before first touch");
		return -1;
	}
	fmt_size(line, sizeof(line), seg);
	pr_info("stage 2 ready: guest RAM IPA %#llx-%#llx -> RMA %u at PA "
		"%#llx, %llu segment(s) of %s populated on first touch; %u "
		"table page(s)",
		(unsigned long long)RMA_GUEST_IPA,
		(unsigned long long)(RMA_GUEST_IPA + guest_rma->size - 1),
		rma_index(guest_rma), (unsigned long long)guest_rma->base.v,
		(unsigned long long)(guest_rma->size / seg), line,
		el2_pool.used - before);
	return 0;
}
