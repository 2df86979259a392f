/* tests/unit/test_passthrough.c - host tests of passthrough_select (kernel/passthrough.c): which boot-DTB nodes passthrough= may give the guest, what is kept of each, and each refusal's exact message, on device trees built with libfdt. */
#include <libfdt.h>

#include "tests/unit/check.h"
#include "hyp/fake/fake.h"
#include "kernel/cmdline.h"
#include "kernel/mvabi.h"
#include "kernel/passthrough.h"
#include "kernel/vgic.h"
#include "kernel/vpl011.h"

/*
 * The test board: qemu-virt's PL061 and PL031, but RAM, the GIC and the
 * console away from the guest's IPAs (RAM at 0x40000000, the vGIC at
 * 0x8000000, the vPL011 at 0x9000000), so each overlap is seen alone.
 */
#define RAM_BASE    0x80000000ULL
#define RAM_SIZE    0x80000000ULL
#define GICD_BASE   0x2f000000ULL
#define GICD_SIZE   0x10000ULL
#define GICR_BASE   0x2f100000ULL
#define GICR_SIZE   0x100000ULL
#define CONSOLE_PA  0x1c090000ULL
#define CONSOLE_IRQ 37 /* SPI 5: the microvisor's console */
#define DTB_PA	    0x88000000ULL

#define PH_GIC	 1 /* phandles */
#define PH_CLK24 2
#define PH_CLK25 3
#define PH_SP810 4
#define PH_GPIO	 5

#define FDT_SIZE 32768

/* The refusal text every rule reports, as tests/qemu/passthrough.sh
 * expects it after "error: ". */
#define IRQ_RANGE "(the guest's: SPIs 0-31, edge or level-high, 4 at most)"

static u8 fdt[FDT_SIZE] __attribute__((aligned(8)));
static struct boot_info bi;
static struct mv_options opts;
static char err[256];

/* The log, for the lines a selection prints at info level. */
static char logbuf[4096];
static size_t loglen;

static void log_to_buf(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	if (n > sizeof(logbuf) - 1 - loglen)
		n = sizeof(logbuf) - 1 - loglen;
	memcpy(logbuf + loglen, s, n);
	loglen += n;
	logbuf[loglen] = '\0';
}

static void set_cells(int node, const char *name, const u32 *v, unsigned n)
{
	fdt32_t c[32];

	for (unsigned i = 0; i < n; i++)
		c[i] = cpu_to_fdt32(v[i]);
	if (fdt_setprop(fdt, node, name, c, (int)(n * 4)))
		abort(); /* FDT_SIZE too small: the test's own fault */
}

static void set_reg(int node, u64 base, u64 size)
{
	u32 c[4] = {base >> 32, (u32)base, size >> 32, (u32)size};

	set_cells(node, "reg", c, 4);
}

static void set_irq(int node, u32 type, u32 num, u32 flags)
{
	u32 c[3] = {type, num, flags};

	set_cells(node, "interrupts", c, 3);
}

static int add_node(int parent, const char *name)
{
	int node = fdt_add_subnode(fdt, parent, name);

	if (node < 0)
		abort();
	return node;
}

static void fixed_clock(const char *name, u32 hz, u32 phandle)
{
	int node = add_node(0, name);

	fdt_setprop_string(fdt, node, "compatible", "fixed-clock");
	fdt_setprop_u32(fdt, node, "#clock-cells", 0);
	fdt_setprop_u32(fdt, node, "clock-frequency", hz);
	fdt_setprop_u32(fdt, node, "phandle", phandle);
}

/* A root device: reg (one range), and interrupts unless irq_num < 0. */
static int device(const char *name, u64 base, u64 size, u32 type, int irq_num,
		  u32 flags)
{
	int node = add_node(0, name);

	fdt_setprop_string(fdt, node, "compatible", "test,device");
	set_reg(node, base, size);
	if (irq_num >= 0)
		set_irq(node, type, (u32)irq_num, flags);
	return node;
}

/*
 * A fresh board tree (with or without its GICv3 node) and boot_info,
 * the log at info level into logbuf, the fake arch layer reset.
 */
static void board_gic(bool gic)
{
	struct log_output out = {.write = log_to_buf};
	int node;

	fake_reset();
	loglen = 0;
	logbuf[0] = '\0';
	log_set_output(&out);
	log_set_level(MV_LOG_INFO);
	memset(err, 'x', sizeof(err) - 1);
	err[sizeof(err) - 1] = '\0';

	if (fdt_create_empty_tree(fdt, FDT_SIZE))
		abort();
	fdt_setprop_u32(fdt, 0, "#address-cells", 2);
	fdt_setprop_u32(fdt, 0, "#size-cells", 2);
	fdt_setprop_string(fdt, 0, "compatible", "test,board");
	if (gic) {
		u32 reg[8] = {0, GICD_BASE, 0, GICD_SIZE,
			      0, GICR_BASE, 0, GICR_SIZE};

		fdt_setprop_u32(fdt, 0, "interrupt-parent", PH_GIC);
		node = add_node(0, "intc@2f000000");
		fdt_setprop_string(fdt, node, "compatible", "arm,gic-v3");
		fdt_setprop(fdt, node, "interrupt-controller", NULL, 0);
		fdt_setprop_u32(fdt, node, "#interrupt-cells", 3);
		set_cells(node, "reg", reg, 8);
		fdt_setprop_u32(fdt, node, "phandle", PH_GIC);
	}
	node = add_node(0, "memory@80000000");
	fdt_setprop_string(fdt, node, "device_type", "memory");
	set_reg(node, RAM_BASE, RAM_SIZE);

	fixed_clock("apb-pclk", 24000000, PH_CLK24);
	fixed_clock("clk25", 25000000, PH_CLK25);
	node = add_node(0, "sysctl@1c020000");
	fdt_setprop_string(fdt, node, "compatible", "arm,sp810");
	fdt_setprop_u32(fdt, node, "#clock-cells", 1);
	set_reg(node, 0x1c020000, 0x1000);
	fdt_setprop_u32(fdt, node, "phandle", PH_SP810);

	node = device("uart@1c090000", CONSOLE_PA, 0x1000, 0, CONSOLE_IRQ - 32,
		      4);
	fdt_setprop_u32(fdt, node, "clocks", PH_CLK24);
	node = device("pl061@9030000", 0x9030000, 0x1000, 0, 7, 4);
	fdt_setprop_u32(fdt, node, "clocks", PH_CLK24);
	fdt_setprop_u32(fdt, node, "#gpio-cells", 2);
	fdt_setprop(fdt, node, "gpio-controller", NULL, 0);
	fdt_setprop_u32(fdt, node, "phandle", PH_GPIO);
	node = device("pl031@9010000", 0x9010000, 0x1000, 0, 2, 4);
	fdt_setprop_u32(fdt, node, "clocks", PH_CLK24);

	memset(&bi, 0, sizeof(bi));
	bi.dtb = pa(DTB_PA);
	bi.mem[0].base = pa(RAM_BASE);
	bi.mem[0].size = RAM_SIZE;
	bi.nr_mem = 1;
	bi.has_stdout_uart = true;
	bi.stdout_uart = pa(CONSOLE_PA);
	bi.has_stdout_irq = true;
	bi.stdout_irq = CONSOLE_IRQ;
	bi.has_gicv3 = gic;
	bi.gicd.base = pa(GICD_BASE);
	bi.gicd.size = GICD_SIZE;
	bi.gicr.base = pa(GICR_BASE);
	bi.gicr.size = GICR_SIZE;
}

static void board(void)
{
	board_gic(true);
}

/* passthrough=list (comma-separated) with rma_size=rma: the selection's
 * result. */
static int give_rma(const char *list, u64 rma)
{
	const char *p = list;

	cmdline_defaults(&opts);
	opts.rma_size = rma;
	while (*p) {
		size_t n = strcspn(p, ",");
		char *dst = opts.passthrough[opts.nr_passthrough++];

		memcpy(dst, p, n);
		dst[n] = '\0';
		p += n + (p[n] == ',');
	}
	bi.dtb_size = fdt_totalsize(fdt);
	return passthrough_select(fdt, &bi, &opts, pa(CONSOLE_PA), err,
				  sizeof(err));
}

static int give(const char *list)
{
	return give_rma(list, MV_RMA_SIZE_DEFAULT);
}

/*
 * Refused with exactly msg (after "passthrough=: "), and nothing
 * selected: no device, no INTID owned, the boot DTB not mapped.
 */
#define CHECK_REFUSED(list, msg)                                               \
	do {                                                                   \
		CHECK(give(list) == -1);                                       \
		CHECK_STR_CONTAINS(err, "passthrough=: " msg);                 \
		CHECK_EQ_U64(strlen(err), strlen("passthrough=: " msg));       \
		CHECK_EQ_U64(passthrough_count(), 0);                          \
		CHECK(!passthrough_device(0));                                 \
		CHECK(!passthrough_fdt());                                     \
		CHECK_EQ_U64(fake.nr_win, 0);                                  \
	} while (0)

/* Accepted, the boot DTB mapped once (for the guest trees built later). */
#define CHECK_GIVEN(list, count)                                               \
	do {                                                                   \
		CHECK_EQ_U64(give(list), 0);                                   \
		CHECK_EQ_U64(err[0], '\0');                                    \
		CHECK_EQ_U64(passthrough_count(), (count));                    \
		CHECK_EQ_U64(fake.nr_win, 1);                                  \
		CHECK_EQ_U64(pa_addr(fake.win[0].pa), DTB_PA);                 \
		CHECK_EQ_U64(fake.win[0].size, fdt_totalsize(fdt));            \
		CHECK(passthrough_fdt() == fake.win[0].host);                  \
	} while (0)

/* ---- accepted ------------------------------------------------------- */

static void test_single_device(void)
{
	const struct pt_device *d;

	board();
	CHECK_GIVEN("/pl061@9030000", 1);
	d = passthrough_device(0);
	CHECK(d);
	CHECK(!passthrough_device(1));
	CHECK(!strcmp(d->path, "/pl061@9030000"));
	CHECK_EQ_U64(d->node, fdt_path_offset(fdt, "/pl061@9030000"));
	CHECK_EQ_U64(d->nr_reg, 1);
	CHECK_EQ_U64(pa_addr(d->reg[0].base), 0x9030000);
	CHECK_EQ_U64(d->reg[0].size, 0x1000);
	CHECK_EQ_U64(d->nr_irq, 1);
	CHECK_EQ_U64(d->intid[0], 39);
	CHECK(!d->edge[0]);
	CHECK(passthrough_owns_irq(39));
	CHECK(!passthrough_owns_irq(34));
	CHECK(!passthrough_owns_irq(33));
	/* The lines tests/qemu/passthrough.sh expects on the console. */
	CHECK_STR_CONTAINS(logbuf, "passthrough: /pl061@9030000: registers "
				   "0x9030000-0x9030fff at IPA = PA");
	CHECK_STR_CONTAINS(logbuf, "passthrough: /pl061@9030000: SPI 7 "
				   "(INTID 39, high level)");
}

static void test_none_given(void)
{
	board();
	CHECK_EQ_U64(give(""), 0);
	CHECK_EQ_U64(passthrough_count(), 0);
	CHECK(!passthrough_fdt());
	/* Nothing given: the boot DTB is not mapped. */
	CHECK_EQ_U64(fake.nr_win, 0);
}

static void test_two_devices(void)
{
	const struct pt_device *a, *b;

	board();
	CHECK_GIVEN("/pl061@9030000,/pl031@9010000", 2);
	a = passthrough_device(0);
	b = passthrough_device(1);
	CHECK(a && b && !passthrough_device(2));
	CHECK(!strcmp(a->path, "/pl061@9030000"));
	CHECK(!strcmp(b->path, "/pl031@9010000"));
	CHECK_EQ_U64(pa_addr(b->reg[0].base), 0x9010000);
	CHECK_EQ_U64(b->intid[0], 34);
	CHECK(passthrough_owns_irq(39) && passthrough_owns_irq(34));
	CHECK_STR_CONTAINS(logbuf, "passthrough: /pl031@9010000: SPI 2 "
				   "(INTID 34, high level)");
}

/* Selecting again starts afresh: nothing of the last selection is kept. */
static void test_select_again(void)
{
	board();
	CHECK_GIVEN("/pl061@9030000,/pl031@9010000", 2);
	fake_reset();
	CHECK_GIVEN("/pl031@9010000", 1);
	CHECK(!strcmp(passthrough_device(0)->path, "/pl031@9010000"));
	CHECK(!passthrough_owns_irq(39));
}

static void test_edge_rising(void)
{
	const struct pt_device *d;

	board();
	device("dev@9200000", 0x9200000, 0x1000, 0, 9, 1);
	CHECK_GIVEN("/dev@9200000", 1);
	d = passthrough_device(0);
	CHECK_EQ_U64(d->nr_irq, 1);
	CHECK_EQ_U64(d->intid[0], 41);
	CHECK(d->edge[0]);
	CHECK_STR_CONTAINS(logbuf, "SPI 9 (INTID 41, rising edge)");
}

/* No interrupts and no clocks: registers only. */
static void test_registers_only(void)
{
	board();
	device("dev@9200000", 0x9200000, 0x1000, 0, -1, 0);
	CHECK_GIVEN("/dev@9200000", 1);
	CHECK_EQ_U64(passthrough_device(0)->nr_irq, 0);
}

/* The node's own interrupt-parent, when the root has none. */
static void test_own_interrupt_parent(void)
{
	int node;

	board();
	fdt_delprop(fdt, 0, "interrupt-parent");
	node = device("dev@9200000", 0x9200000, 0x1000, 0, 12, 4);
	fdt_setprop_u32(fdt, node, "interrupt-parent", PH_GIC);
	CHECK_GIVEN("/dev@9200000", 1);
	CHECK_EQ_U64(passthrough_device(0)->intid[0], 44);
}

static void test_status_okay(void)
{
	static const char *const ok[] = {"okay", "ok"};

	for (unsigned i = 0; i < ARRAY_SIZE(ok); i++) {
		board();
		fdt_setprop_string(fdt, fdt_path_offset(fdt, "/pl061@9030000"),
				   "status", ok[i]);
		CHECK_GIVEN("/pl061@9030000", 1);
	}
}

/* The unit address may be left out, as libfdt allows. */
static void test_path_without_unit_address(void)
{
	board();
	CHECK_GIVEN("/pl061", 1);
	CHECK(!strcmp(passthrough_device(0)->path, "/pl061"));
	CHECK_EQ_U64(pa_addr(passthrough_device(0)->reg[0].base), 0x9030000);
}

static void test_four_regs(void)
{
	u32 reg[16];
	int node;

	board();
	for (unsigned i = 0; i < 4; i++) {
		reg[i * 4] = 0;
		reg[i * 4 + 1] = 0x9200000 + i * 0x10000;
		reg[i * 4 + 2] = 0;
		reg[i * 4 + 3] = 0x1000;
	}
	node = device("dev@9200000", 0x9200000, 0x1000, 0, -1, 0);
	set_cells(node, "reg", reg, 16);
	CHECK_GIVEN("/dev@9200000", 1);
	CHECK_EQ_U64(passthrough_device(0)->nr_reg, 4);
	CHECK_EQ_U64(pa_addr(passthrough_device(0)->reg[3].base), 0x9230000);
	CHECK_STR_CONTAINS(logbuf, "passthrough: /dev@9200000: registers "
				   "0x9230000-0x9230fff at IPA = PA");
}

static void test_four_irqs(void)
{
	u32 irqs[12] = {0, 10, 4, 0, 11, 1, 0, 12, 4, 0, 13, 4};
	const struct pt_device *d;
	int node;

	board();
	node = device("dev@9200000", 0x9200000, 0x1000, 0, -1, 0);
	set_cells(node, "interrupts", irqs, 12);
	CHECK_GIVEN("/dev@9200000", 1);
	d = passthrough_device(0);
	CHECK_EQ_U64(d->nr_irq, 4);
	CHECK_EQ_U64(d->intid[0], 42);
	CHECK_EQ_U64(d->intid[3], 45);
	CHECK(!d->edge[0] && d->edge[1] && !d->edge[2]);
}

/* SPI 31 is the vGIC's last (INTID 63). */
static void test_last_spi(void)
{
	board();
	device("dev@9200000", 0x9200000, 0x1000, 0, VGIC_NR_SPIS - 1, 4);
	CHECK_GIVEN("/dev@9200000", 1);
	CHECK_EQ_U64(passthrough_device(0)->intid[0], VGIC_NR_IRQS - 1);
}

/* Without a console interrupt on the board, INTID 37 is a device's. */
static void test_no_console_irq(void)
{
	board();
	bi.has_stdout_irq = false;
	device("dev@9200000", 0x9200000, 0x1000, 0, CONSOLE_IRQ - 32, 4);
	CHECK_GIVEN("/dev@9200000", 1);
	CHECK_EQ_U64(passthrough_device(0)->intid[0], CONSOLE_IRQ);
}

/* Next to what may not be touched, in the next page: allowed. */
static void test_overlap_boundaries(void)
{
	static const u64 ok[] = {
		RAM_BASE - 0x1000,
		0x7ffff800, /* its page ends where RAM begins */
		CONSOLE_PA + 0x1000,
		GICD_BASE + GICD_SIZE,
		GICR_BASE - 0x1000,
		VGIC_GICD_IPA + VGIC_GICD_SIZE,
		VGIC_GICR_IPA + VGIC_MAX_CPUS * VGIC_GICR_SIZE,
		VPL011_IPA + VPL011_SIZE,
		MV_GUEST_RAM_IPA + MV_RMA_SIZE_DEFAULT,
		MV_GUEST_RAM_IPA - 0x1000,
	};

	for (unsigned i = 0; i < ARRAY_SIZE(ok); i++) {
		board();
		device("dev@0", ok[i], 0x100, 0, -1, 0);
		CHECK_GIVEN("/dev@0", 1);
		CHECK_EQ_U64(pa_addr(passthrough_device(0)->reg[0].base),
			     ok[i]);
	}
}

/* ---- refused: the node itself -------------------------------------- */

static void test_missing_node(void)
{
	board();
	CHECK_REFUSED("/nope@1234", "no node /nope@1234 in the boot device "
				    "tree");
	/* The first found, the second missing: nothing is kept. */
	CHECK_REFUSED("/pl061@9030000,/nope@1234",
		      "no node /nope@1234 in the boot device tree");
}

static void test_not_root_child(void)
{
	int soc, node;

	board();
	soc = add_node(0, "soc");
	fdt_setprop_u32(fdt, soc, "#address-cells", 1);
	fdt_setprop_u32(fdt, soc, "#size-cells", 1);
	node = add_node(soc, "serial@9300000");
	set_cells(node, "reg", (const u32[]){0x9300000, 0x1000}, 2);
	CHECK_REFUSED("/soc/serial@9300000",
		      "/soc/serial@9300000 is not a child of the root: only "
		      "the root's devices (reg in its cells) can be given");
}

static void test_disabled(void)
{
	static const char *const bad[] = {"disabled", "fail", "reserved"};
	char msg[128];

	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		board();
		fdt_setprop_string(fdt, fdt_path_offset(fdt, "/pl061@9030000"),
				   "status", bad[i]);
		snprintf(msg, sizeof(msg),
			 "passthrough=: /pl061@9030000 is disabled (status = "
			 "\"%s\")",
			 bad[i]);
		CHECK(give("/pl061@9030000") == -1);
		CHECK(!strcmp(err, msg));
		CHECK_EQ_U64(passthrough_count(), 0);
		CHECK_EQ_U64(fake.nr_win, 0);
	}
}

static void test_given_twice(void)
{
	board();
	CHECK_REFUSED("/pl061@9030000,/pl061@9030000",
		      "/pl061@9030000 is given twice");
	/* Another spelling of the same node. */
	CHECK_REFUSED("/pl061@9030000,/pl061", "/pl061 is given twice");
}

static void test_child_nodes(void)
{
	int node;

	board();
	node = device("bus@9200000", 0x9200000, 0x1000, 0, -1, 0);
	add_node(node, "gpio@0");
	CHECK_REFUSED("/bus@9200000", "/bus@9200000 has child nodes: only leaf "
				      "devices can be given");
}

#define NO_REG(path) path " has no reg this microvisor can map (1 to 4 ranges)"

static void test_no_reg(void)
{
	int node;

	board();
	node = add_node(0, "dev@9200000");
	fdt_setprop_string(fdt, node, "compatible", "test,device");
	CHECK_REFUSED("/dev@9200000", NO_REG("/dev@9200000"));

	/* Empty, and not a whole number of (2 + 2)-cell ranges. */
	fdt_setprop(fdt, node, "reg", NULL, 0);
	CHECK_REFUSED("/dev@9200000", NO_REG("/dev@9200000"));
	set_cells(node, "reg", (const u32[]){0, 0x9200000, 0x1000}, 3);
	CHECK_REFUSED("/dev@9200000", NO_REG("/dev@9200000"));

	/* Root cells this microvisor does not read. */
	set_reg(node, 0x9200000, 0x1000);
	fdt_setprop_u32(fdt, 0, "#address-cells", 3);
	CHECK_REFUSED("/dev@9200000", NO_REG("/dev@9200000"));
}

static void test_too_many_regs(void)
{
	u32 reg[20];
	int node;

	board();
	for (unsigned i = 0; i < 5; i++) {
		reg[i * 4] = 0;
		reg[i * 4 + 1] = 0x9200000 + i * 0x10000;
		reg[i * 4 + 2] = 0;
		reg[i * 4 + 3] = 0x1000;
	}
	node = device("dev@9200000", 0x9200000, 0x1000, 0, -1, 0);
	set_cells(node, "reg", reg, 20);
	CHECK_REFUSED("/dev@9200000", NO_REG("/dev@9200000"));
}

static void test_bad_reg_range(void)
{
	board();
	device("zero@9200000", 0x9200000, 0, 0, -1, 0);
	CHECK_REFUSED("/zero@9200000", "/zero@9200000: bad reg range");
	device("wrap@fffffffffffff000", 0xfffffffffffff000ULL, 0x2000, 0, -1,
	       0);
	CHECK_REFUSED("/wrap@fffffffffffff000",
		      "/wrap@fffffffffffff000: bad reg range");
}

/* ---- refused: what the registers touch ------------------------------ */

static void test_overlap_ram(void)
{
	board();
	device("dev@80001000", 0x80001000, 0x1000, 0, -1, 0);
	CHECK_REFUSED("/dev@80001000", "/dev@80001000: registers "
				       "0x80001000-0x80001fff overlap RAM");
	/* Outside RAM, but the page stage 2 would map is RAM's too. */
	device("edge@7ffffff0", 0x7ffffff0, 0x20, 0, -1, 0);
	CHECK_REFUSED("/edge@7ffffff0", "/edge@7ffffff0: registers "
					"0x7ffffff0-0x8000000f overlap RAM");
}

static void test_overlap_console(void)
{
	board();
	/* The console's own node, and a node in its page. */
	CHECK_REFUSED("/uart@1c090000",
		      "/uart@1c090000: registers 0x1c090000-0x1c090fff "
		      "overlap the microvisor's console");
	device("dev@1c090800", CONSOLE_PA + 0x800, 0x100, 0, -1, 0);
	CHECK_REFUSED("/dev@1c090800",
		      "/dev@1c090800: registers 0x1c090800-0x1c0908ff "
		      "overlap the microvisor's console");
}

static void test_overlap_gic(void)
{
	board();
	device("in-gicd@2f000000", GICD_BASE, 0x1000, 0, -1, 0);
	CHECK_REFUSED("/in-gicd@2f000000",
		      "/in-gicd@2f000000: registers 0x2f000000-0x2f000fff "
		      "overlap the GIC");
	device("in-gicr@2f1ff000", GICR_BASE + GICR_SIZE - 0x1000, 0x1000, 0,
	       -1, 0);
	CHECK_REFUSED("/in-gicr@2f1ff000",
		      "/in-gicr@2f1ff000: registers 0x2f1ff000-0x2f1fffff "
		      "overlap the GIC");
	/* The GIC node itself: its distributor comes first. */
	CHECK_REFUSED("/intc@2f000000",
		      "/intc@2f000000: registers "
		      "0x2f000000-0x2f00ffff overlap the GIC");
}

static void test_overlap_vgic_ipas(void)
{
	static const u64 at[] = {
		VGIC_GICD_IPA,
		VGIC_GICD_IPA + VGIC_GICD_SIZE - 0x1000,
		VGIC_GICR_IPA,
		VGIC_GICR_IPA + VGIC_MAX_CPUS * VGIC_GICR_SIZE - 0x1000,
		VPL011_IPA,
	};
	char msg[160];

	for (unsigned i = 0; i < ARRAY_SIZE(at); i++) {
		board();
		device("dev@0", at[i], 0x1000, 0, -1, 0);
		snprintf(msg, sizeof(msg),
			 "passthrough=: /dev@0: registers %#llx-%#llx overlap "
			 "the guest's emulated GIC or console UART (as IPAs)",
			 (unsigned long long)at[i],
			 (unsigned long long)at[i] + 0xfff);
		CHECK(give("/dev@0") == -1);
		CHECK_STR_CONTAINS(err, msg);
		CHECK_EQ_U64(strlen(err), strlen(msg));
		CHECK_EQ_U64(passthrough_count(), 0);
	}
}

static void test_overlap_guest_ram_ipas(void)
{
	board();
	device("dev@40000000", MV_GUEST_RAM_IPA, 0x1000, 0, -1, 0);
	CHECK_REFUSED("/dev@40000000",
		      "/dev@40000000: registers 0x40000000-0x40000fff overlap "
		      "guest RAM (as IPAs)");
	device("dev@4ffff000", 0x4ffff000, 0x1000, 0, -1, 0);
	CHECK_REFUSED("/dev@4ffff000",
		      "/dev@4ffff000: registers 0x4ffff000-0x4fffffff overlap "
		      "guest RAM (as IPAs)");
	/* Past 256 MiB of guest RAM, inside 512 MiB. */
	device("dev@50000000", 0x50000000, 0x1000, 0, -1, 0);
	CHECK_EQ_U64(give_rma("/dev@50000000", 256ULL << 20), 0);
	fake_reset();
	CHECK(give_rma("/dev@50000000", 512ULL << 20) == -1);
	CHECK(!strcmp(err,
		      "passthrough=: /dev@50000000: registers "
		      "0x50000000-0x50000fff overlap guest RAM (as IPAs)"));
	CHECK_EQ_U64(passthrough_count(), 0);
}

/*
 * Two given devices whose pages overlap: the first is refused for the
 * page it would share with the second (a node of the root like any).
 */
static void test_given_devices_overlap(void)
{
	board();
	device("a@9200000", 0x9200000, 0x1000, 0, -1, 0);
	device("b@9200800", 0x9200800, 0x1000, 0, -1, 0);
	CHECK_REFUSED("/a@9200000,/b@9200800",
		      "/a@9200000: the 4 KiB page(s) 0x9200000-0x9200fff stage "
		      "2 would map also hold /b@9200800's registers (a page is "
		      "given whole)");
	CHECK_REFUSED("/b@9200800,/a@9200000",
		      "/b@9200800: the 4 KiB page(s) 0x9200000-0x9201fff stage "
		      "2 would map also hold /a@9200000's registers (a page is "
		      "given whole)");

	/* Registers apart, the page the same. */
	board();
	device("c@9200000", 0x9200000, 0x100, 0, -1, 0);
	device("d@9200f00", 0x9200f00, 0x100, 0, -1, 0);
	CHECK_REFUSED("/c@9200000,/d@9200f00",
		      "/c@9200000: the 4 KiB page(s) 0x9200000-0x9200fff stage "
		      "2 would map also hold /d@9200f00's registers (a page is "
		      "given whole)");
}

static void test_shared_page(void)
{
	board();
	device("share@9030800", 0x9030800, 0x100, 0, -1, 0);
	CHECK_REFUSED("/pl061@9030000",
		      "/pl061@9030000: the 4 KiB page(s) 0x9030000-0x9030fff "
		      "stage 2 would map also hold /share@9030800's registers "
		      "(a page is given whole)");
	CHECK_REFUSED("/share@9030800",
		      "/share@9030800: the 4 KiB page(s) 0x9030000-0x9030fff "
		      "stage 2 would map also hold /pl061@9030000's registers "
		      "(a page is given whole)");
	/* A node that is not given still owns its page: the PL031 is fine. */
	CHECK_GIVEN("/pl031@9010000", 1);
}

/* ---- refused: DMA and references ------------------------------------ */

static void test_dma_props(void)
{
	static const char *const dma[] = {
		"iommus",	"iommu-map",  "iommu-map-mask",
		"dma-coherent", "dma-ranges", "msi-parent",
		"msi-map",	"dmas",	      "#dma-cells",
	};
	char msg[192];

	for (unsigned i = 0; i < ARRAY_SIZE(dma); i++) {
		int node;

		board();
		node = device("dev@9200000", 0x9200000, 0x1000, 0, 10, 4);
		/* Empty (dma-coherent's form) or a cell: either shows it. */
		if (i % 2)
			fdt_setprop(fdt, node, dma[i], NULL, 0);
		else
			fdt_setprop_u32(fdt, node, dma[i], 1);
		snprintf(msg, sizeof(msg),
			 "passthrough=: /dev@9200000 shows a sign of DMA (%s): "
			 "no DMA-capable device is given until the DMA plan "
			 "(docs/dma.md) is in code",
			 dma[i]);
		CHECK(give("/dev@9200000") == -1);
		CHECK_STR_CONTAINS(err, msg);
		CHECK_EQ_U64(strlen(err), strlen(msg));
		CHECK_EQ_U64(passthrough_count(), 0);
		CHECK_EQ_U64(fake.nr_win, 0);
	}
}

static void test_reference_props(void)
{
	static const char *const refs[] = {
		"resets",	 "power-domains",	"phys",
		"interconnects", "assigned-clocks",	"mboxes",
		"nvmem-cells",	 "interrupts-extended", "gpios",
		"reset-gpios",	 "enable-gpios",	"vdd-supply",
		"pinctrl-0",	 "pinctrl-names",
	};
	char msg[160];

	for (unsigned i = 0; i < ARRAY_SIZE(refs); i++) {
		int node;

		board();
		node = device("dev@9200000", 0x9200000, 0x1000, 0, 10, 4);
		set_cells(node, refs[i], (const u32[]){PH_GPIO, 3, 0}, 3);
		snprintf(msg, sizeof(msg),
			 "passthrough=: /dev@9200000 needs %s, a reference "
			 "the guest's device tree cannot carry",
			 refs[i]);
		CHECK(give("/dev@9200000") == -1);
		CHECK_STR_CONTAINS(err, msg);
		CHECK_EQ_U64(strlen(err), strlen(msg));
		CHECK_EQ_U64(passthrough_count(), 0);
	}
}

#define BAD_CLOCK                                                              \
	"/dev@9200000 needs a clock other than the 24 MHz fixed clock the "    \
	"guest has"

static void test_clocks(void)
{
	int node;

	board();
	node = device("dev@9200000", 0x9200000, 0x1000, 0, 10, 4);
	/* The 24 MHz fixed clock, named twice (as PL011's uartclk and
	 * apb_pclk): given. */
	set_cells(node, "clocks", (const u32[]){PH_CLK24, PH_CLK24}, 2);
	CHECK_GIVEN("/dev@9200000", 1);

	fake_reset();
	set_cells(node, "clocks", (const u32[]){PH_CLK24, PH_CLK25}, 2);
	CHECK_REFUSED("/dev@9200000", BAD_CLOCK);
	fdt_setprop_u32(fdt, node, "clocks", PH_CLK25);
	CHECK_REFUSED("/dev@9200000", BAD_CLOCK);
	/* Not a fixed clock. */
	set_cells(node, "clocks", (const u32[]){PH_SP810, 1}, 2);
	CHECK_REFUSED("/dev@9200000", BAD_CLOCK);
	/* No such phandle. */
	fdt_setprop_u32(fdt, node, "clocks", 99);
	CHECK_REFUSED("/dev@9200000", BAD_CLOCK);
	/* A fixed clock without its frequency. */
	fdt_setprop_u32(fdt, node, "clocks", PH_CLK24);
	fdt_delprop(fdt, fdt_path_offset(fdt, "/apb-pclk"), "clock-frequency");
	CHECK_REFUSED("/dev@9200000", BAD_CLOCK);
}

/* ---- refused: interrupts -------------------------------------------- */

static void test_irq_refused(void)
{
	static const struct {
		u32 type, num, flags;
		const char *msg;
	} bad[] = {
		/* PPIs, SGI-like types */
		{1, 3, 4, "interrupt <1 3 0x4> cannot be given " IRQ_RANGE},
		{1, 14, 8, "interrupt <1 14 0x8> cannot be given " IRQ_RANGE},
		{2, 0, 4, "interrupt <2 0 0x4> cannot be given " IRQ_RANGE},
		/* Beyond the vGIC's SPIs, and beyond INTID 2^32 */
		{0, 32, 4, "interrupt <0 32 0x4> cannot be given " IRQ_RANGE},
		{0, 988, 4, "interrupt <0 988 0x4> cannot be given " IRQ_RANGE},
		{0, 0xffffffe2, 4,
		 "interrupt <0 4294967266 0x4> cannot be given " IRQ_RANGE},
		/* Falling edge, level-low, none */
		{0, 16, 2, "interrupt <0 16 0x2> cannot be given " IRQ_RANGE},
		{0, 16, 8, "interrupt <0 16 0x8> cannot be given " IRQ_RANGE},
		/* lib/fmt's %#x writes 0 as 0x0 (C's printf: 0) */
		{0, 16, 0, "interrupt <0 16 0x0> cannot be given " IRQ_RANGE},
		{0, 16, 3, "interrupt <0 16 0x3> cannot be given " IRQ_RANGE},
		/* The guest console's, the microvisor console's */
		{0, 1, 4,
		 "interrupt <0 1 0x4> is INTID 33, the guest console UART's"},
		{0, 1, 1,
		 "interrupt <0 1 0x1> is INTID 33, the guest console UART's"},
		{0, CONSOLE_IRQ - 32, 4,
		 "interrupt <0 5 0x4> is INTID 37, the microvisor's "
		 "console's"},
	};
	char msg[192];

	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		board();
		device("dev@9200000", 0x9200000, 0x1000, bad[i].type,
		       (int)bad[i].num, bad[i].flags);
		if (bad[i].num > 0x7fffffff)
			set_irq(fdt_path_offset(fdt, "/dev@9200000"),
				bad[i].type, bad[i].num, bad[i].flags);
		snprintf(msg, sizeof(msg), "passthrough=: /dev@9200000: %s",
			 bad[i].msg);
		CHECK(give("/dev@9200000") == -1);
		CHECK_STR_CONTAINS(err, msg);
		CHECK_EQ_U64(strlen(err), strlen(msg));
		CHECK_EQ_U64(passthrough_count(), 0);
		CHECK(!passthrough_owns_irq(32 + bad[i].num));
		CHECK_EQ_U64(fake.nr_win, 0);
	}
}

static void test_shared_intid(void)
{
	board();
	device("rtc-irq@9130000", 0x9130000, 0x1000, 0, 2, 4);
	CHECK_REFUSED("/pl031@9010000,/rtc-irq@9130000",
		      "/rtc-irq@9130000 and /pl031@9010000 share INTID 34");
	/* Of three, the third shares the first's. */
	device("gpio-irq@9140000", 0x9140000, 0x1000, 0, 7, 1);
	CHECK_REFUSED("/pl061@9030000,/pl031@9010000,/gpio-irq@9140000",
		      "/gpio-irq@9140000 and /pl061@9030000 share INTID 39");
}

/* One INTID twice in one node (with two triggers, even). */
static void test_intid_twice_in_node(void)
{
	u32 irqs[6] = {0, 10, 1, 0, 10, 4};
	int node;

	board();
	node = device("dev@9200000", 0x9200000, 0x1000, 0, -1, 0);
	set_cells(node, "interrupts", irqs, 6);
	CHECK_REFUSED("/dev@9200000", "/dev@9200000 names INTID 42 twice");
}

static void test_too_many_irqs(void)
{
	u32 irqs[15] = {0, 10, 4, 0, 11, 4, 0, 12, 4, 0, 13, 4, 0, 14, 4};
	int node;

	board();
	node = device("dev@9200000", 0x9200000, 0x1000, 0, -1, 0);
	set_cells(node, "interrupts", irqs, 15);
	CHECK_REFUSED("/dev@9200000", "/dev@9200000: interrupt <0 14 0x4> "
				      "cannot be given " IRQ_RANGE);
}

#define NOT_GIC(path)                                                          \
	path " has interrupts that are not the GICv3's (3 cells each)"

static void test_irqs_not_gic(void)
{
	int node;

	/* No GICv3 node at all. */
	board_gic(false);
	CHECK_REFUSED("/pl061@9030000", NOT_GIC("/pl061@9030000"));
	/* ... but registers alone can still be given. */
	device("dev@9200000", 0x9200000, 0x1000, 0, -1, 0);
	CHECK_GIVEN("/dev@9200000", 1);

	/* The node's interrupt parent is another controller. */
	board();
	node = device("button@9200000", 0x9200000, 0x1000, 0, 3, 1);
	fdt_setprop_u32(fdt, node, "interrupt-parent", PH_GPIO);
	CHECK_REFUSED("/button@9200000", NOT_GIC("/button@9200000"));

	/* No interrupt-parent anywhere. */
	board();
	fdt_delprop(fdt, 0, "interrupt-parent");
	CHECK_REFUSED("/pl061@9030000", NOT_GIC("/pl061@9030000"));

	/* Two cells each: not the GICv3's binding. */
	board();
	node = device("dev@9200000", 0x9200000, 0x1000, 0, -1, 0);
	set_cells(node, "interrupts", (const u32[]){10, 4, 11, 4}, 4);
	CHECK_REFUSED("/dev@9200000", NOT_GIC("/dev@9200000"));
}

/* Each refusal's rule, in order: the earliest rule that fails is named. */
static void test_first_reason_named(void)
{
	int node;

	board();
	node = device("dev@9200000", 0x9200000, 0x1000, 0, 1, 2);
	fdt_setprop_u32(fdt, node, "clocks", PH_CLK25);
	fdt_setprop(fdt, node, "dma-coherent", NULL, 0);
	fdt_setprop_string(fdt, node, "status", "disabled");
	CHECK_REFUSED("/dev@9200000",
		      "/dev@9200000 is disabled (status = \"disabled\")");
	fdt_delprop(fdt, node, "status");
	CHECK_REFUSED("/dev@9200000",
		      "/dev@9200000 shows a sign of DMA (dma-coherent): no "
		      "DMA-capable device is given until the DMA plan "
		      "(docs/dma.md) is in code");
	fdt_delprop(fdt, node, "dma-coherent");
	CHECK_REFUSED("/dev@9200000", BAD_CLOCK);
	fdt_delprop(fdt, node, "clocks");
	CHECK_REFUSED("/dev@9200000", "/dev@9200000: interrupt <0 1 0x2> "
				      "cannot be given " IRQ_RANGE);
}

int main(void)
{
	RUN(test_single_device);
	RUN(test_none_given);
	RUN(test_two_devices);
	RUN(test_select_again);
	RUN(test_edge_rising);
	RUN(test_registers_only);
	RUN(test_own_interrupt_parent);
	RUN(test_status_okay);
	RUN(test_path_without_unit_address);
	RUN(test_four_regs);
	RUN(test_four_irqs);
	RUN(test_last_spi);
	RUN(test_no_console_irq);
	RUN(test_overlap_boundaries);
	RUN(test_missing_node);
	RUN(test_not_root_child);
	RUN(test_disabled);
	RUN(test_given_twice);
	RUN(test_child_nodes);
	RUN(test_no_reg);
	RUN(test_too_many_regs);
	RUN(test_bad_reg_range);
	RUN(test_overlap_ram);
	RUN(test_overlap_console);
	RUN(test_overlap_gic);
	RUN(test_overlap_vgic_ipas);
	RUN(test_overlap_guest_ram_ipas);
	RUN(test_given_devices_overlap);
	RUN(test_shared_page);
	RUN(test_dma_props);
	RUN(test_reference_props);
	RUN(test_clocks);
	RUN(test_irq_refused);
	RUN(test_shared_intid);
	RUN(test_intid_twice_in_node);
	RUN(test_too_many_irqs);
	RUN(test_irqs_not_gic);
	RUN(test_first_reason_named);
	fake_reset();
	CHECK_EXIT();
}
