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

static void console_write(u64 *x, const struct hc_console *con)
{
	char buf[MV_CONSOLE_MAX];
	u64 n = x[1];

	if (n > MV_CONSOLE_MAX) {
		x[0] = RET(MV_SMCCC_INVALID_PARAMETER);
		return;
	}
	for (unsigned i = 0; i < n; i++)
		buf[i] = (char)(x[2 + i / 8] >> (8 * (i % 8)));
	if (n && con && con->write)
		con->write(con->ctx, buf, (unsigned)n);
	x[0] = n;
}

static void console_read(u64 *x, const struct hc_console *con)
{
	char buf[MV_CONSOLE_MAX];
	unsigned n =
		con && con->read ? con->read(con->ctx, buf, sizeof(buf)) : 0;

	if (n > MV_CONSOLE_MAX)
		n = MV_CONSOLE_MAX;
	for (unsigned r = 1; r <= 6; r++)
		x[r] = 0;
	for (unsigned i = 0; i < n; i++)
		x[1 + i / 8] |= (u64)(u8)buf[i] << (8 * (i % 8));
	x[0] = n;
}

/* The single vCPU has MPIDR affinity 0. */
static bool is_our_cpu(u32 id, u64 mpidr)
{
	if (!(id & 0x40000000u)) /* SMC32 convention: 32-bit argument */
		mpidr &= 0xffffffffu;
	return (mpidr & 0xff00ffffffULL) == 0;
}

enum hc_outcome hc_dispatch(u64 *x, unsigned imm, const struct hc_console *con,
			    unsigned *status)
{
	u32 id = (u32)x[0];

	if (imm != 0) {
		x[0] = RET(MV_SMCCC_NOT_SUPPORTED);
		return HC_CONTINUE;
	}
	switch (id) {
	case MV_SMCCC_VERSION:
		x[0] = 0x10001; /* SMCCC v1.1 */
		break;
	case MV_SMCCC_ARCH_FEATURES:
		x[0] = hc_implemented((u32)x[1]) ? 0
						 : RET(MV_SMCCC_NOT_SUPPORTED);
		break;
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
	case MV_CONSOLE_WRITE: console_write(x, con); break;
	case MV_CONSOLE_READ: console_read(x, con); break;
	case MV_EXIT:
		if (x[1] > 255) {
			x[0] = RET(MV_SMCCC_INVALID_PARAMETER);
			break;
		}
		*status = (unsigned)x[1];
		return HC_EXIT;
	case MV_PSCI_VERSION: x[0] = MV_PSCI_VERSION_1_1; break;
	case MV_PSCI_FEATURES:
		/* Only PSCI functions are PSCI features. */
		x[0] = ((u32)x[1] >> 24) == 0x84 || ((u32)x[1] >> 24) == 0xc4
			       ? (hc_implemented((u32)x[1])
					  ? 0
					  : RET(MV_SMCCC_NOT_SUPPORTED))
			       : RET(MV_SMCCC_NOT_SUPPORTED);
		break;
	case MV_PSCI_CPU_SUSPEND:
	case MV_SMC32(MV_PSCI_CPU_SUSPEND):
		x[0] = 0; /* a standby that wakes at once: nothing to wait for
			   */
		break;
	case MV_PSCI_CPU_OFF:
		*status = 0;
		return HC_POWEROFF; /* the only CPU going off ends the guest */
	case MV_PSCI_CPU_ON:
	case MV_SMC32(MV_PSCI_CPU_ON):
		x[0] = is_our_cpu(id, x[1]) ? RET(PSCI_ALREADY_ON)
					    : RET(PSCI_INVALID_PARAMETERS);
		break;
	case MV_PSCI_AFFINITY_INFO:
	case MV_SMC32(MV_PSCI_AFFINITY_INFO): {
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
