/* hyp/el2mmu.h - the microvisor's own EL2 address space, brought up by the
 * dual-step init. */
#ifndef MV_EL2MMU_H
#define MV_EL2MMU_H

#ifndef __ASSEMBLY__
#include <stddef.h>

#include "lib/pool.h"
#include "lib/types.h"
#endif

/*
 * Everything the init page needs, as plain values: hyp/head.S loads them
 * into x0..x10 in this order, pairs from offset 0 and the init code's PA
 * from MMU_SWITCH_INIT_PA (checked below).
 */
#define MMU_SWITCH_INIT_PA (10 * 8)
#define MMU_SWITCH_SIZE	   (11 * 8)

#ifndef __ASSEMBLY__
struct mmu_switch {
	u64 boot_ttbr;
	u64 runtime_ttbr;
	u64 tcr;
	u64 mair;
	u64 sctlr;
	u64 trampoline_va;
	u64 entry_va;
	u64 sp_va;
	u64 vbar_va;
	u64 arg;
	u64 init_pa;
};
_Static_assert(offsetof(struct mmu_switch, init_pa) == MMU_SWITCH_INIT_PA,
	       "hyp/head.S loads init_pa from MMU_SWITCH_INIT_PA");
_Static_assert(sizeof(struct mmu_switch) == MMU_SWITCH_SIZE,
	       "hyp/head.S loads 11 values");

/*
 * Build the boot set (identity map of the init page + trampoline VA) and
 * the runtime set (trampoline VA + image + stacks + pool + console) with
 * the MMU off, at the load PA. Returns the switch parameters for head.S, or
 * NULL after logging why (then the caller stops).
 */
struct mmu_switch *el2mmu_prepare(u64 parange_bits, pa_t uart,
				  void (*entry)(u64), u64 arg);

/* Before the switch: map [base, base + size) read-write, never
 * executable, into the runtime set at va (both rounded out to whole
 * pages). Returns where base will be once the runtime tables are live, or
 * NULL after logging why it cannot be mapped. */
void *el2mmu_map_window(const char *what, u64 va, pa_t base, u64 size);
/* The same for device registers (Device-nGnRE). */
void *el2mmu_map_device(const char *what, u64 va, pa_t base, u64 size);

/* Where the image was loaded and its whole footprint (image_size). */
pa_t el2mmu_image_pa(void);
u64 el2mmu_image_size(void);

/* First thing at the runtime VA: re-point state that held PAs. */
void el2mmu_runtime_fixup(void);

/* Every page of both EL2 table sets (and a bounce copy of the init code,
 * if one was needed), as they stood at the switch; returns how many there
 * are, filling at most max. They never change after the switch. */
unsigned el2mmu_table_pages(const void **pages, unsigned max);

/*
 * Another CPU's way in (after the switch, on the boot CPU): fills *out, a
 * switch like the boot CPU's with that CPU's entry, argument and stack
 * (CPU n, 1 <= n < MV_MAX_CPUS), and cleans it to the point of
 * coherency; returns the PA to start the CPU at, which takes the PA of
 * *out in x0 (PSCI CPU_ON's context).
 */
pa_t el2mmu_secondary(unsigned cpu, void (*entry)(u64), u64 arg,
		      struct mmu_switch *out);
/* The PA of an object in the microvisor's image (data, bss, stacks). */
pa_t el2mmu_image_va_to_pa(const void *va);

/* Where the console is mapped in the runtime set. */
void *el2mmu_uart_va(void);

/* Log the dual-step result and check a few runtime translations with the
 * hardware (AT S1E2R/W): text readable, rodata not writable, etc. Returns
 * 0 or -1 after logging the mismatch. */
int el2mmu_selfcheck(void);

/* The page pool all EL2 and stage-2 table pages come from. */
extern struct page_pool el2_pool;

#endif /* !__ASSEMBLY__ */

#endif
