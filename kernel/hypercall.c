/* kernel/hypercall.c - serves the guest's SMCCC calls: architecture, vendor-hyp, PV console, PSCI. */
#include "kernel/hypercall.h"
#include "kernel/mvabi.h"

#define RET(v) ((u64)(s64)(v))

/* PSCI error codes beyond SMCCC's */
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_ALREADY_ON		(-4)

#define CALL_ID(id, name) id,
static const u32 implemented[] = {MV_CALLS(CALL_ID)};
#undef CALL_ID

bool hc_implemented(u32 id)
{
	for (unsigned i = 0; i < ARRAY_SIZE(implemented); i++)
		if (implemented[i] == id)
			return true;
	return false;
}

/*
 * The bytes travel in registers, byte 0 in the low byte of the first: on
 * a little-endian machine the saved registers are those bytes in order,
 * so they are used where they lie, without copying.
 */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "the console calls read and write the saved registers as bytes");

/*
 * The calls that call further are out of line and tail-called, so the
 * dispatcher itself calls nothing and needs no frame: every call pays
 * only for what it uses.
 */
#define HC_OUTLINE static __attribute__((noinline)) enum hc_outcome

HC_OUTLINE console_write(u64 *x, const struct hc_env *con)
{
	u64 n = x[1];

	if (n > MV_CONSOLE_MAX) {
		x[0] = RET(MV_SMCCC_INVALID_PARAMETER);
		return HC_CONTINUE;
	}
	if (n && con && con->write)
		con->write(con->ctx, (const char *)&x[2], (unsigned)n);
	x[0] = n;
	return HC_CONTINUE;
}

HC_OUTLINE console_read(u64 *x, const struct hc_env *con)
{
	char *out = (char *)&x[1];
	unsigned n;

	/* x1..x6 cleared: no stale register reaches the guest. */
	_Static_assert(MV_CONSOLE_MAX == 6 * 8, "six result registers");
	x[1] = x[2] = x[3] = x[4] = x[5] = x[6] = 0;
	n = con && con->read ? con->read(con->ctx, out, MV_CONSOLE_MAX) : 0;
	x[0] = n > MV_CONSOLE_MAX ? MV_CONSOLE_MAX : n;
	return HC_CONTINUE;
}

HC_OUTLINE watchdog_call(u64 *x, const struct hc_env *env)
{
	x[0] = env && env->watchdog ? env->watchdog(env->ctx) : 0;
	return HC_CONTINUE;
}

/* SMCCC_ARCH_FEATURES, and PSCI_FEATURES (only PSCI functions are PSCI
 * features): 0 if served, else NOT_SUPPORTED. */
HC_OUTLINE features(u64 *x, bool psci_only)
{
	u32 of = (u32)x[1];
	/* PSCI 1.0 asks PSCI_FEATURES(SMCCC_VERSION) to say SMCCC 1.1 is
	 * there (Linux asks before it uses SMCCC_VERSION). */
	bool psci = (of >> 24) == 0x84 || (of >> 24) == 0xc4 ||
		    of == MV_SMCCC_VERSION;

	x[0] = (!psci_only || psci) && hc_implemented(of)
		       ? 0
		       : RET(MV_SMCCC_NOT_SUPPORTED);
	return HC_CONTINUE;
}

/* The single vCPU has MPIDR affinity 0. */
static bool is_our_cpu(u32 id, u64 mpidr)
{
	if (!(id & 0x40000000u)) /* SMC32 convention: 32-bit argument */
		mpidr &= 0xffffffffu;
	return (mpidr & 0xff00ffffffULL) == 0;
}

/* Arm architecture calls (owner 0). */
static inline enum hc_outcome arch_call(u32 id, u64 *x)
{
	switch (id) {
	case MV_SMCCC_VERSION: x[0] = 0x10001; break; /* SMCCC v1.1 */
	case MV_SMCCC_ARCH_FEATURES: return features(x, false);
	default: x[0] = RET(MV_SMCCC_NOT_SUPPORTED); break;
	}
	return HC_CONTINUE;
}

/* Vendor-specific hypervisor calls (owner 6): ours. */
static inline enum hc_outcome
vendor_call(u32 id, u64 *x, const struct hc_env *con, unsigned *status)
{
	switch (id) {
	case MV_CONSOLE_WRITE: return console_write(x, con);
	case MV_CONSOLE_READ: return console_read(x, con);
	case MV_EXIT:
		if (x[1] > 255) {
			x[0] = RET(MV_SMCCC_INVALID_PARAMETER);
			break;
		}
		*status = (unsigned)x[1];
		return HC_EXIT;
	case MV_WATCHDOG: return watchdog_call(x, con);
	case MV_HYP_CALL_UID:
		x[0] = MV_UID_0;
		x[1] = MV_UID_1;
		x[2] = MV_UID_2;
		x[3] = MV_UID_3;
		break;
	case MV_HYP_REVISION:
		x[0] = MV_ABI_MAJOR;
		x[1] = MV_ABI_MINOR;
		break;
	default: x[0] = RET(MV_SMCCC_NOT_SUPPORTED); break;
	}
	return HC_CONTINUE;
}

/* CPU_ON, AFFINITY_INFO: the SMC32 forms take 32-bit arguments. */
HC_OUTLINE psci_smp(u32 id, u64 *x, const struct hc_env *env)
{
	u64 m = (id & 0x40000000u) ? ~0ULL : 0xffffffffULL;

	if ((id & ~0x40000000u) == (MV_PSCI_CPU_ON & ~0x40000000u))
		x[0] = RET(env->cpu_on(env->ctx, x[1] & m, x[2] & m, x[3] & m));
	else
		x[0] = RET(env->affinity_info(env->ctx, x[1] & m, x[2] & m));
	return HC_CONTINUE;
}

/* PSCI (owner 4): one vCPU here, several through env. */
static inline enum hc_outcome
psci_call(u32 id, u64 *x, const struct hc_env *env, unsigned *status)
{
	switch (id) {
	case MV_PSCI_VERSION: x[0] = MV_PSCI_VERSION_1_1; break;
	case MV_PSCI_FEATURES: return features(x, true);
	case MV_PSCI_CPU_SUSPEND:
	case MV_SMC32(MV_PSCI_CPU_SUSPEND):
		/* A standby that wakes at once: nothing to wait for. */
		x[0] = 0;
		break;
	case MV_PSCI_CPU_OFF:
		*status = 0;
		if (env && env->cpu_on)
			return HC_CPU_OFF;
		return HC_POWEROFF; /* the only CPU going off ends the guest */
	case MV_PSCI_CPU_ON:
	case MV_SMC32(MV_PSCI_CPU_ON):
		if (env && env->cpu_on)
			return psci_smp(id, x, env);
		x[0] = is_our_cpu(id, x[1]) ? RET(PSCI_ALREADY_ON)
					    : RET(PSCI_INVALID_PARAMETERS);
		break;
	case MV_PSCI_AFFINITY_INFO:
	case MV_SMC32(MV_PSCI_AFFINITY_INFO): {
		if (env && env->affinity_info)
			return psci_smp(id, x, env);
		/* Level 0 of CPU 0 is ON; nothing else exists. The SMC32
		 * form takes 32-bit arguments: the level is w2. */
		u64 level = (id & 0x40000000u) ? x[2] : (u32)x[2];

		x[0] = is_our_cpu(id, x[1]) && level == 0
			       ? 0
			       : RET(PSCI_INVALID_PARAMETERS);
		break;
	}
	case MV_PSCI_MIGRATE_INFO_TYPE:
		x[0] = MV_PSCI_TOS_NOT_PRESENT_MP;
		break;
	case MV_PSCI_SYSTEM_OFF: *status = 0; return HC_POWEROFF;
	case MV_PSCI_SYSTEM_RESET: *status = 0; return HC_RESET;
	default: x[0] = RET(MV_SMCCC_NOT_SUPPORTED); break;
	}
	return HC_CONTINUE;
}

/*
 * By the id's top byte first (fast-call bit, SMC64 bit, owner), then by the
 * whole id within that owner: a few compares for any call.
 */
enum hc_outcome hc_dispatch(u64 *x, unsigned imm, const struct hc_env *con,
			    unsigned *status)
{
	u32 id = (u32)x[0];

	if (imm == 0) {
		switch (id >> 24) {
		case 0x80: return arch_call(id, x);
		case 0x84:
		case 0xc4: return psci_call(id, x, con, status);
		case 0x86:
		case 0xc6: return vendor_call(id, x, con, status);
		}
	}
	x[0] = RET(MV_SMCCC_NOT_SUPPORTED);
	return HC_CONTINUE;
}
