/* images/apps/hostile/calls.c - attacks through the call interface: seeded HVC/SMC fuzzing of every SMCCC, PSCI and MV id, bad exits, bad PSCI targets. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "hostile.h"

/*
 * Every call goes through hostile_call (asm.S), which gives x0..x29 a
 * value and records x0..x30 afterwards, so each answer is checked
 * against docs/abi.md and every register the call must preserve (x4..x29,
 * i.e. everything but the results x0..x3; MV_CONSOLE_READ also returns
 * in x4..x6) is compared. The calls that end the guest are left out of
 * the random loops (attack_psci_end and attack_exit_bad make them on
 * purpose); an MV_EXIT that is drawn gets an out-of-range status, and a
 * PSCI call that ends the guest goes out with a non-zero immediate,
 * which the microvisor must refuse without acting on it.
 */

#define RET(v)		((uint64_t)(int64_t)(v))
#define PSCI_INVALID	(-2)
#define PSCI_ALREADY_ON (-4)

/* Every call kernel/mvabi.h serves (its MV_CALLS list, the first
 * NR_ABI_CALLS entries), then ids that are not calls: the named but
 * unserved MV_HYP_CALL_COUNT and neighbours of the real ids. */
#define CALL_ID(id, name) id,
static const uint32_t abi_ids[] = {MV_CALLS(CALL_ID)
				   /* not calls: */
				   MV_HYP_CALL_COUNT,
				   0x80000002u,
				   0x80008000u,
				   0x8000ffffu,
				   0x8600ff02u,
				   0xc6000000u,
				   0xc6000004u,
				   0xc600ffffu,
				   0x84000005u,
				   0x84000007u,
				   0x8400000bu,
				   0x8400000cu,
				   0x8400000eu,
				   0x84000012u,
				   0xc4000012u,
				   0x84000015u,
				   0xc4000008u,
				   0xc4000009u,
				   0xc4000002u,
				   0x86000000u,
				   0x00000000u,
				   0xffffffffu};
#undef CALL_ID
#define CALL_ONE(id, name) +1
#define NR_ABI_CALLS	   (0 MV_CALLS(CALL_ONE))
#define NR_ABI_IDS	   (sizeof(abi_ids) / sizeof(abi_ids[0]))

/* The ids docs/abi.md says are implemented. */
static bool implemented(uint32_t id)
{
	for (unsigned i = 0; i < NR_ABI_CALLS; i++)
		if (abi_ids[i] == id)
			return true;
	return false;
}

static bool ends_guest(uint32_t id)
{
	return id == MV_PSCI_CPU_OFF || id == MV_PSCI_SYSTEM_OFF ||
	       id == MV_PSCI_SYSTEM_RESET;
}

/* Extreme values first; the rest of the time a random one. */
static uint64_t arg(uint64_t *seed)
{
	static const uint64_t extreme[] = {
		0,
		~0ULL,
		1ULL << 63,
		48,
		49,
		255,
		256,
		1,
		1ULL << 32,
		0xffffffffULL,
		0x100,
		0xff00000000ULL,
		0x80000000ULL,
	};
	uint64_t r = hostile_rand(seed);

	if (r & 1)
		return extreme[(r >> 8) %
			       (sizeof(extreme) / sizeof(extreme[0]))];
	return hostile_rand(seed) >> ((r >> 1) & 63);
}

/* PSCI's MPIDR check: only affinity 0 exists; SMC32 calls pass 32 bits. */
static bool our_cpu(uint32_t id, uint64_t mpidr)
{
	if (!(id & 0x40000000u))
		mpidr &= 0xffffffffu;
	return (mpidr & 0xff00ffffffULL) == 0;
}

/* Argument n of a call: 32 bits for the SMC32 convention. */
static uint64_t argn(uint32_t id, uint64_t v)
{
	return (id & 0x40000000u) ? v : (v & 0xffffffffu);
}

struct fuzz {
	uint64_t calls, abi, random, nonzero_imm, smc, console, wrong,
		clobbered, not_supported, served;
	bool garbage; /* console bytes without a newline yet */
};

static void fuzz_say_line(struct fuzz *f)
{
	if (f->garbage) {
		printf("\n");
		f->garbage = false;
	}
}

/*
 * Checks x0..x3 of one call against docs/abi.md; returns false and says
 * why if the answer is wrong.
 */
static bool check_answer(struct fuzz *f, const uint64_t *in,
			 const uint64_t *out, unsigned conduit)
{
	uint32_t id = (uint32_t)in[0];
	uint64_t want = RET(MV_SMCCC_NOT_SUPPORTED);
	bool ok, check_x0 = true, extra_ok = true;

	if (conduit == CONDUIT_HVC1 || conduit == CONDUIT_HVCFFFF ||
	    conduit == CONDUIT_SMC1) {
		want = RET(MV_SMCCC_NOT_SUPPORTED);
		goto compare;
	}
	switch (id) {
	case MV_SMCCC_VERSION:
	case MV_PSCI_VERSION: want = 0x10001; break;
	case MV_SMCCC_ARCH_FEATURES:
		want = implemented((uint32_t)in[1])
			       ? 0
			       : RET(MV_SMCCC_NOT_SUPPORTED);
		break;
	case MV_HYP_CALL_UID:
		want = MV_UID_0;
		extra_ok = out[1] == MV_UID_1 && out[2] == MV_UID_2 &&
			   out[3] == MV_UID_3;
		break;
	case MV_HYP_REVISION:
		want = MV_ABI_MAJOR;
		extra_ok = out[1] == MV_ABI_MINOR;
		break;
	case MV_CONSOLE_WRITE:
		want = in[1] <= MV_CONSOLE_MAX
			       ? in[1]
			       : RET(MV_SMCCC_INVALID_PARAMETER);
		break;
	case MV_CONSOLE_READ:
		/* Nothing is typed in these tests: 0 bytes, x1..x6 zero. */
		want = 0;
		extra_ok = !out[1] && !out[2] && !out[3] && !out[4] &&
			   !out[5] && !out[6];
		break;
	case MV_EXIT:
		want = RET(MV_SMCCC_INVALID_PARAMETER); /* status > 255 */
		break;
	case MV_PSCI_FEATURES: {
		/* PSCI functions (0x84/0xc4 range) and SMCCC_VERSION are
		 * PSCI features. */
		uint32_t q = (uint32_t)in[1];
		bool psci = (q >> 24) == 0x84 || (q >> 24) == 0xc4 ||
			    q == MV_SMCCC_VERSION;

		want = psci && implemented(q) ? 0 : RET(MV_SMCCC_NOT_SUPPORTED);
		break;
	}
	case MV_PSCI_CPU_SUSPEND:
	case MV_SMC32(MV_PSCI_CPU_SUSPEND): want = 0; break;
	case MV_PSCI_CPU_ON:
	case MV_SMC32(MV_PSCI_CPU_ON):
		want = our_cpu(id, in[1]) ? RET(PSCI_ALREADY_ON)
					  : RET(PSCI_INVALID);
		break;
	case MV_PSCI_AFFINITY_INFO:
	case MV_SMC32(MV_PSCI_AFFINITY_INFO):
		want = our_cpu(id, in[1]) && argn(id, in[2]) == 0
			       ? 0
			       : RET(PSCI_INVALID);
		break;
	case MV_PSCI_MIGRATE_INFO_TYPE:
		want = MV_PSCI_TOS_NOT_PRESENT_MP;
		break;
	default:
		if (implemented(id))
			check_x0 = false; /* never drawn: ends the guest */
		break;
	}
compare:
	ok = (!check_x0 || out[0] == want) && extra_ok;
	if (want == RET(MV_SMCCC_NOT_SUPPORTED) && out[0] == want)
		f->not_supported++;
	else
		f->served++;
	if (!ok && f->wrong < 10) {
		fuzz_say_line(f);
		say("WRONG answer to call %" PRIu64 ": id 0x%08" PRIx32
		    " (x0 0x%" PRIx64 ") conduit %u, x1 0x%" PRIx64
		    " x2 0x%" PRIx64 " -> x0 0x%" PRIx64 " x1 0x%" PRIx64
		    " (expected x0 0x%" PRIx64 ")",
		    f->calls, id, in[0], conduit, in[1], in[2], out[0], out[1],
		    want);
	}
	return ok;
}

static bool check_preserved(struct fuzz *f, const uint64_t *in,
			    const uint64_t *out, unsigned conduit)
{
	bool read = (uint32_t)in[0] == MV_CONSOLE_READ &&
		    (conduit == CONDUIT_HVC0 || conduit == CONDUIT_SMC0);
	bool ok = true;

	for (unsigned r = 4; r < 30; r++) {
		if (read && r <= 6)
			continue; /* MV_CONSOLE_READ results */
		if (out[r] == in[r])
			continue;
		ok = false;
		if (f->clobbered < 10) {
			fuzz_say_line(f);
			say("CLOBBERED x%u by call %" PRIu64 ": id 0x%08" PRIx32
			    " conduit %u: 0x%" PRIx64 " -> 0x%" PRIx64,
			    r, f->calls, (uint32_t)in[0], conduit, in[r],
			    out[r]);
		}
	}
	return ok;
}

/* One call with x0..x29 set up from the seed and the call's id. */
static void fuzz_one(struct fuzz *f, uint64_t *seed, uint64_t x0,
		     unsigned conduit)
{
	uint64_t in[30], out[31];
	uint32_t id = (uint32_t)x0;

	in[0] = x0;
	for (unsigned r = 1; r < 8; r++)
		in[r] = arg(seed);
	for (unsigned r = 8; r < 30; r++)
		in[r] = hostile_rand(seed) ^ ((uint64_t)r << 56);
	if (conduit == CONDUIT_HVC0 || conduit == CONDUIT_SMC0) {
		if (id == MV_EXIT && in[1] <= 255)
			in[1] |= 0x100ULL << (hostile_rand(seed) % 56);
		if (id == MV_CONSOLE_WRITE && in[1] <= MV_CONSOLE_MAX)
			in[1] = MV_CONSOLE_MAX + 1 + (in[1] & 0xff);
	}
	hostile_call(in, out, conduit);
	f->calls++;
	if (conduit == CONDUIT_SMC0 || conduit == CONDUIT_SMC1)
		f->smc++;
	if (conduit == CONDUIT_HVC1 || conduit == CONDUIT_HVCFFFF ||
	    conduit == CONDUIT_SMC1)
		f->nonzero_imm++;
	if (!check_answer(f, in, out, conduit))
		f->wrong++;
	if (!check_preserved(f, in, out, conduit))
		f->clobbered++;
}

/* A console write of 0..8 letters: its answer must be the count. */
static void fuzz_console(struct fuzz *f, uint64_t *seed, unsigned conduit)
{
	uint64_t in[30], out[31], bytes = 0;
	unsigned n = (unsigned)(hostile_rand(seed) % 9);

	for (unsigned i = 0; i < n; i++)
		bytes |= (uint64_t)('a' + hostile_rand(seed) % 26) << (8 * i);
	in[0] = MV_CONSOLE_WRITE;
	in[1] = n;
	in[2] = bytes;
	for (unsigned r = 3; r < 30; r++)
		in[r] = hostile_rand(seed);
	hostile_call(in, out, conduit);
	f->calls++;
	f->console++;
	if (n)
		f->garbage = true;
	if (!check_answer(f, in, out, conduit))
		f->wrong++;
	if (!check_preserved(f, in, out, conduit))
		f->clobbered++;
}

static int fuzz_report(struct fuzz *f, uint64_t seed)
{
	struct mv_smccc_res r = mv_hvc(MV_SMCCC_VERSION, 0, 0, 0, 0, 0, 0, 0);
	bool alive = r.a0 == 0x10001;

	fuzz_say_line(f);
	say("%" PRIu64 " calls (seed 0x%" PRIx64 "): %" PRIu64 " to ABI ids, "
	    "%" PRIu64 " to random ids, %" PRIu64 " over SMC, %" PRIu64
	    " with a non-zero immediate, %" PRIu64 " console writes; %" PRIu64
	    " answered NOT_SUPPORTED, %" PRIu64 " served",
	    f->calls, seed, f->abi, f->random, f->smc, f->nonzero_imm,
	    f->console, f->not_supported, f->served);
	say("%" PRIu64 " wrong answers, %" PRIu64 " calls clobbered registers",
	    f->wrong, f->clobbered);
	say("SMCCC_VERSION afterwards: 0x%" PRIx64 " (%s)", r.a0,
	    alive ? "still answering" : "WRONG");
	return f->wrong || f->clobbered || !alive ? 1 : 0;
}

static int parse_fuzz(int argc, char **argv, uint64_t *seed, uint64_t *n)
{
	if (argc < 2 || hostile_parse_u64(argv[0], seed) ||
	    hostile_parse_u64(argv[1], n) || !*seed) {
		say("need SEED (non-zero) and CALLS");
		return -1;
	}
	return 0;
}

/*
 * hvc-fuzz SEED CALLS: mostly HVC #0, some SMC #0 and non-zero
 * immediates; three ids in four from abi_ids, the rest random (with
 * random upper halves of x0, which the microvisor must ignore); x1..x7
 * extreme or random. Every 64th call is a short console write.
 */
int attack_hvc_fuzz(int argc, char **argv)
{
	static const unsigned conduits[8] = {
		CONDUIT_HVC0, CONDUIT_HVC0, CONDUIT_HVC0,    CONDUIT_HVC0,
		CONDUIT_SMC0, CONDUIT_HVC1, CONDUIT_HVCFFFF, CONDUIT_SMC1,
	};
	struct fuzz f = {0};
	uint64_t seed, s, n;

	if (parse_fuzz(argc, argv, &seed, &n))
		return 2;
	say("%" PRIu64 " calls from seed 0x%" PRIx64, n, seed);
	s = seed;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t r = hostile_rand(&s), x0;
		unsigned conduit = conduits[(r >> 3) & 7];

		if (i % 64 == 63) {
			fuzz_console(&f, &s,
				     conduit & 1 ? CONDUIT_SMC0 : CONDUIT_HVC0);
			continue;
		}
		if ((r & 3) != 0) {
			x0 = abi_ids[(r >> 8) % NR_ABI_IDS];
			f.abi++;
		} else {
			x0 = (uint32_t)(r >> 32);
			f.random++;
		}
		if (r & (1ULL << 20))
			x0 |= hostile_rand(&s) << 32;
		if (ends_guest((uint32_t)x0) &&
		    (conduit == CONDUIT_HVC0 || conduit == CONDUIT_SMC0))
			conduit = conduit == CONDUIT_HVC0 ? CONDUIT_HVC1
							  : CONDUIT_SMC1;
		fuzz_one(&f, &s, x0, conduit);
	}
	return fuzz_report(&f, seed);
}

/*
 * smc-fuzz SEED CALLS: SMC #0 with random ids (random upper halves of x0
 * half the time); one call in sixteen uses an ABI id instead, so the
 * implemented ones must be served over SMC too.
 */
int attack_smc_fuzz(int argc, char **argv)
{
	struct fuzz f = {0};
	uint64_t seed, s, n;

	if (parse_fuzz(argc, argv, &seed, &n))
		return 2;
	say("%" PRIu64 " SMCs from seed 0x%" PRIx64, n, seed);
	s = seed;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t r = hostile_rand(&s), x0;
		unsigned conduit = CONDUIT_SMC0;

		if ((r & 15) == 0) {
			x0 = abi_ids[(r >> 8) % NR_ABI_IDS];
			f.abi++;
		} else {
			x0 = (uint32_t)(r >> 32);
			f.random++;
		}
		if (r & 16)
			x0 |= hostile_rand(&s) << 32;
		if (ends_guest((uint32_t)x0))
			conduit = CONDUIT_SMC1;
		fuzz_one(&f, &s, x0, conduit);
	}
	return fuzz_report(&f, seed);
}

/* A result as a signed SMCCC/PSCI status. */
static int64_t st(uint64_t x0)
{
	return (int64_t)x0;
}

/*
 * MV_EXIT with statuses that do not fit 0..255 (a microvisor that
 * truncated them would exit with 0 or 255): each must come back with
 * INVALID_PARAMETER, over HVC and SMC; MV_EXIT 0 with a non-zero HVC
 * immediate must come back NOT_SUPPORTED. Then a real MV_EXIT 0.
 */
int attack_exit_bad(int argc, char **argv)
{
	static const uint64_t bad[] = {
		256, 1ULL << 32, ~0ULL, 1ULL << 63, 0x100000000ULL | 7,
	};
	unsigned refused = 0, total = 0;
	struct mv_smccc_res r;

	(void)argc;
	(void)argv;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		for (int smc = 0; smc < 2; smc++) {
			r = smc ? mv_smc(MV_EXIT, bad[i], 0, 0, 0, 0, 0, 0)
				: mv_hvc(MV_EXIT, bad[i], 0, 0, 0, 0, 0, 0);
			total++;
			if (st(r.a0) == MV_SMCCC_INVALID_PARAMETER)
				refused++;
			say("MV_EXIT status 0x%" PRIx64
			    " over %s: returned %" PRId64 " (%s)",
			    bad[i], smc ? "SMC" : "HVC", st(r.a0),
			    st(r.a0) == MV_SMCCC_INVALID_PARAMETER
				    ? "INVALID_PARAMETER, as documented"
				    : "WRONG");
		}
	}
	{
		uint64_t in[30] = {MV_EXIT, 0}, out[31];

		hostile_call(in, out, CONDUIT_HVC1);
		total++;
		if (st(out[0]) == MV_SMCCC_NOT_SUPPORTED)
			refused++;
		say("MV_EXIT 0 over HVC #1: returned %" PRId64 " (%s)",
		    st(out[0]),
		    st(out[0]) == MV_SMCCC_NOT_SUPPORTED
			    ? "NOT_SUPPORTED, as documented"
			    : "WRONG");
	}
	say("%u of %u bad exits refused; now MV_EXIT 0", refused, total);
	if (refused != total)
		mv_exit(1);
	mv_exit(0);
}

/*
 * PSCI CPU_ON for CPUs that do not exist (-2), for CPU 0 (-4, it is
 * on), with garbage entry points and contexts; AFFINITY_INFO likewise.
 * The SMC32 forms take 32-bit arguments, so an MPIDR whose only bits
 * are above bit 31 names CPU 0 there.
 */
int attack_psci_cpu_on(int argc, char **argv)
{
	static const struct {
		uint32_t id;
		uint64_t a1, a2, a3;
		int64_t want;
	} calls[] = {
		{MV_PSCI_CPU_ON, 1, 0x40000000, 0, PSCI_INVALID},
		{MV_PSCI_CPU_ON, 0x100, ~0ULL, 1ULL << 63, PSCI_INVALID},
		{MV_PSCI_CPU_ON, 0x10000, 0, ~0ULL, PSCI_INVALID},
		{MV_PSCI_CPU_ON, 0xff00000000ULL, 0x40001000, 0, PSCI_INVALID},
		{MV_PSCI_CPU_ON, ~0ULL, ~0ULL, ~0ULL, PSCI_INVALID},
		{MV_PSCI_CPU_ON, 0, 0x40000000, 0, PSCI_ALREADY_ON},
		{MV_PSCI_CPU_ON, 0, ~0ULL, ~0ULL, PSCI_ALREADY_ON},
		{MV_SMC32(MV_PSCI_CPU_ON), 1, 0x40000000, 0, PSCI_INVALID},
		{MV_SMC32(MV_PSCI_CPU_ON), 0x100, 0, 0, PSCI_INVALID},
		{MV_SMC32(MV_PSCI_CPU_ON), 0, 0x40000000, 0, PSCI_ALREADY_ON},
		{MV_SMC32(MV_PSCI_CPU_ON), 0xff00000000ULL, 0, 0,
		 PSCI_ALREADY_ON},
		{MV_PSCI_AFFINITY_INFO, 0, 0, 0, 0},
		{MV_PSCI_AFFINITY_INFO, 1, 0, 0, PSCI_INVALID},
		{MV_PSCI_AFFINITY_INFO, 0x100, 0, 0, PSCI_INVALID},
		{MV_PSCI_AFFINITY_INFO, 0xff00000000ULL, 0, 0, PSCI_INVALID},
		{MV_PSCI_AFFINITY_INFO, 0, 1, 0, PSCI_INVALID},
		{MV_PSCI_AFFINITY_INFO, 0, ~0ULL, 0, PSCI_INVALID},
		{MV_SMC32(MV_PSCI_AFFINITY_INFO), 0, 0, 0, 0},
		{MV_SMC32(MV_PSCI_AFFINITY_INFO), 1, 0, 0, PSCI_INVALID},
		{MV_SMC32(MV_PSCI_AFFINITY_INFO), 0xff00000000ULL, 0, 0, 0},
	};
	unsigned ok = 0, n = sizeof(calls) / sizeof(calls[0]);

	(void)argc;
	(void)argv;
	for (unsigned i = 0; i < n; i++) {
		struct mv_smccc_res r =
			mv_hvc(calls[i].id, calls[i].a1, calls[i].a2,
			       calls[i].a3, ~0ULL, ~0ULL, ~0ULL, ~0ULL);
		bool good = st(r.a0) == calls[i].want;

		ok += good;
		say("%s (0x%08" PRIx32 ") target 0x%" PRIx64 " arg 0x%" PRIx64
		    ": %" PRId64 " (%s)",
		    (calls[i].id | 0x40000000u) == MV_PSCI_CPU_ON
			    ? "CPU_ON"
			    : "AFFINITY_INFO",
		    calls[i].id, calls[i].a1, calls[i].a2, st(r.a0),
		    good ? "as documented" : "WRONG");
	}
	say("%u of %u answers as documented", ok, n);
	return ok == n ? 0 : 1;
}

/*
 * psci-end off|reset|cpu-off [hvc|smc] [SEED]: the calls that end the
 * guest, with garbage in x1..x7 (they take no arguments): reason
 * poweroff or reset, status 0, whatever the garbage.
 */
int attack_psci_end(int argc, char **argv)
{
	uint64_t in[30], out[31], seed = 0x5eed;
	bool smc = argc > 1 && !strcmp(argv[1], "smc");
	const char *what = argc > 0 ? argv[0] : "";

	if (!strcmp(what, "off"))
		in[0] = MV_PSCI_SYSTEM_OFF;
	else if (!strcmp(what, "reset"))
		in[0] = MV_PSCI_SYSTEM_RESET;
	else if (!strcmp(what, "cpu-off"))
		in[0] = MV_PSCI_CPU_OFF;
	else {
		say("need off, reset or cpu-off");
		return 2;
	}
	if (argc > 2 && hostile_parse_u64(argv[2], &seed))
		return 2;
	in[0] |= 0xdead000000000000ULL; /* the upper half is not the id */
	for (unsigned r = 1; r < 30; r++)
		in[r] = r < 8 ? arg(&seed) | (1ULL << 63) : hostile_rand(&seed);
	say("PSCI %s, x0 = 0x%" PRIx64 ", over %s with x1..x7 = 0x%" PRIx64
	    " 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64
	    " 0x%" PRIx64 " 0x%" PRIx64,
	    what, in[0], smc ? "SMC #0" : "HVC #0", in[1], in[2], in[3], in[4],
	    in[5], in[6], in[7]);
	hostile_call(in, out, smc ? CONDUIT_SMC0 : CONDUIT_HVC0);
	say("the call returned x0 = 0x%" PRIx64 ": the guest was not ended",
	    out[0]);
	return 1;
}

/*
 * cpu-on: PSCI CPU_ON and AFFINITY_INFO with one vCPU per CPU of the
 * device tree (docs/abi.md). Targets that do not exist (Aff0 past the
 * last CPU, Aff1, Aff2 or Aff3 set, all ones) -> INVALID_PARAMETERS;
 * CPU 0, which runs this -> ALREADY_ON. With a second CPU: entries
 * outside guest RAM, or misaligned -> INVALID_ADDRESS, and CPU 1 stays
 * off; CPU 1 started twice in a row -> 0, then ON_PENDING or ALREADY_ON
 * (its entry, hostile_cpu_off_entry, spins a while before CPU_OFF);
 * AFFINITY_INFO says ON or ON_PENDING, then OFF once it turned itself
 * off; started again (also by the SMC32 form) -> 0 and off again. With
 * one CPU, CPU 1 is a target that does not exist.
 */
#define PSCI_ON_PENDING	     (-5)
#define PSCI_INVALID_ADDRESS (-9)
#define CPU_ON_SPINS	     20000000 /* keeps CPU 1 on for a while */

static unsigned cpu_on_ok, cpu_on_total;

static void cpu_on_judge(const char *what, int64_t got, int64_t want,
			 int64_t alt)
{
	bool good = got == want || got == alt;

	cpu_on_total++;
	cpu_on_ok += good;
	if (good)
		say("%s: %" PRId64 " (as documented)", what, got);
	else if (want == alt)
		say("%s: %" PRId64 " (WRONG, expected %" PRId64 ")", what, got,
		    want);
	else
		say("%s: %" PRId64 " (WRONG, expected %" PRId64 " or %" PRId64
		    ")",
		    what, got, want, alt);
}

static int64_t cpu_on(uint32_t id, uint64_t target, uint64_t entry,
		      uint64_t context)
{
	return st(mv_hvc(id, target, entry, context, 0, 0, 0, 0).a0);
}

static void cpu_on_check(uint64_t target, uint64_t entry, int64_t want,
			 int64_t alt)
{
	char what[96];

	snprintf(what, sizeof(what),
		 "CPU_ON target 0x%" PRIx64 " entry 0x%" PRIx64, target, entry);
	cpu_on_judge(what, cpu_on(MV_PSCI_CPU_ON, target, entry, 0), want, alt);
}

static int64_t affinity(uint64_t target)
{
	return st(mv_hvc(MV_PSCI_AFFINITY_INFO, target, 0, 0, 0, 0, 0, 0).a0);
}

static void affinity_check(uint64_t target, int64_t want, int64_t alt)
{
	char what[64];

	snprintf(what, sizeof(what), "AFFINITY_INFO target 0x%" PRIx64, target);
	cpu_on_judge(what, affinity(target), want, alt);
}

/* Polls AFFINITY_INFO until the CPU is off, for at most 5 s. */
static void wait_cpu_off(uint64_t target)
{
	uint64_t deadline = mv_counter() + 5 * mv_counter_freq(), polls = 0;
	int64_t a;
	char what[96];

	while ((a = affinity(target)) != MV_PSCI_AFF_OFF &&
	       mv_counter() < deadline) {
		polls++;
		asm volatile("yield");
	}
	snprintf(what, sizeof(what),
		 "AFFINITY_INFO target 0x%" PRIx64 " once it called CPU_OFF",
		 target);
	cpu_on_judge(what, a, MV_PSCI_AFF_OFF, MV_PSCI_AFF_OFF);
	say("(%" PRIu64 " polls while it was on)", polls);
}

int attack_cpu_on(int argc, char **argv)
{
	const struct mv_boot_info *bi = mv_boot_info();
	uint64_t entry = (uint64_t)(uintptr_t)hostile_cpu_off_entry;
	uint64_t ram_end = bi->ram_base + bi->ram_size;
	unsigned nr = mv_cpu_count();
	const uint64_t bad_targets[] = {
		nr,	 0xff,		 0x100,		  0x101,
		0x10000, 0x100000000ULL, 0xff00000000ULL, ~0ULL,
	};
	const uint64_t bad_entries[] = {
		0x1000,	 bi->ram_base - 4,
		ram_end, 0xfffffffffffcULL, /* the top of a 48-bit IPA space */
		~3ULL,	 entry + 2,	    /* in guest RAM, misaligned */
	};

	(void)argc;
	(void)argv;
	say("%u CPU%s in the device tree; CPU_OFF entry at 0x%" PRIx64, nr,
	    nr == 1 ? "" : "s", entry);
	for (unsigned i = 0; i < sizeof(bad_targets) / sizeof(*bad_targets);
	     i++)
		if (bad_targets[i] >= nr)
			cpu_on_check(bad_targets[i], entry, PSCI_INVALID,
				     PSCI_INVALID);
	cpu_on_check(0, entry, PSCI_ALREADY_ON, PSCI_ALREADY_ON);
	affinity_check(0, MV_PSCI_AFF_ON, MV_PSCI_AFF_ON);
	affinity_check(nr, PSCI_INVALID, PSCI_INVALID);
	affinity_check(0x100, PSCI_INVALID, PSCI_INVALID);

	if (nr < 2) {
		cpu_on_check(1, entry, PSCI_INVALID, PSCI_INVALID);
	} else {
		affinity_check(1, MV_PSCI_AFF_OFF, MV_PSCI_AFF_OFF);
		for (unsigned i = 0;
		     i < sizeof(bad_entries) / sizeof(*bad_entries); i++)
			cpu_on_check(1, bad_entries[i], PSCI_INVALID_ADDRESS,
				     PSCI_INVALID_ADDRESS);
		affinity_check(1, MV_PSCI_AFF_OFF, MV_PSCI_AFF_OFF);

		/* Twice in a row: the second finds it pending or on. */
		cpu_on_judge("CPU_ON target 0x1, first",
			     cpu_on(MV_PSCI_CPU_ON, 1, entry, CPU_ON_SPINS), 0,
			     0);
		cpu_on_judge("CPU_ON target 0x1, at once again",
			     cpu_on(MV_PSCI_CPU_ON, 1, entry, CPU_ON_SPINS),
			     PSCI_ON_PENDING, PSCI_ALREADY_ON);
		affinity_check(1, MV_PSCI_AFF_ON, MV_PSCI_AFF_ON_PENDING);
		wait_cpu_off(1);

		/* Off means it can be started again, by either form. */
		cpu_on_judge("CPU_ON target 0x1 after its CPU_OFF",
			     cpu_on(MV_PSCI_CPU_ON, 1, entry, 0), 0, 0);
		wait_cpu_off(1);
		cpu_on_judge("CPU_ON (SMC32 form) target 0x1",
			     cpu_on(MV_SMC32(MV_PSCI_CPU_ON), 1, entry, 0), 0,
			     0);
		wait_cpu_off(1);
	}
	say("%u of %u answers as documented", cpu_on_ok, cpu_on_total);
	return cpu_on_ok == cpu_on_total ? 0 : 1;
}
