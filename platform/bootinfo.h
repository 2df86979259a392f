/* platform/bootinfo.h - what the microvisor learns from the boot device tree. */
#ifndef MV_BOOTINFO_H
#define MV_BOOTINFO_H

#include "lib/types.h"

#define BOOTINFO_MAX_MEM      16
#define BOOTINFO_MAX_RESERVED 32
#define BOOTINFO_BOOTARGS_MAX 1024
#define BOOTINFO_DTB_MAX      (2U << 20) /* refuse larger boot DTBs */
#define BOOTINFO_FLOOR_PROP   "microvisor,counter-floor"
#define BOOTINFO_SEED_MAX     64
#define BOOTINFO_MAX_CPUS     8

struct mem_range {
	pa_t base;
	u64 size;
};

/*
 * Plain values only (no pointers): this is filled before the EL2 MMU is on
 * and read after, at another virtual address.
 */
struct boot_info {
	pa_t dtb;
	u64 dtb_size; /* fdt totalsize */

	struct mem_range mem[BOOTINFO_MAX_MEM];
	unsigned nr_mem;

	/* /memreserve/ entries and /reserved-memory children, in DTB order */
	struct mem_range reserved[BOOTINFO_MAX_RESERVED];
	unsigned nr_reserved;

	bool has_initrd;
	pa_t initrd_start; /* [start, end) */
	pa_t initrd_end;

	char bootargs[BOOTINFO_BOOTARGS_MAX]; /* "" if absent */

	/* /chosen/microvisor,counter-floor (4 or 8 bytes): the lowest image
	 * security counter this board accepts. */
	/* The CPUs under /cpus (device_type "cpu"): their MPIDRs (reg), in
	 * tree order, at most BOOTINFO_MAX_CPUS; how many more there were. */
	u64 cpu_mpidr[BOOTINFO_MAX_CPUS];
	unsigned nr_cpus, cpus_left_out;

	/* /chosen/rng-seed: entropy from the bootloader (QEMU gives 32
	 * bytes), at most BOOTINFO_SEED_MAX kept. */
	u8 rng_seed[BOOTINFO_SEED_MAX];
	unsigned rng_seed_len;

	bool has_counter_floor;
	u64 counter_floor;

	/* The UART /chosen/stdout-path names, when one of this board's
	 * console drivers (platform/console.h) is compatible with it; which
	 * one is an index into the driver table (not a pointer: see above). */
	bool has_stdout_uart;
	pa_t stdout_uart;
	unsigned stdout_console;
	char stdout_path[64]; /* the property as given, for the banner */
	/* Its interrupt, when it is a GIC SPI: INTID, edge or level. */
	bool has_stdout_irq;
	u32 stdout_irq;
	bool stdout_irq_edge;

	/* The GICv3 ("arm,gic-v3" among the root's children): its
	 * distributor and its first redistributor region. */
	bool has_gicv3;
	struct mem_range gicd, gicr;
};

/*
 * Read the boot DTB at 'fdt' (at most max_size bytes are trusted to be
 * readable). Returns 0, or -1 with a one-line reason in err: bad header or
 * version, size above BOOTINFO_DTB_MAX or max_size, no /memory, malformed
 * reg/initrd properties (wrong length, end < start, overflow), bootargs too
 * long, more banks or reserved regions than the tables hold. Missing
 * optional parts (/chosen, bootargs, initrd, stdout-path) are not errors.
 */
int bootinfo_parse(const void *fdt, u64 max_size, struct boot_info *bi,
		   char *err, size_t errlen);

#endif
