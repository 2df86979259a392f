/* tests/unit/test_vpl011.c - the guest's PL011 held to the TRM and to Linux. */
#include "tests/unit/check.h"
#include "hyp/fake/fake.h"
#include "hyp/gic.h"
#include "kernel/vgic.h"
#include "kernel/vpl011.h"

/* Register offsets, from the PL011 TRM (DDI 0183), not from the model. */
#define DR	 0x000
#define RSR	 0x004
#define FR	 0x018
#define IBRD	 0x024
#define FBRD	 0x028
#define LCR_H	 0x02c
#define CR	 0x030
#define IFLS	 0x034
#define IMSC	 0x038
#define RIS	 0x03c
#define MIS	 0x040
#define ICR	 0x044
#define DMACR	 0x048
#define PERIPHID 0xfe0
#define PCELLID	 0xff0

#define FR_BUSY 0x08u
#define FR_RXFE 0x10u
#define FR_TXFF 0x20u
#define FR_RXFF 0x40u
#define FR_TXFE 0x80u

/* Interrupt bits, the same in RIS, MIS, IMSC and ICR. */
#define INT_RX	0x010u
#define INT_TX	0x020u
#define INT_RT	0x040u
#define INT_ERR 0x780u /* OE, BE, PE, FE */
#define INT_ALL 0x7ffu

#define CR_UARTEN 0x001u
#define CR_TXE	  0x100u
#define CR_RXE	  0x200u
#define CR_DTR	  0x400u
#define CR_RTS	  0x800u

/* The distributor's view of the line: SPI 33 is bit 1 of the second
 * ISPENDR/ISENABLER/IGROUPR word. */
#define GICD_CTLR	0x0000
#define GICD_IGROUPR1	0x0084
#define GICD_ISENABLER1 0x0104
#define GICD_ISPENDR1	0x0204
#define SPI33_BIT	(1u << (VPL011_INTID - 32))

/* What a read the model forgot to fill would return. */
#define POISON 0x5a5a5a5a5a5a5a5aULL

/*
 * The console the guest's bytes end up on: everything gcon put() there,
 * so a test sees the prefixing and escaping a guest cannot get around.
 */
#define OUT_MAX (1 << 16)

static char out[OUT_MAX + 1];
static unsigned out_len;

static void out_reset(void)
{
	out_len = 0;
	out[0] = '\0';
}

static void fake_put(void *ctx, const char *s, unsigned n)
{
	(void)ctx;
	for (unsigned i = 0; i < n && out_len < OUT_MAX; i++)
		out[out_len++] = s[i];
	out[out_len] = '\0';
}

static bool fake_at_line_start(void *ctx)
{
	(void)ctx;
	return out_len == 0 || out[out_len - 1] == '\n';
}

static const struct gcon gc = {fake_put, fake_at_line_start, NULL};

static struct vgic vg;
static struct vpl011 u;

/* A fresh guest: the fake hardware reset, a GIC with the UART's SPI
 * given to the guest, a UART as after reset, an empty console. */
static void setup_with(bool gic)
{
	fake_reset();
	vgic_init(&vg, true);
	vgic_own(&vg, VPL011_INTID);
	vpl011_init(&u, &gc, gic ? &vg : NULL);
	out_reset();
}

static void setup(void)
{
	setup_with(true);
}

static u64 size_mask(unsigned size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

static u64 rd(u64 off, unsigned size)
{
	u64 v = POISON;

	vpl011_mmio(&u, VPL011_IPA + off, size, false, &v);
	return v;
}

static u64 rd32(u64 off)
{
	return rd(off, 4);
}

/* As the trap handler passes a store: the register's low 'size' bytes. */
static void wr(u64 off, unsigned size, u64 v)
{
	v &= size_mask(size);
	vpl011_mmio(&u, VPL011_IPA + off, size, true, &v);
}

static void wr32(u64 off, u64 v)
{
	wr(off, 4, v);
}

/* The interrupt line as the vGIC model holds it. */
static bool line(void)
{
	return (vg.level >> VPL011_INTID) & 1;
}

static u64 gicd_rd(u64 off)
{
	u64 v = POISON;

	vgic_mmio(&vg, VGIC_GICD_IPA + off, 4, false, &v);
	return v;
}

static void gicd_wr(u64 off, u64 v)
{
	vgic_mmio(&vg, VGIC_GICD_IPA + off, 4, true, &v);
}

static unsigned receive(const char *s)
{
	return vpl011_receive(&u, s, (unsigned)strlen(s));
}

/* Everything but the counters the accesses themselves move. */
static bool same_state(const struct vpl011 *a, const struct vpl011 *b)
{
	return a->cr == b->cr && a->lcr_h == b->lcr_h && a->ibrd == b->ibrd &&
	       a->fbrd == b->fbrd && a->ifls == b->ifls && a->imsc == b->imsc &&
	       a->ris_clear == b->ris_clear &&
	       !memcmp(a->rx, b->rx, sizeof(a->rx)) &&
	       a->rx_head == b->rx_head && a->rx_count == b->rx_count &&
	       a->out == b->out && a->vgic == b->vgic &&
	       a->tx_bytes == b->tx_bytes && a->rx_bytes == b->rx_bytes;
}

static void test_owns(void)
{
	CHECK(vpl011_owns(VPL011_IPA));
	CHECK(vpl011_owns(VPL011_IPA + 0xffc));
	CHECK(vpl011_owns(VPL011_IPA + VPL011_SIZE - 1));
	CHECK(!vpl011_owns(VPL011_IPA - 1));
	CHECK(!vpl011_owns(VPL011_IPA + VPL011_SIZE));
	CHECK(!vpl011_owns(0));
	CHECK(!vpl011_owns(~0ULL));
	/* Not the vGIC's frames either, so a trap has one owner. */
	CHECK(!vgic_owns(VPL011_IPA, 1));
	CHECK(!vpl011_owns(VGIC_GICD_IPA));
}

/*
 * The TRM's reset values, at the widths Linux uses: readw() through the
 * amba driver (UPIO_MEM), readl() through earlycon. A driver that finds
 * CR.UARTEN clear does not try to derive a baud rate from IBRD/FBRD.
 */
static void test_reset_values(void)
{
	static const unsigned sizes[] = {2, 4};

	setup();
	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
		unsigned s = sizes[i];

		CHECK_EQ_U64(rd(CR, s), CR_TXE | CR_RXE);
		CHECK_EQ_U64(rd(IFLS, s), 0x12);
		CHECK_EQ_U64(rd(IMSC, s), 0);
		CHECK_EQ_U64(rd(IBRD, s), 0);
		CHECK_EQ_U64(rd(FBRD, s), 0);
		CHECK_EQ_U64(rd(LCR_H, s), 0);
		CHECK_EQ_U64(rd(RSR, s), 0);
		CHECK_EQ_U64(rd(DMACR, s), 0);
		CHECK_EQ_U64(rd(MIS, s), 0);
		/* Both FIFOs empty, nothing full, nothing in flight. */
		CHECK_EQ_U64(rd(FR, s), FR_TXFE | FR_RXFE);
	}
	CHECK_EQ_U64(u.rx_count, 0);
	CHECK_EQ_U64(vpl011_room(&u), VPL011_FIFO);
	CHECK(!line());
	CHECK_EQ_U64(u.ignored, 0);
	CHECK_EQ_U64(u.tx_bytes, 0);
	CHECK_EQ_U64(u.rx_bytes, 0);
	CHECK_EQ_U64(out_len, 0);
}

/*
 * The TRM (UARTTXINTR): the transmit interrupt is set when data written
 * to the FIFO has drained through the trigger level - "when the interrupt
 * and the UART is enabled before any data is written to the transmit
 * FIFO the interrupt is not set". So RIS reads 0 after reset (QEMU's
 * pl011_reset() sets int_level = 0 too), and a guest unmasking TXIM
 * before it has written anything gets no interrupt.
 */
static void test_reset_no_tx_interrupt(void)
{
	setup();
	CHECK_EQ_U64(rd32(RIS), 0);
	wr32(IMSC, INT_TX);
	CHECK_EQ_U64(rd32(MIS), 0);
	CHECK(!line());
}

/*
 * The amba bus reads the ID words with readl() and takes the low byte of
 * each: PeriphID 0x00141011 must match the ARM vendor entry of
 * amba-pl011's ID table (0x00041011 under mask 0x000fffff), its revision
 * (bits 23:20) below 3 gives a 16-entry FIFO (get_fifosize_arm), and the
 * PrimeCell ID must be AMBA_CID 0xb105f00d or the device is not probed.
 */
static void test_id_registers(void)
{
	static const u8 want[8] = {0x11, 0x10, 0x14, 0x00,
				   0x0d, 0xf0, 0x05, 0xb1};
	u32 pid = 0, cid = 0;
	struct vpl011 before;

	setup();
	for (unsigned i = 0; i < 8; i++) {
		CHECK_EQ_U64(rd32(PERIPHID + 4 * i), want[i]);
		CHECK_EQ_U64(rd(PERIPHID + 4 * i, 2), want[i]);
		CHECK_EQ_U64(rd(PERIPHID + 4 * i, 1), want[i]);
	}
	for (unsigned i = 0; i < 4; i++) {
		pid |= (u32)rd32(PERIPHID + 4 * i) << (8 * i);
		cid |= (u32)rd32(PCELLID + 4 * i) << (8 * i);
	}
	CHECK_EQ_U64(pid & 0x000fffff, 0x00041011);
	CHECK_EQ_U64((pid >> 20) & 0xf, 1);
	CHECK(((pid >> 20) & 0xf) < 3 && VPL011_FIFO == 16);
	CHECK_EQ_U64(cid, 0xb105f00d);
	CHECK_EQ_U64(u.ignored, 0);
	/* Read-only: a write changes nothing and is counted. */
	before = u;
	wr32(PERIPHID, 0xff);
	wr32(PCELLID + 12, 0);
	CHECK(same_state(&before, &u));
	CHECK_EQ_U64(rd32(PERIPHID), 0x11);
	CHECK_EQ_U64(rd32(PCELLID + 12), 0xb1);
	CHECK_EQ_U64(u.ignored, 2);
}

/* A 32-bit DR store (Linux with UPIO_MEM32, and most bare-metal code):
 * only bits 7:0 are data; a store of bits 11:8 sends nothing extra. */
static void test_tx_dr32(void)
{
	setup();
	wr32(DR, 'A');
	CHECK(strcmp(out, "guest: A") == 0);
	wr32(DR, 0xf00 | 'b');
	CHECK(strcmp(out, "guest: Ab") == 0);
	wr32(DR, '\n');
	CHECK(strcmp(out, "guest: Ab\n") == 0);
	CHECK_EQ_U64(u.tx_bytes, 3);
	CHECK_EQ_U64(u.ignored, 0);
	/* The amba driver's writew() works the same. */
	wr(DR, 2, 'z');
	CHECK(strcmp(out, "guest: Ab\nguest: z") == 0);
	CHECK_EQ_U64(u.tx_bytes, 4);
}

/*
 * earlycon=pl011,0x9000000 is pl011_putc(): wait while FR.TXFF, writeb()
 * the byte to DR, wait while FR.BUSY. The waits must end at once, and a
 * guest spelling out a log line still gets the guest's prefix.
 */
static void test_tx_earlycon(void)
{
	static const char msg[] = "microvisor: x\n";

	setup();
	for (unsigned i = 0; msg[i]; i++) {
		unsigned spins = 0;

		while (rd32(FR) & FR_TXFF)
			CHECK(++spins < 4);
		wr(DR, 1, (u8)msg[i]);
		while (rd32(FR) & FR_BUSY)
			CHECK(++spins < 4);
	}
	CHECK(strcmp(out, "guest: microvisor: x\n") == 0);
	CHECK_EQ_U64(u.tx_bytes, sizeof(msg) - 1);
	CHECK_EQ_U64(u.ignored, 0);
	/* With CR as after reset (UARTEN clear): earlycon never enables the
	 * UART, it expects the firmware to have; here nothing has. */
	CHECK_EQ_U64(rd32(CR) & CR_UARTEN, 0);
}

/* The console filter sits behind DR: no escape sequence, no carriage
 * return rewriting a line, reaches the microvisor's console raw. */
static void test_tx_escaped(void)
{
	static const char in[] = "\x1b[2J\rmicrovisor: panic\x7f\n";

	setup();
	for (unsigned i = 0; in[i]; i++)
		wr(DR, 1, (u8)in[i]);
	CHECK(strcmp(out, "guest: \\x1b[2Jmicrovisor: panic\\x7f\n") == 0);
	wr(DR, 1, 0);
	wr(DR, 1, 0xff);
	CHECK(strcmp(out, "guest: \\x1b[2Jmicrovisor: panic\\x7f\n"
			  "guest: \\x00\\xff") == 0);
}

/* No output: bytes are counted and dropped, nothing dereferenced. */
static void test_tx_no_output(void)
{
	fake_reset();
	vgic_init(&vg, true);
	vgic_own(&vg, VPL011_INTID);
	vpl011_init(&u, NULL, &vg);
	out_reset();
	wr32(DR, 'x');
	CHECK_EQ_U64(u.tx_bytes, 1);
	CHECK_EQ_U64(out_len, 0);
	CHECK(rd32(RIS) & INT_TX);
}

/*
 * The FIFO empties at once: FR never shows TXFF or BUSY, always TXFE,
 * however much is written. TXRIS is up after each write (the driver's
 * interrupt handler refills on it) and ICR.TXIC takes it down until the
 * next write.
 */
static void test_tx_flags_and_interrupt(void)
{
	setup();
	for (unsigned i = 0; i < 1000; i++) {
		u64 fr;

		wr(DR, 1 + (i & 1), 'a' + i % 26);
		fr = rd32(FR);
		CHECK_EQ_U64(fr & (FR_TXFF | FR_BUSY), 0);
		CHECK(fr & FR_TXFE);
		CHECK(rd32(RIS) & INT_TX);
		if (i % 3 == 0) {
			wr32(ICR, INT_TX);
			CHECK_EQ_U64(rd32(RIS) & INT_TX, 0);
		}
	}
	CHECK_EQ_U64(u.tx_bytes, 1000);
	/* ICR bits other than TXIC leave it up. */
	wr32(DR, 'x');
	wr32(ICR, INT_ALL & ~INT_TX);
	CHECK(rd32(RIS) & INT_TX);
	/* Linux's shutdown clears everything with a 0xffff store. */
	wr32(ICR, 0xffff);
	CHECK_EQ_U64(rd32(RIS), 0);
	CHECK_EQ_U64(u.ignored, 0);
}

/* The FIFO takes what fits, 16 bytes, and says how much it took. */
static void test_rx_fill(void)
{
	static const char in[] = "0123456789abcdefXYZ";
	u64 fr;

	setup();
	CHECK_EQ_U64(vpl011_receive(&u, in, 0), 0);
	CHECK_EQ_U64(rd32(FR) & (FR_RXFE | FR_RXFF), FR_RXFE);
	CHECK_EQ_U64(vpl011_receive(&u, in, 5), 5);
	CHECK_EQ_U64(vpl011_room(&u), 11);
	fr = rd32(FR);
	CHECK_EQ_U64(fr & (FR_RXFE | FR_RXFF), 0);
	CHECK_EQ_U64(vpl011_receive(&u, in + 5, 14), 11);
	CHECK_EQ_U64(vpl011_room(&u), 0);
	CHECK_EQ_U64(u.rx_count, 16);
	CHECK_EQ_U64(u.rx_bytes, 16);
	fr = rd32(FR);
	CHECK(fr & FR_RXFF);
	CHECK(!(fr & FR_RXFE));
	CHECK(fr & FR_TXFE); /* the receive side does not touch transmit */
	/* Full: nothing more comes in, nothing is overwritten. */
	CHECK_EQ_U64(vpl011_receive(&u, "Q", 1), 0);
	CHECK_EQ_U64(u.rx_bytes, 16);
	for (unsigned i = 0; i < 16; i++) {
		CHECK_EQ_U64(rd32(DR), (u8)in[i]);
		CHECK_EQ_U64(rd32(FR) & FR_RXFF, 0);
		CHECK_EQ_U64(vpl011_room(&u), i + 1);
	}
	/* Empty: DR reads 0 (no byte, no error flags) and FR.RXFE. */
	CHECK(rd32(FR) & FR_RXFE);
	CHECK_EQ_U64(rd32(DR), 0);
	CHECK_EQ_U64(rd32(DR), 0);
	CHECK_EQ_U64(u.rx_count, 0);
	CHECK(rd32(FR) & FR_RXFE);
	/* What did not fit is the caller's to offer again. */
	CHECK_EQ_U64(vpl011_receive(&u, in + 16, 3), 3);
	CHECK_EQ_U64(rd(DR, 1), 'X');
	CHECK_EQ_U64(rd(DR, 2), 'Y');
	CHECK_EQ_U64(rd32(DR), 'Z');
	CHECK_EQ_U64(u.ignored, 0);
}

/* Order holds across the ring's wrap, for every starting position, and
 * bytes of every value (the FIFO is 8-bit data, no status bits). */
static void test_rx_order_wraps(void)
{
	unsigned next_in = 0, next_out = 0;

	setup();
	for (unsigned round = 0; round < 200; round++) {
		unsigned want = round % 17, room = vpl011_room(&u), took;
		char buf[17];

		for (unsigned i = 0; i < want; i++)
			buf[i] = (char)(next_in + i);
		took = vpl011_receive(&u, buf, want);
		CHECK_EQ_U64(took, want < room ? want : room);
		next_in += took;
		for (unsigned i = 0; i < (round * 7) % 13; i++) {
			u64 v = rd32(DR);

			if (next_out == next_in) {
				CHECK_EQ_U64(v, 0);
				continue;
			}
			CHECK_EQ_U64(v, (u8)next_out);
			next_out++;
		}
		CHECK_EQ_U64(u.rx_count, next_in - next_out);
		CHECK(u.rx_count <= VPL011_FIFO);
	}
	CHECK(next_in > 300);
}

/*
 * RXRIS is a level while the FIFO holds data (the receive timeout is not
 * modelled): ICR.RXIC cannot drop it while bytes remain, or a driver that
 * acknowledged it before reading everything would never hear again.
 */
static void test_rx_interrupt(void)
{
	setup();
	wr32(ICR, INT_ALL); /* no transmit interrupt in the way */
	CHECK_EQ_U64(rd32(RIS) & INT_RX, 0);
	CHECK_EQ_U64(receive("ab"), 2);
	CHECK(rd32(RIS) & INT_RX);
	wr32(ICR, INT_RX);
	CHECK(rd32(RIS) & INT_RX);
	wr32(ICR, INT_ALL);
	CHECK(rd32(RIS) & INT_RX);
	CHECK_EQ_U64(rd32(DR), 'a');
	CHECK(rd32(RIS) & INT_RX);
	CHECK_EQ_U64(rd32(DR), 'b');
	CHECK_EQ_U64(rd32(RIS) & INT_RX, 0);
	/* The line: up with RXIM and data, down when drained. */
	wr32(IMSC, INT_RX | INT_RT);
	CHECK(!line());
	CHECK_EQ_U64(receive("c"), 1);
	CHECK(line());
	CHECK_EQ_U64(rd32(MIS), INT_RX);
	wr32(ICR, INT_RX | INT_RT);
	CHECK(line());
	CHECK_EQ_U64(rd32(DR), 'c');
	CHECK(!line());
	CHECK_EQ_U64(rd32(MIS), 0);
	/* Masking drops it with data still there; unmasking raises it. */
	CHECK_EQ_U64(receive("d"), 1);
	CHECK(line());
	wr32(IMSC, 0);
	CHECK(!line());
	wr32(IMSC, INT_RX);
	CHECK(line());
	CHECK_EQ_U64(u.ignored, 0);
}

/* The transmit interrupt on the line: a write raises it, TXIC or the mask
 * lowers it. */
static void test_tx_line(void)
{
	setup();
	wr32(ICR, INT_ALL);
	wr32(IMSC, INT_TX);
	CHECK(!line());
	wr32(DR, 'a');
	CHECK(line());
	CHECK_EQ_U64(rd32(MIS), INT_TX);
	wr32(ICR, INT_TX);
	CHECK(!line());
	wr(DR, 1, 'b');
	CHECK(line());
	wr32(IMSC, INT_RX);
	CHECK(!line());
	wr32(IMSC, INT_RX | INT_TX);
	CHECK(line());
	CHECK(strcmp(out, "guest: ab") == 0);
}

/*
 * MIS = RIS & IMSC for every mask, and the vGIC line is high exactly when
 * MIS is not zero - seen in the model's level and through the GIC's own
 * registers (GICD_ISPENDR1), and as a list register for the guest once
 * the distributor forwards SPI 33.
 */
static void test_mis_and_line(void)
{
	setup();
	gicd_wr(GICD_ISENABLER1, SPI33_BIT);
	for (unsigned state = 0; state < 4; state++) {
		wr32(ICR, INT_ALL);
		while (!(rd32(FR) & FR_RXFE))
			rd32(DR);
		if (state & 1)
			wr32(DR, '.');
		if (state & 2)
			receive("r");
		for (u32 imsc = 0; imsc <= INT_ALL; imsc++) {
			u64 ris, mis;

			wr32(IMSC, imsc);
			CHECK_EQ_U64(rd32(IMSC), imsc);
			ris = rd32(RIS);
			mis = rd32(MIS);
			CHECK_EQ_U64(ris, ((state & 1) ? INT_TX : 0) |
						  ((state & 2) ? INT_RX : 0));
			CHECK_EQ_U64(mis, ris & imsc);
			CHECK_EQ_U64(line(), mis != 0);
			CHECK_EQ_U64(!!(gicd_rd(GICD_ISPENDR1) & SPI33_BIT),
				     mis != 0);
		}
	}
	/* End to end: Group 1 enabled, the line up, a list register. */
	gicd_wr(GICD_CTLR, 2);
	gicd_wr(GICD_IGROUPR1, SPI33_BIT);
	wr32(IMSC, INT_RX);
	CHECK(line());
	vgic_flush(&vg);
	{
		bool found = false;

		for (unsigned n = 0; n < ARRAY_SIZE(fake.lr); n++)
			if (ICH_LR_STATE(fake.lr[n]) &&
			    ICH_LR_VINTID(fake.lr[n]) == VPL011_INTID)
				found = fake.lr[n] & ICH_LR_PENDING;
		CHECK(found);
	}
}

/* Registers a driver programs read back as written, at their TRM widths. */
static void test_registers_kept(void)
{
	struct {
		u64 off, mask;
	} regs[] = {
		{IBRD, 0xffff}, {FBRD, 0x3f},  {LCR_H, 0xff},
		{IFLS, 0x3f},	{IMSC, 0x7ff},
	};

	setup();
	for (unsigned i = 0; i < ARRAY_SIZE(regs); i++) {
		static const u64 vals[] = {0,	   1,	   0x2a,   0x55,
					   0xaaaa, 0x1234, 0xffff, 0xffffffff};

		for (unsigned k = 0; k < ARRAY_SIZE(vals); k++) {
			wr32(regs[i].off, vals[k]);
			CHECK_EQ_U64(rd32(regs[i].off), vals[k] & regs[i].mask);
			/* The amba driver's writew()/readw(). */
			wr(regs[i].off, 2, ~vals[k]);
			CHECK_EQ_U64(rd(regs[i].off, 2),
				     ~vals[k] & 0xffff & regs[i].mask);
		}
	}
	/* CR: 16 bits; bits 6:3 are reserved, so not relied on here. */
	wr32(CR, 0xffff0301);
	CHECK_EQ_U64(rd32(CR), 0x0301);
	wr(CR, 2, 0xff87);
	CHECK_EQ_U64(rd(CR, 2), 0xff87);
	wr32(CR, CR_UARTEN | CR_TXE | CR_RXE | CR_RTS | CR_DTR);
	CHECK_EQ_U64(rd32(CR), CR_UARTEN | CR_TXE | CR_RXE | CR_RTS | CR_DTR);
	/* 115200 8N1 with FIFOs from a 24 MHz clock, as set_termios does. */
	wr(IBRD, 2, 13);
	wr(FBRD, 2, 1);
	wr(LCR_H, 2, 0x70);
	CHECK_EQ_U64(rd(IBRD, 2), 13);
	CHECK_EQ_U64(rd(FBRD, 2), 1);
	CHECK_EQ_U64(rd(LCR_H, 2), 0x70);
	/* No DMA: DMACR reads 0 whatever is written (Linux then stays on
	 * PIO); no receive errors: RSR reads 0, ECR writes are fine. */
	wr32(DMACR, 7);
	CHECK_EQ_U64(rd32(DMACR), 0);
	wr32(RSR, 0xff);
	CHECK_EQ_U64(rd32(RSR), 0);
	/* None of that was a bad access. */
	CHECK_EQ_U64(u.ignored, 0);
	CHECK_EQ_U64(u.tx_bytes, 0);
}

/*
 * A byte or halfword load returns that many bytes: LDRB of CR (0x0300)
 * must give the guest 0x00, its low byte, as the hardware's byte lane
 * would. kernel/vcpu.c's handle_mmio() puts what the model returns into
 * the register without narrowing it, so a wider value here would reach
 * the guest's register as it is.
 */
static void test_narrow_reads(void)
{
	setup();
	CHECK_EQ_U64(rd(CR, 1), 0x00);
	wr32(IBRD, 0x1234);
	CHECK_EQ_U64(rd(IBRD, 1), 0x34);
	wr32(IMSC, 0x7ff);
	CHECK_EQ_U64(rd(IMSC, 1), 0xff);
	CHECK_EQ_U64(rd(FR, 1), FR_TXFE | FR_RXFE);
}

/*
 * What a stock kernel does with the UART, in order: pl011_startup (with
 * typed-ahead bytes waiting), a line of input through the interrupt
 * handler, output through start_tx and the TX interrupt, shutdown. The
 * handler's loop (status = RIS & im, until 0) must end, and nothing it
 * does is a bad access.
 */
static u32 im; /* the driver's shadow of IMSC */

static void drv_rx_chars(char *got, unsigned *n)
{
	for (unsigned i = 0; i < 256; i++) {
		if (rd(FR, 2) & FR_RXFE)
			break;
		got[(*n)++] = (char)rd(DR, 2);
	}
}

static const char *xmit;

static bool drv_tx_chars(bool from_irq)
{
	int count = VPL011_FIFO >> 1;

	while (*xmit) {
		if (from_irq && count-- == 0)
			break;
		if (!from_irq && (rd(FR, 2) & FR_TXFF))
			break;
		wr(DR, 2, (u8)*xmit++);
	}
	if (!*xmit) {
		im &= ~INT_TX; /* pl011_stop_tx */
		wr(IMSC, 2, im);
		return false;
	}
	return true;
}

/* Returns how many passes the handler made. */
static unsigned drv_int(char *got, unsigned *n)
{
	unsigned passes = 0;
	u32 status = (u32)rd(RIS, 2) & im;

	while (status && passes < 256) {
		passes++;
		wr(ICR, 2, status & ~(INT_TX | INT_RT | INT_RX));
		if (status & (INT_RT | INT_RX))
			drv_rx_chars(got, n);
		if (status & INT_TX)
			drv_tx_chars(true);
		status = (u32)rd(RIS, 2) & im;
	}
	return passes;
}

static void test_linux_driver_flow(void)
{
	static const char text[] = "a long line, longer than half the FIFO, "
				   "sent from the TX interrupt\n";
	char got[64];
	unsigned n = 0, passes;

	setup();
	CHECK_EQ_U64(receive("typed early"), 11);
	/* pl011_hwinit */
	wr(ICR, 2, INT_ERR | INT_RT | INT_RX);
	im = (u32)rd(IMSC, 2);
	CHECK_EQ_U64(im, 0);
	wr(IMSC, 2, INT_RT | INT_RX);
	wr(IMSC, 2, im); /* pl011_allocate_irq */
	wr(IFLS, 2, 0x12);
	{
		u32 cr = (u32)rd(CR, 2) & (CR_RTS | CR_DTR);

		wr(CR, 2, cr | CR_UARTEN | CR_RXE | CR_TXE);
	}
	/* pl011_enable_interrupts: clear, drain up to 2 * fifosize. */
	wr(ICR, 2, INT_RT | INT_RX);
	for (unsigned i = 0; i < 2 * VPL011_FIFO; i++) {
		if (rd(FR, 2) & FR_RXFE)
			break;
		rd(DR, 2);
	}
	CHECK_EQ_U64(u.rx_count, 0);
	im = INT_RT | INT_RX;
	wr(IMSC, 2, im);
	CHECK(!line());

	/* Input: the line rises, the handler reads it all, it falls. */
	CHECK_EQ_U64(receive("ls -l\n"), 6);
	CHECK(line());
	passes = drv_int(got, &n);
	CHECK_EQ_U64(passes, 1);
	CHECK_EQ_U64(n, 6);
	CHECK(memcmp(got, "ls -l\n", 6) == 0);
	CHECK(!line());

	/* Output: start_tx writes until FR.TXFF (never here), so it all
	 * goes at once and TXIM stays off. */
	xmit = "$ ";
	if (drv_tx_chars(false)) {
		im |= INT_TX;
		wr(IMSC, 2, im);
	}
	CHECK(!(im & INT_TX));
	CHECK(!line());
	/* From the TX interrupt, fifosize/2 at a time until done. */
	xmit = text;
	im |= INT_TX;
	wr(IMSC, 2, im);
	CHECK(line()); /* TXRIS is up from the last write */
	passes = drv_int(got, &n);
	CHECK_EQ_U64(passes, (sizeof(text) - 1 + 7) / 8);
	CHECK(!*xmit);
	CHECK(!line());
	CHECK(strcmp(out, "guest: $ a long line, longer than half the FIFO, "
			  "sent from the TX interrupt\n") == 0);

	/* pl011_shutdown: mask all, clear all. */
	im = 0;
	wr(IMSC, 2, im);
	wr(ICR, 2, 0xffff);
	CHECK_EQ_U64(rd(RIS, 2), 0);
	CHECK(!line());
	CHECK_EQ_U64(u.ignored, 0);
}

/*
 * Accesses that are not a register's: unaligned, 8 bytes wide, offsets
 * with no register, writes to read-only registers, reads of write-only
 * ICR. Each reads 0, changes nothing (no byte sent, none taken from the
 * FIFO, no register or line moved) and is counted.
 */
static void test_bad_accesses(void)
{
	static const struct {
		u64 off;
		unsigned size;
		bool write;
	} bad[] = {
		/* unaligned, into registers that exist */
		{0x001, 1, false},
		{0x001, 1, true},
		{0x002, 2, false},
		{0x002, 2, true},
		{0x003, 1, true},
		{0x019, 1, false},
		{0x031, 1, true},
		{0x032, 2, true},
		{0x03a, 2, true},
		{0x045, 1, true},
		{0xfe1, 1, false},
		{0xffe, 2, false},
		/* 8-byte accesses */
		{DR, 8, false},
		{DR, 8, true},
		{CR, 8, true},
		{CR, 8, false},
		{IMSC, 8, true},
		{PERIPHID, 8, false},
		{0xff8, 8, false},
		/* nothing there */
		{0x008, 4, false},
		{0x00c, 4, true},
		{0x010, 4, false},
		{0x014, 4, true},
		{0x01c, 4, false},
		{0x04c, 4, true},
		{0x050, 4, false},
		{0x100, 4, true},
		{0x800, 2, false},
		{0xfdc, 4, false},
		{0xfdc, 4, true},
		/* read-only and write-only registers the wrong way */
		{FR, 4, true},
		{RIS, 4, true},
		{MIS, 2, true},
		{ICR, 4, false},
		{PCELLID, 4, true},
	};
	u64 ignored = 0;

	setup();
	wr32(IMSC, INT_RX | INT_TX);
	CHECK_EQ_U64(receive("xyz"), 3);
	CHECK(line());
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		struct vpl011 before = u;
		u64 level = vg.level, v = POISON;
		unsigned len = out_len;

		if (bad[i].write)
			v = 0x7fffffffffffffffULL & size_mask(bad[i].size);
		vpl011_mmio(&u, VPL011_IPA + bad[i].off, bad[i].size,
			    bad[i].write, &v);
		if (!bad[i].write)
			CHECK_EQ_U64(v, 0);
		CHECK(same_state(&before, &u));
		CHECK_EQ_U64(vg.level, level);
		CHECK_EQ_U64(out_len, len);
		CHECK_EQ_U64(u.ignored, ++ignored);
		CHECK_EQ_U64(u.accesses, before.accesses + 1);
	}
	/* The FIFO kept its bytes through all of it. */
	CHECK_EQ_U64(rd32(DR), 'x');
	CHECK_EQ_U64(rd32(DR), 'y');
	CHECK_EQ_U64(rd32(DR), 'z');
	CHECK_EQ_U64(u.ignored, ignored);
}

/* Without an interrupt controller the guest polls: everything but the
 * line works, and nothing reaches for a vGIC. */
static void test_no_vgic(void)
{
	setup_with(false);
	CHECK(u.vgic == NULL);
	wr32(IMSC, INT_RX | INT_TX);
	wr32(DR, 'p');
	CHECK(strcmp(out, "guest: p") == 0);
	CHECK_EQ_U64(rd32(MIS), INT_TX);
	CHECK_EQ_U64(receive("01234567890123456789"), 16);
	CHECK(rd32(FR) & FR_RXFF);
	CHECK_EQ_U64(rd32(MIS), INT_TX | INT_RX);
	wr32(ICR, INT_ALL);
	CHECK_EQ_U64(rd32(MIS), INT_RX);
	for (unsigned i = 0; i < 16; i++)
		CHECK_EQ_U64(rd32(DR), (u8)('0' + i % 10));
	CHECK(rd32(FR) & FR_RXFE);
	CHECK_EQ_U64(rd32(MIS), 0);
	CHECK_EQ_U64(rd32(CR), CR_TXE | CR_RXE);
	CHECK_EQ_U64(rd32(PCELLID), 0x0d);
	/* The (unconnected) GIC saw nothing. */
	CHECK_EQ_U64(vg.level, 0);
	CHECK(!vg.dirty);
	CHECK_EQ_U64(u.ignored, 0);
}

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* The registers the TRM gives each direction. ILPR (IrDA low-power
 * divisor, 0x020), which neither the model nor Linux has a use for,
 * counts as absent. */
static bool readable(u64 off)
{
	switch (off) {
	case DR:
	case RSR:
	case FR:
	case IBRD:
	case FBRD:
	case LCR_H:
	case CR:
	case IFLS:
	case IMSC:
	case RIS:
	case MIS:
	case DMACR: return true;
	}
	return off >= PERIPHID && off <= 0xffc;
}

static bool writable(u64 off)
{
	switch (off) {
	case DR:
	case RSR:
	case IBRD:
	case FBRD:
	case LCR_H:
	case CR:
	case IFLS:
	case IMSC:
	case ICR:
	case DMACR: return true;
	}
	return false;
}

/*
 * Random accesses - offsets near the registers or anywhere in the page,
 * every size, random values - and random bytes typed in between, against
 * a shadow of what the TRM says the UART holds. After every step: the
 * FIFO within its 16 entries and in order, FR agreeing with it, RIS from
 * the shadow, MIS = RIS & IMSC, the line high exactly when MIS is not 0,
 * bad accesses read 0 and counted, good ones not.
 */
static void test_random_sweep(void)
{
	static const unsigned sizes[] = {1, 2, 4, 8};
	static const u64 hot[] = {DR,	 RSR,	FR,    IBRD,  FBRD,  LCR_H,
				  CR,	 IFLS,	IMSC,  RIS,   MIS,   ICR,
				  DMACR, 0x020, 0x04c, 0xfe0, 0xffc, 0xfdc};
	static const u8 ids[8] = {0x11, 0x10, 0x14, 0x00,
				  0x0d, 0xf0, 0x05, 0xb1};
	u8 fifo[VPL011_FIFO] = {0};
	unsigned head = 0, count = 0;
	u64 ibrd = 0, fbrd = 0, lcr_h = 0, cr = 0x300, ifls = 0x12, imsc = 0;
	u64 ignored = 0, tx = 0, accesses = 0;
	bool tx_int;

	setup();
	/* Start from a clean RIS, as Linux's shutdown leaves it: the reset
	 * value has its own test. */
	wr32(ICR, INT_ALL);
	tx_int = false;
	accesses = u.accesses;
	for (unsigned step = 0; step < 200000; step++) {
		u64 r = rnd(), off, v, ris, fr;
		unsigned size = sizes[(r >> 8) & 3];
		bool write = (r >> 10) & 1, good;

		if ((r & 15) == 0) {
			char buf[24];
			unsigned n = (unsigned)(r >> 16) % 24, took;
			unsigned fit = VPL011_FIFO - count;

			for (unsigned i = 0; i < n; i++)
				buf[i] = (char)(rnd() >> 20);
			took = vpl011_receive(&u, buf, n);
			CHECK_EQ_U64(took, n < fit ? n : fit);
			for (unsigned i = 0; i < took; i++)
				fifo[(head + count++) % VPL011_FIFO] =
					(u8)buf[i];
			CHECK_EQ_U64(vpl011_room(&u), VPL011_FIFO - count);
			continue;
		}
		if ((r >> 4) & 1)
			off = (r >> 20) & 0xfff;
		else
			off = hot[((r >> 20) & 0xff) % ARRAY_SIZE(hot)] +
			      (((r >> 32) & 7) == 0 ? (r >> 36) & 3 : 0);
		v = rnd() & size_mask(size);
		/* Mostly plain register values, now and then wild ones. */
		if (off == ICR && write && (r >> 40) % 4)
			v &= INT_TX | INT_RX;
		if (off == DR && !write && (r >> 44) % 2 == 0)
			size = 4;
		good = !(off & 3) && size <= 4 &&
		       (write ? writable(off) : readable(off));
		if (!write)
			v = POISON;
		vpl011_mmio(&u, VPL011_IPA + off, size, write, &v);
		accesses++;
		if (!good)
			ignored++;
		CHECK_EQ_U64(u.ignored, ignored);
		if (!good && !write)
			CHECK_EQ_U64(v, 0);
		if (good && write) {
			switch (off) {
			case DR:
				tx++;
				tx_int = true;
				break;
			case IBRD: ibrd = v & 0xffff; break;
			case FBRD: fbrd = v & 0x3f; break;
			case LCR_H: lcr_h = v & 0xff; break;
			case CR: cr = v & 0xffff; break;
			case IFLS: ifls = v & 0x3f; break;
			case IMSC: imsc = v & INT_ALL; break;
			case ICR:
				if (v & INT_TX)
					tx_int = false;
				break;
			}
		}
		/* Narrow reads have their own test: compare the bytes read. */
		if (good && !write) {
			u64 want = 0;

			switch (off) {
			case DR:
				if (count) {
					want = fifo[head];
					head = (head + 1) % VPL011_FIFO;
					count--;
				}
				break;
			case IBRD: want = ibrd; break;
			case FBRD: want = fbrd; break;
			case LCR_H: want = lcr_h; break;
			case CR: want = cr; break;
			case IFLS: want = ifls; break;
			case IMSC: want = imsc; break;
			case RSR:
			case DMACR: want = 0; break;
			case FR:
			case RIS:
			case MIS:
				want = v; /* checked below, after the access */
				break;
			default: want = ids[(off - PERIPHID) / 4]; break;
			}
			CHECK_EQ_U64(v & size_mask(size),
				     want & size_mask(size));
		}
		/* The invariants, through the registers a driver reads. */
		CHECK(u.rx_count <= VPL011_FIFO);
		CHECK(u.rx_head < VPL011_FIFO);
		CHECK_EQ_U64(u.rx_count, count);
		fr = rd32(FR);
		ris = rd32(RIS);
		accesses += 2;
		CHECK_EQ_U64(fr, FR_TXFE | (count ? 0 : FR_RXFE) |
					 (count == VPL011_FIFO ? FR_RXFF : 0));
		CHECK_EQ_U64(ris, (tx_int ? INT_TX : 0) | (count ? INT_RX : 0));
		CHECK_EQ_U64(rd32(MIS), ris & imsc);
		accesses++;
		CHECK_EQ_U64(line(), (ris & imsc) != 0);
		CHECK_EQ_U64(u.tx_bytes, tx);
		CHECK_EQ_U64(u.accesses, accesses);
		if (out_len > OUT_MAX / 2)
			out_reset();
	}
	CHECK(ignored > 1000 && tx > 100);
}

int main(void)
{
	RUN(test_owns);
	RUN(test_reset_values);
	RUN(test_reset_no_tx_interrupt);
	RUN(test_id_registers);
	RUN(test_tx_dr32);
	RUN(test_tx_earlycon);
	RUN(test_tx_escaped);
	RUN(test_tx_no_output);
	RUN(test_tx_flags_and_interrupt);
	RUN(test_rx_fill);
	RUN(test_rx_order_wraps);
	RUN(test_rx_interrupt);
	RUN(test_tx_line);
	RUN(test_mis_and_line);
	RUN(test_registers_kept);
	RUN(test_narrow_reads);
	RUN(test_linux_driver_flow);
	RUN(test_bad_accesses);
	RUN(test_no_vgic);
	RUN(test_random_sweep);
	CHECK_EXIT();
}
