/* hyp/smccc.c - SMC calls into firmware (PSCI) and the semihosting exit used by tests. */
#include "hyp/smccc.h"

void smccc_smc(u32 id, u64 a1, u64 a2, u64 a3, struct smccc_res *res)
{
	register u64 x0 asm("x0") = id;
	register u64 x1 asm("x1") = a1;
	register u64 x2 asm("x2") = a2;
	register u64 x3 asm("x3") = a3;

	/* SMCCC v1.1+: x4-x17 may be clobbered by older firmware. */
	asm volatile("smc #0"
		     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
		     :
		     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
		       "x13", "x14", "x15", "x16", "x17", "memory");
	res->a0 = x0;
	res->a1 = x1;
	res->a2 = x2;
	res->a3 = x3;
}

#define SEMIHOST_SYS_EXIT	     0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

void semihost_exit(unsigned code)
{
	/* AArch64 SYS_EXIT takes a pointer to {reason, subcode}. */
	volatile u64 block[2] = {ADP_STOPPED_APPLICATION_EXIT, code};
	register u64 x0 asm("x0") = SEMIHOST_SYS_EXIT;
	register u64 x1 asm("x1") = (u64)(uintptr_t)block;

	asm volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}
