/* kernel/vmmem.h - the guest's memory: RMAs carved at boot, stage 2 and gmap segments at run time. */
#ifndef MV_VMMEM_H
#define MV_VMMEM_H

#include "guestmem/gmap.h"
#include "guestmem/rma.h"
#include "guestmem/s2geom.h"
#include "kernel/bootinfo.h"
#include "kernel/cmdline.h"

/*
 * Before the MMU switch: work out the stage-2 geometry, carve the RMAs
 * (avoiding the microvisor, the DTB, the image and reserved memory) and
 * map them into the EL2 runtime tables. Returns 0, or -1 after logging a
 * message that says what is wrong.
 */
int vmmem_boot(const struct boot_info *bi, const struct mv_options *o,
	       unsigned pa_bits, u64 mmfr0, pa_t image, u64 image_size);

/*
 * At run time: confirm the geometry with the MMU (AT S12E1R), take an RMA,
 * create the stage-2 table and record guest RAM at RMA_GUEST_IPA as one
 * fault-driven gmap extent. Returns 0 or -1 after logging.
 */
int vmmem_setup_guest(void);

#endif
