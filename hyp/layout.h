/* hyp/layout.h - the microvisor's fixed EL2 virtual layout and image constants (C, asm and linker script). */
#ifndef MV_LAYOUT_H
#define MV_LAYOUT_H

/*
 * The microvisor is linked at MV_LINK_VA and runs there once the runtime
 * tables are live. Devices get slots in their own window below it. The
 * trampoline VA sits at the top of the 48-bit space: nothing else is mapped
 * there and no RAM we boot on reaches it (checked at boot).
 */
#define MV_VA_BITS   48
#define MV_LINK_VA   0x00007f0000000000
#define MV_DEVICE_VA 0x00007e0000000000
#define MV_GICD_VA   0x00007e0010000000 /* the GIC distributor */
#define MV_GICR_VA   0x00007e0020000000 /* its redistributors */
#define MV_RMA_VA    0x0000400000000000 /* RMA i at + i * rma_size */
#define MV_STORE_VA  0x0000580000000000 /* the verified image copy */
#define MV_BLOB_VA   0x0000600000000000 /* the incoming image (initrd) */
#define MV_BOOT_DTB_VA                                                         \
	0x0000680000000000 /* the boot DTB, kept for pass-through */
#define MV_TRAMPOLINE_VA                                                       \
	0x0000ffffffff0000 /* 64K-aligned: fits every granule */

#ifndef MV_GRANULE_SHIFT
#error "MV_GRANULE_SHIFT must be set by the build (12, 14 or 16)"
#endif
#define MV_PAGE_SIZE (1 << MV_GRANULE_SHIFT)

#define MV_BOOT_STACK_SIZE    0x4000
#define MV_RUNTIME_STACK_SIZE 0x4000
#define MV_PANIC_STACK_SIZE   0x2000
#define MV_POOL_PAGES	      96

/* CPUs the microvisor brings up (the boot CPU and up to 7 others). */
#define MV_MAX_CPUS 8

#endif
