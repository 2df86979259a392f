/* kernel/guest.h - the appliance's life: capture and verify the image, build the guest, run it, report how it ended, apply on_exit. */
#ifndef MV_GUEST_H
#define MV_GUEST_H

#include "platform/bootinfo.h"
#include "kernel/cmdline.h"

/* Restarts in a row (on_exit=restart) before the microvisor gives up; a
 * guest that ran at least GUEST_RESTART_WINDOW_S seconds starts a new row. */
#define GUEST_RESTART_LIMIT    3
#define GUEST_RESTART_WINDOW_S 60

/* Never returns: ends in power-off, halt, or (restart) another guest. */
__attribute__((noreturn)) void guest_main(const struct boot_info *bi,
					  const struct mv_options *o);

#endif
