/* kernel/cpus.h - the board's other CPUs: started at EL2 through the firmware and the kept boot tables, then waiting for work. */
#ifndef MV_CPUS_H
#define MV_CPUS_H

#include "platform/bootinfo.h"

/*
 * On the boot CPU, after the MMU switch: start every other CPU the boot
 * device tree lists (up to MV_MAX_CPUS in all) with PSCI CPU_ON; each
 * turns its MMU on with the boot tables, switches to the runtime tables
 * through the trampoline as the boot CPU did, and reports in on its own
 * stack. A CPU that does not report within a second is left out, with a
 * line saying so. CPU 0 is the boot CPU; the others are numbered in the
 * device tree's order.
 */
void cpus_start(const struct boot_info *bi);

/* CPUs up at EL2, the boot CPU included, and CPU n's MPIDR. */
unsigned cpus_online(void);
u64 cpus_mpidr(unsigned n);
/* CPUs 0..n-1 can run vCPUs: up, with their GIC interface working (the
 * kicks between CPUs are SGIs). 1 without a GIC. */
unsigned cpus_usable(void);

/* On the boot CPU: fn(n) on each CPU n in 1..nr-1 (nr <= cpus_usable()),
 * at once; cpus_wait() returns when every one has returned. */
void cpus_run(unsigned nr, void (*fn)(unsigned n));
void cpus_wait(void);

#endif
