/* images/runtime/start.c - C start of the guest runtime: boot information from the DTB, heap bounds, argv, constructors, main. */
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "runtime.h"

#define SZ_2M	 0x200000ull
#define MAX_ARGS 32 /* argv[0] included */

struct mv_boot_info mv_boot;

static const void *boot_fdt;

int main(int argc, char **argv);

extern void (*__init_array_start[])(void);
extern void (*__init_array_end[])(void);

const struct mv_boot_info *mv_boot_info(void)
{
	return &mv_boot;
}

const void *mv_fdt(void)
{
	return boot_fdt;
}

__attribute__((noreturn)) static void start_fail(const char *why,
						 uint64_t value)
{
	mv_console_puts("runtime: cannot start the appliance: ");
	mv_console_puts(why);
	mv_console_puts(" (");
	mv_put_hex(value);
	mv_console_puts(")\n");
	mv_exit(MV_STATUS_NO_START);
}

static uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	while (cells-- > 0)
		v = v << 32 | fdt32_to_cpu(*p++);
	return v;
}

/* Finds the /memory bank holding the image: its base and size. */
static void find_ram(const void *fdt, uint64_t image, uint64_t *base,
		     uint64_t *size)
{
	int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0);
	int node, len, i;
	const fdt32_t *reg;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		start_fail("unsupported #address-cells/#size-cells",
			   ac << 8 | sc);
	node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory",
					     sizeof("memory"));
	if (node < 0)
		node = fdt_path_offset(fdt, "/memory");
	if (node < 0)
		start_fail("no /memory node in the device tree", 0);
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len < (int)sizeof(*reg) * (ac + sc))
		start_fail("no usable /memory reg property", (uint64_t)len);
	for (i = 0; i + ac + sc <= len / (int)sizeof(*reg); i += ac + sc) {
		uint64_t b = read_cells(reg + i, ac);
		uint64_t s = read_cells(reg + i + ac, sc);

		if (image >= b && image - b < s) {
			*base = b;
			*size = s;
			return;
		}
	}
	start_fail("no /memory bank holds the image", image);
}

static void read_boot_info(uint64_t dtb)
{
	uint64_t image = (uint64_t)(uintptr_t)__image_start;
	uint64_t end = ((uint64_t)(uintptr_t)_end + 15) & ~15ull;
	uint64_t ram_end, limit;
	const char *args;
	int chosen, len;

	/*
	 * Only addresses in the Normal part of the identity map are read:
	 * anything else would fault before a report could say why.
	 */
	if (dtb < MV_GUEST_RAM_IPA || dtb >= 0x100000000ull || dtb & 7)
		start_fail("x0 does not point at a device tree in RAM", dtb);
	boot_fdt = (const void *)(uintptr_t)dtb;
	if (fdt_check_header(boot_fdt))
		start_fail("bad device tree header at x0", dtb);

	mv_boot.dtb_addr = dtb;
	mv_boot.dtb_size = fdt_totalsize(boot_fdt);
	mv_boot.image_end = end;
	find_ram(boot_fdt, image, &mv_boot.ram_base, &mv_boot.ram_size);
	ram_end = mv_boot.ram_base + mv_boot.ram_size;
	if (dtb < end)
		start_fail("the device tree overlaps the image", dtb);
	if (dtb + mv_boot.dtb_size > ram_end)
		start_fail("the device tree is not inside /memory", dtb);

	/*
	 * The microvisor keeps the DTB in the last 2 MiB of RAM and that
	 * whole region is its to use; only when the RAM is too small for
	 * that to leave room above the image is the heap allowed up to the
	 * DTB's own page.
	 */
	limit = dtb & ~(SZ_2M - 1);
	if (limit < end)
		limit = dtb & ~0xfffull;
	if (limit < end)
		limit = end;
	mv_boot.heap_start = end;
	mv_boot.heap_end = limit;
	mv_brk = (uintptr_t)end;

	mv_smp_init(boot_fdt);

	mv_boot.bootargs = "";
	chosen = fdt_path_offset(boot_fdt, "/chosen");
	if (chosen >= 0) {
		args = fdt_getprop(boot_fdt, chosen, "bootargs", &len);
		/* A property that is not a NUL-terminated string is ignored. */
		if (args && len > 0 && args[len - 1] == '\0')
			mv_boot.bootargs = args;
	}
}

static int is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Splits a copy of the boot arguments on blanks; no quoting. */
static int split_args(char **argv)
{
	char *s = strdup(mv_boot.bootargs);
	int argc = 0;

	argv[argc++] = "appliance";
	if (!s) {
		mv_console_puts(
			"runtime: no memory for argv, ignoring bootargs\n");
		argv[argc] = NULL;
		return argc;
	}
	for (;;) {
		while (is_sep(*s))
			s++;
		if (!*s)
			break;
		if (argc == MAX_ARGS) {
			mv_console_puts("runtime: more than 31 arguments, "
					"ignoring the rest\n");
			break;
		}
		argv[argc++] = s;
		while (*s && !is_sep(*s))
			s++;
		if (*s)
			*s++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
}

void mv_runtime_start(uint64_t dtb)
{
	static char *argv[MAX_ARGS + 1];
	void (**ctor)(void);
	int argc;

	read_boot_info(dtb);
	argc = split_args(argv);
	for (ctor = __init_array_start; ctor < __init_array_end; ctor++)
		(*ctor)();
	exit(main(argc, argv));
}

/* The stack protector's failure path (libfdt is built with it too). */
__attribute__((noreturn)) void __stack_chk_fail(void)
{
	mv_console_puts("runtime: stack smashing detected\n");
	mv_exit(MV_STATUS_SIGNAL + 6); /* as if by abort() */
}
