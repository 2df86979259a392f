/* hyp/smccc.h - SMCCC conduits from EL2 to firmware, PSCI function ids, and semihosting. */
#ifndef MV_SMCCC_H
#define MV_SMCCC_H

#include "lib/types.h"

#define PSCI_VERSION	  0x84000000u
#define PSCI_SYSTEM_OFF	  0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_CPU_ON_64	  0xc4000003u

struct smccc_res {
	u64 a0, a1, a2, a3;
};

/* SMC #0 with x0..x3 = id, a1..a3; results in x0..x3. */
void smccc_smc(u32 id, u64 a1, u64 a2, u64 a3, struct smccc_res *res);

/* Semihosting SYS_EXIT (HLT #0xF000): QEMU exits with 'code'. Returns only
 * if the debugger/emulator ignored the request. */
void semihost_exit(unsigned code);

#endif
