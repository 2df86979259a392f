/* platform/power.h - how the microvisor stops the machine: power off (PSCI or semihosting exit) or halt. */
#ifndef MV_POWER_H
#define MV_POWER_H

#include "lib/types.h"

/* Exit codes used with exit=semihosting when the microvisor itself stops
 * (a guest's own status is used when a guest ended). */
#define MV_EXIT_OK	  0
#define MV_EXIT_NO_IMAGE  3 /* nothing to run */
#define MV_EXIT_BAD_IMAGE 4 /* the appliance image was refused */
#define MV_EXIT_BAD_INPUT 2 /* bad option, DTB or CPU */
#define MV_EXIT_PANIC	  125

void power_use_semihosting(bool on);

/* Power the machine off; with semihosting QEMU exits with 'code'. Falls
 * back to halting if firmware does not power off. Never returns. */
__attribute__((noreturn)) void power_off(unsigned code);

/* Start the CPU with this MPIDR at PA entry, x0 = context, through the
 * board's firmware (PSCI CPU_ON). Returns the PSCI status (0 success),
 * or -1 (NOT_SUPPORTED) on a board with no PSCI firmware. */
long power_cpu_on(u64 mpidr, pa_t entry, u64 context);

/* Stop this CPU for good: interrupts masked, WFI forever. */
__attribute__((noreturn)) void power_halt(void);

#endif
