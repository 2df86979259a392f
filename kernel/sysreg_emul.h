/* kernel/sysreg_emul.h - decoding and emulating the guest's trapped system-register accesses. */
#ifndef MV_SYSREG_EMUL_H
#define MV_SYSREG_EMUL_H

#include "lib/types.h"

/* An MSR/MRS/SYS access as ESR_EL2 (EC 0x18) describes it. */
struct sysreg_access {
	unsigned op0, op1, crn, crm, op2;
	unsigned rt; /* 31 = XZR */
	bool read;   /* MRS */
};

void sysreg_decode(u32 iss, struct sysreg_access *a);

/* "S3_0_C0_C4_0" style name, plus the register's name when known. */
void sysreg_describe(const struct sysreg_access *a, char *buf, size_t len);

/* Per-guest state behind the emulated registers. */
struct sysreg_shadow {
	u64 mdscr_el1;
	u64 oslsr_el1;
};

/*
 * What a trapped access means for the guest: emulated (value read or
 * write absorbed), or refused (the guest is ended with a report).
 * read_id() gives the real value of an ID register (EL2 reads it).
 */
enum sysreg_result {
	SYSREG_DONE,
	SYSREG_REFUSED,
};

enum sysreg_result sysreg_emulate(const struct sysreg_access *a, u64 *val,
				  struct sysreg_shadow *sh,
				  u64 (*read_id)(unsigned crm, unsigned op2));

/* Hide from the guest what the microvisor does not virtualise. */
u64 sysreg_sanitise_id(unsigned crm, unsigned op2, u64 real);

#endif
