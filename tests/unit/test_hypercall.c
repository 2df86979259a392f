/* tests/unit/test_hypercall.c - host tests of the SMCCC/PSCI/PV-console dispatcher (kernel/hypercall.c) against DESIGN §6. */
#include "tests/unit/check.h"
#include "kernel/hypercall.h"
#include "kernel/mvabi.h"

#define NREGS 31
#define R(v)  ((u64)(s64)(v))

#define SMC32_CPU_ON	    MV_SMC32(MV_PSCI_CPU_ON)
#define SMC32_AFFINITY_INFO MV_SMC32(MV_PSCI_AFFINITY_INFO)
#define SMC32_CPU_SUSPEND   MV_SMC32(MV_PSCI_CPU_SUSPEND)

/* Every function id the ABI (mvabi.h) defines, in all its served forms:
 * the ABI header's one list. */
#define CALL_ID(id, name) id,
static const u32 abi_ids[] = {MV_CALLS(CALL_ID)};
#undef CALL_ID

static const u32 psci_ids[] = {
	MV_PSCI_VERSION,       MV_PSCI_CPU_SUSPEND,  SMC32_CPU_SUSPEND,
	MV_PSCI_CPU_OFF,       MV_PSCI_CPU_ON,	     SMC32_CPU_ON,
	MV_PSCI_AFFINITY_INFO, SMC32_AFFINITY_INFO,  MV_PSCI_MIGRATE_INFO_TYPE,
	MV_PSCI_SYSTEM_OFF,    MV_PSCI_SYSTEM_RESET, MV_PSCI_FEATURES,
};

/* Ids nobody serves: other SMCCC arch calls, unused owner slots, PSCI
 * functions this ABI leaves out, SMC64 forms of SMC32-only calls. */
static const u32 unknown_ids[] = {
	0x80000002u, /* SMCCC_ARCH_SOC_ID */
	0x80003fffu, /* SMCCC_ARCH_WORKAROUND_3 */
	0x80007fffu, /* SMCCC_ARCH_WORKAROUND_2 */
	0x80008000u, /* SMCCC_ARCH_WORKAROUND_1 */
	0x8000ff01u, /* arch service Call UID */
	0x8600ff00u,
	0x8600ff02u,
	0x8600ff04u,
	0x86000001u, /* MV_CONSOLE_WRITE with the SMC32 convention */
	0x86000003u,
	0xc6000000u,
	0xc6000005u,
	0xc600ff01u,
	0x84000005u, /* MIGRATE */
	0x84000007u, /* MIGRATE_INFO_UP_CPU */
	0x8400000bu,
	0x8400000cu,
	0x8400000du,
	0x8400000eu,
	0x84000012u,
	0xc4000000u, /* PSCI_VERSION as SMC64: does not exist */
	0xc4000002u, /* CPU_OFF as SMC64 */
	0xc4000008u,
	0xc400000au,
	0xc400000eu,
	0x82000000u,
	0x83000000u,
	0x85000000u,
	0xb0000000u,
	0xbf00ff01u,
	0xf0000000u,
	0xffffffffu,
	0xc7000000u,
};

/* ---- a fake console -------------------------------------------------- */

struct fake_con {
	char out[4096];
	unsigned out_len;
	unsigned writes;
	char in[512];
	unsigned in_len, in_pos;
	unsigned reads;
	unsigned last_max;
	unsigned lie; /* if non-zero, read() claims this many bytes */
};

static void fc_write(void *ctx, const char *buf, unsigned n)
{
	struct fake_con *f = ctx;

	f->writes++;
	for (unsigned i = 0; i < n; i++) {
		if (f->out_len < sizeof(f->out))
			f->out[f->out_len] = buf[i];
		f->out_len++;
	}
}

static unsigned fc_read(void *ctx, char *buf, unsigned max)
{
	struct fake_con *f = ctx;
	unsigned n = f->in_len - f->in_pos;

	f->reads++;
	f->last_max = max;
	if (n > max)
		n = max;
	memcpy(buf, f->in + f->in_pos, n);
	f->in_pos += n;
	return f->lie ? f->lie : n;
}

/* The watchdog's end: counts signs of life, says its period. */
static unsigned pets;
static u64 fc_watchdog(void *ctx)
{
	(void)ctx;
	pets++;
	return 30;
}

static struct fake_con fc;
static const struct hc_env con = {.write = fc_write,
				  .read = fc_read,
				  .ctx = &fc,
				  .watchdog = fc_watchdog};

static void fc_reset(void)
{
	memset(&fc, 0, sizeof(fc));
}

/* ---- calling helpers --------------------------------------------------- */

static u64 rng_state;

static u64 rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* Distinct, recognisable junk in every register. */
static void fill(u64 *x)
{
	for (unsigned i = 0; i < NREGS; i++)
		x[i] = 0x5a5a000000000000ULL | ((u64)i << 40) |
		       (0x0101010101ULL * (i + 1));
}

static unsigned last_status;

/*
 * Dispatch on a heap copy of x sized exactly 31 registers (so ASan sees a
 * write past x30), with *status primed to a sentinel.
 */
static enum hc_outcome call_con(u64 *x, unsigned imm, const struct hc_env *c)
{
	u64 *regs = malloc(NREGS * sizeof(u64));
	enum hc_outcome o;

	memcpy(regs, x, NREGS * sizeof(u64));
	last_status = 0xdeadu;
	o = hc_dispatch(regs, imm, c, &last_status);
	memcpy(x, regs, NREGS * sizeof(u64));
	free(regs);
	return o;
}

static enum hc_outcome call(u64 *x)
{
	return call_con(x, 0, &con);
}

/* Are all registers outside 'may_change' (a bit mask) equal? */
static bool preserved(const u64 *before, const u64 *after, u32 may_change)
{
	for (unsigned i = 0; i < NREGS; i++)
		if (!(may_change & (1u << i)) && before[i] != after[i])
			return false;
	return true;
}

#define ONLY_X0	 0x1u
#define X0_TO(n) ((2u << (n)) - 1) /* x0..xn */

/* One simple call: x0 = id, x1.. = args; returns the outcome. */
static enum hc_outcome call1(u64 *x, u64 id, u64 a1, u64 a2)
{
	fill(x);
	x[0] = id;
	x[1] = a1;
	x[2] = a2;
	return call(x);
}

/* x0 after ARCH_FEATURES(id) / PSCI_FEATURES(id), other regs checked. */
static bool features(u32 fn, u64 id, u64 *res)
{
	u64 x[NREGS], before[NREGS];

	fill(x);
	x[0] = fn;
	x[1] = id;
	memcpy(before, x, sizeof(x));
	if (call(x) != HC_CONTINUE || !preserved(before, x, ONLY_X0))
		return false;
	*res = x[0];
	return true;
}

/* ---- architecture and vendor calls ---------------------------------- */

static void test_smccc_version(void)
{
	u64 x[NREGS], before[NREGS];

	fill(x);
	x[0] = MV_SMCCC_VERSION;
	memcpy(before, x, sizeof(x));
	CHECK_EQ_U64(call(x), HC_CONTINUE);
	CHECK_EQ_U64(x[0], 0x10001);
	CHECK(preserved(before, x, ONLY_X0));
}

static void test_arch_features_implemented(void)
{
	u64 r;

	for (unsigned i = 0; i < ARRAY_SIZE(abi_ids); i++) {
		CHECK(features(MV_SMCCC_ARCH_FEATURES, abi_ids[i], &r));
		CHECK_EQ_U64(r, 0);
		CHECK(hc_implemented(abi_ids[i]));
	}
	/* The queried id is a W register: upper bits ignored. */
	CHECK(features(MV_SMCCC_ARCH_FEATURES,
		       0xffffffff00000000ULL | MV_CONSOLE_WRITE, &r));
	CHECK_EQ_U64(r, 0);
	CHECK(features(MV_SMCCC_ARCH_FEATURES, 0x1234567800000000ULL, &r));
	CHECK_EQ_U64(r, R(-1));
}

static void test_arch_features_unknown(void)
{
	u64 r;

	for (unsigned i = 0; i < ARRAY_SIZE(unknown_ids); i++) {
		CHECK(features(MV_SMCCC_ARCH_FEATURES, unknown_ids[i], &r));
		CHECK_EQ_U64(r, R(-1));
		CHECK(!hc_implemented(unknown_ids[i]));
	}
	/* Yielding ids (bit 31 clear) */
	CHECK(features(MV_SMCCC_ARCH_FEATURES, MV_CONSOLE_WRITE & ~0x80000000u,
		       &r));
	CHECK_EQ_U64(r, R(-1));
	CHECK(features(MV_SMCCC_ARCH_FEATURES, 0, &r));
	CHECK_EQ_U64(r, R(-1));
}

/*
 * ARCH_FEATURES and the dispatcher agree over the whole of every service
 * range the ABI touches: an id reported absent answers NOT_SUPPORTED, one
 * reported present never does.
 */
static void test_arch_features_consistent(void)
{
	static const u32 bases[] = {0x80000000u, 0x84000000u, 0xc4000000u,
				    0x86000000u, 0xc6000000u, 0x8600ff00u,
				    0xc600ff00u};
	u64 x[NREGS], r;

	for (unsigned b = 0; b < ARRAY_SIZE(bases); b++) {
		for (u32 id = bases[b]; id < bases[b] + 0x100; id++) {
			enum hc_outcome o;

			CHECK(features(MV_SMCCC_ARCH_FEATURES, id, &r));
			CHECK(r == 0 || r == R(-1));
			fc_reset();
			/* x1 = a served PSCI id, so the FEATURES calls
			 * themselves have something to say yes to. */
			o = call1(x, id, MV_PSCI_VERSION, 0);
			if (r == R(-1)) {
				CHECK_EQ_U64(o, HC_CONTINUE);
				CHECK_EQ_U64(x[0], R(-1));
			} else {
				CHECK(o != HC_CONTINUE || x[0] != R(-1));
			}
		}
	}
}

static void test_call_uid(void)
{
	u64 x[NREGS], before[NREGS];

	fill(x);
	x[0] = MV_HYP_CALL_UID;
	memcpy(before, x, sizeof(x));
	CHECK_EQ_U64(call(x), HC_CONTINUE);
	CHECK_EQ_U64(x[0], MV_UID_0);
	CHECK_EQ_U64(x[1], MV_UID_1);
	CHECK_EQ_U64(x[2], MV_UID_2);
	CHECK_EQ_U64(x[3], MV_UID_3);
	CHECK(preserved(before, x, X0_TO(3)));
	/* Not the all-ones "unknown UID" value SMCCC reserves. */
	CHECK(x[0] != 0xffffffffu);
}

static void test_hyp_revision(void)
{
	u64 x[NREGS], before[NREGS];

	fill(x);
	x[0] = MV_HYP_REVISION;
	memcpy(before, x, sizeof(x));
	CHECK_EQ_U64(call(x), HC_CONTINUE);
	CHECK_EQ_U64(x[0], MV_ABI_MAJOR);
	CHECK_EQ_U64(x[1], MV_ABI_MINOR);
	CHECK(preserved(before, x, X0_TO(1)));
}

/* ---- PV console ------------------------------------------------------ */

static void test_console_write_lengths(void)
{
	u64 x[NREGS], before[NREGS];

	rng_state = 0x1234567;
	for (unsigned n = 0; n <= MV_CONSOLE_MAX; n++) {
		char want[MV_CONSOLE_MAX];

		fill(x);
		x[0] = MV_CONSOLE_WRITE;
		x[1] = n;
		for (unsigned r = 2; r <= 7; r++)
			x[r] = rnd();
		for (unsigned i = 0; i < n; i++)
			want[i] = (char)(x[2 + i / 8] >> (8 * (i % 8)));
		memcpy(before, x, sizeof(x));
		fc_reset();
		CHECK_EQ_U64(call(x), HC_CONTINUE);
		CHECK_EQ_U64(x[0], n);
		CHECK(preserved(before, x, ONLY_X0));
		CHECK_EQ_U64(fc.out_len, n);
		CHECK(memcmp(fc.out, want, n) == 0);
		CHECK(fc.writes <= 1);
		CHECK_EQ_U64(fc.reads, 0);
	}
}

static void test_console_write_byte_order(void)
{
	u64 x[NREGS];
	char want[MV_CONSOLE_MAX];

	fill(x);
	x[0] = MV_CONSOLE_WRITE;
	x[1] = MV_CONSOLE_MAX;
	/* Bytes 0..47 numbered in order, little-endian, x2 first. */
	for (unsigned r = 0; r < 6; r++) {
		x[2 + r] = 0;
		for (unsigned b = 0; b < 8; b++)
			x[2 + r] |= (u64)(0x30 + r * 8 + b) << (8 * b);
	}
	for (unsigned i = 0; i < MV_CONSOLE_MAX; i++)
		want[i] = (char)(0x30 + i);
	fc_reset();
	CHECK_EQ_U64(call(x), HC_CONTINUE);
	CHECK_EQ_U64(fc.out_len, MV_CONSOLE_MAX);
	CHECK(memcmp(fc.out, want, MV_CONSOLE_MAX) == 0);

	/* "hi\n" in the low bytes of x2; the high bytes are not sent. */
	fill(x);
	x[0] = MV_CONSOLE_WRITE;
	x[1] = 3;
	x[2] = 0xffffffffff0a6968ULL;
	fc_reset();
	call(x);
	CHECK_EQ_U64(x[0], 3);
	CHECK_EQ_U64(fc.out_len, 3);
	CHECK(memcmp(fc.out, "hi\n", 3) == 0);
}

static void test_console_write_too_long(void)
{
	static const u64 bad[] = {MV_CONSOLE_MAX + 1,
				  64,
				  256,
				  0x100000000ULL,
				  0x100000001ULL,
				  0x8000000000000000ULL,
				  UINT64_MAX};
	u64 x[NREGS], before[NREGS];

	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		fill(x);
		x[0] = MV_CONSOLE_WRITE;
		x[1] = bad[i];
		memcpy(before, x, sizeof(x));
		fc_reset();
		CHECK_EQ_U64(call(x), HC_CONTINUE);
		CHECK_EQ_U64(x[0], R(-2));
		CHECK(preserved(before, x, ONLY_X0));
		CHECK_EQ_U64(fc.writes, 0);
		CHECK_EQ_U64(fc.out_len, 0);
	}
}

static void test_console_write_no_backend(void)
{
	static const struct hc_env no_write = {.read = fc_read, .ctx = &fc};
	u64 x[NREGS];

	fill(x);
	x[0] = MV_CONSOLE_WRITE;
	x[1] = 5;
	CHECK_EQ_U64(call_con(x, 0, NULL), HC_CONTINUE);
	CHECK_EQ_U64(x[0], 5);
	fill(x);
	x[0] = MV_CONSOLE_WRITE;
	x[1] = 48;
	fc_reset();
	CHECK_EQ_U64(call_con(x, 0, &no_write), HC_CONTINUE);
	CHECK_EQ_U64(x[0], 48);
	CHECK_EQ_U64(fc.out_len, 0);
}

/* Read with 'avail' bytes waiting; checks packing and the rest. */
static void check_read(unsigned avail)
{
	u64 x[NREGS], before[NREGS];
	unsigned n = avail < MV_CONSOLE_MAX ? avail : MV_CONSOLE_MAX;

	fc_reset();
	fc.in_len = avail;
	for (unsigned i = 0; i < avail; i++)
		fc.in[i] = (char)(0x80 + i * 7); /* high bit set too */
	fill(x);
	x[0] = MV_CONSOLE_READ;
	memcpy(before, x, sizeof(x));
	CHECK_EQ_U64(call(x), HC_CONTINUE);
	CHECK_EQ_U64(fc.reads, 1);
	CHECK_EQ_U64(fc.last_max, MV_CONSOLE_MAX);
	CHECK_EQ_U64(fc.in_pos, n);
	CHECK_EQ_U64(x[0], n);
	for (unsigned i = 0; i < MV_CONSOLE_MAX; i++) {
		u8 got = (u8)(x[1 + i / 8] >> (8 * (i % 8)));

		if (i < n)
			CHECK_EQ_U64(got, (u8)(0x80 + i * 7));
		else
			CHECK_EQ_U64(got, 0);
	}
	CHECK(preserved(before, x, X0_TO(6)));
	CHECK_EQ_U64(fc.writes, 0);
}

static void test_console_read_0(void)
{
	check_read(0);
}

static void test_console_read_1(void)
{
	check_read(1);
}

static void test_console_read_47(void)
{
	check_read(47);
}

static void test_console_read_48(void)
{
	check_read(48);
}

static void test_console_read_more(void)
{
	u64 x[NREGS];

	check_read(100);
	if (check_case_failed)
		return;
	/* What was left stays queued: 48 more, then the last 4. */
	fill(x);
	x[0] = MV_CONSOLE_READ;
	call(x);
	CHECK_EQ_U64(x[0], 48);
	CHECK_EQ_U64(x[1] & 0xff, (u8)(0x80 + 48 * 7));
	fill(x);
	x[0] = MV_CONSOLE_READ;
	call(x);
	CHECK_EQ_U64(x[0], 4);
	CHECK_EQ_U64(x[1] >> 32, 0);
	CHECK_EQ_U64(x[2], 0);
	CHECK_EQ_U64(x[6], 0);
}

static void test_console_read_backend_lies(void)
{
	u64 x[NREGS], before[NREGS];

	/* A backend that claims more than max: clamped to 48. */
	fc_reset();
	fc.in_len = 48;
	memset(fc.in, 'z', 48);
	fc.lie = 1000;
	fill(x);
	x[0] = MV_CONSOLE_READ;
	memcpy(before, x, sizeof(x));
	CHECK_EQ_U64(call(x), HC_CONTINUE);
	CHECK_EQ_U64(x[0], MV_CONSOLE_MAX);
	CHECK(preserved(before, x, X0_TO(6)));
}

static void test_console_read_no_backend(void)
{
	static const struct hc_env no_read = {.write = fc_write, .ctx = &fc};
	u64 x[NREGS], before[NREGS];

	fill(x);
	x[0] = MV_CONSOLE_READ;
	memcpy(before, x, sizeof(x));
	CHECK_EQ_U64(call_con(x, 0, NULL), HC_CONTINUE);
	CHECK_EQ_U64(x[0], 0);
	for (unsigned r = 1; r <= 6; r++)
		CHECK_EQ_U64(x[r], 0);
	CHECK(preserved(before, x, X0_TO(6)));
	fill(x);
	x[0] = MV_CONSOLE_READ;
	CHECK_EQ_U64(call_con(x, 0, &no_read), HC_CONTINUE);
	CHECK_EQ_U64(x[0], 0);
	CHECK_EQ_U64(x[1], 0);
}

/* ---- MV_EXIT --------------------------------------------------------- */

static void test_exit_valid(void)
{
	static const u64 ok[] = {0, 1, 42, 254, 255};
	u64 x[NREGS], before[NREGS];

	for (unsigned i = 0; i < ARRAY_SIZE(ok); i++) {
		fill(x);
		x[0] = MV_EXIT;
		x[1] = ok[i];
		memcpy(before, x, sizeof(x));
		CHECK_EQ_U64(call(x), HC_EXIT);
		CHECK_EQ_U64(last_status, ok[i]);
		CHECK(preserved(before, x, ONLY_X0));
	}
}

static void test_exit_out_of_range(void)
{
	static const u64 bad[] = {
		256,	   257, 0x1000, 0x100000000ULL, 0x10000000000000ffULL,
		UINT64_MAX};
	u64 x[NREGS], before[NREGS];

	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		fill(x);
		x[0] = MV_EXIT;
		x[1] = bad[i];
		memcpy(before, x, sizeof(x));
		CHECK_EQ_U64(call(x), HC_CONTINUE);
		CHECK_EQ_U64(x[0], R(-2));
		CHECK_EQ_U64(last_status, 0xdeadu);
		CHECK(preserved(before, x, ONLY_X0));
	}
}

/* ---- PSCI ------------------------------------------------------------ */

/* ---- several vCPUs: CPU_ON and AFFINITY_INFO go to the environment
 * (SMC32 forms with 32-bit arguments), CPU_OFF ends one vCPU ---- */

static u64 smp_args[3];
static unsigned smp_calls;

static s64 fake_cpu_on(void *ctx, u64 target, u64 entry, u64 context)
{
	(void)ctx;
	smp_args[0] = target;
	smp_args[1] = entry;
	smp_args[2] = context;
	smp_calls++;
	return target == 7 ? -2 : 0;
}

static s64 fake_affinity(void *ctx, u64 target, u64 level)
{
	(void)ctx;
	smp_args[0] = target;
	smp_args[1] = level;
	smp_calls++;
	return 1; /* OFF */
}

static void test_psci_smp(void)
{
	static const struct hc_env smp = {.write = fc_write,
					  .read = fc_read,
					  .ctx = &fc,
					  .cpu_on = fake_cpu_on,
					  .affinity_info = fake_affinity};
	u64 x[NREGS] = {0};

	x[0] = MV_PSCI_CPU_ON;
	x[1] = 0x100000002ULL;
	x[2] = 0x40001000;
	x[3] = 0xfeed00000000beefULL;
	CHECK_EQ_U64(call_con(x, 0, &smp), HC_CONTINUE);
	CHECK_EQ_U64(x[0], 0);
	CHECK_EQ_U64(smp_args[0], 0x100000002ULL);
	CHECK_EQ_U64(smp_args[2], 0xfeed00000000beefULL);
	/* SMC32: each argument is its W register */
	x[0] = SMC32_CPU_ON;
	x[1] = 0x100000007ULL;
	x[3] = 0xfeed00000000beefULL;
	CHECK_EQ_U64(call_con(x, 0, &smp), HC_CONTINUE);
	CHECK_EQ_U64(x[0], (u64)-2);
	CHECK_EQ_U64(smp_args[0], 7);
	CHECK_EQ_U64(smp_args[2], 0xbeef);
	x[0] = MV_SMC32(MV_PSCI_AFFINITY_INFO);
	x[1] = 0xffffffff00000003ULL;
	x[2] = 0x100000000ULL;
	CHECK_EQ_U64(call_con(x, 0, &smp), HC_CONTINUE);
	CHECK_EQ_U64(x[0], 1);
	CHECK_EQ_U64(smp_args[0], 3);
	CHECK_EQ_U64(smp_args[1], 0);
	CHECK_EQ_U64(smp_calls, 3);
	/* CPU_OFF stops the calling vCPU only; SYSTEM_OFF the guest */
	x[0] = MV_PSCI_CPU_OFF;
	CHECK_EQ_U64(call_con(x, 0, &smp), HC_CPU_OFF);
	x[0] = MV_PSCI_SYSTEM_OFF;
	CHECK_EQ_U64(call_con(x, 0, &smp), HC_POWEROFF);
	/* without the environment's PSCI: the one vCPU, as before */
	x[0] = MV_PSCI_CPU_OFF;
	CHECK_EQ_U64(call(x), HC_POWEROFF);
	CHECK_EQ_U64(smp_calls, 3);
}

static void test_psci_version(void)
{
	u64 x[NREGS], before[NREGS];

	fill(x);
	x[0] = MV_PSCI_VERSION;
	memcpy(before, x, sizeof(x));
	CHECK_EQ_U64(call(x), HC_CONTINUE);
	CHECK_EQ_U64(x[0], 0x10001);
	CHECK_EQ_U64(x[0], MV_PSCI_VERSION_1_1);
	CHECK(preserved(before, x, ONLY_X0));
}

static void test_psci_features(void)
{
	static const u32 not_psci[] = {
		MV_SMCCC_ARCH_FEATURES, MV_HYP_CALL_UID, MV_HYP_REVISION,
		MV_CONSOLE_WRITE,	MV_CONSOLE_READ, MV_EXIT,
	};
	static const u32 psci_absent[] = {0x84000005u, 0x84000007u, 0x8400000bu,
					  0x8400000cu, 0x8400000eu, 0xc4000000u,
					  0xc4000002u, 0xc4000012u};
	u64 r;

	for (unsigned i = 0; i < ARRAY_SIZE(psci_ids); i++) {
		CHECK(features(MV_PSCI_FEATURES, psci_ids[i], &r));
		CHECK_EQ_U64(r, 0);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(not_psci); i++) {
		CHECK(features(MV_PSCI_FEATURES, not_psci[i], &r));
		CHECK_EQ_U64(r, R(-1));
	}
	for (unsigned i = 0; i < ARRAY_SIZE(psci_absent); i++) {
		CHECK(features(MV_PSCI_FEATURES, psci_absent[i], &r));
		CHECK_EQ_U64(r, R(-1));
	}
	/* SMCCC_VERSION is a PSCI feature: PSCI 1.0 says so, and Linux asks
	 * (otherwise it assumes SMCCC 1.0). */
	CHECK(features(MV_PSCI_FEATURES, MV_SMCCC_VERSION, &r));
	CHECK_EQ_U64(r, 0);
	/* PSCI_FEATURES is SMC32: its argument is W1. */
	CHECK(features(MV_PSCI_FEATURES, 0xabcdef0000000000ULL | MV_PSCI_CPU_ON,
		       &r));
	CHECK_EQ_U64(r, 0);
	CHECK(features(MV_PSCI_FEATURES, 0x8400000000000000ULL, &r));
	CHECK_EQ_U64(r, R(-1));
}

static void test_psci_cpu_on(void)
{
	static const struct {
		u32 id;
		u64 mpidr;
		s64 want;
	} t[] = {
		{MV_PSCI_CPU_ON, 0, -4},
		{MV_PSCI_CPU_ON, 1, -2},
		{MV_PSCI_CPU_ON, 0x100, -2},	      /* Aff1 */
		{MV_PSCI_CPU_ON, 0x10000, -2},	      /* Aff2 */
		{MV_PSCI_CPU_ON, 0x100000000ULL, -2}, /* Aff3 */
		{MV_PSCI_CPU_ON, 0xff00000000ULL, -2},
		{SMC32_CPU_ON, 0, -4},
		{SMC32_CPU_ON, 1, -2},
		{SMC32_CPU_ON, 0x100, -2},
		{SMC32_CPU_ON, 0x10000, -2},
		/* SMC32: only W1 is the argument */
		{SMC32_CPU_ON, 0x100000000ULL, -4},
		{SMC32_CPU_ON, 0xffffffff00000000ULL, -4},
		{SMC32_CPU_ON, 0xffffffff00000001ULL, -2},
	};
	u64 x[NREGS], before[NREGS];

	for (unsigned i = 0; i < ARRAY_SIZE(t); i++) {
		fill(x);
		x[0] = t[i].id;
		x[1] = t[i].mpidr;
		x[2] = 0x40080000; /* entry */
		x[3] = 0x1234;	   /* context id */
		memcpy(before, x, sizeof(x));
		CHECK_EQ_U64(call(x), HC_CONTINUE);
		CHECK_EQ_U64(x[0], R(t[i].want));
		CHECK(preserved(before, x, ONLY_X0));
	}
}

static void test_psci_affinity_info(void)
{
	static const struct {
		u32 id;
		u64 mpidr, level;
		s64 want;
	} t[] = {
		{MV_PSCI_AFFINITY_INFO, 0, 0, 0}, /* ON */
		{MV_PSCI_AFFINITY_INFO, 1, 0, -2},
		{MV_PSCI_AFFINITY_INFO, 0x100, 0, -2},
		{MV_PSCI_AFFINITY_INFO, 0x100000000ULL, 0, -2},
		{SMC32_AFFINITY_INFO, 0, 0, 0},
		{SMC32_AFFINITY_INFO, 1, 0, -2},
		{SMC32_AFFINITY_INFO, 0x100000000ULL, 0, 0},
		{SMC32_AFFINITY_INFO, 0xffffffff00000002ULL, 0, -2},
	};
	u64 x[NREGS], before[NREGS];

	for (unsigned i = 0; i < ARRAY_SIZE(t); i++) {
		fill(x);
		x[0] = t[i].id;
		x[1] = t[i].mpidr;
		x[2] = t[i].level;
		memcpy(before, x, sizeof(x));
		CHECK_EQ_U64(call(x), HC_CONTINUE);
		CHECK_EQ_U64(x[0], R(t[i].want));
		CHECK(preserved(before, x, ONLY_X0));
	}
	/* Any answer for a higher level is ON (0) or INVALID_PARAMETERS. */
	for (u64 lvl = 1; lvl <= 3; lvl++) {
		call1(x, MV_PSCI_AFFINITY_INFO, 0, lvl);
		CHECK(x[0] == 0 || x[0] == R(-2));
	}
}

/*
 * The SMC32 convention's arguments are W registers: the upper halves of
 * x1..x7 are not part of the call, so AFFINITY_INFO32 for CPU 0 at level 0
 * is ON whatever bits 63:32 of x2 hold.
 */
static void test_psci_affinity_info_smc32_level_is_w2(void)
{
	u64 x[NREGS];

	call1(x, SMC32_AFFINITY_INFO, 0, 0xffffffff00000000ULL);
	CHECK_EQ_U64(x[0], 0);
	call1(x, SMC32_AFFINITY_INFO, 0xdead00000000ULL, 0x100000000ULL);
	CHECK_EQ_U64(x[0], 0);
	/* SMC64: the full x2 is the level; non-zero upper bits are invalid. */
	call1(x, MV_PSCI_AFFINITY_INFO, 0, 0x100000000ULL);
	CHECK_EQ_U64(x[0], R(-2));
}

static void test_psci_migrate_info_type(void)
{
	u64 x[NREGS], before[NREGS];

	fill(x);
	x[0] = MV_PSCI_MIGRATE_INFO_TYPE;
	memcpy(before, x, sizeof(x));
	CHECK_EQ_U64(call(x), HC_CONTINUE);
	CHECK_EQ_U64(x[0], 2);
	CHECK(preserved(before, x, ONLY_X0));
}

static void test_psci_cpu_suspend(void)
{
	u64 x[NREGS], before[NREGS];

	fill(x);
	x[0] = MV_PSCI_CPU_SUSPEND;
	memcpy(before, x, sizeof(x));
	CHECK_EQ_U64(call(x), HC_CONTINUE);
	CHECK_EQ_U64(x[0], 0);
	CHECK(preserved(before, x, ONLY_X0));
	fill(x);
	x[0] = SMC32_CPU_SUSPEND;
	CHECK_EQ_U64(call(x), HC_CONTINUE);
	CHECK_EQ_U64(x[0], 0);
}

static void test_psci_power(void)
{
	u64 x[NREGS], before[NREGS];

	fill(x);
	x[0] = MV_PSCI_SYSTEM_OFF;
	memcpy(before, x, sizeof(x));
	CHECK_EQ_U64(call(x), HC_POWEROFF);
	CHECK_EQ_U64(last_status, 0);
	CHECK(preserved(before, x, ONLY_X0));

	fill(x);
	x[0] = MV_PSCI_SYSTEM_RESET;
	memcpy(before, x, sizeof(x));
	CHECK_EQ_U64(call(x), HC_RESET);
	CHECK(preserved(before, x, ONLY_X0));

	fill(x);
	x[0] = MV_PSCI_CPU_OFF;
	memcpy(before, x, sizeof(x));
	CHECK_EQ_U64(call(x), HC_POWEROFF);
	CHECK_EQ_U64(last_status, 0);
	CHECK(preserved(before, x, ONLY_X0));

	/* CPU_OFF has no SMC64 form: NOT_SUPPORTED and the guest runs on. */
	CHECK_EQ_U64(call1(x, 0xc4000002u, 0, 0), HC_CONTINUE);
	CHECK_EQ_U64(x[0], R(-1));
	/* Nor SYSTEM_OFF */
	CHECK_EQ_U64(call1(x, 0xc4000008u, 0, 0), HC_CONTINUE);
	CHECK_EQ_U64(x[0], R(-1));
}

/* ---- id handling ----------------------------------------------------- */

static void test_unknown_ids(void)
{
	u64 x[NREGS], before[NREGS];

	for (unsigned i = 0; i < ARRAY_SIZE(unknown_ids); i++) {
		fill(x);
		x[0] = unknown_ids[i];
		memcpy(before, x, sizeof(x));
		fc_reset();
		CHECK_EQ_U64(call(x), HC_CONTINUE);
		CHECK_EQ_U64(x[0], R(-1));
		CHECK(preserved(before, x, ONLY_X0));
		CHECK_EQ_U64(fc.writes + fc.reads, 0);
	}
}

static void test_nonzero_immediate(void)
{
	static const unsigned imms[] = {1, 2, 0x8000, 0xffff};
	u64 x[NREGS], before[NREGS];

	for (unsigned k = 0; k < ARRAY_SIZE(imms); k++) {
		for (unsigned i = 0; i < ARRAY_SIZE(abi_ids); i++) {
			fill(x);
			x[0] = abi_ids[i];
			x[1] = 0;
			x[2] = 0;
			memcpy(before, x, sizeof(x));
			fc_reset();
			fc.in_len = 10;
			CHECK_EQ_U64(call_con(x, imms[k], &con), HC_CONTINUE);
			CHECK_EQ_U64(x[0], R(-1));
			CHECK(preserved(before, x, ONLY_X0));
			CHECK_EQ_U64(last_status, 0xdeadu);
			CHECK_EQ_U64(fc.writes + fc.reads, 0);
		}
	}
}

static void test_upper_x0_ignored(void)
{
	u64 x[NREGS];

	CHECK_EQ_U64(call1(x, 0xdeadbeef00000000ULL | MV_SMCCC_VERSION, 0, 0),
		     HC_CONTINUE);
	CHECK_EQ_U64(x[0], 0x10001);
	CHECK_EQ_U64(call1(x, 0xffffffff00000000ULL | MV_EXIT, 7, 0), HC_EXIT);
	CHECK_EQ_U64(last_status, 7);
	CHECK_EQ_U64(call1(x, 0x100000000ULL | MV_PSCI_SYSTEM_OFF, 0, 0),
		     HC_POWEROFF);
	fc_reset();
	fill(x);
	x[0] = 0x8000000000000000ULL | MV_CONSOLE_WRITE;
	x[1] = 2;
	x[2] = 0x6b6f; /* "ok" */
	CHECK_EQ_U64(call(x), HC_CONTINUE);
	CHECK_EQ_U64(x[0], 2);
	CHECK_EQ_U64(fc.out_len, 2);
	CHECK(memcmp(fc.out, "ok", 2) == 0);
	/* ...and an unknown W0 stays unknown whatever the upper half says. */
	CHECK_EQ_U64(call1(x, ((u64)MV_SMCCC_VERSION << 32) | 0x12u, 0, 0),
		     HC_CONTINUE);
	CHECK_EQ_U64(x[0], R(-1));
}

static void test_yielding_ids(void)
{
	u64 x[NREGS], before[NREGS];

	for (unsigned i = 0; i < ARRAY_SIZE(abi_ids); i++) {
		fill(x);
		x[0] = abi_ids[i] & ~0x80000000u;
		x[1] = 3;
		memcpy(before, x, sizeof(x));
		fc_reset();
		fc.in_len = 5;
		CHECK_EQ_U64(call(x), HC_CONTINUE);
		CHECK_EQ_U64(x[0], R(-1));
		CHECK(preserved(before, x, ONLY_X0));
		CHECK_EQ_U64(fc.writes + fc.reads, 0);
	}
	CHECK_EQ_U64(call1(x, 0, 0, 0), HC_CONTINUE);
	CHECK_EQ_U64(x[0], R(-1));
	CHECK_EQ_U64(call1(x, 0x7fffffffu, 0, 0), HC_CONTINUE);
	CHECK_EQ_U64(x[0], R(-1));
}

/* ---- random sweep ---------------------------------------------------- */

static bool valid_result(u64 r)
{
	return r <= MV_CONSOLE_MAX || r == 0x10001 || r == MV_UID_0 ||
	       r == MV_ABI_MAJOR || r == R(-1) || r == R(-2) || r == R(-4);
}

static void test_random_sweep(void)
{
	u64 x[NREGS], before[NREGS];

	rng_state = 0x9e3779b97f4a7c15ULL;
	for (unsigned it = 0; it < 100000; it++) {
		u64 pick = rnd();
		unsigned imm = (pick & 0xf) ? 0 : (unsigned)(rnd() & 0xffff);
		u32 id;
		enum hc_outcome o;
		u32 may;

		switch ((pick >> 4) & 3) {
		case 0: id = abi_ids[(pick >> 8) % ARRAY_SIZE(abi_ids)]; break;
		case 1:
			/* near an ABI id: same service, other numbers */
			id = (abi_ids[(pick >> 8) % ARRAY_SIZE(abi_ids)] &
			      0xffff0000u) |
			     (u32)(rnd() & 0x1ff);
			break;
		default: id = (u32)rnd(); break;
		}
		for (unsigned i = 0; i < NREGS; i++)
			x[i] = rnd();
		x[0] = (rnd() & 0xffffffff00000000ULL) | id;
		if (pick & 0x10000)
			x[1] = rnd() % 300; /* small arguments too */
		if (pick & 0x20000)
			x[1] = (u32)(id ^ 0x40000000u);
		fc_reset();
		fc.in_len = (unsigned)(rnd() % 120);
		memcpy(before, x, sizeof(x));
		o = call_con(x, imm, &con);

		if (imm == 0 && id == MV_CONSOLE_READ)
			may = X0_TO(6);
		else if (imm == 0 && id == MV_HYP_CALL_UID)
			may = X0_TO(3);
		else if (imm == 0 && id == MV_HYP_REVISION)
			may = X0_TO(1);
		else
			may = ONLY_X0;
		CHECK(preserved(before, x, may));
		CHECK(fc.out_len <= MV_CONSOLE_MAX);
		if (o == HC_CONTINUE) {
			CHECK(valid_result(x[0]));
			if (imm || !hc_implemented(id))
				CHECK_EQ_U64(x[0], R(-1));
		} else {
			CHECK(imm == 0);
			CHECK(o == HC_EXIT || o == HC_POWEROFF ||
			      o == HC_RESET);
			CHECK(last_status <= 255);
			CHECK(hc_implemented(id));
		}
	}
}

/* MV_WATCHDOG: a sign of life, answered with the period; 0 without a
 * watchdog; x1-x3 untouched. */
static void test_watchdog(void)
{
	static const struct hc_env none = {
		.write = fc_write, .read = fc_read, .ctx = &fc};
	u64 x[31];

	pets = 0;
	memset(x, 0x5a, sizeof(x));
	x[0] = MV_WATCHDOG;
	CHECK_EQ_U64(hc_dispatch(x, 0, &con, &last_status), HC_CONTINUE);
	CHECK_EQ_U64(x[0], 30);
	CHECK_EQ_U64(pets, 1);
	CHECK_EQ_U64(x[1], 0x5a5a5a5a5a5a5a5aULL);
	x[0] = MV_WATCHDOG;
	CHECK_EQ_U64(hc_dispatch(x, 0, &none, &last_status), HC_CONTINUE);
	CHECK_EQ_U64(x[0], 0);
	CHECK_EQ_U64(pets, 1);
	x[0] = MV_WATCHDOG;
	CHECK_EQ_U64(hc_dispatch(x, 0, NULL, &last_status), HC_CONTINUE);
	CHECK_EQ_U64(x[0], 0);
}

int main(void)
{
	RUN(test_smccc_version);
	RUN(test_arch_features_implemented);
	RUN(test_arch_features_unknown);
	RUN(test_arch_features_consistent);
	RUN(test_call_uid);
	RUN(test_hyp_revision);
	RUN(test_console_write_lengths);
	RUN(test_console_write_byte_order);
	RUN(test_console_write_too_long);
	RUN(test_console_write_no_backend);
	RUN(test_console_read_0);
	RUN(test_console_read_1);
	RUN(test_console_read_47);
	RUN(test_console_read_48);
	RUN(test_console_read_more);
	RUN(test_console_read_backend_lies);
	RUN(test_console_read_no_backend);
	RUN(test_exit_valid);
	RUN(test_exit_out_of_range);
	RUN(test_psci_version);
	RUN(test_psci_smp);
	RUN(test_psci_features);
	RUN(test_psci_cpu_on);
	RUN(test_psci_affinity_info);
	RUN(test_psci_affinity_info_smc32_level_is_w2);
	RUN(test_psci_migrate_info_type);
	RUN(test_psci_cpu_suspend);
	RUN(test_psci_power);
	RUN(test_unknown_ids);
	RUN(test_nonzero_immediate);
	RUN(test_upper_x0_ignored);
	RUN(test_yielding_ids);
	RUN(test_random_sweep);
	RUN(test_watchdog);
	CHECK_EXIT();
}
