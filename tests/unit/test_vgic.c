/* tests/unit/test_vgic.c - host tests of the guest's virtual GICv3 (kernel/vgic.c) against the GICv3 architecture and docs/abi.md, through its MMIO registers and the list registers it writes. */
#include "tests/unit/check.h"
#include "hyp/fake/fake.h"
#include "hyp/gic.h"
#include "kernel/vgic.h"

#define GICD(off) (VGIC_GICD_IPA + (off))
#define GICR(off) (VGIC_GICR_IPA + (off))
#define SGIF(off) (VGIC_GICR_IPA + 0x10000 + (off)) /* SGI_base frame */

/* Distributor and RD_base registers (GICv3 spec, chapter 12). */
#define GICD_CTLR      0x0000
#define GICD_TYPER     0x0004
#define GICD_IIDR      0x0008
#define GICD_IROUTER   0x6000
#define GICD_PIDR2     0xffe8
#define GICR_CTLR      0x0000
#define GICR_TYPER     0x0008
#define GICR_WAKER     0x0014
#define GICR_PROPBASER 0x0070
#define GICR_PENDBASER 0x0078
#define GICR_PIDR2     0xffe8

/* Per-INTID registers: the same offsets in the distributor (SPIs) and
 * the SGI frame (SGIs and PPIs). */
#define IGROUPR	   0x0080
#define ISENABLER  0x0100
#define ICENABLER  0x0180
#define ISPENDR	   0x0200
#define ICPENDR	   0x0280
#define ISACTIVER  0x0300
#define ICACTIVER  0x0380
#define IPRIORITYR 0x0400
#define ICFGR	   0x0c00

#define CTLR_GRP0 0x1u
#define CTLR_GRP1 0x2u
#define CTLR_ARE  0x10u
#define CTLR_DS	  0x40u

#define WAKER_SLEEP  0x2u
#define WAKER_ASLEEP 0x4u

/* What a read the model forgot to fill would return. */
#define POISON 0x5a5a5a5a5a5a5a5aULL

#define B(n)  (1u << (n))
#define STATE (3ULL << ICH_LR_STATE_SHIFT)

static struct vgic vg;

/* A fresh guest on a board with a GIC, the fake hardware reset. */
static void setup(void)
{
	fake_reset();
	vgic_init(&vg, true);
}

static u64 rd(u64 ipa, unsigned size)
{
	u64 v = POISON;

	vgic_mmio(&vg, ipa, size, false, &v);
	return v;
}

static u64 rd32(u64 ipa)
{
	return rd(ipa, 4);
}

static void wr(u64 ipa, unsigned size, u64 v)
{
	vgic_mmio(&vg, ipa, size, true, &v);
}

static void wr32(u64 ipa, u64 v)
{
	wr(ipa, 4, v);
}

/*
 * What a guest's driver does before it expects interrupts: the group
 * enables, each INTID's group, its enable. Group 1 everywhere, as Linux
 * sets it, unless the test says otherwise.
 */
static void guest_config(u32 ctlr, u32 group1, u32 enable)
{
	wr32(GICD(GICD_CTLR), ctlr);
	wr32(SGIF(IGROUPR), group1);
	wr32(SGIF(ISENABLER), enable);
}

static void set_prio(u32 intid, u8 prio)
{
	wr(SGIF(IPRIORITYR + intid), 1, prio);
}

/* The list register holding intid (state not invalid), or -1. */
static int lr_of(u32 intid)
{
	for (unsigned n = 0; n < ARRAY_SIZE(fake.lr); n++)
		if (ICH_LR_STATE(fake.lr[n]) &&
		    ICH_LR_VINTID(fake.lr[n]) == intid)
			return (int)n;
	return -1;
}

/* List registers in use, over all of them (not only the implemented). */
static unsigned lrs_valid(void)
{
	unsigned c = 0;

	for (unsigned n = 0; n < ARRAY_SIZE(fake.lr); n++)
		if (ICH_LR_STATE(fake.lr[n]))
			c++;
	return c;
}

/* The guest's CPU interface, as the hardware changes the list register:
 * an acknowledge makes the pending interrupt active; a deactivation
 * (EOI with EOImode 0, or DIR) ends it. */
static void guest_ack(int n)
{
	fake.lr[n] = (fake.lr[n] & ~STATE) | ICH_LR_ACTIVE;
}

static void guest_done(int n)
{
	fake.lr[n] = 0;
}

static u64 lr_expect(u32 intid, u8 prio, bool group1, u64 state)
{
	return intid | ((u64)prio << ICH_LR_PRIO_SHIFT) |
	       (group1 ? ICH_LR_GROUP1 : 0) | state;
}

/* ---- identification --------------------------------------------------- */

/* GICD_CTLR: with one security state (DS) and affinity routing (ARE)
 * always on, only the two group enables are the guest's to write. */
static void test_gicd_ctlr(void)
{
	setup();
	CHECK_EQ_U64(rd32(GICD(GICD_CTLR)), CTLR_ARE | CTLR_DS);
	wr32(GICD(GICD_CTLR), CTLR_GRP0 | CTLR_GRP1);
	CHECK_EQ_U64(rd32(GICD(GICD_CTLR)),
		     CTLR_ARE | CTLR_DS | CTLR_GRP0 | CTLR_GRP1);
	/* RWP (31), E1NWF (7) and the rest: not kept, ARE/DS stay one */
	wr32(GICD(GICD_CTLR), 0xffffffff);
	CHECK_EQ_U64(rd32(GICD(GICD_CTLR)),
		     CTLR_ARE | CTLR_DS | CTLR_GRP0 | CTLR_GRP1);
	wr32(GICD(GICD_CTLR), CTLR_GRP1);
	CHECK_EQ_U64(rd32(GICD(GICD_CTLR)), CTLR_ARE | CTLR_DS | CTLR_GRP1);
	wr32(GICD(GICD_CTLR), CTLR_GRP0);
	CHECK_EQ_U64(rd32(GICD(GICD_CTLR)), CTLR_ARE | CTLR_DS | CTLR_GRP0);
	wr32(GICD(GICD_CTLR), 0);
	CHECK_EQ_U64(rd32(GICD(GICD_CTLR)), CTLR_ARE | CTLR_DS);
}

/* GICD_TYPER: 64 INTIDs (ITLinesNumber 1), 10 INTID bits, no LPIs or
 * message-based SPIs, no 1-of-N, a single security state; read-only. */
static void test_gicd_typer(void)
{
	u64 t;

	setup();
	t = rd32(GICD(GICD_TYPER));
	CHECK_EQ_U64(t & 0x1f, 1);	   /* ITLinesNumber */
	CHECK_EQ_U64((t >> 19) & 0x1f, 9); /* IDbits */
	CHECK_EQ_U64(t & B(17), 0);	   /* LPIS */
	CHECK_EQ_U64(t & B(16), 0);	   /* MBIS */
	CHECK_EQ_U64(t & B(8), 0);	   /* ESPI */
	CHECK_EQ_U64(t & B(10), 0);	   /* SecurityExtn: RAZ with DS */
	CHECK(t & B(25));		   /* No1N */
	wr32(GICD(GICD_TYPER), 0);
	CHECK_EQ_U64(rd32(GICD(GICD_TYPER)), t);
	CHECK(rd32(GICD(GICD_IIDR)) != POISON);
}

/* PIDR2.ArchRev: Linux's driver refuses a GIC that is not 3 or 4. */
static void test_pidr2(void)
{
	setup();
	CHECK_EQ_U64(rd32(GICD(GICD_PIDR2)), 0x3b);
	CHECK_EQ_U64((rd32(GICD(GICD_PIDR2)) >> 4) & 0xf, 3);
	CHECK_EQ_U64(rd32(GICR(GICR_PIDR2)), 0x3b);
	CHECK_EQ_U64((rd32(GICR(GICR_PIDR2)) >> 4) & 0xf, 3);
}

/* GICR_TYPER: the only redistributor (Last), affinity 0.0.0.0, processor
 * 0, no LPIs; a 64-bit register a guest may also read as two words. */
static void test_gicr_typer(void)
{
	u64 t;

	setup();
	t = rd(GICR(GICR_TYPER), 8);
	CHECK(t & B(4));		    /* Last */
	CHECK_EQ_U64(t >> 32, 0);	    /* Affinity_Value */
	CHECK_EQ_U64((t >> 8) & 0xffff, 0); /* Processor_Number */
	CHECK_EQ_U64(t & 3, 0);		    /* PLPIS, VLPIS */
	CHECK_EQ_U64(rd32(GICR(GICR_TYPER)), (u32)t);
	CHECK_EQ_U64(rd32(GICR(GICR_TYPER + 4)), t >> 32);
	wr(GICR(GICR_TYPER), 8, 0);
	CHECK_EQ_U64(rd(GICR(GICR_TYPER), 8), t);
}

/* GICR_WAKER: ProcessorSleep resets to one; the driver clears it and
 * waits for ChildrenAsleep to follow, or it spins forever. */
static void test_gicr_waker(void)
{
	setup();
	CHECK_EQ_U64(rd32(GICR(GICR_WAKER)), WAKER_SLEEP | WAKER_ASLEEP);
	wr32(GICR(GICR_WAKER), 0);
	CHECK_EQ_U64(rd32(GICR(GICR_WAKER)), 0);
	wr32(GICR(GICR_WAKER), WAKER_SLEEP);
	CHECK_EQ_U64(rd32(GICR(GICR_WAKER)), WAKER_SLEEP | WAKER_ASLEEP);
	/* ChildrenAsleep is read-only: it follows ProcessorSleep alone */
	wr32(GICR(GICR_WAKER), WAKER_ASLEEP);
	CHECK_EQ_U64(rd32(GICR(GICR_WAKER)), 0);
}

/* No LPIs (docs/abi.md): a guest can never make the GIC write memory, so
 * GICR_CTLR.EnableLPIs and the table addresses keep nothing. */
static void test_gicr_lpi_registers(void)
{
	static const u64 regs[] = {GICR_PROPBASER, GICR_PENDBASER};

	setup();
	wr32(GICR(GICR_CTLR), 0xffffffff);
	CHECK_EQ_U64(rd32(GICR(GICR_CTLR)), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(regs); i++) {
		wr(GICR(regs[i]), 8, 0x0000ffff12345f87ULL);
		CHECK_EQ_U64(rd(GICR(regs[i]), 8), 0);
		wr32(GICR(regs[i]), 0xffffffff);
		wr32(GICR(regs[i] + 4), 0xffffffff);
		CHECK_EQ_U64(rd32(GICR(regs[i])), 0);
		CHECK_EQ_U64(rd32(GICR(regs[i] + 4)), 0);
	}
}

/* ---- the SGI frame ---------------------------------------------------- */

/* A set/clear pair: writing ones sets (or clears) those bits only, and
 * both registers read the state. */
static void test_set_clear_pairs(void)
{
	static const struct {
		u64 set, clear;
	} pairs[] = {{ISENABLER, ICENABLER},
		     {ISPENDR, ICPENDR},
		     {ISACTIVER, ICACTIVER}};

	for (unsigned i = 0; i < ARRAY_SIZE(pairs); i++) {
		u64 s = SGIF(pairs[i].set), c = SGIF(pairs[i].clear);

		setup();
		CHECK_EQ_U64(rd32(s), 0);
		CHECK_EQ_U64(rd32(c), 0);
		wr32(s, 0x00f000f0);
		CHECK_EQ_U64(rd32(s), 0x00f000f0);
		wr32(s, 0x00000003); /* zeros change nothing */
		CHECK_EQ_U64(rd32(s), 0x00f000f3);
		CHECK_EQ_U64(rd32(c), 0x00f000f3);
		wr32(c, 0x00100011);
		CHECK_EQ_U64(rd32(s), 0x00e000e2);
		CHECK_EQ_U64(rd32(c), 0x00e000e2);
		wr32(s, 0xffffffff);
		CHECK_EQ_U64(rd32(s), 0xffffffff);
		wr32(c, 0xffffffff);
		CHECK_EQ_U64(rd32(s), 0);
		/* no physical interrupt was live: none deactivated */
		CHECK_EQ_U64(fake.nr_dirs, 0);
	}
}

static void test_igroupr0(void)
{
	setup();
	CHECK_EQ_U64(rd32(SGIF(IGROUPR)), 0); /* Group 0 at reset */
	wr32(SGIF(IGROUPR), 0xdeadbeef);
	CHECK_EQ_U64(rd32(SGIF(IGROUPR)), 0xdeadbeef);
	wr32(SGIF(IGROUPR), 0);
	CHECK_EQ_U64(rd32(SGIF(IGROUPR)), 0);
}

/* IPRIORITYR: byte- and word-accessible; the unimplemented low-order
 * bits (5 bits kept here) read as zero. */
static void test_ipriorityr(void)
{
	setup();
	CHECK_EQ_U64(rd32(SGIF(IPRIORITYR)), 0);
	wr(SGIF(IPRIORITYR + 5), 1, 0xff);
	CHECK_EQ_U64(rd(SGIF(IPRIORITYR + 5), 1), 0xf8);
	CHECK_EQ_U64(rd32(SGIF(IPRIORITYR + 4)), 0x0000f800);
	wr32(SGIF(IPRIORITYR + 8), 0x12345678);
	CHECK_EQ_U64(rd32(SGIF(IPRIORITYR + 8)), 0x10305078);
	CHECK_EQ_U64(rd(SGIF(IPRIORITYR + 10), 1), 0x30);
	CHECK_EQ_U64(rd(SGIF(IPRIORITYR + 11), 1), 0x10);
	wr32(SGIF(IPRIORITYR + 28), 0xffffffff); /* PPIs 28-31 */
	CHECK_EQ_U64(rd32(SGIF(IPRIORITYR + 28)), 0xf8f8f8f8);
	wr(SGIF(IPRIORITYR + 31), 1, 0x47);
	CHECK_EQ_U64(rd32(SGIF(IPRIORITYR + 28)), 0x40f8f8f8);
	/* every byte of the frame's 32 */
	for (u32 i = 0; i < 32; i++)
		set_prio(i, (u8)(i * 8));
	for (u32 i = 0; i < 32; i++)
		CHECK_EQ_U64(rd(SGIF(IPRIORITYR + i), 1), (i * 8) & 0xf8);
}

/* ICFGR0: SGIs are always edge (0b10 each). ICFGR1: the PPIs' edge bits
 * are writable, but the linked timer (27) stays level: its physical
 * interrupt is, and a deactivation through the list register needs it. */
static void test_icfgr(void)
{
	setup();
	CHECK_EQ_U64(rd32(SGIF(ICFGR)), 0xaaaaaaaa);
	wr32(SGIF(ICFGR), 0);
	CHECK_EQ_U64(rd32(SGIF(ICFGR)), 0xaaaaaaaa);
	wr32(SGIF(ICFGR), 0x55555555);
	CHECK_EQ_U64(rd32(SGIF(ICFGR)), 0xaaaaaaaa);
	CHECK_EQ_U64(rd32(SGIF(ICFGR + 4)), 0); /* PPIs: level at reset */
	wr32(SGIF(ICFGR + 4), 0xffffffff);
	CHECK_EQ_U64(rd32(SGIF(ICFGR + 4)), 0xaaaaaaaa & ~B(2 * 11 + 1));
	wr32(SGIF(ICFGR + 4), 0x55555555); /* the RES0 bits: level again */
	CHECK_EQ_U64(rd32(SGIF(ICFGR + 4)), 0);
	wr32(SGIF(ICFGR + 4), B(2 * 11 + 1)); /* INTID 27 alone */
	CHECK_EQ_U64(rd32(SGIF(ICFGR + 4)), 0);
	wr32(SGIF(ICFGR + 4), B(2 * 4 + 1)); /* INTID 20 alone */
	CHECK_EQ_U64(rd32(SGIF(ICFGR + 4)), B(2 * 4 + 1));
	CHECK_EQ_U64(rd32(SGIF(ICFGR)), 0xaaaaaaaa);
}

/* ---- SPIs and the distributor's private range ------------------------- */

/* No SPI is the guest's yet (docs/abi.md): every SPI register reads zero
 * and keeps nothing, and nothing raises one. */
static void test_spis_not_owned(void)
{
	static const u64 bitregs[] = {
		IGROUPR + 4, ISENABLER + 4, ICENABLER + 4, ISPENDR + 4,
		ICPENDR + 4, ISACTIVER + 4, ICACTIVER + 4};

	setup();
	guest_config(CTLR_GRP0 | CTLR_GRP1, 0xffffffff, 0xffffffff);
	for (unsigned i = 0; i < ARRAY_SIZE(bitregs); i++) {
		wr32(GICD(bitregs[i]), 0xffffffff);
		CHECK_EQ_U64(rd32(GICD(bitregs[i])), 0);
	}
	for (u32 i = 32; i < 64; i += 4) {
		wr32(GICD(IPRIORITYR + i), 0xffffffff);
		CHECK_EQ_U64(rd32(GICD(IPRIORITYR + i)), 0);
		wr(GICD(IPRIORITYR + i + 1), 1, 0xff);
		CHECK_EQ_U64(rd(GICD(IPRIORITYR + i + 1), 1), 0);
	}
	for (u64 r = 8; r < 16; r += 4) {
		wr32(GICD(ICFGR + r), 0xaaaaaaaa);
		CHECK_EQ_U64(rd32(GICD(ICFGR + r)), 0);
	}
	for (u32 i = 32; i < 64; i++) {
		u64 r = GICD(GICD_IROUTER + 8 * i);

		wr(r, 8, 0x000000ff00010203ULL);
		CHECK_EQ_U64(rd(r, 8), 0);
		wr32(r, 0x01020304);
		wr32(r + 4, 0xff);
		CHECK_EQ_U64(rd32(r), 0);
		CHECK_EQ_U64(rd32(r + 4), 0);
	}
	for (u32 i = 32; i < 64; i++) {
		vgic_inject(&vg, i);
		vgic_set_level(&vg, i, true);
	}
	/* out of range altogether */
	vgic_inject(&vg, 64);
	vgic_inject(&vg, 1023);
	vgic_inject(&vg, 0xffffffff);
	vgic_set_level(&vg, 64, true);
	vgic_set_level(&vg, 0xffffffff, true);
	CHECK_EQ_U64(rd32(GICD(ISPENDR + 4)), 0);
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 0);
	CHECK_EQ_U64(fake.ich_hcr, ICH_HCR_EN);
}

/* With affinity routing, INTIDs 0-31 are the redistributor's: the
 * distributor's registers for them are RES0 and must not reach it. */
static void test_distributor_private_ignored(void)
{
	static const u64 regs[] = {IGROUPR, ISENABLER, ISPENDR, ISACTIVER,
				   ICFGR + 4};

	setup();
	for (unsigned i = 0; i < ARRAY_SIZE(regs); i++) {
		wr32(GICD(regs[i]), 0xffffffff);
		CHECK_EQ_U64(rd32(GICD(regs[i])), 0);
	}
	for (u32 i = 0; i < 32; i += 4) {
		wr32(GICD(IPRIORITYR + i), 0xffffffff);
		wr(GICD(IPRIORITYR + i + 2), 1, 0xff);
		CHECK_EQ_U64(rd32(GICD(IPRIORITYR + i)), 0);
	}
	for (u32 i = 0; i < 32; i++) {
		wr(GICD(GICD_IROUTER + 8 * i), 8, 0xff);
		CHECK_EQ_U64(rd(GICD(GICD_IROUTER + 8 * i), 8), 0);
	}
	CHECK_EQ_U64(rd32(SGIF(IGROUPR)), 0);
	CHECK_EQ_U64(rd32(SGIF(ISENABLER)), 0);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), 0);
	CHECK_EQ_U64(rd32(SGIF(ISACTIVER)), 0);
	CHECK_EQ_U64(rd32(SGIF(ICFGR + 4)), 0);
	for (u32 i = 0; i < 32; i += 4)
		CHECK_EQ_U64(rd32(SGIF(IPRIORITYR + i)), 0);
	/* clears through the distributor do not reach it either */
	guest_config(CTLR_GRP1, 0xffffffff, 0xffffffff);
	wr32(GICD(ICENABLER), 0xffffffff);
	CHECK_EQ_U64(rd32(SGIF(ISENABLER)), 0xffffffff);
}

/* ---- accesses the model does not take --------------------------------- */

/* Wrong sizes, misaligned addresses and registers the model does not
 * have: zero on a read, no effect on a write, counted, never a crash. */
static void test_bad_accesses(void)
{
	static const struct {
		u64 ipa;
		unsigned size;
	} bad[] = {
		{GICD(GICD_CTLR + 2), 4},  /* misaligned */
		{GICD(GICD_CTLR + 1), 1},  /* the wrong size */
		{GICD(GICD_CTLR), 2},	   /* the wrong size */
		{GICD(GICD_CTLR), 8},	   /* the wrong size */
		{GICD(GICD_TYPER), 2},	   /* the wrong size */
		{GICD(GICD_CTLR), 0},	   /* not an access size */
		{GICD(GICD_CTLR), 3},	   /* not an access size */
		{GICD(GICD_CTLR), 16},	   /* not an access size */
		{GICD(0x0010), 4},	   /* GICD_STATUSR */
		{GICD(0x0040), 4},	   /* GICD_SETSPI_NSR */
		{GICD(0x0f00), 4},	   /* GICD_SGIR: RES0 with ARE */
		{GICD(0x8000), 4},	   /* nothing */
		{GICD(0xff00), 8},	   /* nothing */
		{GICR(GICR_TYPER + 1), 4}, /* misaligned */
		{GICR(GICR_TYPER + 4), 8}, /* misaligned */
		{GICR(GICR_TYPER), 2},	   /* the wrong size */
		{GICR(GICR_WAKER), 1},	   /* the wrong size */
		{GICR(GICR_WAKER + 2), 2}, /* the wrong size */
		{GICR(0x0010), 4},	   /* GICR_STATUSR */
		{GICR(0x0040), 8},	   /* GICR_SETLPIR */
		{GICR(0x00a0), 8},	   /* GICR_INVLPIR */
		{GICR(0x1000), 4},	   /* nothing */
		{SGIF(0x0000), 4},	   /* nothing */
		{SGIF(ISENABLER + 1), 1},  /* the wrong size */
		{SGIF(ISENABLER), 2},	   /* the wrong size */
		{SGIF(ISENABLER), 8},	   /* the wrong size */
		{SGIF(ISENABLER + 2), 4},  /* misaligned */
		{SGIF(ISENABLER + 4), 4},  /* INTIDs 32-63: not the frame's */
		{SGIF(IPRIORITYR + 2), 2}, /* the wrong size */
		{SGIF(IPRIORITYR), 8},	   /* the wrong size */
		{SGIF(IPRIORITYR + 1), 4}, /* misaligned */
		{SGIF(ICFGR), 1},	   /* the wrong size */
		{SGIF(ICFGR + 8), 4},	   /* ICFGR2: not the frame's */
		{SGIF(0x0d00), 4},	   /* GICR_IGRPMODR0 */
		{SGIF(0x0e00), 4},	   /* GICR_NSACR */
		{SGIF(0x8000), 4},	   /* nothing */
	};
	u64 before;

	setup();
	before = vg.ignored;
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK_EQ_U64(rd(bad[i].ipa, bad[i].size), 0);
		wr(bad[i].ipa, bad[i].size, ~0ULL);
	}
	CHECK_EQ_U64(vg.ignored - before, 2 * ARRAY_SIZE(bad));
	/* none of those writes changed a register */
	CHECK_EQ_U64(rd32(GICD(GICD_CTLR)), CTLR_ARE | CTLR_DS);
	CHECK_EQ_U64(rd32(GICR(GICR_WAKER)), WAKER_SLEEP | WAKER_ASLEEP);
	CHECK_EQ_U64(rd32(SGIF(ISENABLER)), 0);
	CHECK_EQ_U64(rd32(SGIF(IPRIORITYR)), 0);
	CHECK_EQ_U64(rd32(SGIF(ICFGR + 4)), 0);
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 0);
}

/* ---- delivery --------------------------------------------------------- */

/* An enabled SGI in an enabled group: one list register, pending, with
 * its priority (as many bits as the interface keeps) and its group. */
static void test_deliver_one(void)
{
	int n;

	setup();
	guest_config(CTLR_GRP1, B(3), B(3));
	set_prio(3, 0x48);
	vgic_inject(&vg, 3);
	vgic_flush(&vg);
	n = lr_of(3);
	CHECK(n >= 0);
	CHECK_EQ_U64(fake.lr[n], lr_expect(3, 0x48, true, ICH_LR_PENDING));
	CHECK_EQ_U64(lrs_valid(), 1);
	CHECK_EQ_U64(fake.ich_hcr, ICH_HCR_EN);

	/* Group 0, priority 0xff: the low bits dropped, no Group 1 bit */
	setup();
	guest_config(CTLR_GRP0 | CTLR_GRP1, 0, B(4));
	set_prio(4, 0xff);
	vgic_inject(&vg, 4);
	vgic_flush(&vg);
	n = lr_of(4);
	CHECK(n >= 0);
	CHECK_EQ_U64(fake.lr[n], lr_expect(4, 0xf8, false, ICH_LR_PENDING));
	CHECK_EQ_U64(lrs_valid(), 1);
}

/* A disabled interrupt is not forwarded, but it stays pending, and is
 * delivered once enabled; disabling one in a list register takes it out. */
static void test_disabled_not_delivered(void)
{
	setup();
	guest_config(CTLR_GRP0 | CTLR_GRP1, 0xffffffff, 0);
	vgic_inject(&vg, 5);
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 0);
	CHECK_EQ_U64(fake.ich_hcr, ICH_HCR_EN);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), B(5));
	wr32(SGIF(ISENABLER), B(5));
	vgic_flush(&vg);
	CHECK(lr_of(5) >= 0);
	wr32(SGIF(ICENABLER), B(5));
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 0);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), B(5));
}

/* GICD_CTLR's group enables gate forwarding per group. */
static void test_group_disabled_not_delivered(void)
{
	setup();
	guest_config(CTLR_GRP0, B(6), B(6) | B(7)); /* 6: Group 1, 7: 0 */
	vgic_inject(&vg, 6);
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 0);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), B(6));
	wr32(GICD(GICD_CTLR), CTLR_GRP1);
	vgic_flush(&vg);
	CHECK(lr_of(6) >= 0);
	vgic_inject(&vg, 7);
	vgic_flush(&vg);
	CHECK(lr_of(7) < 0);
	CHECK(rd32(SGIF(ISPENDR)) & B(7));
	wr32(GICD(GICD_CTLR), CTLR_GRP0 | CTLR_GRP1);
	vgic_flush(&vg);
	CHECK(lr_of(6) >= 0);
	CHECK(lr_of(7) >= 0);
	/* Group 1 off while 6 waits in a list register: out it goes */
	wr32(GICD(GICD_CTLR), CTLR_GRP0);
	vgic_flush(&vg);
	CHECK(lr_of(6) < 0);
	CHECK(lr_of(7) >= 0);
}

/* More pending than list registers: the best priorities go in (equal
 * ones by INTID), and ICH_HCR.UIE asks for a maintenance interrupt once
 * the guest has drained them, when the rest follow. */
static void test_overflow_best_four(void)
{
	static const u8 prio[8] = {0x80, 0x40, 0x40, 0xc0,
				   0x40, 0x20, 0x40, 0x40};

	setup();
	guest_config(CTLR_GRP1, 0xff, 0xff);
	for (u32 i = 0; i < 8; i++) {
		set_prio(i, prio[i]);
		vgic_inject(&vg, i);
	}
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 4);
	CHECK(lr_of(5) >= 0);
	CHECK(lr_of(1) >= 0);
	CHECK(lr_of(2) >= 0);
	CHECK(lr_of(4) >= 0);
	CHECK_EQ_U64(fake.ich_hcr, ICH_HCR_EN | ICH_HCR_UIE);
	for (u32 i = 0; i < 8; i++) {
		int n = lr_of(i);

		if (n >= 0)
			CHECK_EQ_U64(fake.lr[n], lr_expect(i, prio[i], true,
							   ICH_LR_PENDING));
	}
	/* the guest takes and ends all four; the underflow arrives */
	for (unsigned n = 0; n < 4; n++)
		guest_done((int)n);
	vgic_maintenance(&vg);
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 4);
	CHECK(lr_of(0) >= 0);
	CHECK(lr_of(3) >= 0);
	CHECK(lr_of(6) >= 0);
	CHECK(lr_of(7) >= 0);
	CHECK_EQ_U64(fake.ich_hcr, ICH_HCR_EN);
	for (unsigned n = 0; n < 4; n++)
		guest_done((int)n);
	vgic_maintenance(&vg);
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 0);
	CHECK_EQ_U64(fake.ich_hcr, ICH_HCR_EN);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), 0);
}

/* Active interrupts keep their list registers ahead of better pending
 * ones: only there can the guest deactivate them, even disabled. */
static void test_active_first(void)
{
	int n;

	setup();
	guest_config(CTLR_GRP1, 0xff, 0xff);
	for (u32 i = 0; i < 6; i++)
		set_prio(i, 0x10);
	set_prio(7, 0xf0);
	wr32(SGIF(ISACTIVER), B(7));
	for (u32 i = 0; i < 6; i++)
		vgic_inject(&vg, i);
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 4);
	n = lr_of(7);
	CHECK(n >= 0);
	CHECK_EQ_U64(fake.lr[n], lr_expect(7, 0xf0, true, ICH_LR_ACTIVE));
	CHECK(lr_of(0) >= 0 && lr_of(1) >= 0 && lr_of(2) >= 0);
	CHECK(fake.ich_hcr & ICH_HCR_UIE);

	/* disabled, it stays: the guest still has to end it */
	wr32(SGIF(ICENABLER), B(7));
	vgic_flush(&vg);
	n = lr_of(7);
	CHECK(n >= 0);
	CHECK_EQ_U64(ICH_LR_STATE(fake.lr[n]), 2);

	/* the guest deactivates it: gone, and a pending one takes its place */
	guest_done(n);
	vgic_maintenance(&vg);
	CHECK_EQ_U64(rd32(SGIF(ISACTIVER)), 0);
	vgic_flush(&vg);
	CHECK(lr_of(7) < 0);
	CHECK_EQ_U64(lrs_valid(), 4);
	for (u32 i = 0; i < 4; i++)
		CHECK(lr_of(i) >= 0);
	CHECK(fake.ich_hcr & ICH_HCR_UIE);

	/* more active than list registers: four in, the fifth after one ends */
	setup();
	guest_config(CTLR_GRP1, 0xff, 0xff);
	wr32(SGIF(ISACTIVER), 0x1f);
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 4);
	CHECK(fake.ich_hcr & ICH_HCR_UIE);
	for (unsigned k = 0; k < 4; k++)
		CHECK_EQ_U64(ICH_LR_STATE(fake.lr[k]), 2);
	n = lr_of(0);
	CHECK(n >= 0);
	guest_done(n);
	vgic_maintenance(&vg);
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 4);
	CHECK(lr_of(0) < 0);
	CHECK(lr_of(4) >= 0);
	CHECK_EQ_U64(fake.ich_hcr, ICH_HCR_EN);
}

/* Acknowledge then EOI, as the guest's CPU interface does it: active
 * while the guest handles it, nothing once it has ended it. */
static void test_ack_and_eoi(void)
{
	int n;

	setup();
	guest_config(CTLR_GRP1, B(3), B(3));
	vgic_inject(&vg, 3);
	vgic_flush(&vg);
	n = lr_of(3);
	CHECK(n >= 0);
	guest_ack(n);
	/* reading the state folds the list registers first */
	CHECK_EQ_U64(rd32(SGIF(ISACTIVER)), B(3));
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), 0);
	vgic_flush(&vg);
	n = lr_of(3);
	CHECK(n >= 0);
	CHECK_EQ_U64(fake.lr[n], lr_expect(3, 0, true, ICH_LR_ACTIVE));
	/* the same SGI again while active: active and pending */
	vgic_inject(&vg, 3);
	vgic_flush(&vg);
	n = lr_of(3);
	CHECK(n >= 0);
	CHECK_EQ_U64(ICH_LR_STATE(fake.lr[n]), 3);
	/* deactivated: pending remains (the hardware leaves state 01) */
	fake.lr[n] &= ~ICH_LR_ACTIVE;
	vgic_fold(&vg);
	CHECK_EQ_U64(rd32(SGIF(ISACTIVER)), 0);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), B(3));
	vgic_flush(&vg);
	n = lr_of(3);
	CHECK(n >= 0);
	guest_ack(n);
	vgic_fold(&vg);
	vgic_flush(&vg);
	n = lr_of(3);
	CHECK(n >= 0);
	guest_done(n);
	vgic_fold(&vg);
	CHECK_EQ_U64(rd32(SGIF(ISACTIVER)), 0);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), 0);
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 0);
	CHECK_EQ_U64(fake.ich_hcr, ICH_HCR_EN);
}

/* ICPENDR and ICACTIVER act on an interrupt even while a list register
 * holds it: the model folds before it changes anything. */
static void test_clear_while_in_lr(void)
{
	int n;

	setup();
	guest_config(CTLR_GRP1, 0xffff, 0xffff);
	vgic_inject(&vg, 3);
	vgic_flush(&vg);
	CHECK(lr_of(3) >= 0);
	wr32(SGIF(ICPENDR), B(3));
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), 0);
	vgic_flush(&vg);
	CHECK(lr_of(3) < 0);

	vgic_inject(&vg, 9);
	vgic_flush(&vg);
	n = lr_of(9);
	CHECK(n >= 0);
	guest_ack(n);
	wr32(SGIF(ICACTIVER), B(9));
	CHECK_EQ_U64(rd32(SGIF(ISACTIVER)), 0);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), 0);
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 0);

	/* and set: ISPENDR on one the guest holds active */
	vgic_inject(&vg, 10);
	vgic_flush(&vg);
	n = lr_of(10);
	CHECK(n >= 0);
	guest_ack(n);
	wr32(SGIF(ISPENDR), B(10));
	vgic_flush(&vg);
	n = lr_of(10);
	CHECK(n >= 0);
	CHECK_EQ_U64(ICH_LR_STATE(fake.lr[n]), 3);
}

/*
 * Enables and group enables only gate forwarding (GICv3: ICENABLER
 * "disables forwarding"; the state machine is untouched): an interrupt
 * that is active and pending keeps its pending state while disabled, and
 * is delivered again once enabled.
 */
static void test_disable_keeps_pending(void)
{
	int n;

	setup();
	guest_config(CTLR_GRP1, B(3), B(3));
	vgic_inject(&vg, 3);
	vgic_flush(&vg);
	n = lr_of(3);
	CHECK(n >= 0);
	guest_ack(n);
	vgic_inject(&vg, 3); /* again, while the guest handles the first */
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), B(3));
	CHECK_EQ_U64(rd32(SGIF(ISACTIVER)), B(3));
	wr32(SGIF(ICENABLER), B(3));
	vgic_flush(&vg); /* active only: a disabled one is not forwarded */
	n = lr_of(3);
	CHECK(n >= 0);
	CHECK_EQ_U64(ICH_LR_STATE(fake.lr[n]), 2);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), B(3));
	vgic_flush(&vg);
	n = lr_of(3);
	CHECK(n >= 0);
	guest_done(n);
	wr32(SGIF(ISENABLER), B(3));
	vgic_flush(&vg);
	n = lr_of(3);
	CHECK(n >= 0);
	CHECK_EQ_U64(ICH_LR_STATE(fake.lr[n]), 1);
}

/* ---- the linked virtual timer ----------------------------------------- */

static void timer_config(void)
{
	setup();
	guest_config(CTLR_GRP1, B(VGIC_VTIMER), B(VGIC_VTIMER));
	set_prio(VGIC_VTIMER, 0xa0);
}

static u64 timer_lr(u64 state)
{
	return lr_expect(VGIC_VTIMER, 0xa0, true, state) | ICH_LR_HW |
	       ((u64)VGIC_VTIMER << ICH_LR_PINTID_SHIFT);
}

/* docs/abi.md: the timer's interrupt goes through a list register with
 * the hardware bit, so the guest's deactivation ends the physical one. */
static void test_timer_linked(void)
{
	int n;

	timer_config();
	vgic_hw_fired(&vg, VGIC_VTIMER);
	vgic_flush(&vg);
	n = lr_of(VGIC_VTIMER);
	CHECK(n >= 0);
	CHECK_EQ_U64(fake.lr[n], timer_lr(ICH_LR_PENDING));
	CHECK_EQ_U64(lrs_valid(), 1);
	guest_ack(n);
	vgic_fold(&vg);
	CHECK_EQ_U64(rd32(SGIF(ISACTIVER)), B(VGIC_VTIMER));
	vgic_flush(&vg);
	n = lr_of(VGIC_VTIMER);
	CHECK(n >= 0);
	CHECK_EQ_U64(fake.lr[n], timer_lr(ICH_LR_ACTIVE));
	/* the guest deactivates it: the hardware ends the physical one */
	guest_done(n);
	vgic_fold(&vg);
	CHECK_EQ_U64(rd32(SGIF(ISACTIVER)), 0);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), 0);
	/* so the model must not deactivate it a second time */
	wr32(SGIF(ICPENDR), B(VGIC_VTIMER));
	wr32(SGIF(ICACTIVER), B(VGIC_VTIMER));
	CHECK_EQ_U64(fake.nr_dirs, 0);
	vgic_teardown(&vg);
	CHECK_EQ_U64(fake.nr_dirs, 0);
	/* and the next one is delivered the same way */
	timer_config();
	vgic_hw_fired(&vg, VGIC_VTIMER);
	vgic_flush(&vg);
	n = lr_of(VGIC_VTIMER);
	CHECK(n >= 0);
	guest_done(n);
	vgic_hw_fired(&vg, VGIC_VTIMER);
	vgic_flush(&vg);
	n = lr_of(VGIC_VTIMER);
	CHECK(n >= 0);
	CHECK_EQ_U64(fake.lr[n], timer_lr(ICH_LR_PENDING));
	CHECK_EQ_U64(fake.nr_dirs, 0);
}

/* A fired timer the guest has disabled waits, pending, for the enable. */
static void test_timer_disabled_waits(void)
{
	timer_config();
	wr32(SGIF(ICENABLER), B(VGIC_VTIMER));
	vgic_hw_fired(&vg, VGIC_VTIMER);
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 0);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), B(VGIC_VTIMER));
	CHECK_EQ_U64(fake.nr_dirs, 0);
	wr32(SGIF(ISENABLER), B(VGIC_VTIMER));
	vgic_flush(&vg);
	CHECK(lr_of(VGIC_VTIMER) >= 0);
	CHECK_EQ_U64(fake.lr[lr_of(VGIC_VTIMER)], timer_lr(ICH_LR_PENDING));
}

/* A guest that ends the timer's interrupt through ICPENDR0 or ICACTIVER0
 * instead of its CPU interface: the physical one must be deactivated, or
 * the timer never interrupts again (docs/abi.md) - and only once. */
static void test_timer_cleared_by_mmio(void)
{
	int n;

	timer_config();
	vgic_hw_fired(&vg, VGIC_VTIMER);
	vgic_flush(&vg);
	CHECK(lr_of(VGIC_VTIMER) >= 0);
	wr32(SGIF(ICPENDR), B(VGIC_VTIMER));
	CHECK_EQ_U64(fake.nr_dirs, 1);
	CHECK_EQ_U64(fake.dirs[0], VGIC_VTIMER);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), 0);
	vgic_flush(&vg);
	CHECK(lr_of(VGIC_VTIMER) < 0);
	wr32(SGIF(ICPENDR), B(VGIC_VTIMER));
	wr32(SGIF(ICACTIVER), B(VGIC_VTIMER));
	vgic_teardown(&vg);
	CHECK_EQ_U64(fake.nr_dirs, 1);

	/* acknowledged, then ended through ICACTIVER0 */
	timer_config();
	vgic_hw_fired(&vg, VGIC_VTIMER);
	vgic_flush(&vg);
	n = lr_of(VGIC_VTIMER);
	CHECK(n >= 0);
	guest_ack(n);
	wr32(SGIF(ICACTIVER), B(VGIC_VTIMER));
	CHECK_EQ_U64(fake.nr_dirs, 1);
	CHECK_EQ_U64(fake.dirs[0], VGIC_VTIMER);
	vgic_flush(&vg);
	CHECK(lr_of(VGIC_VTIMER) < 0);
	wr32(SGIF(ICACTIVER), B(VGIC_VTIMER));
	wr32(SGIF(ICPENDR), B(VGIC_VTIMER));
	CHECK_EQ_U64(fake.nr_dirs, 1);

	/* ICPENDR0 on one the guest holds active: still the guest's to end
	 * through its list register, so nothing deactivated yet */
	timer_config();
	vgic_hw_fired(&vg, VGIC_VTIMER);
	vgic_flush(&vg);
	n = lr_of(VGIC_VTIMER);
	CHECK(n >= 0);
	guest_ack(n);
	wr32(SGIF(ICPENDR), B(VGIC_VTIMER));
	CHECK_EQ_U64(fake.nr_dirs, 0);
	vgic_flush(&vg);
	n = lr_of(VGIC_VTIMER);
	CHECK(n >= 0);
	CHECK_EQ_U64(fake.lr[n], timer_lr(ICH_LR_ACTIVE));
	guest_done(n);
	vgic_fold(&vg);
	wr32(SGIF(ICACTIVER), B(VGIC_VTIMER));
	CHECK_EQ_U64(fake.nr_dirs, 0);
}

/* ISPENDR0 on the timer while the guest holds it active sets its pending
 * state (GICv3: active and pending); the deactivation ends the active
 * state only, so it is still pending after. */
static void test_timer_pending_while_active(void)
{
	int n;

	timer_config();
	vgic_hw_fired(&vg, VGIC_VTIMER);
	vgic_flush(&vg);
	n = lr_of(VGIC_VTIMER);
	CHECK(n >= 0);
	guest_ack(n);
	wr32(SGIF(ISPENDR), B(VGIC_VTIMER));
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), B(VGIC_VTIMER));
	vgic_flush(&vg);
	n = lr_of(VGIC_VTIMER);
	CHECK(n >= 0);
	guest_done(n);
	vgic_fold(&vg);
	CHECK_EQ_U64(rd32(SGIF(ISACTIVER)), 0);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), B(VGIC_VTIMER));
}

/* ---- level-sensitive sources ------------------------------------------ */

/* A level PPI: pending while its line is high, its list register asks for
 * a maintenance interrupt at the EOI (to look at the line again), and it
 * is no longer pending once the line is low. */
static void test_level_source(void)
{
	int n;

	setup();
	guest_config(CTLR_GRP1, B(20), B(20));
	CHECK_EQ_U64(rd32(SGIF(ICFGR + 4)) & B(2 * 4 + 1), 0); /* level */
	vgic_set_level(&vg, 20, true);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), B(20));
	vgic_flush(&vg);
	n = lr_of(20);
	CHECK(n >= 0);
	CHECK_EQ_U64(fake.lr[n],
		     lr_expect(20, 0, true, ICH_LR_PENDING) | ICH_LR_EOI);
	guest_ack(n);
	vgic_fold(&vg);
	/* acknowledged with the line still high: active and pending */
	CHECK_EQ_U64(rd32(SGIF(ISACTIVER)), B(20));
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), B(20));
	vgic_flush(&vg);
	n = lr_of(20);
	CHECK(n >= 0);
	CHECK_EQ_U64(ICH_LR_STATE(fake.lr[n]), 3);
	/* the handler quietens the device */
	vgic_set_level(&vg, 20, false);
	vgic_flush(&vg);
	n = lr_of(20);
	CHECK(n >= 0);
	CHECK_EQ_U64(fake.lr[n],
		     lr_expect(20, 0, true, ICH_LR_ACTIVE) | ICH_LR_EOI);
	guest_done(n);
	vgic_maintenance(&vg);
	CHECK_EQ_U64(rd32(SGIF(ISACTIVER)), 0);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), 0);
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 0);

	/* up and down before the guest looked: nothing */
	vgic_set_level(&vg, 20, true);
	vgic_flush(&vg);
	CHECK(lr_of(20) >= 0);
	vgic_set_level(&vg, 20, false);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), 0);
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 0);

	/* ICPENDR0 cannot clear a line that is still high */
	vgic_set_level(&vg, 20, true);
	wr32(SGIF(ICPENDR), B(20));
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), B(20));
	vgic_flush(&vg);
	CHECK(lr_of(20) >= 0);
}

/* A level interrupt made pending by ISPENDR0 with its line low: the
 * acknowledge clears that software pending state (GICv3's level-sensitive
 * state machine; KVM clears its pending_latch for level interrupts the
 * same way), or the guest takes it again after every EOI, forever. */
static void test_level_spend_cleared_by_ack(void)
{
	int n;

	setup();
	guest_config(CTLR_GRP1, B(21), B(21));
	wr32(SGIF(ISPENDR), B(21));
	vgic_flush(&vg);
	n = lr_of(21);
	CHECK(n >= 0);
	guest_ack(n);
	vgic_fold(&vg);
	CHECK_EQ_U64(rd32(SGIF(ISACTIVER)), B(21));
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), 0);
	vgic_flush(&vg);
	n = lr_of(21);
	CHECK(n >= 0);
	CHECK_EQ_U64(ICH_LR_STATE(fake.lr[n]), 2);
	guest_done(n);
	vgic_maintenance(&vg);
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 0);
}

/* ---- SGIs from the guest ---------------------------------------------- */

#define SGIR(intid, targets) (((u64)(intid) << 24) | (targets))
#define SGIR_AFF1	     (1ULL << 16)
#define SGIR_AFF2	     (1ULL << 32)
#define SGIR_IRM	     (1ULL << 40)
#define SGIR_RS		     (1ULL << 44)
#define SGIR_AFF3	     (1ULL << 48)

/* A trapped ICC_SGI*R write on the one vCPU, as kernel/vcpu.c serves it:
 * counted, and raised here when this vCPU is among the targets. */
static void sgi_write(u64 value, bool group1)
{
	vg.sgis++;
	if (vgic_sgi_targets(value, vg.id, vg.nr_cpus) & (1u << vg.id))
		vgic_sgi_raise(&vg, (u32)(value >> 24) & 0xf, group1);
}

/* The one vCPU is affinity 0.0.0.0: only TargetList bit 0 in range 0
 * with Aff3.Aff2.Aff1 zero names it; "all but self" names nobody. */
static void test_sgi_register(void)
{
	static const u64 nobody[] = {
		SGIR(3, 1) | SGIR_IRM,
		SGIR(3, 1) | SGIR_AFF1,
		SGIR(3, 1) | SGIR_AFF2,
		SGIR(3, 1) | SGIR_AFF3,
		SGIR(3, 1) | SGIR_RS,
		SGIR(3, 0x2),
		SGIR(3, 0xfffe),
		SGIR(3, 0),
		SGIR(3, 0xffff) | SGIR_IRM,
	};

	setup();
	sgi_write(SGIR(3, 1), true);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), B(3));
	sgi_write(SGIR(15, 0xffff), true);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), B(3) | B(15));
	wr32(SGIF(ICPENDR), 0xffffffff);
	for (unsigned i = 0; i < ARRAY_SIZE(nobody); i++) {
		sgi_write(nobody[i], true);
		sgi_write(nobody[i], false);
		CHECK_EQ_U64(rd32(SGIF(ISPENDR)), 0);
	}
	/* and it is delivered like any other */
	guest_config(CTLR_GRP1, 0xffff, 0xffff);
	sgi_write(SGIR(0, 1), true);
	vgic_flush(&vg);
	CHECK(lr_of(0) >= 0);
	CHECK_EQ_U64(lrs_valid(), 1);
}

/* ICC_SGI0R_EL1 raises Group 0 SGIs only; ICC_SGI1R_EL1 a Group 1 one. */
/* Several vCPUs: vCPU n is affinity 0.0.0.n. The target list names
 * the vCPUs that exist; IRM every one but the sender; any other affinity
 * or range names nobody. */
static void test_sgi_targets(void)
{
	CHECK_EQ_U64(vgic_sgi_targets(SGIR(1, 0x2), 0, 4), 0x2);
	CHECK_EQ_U64(vgic_sgi_targets(SGIR(1, 0xf), 0, 4), 0xf);
	CHECK_EQ_U64(vgic_sgi_targets(SGIR(1, 0xffff), 3, 4), 0xf);
	CHECK_EQ_U64(vgic_sgi_targets(SGIR(1, 0x30), 0, 4), 0);
	CHECK_EQ_U64(vgic_sgi_targets(SGIR(1, 0) | SGIR_IRM, 2, 4), 0xb);
	CHECK_EQ_U64(vgic_sgi_targets(SGIR(1, 0) | SGIR_IRM, 0, 1), 0);
	CHECK_EQ_U64(vgic_sgi_targets(SGIR(1, 0xf) | SGIR_AFF1, 0, 4), 0);
	CHECK_EQ_U64(vgic_sgi_targets(SGIR(1, 0xf) | SGIR_AFF2, 0, 4), 0);
	CHECK_EQ_U64(vgic_sgi_targets(SGIR(1, 0xf) | SGIR_AFF3, 0, 4), 0);
	CHECK_EQ_U64(vgic_sgi_targets(SGIR(1, 0xf) | SGIR_RS, 0, 4), 0);
	CHECK_EQ_U64(vgic_sgi_targets(SGIR(1, 0xff), 0, 8), 0xff);
}

/* vCPU n's redistributor: GICR_TYPER says affinity n, processor n, and
 * Last on the final one; the frames of vCPUs that do not exist are not
 * the vGIC's. */
static void test_gicr_per_vcpu(void)
{
	setup();
	vgic_set_cpu(&vg, 2, 4);
	CHECK_EQ_U64(rd(GICR(0x0008), 8), (2ULL << 32) | (2 << 8));
	CHECK_EQ_U64(rd32(GICR(0x000c)), 2);
	vgic_set_cpu(&vg, 3, 4);
	CHECK_EQ_U64(rd(GICR(0x0008), 8), (3ULL << 32) | (3 << 8) | 0x10);
	CHECK(vgic_owns(VGIC_GICR_IPA + 3 * VGIC_GICR_SIZE, 4));
	CHECK(!vgic_owns(VGIC_GICR_IPA + 4 * VGIC_GICR_SIZE, 4));
	CHECK(!vgic_owns(VGIC_GICR_IPA + VGIC_GICR_SIZE, 1));
	/* the distributor's enables, copied to another vCPU */
	vgic_set_ctlr(&vg, 0xffffffff);
	CHECK_EQ_U64(vg.ctlr, 3);
}

static void test_sgi0r_group0_only(void)
{
	setup();
	wr32(SGIF(IGROUPR), B(5)); /* SGI 4: Group 0, SGI 5: Group 1 */
	sgi_write(SGIR(4, 1), false);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), B(4));
	sgi_write(SGIR(5, 1), false);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), B(4));
	sgi_write(SGIR(5, 1), true);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), B(4) | B(5));
}

/* SGIs latch: a flood of them while one is pending is one interrupt. */
static void test_sgi_storm(void)
{
	int n;

	setup();
	guest_config(CTLR_GRP1, B(2), B(2));
	for (unsigned i = 0; i < 100000; i++) {
		sgi_write(SGIR(2, 1), true);
		if (i % 1000 == 999)
			vgic_flush(&vg);
	}
	CHECK_EQ_U64(vg.sgis, 100000);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), B(2));
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 1);
	n = lr_of(2);
	CHECK(n >= 0);
	guest_ack(n);
	guest_done(n);
	vgic_fold(&vg);
	CHECK_EQ_U64(rd32(SGIF(ISPENDR)), 0);
	CHECK_EQ_U64(rd32(SGIF(ISACTIVER)), 0);
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 0);
}

/* Is intid in a list register, pending? */
static bool in_lr_pending(u32 intid)
{
	for (unsigned n = 0; n < fake.nr_lrs; n++)
		if (ICH_LR_VINTID(fake.lr[n]) == intid &&
		    (ICH_LR_STATE(fake.lr[n]) & 1))
			return true;
	return false;
}

/* The exit path flushes only when the model says its state changed
 * (vcpu_exit() tests vg.dirty): every event a guest must see either went
 * into a free list register at once or says so. */
static void test_dirty(void)
{
	setup();
	guest_config(CTLR_GRP1, 0xffffffff, 0xffffffff);
	vgic_flush(&vg);
	CHECK(!vg.dirty);
	vgic_inject(&vg, 3);
	CHECK(vg.dirty || in_lr_pending(3));
	vgic_flush(&vg);
	CHECK(!vg.dirty);
	CHECK(in_lr_pending(3));
	vgic_set_level(&vg, 20, true);
	CHECK(vg.dirty);
	vgic_flush(&vg);
	vgic_set_level(&vg, 20, false);
	CHECK(vg.dirty);
	vgic_flush(&vg);
	vgic_hw_fired(&vg, VGIC_VTIMER);
	CHECK(vg.dirty || in_lr_pending(VGIC_VTIMER));
	vgic_flush(&vg);
	CHECK(in_lr_pending(VGIC_VTIMER));
	sgi_write(SGIR(4, 1), true);
	CHECK(vg.dirty || in_lr_pending(4));
	vgic_flush(&vg);
	vgic_maintenance(&vg);
	CHECK(vg.dirty);
	vgic_flush(&vg);
	wr32(SGIF(ICENABLER), B(3));
	CHECK(vg.dirty);
	vgic_flush(&vg);
	wr32(SGIF(ISPENDR), B(5));
	CHECK(vg.dirty);
	vgic_flush(&vg);
	wr32(GICD(GICD_CTLR), 0);
	CHECK(vg.dirty);
	vgic_flush(&vg);
	CHECK(!vg.dirty);
}

/* ---- teardown and no GIC ---------------------------------------------- */

/* Nothing of the guest left in the virtual interface after it. */
static void test_teardown(void)
{
	setup();
	guest_config(CTLR_GRP0 | CTLR_GRP1, 0xffff, 0xffffffff);
	for (u32 i = 0; i < 8; i++)
		vgic_inject(&vg, i);
	wr32(SGIF(ISACTIVER), B(9));
	vgic_flush(&vg);
	CHECK_EQ_U64(lrs_valid(), 4);
	guest_ack(lr_of(0) >= 0 ? lr_of(0) : 0);
	vgic_teardown(&vg);
	for (unsigned n = 0; n < ARRAY_SIZE(fake.lr); n++)
		CHECK_EQ_U64(fake.lr[n], 0);
	CHECK_EQ_U64(fake.ich_hcr, 0);
	/* twice is harmless */
	vgic_teardown(&vg);
	CHECK_EQ_U64(lrs_valid(), 0);
	CHECK_EQ_U64(fake.ich_hcr, 0);
	CHECK_EQ_U64(fake.nr_dirs, 0);
}

/* A guest ended with the timer's interrupt still in its list register:
 * the physical one stays active until someone deactivates it, and while
 * it is, the next appliance's timer (on_exit=restart) never interrupts.
 * vgic.h: after vgic_teardown "nothing of it left in the hardware". */
static void test_teardown_timer_live(void)
{
	int n;

	timer_config();
	vgic_hw_fired(&vg, VGIC_VTIMER);
	vgic_flush(&vg);
	vgic_teardown(&vg);
	CHECK_EQ_U64(fake.nr_dirs, 1);
	CHECK_EQ_U64(fake.dirs[0], VGIC_VTIMER);

	timer_config();
	vgic_hw_fired(&vg, VGIC_VTIMER);
	vgic_flush(&vg);
	n = lr_of(VGIC_VTIMER);
	CHECK(n >= 0);
	guest_ack(n);
	vgic_teardown(&vg);
	CHECK_EQ_U64(fake.nr_dirs, 1);
	CHECK_EQ_U64(fake.dirs[0], VGIC_VTIMER);
}

/* Without a GICv3 the virtual interface does not exist: never touched. */
static void test_no_gic(void)
{
	fake_reset();
	vgic_init(&vg, false);
	fake.ich_hcr = 0x5a5a;
	vgic_inject(&vg, 3);
	vgic_hw_fired(&vg, VGIC_VTIMER);
	vgic_flush(&vg);
	vgic_maintenance(&vg);
	vgic_teardown(&vg);
	CHECK_EQ_U64(lrs_valid(), 0);
	CHECK_EQ_U64(fake.ich_hcr, 0x5a5a);
}

/* ---- random sequences ------------------------------------------------- */

static u64 rng_state;

static u64 rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* Offsets worth hitting more often than chance would (either frame). */
static const u64 hot_offsets[] = {
	0x0000, 0x0004, 0x0008, 0x000c, 0x0014, 0x0070, 0x0078, 0x0080, 0x0084,
	0x0100, 0x0104, 0x0180, 0x0184, 0x0200, 0x0204, 0x0280, 0x0284, 0x0300,
	0x0304, 0x0380, 0x0384, 0x0400, 0x0410, 0x041c, 0x0420, 0x043c, 0x0c00,
	0x0c04, 0x0c08, 0x0c0c, 0x6000, 0x6100, 0x61f8, 0xffe8, 0xfffc,
};

static void random_mmio(void)
{
	static const unsigned sizes[] = {1, 2, 4, 4, 4, 4, 8, 8, 0, 3, 16};
	static const u64 frames[] = {VGIC_GICD_IPA, VGIC_GICR_IPA,
				     VGIC_GICR_IPA + 0x10000};
	u64 pick = rnd();
	u64 ipa = frames[pick % 3];
	unsigned size = sizes[(pick >> 8) % ARRAY_SIZE(sizes)];
	u64 val;

	if (pick & 0x10000)
		ipa += hot_offsets[(pick >> 20) % ARRAY_SIZE(hot_offsets)] +
		       (((pick >> 28) & 3) ? 0 : (pick >> 30) & 7);
	else
		ipa += (pick >> 20) % 0x10000;
	switch ((pick >> 40) & 3) {
	case 0: val = ~0ULL; break;
	case 1: val = 1ULL << ((pick >> 42) & 31); break;
	default: val = rnd(); break;
	}
	vgic_mmio(&vg, ipa, size, (pick >> 50) & 1, &val);
}

static unsigned popcount(u64 v)
{
	return (unsigned)__builtin_popcountll(v);
}

/*
 * Right after a flush, the list registers against the architecture's
 * view read back through MMIO: what is in them must be there, what must
 * be there is (or UIE says more wait), and a fold plus a flush gives
 * them back unchanged. NULL, or what is wrong.
 */
static const char *check_flush(void)
{
	u64 lr[ARRAY_SIZE(fake.lr)], hcr = fake.ich_hcr;
	u32 ctlr, grp, en, pend, act, fwd, want, seen = 0, pend_in = 0;
	u8 prio[32];
	unsigned valid = 0;

	memcpy(lr, fake.lr, sizeof(lr));
	ctlr = (u32)rd32(GICD(GICD_CTLR));
	grp = (u32)rd32(SGIF(IGROUPR));
	en = (u32)rd32(SGIF(ISENABLER));
	pend = (u32)rd32(SGIF(ISPENDR));
	act = (u32)rd32(SGIF(ISACTIVER));
	for (u32 i = 0; i < 32; i += 4) {
		u32 w = (u32)rd32(SGIF(IPRIORITYR + i));

		for (unsigned b = 0; b < 4; b++)
			prio[i + b] = (u8)(w >> (8 * b));
	}
	fwd = en & (((ctlr & CTLR_GRP1) ? grp : 0) |
		    ((ctlr & CTLR_GRP0) ? ~grp : 0));
	want = act | (pend & fwd);

	if (!(hcr & ICH_HCR_EN))
		return "ICH_HCR_EL2.En off after a flush";
	for (unsigned n = 0; n < ARRAY_SIZE(lr); n++) {
		u64 v = lr[n];
		u32 intid = ICH_LR_VINTID(v);
		unsigned state = ICH_LR_STATE(v);

		if (!v)
			continue;
		if (n >= fake.nr_lrs)
			return "a list register the CPU does not have";
		if (!state)
			return "a list register written with no state";
		if (intid >= VGIC_NR_IRQS)
			return "a vINTID of 64 or more";
		if (intid >= 32)
			return "an SPI (none is the guest's) in a list "
			       "register";
		if (seen & B(intid))
			return "two list registers for one INTID";
		seen |= B(intid);
		valid++;
		if ((state & 1) && !(fwd & B(intid)))
			return "pending in a list register, but disabled or "
			       "its group disabled";
		if ((state & 1) && !(pend & B(intid)))
			return "pending in a list register, not in ISPENDR0";
		if ((state & 2) && !(act & B(intid)))
			return "active in a list register, not in ISACTIVER0";
		if (state == 1)
			pend_in |= B(intid);
		if (((v >> ICH_LR_PRIO_SHIFT) & 0xff) != prio[intid])
			return "a list register's priority is not the INTID's";
		if (!!(v & ICH_LR_GROUP1) != !!(grp & B(intid)))
			return "a list register's group is not the INTID's";
		if (v & 0x0f00e00000000000ULL)
			return "RES0 bits set in a list register";
		if (v & ICH_LR_HW) {
			if (intid != VGIC_VTIMER ||
			    ((v >> ICH_LR_PINTID_SHIFT) & 0x1fff) != intid)
				return "a linked interrupt other than the "
				       "timer";
			if (state == 3)
				return "a linked interrupt pending and active";
		} else if ((v >> ICH_LR_PINTID_SHIFT) & 0x1ff) {
			return "pINTID bits without the hardware bit";
		}
	}
	if (popcount(want) <= fake.nr_lrs) {
		if (seen != want)
			return "an interrupt the guest should see was left out";
		if (hcr & ICH_HCR_UIE)
			return "UIE with every interrupt in";
	} else {
		u32 out = want & ~seen & ~act;

		if (valid != fake.nr_lrs)
			return "list registers free while interrupts wait";
		if (!(hcr & ICH_HCR_UIE))
			return "interrupts left out and no UIE";
		if (popcount(act) >= fake.nr_lrs ? (seen & ~act) != 0
						 : (act & ~seen) != 0)
			return "a pending interrupt ahead of an active one";
		/* no pending one left out is better than one let in */
		for (u32 y = 0; y < 32; y++)
			for (u32 x = 0; x < 32; x++)
				if ((pend_in & B(y)) && (out & B(x)) &&
				    prio[x] < prio[y])
					return "a better-priority pending "
					       "interrupt left out";
	}
	vgic_flush(&vg);
	if (memcmp(lr, fake.lr, sizeof(lr)) || hcr != fake.ich_hcr)
		return "a fold and a flush changed the list registers";
	return NULL;
}

/* The guest's CPU interface on every list register in use, at random:
 * acknowledge the pending, deactivate the active, or leave it. */
static void random_guest(bool *phys_live)
{
	for (unsigned n = 0; n < fake.nr_lrs; n++) {
		u64 v = fake.lr[n];
		unsigned state = ICH_LR_STATE(v);

		switch (rnd() % 3) {
		case 0:
			if (state == 1)
				fake.lr[n] = (v & ~STATE) | ICH_LR_ACTIVE;
			break;
		case 1:
			if (!(state & 2))
				break;
			/* as the hardware leaves it: the rest kept */
			fake.lr[n] = v & ~ICH_LR_ACTIVE;
			if ((v & ICH_LR_HW) && state == 2)
				*phys_live = false;
			break;
		default: break;
		}
	}
}

static void test_random(void)
{
	bool phys_live = false;
	/* how often the sequence reached the states worth checking */
	unsigned flushes = 0, busy = 0, full = 0, linked = 0, active = 0;

	rng_state = 0x2545f4914f6cdd1dULL;
	setup();
	/* a guest that has set things up, most of the time */
	guest_config(CTLR_GRP0 | CTLR_GRP1, 0xffff0000, 0xffffffff);
	for (unsigned it = 0; it < 400000; it++) {
		u64 r = rnd() % 100;
		const char *why = NULL;

		if (r < 40) {
			random_mmio();
		} else if (r < 50) {
			u64 p = rnd();

			vgic_inject(&vg, (p & 0xff) ? (u32)(p >> 8) % 72
						    : (u32)(p >> 8));
		} else if (r < 55) {
			u64 p = rnd();

			vgic_set_level(&vg, (u32)(p % 72), (p >> 32) & 1);
		} else if (r < 58) {
			/* the physical one fires only once inactive */
			if (!phys_live) {
				vgic_hw_fired(&vg, VGIC_VTIMER);
				phys_live = true;
			}
		} else if (r < 62) {
			u64 p = rnd();

			if (p & 1)
				p = SGIR((p >> 8) & 0xf, (p >> 16) & 3) |
				    (((p >> 24) & 7) ? 0 : SGIR_IRM);
			sgi_write(p, (p >> 4) & 1);
		} else if (r < 78) {
			vgic_flush(&vg);
			flushes++;
			busy += lrs_valid() > 0;
			full += !!(fake.ich_hcr & ICH_HCR_UIE);
			linked += lr_of(VGIC_VTIMER) >= 0 &&
				  (fake.lr[lr_of(VGIC_VTIMER)] & ICH_LR_HW);
			for (unsigned n = 0; n < fake.nr_lrs; n++)
				active += ICH_LR_STATE(fake.lr[n]) >= 2;
			why = check_flush();
		} else if (r < 94) {
			random_guest(&phys_live);
		} else if (r < 97) {
			vgic_maintenance(&vg);
		} else {
			vgic_fold(&vg);
		}
		if (why)
			printf("  step %u: %s\n", it, why);
		CHECK(!why);
		for (unsigned n = fake.nr_lrs; n < ARRAY_SIZE(fake.lr); n++)
			CHECK_EQ_U64(fake.lr[n], 0);
		/* the model deactivates the physical timer only while it is
		 * active, and then once */
		for (unsigned i = 0; i < fake.nr_dirs; i++) {
			CHECK_EQ_U64(fake.dirs[i], VGIC_VTIMER);
			CHECK(phys_live);
			phys_live = false;
		}
		fake.nr_dirs = 0;
	}
	CHECK(flushes > 10000);
	CHECK(busy > flushes / 4);
	CHECK(full > 100);
	CHECK(linked > 100);
	CHECK(active > 1000);
	vgic_teardown(&vg);
	CHECK_EQ_U64(lrs_valid(), 0);
	CHECK_EQ_U64(fake.ich_hcr, 0);
}

/* ---- a device given to the guest (passthrough=) ------------------------ */

#define PT_SPI 39 /* QEMU's PL061 */

static void pt_config(bool edge)
{
	setup();
	vgic_link_hw(&vg, PT_SPI, edge);
	guest_config(CTLR_GRP1, 0, 0);
	wr32(GICD(IGROUPR + 4), B(PT_SPI - 32));
	wr(GICD(IPRIORITYR + PT_SPI), 1, 0x90);
	wr32(GICD(ISENABLER + 4), B(PT_SPI - 32));
}

/* docs/abi.md: a given device's SPI is linked like the timer: the list
 * register carries the hardware bit and the physical INTID, so the
 * guest's deactivation ends the physical interrupt, and the microvisor
 * never deactivates it a second time. */
static void test_passthrough_spi_linked(void)
{
	u64 want = lr_expect(PT_SPI, 0x90, true, ICH_LR_PENDING) | ICH_LR_HW |
		   ((u64)PT_SPI << ICH_LR_PINTID_SHIFT);
	int n;

	pt_config(false);
	/* the trigger is the device tree's: the guest cannot change it */
	wr32(GICD(ICFGR + 8), 0xffffffff);
	CHECK_EQ_U64((rd32(GICD(ICFGR + 8)) >> (2 * (PT_SPI - 32))) & 2, 0);
	vgic_hw_fired(&vg, PT_SPI);
	vgic_flush(&vg);
	n = lr_of(PT_SPI);
	CHECK(n >= 0);
	CHECK_EQ_U64(fake.lr[n], want);
	guest_ack(n);
	vgic_fold(&vg);
	CHECK_EQ_U64(rd32(GICD(ISACTIVER + 4)), B(PT_SPI - 32));
	vgic_flush(&vg);
	n = lr_of(PT_SPI);
	CHECK(n >= 0);
	CHECK(fake.lr[n] & ICH_LR_HW);
	guest_done(n);
	vgic_fold(&vg);
	CHECK_EQ_U64(rd32(GICD(ISACTIVER + 4)), 0);
	vgic_teardown(&vg);
	CHECK_EQ_U64(fake.nr_dirs, 0);

	/* live when the guest ends: the microvisor deactivates it */
	pt_config(true);
	vgic_hw_fired(&vg, PT_SPI);
	vgic_flush(&vg);
	vgic_teardown(&vg);
	CHECK_EQ_U64(fake.nr_dirs, 1);
	CHECK_EQ_U64(fake.dirs[0], PT_SPI);

	/* cleared by the guest while live (ICPENDR): deactivated once */
	pt_config(true);
	vgic_hw_fired(&vg, PT_SPI);
	wr32(GICD(ICPENDR + 4), B(PT_SPI - 32));
	CHECK_EQ_U64(fake.nr_dirs, 1);
	CHECK_EQ_U64(fake.dirs[0], PT_SPI);
	vgic_teardown(&vg);
	CHECK_EQ_U64(fake.nr_dirs, 1);
}

/* GICD_IROUTER of an SPI the guest has: IRM or vCPU 0 is kept, RES0 bits
 * read as zero, and a route to any other CPU is refused (counted). */
static void test_irouter_owned(void)
{
	u64 r = GICD(GICD_IROUTER + 8 * PT_SPI);

	pt_config(false);
	wr(r, 8, 1ULL << 31);
	CHECK_EQ_U64(rd(r, 8), 1ULL << 31);
	wr(r, 8, 0xffffff007f000000ULL); /* RES0 only */
	CHECK_EQ_U64(rd(r, 8), 0);
	CHECK_EQ_U64(vg.routes_refused, 0);
	wr(r, 8, 5); /* Aff0 5 */
	CHECK_EQ_U64(rd(r, 8), 0);
	wr32(r + 4, 1); /* Aff3 1, as a half */
	CHECK_EQ_U64(rd32(r + 4), 0);
	wr(r, 8, 0x0000000000010000ULL); /* Aff2 1 */
	CHECK_EQ_U64(rd(r, 8), 0);
	CHECK_EQ_U64(vg.routes_refused, 3);
	/* still delivered, to vCPU 0 */
	vgic_hw_fired(&vg, PT_SPI);
	vgic_flush(&vg);
	CHECK(lr_of(PT_SPI) >= 0);
}

int main(void)
{
	RUN(test_gicd_ctlr);
	RUN(test_gicd_typer);
	RUN(test_pidr2);
	RUN(test_gicr_typer);
	RUN(test_gicr_waker);
	RUN(test_gicr_lpi_registers);
	RUN(test_set_clear_pairs);
	RUN(test_igroupr0);
	RUN(test_ipriorityr);
	RUN(test_icfgr);
	RUN(test_spis_not_owned);
	RUN(test_distributor_private_ignored);
	RUN(test_bad_accesses);
	RUN(test_deliver_one);
	RUN(test_disabled_not_delivered);
	RUN(test_group_disabled_not_delivered);
	RUN(test_overflow_best_four);
	RUN(test_active_first);
	RUN(test_ack_and_eoi);
	RUN(test_clear_while_in_lr);
	RUN(test_disable_keeps_pending);
	RUN(test_timer_linked);
	RUN(test_timer_disabled_waits);
	RUN(test_timer_cleared_by_mmio);
	RUN(test_timer_pending_while_active);
	RUN(test_level_source);
	RUN(test_level_spend_cleared_by_ack);
	RUN(test_sgi_register);
	RUN(test_sgi0r_group0_only);
	RUN(test_sgi_storm);
	RUN(test_dirty);
	RUN(test_teardown);
	RUN(test_teardown_timer_live);
	RUN(test_no_gic);
	RUN(test_random);
	RUN(test_passthrough_spi_linked);
	RUN(test_sgi_targets);
	RUN(test_gicr_per_vcpu);
	RUN(test_irouter_owned);
	CHECK_EXIT();
}
