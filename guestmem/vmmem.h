/* guestmem/vmmem.h - the guest's memory: RMAs and the image store carved at boot, stage 2 and gmap segments per guest. */
#ifndef MV_VMMEM_H
#define MV_VMMEM_H

#include "guestmem/gmap.h"
#include "guestmem/rma.h"
#include "guestmem/s2geom.h"
#include "platform/bootinfo.h"

/* What the boot options ask of guest memory. */
struct vmmem_config {
	u64 rma_size; /* a power of two */
	unsigned rma_count;
	unsigned ipa_bits; /* 0: derive from PARange */
	u64 store_max;	   /* the largest image the store must hold */
};

/* One guest's memory, from vmmem_guest_create to vmmem_guest_destroy. */
struct vm_mem {
	struct rma_area *rma;
	unsigned rma_index;
	void *ram_va; /* the RMA as the microvisor sees it */
	u64 ram_size;
	struct s2_table s2;
	struct gmap gmap;
};

/*
 * Before the MMU switch: work out the stage-2 geometry, carve the RMAs and,
 * when an image was given, a private store for its verified copy (avoiding
 * the microvisor, the DTB, the image and reserved memory), and map them and
 * the incoming image into the EL2 runtime tables. Returns 0, or -1 after
 * logging what is wrong.
 */
int vmmem_boot(const struct boot_info *bi, const struct vmmem_config *c,
	       unsigned pa_bits, u64 mmfr0, pa_t image, u64 image_size);

/* The size of every RMA (rma_size). */
u64 vmmem_rma_size(void);

/* The incoming image as mapped at EL2, and the private store. */
void *vmmem_blob_va(void);
void *vmmem_store_va(void);
u64 vmmem_store_size(void);

/* Once, at run time: log the geometry and confirm it with the MMU. */
int vmmem_selfcheck(void);

/*
 * Take an RMA (a clean one if any), create the stage-2 table and record
 * guest RAM at RMA_GUEST_IPA as one fault-driven extent; load VTTBR/VTCR.
 * Returns 0 or -1 after logging.
 */
int vmmem_guest_create(struct vm_mem *m);

/* Install (zeroed) every segment covering [off, off + len) of guest RAM,
 * so the microvisor can load data there. 0 or -1. */
int vmmem_populate(struct vm_mem *m, u64 off, u64 len);

/* A device given to the guest: [pa, pa + size) at IPA = PA, Device-nGnRE,
 * read-write, never executable (whole pages). 0 or -1 after logging. */
int vmmem_map_device(struct vm_mem *m, pa_t pa, u64 size);

/* On another CPU that runs one of the guest's vCPUs: load the guest's
 * VTTBR/VTCR there (one VMID, one table for every vCPU); and unload them
 * when that vCPU is done. */
void vmmem_cpu_enter(struct vm_mem *m);
void vmmem_cpu_leave(void);

/* Unmap everything, free the tables, release the RMA (dirty: it is
 * scrubbed before any reuse). */
void vmmem_guest_destroy(struct vm_mem *m);

#endif
