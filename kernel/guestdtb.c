/* kernel/guestdtb.c - writes the guest's device tree with libfdt's sequential-write API. */
#include <libfdt.h>
#include <string.h>

#include "lib/fmt.h"
#include "kernel/guestdtb.h"
#include "kernel/vgic.h"
#include "kernel/vpl011.h"

/* The interrupt controller's and the UART clock's phandles. */
#define GUESTDTB_GIC_PHANDLE 1
#define GUESTDTB_CLK_PHANDLE 2

/* Property helpers that stop at the first libfdt error. */
struct w {
	void *fdt;
	int err;
};

static void begin(struct w *w, const char *name)
{
	if (!w->err)
		w->err = fdt_begin_node(w->fdt, name);
}

static void end(struct w *w)
{
	if (!w->err)
		w->err = fdt_end_node(w->fdt);
}

static void prop_str(struct w *w, const char *name, const char *v)
{
	if (!w->err)
		w->err = fdt_property_string(w->fdt, name, v);
}

static void prop_u32(struct w *w, const char *name, u32 v)
{
	if (!w->err)
		w->err = fdt_property_u32(w->fdt, name, v);
}

static void prop_u64(struct w *w, const char *name, u64 v)
{
	if (!w->err)
		w->err = fdt_property_u64(w->fdt, name, v);
}

static void prop_raw(struct w *w, const char *name, const void *v, int len)
{
	if (!w->err)
		w->err = fdt_property(w->fdt, name, v, len);
}

static void prop_empty(struct w *w, const char *name)
{
	prop_raw(w, name, NULL, 0);
}

static void copy_device(struct w *w, const void *fdt, const struct pt_device *d,
			bool gic)
{
	int off, len, node = d->node;
	const char *name = fdt_get_name(fdt, node, NULL);

	begin(w, name ? name : "device");
	fdt_for_each_property_offset(off, fdt, node)
	{
		const char *pname;
		const void *v = fdt_getprop_by_offset(fdt, off, &pname, &len);

		if (!v || !strcmp(pname, "phandle") ||
		    !strcmp(pname, "linux,phandle") ||
		    !strcmp(pname, "interrupt-parent"))
			continue;
		if (!strcmp(pname, "clocks")) {
			/* Every clock is the guest's fixed 24 MHz one. */
			fdt32_t clk[8];
			int n = len / 4 > 8 ? 8 : len / 4;

			for (int k = 0; k < n; k++)
				clk[k] = cpu_to_fdt32(GUESTDTB_CLK_PHANDLE);
			prop_raw(w, "clocks", clk, n * 4);
			continue;
		}
		if (!strcmp(pname, "reg")) {
			/* In the guest root's cells (2 and 2), whatever the
			 * board's were. */
			fdt64_t reg[2 * PT_MAX_REGS];

			for (unsigned r = 0; r < d->nr_reg; r++) {
				reg[2 * r] =
					cpu_to_fdt64(pa_addr(d->reg[r].base));
				reg[2 * r + 1] = cpu_to_fdt64(d->reg[r].size);
			}
			prop_raw(w, "reg", reg, (int)(d->nr_reg * 16));
			continue;
		}
		if (!strcmp(pname, "interrupts") && !gic)
			continue;
		prop_raw(w, pname, v, len);
	}
	end(w);
}

int guestdtb_build(void *buf, u64 len, const struct guestdtb_params *p,
		   char *err, size_t errlen)
{
	struct w w = {buf, 0};
	char name[32];
	fdt64_t reg[2] = {cpu_to_fdt64(p->ram_ipa), cpu_to_fdt64(p->ram_size)};
	/* Compatible lists are NUL-separated strings. */
	static const char psci_compat[] = "arm,psci-1.0\0arm,psci-0.2";
	static const char uart_compat[] = "arm,pl011\0arm,primecell";
	static const char uart_clk_names[] = "uartclk\0apb_pclk";
	const fdt64_t uart_reg[2] = {cpu_to_fdt64(VPL011_IPA),
				     cpu_to_fdt64(VPL011_SIZE)};
	const fdt32_t uart_irq[3] = {cpu_to_fdt32(0),
				     cpu_to_fdt32(VPL011_INTID - 32),
				     cpu_to_fdt32(4)};
	const fdt32_t uart_clks[2] = {cpu_to_fdt32(GUESTDTB_CLK_PHANDLE),
				      cpu_to_fdt32(GUESTDTB_CLK_PHANDLE)};
	char uart_path[32];
	unsigned nr_cpus = p->nr_cpus ? p->nr_cpus : 1;

	if (len > GUESTDTB_MAX)
		len = GUESTDTB_MAX;
	/* No name de-duplication: the search for each name costs more than
	 * the few bytes it saves in a tree this small. */
	w.err = fdt_create_with_flags(buf, (int)len,
				      FDT_CREATE_FLAG_NO_NAME_DEDUP);
	if (!w.err)
		w.err = fdt_finish_reservemap(buf);
	begin(&w, "");
	prop_u32(&w, "#address-cells", 2);
	prop_u32(&w, "#size-cells", 2);
	prop_str(&w, "compatible", "microvisor,appliance");
	prop_str(&w, "model", "microvisor appliance");
	if (p->has_gic)
		prop_u32(&w, "interrupt-parent", GUESTDTB_GIC_PHANDLE);

	/* The console UART, by its alias too (earlycon and stdout-path). */
	mv_snprintf(uart_path, sizeof(uart_path), "/pl011@%llx",
		    (unsigned long long)VPL011_IPA);
	begin(&w, "aliases");
	prop_str(&w, "serial0", uart_path);
	end(&w);

	begin(&w, "chosen");
	prop_str(&w, "bootargs", p->bootargs ? p->bootargs : "");
	prop_str(&w, "stdout-path", uart_path);
	if (p->rng_seed_len)
		prop_raw(&w, "rng-seed", p->rng_seed, (int)p->rng_seed_len);
	if (p->has_kaslr_seed)
		prop_u64(&w, "kaslr-seed", p->kaslr_seed);
	if (p->has_initrd) {
		prop_u64(&w, "linux,initrd-start", p->initrd_start);
		prop_u64(&w, "linux,initrd-end", p->initrd_end);
	}
	end(&w);

	mv_snprintf(name, sizeof(name), "memory@%llx",
		    (unsigned long long)p->ram_ipa);
	begin(&w, name);
	prop_str(&w, "device_type", "memory");
	prop_raw(&w, "reg", reg, sizeof(reg));
	end(&w);

	begin(&w, "cpus");
	prop_u32(&w, "#address-cells", 1);
	prop_u32(&w, "#size-cells", 0);
	for (unsigned i = 0; i < nr_cpus; i++) {
		mv_snprintf(name, sizeof(name), "cpu@%u", i);
		begin(&w, name);
		prop_str(&w, "device_type", "cpu");
		prop_str(&w, "compatible", "arm,armv8");
		prop_u32(&w, "reg", i);
		prop_str(&w, "enable-method", "psci");
		end(&w);
	}
	end(&w);

	begin(&w, "psci");
	prop_raw(&w, "compatible", psci_compat, sizeof(psci_compat));
	prop_str(&w, "method", "hvc");
	end(&w);

	begin(&w, "hypervisor");
	prop_str(&w, "compatible", "microvisor,abi-1");
	end(&w);

	/* The GICv3: a distributor and one redistributor, emulated. Its
	 * phandle is the root's interrupt-parent. */
	if (p->has_gic) {
		fdt64_t gic_reg[4] = {
			cpu_to_fdt64(VGIC_GICD_IPA),
			cpu_to_fdt64(VGIC_GICD_SIZE),
			cpu_to_fdt64(VGIC_GICR_IPA),
			cpu_to_fdt64(nr_cpus * VGIC_GICR_SIZE),
		};

		mv_snprintf(name, sizeof(name), "interrupt-controller@%llx",
			    (unsigned long long)VGIC_GICD_IPA);
		begin(&w, name);
		prop_str(&w, "compatible", "arm,gic-v3");
		prop_empty(&w, "interrupt-controller");
		prop_u32(&w, "#interrupt-cells", 3);
		prop_u32(&w, "#address-cells", 2);
		prop_u32(&w, "#size-cells", 2);
		prop_u32(&w, "#redistributor-regions", 1);
		prop_raw(&w, "reg", gic_reg, sizeof(gic_reg));
		prop_u32(&w, "phandle", GUESTDTB_GIC_PHANDLE);
		end(&w);
	}

	/* The console UART and the fixed clock its driver asks for (the
	 * rate only sets divisors: bytes go out at once, whatever they
	 * say). Its interrupt: SPI 1, level-high, as on qemu-virt. */
	begin(&w, "apb-pclk");
	prop_str(&w, "compatible", "fixed-clock");
	prop_u32(&w, "#clock-cells", 0);
	prop_u32(&w, "clock-frequency", 24000000);
	prop_str(&w, "clock-output-names", "clk24mhz");
	prop_u32(&w, "phandle", GUESTDTB_CLK_PHANDLE);
	end(&w);
	begin(&w, uart_path + 1);
	prop_raw(&w, "compatible", uart_compat, sizeof(uart_compat));
	prop_raw(&w, "reg", uart_reg, sizeof(uart_reg));
	if (p->has_gic)
		prop_raw(&w, "interrupts", uart_irq, sizeof(uart_irq));
	prop_raw(&w, "clocks", uart_clks, sizeof(uart_clks));
	prop_raw(&w, "clock-names", uart_clk_names, sizeof(uart_clk_names));
	end(&w);

	/* Devices given to the guest: every property of their nodes but
	 * the phandles, with interrupt-parent and clocks the guest's own
	 * (passthrough_select() allowed no other reference). */
	for (unsigned i = 0; i < p->nr_devices && p->host_fdt; i++)
		copy_device(&w, p->host_fdt, &p->devices[i], p->has_gic);

	/* The counter and the timers. Their interrupts are PPIs (type 1),
	 * numbered from 16, level-high (4): secure and non-secure physical,
	 * virtual, hypervisor, as the binding orders them. The guest's is
	 * the virtual one (27); the physical one traps. Without a GIC the
	 * timer is for reading time only. */
	begin(&w, "timer");
	prop_str(&w, "compatible", "arm,armv8-timer");
	prop_empty(&w, "always-on");
	if (p->has_gic) {
		const fdt32_t irqs[12] = {
			cpu_to_fdt32(1), cpu_to_fdt32(13), cpu_to_fdt32(4),
			cpu_to_fdt32(1), cpu_to_fdt32(14), cpu_to_fdt32(4),
			cpu_to_fdt32(1), cpu_to_fdt32(11), cpu_to_fdt32(4),
			cpu_to_fdt32(1), cpu_to_fdt32(10), cpu_to_fdt32(4),
		};

		prop_raw(&w, "interrupts", irqs, sizeof(irqs));
	}
	end(&w);

	end(&w);
	if (!w.err)
		w.err = fdt_finish(buf);
	if (w.err) {
		mv_snprintf(err, errlen,
			    "cannot build the guest device tree in %llu bytes "
			    "(libfdt error %d%s)",
			    (unsigned long long)len, w.err,
			    w.err == -FDT_ERR_NOSPACE ? ": out of space" : "");
		return -1;
	}
	return (int)fdt_totalsize(buf);
}
