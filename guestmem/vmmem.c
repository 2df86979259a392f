/* guestmem/vmmem.c - sets up guest memory: RMA pool and image store at boot, then per guest a stage-2 table with gmap segments populated on first touch. */
#include <string.h>

#include "guestmem/s2check.h"
#include "guestmem/vmmem.h"
#include "hyp/decode.h"
#include "hyp/el2mmu.h"
#include "hyp/hyp.h"
#include "hyp/layout.h"
#include "hyp/s2hw.h"
#include "lib/fmt.h"
#include "lib/log.h"

static struct s2_geom geom;
static struct rma_pool rmas;
static void *rma_vas[MV_RMA_COUNT_MAX]; /* where each RMA is mapped */
static struct rma_pool store;		/* one area: the verified image copy */
static void *store_va, *blob_va;
static u64 store_used;

/* Stage-2 tables come from the EL2 pool. */
static const struct s2_alloc s2_alloc = {
	.mm = &s2hw_mm,
	.zalloc_pages = s2hw_zalloc_pages,
	.free_pages = s2hw_free_pages,
};

static void *rma_va(unsigned idx)
{
	return rma_vas[idx];
}

/* Zero a segment and push the zeros to memory: the guest starts with its
 * MMU (and so its caches) off. ctx is the guest's struct vm_mem. */
static void prepare_segment(void *ctx, pa_t p, u64 len)
{
	struct vm_mem *m = ctx;

	hyp_zero_for_guest((char *)m->ram_va + pa_diff(p, m->rma->base), len);
}

static void scrub_rma(void *ctx, struct rma_area *a)
{
	(void)ctx;
	hyp_zero_for_guest(rma_va((unsigned)(a - rmas.area)), a->size);
}

static u64 pow2_at_least(u64 v)
{
	u64 p = MV_RMA_SIZE_MIN;

	while (p < v)
		p <<= 1;
	return p;
}

int vmmem_boot(const struct boot_info *bi, const struct vmmem_config *o,
	       unsigned pa_bits, u64 mmfr0, pa_t image, u64 image_size)
{
	struct mem_range avoid[BOOTINFO_MAX_RESERVED + 3 + MV_RMA_COUNT_MAX];
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
	if (o->rma_size / gmap_segment_size(MV_GRANULE_SHIFT) > GMAP_MAX_SEGS) {
		pr_err("rma_size=%s is more than %u segments of this granule; "
		       "use a smaller rma_size",
		       sz, GMAP_MAX_SEGS);
		return -1;
	}

	avoid[n++] = (struct mem_range){image, image_size};
	avoid[n++] = (struct mem_range){bi->dtb, bi->dtb_size};
	if (bi->has_initrd)
		avoid[n++] = (struct mem_range){
			bi->initrd_start,
			pa_diff(bi->initrd_end, bi->initrd_start)};
	for (unsigned i = 0; i < bi->nr_reserved; i++)
		avoid[n++] = bi->reserved[i];
	if (rma_carve(&rmas, bi->mem, bi->nr_mem, avoid, n, o->rma_size,
		      o->rma_count, err, sizeof(err))) {
		pr_err("RMA pool: %s", err);
		return -1;
	}
	for (unsigned i = 0; i < rmas.count; i++) {
		pr_info("RMA %u: PA %#llx-%#llx (%s)", i,
			(unsigned long long)pa_addr(rmas.area[i].base),
			(unsigned long long)(pa_addr(rmas.area[i].base) +
					     rmas.size - 1),
			sz);
		rma_vas[i] = el2mmu_map_window("an RMA",
					       MV_RMA_VA + (u64)i * rmas.size,
					       rmas.area[i].base, rmas.size);
		if (!rma_vas[i])
			return -1;
		avoid[n++] = (struct mem_range){rmas.area[i].base, rmas.size};
	}
	if (!bi->has_initrd)
		return 0;

	/* The image is copied once into memory only the microvisor maps,
	 * verified there and loaded from there (also on restart). */
	store_used = pa_diff(bi->initrd_end, bi->initrd_start);
	if (store_used > o->store_max) {
		pr_err("appliance image rejected: it is %llu bytes, more than "
		       "the largest image (%llu bytes)",
		       (unsigned long long)store_used,
		       (unsigned long long)o->store_max);
		return -1;
	}
	if (rma_carve(&store, bi->mem, bi->nr_mem, avoid, n,
		      pow2_at_least(store_used), 1, err, sizeof(err))) {
		pr_err("no memory for a private copy of the appliance image: "
		       "%s",
		       err);
		return -1;
	}
	store_va = el2mmu_map_window("the image store", MV_STORE_VA,
				     store.area[0].base, store.size);
	blob_va = el2mmu_map_window("the appliance image", MV_BLOB_VA,
				    bi->initrd_start, store_used);
	return store_va && blob_va ? 0 : -1;
}

u64 vmmem_rma_size(void)
{
	return rmas.size;
}

void *vmmem_blob_va(void)
{
	return blob_va;
}

void *vmmem_store_va(void)
{
	return store_va;
}

u64 vmmem_store_size(void)
{
	return store_used;
}

int vmmem_selfcheck(void)
{
	char line[200];
	unsigned pages = 0;
	int checked;

	s2_geom_describe(&geom, line, sizeof(line));
	pr_info("%s", line);
	checked = s2check_run(&geom, rmas.area[0].base, rmas.size, &s2_alloc,
			      &pages);
	if (checked < 0)
		return -1;
	pr_info("stage-2 self-check: %d translations confirmed by AT S12E1R; "
		"mapping the whole RMA takes %u table page(s) (%llu KiB)",
		checked, pages,
		(unsigned long long)(((u64)pages << geom.gran_shift) >> 10));
	return 0;
}

int vmmem_map_device(struct vm_mem *m, pa_t base, u64 size)
{
	pa_t start = pa_align_down(base, MV_PAGE_SIZE);
	u64 len = ALIGN_UP(pa_addr(base) + size, MV_PAGE_SIZE) - pa_addr(start);

	if (s2_map(&m->s2, ipa(pa_addr(start)), start, len,
		   PT_R | PT_W | PT_DEVICE)) {
		pr_err("stage 2: cannot map the device at PA %#llx (%llu "
		       "bytes) for the guest",
		       (unsigned long long)pa_addr(base),
		       (unsigned long long)size);
		return -1;
	}
	return 0;
}

int vmmem_guest_create(struct vm_mem *m)
{
	char segsz[16];
	u64 seg = gmap_segment_size(MV_GRANULE_SHIFT);
	unsigned before = s2hw_pages_used();
	pa_t got;

	memset(m, 0, sizeof(*m));
	m->rma = rma_get(&rmas, scrub_rma, NULL);
	if (!m->rma) {
		pr_err("no free RMA for the guest");
		return -1;
	}
	m->rma_index = (unsigned)(m->rma - rmas.area);
	m->ram_va = rma_va(m->rma_index);
	m->ram_size = m->rma->size;
	if (s2_create(&m->s2, &geom, &s2_alloc)) {
		pr_err("stage 2: table pool exhausted");
		rma_put(m->rma);
		return -1;
	}
	if (seg > m->ram_size)
		seg = m->ram_size;
	if (gmap_init(&m->gmap, &m->s2, seg, prepare_segment, m) ||
	    gmap_map_segment(&m->gmap, m->rma->base, ipa(RMA_GUEST_IPA),
			     m->ram_size, PT_R | PT_W | PT_X)) {
		pr_err("stage 2: cannot record guest RAM");
		vmmem_guest_destroy(m);
		return -1;
	}
	s2hw_activate(geom.vtcr, s2_vttbr(&m->s2, S2HW_VMID));
	/* Fault-driven: nothing is installed before the guest touches it. */
	if (!s2hw_translate(ipa(RMA_GUEST_IPA), &got)) {
		pr_err("stage 2: guest RAM is mapped before first touch");
		vmmem_guest_destroy(m);
		return -1;
	}
	fmt_size(segsz, sizeof(segsz), seg);
	pr_info("stage 2 ready: guest RAM IPA %#llx-%#llx -> RMA %u at PA "
		"%#llx, %llu segment(s) of %s populated on first touch; %u "
		"table page(s); %llu cycles since entry",
		(unsigned long long)RMA_GUEST_IPA,
		(unsigned long long)(RMA_GUEST_IPA + m->ram_size - 1),
		m->rma_index, (unsigned long long)pa_addr(m->rma->base),
		(unsigned long long)(m->ram_size / seg), segsz,
		s2hw_pages_used() - before, (unsigned long long)hyp_cycles());
	return 0;
}

int vmmem_populate(struct vm_mem *m, u64 off, u64 len)
{
	u64 seg = m->gmap.seg_size;

	if (!len || off >= m->ram_size || len > m->ram_size - off)
		return -1;
	for (u64 s = ALIGN_DOWN(off, seg); s < off + len; s += seg) {
		enum gmap_fault_result r =
			gmap_fault(&m->gmap, ipa(RMA_GUEST_IPA + s));

		if (r != GMAP_FAULT_INSTALLED && r != GMAP_FAULT_PRESENT)
			return -1;
	}
	return 0;
}

void vmmem_cpu_enter(struct vm_mem *m)
{
	s2hw_activate(geom.vtcr, s2_vttbr(&m->s2, S2HW_VMID));
}

void vmmem_cpu_leave(void)
{
	s2hw_deactivate();
}

void vmmem_guest_destroy(struct vm_mem *m)
{
	if (!m->rma)
		return;
	gmap_teardown(&m->gmap);
	s2_destroy(&m->s2);
	s2hw_deactivate();
	rma_put(m->rma);
	m->rma = NULL;
}
