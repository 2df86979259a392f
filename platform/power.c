/* platform/power.c - stopping the machine: PSCI SYSTEM_OFF, the test-only semihosting exit, or a halt. */
#include "hyp/smccc.h"
#include "hyp/hyp.h"
#include "lib/log.h"
#include "platform/power.h"
#include "platform/plat.h"

static bool use_semihosting;
static bool semihosting_tried;

void power_use_semihosting(bool on)
{
	use_semihosting = on;
}

void power_halt(void)
{
	hyp_cpu_stop();
}

void power_off(unsigned code)
{
	struct smccc_res res;

	/* If HLT #0xf000 traps because QEMU has no -semihosting, the panic
	 * that follows comes back here and must take the PSCI path. */
	if (use_semihosting && !semihosting_tried) {
		semihosting_tried = true;
		semihost_exit(code);
	}
	if (plat_board.psci == PLAT_CONDUIT_SMC) {
		smccc_smc(PSCI_SYSTEM_OFF, 0, 0, 0, &res);
		pr_err("PSCI SYSTEM_OFF returned %lld; halting instead",
		       (long long)res.a0);
	} else {
		pr_info("no firmware power-off on %s; halting",
			plat_board.name);
	}
	power_halt();
}

long power_cpu_on(u64 mpidr, pa_t entry, u64 context)
{
	struct smccc_res res;

	if (plat_board.psci != PLAT_CONDUIT_SMC)
		return -1;
	smccc_smc(PSCI_CPU_ON_64, mpidr, pa_addr(entry), context, &res);
	return (long)res.a0;
}
