/* tests/unit/test_sysreg.c - host tests of trapped system-register decoding and emulation (kernel/sysreg_emul.c). */
#include "tests/unit/check.h"
#include "kernel/sysreg_emul.h"

/* Independent ISS builder for EC 0x18 (Arm ARM D17.2.37: ISS encoding
 * for an exception from MSR, MRS or System instruction execution). */
static u32 iss_of(unsigned op0, unsigned op1, unsigned crn, unsigned crm,
		  unsigned op2, unsigned rt, bool read)
{
	return (u32)op0 << 20 | (u32)op2 << 17 | (u32)op1 << 14 |
	       (u32)crn << 10 | (u32)rt << 5 | (u32)crm << 1 | (read ? 1 : 0);
}

static struct sysreg_access acc(unsigned op0, unsigned op1, unsigned crn,
				unsigned crm, unsigned op2, bool read)
{
	struct sysreg_access a = {op0, op1, crn, crm, op2, 1, read};

	return a;
}

/* A fake "real" ID register file: distinct values, records the calls. */
static unsigned id_calls, id_last_crm, id_last_op2;
static u64 id_value = ~0ULL;

static u64 fake_read_id(unsigned crm, unsigned op2)
{
	id_calls++;
	id_last_crm = crm;
	id_last_op2 = op2;
	return id_value;
}

/* Nibble 'shift' of v. */
static unsigned field(u64 v, unsigned shift)
{
	return (unsigned)(v >> shift) & 0xf;
}

/* ---- decoding -------------------------------------------------------- */

static void test_decode_known(void)
{
	struct sysreg_access a;

	/* MRS x3, ID_AA64PFR0_EL1 (S3_0_C0_C4_0) */
	sysreg_decode(0x00300069, &a);
	CHECK_EQ_U64(a.op0, 3);
	CHECK_EQ_U64(a.op1, 0);
	CHECK_EQ_U64(a.crn, 0);
	CHECK_EQ_U64(a.crm, 4);
	CHECK_EQ_U64(a.op2, 0);
	CHECK_EQ_U64(a.rt, 3);
	CHECK(a.read);

	/* MSR MDSCR_EL1, x0 (S2_0_C0_C2_2) */
	sysreg_decode(0x00240004, &a);
	CHECK_EQ_U64(a.op0, 2);
	CHECK_EQ_U64(a.op1, 0);
	CHECK_EQ_U64(a.crn, 0);
	CHECK_EQ_U64(a.crm, 2);
	CHECK_EQ_U64(a.op2, 2);
	CHECK_EQ_U64(a.rt, 0);
	CHECK(!a.read);

	/* MSR OSLAR_EL1, x30 (S2_0_C1_C0_4) */
	sysreg_decode(0x002807c0, &a);
	CHECK_EQ_U64(a.op0, 2);
	CHECK_EQ_U64(a.op1, 0);
	CHECK_EQ_U64(a.crn, 1);
	CHECK_EQ_U64(a.crm, 0);
	CHECK_EQ_U64(a.op2, 4);
	CHECK_EQ_U64(a.rt, 30);
	CHECK(!a.read);

	/* MRS xzr, CNTP_CTL_EL0 (S3_3_C14_C2_1) */
	sysreg_decode(0x0032fbe5, &a);
	CHECK_EQ_U64(a.op0, 3);
	CHECK_EQ_U64(a.op1, 3);
	CHECK_EQ_U64(a.crn, 14);
	CHECK_EQ_U64(a.crm, 2);
	CHECK_EQ_U64(a.op2, 1);
	CHECK_EQ_U64(a.rt, 31);
	CHECK(a.read);

	/* DC CISW, x5 (SYS #0, C7, C14, #2) */
	sysreg_decode(0x00141cbc, &a);
	CHECK_EQ_U64(a.op0, 1);
	CHECK_EQ_U64(a.op1, 0);
	CHECK_EQ_U64(a.crn, 7);
	CHECK_EQ_U64(a.crm, 14);
	CHECK_EQ_U64(a.op2, 2);
	CHECK_EQ_U64(a.rt, 5);
	CHECK(!a.read);
}

static void test_decode_all_fields(void)
{
	struct sysreg_access a;

	/* Every field at every value, the others at a moving pattern. */
	for (unsigned v = 0; v < 32; v++) {
		unsigned op0 = v & 3, op1 = v & 7, crn = (v * 3) & 15,
			 crm = (v * 5) & 15, op2 = (v * 7) & 7, rt = v;
		bool rd = v & 1;

		sysreg_decode(iss_of(op0, op1, crn, crm, op2, rt, rd), &a);
		CHECK_EQ_U64(a.op0, op0);
		CHECK_EQ_U64(a.op1, op1);
		CHECK_EQ_U64(a.crn, crn);
		CHECK_EQ_U64(a.crm, crm);
		CHECK_EQ_U64(a.op2, op2);
		CHECK_EQ_U64(a.rt, rt);
		CHECK_EQ_U64(a.read, rd);
	}
	/* All ones, and bits above the ISS ignored */
	sysreg_decode(0x003fffff, &a);
	CHECK(a.op0 == 3 && a.op1 == 7 && a.crn == 15 && a.crm == 15 &&
	      a.op2 == 7 && a.rt == 31 && a.read);
	sysreg_decode(0xffc00000, &a);
	CHECK(a.op0 == 0 && a.op1 == 0 && a.crn == 0 && a.crm == 0 &&
	      a.op2 == 0 && a.rt == 0 && !a.read);
}

/* ---- describe -------------------------------------------------------- */

static void test_describe(void)
{
	struct sysreg_access a;
	char buf[128];

	sysreg_decode(0x00300069, &a);
	sysreg_describe(&a, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, "S3_0_C0_C4_0");
	CHECK_STR_CONTAINS(buf, "ID_AA64PFR0_EL1");
	CHECK_STR_CONTAINS(buf, "MRS");
	CHECK_STR_CONTAINS(buf, "x3");

	sysreg_decode(0x00240004, &a);
	sysreg_describe(&a, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, "S2_0_C0_C2_2");
	CHECK_STR_CONTAINS(buf, "MDSCR_EL1");
	CHECK_STR_CONTAINS(buf, "MSR");

	a = acc(3, 3, 14, 2, 1, true);
	sysreg_describe(&a, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, "S3_3_C14_C2_1");
	CHECK_STR_CONTAINS(buf, "CNTP_CTL_EL0");

	a = acc(2, 0, 1, 1, 4, true);
	sysreg_describe(&a, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, "S2_0_C1_C1_4");
	CHECK_STR_CONTAINS(buf, "OSLSR_EL1");

	a = acc(3, 0, 1, 0, 1, false);
	sysreg_describe(&a, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, "S3_0_C1_C0_1");
	CHECK_STR_CONTAINS(buf, "ACTLR_EL1");

	/* An unnamed register: the generic name only. */
	a = acc(3, 7, 15, 15, 7, false);
	sysreg_describe(&a, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, "S3_7_C15_C15_7");
	CHECK(!strchr(buf, '('));

	/* A SYS instruction */
	sysreg_decode(0x00141cbc, &a);
	sysreg_describe(&a, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, "DC CISW");
	CHECK_STR_CONTAINS(buf, "C7");
	CHECK_STR_CONTAINS(buf, "C14");
}

static void test_describe_truncates(void)
{
	struct sysreg_access a = acc(3, 0, 0, 4, 0, true);
	char buf[16];

	memset(buf, 'x', sizeof(buf));
	sysreg_describe(&a, buf, 8);
	CHECK(memchr(buf, '\0', 8) != NULL);
	CHECK_EQ_U64(buf[8], 'x');
	sysreg_describe(&a, buf, 1);
	CHECK_EQ_U64(buf[0], 0);
}

/* ---- ID registers ---------------------------------------------------- */

static void test_sanitise_pfr0(void)
{
	u64 v = sysreg_sanitise_id(4, 0, 0x1111111111111111ULL);

	CHECK_EQ_U64(field(v, 32), 0); /* SVE */
	CHECK_EQ_U64(field(v, 28), 0); /* RAS */
	CHECK_EQ_U64(field(v, 40), 0); /* MPAM */
	CHECK_EQ_U64(field(v, 44), 0); /* AMU */
	/* EL0..EL3, FP, AdvSIMD, GIC, SEL2, DIT, RME, CSV2, CSV3 */
	CHECK_EQ_U64(v, 0x1111001001111111ULL);
	v = sysreg_sanitise_id(4, 0, ~0ULL);
	CHECK_EQ_U64(v, ~0ULL & ~(0xfULL << 28) & ~(0xfULL << 32) &
				~(0xfULL << 40) & ~(0xfULL << 44));
	CHECK_EQ_U64(sysreg_sanitise_id(4, 0, 0x22), 0x22);
}

static void test_sanitise_pfr1(void)
{
	u64 v = sysreg_sanitise_id(4, 1, ~0ULL);

	CHECK_EQ_U64(field(v, 8), 0);  /* MTE */
	CHECK_EQ_U64(field(v, 24), 0); /* SME */
	CHECK_EQ_U64(v, ~0ULL & ~(0xfULL << 8) & ~(0xfULL << 24));
	/* BT and SSBS pass */
	CHECK_EQ_U64(sysreg_sanitise_id(4, 1, 0x21), 0x21);
	CHECK_EQ_U64(sysreg_sanitise_id(4, 1, 0x1000200), 0);
}

static void test_sanitise_zfr0(void)
{
	CHECK_EQ_U64(sysreg_sanitise_id(4, 4, ~0ULL), 0);
	CHECK_EQ_U64(sysreg_sanitise_id(4, 4, 0x0110110000000011ULL), 0);
}

static void test_sanitise_dfr0(void)
{
	u64 v = sysreg_sanitise_id(5, 0, 0x1111111111111111ULL);

	CHECK_EQ_U64(field(v, 4), 0);  /* TraceVer */
	CHECK_EQ_U64(field(v, 32), 0); /* PMSVer (SPE) */
	CHECK_EQ_U64(field(v, 44), 0); /* TraceBuffer (TRBE) */
	CHECK_EQ_U64(field(v, 0), 1);  /* DebugVer */
	CHECK_EQ_U64(field(v, 8), 1);  /* PMUVer */
	CHECK_EQ_U64(field(v, 12), 1); /* BRPs */
	CHECK_EQ_U64(field(v, 20), 1); /* WRPs */
	CHECK_EQ_U64(field(v, 28), 1); /* CTX_CMPs */
	CHECK_EQ_U64(field(v, 36), 1); /* DoubleLock */
	/* A typical value: Armv8.4 debug, PMUv3p4, 6 BRPs, 4 WRPs, ETM. */
	CHECK_EQ_U64(sysreg_sanitise_id(5, 0, 0x0000000110305419ULL),
		     0x0000000010305409ULL);
}

static void test_sanitise_others_pass(void)
{
	static const struct {
		unsigned crm, op2;
	} regs[] = {{5, 1}, {5, 4}, {5, 5}, {6, 0}, {6, 1}, {6, 2},
		    {7, 0}, {7, 1}, {7, 2}, {1, 0}, {3, 0}};
	static const u64 vals[] = {0, ~0ULL, 0x1111111111111111ULL,
				   0x0123456789abcdefULL};

	for (unsigned i = 0; i < ARRAY_SIZE(regs); i++)
		for (unsigned k = 0; k < ARRAY_SIZE(vals); k++)
			CHECK_EQ_U64(sysreg_sanitise_id(regs[i].crm,
							regs[i].op2, vals[k]),
				     vals[k]);
}

static void test_id_reads(void)
{
	struct sysreg_shadow sh = {0, 0};

	/* Every encoding of the TID3 space is served by read_id and
	 * sanitised, and nothing else is touched. */
	for (unsigned crm = 1; crm <= 7; crm++) {
		for (unsigned op2 = 0; op2 < 8; op2++) {
			struct sysreg_access a = acc(3, 0, 0, crm, op2, true);
			u64 val = 0xabababab;

			id_calls = 0;
			id_value = 0x1111111111111111ULL;
			CHECK_EQ_U64(
				sysreg_emulate(&a, &val, &sh, fake_read_id),
				SYSREG_DONE);
			CHECK_EQ_U64(id_calls, 1);
			CHECK_EQ_U64(id_last_crm, crm);
			CHECK_EQ_U64(id_last_op2, op2);
			CHECK_EQ_U64(val,
				     sysreg_sanitise_id(crm, op2, id_value));
			CHECK_EQ_U64(sh.mdscr_el1, 0);
			CHECK_EQ_U64(sh.oslsr_el1, 0);
		}
	}
	/* Sanitised on the way: PFR0's SVE hidden, ZFR0 zero. */
	{
		struct sysreg_access a = acc(3, 0, 0, 4, 0, true);
		u64 val;

		id_value = 0x0000000100000011ULL; /* SVE, EL0/EL1 AArch64 */
		CHECK_EQ_U64(sysreg_emulate(&a, &val, &sh, fake_read_id),
			     SYSREG_DONE);
		CHECK_EQ_U64(val, 0x11);
		a = acc(3, 0, 0, 4, 4, true);
		id_value = 0x0000000000000011ULL;
		CHECK_EQ_U64(sysreg_emulate(&a, &val, &sh, fake_read_id),
			     SYSREG_DONE);
		CHECK_EQ_U64(val, 0);
	}
}

static void test_id_unallocated_read_zero(void)
{
	static const struct {
		unsigned crm, op2;
	} unalloc[] = {{4, 2}, {4, 3}, {4, 6}, {4, 7}, {5, 2}, {5, 3}, {5, 6},
		       {5, 7}, {6, 3}, {6, 7}, {7, 3}, {7, 5}, {7, 7}};
	struct sysreg_shadow sh = {0, 0};

	id_value = 0; /* the hardware reads them as zero */
	for (unsigned i = 0; i < ARRAY_SIZE(unalloc); i++) {
		struct sysreg_access a =
			acc(3, 0, 0, unalloc[i].crm, unalloc[i].op2, true);
		u64 val = ~0ULL;

		id_calls = 0;
		CHECK_EQ_U64(sysreg_emulate(&a, &val, &sh, fake_read_id),
			     SYSREG_DONE);
		CHECK_EQ_U64(id_calls, 1);
		CHECK_EQ_U64(val, 0);
	}
}

static void test_id_writes_refused(void)
{
	struct sysreg_shadow sh = {0x55, 0x2};

	for (unsigned crm = 1; crm <= 7; crm++) {
		for (unsigned op2 = 0; op2 < 8; op2++) {
			struct sysreg_access a = acc(3, 0, 0, crm, op2, false);
			u64 val = 0x1234;

			id_calls = 0;
			CHECK_EQ_U64(
				sysreg_emulate(&a, &val, &sh, fake_read_id),
				SYSREG_REFUSED);
			CHECK_EQ_U64(id_calls, 0);
			CHECK_EQ_U64(val, 0x1234);
			CHECK_EQ_U64(sh.mdscr_el1, 0x55);
			CHECK_EQ_U64(sh.oslsr_el1, 0x2);
		}
	}
}

/* ---- emulated registers -------------------------------------------- */

static void test_actlr_raz_wi(void)
{
	struct sysreg_shadow sh = {0x7, 0x2};
	struct sysreg_access a = acc(3, 0, 1, 0, 1, true);
	u64 val = ~0ULL;

	CHECK_EQ_U64(sysreg_emulate(&a, &val, &sh, fake_read_id), SYSREG_DONE);
	CHECK_EQ_U64(val, 0);
	a.read = false;
	val = 0xffff;
	CHECK_EQ_U64(sysreg_emulate(&a, &val, &sh, fake_read_id), SYSREG_DONE);
	a.read = true;
	CHECK_EQ_U64(sysreg_emulate(&a, &val, &sh, fake_read_id), SYSREG_DONE);
	CHECK_EQ_U64(val, 0);
	CHECK_EQ_U64(sh.mdscr_el1, 0x7);
	CHECK_EQ_U64(sh.oslsr_el1, 0x2);
}

static void test_mdscr_shadowed(void)
{
	struct sysreg_shadow sh = {0, 0};
	struct sysreg_access w = acc(2, 0, 0, 2, 2, false);
	struct sysreg_access r = acc(2, 0, 0, 2, 2, true);
	u64 val = 0x0000000000009001ULL; /* MDE | KDE | SS */

	CHECK_EQ_U64(sysreg_emulate(&w, &val, &sh, fake_read_id), SYSREG_DONE);
	CHECK_EQ_U64(sh.mdscr_el1, 0x9001);
	val = 0;
	CHECK_EQ_U64(sysreg_emulate(&r, &val, &sh, fake_read_id), SYSREG_DONE);
	CHECK_EQ_U64(val, 0x9001);
	val = ~0ULL;
	CHECK_EQ_U64(sysreg_emulate(&w, &val, &sh, fake_read_id), SYSREG_DONE);
	val = 0;
	CHECK_EQ_U64(sysreg_emulate(&r, &val, &sh, fake_read_id), SYSREG_DONE);
	CHECK(val != 0);
	CHECK_EQ_U64(sh.oslsr_el1, 0);
}

static void test_os_lock(void)
{
	struct sysreg_shadow sh = {0, 0};
	struct sysreg_access oslar = acc(2, 0, 1, 0, 4, false);
	struct sysreg_access oslsr = acc(2, 0, 1, 1, 4, true);
	u64 val;

	/* Unlocked to start; OSLM = 0b10 (bit 3 set, bit 0 clear). */
	CHECK_EQ_U64(sysreg_emulate(&oslsr, &val, &sh, fake_read_id),
		     SYSREG_DONE);
	CHECK_EQ_U64(val & 2, 0);
	CHECK_EQ_U64(val & 9, 8);

	val = 1; /* lock */
	CHECK_EQ_U64(sysreg_emulate(&oslar, &val, &sh, fake_read_id),
		     SYSREG_DONE);
	CHECK_EQ_U64(sysreg_emulate(&oslsr, &val, &sh, fake_read_id),
		     SYSREG_DONE);
	CHECK_EQ_U64(val & 2, 2);
	CHECK_EQ_U64(val & 9, 8);

	val = 0xfffffffffffffffeULL; /* only bit 0 counts: unlock */
	CHECK_EQ_U64(sysreg_emulate(&oslar, &val, &sh, fake_read_id),
		     SYSREG_DONE);
	CHECK_EQ_U64(sysreg_emulate(&oslsr, &val, &sh, fake_read_id),
		     SYSREG_DONE);
	CHECK_EQ_U64(val & 2, 0);
	CHECK_EQ_U64(sh.mdscr_el1, 0);

	/* OSLAR is write-only, OSLSR read-only */
	oslar.read = true;
	CHECK_EQ_U64(sysreg_emulate(&oslar, &val, &sh, fake_read_id),
		     SYSREG_REFUSED);
	oslsr.read = false;
	CHECK_EQ_U64(sysreg_emulate(&oslsr, &val, &sh, fake_read_id),
		     SYSREG_REFUSED);
}

static void test_osdlr_dbgprcr_raz_wi(void)
{
	struct sysreg_shadow sh = {3, 2};
	static const unsigned crms[] = {3, 4};

	for (unsigned i = 0; i < ARRAY_SIZE(crms); i++) {
		struct sysreg_access a = acc(2, 0, 1, crms[i], 4, false);
		u64 val = ~0ULL;

		CHECK_EQ_U64(sysreg_emulate(&a, &val, &sh, fake_read_id),
			     SYSREG_DONE);
		a.read = true;
		CHECK_EQ_U64(sysreg_emulate(&a, &val, &sh, fake_read_id),
			     SYSREG_DONE);
		CHECK_EQ_U64(val, 0);
		CHECK_EQ_U64(sh.mdscr_el1, 3);
		CHECK_EQ_U64(sh.oslsr_el1, 2);
	}
}

static void test_breakpoints_raz_wi(void)
{
	struct sysreg_shadow sh = {1, 2};

	/* DBGBVR<n> (op2 4), DBGBCR<n> (5), DBGWVR<n> (6), DBGWCR<n> (7) */
	for (unsigned n = 0; n < 16; n++) {
		for (unsigned op2 = 4; op2 < 8; op2++) {
			struct sysreg_access a = acc(2, 0, 0, n, op2, false);
			u64 val = 0xffff;

			CHECK_EQ_U64(
				sysreg_emulate(&a, &val, &sh, fake_read_id),
				SYSREG_DONE);
			a.read = true;
			val = 0x5555;
			CHECK_EQ_U64(
				sysreg_emulate(&a, &val, &sh, fake_read_id),
				SYSREG_DONE);
			CHECK_EQ_U64(val, 0);
			CHECK_EQ_U64(sh.mdscr_el1, 1);
			CHECK_EQ_U64(sh.oslsr_el1, 2);
		}
	}
}

static void test_unknown_refused(void)
{
	static const unsigned regs[][5] = {
		{3, 7, 15, 15, 7}, /* IMPLEMENTATION DEFINED (TIDCP) */
		{3, 3, 14, 2, 1},  /* CNTP_CTL_EL0: named, not emulated */
		{3, 3, 14, 2, 2},  /* CNTP_CVAL_EL0 */
		{3, 0, 1, 0, 0},   /* SCTLR_EL1 */
		{3, 1, 0, 4, 0},   /* op1 != 0: not the ID space */
		{3, 0, 1, 4, 0},   /* CRn != 0 */
		{3, 0, 0, 8, 0},   /* past the ID space */
		{2, 0, 0, 2, 0},   /* MDCCINT_EL1 */
		{2, 0, 0, 0, 2},   /* OSDTRRX_EL1 */
		{2, 0, 0, 3, 2},   /* OSDTRTX_EL1 */
		{2, 0, 0, 6, 2},   /* OSECCR_EL1 */
		{2, 0, 0, 0, 3},   /* unallocated, below the bkpt regs */
		{2, 0, 7, 8, 6},   /* DBGCLAIMSET_EL1 */
		{2, 3, 0, 1, 0},   /* MDCCSR_EL0 */
		{2, 0, 1, 2, 4},   /* gap between OSLSR and OSDLR */
		{1, 0, 7, 14, 2},  /* DC CISW: the caller's, not ours */
		{0, 0, 0, 0, 0},
	};
	struct sysreg_shadow sh = {9, 2};

	for (unsigned i = 0; i < ARRAY_SIZE(regs); i++) {
		for (unsigned rd = 0; rd < 2; rd++) {
			struct sysreg_access a =
				acc(regs[i][0], regs[i][1], regs[i][2],
				    regs[i][3], regs[i][4], rd);
			u64 val = 0x77;

			id_calls = 0;
			CHECK_EQ_U64(
				sysreg_emulate(&a, &val, &sh, fake_read_id),
				SYSREG_REFUSED);
			CHECK_EQ_U64(val, 0x77);
			CHECK_EQ_U64(id_calls, 0);
			CHECK_EQ_U64(sh.mdscr_el1, 9);
			CHECK_EQ_U64(sh.oslsr_el1, 2);
		}
	}
}

/* No encoding at all crashes, and a refusal never changes val. */
static void test_all_encodings(void)
{
	struct sysreg_shadow sh = {0, 0};
	unsigned done = 0;

	id_value = 0x1111111111111111ULL;
	for (u32 iss = 0; iss < (1u << 22); iss += 1 + (iss & 0x20)) {
		struct sysreg_access a;
		u64 val = 0x4242;
		char buf[96];

		sysreg_decode(iss, &a);
		sysreg_describe(&a, buf, sizeof(buf));
		CHECK(strlen(buf) < sizeof(buf));
		if (sysreg_emulate(&a, &val, &sh, fake_read_id) == SYSREG_DONE)
			done++;
		else
			CHECK_EQ_U64(val, 0x4242);
	}
	CHECK(done > 0);
}

int main(void)
{
	RUN(test_decode_known);
	RUN(test_decode_all_fields);
	RUN(test_describe);
	RUN(test_describe_truncates);
	RUN(test_sanitise_pfr0);
	RUN(test_sanitise_pfr1);
	RUN(test_sanitise_zfr0);
	RUN(test_sanitise_dfr0);
	RUN(test_sanitise_others_pass);
	RUN(test_id_reads);
	RUN(test_id_unallocated_read_zero);
	RUN(test_id_writes_refused);
	RUN(test_actlr_raz_wi);
	RUN(test_mdscr_shadowed);
	RUN(test_os_lock);
	RUN(test_osdlr_dbgprcr_raz_wi);
	RUN(test_breakpoints_raz_wi);
	RUN(test_unknown_refused);
	RUN(test_all_encodings);
	CHECK_EXIT();
}
