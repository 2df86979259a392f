/* kernel/phases.h - where the boot's time goes: cycles per phase from reset to the guest's first instruction (exact instructions under QEMU -icount). */
#ifndef MV_PHASES_H
#define MV_PHASES_H

#include "lib/types.h"

enum boot_phase {
	PHASE_BOOT,	 /* reset to the end of the EL2 and stage-2 checks */
	PHASE_INTEGRITY, /* recording the integrity hash */
	PHASE_CAPTURE,	 /* the image into the private store, original wiped */
	PHASE_HASH,	 /* SHA-256 inside verification */
	PHASE_SIGNATURE, /* the rest of verification: the signature */
	PHASE_STAGE2,	 /* the guest's stage 2 and RMA */
	PHASE_PLACEMENT, /* guest RAM made present for the segments */
	PHASE_COPY,	 /* the segments' bytes into guest RAM */
	PHASE_DTB,	 /* the guest's device tree */
	PHASE_NR,
};

/* Start timing a phase; phase_end() adds what passed since. */
void phase_start(enum boot_phase p);
void phase_end(enum boot_phase p);
/* Move n cycles from one phase to another (hash out of verification). */
void phase_move(enum boot_phase from, enum boot_phase to, u64 n);

/* One line at debug level: every phase, and reset to guest entry; then
 * the meter starts again (a restart's guest is timed on its own). */
void phases_log(u64 total);

#endif
