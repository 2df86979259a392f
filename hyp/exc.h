/* hyp/exc.h - the frame hyp/vectors.S saves for an exception taken at EL2 itself (a microvisor bug), offsets checked against the struct. */
#ifndef MV_EXC_H
#define MV_EXC_H

#define EXC_FRAME_X    0	/* x0..x30 */
#define EXC_FRAME_SP   (31 * 8) /* the interrupted SP */
#define EXC_FRAME_ELR  (32 * 8)
#define EXC_FRAME_SPSR (33 * 8)
#define EXC_FRAME_ESR  (34 * 8)
#define EXC_FRAME_FAR  (35 * 8)
#define EXC_FRAME_SIZE (36 * 8)

#ifndef __ASSEMBLY__
#include <stddef.h>

#include "lib/types.h"

struct exc_frame {
	u64 x[31];
	u64 sp;
	u64 elr;
	u64 spsr;
	u64 esr;
	u64 far;
};

_Static_assert(offsetof(struct exc_frame, sp) == EXC_FRAME_SP, "sp");
_Static_assert(offsetof(struct exc_frame, elr) == EXC_FRAME_ELR, "elr");
_Static_assert(offsetof(struct exc_frame, spsr) == EXC_FRAME_SPSR, "spsr");
_Static_assert(offsetof(struct exc_frame, esr) == EXC_FRAME_ESR, "esr");
_Static_assert(offsetof(struct exc_frame, far) == EXC_FRAME_FAR, "far");
_Static_assert(sizeof(struct exc_frame) == EXC_FRAME_SIZE, "size");

/* Called by hyp/vectors.S on the panic stack; does not return. */
__attribute__((noreturn)) void el2_panic_exception(struct exc_frame *f,
						   unsigned vector);
#endif

#endif
