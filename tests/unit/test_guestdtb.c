/* tests/unit/test_guestdtb.c - host tests of the guest device tree builder (kernel/guestdtb.c), read back with libfdt. */
#include <libfdt.h>

#include "tests/unit/check.h"
#include "kernel/guestdtb.h"
#include "kernel/mvabi.h"

static char err[256];

static struct guestdtb_params params(const char *bootargs)
{
	struct guestdtb_params p = {
		.ram_ipa = MV_GUEST_RAM_IPA,
		.ram_size = 256ULL << 20,
		.bootargs = bootargs,
		.has_initrd = false,
	};

	return p;
}

/* Build into a fresh heap buffer of exactly len bytes (ASan-bounded). */
static void *build(const struct guestdtb_params *p, u64 len, int *size)
{
	void *buf = malloc(len ? len : 1);

	memset(err, 'x', sizeof(err) - 1);
	err[sizeof(err) - 1] = '\0';
	*size = guestdtb_build(buf, len, p, err, sizeof(err));
	return buf;
}

/* The property's value, or NULL if missing / not of length want_len
 * (want_len < 0: any length). */
static const void *prop(const void *fdt, const char *path, const char *name,
			int want_len)
{
	int node = fdt_path_offset(fdt, path), len;
	const void *v;

	if (node < 0)
		return NULL;
	v = fdt_getprop(fdt, node, name, &len);
	if (!v || (want_len >= 0 && len != want_len))
		return NULL;
	return v;
}

static bool prop_is_str(const void *fdt, const char *path, const char *name,
			const char *want)
{
	return prop(fdt, path, name, (int)strlen(want) + 1) &&
	       strcmp(prop(fdt, path, name, -1), want) == 0;
}

static bool prop_is_u32(const void *fdt, const char *path, const char *name,
			u32 want)
{
	const fdt32_t *v = prop(fdt, path, name, 4);

	return v && fdt32_ld(v) == want;
}

static bool prop_is_u64(const void *fdt, const char *path, const char *name,
			u64 want)
{
	const fdt64_t *v = prop(fdt, path, name, 8);

	return v && fdt64_ld(v) == want;
}

static void test_valid_tree(void)
{
	struct guestdtb_params p = params("console=hvc0 quiet");
	int size;
	void *fdt = build(&p, GUESTDTB_MAX, &size);

	CHECK(size > 0);
	CHECK((u64)size <= GUESTDTB_MAX);
	CHECK_EQ_U64(fdt_check_full(fdt, (size_t)size), 0);
	CHECK_EQ_U64(fdt_totalsize(fdt), (u64)size);
	CHECK_EQ_U64(fdt_magic(fdt), FDT_MAGIC);
	CHECK(prop_is_u32(fdt, "/", "#address-cells", 2));
	CHECK(prop_is_u32(fdt, "/", "#size-cells", 2));
	free(fdt);
}

static void test_memory(void)
{
	static const u64 sizes[] = {64ULL << 20, 256ULL << 20, 3ULL << 30,
				    0x100000000ULL, 0x4000000000ULL};
	struct guestdtb_params p = params("");

	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
		int size, node, count = 0;
		void *fdt;
		const fdt64_t *reg;

		p.ram_size = sizes[i];
		fdt = build(&p, GUESTDTB_MAX, &size);
		CHECK(size > 0);
		CHECK_EQ_U64(fdt_check_full(fdt, (size_t)size), 0);
		reg = prop(fdt, "/memory@40000000", "reg", 16);
		CHECK(reg);
		CHECK_EQ_U64(fdt64_ld(&reg[0]), MV_GUEST_RAM_IPA);
		CHECK_EQ_U64(fdt64_ld(&reg[1]), sizes[i]);
		CHECK(prop_is_str(fdt, "/memory@40000000", "device_type",
				  "memory"));
		/* exactly one memory node */
		node = -1;
		while ((node = fdt_node_offset_by_prop_value(
				fdt, node, "device_type", "memory", 7)) >= 0)
			count++;
		CHECK_EQ_U64(count, 1);
		free(fdt);
	}
}

static void test_memory_other_ipa(void)
{
	struct guestdtb_params p = params("");
	int size;
	void *fdt;
	const fdt64_t *reg;

	p.ram_ipa = 0x880000000ULL;
	p.ram_size = 0x20000000;
	fdt = build(&p, GUESTDTB_MAX, &size);
	CHECK(size > 0);
	reg = prop(fdt, "/memory@880000000", "reg", 16);
	CHECK(reg);
	CHECK_EQ_U64(fdt64_ld(&reg[0]), 0x880000000ULL);
	CHECK_EQ_U64(fdt64_ld(&reg[1]), 0x20000000);
	free(fdt);
}

static void test_bootargs(void)
{
	static const char *const args[] = {
		"",
		"x",
		"console=hvc0 root=/dev/ram0 rdinit=/sbin/init quiet",
		"a=\"quoted value\" b='x' c=\\ d=\t",
	};
	struct guestdtb_params p;

	for (unsigned i = 0; i < ARRAY_SIZE(args); i++) {
		int size;
		void *fdt;

		p = params(args[i]);
		fdt = build(&p, GUESTDTB_MAX, &size);
		CHECK(size > 0);
		CHECK_EQ_U64(fdt_check_full(fdt, (size_t)size), 0);
		CHECK(prop_is_str(fdt, "/chosen", "bootargs", args[i]));
		free(fdt);
	}
}

static void test_bootargs_null(void)
{
	struct guestdtb_params p = params(NULL);
	int size;
	void *fdt = build(&p, GUESTDTB_MAX, &size);

	CHECK(size > 0);
	CHECK(prop_is_str(fdt, "/chosen", "bootargs", ""));
	free(fdt);
}

static void test_bootargs_long(void)
{
	/* The image format allows 2047 characters: they must fit. */
	char *s = malloc(2048);
	struct guestdtb_params p;
	int size;
	void *fdt;

	for (unsigned i = 0; i < 2047; i++)
		s[i] = (char)('a' + i % 26);
	s[2047] = '\0';
	p = params(s);
	fdt = build(&p, GUESTDTB_MAX, &size);
	CHECK(size > 0);
	CHECK_EQ_U64(fdt_check_full(fdt, (size_t)size), 0);
	CHECK(prop_is_str(fdt, "/chosen", "bootargs", s));
	free(fdt);
	free(s);
}

static void test_no_initrd(void)
{
	struct guestdtb_params p = params("");
	int size;
	void *fdt = build(&p, GUESTDTB_MAX, &size);

	CHECK(size > 0);
	CHECK(!prop(fdt, "/chosen", "linux,initrd-start", -1));
	CHECK(!prop(fdt, "/chosen", "linux,initrd-end", -1));
	free(fdt);
}

static void test_initrd(void)
{
	struct guestdtb_params p = params("rdinit=/init");
	int size;
	void *fdt;

	p.has_initrd = true;
	p.initrd_start = 0x48000000;
	p.initrd_end = 0x48123456;
	fdt = build(&p, GUESTDTB_MAX, &size);
	CHECK(size > 0);
	CHECK_EQ_U64(fdt_check_full(fdt, (size_t)size), 0);
	CHECK(prop_is_u64(fdt, "/chosen", "linux,initrd-start", 0x48000000));
	CHECK(prop_is_u64(fdt, "/chosen", "linux,initrd-end", 0x48123456));
	CHECK(prop_is_str(fdt, "/chosen", "bootargs", "rdinit=/init"));
	free(fdt);

	/* Above 4 GiB: all 64 bits survive */
	p.initrd_start = 0x123400001000ULL;
	p.initrd_end = 0x123400802000ULL;
	fdt = build(&p, GUESTDTB_MAX, &size);
	CHECK(size > 0);
	CHECK(prop_is_u64(fdt, "/chosen", "linux,initrd-start",
			  0x123400001000ULL));
	CHECK(prop_is_u64(fdt, "/chosen", "linux,initrd-end",
			  0x123400802000ULL));
	free(fdt);
}

static void test_psci(void)
{
	struct guestdtb_params p = params("");
	int size, node;
	void *fdt = build(&p, GUESTDTB_MAX, &size);
	const char *compat;
	int len;

	CHECK(size > 0);
	CHECK(prop_is_str(fdt, "/psci", "method", "hvc"));
	node = fdt_path_offset(fdt, "/psci");
	CHECK(node >= 0);
	compat = fdt_getprop(fdt, node, "compatible", &len);
	CHECK(compat);
	CHECK(len > 0 && compat[len - 1] == '\0');
	CHECK_EQ_U64(fdt_stringlist_count(fdt, node, "compatible"), 2);
	CHECK(fdt_stringlist_contains(compat, len, "arm,psci-1.0"));
	CHECK(fdt_stringlist_contains(compat, len, "arm,psci-0.2"));
	/* most specific first */
	CHECK_EQ_U64(
		fdt_stringlist_search(fdt, node, "compatible", "arm,psci-1.0"),
		0);
	CHECK_EQ_U64(fdt_node_check_compatible(fdt, node, "arm,psci-0.2"), 0);
	free(fdt);
}

static void test_hypervisor(void)
{
	struct guestdtb_params p = params("");
	int size, node;
	void *fdt = build(&p, GUESTDTB_MAX, &size);

	CHECK(size > 0);
	CHECK(prop_is_str(fdt, "/hypervisor", "compatible",
			  "microvisor,abi-1"));
	node = fdt_node_offset_by_compatible(fdt, -1, "microvisor,abi-1");
	CHECK(node >= 0);
	CHECK_EQ_U64(node, fdt_path_offset(fdt, "/hypervisor"));
	free(fdt);
}

static void test_cpus(void)
{
	struct guestdtb_params p = params("");
	int size, cpus, n = 0, child;
	void *fdt = build(&p, GUESTDTB_MAX, &size);

	CHECK(size > 0);
	CHECK(prop_is_u32(fdt, "/cpus", "#address-cells", 1));
	CHECK(prop_is_u32(fdt, "/cpus", "#size-cells", 0));
	CHECK(prop_is_str(fdt, "/cpus/cpu@0", "enable-method", "psci"));
	CHECK(prop_is_str(fdt, "/cpus/cpu@0", "device_type", "cpu"));
	CHECK(prop_is_u32(fdt, "/cpus/cpu@0", "reg", 0));
	CHECK(prop(fdt, "/cpus/cpu@0", "compatible", -1));
	cpus = fdt_path_offset(fdt, "/cpus");
	fdt_for_each_subnode(child, fdt, cpus) n++;
	CHECK_EQ_U64(n, 1);
	free(fdt);
}

static void test_timer(void)
{
	struct guestdtb_params p = params("");
	int size, node;
	void *fdt = build(&p, GUESTDTB_MAX, &size);

	CHECK(size > 0);
	node = fdt_path_offset(fdt, "/timer");
	CHECK(node >= 0);
	CHECK_EQ_U64(fdt_node_check_compatible(fdt, node, "arm,armv8-timer"),
		     0);
	free(fdt);
}

/* With a GIC: its node as Linux's irq-gic-v3 binding wants it, the root's
 * interrupt-parent, and the timer's four PPIs (virtual: 11, i.e. 27). */
static void test_gic_and_timer_irqs(void)
{
	struct guestdtb_params p = params("");
	int size, node, len;
	void *fdt;
	const fdt32_t *irqs;
	const fdt64_t *reg;

	p.has_gic = true;
	fdt = build(&p, GUESTDTB_MAX, &size);
	CHECK(size > 0);
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	CHECK(node >= 0);
	CHECK(fdt_getprop(fdt, node, "interrupt-controller", &len) && !len);
	CHECK(prop_is_u32(fdt, "/interrupt-controller@8000000",
			  "#interrupt-cells", 3));
	reg = prop(fdt, "/interrupt-controller@8000000", "reg", 32);
	CHECK(reg && fdt64_ld(&reg[0]) == 0x08000000 &&
	      fdt64_ld(&reg[1]) == 0x10000 && fdt64_ld(&reg[2]) == 0x080a0000 &&
	      fdt64_ld(&reg[3]) == 0x20000);
	CHECK(prop_is_u32(fdt, "/", "interrupt-parent",
			  fdt_get_phandle(fdt, node)));
	irqs = prop(fdt, "/timer", "interrupts", 48);
	CHECK(irqs && fdt32_ld(&irqs[6]) == 1 && fdt32_ld(&irqs[7]) == 11 &&
	      fdt32_ld(&irqs[8]) == 4);
	/* The console UART interrupts on SPI 1. */
	irqs = prop(fdt, "/pl011@9000000", "interrupts", 12);
	CHECK(irqs && fdt32_ld(&irqs[0]) == 0 && fdt32_ld(&irqs[1]) == 1);
	free(fdt);
	/* Without: no controller, no interrupts anywhere. */
	p.has_gic = false;
	fdt = build(&p, GUESTDTB_MAX, &size);
	CHECK(fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3") < 0);
	CHECK(!prop(fdt, "/timer", "interrupts", -1));
	CHECK(!prop(fdt, "/", "interrupt-parent", -1));
	free(fdt);
}

/* The console UART: a PL011 (with the primecell compatible the amba bus
 * matches), its clock, and stdout-path and serial0 naming it. */
static void test_console_uart(void)
{
	struct guestdtb_params p = params("");
	int size, node;
	void *fdt = build(&p, GUESTDTB_MAX, &size);
	const fdt32_t *clk;

	CHECK(size > 0);
	node = fdt_path_offset(fdt, "/pl011@9000000");
	CHECK(node >= 0);
	CHECK_EQ_U64(fdt_node_check_compatible(fdt, node, "arm,pl011"), 0);
	CHECK_EQ_U64(fdt_node_check_compatible(fdt, node, "arm,primecell"), 0);
	CHECK(prop_is_str(fdt, "/chosen", "stdout-path", "/pl011@9000000"));
	CHECK(prop_is_str(fdt, "/aliases", "serial0", "/pl011@9000000"));
	clk = prop(fdt, "/pl011@9000000", "clocks", 8);
	CHECK(clk &&
	      fdt32_ld(&clk[0]) ==
		      fdt_get_phandle(fdt, fdt_path_offset(fdt, "/apb-pclk")));
	CHECK(prop_is_u32(fdt, "/apb-pclk", "clock-frequency", 24000000));
	free(fdt);
}

/* Seeds go in /chosen when given, and are absent otherwise. */
static void test_seeds(void)
{
	static const u8 seed[32] = {1, 2, 3, 4, 5};
	struct guestdtb_params p = params("");
	int size;
	void *fdt;
	const u8 *got;

	p.rng_seed = seed;
	p.rng_seed_len = sizeof(seed);
	p.has_kaslr_seed = true;
	p.kaslr_seed = 0x1122334455667788ULL;
	fdt = build(&p, GUESTDTB_MAX, &size);
	got = prop(fdt, "/chosen", "rng-seed", sizeof(seed));
	CHECK(got && !memcmp(got, seed, sizeof(seed)));
	CHECK(prop_is_u64(fdt, "/chosen", "kaslr-seed", 0x1122334455667788ULL));
	free(fdt);
	p = params("");
	fdt = build(&p, GUESTDTB_MAX, &size);
	CHECK(!prop(fdt, "/chosen", "rng-seed", -1));
	CHECK(!prop(fdt, "/chosen", "kaslr-seed", -1));
	free(fdt);
}

static void test_bootargs_too_long(void)
{
	size_t n = GUESTDTB_MAX + 100;
	char *s = malloc(n + 1);
	struct guestdtb_params p;
	int size;
	void *fdt;

	memset(s, 'b', n);
	s[n] = '\0';
	p = params(s);
	fdt = build(&p, GUESTDTB_MAX, &size);
	CHECK_EQ_U64((u64)(s64)size, (u64)-1);
	CHECK_STR_CONTAINS(err, "out of space");
	free(fdt);

	/* A bigger buffer does not help: the DTB area is GUESTDTB_MAX. */
	fdt = build(&p, 4 * GUESTDTB_MAX, &size);
	CHECK_EQ_U64((u64)(s64)size, (u64)-1);
	CHECK_STR_CONTAINS(err, "out of space");
	free(fdt);

	/* Fits in a bigger buffer, not in a small one */
	s[3000] = '\0';
	fdt = build(&p, 2048, &size);
	CHECK_EQ_U64((u64)(s64)size, (u64)-1);
	CHECK_STR_CONTAINS(err, "out of space");
	free(fdt);
	fdt = build(&p, 8192, &size);
	CHECK(size > 0);
	CHECK(prop_is_str(fdt, "/chosen", "bootargs", s));
	free(fdt);
	free(s);
}

/*
 * Every buffer size from 0 up to what the tree needs: each either fails
 * with a reason or produces a valid tree within the buffer, and success
 * is monotonic (a buffer that worked never stops working when larger).
 */
static void test_tiny_buffers(void)
{
	struct guestdtb_params p = params("console=hvc0");
	int need, size;
	void *fdt = build(&p, GUESTDTB_MAX, &need);
	bool ok_seen = false;

	CHECK(need > 0);
	free(fdt);
	p.has_initrd = true;
	p.initrd_start = 0x41000000;
	p.initrd_end = 0x41001000;
	fdt = build(&p, GUESTDTB_MAX, &need);
	CHECK(need > 0);
	free(fdt);
	for (u64 len = 0; len <= (u64)need + 64; len++) {
		fdt = build(&p, len, &size);
		if (size < 0) {
			CHECK(!ok_seen);
			CHECK_EQ_U64((u64)(s64)size, (u64)-1);
			CHECK(strlen(err) > 0 && err[0] != 'x');
		} else {
			ok_seen = true;
			CHECK((u64)size <= len);
			CHECK_EQ_U64(size, need);
			CHECK_EQ_U64(fdt_check_full(fdt, (size_t)size), 0);
		}
		free(fdt);
	}
	CHECK(ok_seen);
}

static void test_small_err_buffer(void)
{
	struct guestdtb_params p = params("");
	char small[8], buf[64];
	int size;

	memset(small, 'x', sizeof(small));
	size = guestdtb_build(buf, sizeof(buf), &p, small, 5);
	CHECK_EQ_U64((u64)(s64)size, (u64)-1);
	CHECK(memchr(small, '\0', 5) != NULL);
	CHECK_EQ_U64(small[5], 'x');
}

int main(void)
{
	RUN(test_valid_tree);
	RUN(test_memory);
	RUN(test_memory_other_ipa);
	RUN(test_bootargs);
	RUN(test_bootargs_null);
	RUN(test_bootargs_long);
	RUN(test_no_initrd);
	RUN(test_initrd);
	RUN(test_psci);
	RUN(test_hypervisor);
	RUN(test_cpus);
	RUN(test_timer);
	RUN(test_gic_and_timer_irqs);
	RUN(test_console_uart);
	RUN(test_seeds);
	RUN(test_bootargs_too_long);
	RUN(test_tiny_buffers);
	RUN(test_small_err_buffer);
	CHECK_EXIT();
}
