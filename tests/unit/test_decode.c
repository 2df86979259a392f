/* tests/unit/test_decode.c - host tests for the syndrome, MIDR and MMFR0 decoders. */
#include "tests/unit/check.h"
#include "hyp/decode.h"

static char buf[160];

/* Data abort ISS from its fields; isv/sas/srt only matter when isv is 1. */
static u32 dabt(unsigned dfsc, bool wnr, bool isv, unsigned sas, unsigned srt)
{
	return (u32)dfsc | (wnr ? 1U << 6 : 0) | (isv ? 1U << 24 : 0) |
	       (sas << 22) | (srt << 16);
}

static void test_ec_named(void)
{
	CHECK(!strcmp(decode_ec(0x00), "unknown reason"));
	CHECK(!strcmp(decode_ec(0x01), "trapped WFI/WFE"));
	CHECK(!strcmp(decode_ec(0x03), "trapped MCR/MRC (CP15)"));
	CHECK(!strcmp(decode_ec(0x07), "trapped SVE/SIMD/floating-point "
				       "access"));
	CHECK(!strcmp(decode_ec(0x0e), "illegal execution state"));
	CHECK(!strcmp(decode_ec(0x15), "SVC from AArch64"));
	CHECK(!strcmp(decode_ec(0x16), "HVC from AArch64"));
	CHECK(!strcmp(decode_ec(0x17), "SMC from AArch64"));
	CHECK(!strcmp(decode_ec(0x12), "HVC from AArch32"));
	CHECK(!strcmp(decode_ec(0x18), "trapped MSR/MRS/system instruction"));
	CHECK(!strcmp(decode_ec(0x19), "SVE access"));
	CHECK(!strcmp(decode_ec(0x20), "instruction abort from a lower EL"));
	CHECK(!strcmp(decode_ec(0x21), "instruction abort from the current "
				       "EL"));
	CHECK(!strcmp(decode_ec(0x22), "PC alignment fault"));
	CHECK(!strcmp(decode_ec(0x24), "data abort from a lower EL"));
	CHECK(!strcmp(decode_ec(0x25), "data abort from the current EL"));
	CHECK(!strcmp(decode_ec(0x26), "SP alignment fault"));
	CHECK(!strcmp(decode_ec(0x2c), "floating-point exception (AArch64)"));
	CHECK(!strcmp(decode_ec(0x2f), "SError interrupt"));
	CHECK(!strcmp(decode_ec(0x30), "breakpoint from a lower EL"));
	CHECK(!strcmp(decode_ec(0x35), "watchpoint from the current EL"));
	CHECK(!strcmp(decode_ec(0x3c), "BRK instruction (AArch64)"));
}

static void test_ec_reserved(void)
{
	static const unsigned reserved[] = {
		0x02, 0x0b, 0x0f, 0x10, 0x14, 0x23, 0x29, 0x2a, 0x2b,
		0x2e, 0x36, 0x37, 0x39, 0x3b, 0x3e, 0x3f, 0x40, 0xffffffff};
	unsigned i;

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		CHECK(!strcmp(decode_ec(reserved[i]),
			      "reserved exception class"));
}

static void test_ec_all_distinct(void)
{
	unsigned a, b, named = 0;

	for (a = 0; a < 64; a++) {
		const char *na = decode_ec(a);

		CHECK(na && na[0]);
		if (!strcmp(na, "reserved exception class"))
			continue;
		named++;
		for (b = a + 1; b < 64; b++)
			CHECK(strcmp(na, decode_ec(b)) != 0);
	}
	CHECK(named >= 45);
}

static void test_abort_write_with_isv(void)
{
	decode_abort_iss(0x24, dabt(0x07, true, true, 3, 1), buf, sizeof(buf));
	CHECK(!strcmp(buf, "translation fault, level 3; write of 8 bytes "
			   "from x1"));
}

static void test_abort_read_with_isv(void)
{
	decode_abort_iss(0x25, dabt(0x0b, false, true, 2, 5), buf, sizeof(buf));
	CHECK(!strcmp(buf, "access flag fault, level 3; read of 4 bytes into "
			   "x5"));
	decode_abort_iss(0x24, dabt(0x06, false, true, 0, 30), buf,
			 sizeof(buf));
	CHECK(!strcmp(buf, "translation fault, level 2; read of 1 byte into "
			   "x30"));
	decode_abort_iss(0x24, dabt(0x06, true, true, 1, 31), buf, sizeof(buf));
	CHECK(!strcmp(buf, "translation fault, level 2; write of 2 bytes "
			   "from xzr"));
}

static void test_abort_without_isv(void)
{
	/* SAS/SRT bits are noise when ISV is clear */
	decode_abort_iss(0x24, dabt(0x0d, true, false, 3, 9), buf, sizeof(buf));
	CHECK(!strcmp(buf, "permission fault, level 1; write"));
	decode_abort_iss(0x24, dabt(0x00, false, false, 0, 0), buf,
			 sizeof(buf));
	CHECK(!strcmp(buf, "address size fault, level 0; read"));
}

static void test_abort_fault_kinds(void)
{
	static const struct {
		unsigned fsc;
		const char *text;
	} t[] = {
		{0x01, "address size fault, level 1"},
		{0x04, "translation fault, level 0"},
		{0x06, "translation fault, level 2"},
		{0x08, "access flag fault, level 0"},
		{0x0a, "access flag fault, level 2"},
		{0x0c, "permission fault, level 0"},
		{0x0f, "permission fault, level 3"},
		{0x10, "synchronous external abort;"},
		{0x11, "synchronous tag check fault"},
		{0x15, "synchronous external abort on a table walk, level 1"},
		{0x18, "synchronous parity/ECC error;"},
		{0x1e, "parity/ECC error on a table walk, level 2"},
		{0x21, "alignment fault"},
		{0x24, "granule protection fault on a table walk, level 0"},
		{0x28, "granule protection fault;"},
		{0x29, "address size fault, level -1"},
		{0x2b, "translation fault, level -1"},
		{0x2a, "translation fault, level -2"},
		{0x13, "external abort on a table walk, level -1"},
		{0x30, "TLB conflict abort"},
		{0x31, "unsupported atomic hardware update fault"},
		{0x34, "implementation defined fault (lockdown)"},
		{0x20, "reserved fault status 0x20"},
		{0x3f, "reserved fault status 0x3f"},
	};
	unsigned i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		decode_abort_iss(0x25, t[i].fsc, buf, sizeof(buf));
		CHECK_STR_CONTAINS(buf, t[i].text);
	}
}

static void test_abort_flags(void)
{
	decode_abort_iss(0x24, dabt(0x06, false, false, 0, 0) | 1U << 7, buf,
			 sizeof(buf));
	CHECK(!strcmp(buf, "translation fault, level 2; read; during a "
			   "stage-1 table walk"));
	decode_abort_iss(0x24, 0x10 | 1U << 10, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, "FAR not valid");
	/* cache maintenance reports WnR=1 but is not a store */
	decode_abort_iss(0x24, dabt(0x05, true, true, 3, 2) | 1U << 8, buf,
			 sizeof(buf));
	CHECK(!strcmp(buf, "translation fault, level 1; cache maintenance"));
}

static void test_instruction_abort(void)
{
	decode_abort_iss(0x20, 0x06, buf, sizeof(buf));
	CHECK(!strcmp(buf, "translation fault, level 2"));
	decode_abort_iss(0x21, 0x0f | 1U << 7, buf, sizeof(buf));
	CHECK(!strcmp(buf, "permission fault, level 3; during a stage-1 "
			   "table walk"));
	/* WnR/ISV are not defined for instruction aborts */
	decode_abort_iss(0x20, dabt(0x07, true, true, 3, 3), buf, sizeof(buf));
	CHECK(!strcmp(buf, "translation fault, level 3"));
}

static void test_abort_not_abort(void)
{
	decode_abort_iss(0x16, 0x1234, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, "not an abort");
	CHECK_STR_CONTAINS(buf, "0x1234");
}

static void test_abort_truncation(void)
{
	char small[6];

	memset(small, 'x', sizeof(small));
	decode_abort_iss(0x24, dabt(0x07, true, true, 3, 1), small,
			 sizeof(small));
	CHECK(!strcmp(small, "trans"));
	small[0] = 'x';
	decode_abort_iss(0x24, 0x07, small, 1);
	CHECK_EQ_U64(small[0], 0);
	decode_abort_iss(0x24, 0x07, NULL, 0);
}

static void test_midr(void)
{
	decode_midr(0x410fd034, buf, sizeof(buf));
	CHECK(!strcmp(buf, "Arm Cortex-A53 r0p4"));
	decode_midr(0x411fd070, buf, sizeof(buf));
	CHECK(!strcmp(buf, "Arm Cortex-A57 r1p0"));
	decode_midr(0x410fd083, buf, sizeof(buf));
	CHECK(!strcmp(buf, "Arm Cortex-A72 r0p3"));
	decode_midr(0x414fd0c0, buf, sizeof(buf));
	CHECK(!strcmp(buf, "Arm Neoverse-N1 r4p0"));
	decode_midr(0x410fd493, buf, sizeof(buf));
	CHECK(!strcmp(buf, "Arm Neoverse-N2 r0p3"));
	decode_midr(0x410fd401, buf, sizeof(buf));
	CHECK(!strcmp(buf, "Arm Neoverse-V1 r0p1"));
	decode_midr(0x410fd410, buf, sizeof(buf));
	CHECK(!strcmp(buf, "Arm Cortex-A78 r0p0"));
	/* the upper half of MIDR_EL1 is RES0 and ignored */
	decode_midr(0xdeadbeef410fd0b1ULL, buf, sizeof(buf));
	CHECK(!strcmp(buf, "Arm Cortex-A76 r0p1"));
}

static void test_midr_unknown(void)
{
	/* QEMU's "max" CPU */
	decode_midr(0x000f0510, buf, sizeof(buf));
	CHECK(!strcmp(buf, "software (QEMU) part 0x051 r0p0"));
	decode_midr(0x120f3450, buf, sizeof(buf));
	CHECK(!strcmp(buf, "implementer 0x12 part 0x345 r0p0"));
	decode_midr(0x41ffffff, buf, sizeof(buf));
	CHECK(!strcmp(buf, "Arm part 0xfff r15p15"));
	decode_midr(0x518f8002, buf, sizeof(buf));
	CHECK(!strcmp(buf, "Qualcomm part 0x800 r8p2"));
	decode_midr(0x611f0220, buf, sizeof(buf));
	CHECK(!strcmp(buf, "Apple part 0x022 r1p0"));
	decode_midr(0x420f1000, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, "Broadcom");
	decode_midr(0x431f0af1, buf, sizeof(buf));
	CHECK(!strcmp(buf, "Cavium ThunderX2 r1p1"));
}

static void test_midr_truncation(void)
{
	char small[8];

	memset(small, 'x', sizeof(small));
	decode_midr(0x410fd034, small, sizeof(small));
	CHECK(!strcmp(small, "Arm Cor"));
	decode_midr(0x410fd034, NULL, 0);
}

static void test_parange(void)
{
	CHECK_EQ_U64(decode_parange_bits(0), 32);
	CHECK_EQ_U64(decode_parange_bits(1), 36);
	CHECK_EQ_U64(decode_parange_bits(2), 40);
	CHECK_EQ_U64(decode_parange_bits(3), 42);
	CHECK_EQ_U64(decode_parange_bits(4), 44);
	CHECK_EQ_U64(decode_parange_bits(5), 48);
	CHECK_EQ_U64(decode_parange_bits(6), 52);
	CHECK_EQ_U64(decode_parange_bits(7), 0);
	CHECK_EQ_U64(decode_parange_bits(15), 0);
	CHECK_EQ_U64(decode_parange_bits(0x12345), 0);
}

static void test_s1_granules(void)
{
	/* QEMU cortex-a53 / a57: 4K and 64K, no 16K */
	CHECK_EQ_U64(decode_s1_granules(0x0000000000001122ULL), 1 | 4);
	CHECK_EQ_U64(decode_s1_granules(0x0000000000001124ULL), 1 | 4);
	/* neoverse-n1 style: all three */
	CHECK_EQ_U64(decode_s1_granules(0x0000000000101125ULL), 1 | 2 | 4);
	/* TGran4 = 1 and TGran16 = 2: supported with 52-bit addresses */
	CHECK_EQ_U64(decode_s1_granules(0x0000000010200006ULL), 1 | 2 | 4);
	/* 0xF means not implemented; other values are reserved */
	CHECK_EQ_U64(decode_s1_granules(0x00000000ff000000ULL), 0);
	CHECK_EQ_U64(decode_s1_granules(0x00000000f0000000ULL), 4);
	CHECK_EQ_U64(decode_s1_granules(0x000000000f000000ULL), 1);
	CHECK_EQ_U64(decode_s1_granules(0x0000000020300000ULL), 4);
}

static void test_s2_granules(void)
{
	/* all TGranX_2 zero: same as stage 1 */
	CHECK_EQ_U64(decode_s2_granules(0x0000000000001122ULL), 1 | 4);
	CHECK_EQ_U64(decode_s2_granules(0x0000000000101125ULL), 1 | 2 | 4);
	/* TGran4_2 = 1 (no), TGran16_2 = 2 (yes), TGran64_2 = 0 (as s1) */
	CHECK_EQ_U64(decode_s2_granules(0x0000010200001122ULL), 2 | 4);
	/* all three explicitly supported, one with 52 bits, stage 1 none */
	CHECK_EQ_U64(decode_s2_granules(0x00000223ff000000ULL), 1 | 2 | 4);
	/* all three explicitly not supported */
	CHECK_EQ_U64(decode_s2_granules(0x0000011100101125ULL), 0);
	/* QEMU max with FEAT_GTG style fields */
	CHECK_EQ_U64(decode_s2_granules(0x0000022200101126ULL), 1 | 2 | 4);
}

static void test_granules_text(void)
{
	decode_granules(7, buf, sizeof(buf));
	CHECK(!strcmp(buf, "4K 16K 64K"));
	decode_granules(5, buf, sizeof(buf));
	CHECK(!strcmp(buf, "4K 64K"));
	decode_granules(2, buf, sizeof(buf));
	CHECK(!strcmp(buf, "16K"));
	decode_granules(6, buf, sizeof(buf));
	CHECK(!strcmp(buf, "16K 64K"));
	decode_granules(0, buf, sizeof(buf));
	CHECK(!strcmp(buf, "none"));
	decode_granules(8, buf, sizeof(buf));
	CHECK(!strcmp(buf, "none"));
	decode_granules(decode_s1_granules(0x1122), buf, sizeof(buf));
	CHECK(!strcmp(buf, "4K 64K"));
}

static void test_granules_truncation(void)
{
	char small[5];

	memset(small, 'x', sizeof(small));
	decode_granules(7, small, sizeof(small));
	CHECK(!strcmp(small, "4K 1"));
	decode_granules(7, NULL, 0);
}

int main(void)
{
	RUN(test_ec_named);
	RUN(test_ec_reserved);
	RUN(test_ec_all_distinct);
	RUN(test_abort_write_with_isv);
	RUN(test_abort_read_with_isv);
	RUN(test_abort_without_isv);
	RUN(test_abort_fault_kinds);
	RUN(test_abort_flags);
	RUN(test_instruction_abort);
	RUN(test_abort_not_abort);
	RUN(test_abort_truncation);
	RUN(test_midr);
	RUN(test_midr_unknown);
	RUN(test_midr_truncation);
	RUN(test_parange);
	RUN(test_s1_granules);
	RUN(test_s2_granules);
	RUN(test_granules_text);
	RUN(test_granules_truncation);
	CHECK_EXIT();
}
