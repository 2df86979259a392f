/* kernel/guest.h - the appliance's life: capture and verify the image, build the guest, run it, report how it ended, apply on_exit. */
#ifndef MV_GUEST_H
#define MV_GUEST_H

#include "platform/bootinfo.h"
#include "kernel/cmdline.h"
#include "kernel/passthrough.h"
#include "kernel/vcpu.h"

/* Restarts in a row (on_exit=restart) before the microvisor gives up; a
 * guest that ran at least GUEST_RESTART_WINDOW_S seconds starts a new row. */
#define GUEST_RESTART_LIMIT    3
#define GUEST_RESTART_WINDOW_S 60

/* How one life of the appliance went. */
struct guest_outcome {
	enum guest_end_reason end;
	unsigned status;
	u64 ran_s; /* seconds it ran, by the physical counter */
	unsigned long long exits;
};

/* What every guest gets from the board and the boot options. */
struct guest_config {
	bool gic;	     /* the board has a GICv3: the guest gets one */
	unsigned watchdog_s; /* watchdog=: 0 = none */
	unsigned cpus;	     /* cpus=: 0 = every CPU up */
	/* The console's receive interrupt (an SPI the microvisor took), so
	 * typed bytes wake the guest; 0 when the console is polled. */
	u32 console_irq;
	/* Devices given to it (passthrough=), and the boot DTB their nodes
	 * are copied from. */
	const struct pt_device *devices;
	unsigned nr_devices;
	const void *boot_fdt;
};

/* Once, before the first guest. */
void guest_configure(const struct guest_config *c);

/* Once, at boot: copy the image into the private store and wipe the
 * original, so nothing the bootloader (or anyone) can still write is ever
 * used. */
void guest_capture(const struct boot_info *bi);

/*
 * One life: verify the captured image, build the guest (a fresh RMA and
 * stage 2, the image placed, its device tree), run it until it ends,
 * print "guest exited: ...", tear it down. Returns 0 with *out filled, or
 * -1 when no guest could be started (the reason is logged).
 */
int guest_run_once(const struct boot_info *bi, struct guest_outcome *out);

/* What on_exit makes of an ended guest. */
enum guest_next {
	GUEST_NEXT_POWEROFF,
	GUEST_NEXT_HALT,
	GUEST_NEXT_RESTART,
	GUEST_NEXT_GIVE_UP, /* restart asked, but too many in a row */
};

/* *restarts counts restarts in a row (start it at 0); a guest that ran
 * GUEST_RESTART_WINDOW_S or longer starts a new row. */
enum guest_next guest_next(enum mv_on_exit on_exit, u64 ran_s,
			   unsigned *restarts);

#endif
