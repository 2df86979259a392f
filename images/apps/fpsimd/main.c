/* images/apps/fpsimd/main.c - checks that no hypercall or benign exit changes the guest's FP/SIMD, general or EL1 system registers, and that every call answers per the ABI. */
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "mv_guest.h"
#include "fpsimd.h"

/* The layout calls.S works with (offsets in fpsimd.h). */
struct fp_state {
	uint8_t in_v[32][16];
	uint64_t in_gpr[21];
	uint64_t in_fpcr, in_fpsr;
	uint64_t in_sys[SYS_COUNT];
	uint64_t in_x4_7[4];
	uint64_t in_cons;
	uint64_t in_far_st, in_far_val, in_far_ld;
	uint64_t saved_fpcr;
	uint8_t out_v[32][16];
	uint64_t out_gpr[21];
	uint64_t out_fpcr, out_fpsr;
	uint64_t out_sys[SYS_COUNT];
	uint64_t set_fpcr, set_fpsr;
	uint64_t set_sys[SYS_COUNT];
	uint64_t sp_in, sp_out, cnt0, cnt1, far_loaded, far_readback, nrec;
	uint64_t rec[REC_COUNT][8];
};

#define CHECK_OFF(field, off)                                                  \
	_Static_assert(offsetof(struct fp_state, field) == (off), #field)
CHECK_OFF(in_gpr, ST_IN_GPR);
CHECK_OFF(in_fpcr, ST_IN_FPCR);
CHECK_OFF(in_fpsr, ST_IN_FPSR);
CHECK_OFF(in_sys, ST_IN_SYS);
CHECK_OFF(in_x4_7, ST_IN_X4_7);
CHECK_OFF(in_cons, ST_IN_CONS);
CHECK_OFF(in_far_st, ST_IN_FAR_ST);
CHECK_OFF(in_far_val, ST_IN_FAR_VAL);
CHECK_OFF(in_far_ld, ST_IN_FAR_LD);
CHECK_OFF(saved_fpcr, ST_SAVED_FPCR);
CHECK_OFF(out_v, ST_OUT_V);
CHECK_OFF(out_gpr, ST_OUT_GPR);
CHECK_OFF(out_fpcr, ST_OUT_FPCR);
CHECK_OFF(out_fpsr, ST_OUT_FPSR);
CHECK_OFF(out_sys, ST_OUT_SYS);
CHECK_OFF(set_fpcr, ST_SET_FPCR);
CHECK_OFF(set_fpsr, ST_SET_FPSR);
CHECK_OFF(set_sys, ST_SET_SYS);
CHECK_OFF(sp_in, ST_SP_IN);
CHECK_OFF(sp_out, ST_SP_OUT);
CHECK_OFF(cnt0, ST_CNT0);
CHECK_OFF(cnt1, ST_CNT1);
CHECK_OFF(far_loaded, ST_FAR_LOADED);
CHECK_OFF(far_readback, ST_FAR_READBACK);
CHECK_OFF(nrec, ST_NREC);
CHECK_OFF(rec, ST_REC);
_Static_assert(sizeof(struct fp_state) == ST_SIZE, "fp_state size");

/* calls.S cannot include mvabi.h's C-suffixed constants: same values? */
_Static_assert(FID_SMCCC_VERSION == MV_SMCCC_VERSION, "id");
_Static_assert(FID_ARCH_FEATURES == MV_SMCCC_ARCH_FEATURES, "id");
_Static_assert(FID_HYP_CALL_UID == MV_HYP_CALL_UID, "id");
_Static_assert(FID_HYP_REVISION == MV_HYP_REVISION, "id");
_Static_assert(FID_CONSOLE_WRITE == MV_CONSOLE_WRITE, "id");
_Static_assert(FID_CONSOLE_READ == MV_CONSOLE_READ, "id");
_Static_assert(FID_PSCI_VERSION == MV_PSCI_VERSION, "id");
_Static_assert(FID_PSCI_SYSTEM_OFF == MV_PSCI_SYSTEM_OFF, "id");
_Static_assert(FID_PSCI_FEATURES == MV_PSCI_FEATURES, "id");
_Static_assert(FID_MIGRATE_INFO_TYPE == MV_PSCI_MIGRATE_INFO_TYPE, "id");
_Static_assert(FID_CONSOLE_MAX == MV_CONSOLE_MAX, "console size");
_Static_assert(CONS_TEXT_LEN == 48 * 49 / 2, "console text = 0+1+..+48");

void fpsimd_run(struct fp_state *s);

static struct fp_state st __attribute__((aligned(16)));
/* Room past the end: every call loads 48 bytes whatever its length. */
static char cons_text[CONS_TEXT_LEN + MV_CONSOLE_MAX];

static int checks, failures;

__attribute__((format(printf, 3, 4))) static void
report(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (ok) {
		printf("PASS fpsimd: %s\n", name);
		return;
	}
	failures++;
	printf("FAIL fpsimd: %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void fill_patterns(void)
{
	const struct mv_boot_info *bi = mv_boot_info();
	uint64_t seed = 0x243f6a8885a308d3ull, heap;
	int i, l;

	for (i = 0; i < 32; i++) {
		uint64_t w[2] = {xorshift(&seed), xorshift(&seed)};

		memcpy(st.in_v[i], w, 16);
	}
	for (i = 0; i < 21; i++)
		st.in_gpr[i] = 0x0101010101010101ull * (uint64_t)(8 + i) ^
			       0xf00d0000c0de0000ull;
	/* AHP, DN, FZ and round-towards-zero; all cumulative flags and QC. */
	st.in_fpcr = 0x07c00000;
	st.in_fpsr = 0x0800009f;
	st.in_sys[SYS_TPIDR_EL0] = 0x7e7e0000deadbeefull;
	st.in_sys[SYS_TPIDRRO_EL0] = 0x7e7e1111cafef00dull;
	st.in_sys[SYS_TPIDR_EL1] = 0x7e7e2222feedfaceull;
	st.in_sys[SYS_SP_EL0] = 0x0000000041234560ull;
	st.in_sys[SYS_ELR_EL1] = 0x0000000041234568ull;
	st.in_sys[SYS_SPSR_EL1] = 0x200003c5; /* C flag, DAIF, EL1h */
	for (i = 0; i < 4; i++)
		st.in_x4_7[i] = 0xa5a5000000000000ull |
				0x0101010101ull * (uint64_t)(4 + i);

	/* Lines that read as text on the console whatever the cuts. */
	for (l = 0; l < CONS_LINES; l++) {
		char *line = cons_text + l * CONS_LINE_LEN;
		int n = snprintf(line, CONS_LINE_LEN,
				 "fpsimd: console text line %02d/%02d ", l + 1,
				 CONS_LINES);

		memset(line + n, '.', CONS_LINE_LEN - 1 - n);
		line[CONS_LINE_LEN - 1] = '\n';
	}
	memset(cons_text + CONS_TEXT_LEN, '#', MV_CONSOLE_MAX);
	st.in_cons = (uint64_t)(uintptr_t)cons_text;

	/*
	 * Two pages of free heap far from anything touched yet, so each
	 * access is a first touch of its RAM segment for the microvisor.
	 */
	heap = (bi->heap_end - bi->heap_start) / 2;
	st.in_far_st = (bi->heap_end - 0x1000) & ~0xfffull;
	st.in_far_ld = (bi->heap_start + heap) & ~0xfffull;
	st.in_far_val = 0x57a9e2fa13c0ffeeull;
}

static int32_t r32(int rec)
{
	return mv_smccc_status(st.rec[rec][0]);
}

/* x4..x7 of a record equal what calls.S loaded for it. */
static int x4_7_kept(int rec, const uint64_t *want)
{
	return memcmp(&st.rec[rec][4], want, 4 * sizeof(uint64_t)) == 0;
}

static void check_calls(void)
{
	uint64_t *r;
	int i, bad;

	report(st.nrec == REC_COUNT, "all calls returned",
	       "%" PRIu64 " of %d records", st.nrec, REC_COUNT);
	report(r32(REC_SMCCC_VERSION) >= 0x10001, "SMCCC_VERSION >= 1.1",
	       "got 0x%" PRIx64, st.rec[REC_SMCCC_VERSION][0]);
	report(r32(REC_FEAT_WA1) == 0 || r32(REC_FEAT_WA1) == -1,
	       "SMCCC_ARCH_FEATURES(WORKAROUND_1) is 0 or -1", "got 0x%" PRIx64,
	       st.rec[REC_FEAT_WA1][0]);
	report(r32(REC_FEAT_UNKNOWN) == MV_SMCCC_NOT_SUPPORTED,
	       "SMCCC_ARCH_FEATURES(unassigned id) = -1", "got 0x%" PRIx64,
	       st.rec[REC_FEAT_UNKNOWN][0]);
	r = st.rec[REC_UID];
	report(r[0] == MV_UID_0 && r[1] == MV_UID_1 && r[2] == MV_UID_2 &&
		       r[3] == MV_UID_3,
	       "HYP_CALL_UID is the microvisor's",
	       "got %08" PRIx64 " %08" PRIx64 " %08" PRIx64 " %08" PRIx64, r[0],
	       r[1], r[2], r[3]);
	r = st.rec[REC_REVISION];
	report(r[0] == MV_ABI_MAJOR && r[1] == MV_ABI_MINOR,
	       "HYP_REVISION = 1.0", "got %" PRIu64 ".%" PRIu64, r[0], r[1]);

	for (bad = -1, i = 0; i <= MV_CONSOLE_MAX && bad < 0; i++) {
		uint64_t in[4];

		memcpy(in, cons_text + i * (i - 1) / 2 + 16, sizeof(in));
		if (st.rec[REC_WRITE_0 + i][0] != (uint64_t)i ||
		    !x4_7_kept(REC_WRITE_0 + i, in))
			bad = i;
	}
	report(bad < 0, "CONSOLE_WRITE of 0..48 bytes returns n, keeps x4-x7",
	       "n = %d: x0 = 0x%" PRIx64, bad,
	       bad < 0 ? 0 : st.rec[REC_WRITE_0 + bad][0]);
	report(r32(REC_WRITE_49) == MV_SMCCC_INVALID_PARAMETER,
	       "CONSOLE_WRITE of 49 bytes = -2", "got 0x%" PRIx64,
	       st.rec[REC_WRITE_49][0]);
	report(r32(REC_WRITE_HUGE) == MV_SMCCC_INVALID_PARAMETER,
	       "CONSOLE_WRITE of 2^64-1 bytes = -2", "got 0x%" PRIx64,
	       st.rec[REC_WRITE_HUGE][0]);
	report(st.rec[REC_READ][0] <= MV_CONSOLE_MAX &&
		       st.rec[REC_READ][7] == st.in_x4_7[3],
	       "CONSOLE_READ returns 0..48 bytes, keeps x7",
	       "x0 = 0x%" PRIx64 ", x7 = 0x%" PRIx64, st.rec[REC_READ][0],
	       st.rec[REC_READ][7]);

	report(st.rec[REC_PSCI_VERSION][0] == MV_PSCI_VERSION_1_1,
	       "PSCI_VERSION = 1.1", "got 0x%" PRIx64,
	       st.rec[REC_PSCI_VERSION][0]);
	report(r32(REC_PSCI_FEAT_VERSION) == 0,
	       "PSCI_FEATURES(PSCI_VERSION) = 0", "got 0x%" PRIx64,
	       st.rec[REC_PSCI_FEAT_VERSION][0]);
	report(r32(REC_PSCI_FEAT_OFF) == 0, "PSCI_FEATURES(SYSTEM_OFF) = 0",
	       "got 0x%" PRIx64, st.rec[REC_PSCI_FEAT_OFF][0]);
	report(r32(REC_PSCI_FEAT_UNKNOWN) == MV_SMCCC_NOT_SUPPORTED,
	       "PSCI_FEATURES(unassigned id) = -1", "got 0x%" PRIx64,
	       st.rec[REC_PSCI_FEAT_UNKNOWN][0]);
	report(st.rec[REC_MIGRATE_INFO][0] == MV_PSCI_TOS_NOT_PRESENT_MP,
	       "PSCI_MIGRATE_INFO_TYPE = 2", "got 0x%" PRIx64,
	       st.rec[REC_MIGRATE_INFO][0]);
	report(r32(REC_UNKNOWN_HYP) == MV_SMCCC_NOT_SUPPORTED,
	       "unassigned vendor-hyp id = -1", "got 0x%" PRIx64,
	       st.rec[REC_UNKNOWN_HYP][0]);
	report(r32(REC_UNKNOWN_ODD) == MV_SMCCC_NOT_SUPPORTED,
	       "non-fast-call id = -1", "got 0x%" PRIx64,
	       st.rec[REC_UNKNOWN_ODD][0]);
	report(st.rec[REC_SMC_PSCI_VERSION][0] == MV_PSCI_VERSION_1_1,
	       "SMC PSCI_VERSION = 1.1", "got 0x%" PRIx64,
	       st.rec[REC_SMC_PSCI_VERSION][0]);
	report(st.rec[REC_SMC_SMCCC_VERSION][0] == st.rec[REC_SMCCC_VERSION][0],
	       "SMC SMCCC_VERSION = HVC SMCCC_VERSION", "got 0x%" PRIx64,
	       st.rec[REC_SMC_SMCCC_VERSION][0]);
	report(st.rec[REC_FINAL_VERSION][0] == st.rec[REC_SMCCC_VERSION][0],
	       "SMCCC_VERSION unchanged after the benign exits",
	       "got 0x%" PRIx64, st.rec[REC_FINAL_VERSION][0]);

	/* Every call but the console ones had x4-x7 = in_x4_7. */
	for (bad = -1, i = 0; i < REC_COUNT && bad < 0; i++) {
		if (i >= REC_WRITE_0 && i < REC_WRITE_0 + 49)
			continue;
		if (i == REC_READ)
			continue;
		if (!x4_7_kept(i, st.in_x4_7))
			bad = i;
	}
	report(bad < 0, "x4-x7 preserved by every other call",
	       "call #%d: x4 = 0x%" PRIx64, bad, bad < 0 ? 0 : st.rec[bad][4]);
}

static void check_registers(void)
{
	static const char *const sys_name[SYS_COUNT] = {
		"TPIDR_EL0", "TPIDRRO_EL0", "TPIDR_EL1",
		"SP_EL0",    "ELR_EL1",	    "SPSR_EL1",
	};
	int i, bad;

	for (bad = -1, i = 0; i < 32 && bad < 0; i++)
		if (memcmp(st.in_v[i], st.out_v[i], 16))
			bad = i;
	report(bad < 0, "v0-v31 preserved", "v%d changed", bad);
	report(st.out_fpcr == st.set_fpcr && st.set_fpcr != 0, "FPCR preserved",
	       "0x%" PRIx64 " became 0x%" PRIx64, st.set_fpcr, st.out_fpcr);
	report(st.out_fpsr == st.set_fpsr && st.set_fpsr != 0, "FPSR preserved",
	       "0x%" PRIx64 " became 0x%" PRIx64, st.set_fpsr, st.out_fpsr);
	for (bad = -1, i = 0; i < 21 && bad < 0; i++)
		if (st.in_gpr[i] != st.out_gpr[i])
			bad = i;
	report(bad < 0, "x8-x28 preserved",
	       "x%d: 0x%" PRIx64 " became 0x%" PRIx64, bad + 8,
	       bad < 0 ? 0 : st.in_gpr[bad], bad < 0 ? 0 : st.out_gpr[bad]);
	report(st.sp_in == st.sp_out, "SP preserved",
	       "0x%" PRIx64 " became 0x%" PRIx64, st.sp_in, st.sp_out);
	for (bad = -1, i = 0; i < SYS_COUNT && bad < 0; i++)
		if (st.set_sys[i] != st.out_sys[i])
			bad = i;
	report(bad < 0, "EL1 system registers preserved",
	       "%s: 0x%" PRIx64 " became 0x%" PRIx64,
	       bad < 0 ? "" : sys_name[bad], bad < 0 ? 0 : st.set_sys[bad],
	       bad < 0 ? 0 : st.out_sys[bad]);
	report(st.cnt1 >= st.cnt0, "CNTVCT_EL0 does not go backwards",
	       "0x%" PRIx64 " then 0x%" PRIx64, st.cnt0, st.cnt1);
	report(st.far_readback == st.in_far_val,
	       "store to a far RAM page reads back",
	       "at 0x%" PRIx64 ": 0x%" PRIx64, st.in_far_st, st.far_readback);
	report(st.far_loaded == 0, "untouched RAM reads as zero",
	       "at 0x%" PRIx64 ": 0x%" PRIx64, st.in_far_ld, st.far_loaded);
}

int main(void)
{
	fill_patterns();
	printf("fpsimd: patterns in v0-v31, FPCR, FPSR, x8-x28 and EL1 "
	       "system registers; %d calls, WFI, WFE, 2 first touches\n",
	       REC_COUNT);
	/* calls.S writes to the console directly: nothing may be queued. */
	fflush(stdout);
	fpsimd_run(&st);
	check_calls();
	check_registers();
	if (failures) {
		printf("fpsimd: %d of %d checks FAILED\n", failures, checks);
		return 1;
	}
	printf("fpsimd: all %d checks passed\n", checks);
	return 0;
}
