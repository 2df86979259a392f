/* kernel/guestdtb.h - builds the device tree the guest boots with (DESIGN §6). */
#ifndef MV_GUESTDTB_H
#define MV_GUESTDTB_H

#include "kernel/passthrough.h"
#include "lib/types.h"
#include "loader/mvimg.h"

/* The guest DTB lives in the last GUESTDTB_MAX bytes of guest RAM, where
 * the image format lets nothing be loaded. */
#define GUESTDTB_MAX MVIMG_GUEST_DTB_AREA

struct guestdtb_params {
	u64 ram_ipa, ram_size;
	const char *bootargs; /* NUL-terminated, from the image's CMDLINE */
	bool has_initrd;
	u64 initrd_start, initrd_end; /* IPAs, [start, end) */
	/* A GICv3 (the vGIC's frames, kernel/vgic.h) and the timer's PPIs. */
	bool has_gic;
	/* Entropy for the guest: /chosen/rng-seed (len 0: none) and
	 * /chosen/kaslr-seed. */
	const u8 *rng_seed;
	unsigned rng_seed_len;
	bool has_kaslr_seed;
	u64 kaslr_seed;
	/* Devices given to the guest: their nodes copied from host_fdt,
	 * interrupt-parent and clocks pointed at the guest's own. */
	const void *host_fdt;
	const struct pt_device *devices;
	unsigned nr_devices;
	/* vCPUs: /cpus/cpu@0..n-1 (affinity 0.0.0.n), and one redistributor
	 * frame each (0 is taken as 1). */
	unsigned nr_cpus;
};

/*
 * Write a complete DTB into buf (at most len bytes): /memory, /chosen
 * (bootargs, initrd), /cpus with one PSCI CPU, /psci (method "hvc"),
 * /hypervisor (compatible "microvisor,abi-1"), /timer and, with has_gic, the
 * interrupt controller and the timer's interrupts. Returns its size,
 * or -1 with a reason in err (e.g. the bootargs do not fit).
 */
int guestdtb_build(void *buf, u64 len, const struct guestdtb_params *p,
		   char *err, size_t errlen);

#endif
