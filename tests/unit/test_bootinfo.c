/* tests/unit/test_bootinfo.c - host tests for reading the boot DTB; argv[1] is the directory of the compiled tests/unit/dts files. */
#include <libfdt.h>

#include "tests/unit/check.h"
#include "platform/bootinfo.h"

static const char *dtb_dir;
static struct boot_info bi;
static char err[256];

/* The named test DTB in an exactly sized heap buffer, so ASan sees overreads.
 */
static void *load(const char *name, size_t *size)
{
	char path[512];
	FILE *f;
	long n;
	void *buf;

	snprintf(path, sizeof(path), "%s/%s.dtb", dtb_dir, name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*size = (size_t)n;
	return buf;
}

/* A copy of the named DTB with 'extra' bytes of room for fdt_setprop(). */
static void *load_rw(const char *name, size_t extra, size_t *size)
{
	size_t n;
	void *orig = load(name, &n);
	void *buf;

	if (!orig)
		return NULL;
	buf = malloc(n + extra);
	if (buf && fdt_open_into(orig, buf, (int)(n + extra)) != 0) {
		free(buf);
		buf = NULL;
	}
	free(orig);
	*size = n + extra;
	return buf;
}

static int parse_buf(const void *fdt, size_t size)
{
	memset(&bi, 0xa5, sizeof(bi));
	memset(err, 'x', sizeof(err));
	return bootinfo_parse(fdt, size, &bi, err, sizeof(err));
}

/* Parse a named DTB; -2 if it could not be loaded. */
static int parse_file(const char *name)
{
	size_t size;
	void *fdt = load(name, &size);
	int ret;

	if (!fdt) {
		printf("cannot load %s/%s.dtb\n", dtb_dir, name);
		return -2;
	}
	ret = parse_buf(fdt, size);
	if (ret == 0 && (bi.dtb.v != (uintptr_t)fdt || bi.dtb_size != size))
		ret = -3;
	free(fdt);
	return ret;
}

#define FAILS (unsigned long long)-1

static void test_mem64(void)
{
	CHECK_EQ_U64(parse_file("mem64"), 0);
	CHECK_EQ_U64(err[0], 0);
	CHECK_EQ_U64(bi.nr_mem, 2);
	CHECK_EQ_U64(bi.mem[0].base.v, 0x40000000);
	CHECK_EQ_U64(bi.mem[0].size, 0x40000000);
	CHECK_EQ_U64(bi.mem[1].base.v, 0x100000000ULL);
	CHECK_EQ_U64(bi.mem[1].size, 0x100000000ULL);
	CHECK_EQ_U64(bi.nr_reserved, 0);
	CHECK(bi.has_initrd);
	CHECK_EQ_U64(bi.initrd_start.v, 0x48000000);
	CHECK_EQ_U64(bi.initrd_end.v, 0x48123456);
	CHECK(!strcmp(bi.bootargs, "rma_size=64M loglevel=debug"));
	CHECK(bi.has_stdout_uart);
	CHECK_EQ_U64(bi.stdout_uart.v, 0x09000000);
	CHECK(!strcmp(bi.stdout_path, "serial0:115200n8"));
}

static void test_mem32(void)
{
	CHECK_EQ_U64(parse_file("mem32"), 0);
	CHECK_EQ_U64(bi.nr_mem, 2);
	CHECK_EQ_U64(bi.mem[0].base.v, 0);
	CHECK_EQ_U64(bi.mem[0].size, 0x3b400000);
	CHECK_EQ_U64(bi.mem[1].base.v, 0x40000000);
	CHECK_EQ_U64(bi.mem[1].size, 0x1000000);
	CHECK(bi.has_initrd);
	CHECK_EQ_U64(bi.initrd_start.v, 0x02000000);
	CHECK_EQ_U64(bi.initrd_end.v, 0x02400000);
	CHECK_EQ_U64(bi.bootargs[0], 0);
	/* the bus address 0x7e201000 seen through /soc's ranges */
	CHECK(bi.has_stdout_uart);
	CHECK_EQ_U64(bi.stdout_uart.v, 0x3f201000);
	CHECK(!strcmp(bi.stdout_path, "/soc/serial@7e201000"));
}

static void test_nested_memory(void)
{
	CHECK_EQ_U64(parse_file("nested"), 0);
	/* /bus/ram@ by device_type with the bus's 1/1 cells; /memory by name;
	 * /bus/memory@ (no device_type, not at the root) and the disabled
	 * node are not memory */
	CHECK_EQ_U64(bi.nr_mem, 2);
	CHECK_EQ_U64(bi.mem[0].base.v, 0x80000000);
	CHECK_EQ_U64(bi.mem[0].size, 0x10000000);
	CHECK_EQ_U64(bi.mem[1].base.v, 0xc0000000);
	CHECK_EQ_U64(bi.mem[1].size, 0x100000);
	CHECK(!bi.has_initrd);
	CHECK_EQ_U64(bi.bootargs[0], 0);
	CHECK(bi.has_stdout_uart);
	CHECK_EQ_U64(bi.stdout_uart.v, 0x09000000);
	CHECK(!strcmp(bi.stdout_path, "/uart@9000000"));
}

static void test_reserved(void)
{
	CHECK_EQ_U64(parse_file("reserved"), 0);
	CHECK_EQ_U64(bi.nr_mem, 1);
	/* two /memreserve/, secmon, two@ with two entries; the size-only
	 * linux,cma and the disabled child are skipped */
	CHECK_EQ_U64(bi.nr_reserved, 5);
	CHECK_EQ_U64(bi.reserved[0].base.v, 0x48000000);
	CHECK_EQ_U64(bi.reserved[0].size, 0x100000);
	CHECK_EQ_U64(bi.reserved[1].base.v, 0x49000000);
	CHECK_EQ_U64(bi.reserved[1].size, 0x2000);
	CHECK_EQ_U64(bi.reserved[2].base.v, 0x4e000000);
	CHECK_EQ_U64(bi.reserved[2].size, 0x200000);
	CHECK_EQ_U64(bi.reserved[3].base.v, 0x60000000);
	CHECK_EQ_U64(bi.reserved[3].size, 0x1000);
	CHECK_EQ_U64(bi.reserved[4].base.v, 0x100000000ULL);
	CHECK_EQ_U64(bi.reserved[4].size, 0x2000);
	/* 32-bit start, 64-bit end */
	CHECK(bi.has_initrd);
	CHECK_EQ_U64(bi.initrd_start.v, 0x44000000);
	CHECK_EQ_U64(bi.initrd_end.v, 0x44001000);
	CHECK(!bi.has_stdout_uart);
	CHECK_EQ_U64(bi.stdout_path[0], 0);
}

static void test_no_chosen(void)
{
	CHECK_EQ_U64(parse_file("nochosen"), 0);
	CHECK_EQ_U64(bi.nr_mem, 1);
	CHECK_EQ_U64(bi.mem[0].base.v, 0x40000000);
	CHECK_EQ_U64(bi.mem[0].size, 0x8000000);
	CHECK(!bi.has_initrd);
	CHECK_EQ_U64(bi.bootargs[0], 0);
	CHECK(!bi.has_stdout_uart);
	CHECK_EQ_U64(bi.stdout_path[0], 0);
}

static void test_initrd_start_only(void)
{
	CHECK_EQ_U64(parse_file("initrd_start_only"), FAILS);
	CHECK_STR_CONTAINS(err, "has linux,initrd-start but no "
				"linux,initrd-end");
}

static void test_initrd_end_only(void)
{
	CHECK_EQ_U64(parse_file("initrd_end_only"), FAILS);
	CHECK_STR_CONTAINS(err, "has linux,initrd-end but no "
				"linux,initrd-start");
}

static void test_initrd_bad_length(void)
{
	CHECK_EQ_U64(parse_file("initrd_badlen"), FAILS);
	CHECK_STR_CONTAINS(err, "linux,initrd-end is 3 bytes long; "
				"expected 4 or 8");
}

static void test_initrd_backwards(void)
{
	CHECK_EQ_U64(parse_file("initrd_backwards"), FAILS);
	CHECK_STR_CONTAINS(err, "initrd end 0x48000000 is below its start "
				"0x48001000");
}

static void test_initrd_empty(void)
{
	CHECK_EQ_U64(parse_file("initrd_empty"), FAILS);
	CHECK_STR_CONTAINS(err, "empty initrd (start == end");
}

static void test_stdout_not_pl011(void)
{
	CHECK_EQ_U64(parse_file("stdout_ns16550"), 0);
	CHECK(!bi.has_stdout_uart);
	CHECK(!strcmp(bi.stdout_path, "/uart@1000000:115200"));
	CHECK_EQ_U64(bi.bootargs[0], 0);
}

static void test_stdout_missing_alias(void)
{
	CHECK_EQ_U64(parse_file("stdout_noalias"), 0);
	CHECK(!bi.has_stdout_uart);
	CHECK(!strcmp(bi.stdout_path, "serial1:115200n8"));
}

static void test_bootargs_unterminated(void)
{
	CHECK_EQ_U64(parse_file("bootargs_unterminated"), FAILS);
	CHECK_STR_CONTAINS(err, "bootargs is not a NUL-terminated string");
}

static void test_no_memory(void)
{
	CHECK_EQ_U64(parse_file("nomem"), FAILS);
	CHECK(!strcmp(err, "no /memory node with a usable reg in the boot "
			   "DTB"));
}

static void test_reg_bad_length(void)
{
	CHECK_EQ_U64(parse_file("reg_badlen"), FAILS);
	CHECK_STR_CONTAINS(err, "reg of /memory@40000000 is 12 bytes, not a "
				"multiple of 16");
}

static void test_reg_overflow(void)
{
	CHECK_EQ_U64(parse_file("reg_overflow"), FAILS);
	CHECK_STR_CONTAINS(err, "0xfffffffffff00000 + 0x200000 overflows");
}

static void test_bad_cells(void)
{
	CHECK_EQ_U64(parse_file("cells_bad"), FAILS);
	CHECK_STR_CONTAINS(err, "#address-cells of / is 3; only 1 or 2");
}

static void test_bootargs_length(void)
{
	char args[1100];
	size_t size;
	void *fdt = load_rw("mem64", 2048, &size);
	int chosen;

	CHECK(fdt);
	chosen = fdt_path_offset(fdt, "/chosen");
	CHECK(chosen >= 0);

	memset(args, 'a', sizeof(args));
	args[1023] = '\0';
	CHECK_EQ_U64(fdt_setprop(fdt, chosen, "bootargs", args, 1024), 0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK_EQ_U64(strlen(bi.bootargs), 1023);

	args[1023] = 'a';
	args[1024] = '\0';
	CHECK_EQ_U64(fdt_setprop(fdt, chosen, "bootargs", args, 1025), 0);
	CHECK_EQ_U64(parse_buf(fdt, size), FAILS);
	CHECK_STR_CONTAINS(err, "bootargs longer than 1023 bytes");

	/* only the first string of a list counts */
	CHECK_EQ_U64(fdt_setprop(fdt, chosen, "bootargs", "ab\0cd", 6), 0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK(!strcmp(bi.bootargs, "ab"));

	/* an empty property is an empty command line */
	CHECK_EQ_U64(fdt_setprop(fdt, chosen, "bootargs", NULL, 0), 0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK_EQ_U64(bi.bootargs[0], 0);

	CHECK_EQ_U64(fdt_delprop(fdt, chosen, "bootargs"), 0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK_EQ_U64(bi.bootargs[0], 0);
	free(fdt);
}

static void test_initrd_8byte_start_4byte_end(void)
{
	size_t size;
	void *fdt = load_rw("mem32", 256, &size);
	int chosen;

	CHECK(fdt);
	chosen = fdt_path_offset(fdt, "/chosen");
	CHECK(chosen >= 0);
	CHECK_EQ_U64(fdt_setprop_u64(fdt, chosen, "linux,initrd-start",
				     0x80000000ULL),
		     0);
	CHECK_EQ_U64(
		fdt_setprop_u32(fdt, chosen, "linux,initrd-end", 0x90000000U),
		0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK_EQ_U64(bi.initrd_start.v, 0x80000000ULL);
	CHECK_EQ_U64(bi.initrd_end.v, 0x90000000ULL);

	/* above 4G needs the 8-byte form */
	CHECK_EQ_U64(fdt_setprop_u64(fdt, chosen, "linux,initrd-end",
				     0x100001000ULL),
		     0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK_EQ_U64(bi.initrd_end.v, 0x100001000ULL);

	CHECK_EQ_U64(fdt_setprop(fdt, chosen, "linux,initrd-start",
				 "\0\0\0\0\0\0\0\0\0\0\0\0", 12),
		     0);
	CHECK_EQ_U64(parse_buf(fdt, size), FAILS);
	CHECK_STR_CONTAINS(err, "linux,initrd-start is 12 bytes long");
	CHECK_EQ_U64(fdt_setprop(fdt, chosen, "linux,initrd-start", NULL, 0),
		     0);
	CHECK_EQ_U64(parse_buf(fdt, size), FAILS);
	CHECK_STR_CONTAINS(err, "linux,initrd-start is 0 bytes long");
	free(fdt);
}

static void test_bank_limit(void)
{
	fdt32_t reg[(BOOTINFO_MAX_MEM + 1) * 4];
	size_t size;
	void *fdt = load_rw("mem64", 1024, &size);
	int node, i;

	CHECK(fdt);
	node = fdt_path_offset(fdt, "/memory@40000000");
	CHECK(node >= 0);
	for (i = 0; i < BOOTINFO_MAX_MEM + 1; i++) {
		reg[i * 4 + 0] = cpu_to_fdt32(0x10);
		reg[i * 4 + 1] = cpu_to_fdt32((u32)i << 24);
		reg[i * 4 + 2] = cpu_to_fdt32(0);
		reg[i * 4 + 3] = cpu_to_fdt32(0x100000);
	}
	/* mem64 has one more bank in another node */
	CHECK_EQ_U64(
		fdt_setprop(fdt, node, "reg", reg, (BOOTINFO_MAX_MEM - 1) * 16),
		0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK_EQ_U64(bi.nr_mem, BOOTINFO_MAX_MEM);
	CHECK_EQ_U64(bi.mem[14].base.v, 0x100e000000ULL);
	CHECK_EQ_U64(bi.mem[15].base.v, 0x100000000ULL);

	CHECK_EQ_U64(fdt_setprop(fdt, node, "reg", reg, BOOTINFO_MAX_MEM * 16),
		     0);
	CHECK_EQ_U64(parse_buf(fdt, size), FAILS);
	CHECK_STR_CONTAINS(err, "more than 16 memory banks");
	free(fdt);
}

static void test_reserved_limit(void)
{
	size_t size;
	void *fdt = load_rw("reserved", 1024, &size);
	int i;

	CHECK(fdt);
	/* reserved.dts already has 5 */
	for (i = 0; i < BOOTINFO_MAX_RESERVED - 5; i++)
		CHECK_EQ_U64(fdt_add_mem_rsv(fdt, 0x80000000ULL + i * 0x1000,
					     0x1000),
			     0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK_EQ_U64(bi.nr_reserved, BOOTINFO_MAX_RESERVED);
	CHECK_EQ_U64(fdt_add_mem_rsv(fdt, 0x90000000ULL, 0x1000), 0);
	CHECK_EQ_U64(parse_buf(fdt, size), FAILS);
	CHECK_STR_CONTAINS(err, "more than 32 reserved regions");
	free(fdt);
}

static void test_memreserve_overflow(void)
{
	size_t size;
	void *fdt = load_rw("reserved", 256, &size);

	CHECK(fdt);
	CHECK_EQ_U64(fdt_add_mem_rsv(fdt, 0xfffffffffffff000ULL, 0x2000), 0);
	CHECK_EQ_U64(parse_buf(fdt, size), FAILS);
	CHECK_STR_CONTAINS(err, "/memreserve/ 0xfffffffffffff000 + 0x2000 "
				"overflows");
	free(fdt);
}

static void test_reserved_bad_reg(void)
{
	size_t size;
	void *fdt = load_rw("reserved", 256, &size);
	int node;

	CHECK(fdt);
	node = fdt_path_offset(fdt, "/reserved-memory/secmon@4e000000");
	CHECK(node >= 0);
	/* 8 bytes: right for the root's 1/1 cells, wrong for its parent's */
	CHECK_EQ_U64(fdt_setprop_u64(fdt, node, "reg", 0x4e00000000001000ULL),
		     0);
	CHECK_EQ_U64(parse_buf(fdt, size), FAILS);
	CHECK_STR_CONTAINS(err, "reg of /reserved-memory/secmon@4e000000 is "
				"8 bytes, not a multiple of 16");
	free(fdt);
}

static void test_stdout_path_forms(void)
{
	char longpath[120];
	size_t size;
	void *fdt = load_rw("mem64", 512, &size);
	int chosen;

	CHECK(fdt);
	chosen = fdt_path_offset(fdt, "/chosen");
	CHECK(chosen >= 0);

	CHECK_EQ_U64(fdt_setprop_string(fdt, chosen, "stdout-path", "serial0"),
		     0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK(bi.has_stdout_uart);
	CHECK_EQ_U64(bi.stdout_uart.v, 0x09000000);

	CHECK_EQ_U64(fdt_setprop_string(fdt, chosen, "stdout-path",
					"/pl011@9000000:9600"),
		     0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK(bi.has_stdout_uart);
	CHECK(!strcmp(bi.stdout_path, "/pl011@9000000:9600"));

	/* the older property name is honoured when stdout-path is absent */
	CHECK_EQ_U64(fdt_delprop(fdt, chosen, "stdout-path"), 0);
	CHECK_EQ_U64(fdt_setprop_string(fdt, chosen, "linux,stdout-path",
					"/pl011@9000000"),
		     0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK(bi.has_stdout_uart);
	CHECK(!strcmp(bi.stdout_path, "/pl011@9000000"));
	CHECK_EQ_U64(fdt_delprop(fdt, chosen, "linux,stdout-path"), 0);

	/* names that lead nowhere are not errors */
	CHECK_EQ_U64(fdt_setprop_string(fdt, chosen, "stdout-path", ":115200"),
		     0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK(!bi.has_stdout_uart);
	CHECK_EQ_U64(
		fdt_setprop_string(fdt, chosen, "stdout-path", "/nonexistent"),
		0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK(!bi.has_stdout_uart);
	CHECK_EQ_U64(fdt_setprop_string(fdt, chosen, "stdout-path",
					"/memory@40000000"),
		     0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK(!bi.has_stdout_uart);

	/* an alias that is not a terminated string is not followed */
	CHECK_EQ_U64(fdt_setprop_string(fdt, chosen, "stdout-path", "serial0"),
		     0);
	CHECK_EQ_U64(fdt_setprop(fdt, fdt_path_offset(fdt, "/aliases"),
				 "serial0", "/pl011@9000000", 14),
		     0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK(!bi.has_stdout_uart);

	/* kept as given, cut to the field */
	memset(longpath, 'p', sizeof(longpath));
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	CHECK_EQ_U64(fdt_setprop_string(fdt, chosen, "stdout-path", longpath),
		     0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK(!bi.has_stdout_uart);
	CHECK_EQ_U64(strlen(bi.stdout_path), sizeof(bi.stdout_path) - 1);
	CHECK(!memcmp(bi.stdout_path, longpath, sizeof(bi.stdout_path) - 1));
	free(fdt);
}

static void test_stdout_disabled_or_regless(void)
{
	size_t size;
	void *fdt = load_rw("mem64", 256, &size);
	int uart;

	CHECK(fdt);
	uart = fdt_path_offset(fdt, "/pl011@9000000");
	CHECK(uart >= 0);
	CHECK_EQ_U64(fdt_setprop_string(fdt, uart, "status", "disabled"), 0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK(!bi.has_stdout_uart);
	CHECK_EQ_U64(fdt_delprop(fdt, uart, "status"), 0);
	CHECK_EQ_U64(fdt_setprop_u32(fdt, uart, "reg", 0x9000000), 0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK(!bi.has_stdout_uart);
	CHECK_EQ_U64(fdt_delprop(fdt, uart, "reg"), 0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK(!bi.has_stdout_uart);
	free(fdt);
}

static void test_stdout_ranges(void)
{
	size_t size;
	void *fdt = load_rw("mem32", 256, &size);
	int soc;

	CHECK(fdt);
	soc = fdt_path_offset(fdt, "/soc");
	CHECK(soc >= 0);
	/* empty ranges: bus addresses are CPU addresses */
	CHECK_EQ_U64(fdt_setprop(fdt, soc, "ranges", NULL, 0), 0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK(bi.has_stdout_uart);
	CHECK_EQ_U64(bi.stdout_uart.v, 0x7e201000);
	/* no ranges: not reachable from the CPU, so not used */
	CHECK_EQ_U64(fdt_delprop(fdt, soc, "ranges"), 0);
	CHECK_EQ_U64(parse_buf(fdt, size), 0);
	CHECK(!bi.has_stdout_uart);
	/* a window that does not cover the UART */
	{
		fdt32_t r[3] = {cpu_to_fdt32(0x10000000),
				cpu_to_fdt32(0x20000000), cpu_to_fdt32(0x1000)};

		CHECK_EQ_U64(fdt_setprop(fdt, soc, "ranges", r, sizeof(r)), 0);
		CHECK_EQ_U64(parse_buf(fdt, size), 0);
		CHECK(!bi.has_stdout_uart);
	}
	free(fdt);
}

static void test_truncated_buffer(void)
{
	size_t size, n;
	void *fdt = load("mem64", &size);

	CHECK(fdt);
	CHECK_EQ_U64(parse_buf(fdt, size - 1), FAILS);
	CHECK_STR_CONTAINS(err, "totalsize");
	{
		char want[96];

		snprintf(want, sizeof(want), "%zu bytes is more than the %zu",
			 size, size - 1);
		CHECK_STR_CONTAINS(err, want);
	}
	/* every prefix of a good DTB, each in a buffer of exactly that size */
	for (n = 0; n < size; n++) {
		void *cut = malloc(n ? n : 1);

		memcpy(cut, fdt, n);
		CHECK_EQ_U64(parse_buf(cut, n), FAILS);
		free(cut);
	}
	CHECK_EQ_U64(parse_buf(fdt, 8), FAILS);
	CHECK_STR_CONTAINS(err, "smaller than a DTB header");
	free(fdt);
}

static void test_bad_magic(void)
{
	size_t size;
	unsigned char *fdt = load("mem64", &size);

	CHECK(fdt);
	fdt[0] ^= 0xff;
	CHECK_EQ_U64(parse_buf(fdt, size), FAILS);
	CHECK_STR_CONTAINS(err, "bad boot DTB header: bad magic");
	free(fdt);
}

static void test_bad_version(void)
{
	size_t size;
	void *fdt = load("mem64", &size);

	CHECK(fdt);
	fdt_set_version(fdt, 1);
	fdt_set_last_comp_version(fdt, 1);
	CHECK_EQ_U64(parse_buf(fdt, size), FAILS);
	CHECK_STR_CONTAINS(err, "bad boot DTB header");
	free(fdt);
}

static void test_corrupt_structure(void)
{
	size_t size;
	unsigned char *fdt = load("mem64", &size);
	unsigned char *copy;
	fdt32_t *tag;
	int node, len;
	const struct fdt_property *prop;

	CHECK(fdt);
	copy = malloc(size);
	CHECK(copy);

	/* the root's FDT_BEGIN_NODE replaced by a tag that does not exist */
	memcpy(copy, fdt, size);
	tag = (fdt32_t *)(copy + fdt_off_dt_struct(copy));
	*tag = cpu_to_fdt32(0x0000000b);
	CHECK_EQ_U64(parse_buf(copy, size), FAILS);
	CHECK_STR_CONTAINS(err, "boot DTB is malformed");

	/* a property name offset far outside the strings block */
	memcpy(copy, fdt, size);
	node = fdt_path_offset(copy, "/chosen");
	CHECK(node >= 0);
	prop = fdt_get_property(copy, node, "bootargs", &len);
	CHECK(prop);
	((struct fdt_property *)prop)->nameoff = cpu_to_fdt32(0x7ffffff0);
	CHECK_EQ_U64(parse_buf(copy, size), FAILS);
	CHECK_STR_CONTAINS(err, "boot DTB is malformed");

	/* a property length running off the end of the structure block */
	memcpy(copy, fdt, size);
	prop = fdt_get_property(copy, node, "bootargs", &len);
	CHECK(prop);
	((struct fdt_property *)prop)->len = cpu_to_fdt32(0x10000);
	CHECK_EQ_U64(parse_buf(copy, size), FAILS);
	CHECK_STR_CONTAINS(err, "boot DTB");

	/* the structure block claimed to lie beyond totalsize */
	memcpy(copy, fdt, size);
	fdt_set_off_dt_struct(copy, (u32)size + 64);
	CHECK_EQ_U64(parse_buf(copy, size), FAILS);
	CHECK_STR_CONTAINS(err, "bad boot DTB header");

	free(copy);
	free(fdt);
}

static void test_totalsize_limits(void)
{
	size_t size;
	void *fdt = load("mem64", &size);
	unsigned char *big;

	CHECK(fdt);
	big = calloc(1, BOOTINFO_DTB_MAX + 4096);
	CHECK(big);
	memcpy(big, fdt, size);

	fdt_set_totalsize(big, BOOTINFO_DTB_MAX + 4096);
	CHECK_EQ_U64(parse_buf(big, BOOTINFO_DTB_MAX + 4096), FAILS);
	CHECK_STR_CONTAINS(err, "totalsize 2101248 bytes is above the limit "
				"of 2097152 bytes");

	/* exactly at the limit is fine */
	fdt_set_totalsize(big, BOOTINFO_DTB_MAX);
	CHECK_EQ_U64(parse_buf(big, BOOTINFO_DTB_MAX + 4096), 0);
	CHECK_EQ_U64(bi.dtb_size, BOOTINFO_DTB_MAX);

	fdt_set_totalsize(big, 0xfffffff0U);
	CHECK_EQ_U64(parse_buf(big, BOOTINFO_DTB_MAX + 4096), FAILS);
	CHECK_STR_CONTAINS(err, "bytes is above the limit");
	free(big);
	free(fdt);
}

static void test_null_and_errlen(void)
{
	size_t size;
	void *fdt = load("nomem", &size);
	char tiny[5];

	CHECK(fdt);
	memset(tiny, 'x', sizeof(tiny));
	CHECK_EQ_U64(bootinfo_parse(fdt, size, &bi, tiny, sizeof(tiny)), FAILS);
	CHECK(!strcmp(tiny, "no /"));
	CHECK_EQ_U64(bootinfo_parse(fdt, size, &bi, NULL, 0), FAILS);
	CHECK_EQ_U64(bootinfo_parse(NULL, 4096, &bi, err, sizeof(err)), FAILS);
	CHECK_STR_CONTAINS(err, "no boot DTB");
	free(fdt);
}

/*
 * Every single-byte corruption of a good DTB either parses or is refused
 * with a message; under ASan any out-of-bounds read of ours would abort.
 */
static void test_byte_flips(void)
{
	static const unsigned char vals[] = {0x00, 0xff, 0x01, 0x80, 0x3a};
	size_t size, i, v;
	unsigned char *fdt = load("mem64", &size);
	unsigned char *copy;

	CHECK(fdt);
	copy = malloc(size);
	CHECK(copy);
	for (i = 0; i < size; i++) {
		for (v = 0; v < sizeof(vals); v++) {
			int ret;

			memcpy(copy, fdt, size);
			if (copy[i] == vals[v])
				continue;
			copy[i] = vals[v];
			ret = parse_buf(copy, size);
			CHECK(ret == 0 || ret == -1);
			CHECK(ret == 0 || err[0] != '\0');
			CHECK(memchr(err, '\0', sizeof(err)) != NULL);
			CHECK(memchr(bi.bootargs, '\0', sizeof(bi.bootargs)));
			CHECK(memchr(bi.stdout_path, '\0',
				     sizeof(bi.stdout_path)));
		}
	}
	free(copy);
	free(fdt);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR-WITH-TEST-DTBS\n", argv[0]);
		return 2;
	}
	dtb_dir = argv[1];
	RUN(test_mem64);
	RUN(test_mem32);
	RUN(test_nested_memory);
	RUN(test_reserved);
	RUN(test_no_chosen);
	RUN(test_initrd_start_only);
	RUN(test_initrd_end_only);
	RUN(test_initrd_bad_length);
	RUN(test_initrd_backwards);
	RUN(test_initrd_empty);
	RUN(test_stdout_not_pl011);
	RUN(test_stdout_missing_alias);
	RUN(test_bootargs_unterminated);
	RUN(test_no_memory);
	RUN(test_reg_bad_length);
	RUN(test_reg_overflow);
	RUN(test_bad_cells);
	RUN(test_bootargs_length);
	RUN(test_initrd_8byte_start_4byte_end);
	RUN(test_bank_limit);
	RUN(test_reserved_limit);
	RUN(test_memreserve_overflow);
	RUN(test_reserved_bad_reg);
	RUN(test_stdout_path_forms);
	RUN(test_stdout_disabled_or_regless);
	RUN(test_stdout_ranges);
	RUN(test_truncated_buffer);
	RUN(test_bad_magic);
	RUN(test_bad_version);
	RUN(test_corrupt_structure);
	RUN(test_totalsize_limits);
	RUN(test_null_and_errlen);
	RUN(test_byte_flips);
	CHECK_EXIT();
}
