/* kernel/passthrough.c - checks the devices the passthrough= option names against the boot DTB, and keeps what the guest gets of each. */
#include <libfdt.h>
#include <string.h>

#include "hyp/el2mmu.h"
#include "hyp/layout.h"
#include "kernel/mvabi.h"
#include "kernel/passthrough.h"
#include "kernel/vgic.h"
#include "kernel/vpl011.h"
#include "lib/fmt.h"
#include "lib/log.h"

static struct pt_device devs[MV_PT_MAX];
static unsigned nr_devs;
static const void *boot_fdt;

/* Signs of a DMA master: no such device is given (docs/dma.md). */
static const char *const dma_props[] = {
	"iommus",     "iommu-map",  "iommu-map-mask", "dma-coherent",
	"dma-ranges", "msi-parent", "msi-map",	      "dmas",
	"#dma-cells", /* a DMA controller: a bus master itself */
};

/* References to other nodes the guest's device tree cannot carry. */
static const char *const ref_props[] = {
	"resets",	 "power-domains",	"phys",
	"interconnects", "assigned-clocks",	"mboxes",
	"nvmem-cells",	 "interrupts-extended", "gpios",
};

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && !strcmp(s + n - t, tail);
}

static u32 be32(const void *p)
{
	return fdt32_ld((const fdt32_t *)p);
}

static u64 cells(const void *p, int n)
{
	return n == 2 ? (u64)be32(p) << 32 | be32((const u8 *)p + 4) : be32(p);
}

static bool overlaps(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

/* The first property of node that shows DMA or names another node. */
static const char *bad_prop(const void *fdt, int node, bool *dma)
{
	int off;

	fdt_for_each_property_offset(off, fdt, node)
	{
		const char *name;

		if (!fdt_getprop_by_offset(fdt, off, &name, NULL))
			continue;
		for (unsigned i = 0; i < ARRAY_SIZE(dma_props); i++)
			if (!strcmp(name, dma_props[i])) {
				*dma = true;
				return name;
			}
		for (unsigned i = 0; i < ARRAY_SIZE(ref_props); i++)
			if (!strcmp(name, ref_props[i]))
				return name;
		if (ends_with(name, "-gpios") || ends_with(name, "-supply") ||
		    !strncmp(name, "pinctrl-", 8))
			return name;
	}
	return NULL;
}

/* The node's clocks: each a fixed 24 MHz clock (the one the guest's
 * device tree has). */
static int check_clocks(const void *fdt, int node, struct sbuf *sb,
			const char *path)
{
	int len;
	const u8 *p = fdt_getprop(fdt, node, "clocks", &len);

	for (int i = 0; p && i + 4 <= len; i += 4) {
		int clk = fdt_node_offset_by_phandle(fdt, be32(p + i));
		const u8 *freq = clk >= 0 ? fdt_getprop(fdt, clk,
							"clock-frequency", NULL)
					  : NULL;

		if (clk < 0 ||
		    fdt_node_check_compatible(fdt, clk, "fixed-clock") ||
		    !freq || be32(freq) != 24000000) {
			sbuf_printf(sb,
				    "passthrough=: %s needs a clock other than "
				    "the 24 MHz fixed clock the guest has",
				    path);
			return -1;
		}
	}
	return 0;
}

/* The GIC node's phandle, and whether node's interrupts go to it. */
static bool irqs_to_gic(const void *fdt, int node)
{
	int gic = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	const u8 *p = fdt_getprop(fdt, node, "interrupt-parent", NULL);

	if (!p)
		p = fdt_getprop(fdt, 0, "interrupt-parent", NULL);
	return gic >= 0 && p && be32(p) == fdt_get_phandle(fdt, gic);
}

static int check_irqs(const void *fdt, int node, struct pt_device *d,
		      const struct boot_info *bi, struct sbuf *sb)
{
	int len;
	const u8 *p = fdt_getprop(fdt, node, "interrupts", &len);

	if (!p)
		return 0;
	if (!irqs_to_gic(fdt, node) || len % 12) {
		sbuf_printf(sb,
			    "passthrough=: %s has interrupts that are not the "
			    "GICv3's (3 cells each)",
			    d->path);
		return -1;
	}
	for (int i = 0; i < len; i += 12) {
		u32 type = be32(p + i), num = be32(p + i + 4);
		u32 flags = be32(p + i + 8) & 0xf, intid = 32 + num;

		/* num, not intid: 32 + num wraps for num >= 2^32 - 32. */
		if (type != 0 || num >= VGIC_NR_SPIS ||
		    (flags != 1 && flags != 4) || d->nr_irq == PT_MAX_IRQS) {
			sbuf_printf(sb,
				    "passthrough=: %s: interrupt <%u %u %#x> "
				    "cannot be given (the guest's: SPIs 0-%u, "
				    "edge or level-high, %u at most)",
				    d->path, type, num, flags,
				    VGIC_NR_IRQS - 33, PT_MAX_IRQS);
			return -1;
		}
		/* The guest's emulated UART has INTID 33; the board's
		 * console interrupt is the microvisor's. */
		if (intid == VPL011_INTID ||
		    (bi->has_stdout_irq && intid == bi->stdout_irq)) {
			sbuf_printf(sb,
				    "passthrough=: %s: interrupt <%u %u %#x> "
				    "is INTID %u, the %s",
				    d->path, type, num, flags, intid,
				    intid == VPL011_INTID
					    ? "guest console UART's"
					    : "microvisor's console's");
			return -1;
		}
		for (unsigned k = 0; k < nr_devs; k++)
			for (unsigned j = 0; j < devs[k].nr_irq; j++)
				if (devs[k].intid[j] == intid) {
					sbuf_printf(sb,
						    "passthrough=: %s and %s "
						    "share INTID %u",
						    d->path, devs[k].path,
						    intid);
					return -1;
				}
		/* One INTID, one trigger: named twice is a broken node. */
		for (unsigned j = 0; j < d->nr_irq; j++)
			if (d->intid[j] == intid) {
				sbuf_printf(sb,
					    "passthrough=: %s names INTID %u "
					    "twice",
					    d->path, intid);
				return -1;
			}
		d->intid[d->nr_irq] = intid;
		d->edge[d->nr_irq++] = flags == 1;
	}
	return 0;
}

/* The root's other nodes whose registers share a page stage 2 would map
 * for the device (a 4 KiB device on a 64 KiB granule): not the guest's. */
static const char *shares_page(const void *fdt, int self, u64 a, u64 n, int ac,
			       int sc)
{
	int node;

	fdt_for_each_subnode(node, fdt, 0)
	{
		int len;
		const u8 *reg = fdt_getprop(fdt, node, "reg", &len);

		if (node == self || !reg)
			continue;
		for (int i = 0; i + (ac + sc) * 4 <= len; i += (ac + sc) * 4)
			if (overlaps(a, n, cells(reg + i, ac),
				     cells(reg + i + ac * 4, sc)))
				return fdt_get_name(fdt, node, NULL);
	}
	return NULL;
}

/* What a device's registers may not touch, physically or as IPAs: the
 * whole pages stage 2 maps for them are checked. */
static int check_overlaps(const void *fdt, const struct pt_device *d,
			  const struct boot_info *bi, pa_t console,
			  u64 rma_size, int ac, int sc, struct sbuf *sb)
{
	for (unsigned r = 0; r < d->nr_reg; r++) {
		u64 a = ALIGN_DOWN(pa_addr(d->reg[r].base), MV_PAGE_SIZE);
		u64 n = ALIGN_UP(pa_addr(d->reg[r].base) + d->reg[r].size,
				 MV_PAGE_SIZE) -
			a;
		const char *what = NULL, *other;

		for (unsigned m = 0; m < bi->nr_mem && !what; m++)
			if (overlaps(a, n, pa_addr(bi->mem[m].base),
				     bi->mem[m].size))
				what = "RAM";
		if (!what &&
		    overlaps(a, n, pa_addr(console) & ~0xfffULL, 0x1000))
			what = "the microvisor's console";
		if (!what && bi->has_gicv3 &&
		    (overlaps(a, n, pa_addr(bi->gicd.base), bi->gicd.size) ||
		     overlaps(a, n, pa_addr(bi->gicr.base), bi->gicr.size)))
			what = "the GIC";
		if (!what && (overlaps(a, n, VGIC_GICD_IPA, VGIC_GICD_SIZE) ||
			      overlaps(a, n, VGIC_GICR_IPA,
				       VGIC_MAX_CPUS * VGIC_GICR_SIZE) ||
			      overlaps(a, n, VPL011_IPA, VPL011_SIZE)))
			what = "the guest's emulated GIC or console UART "
			       "(as IPAs)";
		if (!what && overlaps(a, n, MV_GUEST_RAM_IPA, rma_size))
			what = "guest RAM (as IPAs)";
		/* Another given device is another root node: shares_page()
		 * below refuses overlapping pages with it too. */
		if (what) {
			sbuf_printf(
				sb,
				"passthrough=: %s: registers %#llx-%#llx "
				"overlap %s",
				d->path,
				(unsigned long long)pa_addr(d->reg[r].base),
				(unsigned long long)(pa_addr(d->reg[r].base) +
						     d->reg[r].size - 1),
				what);
			return -1;
		}
		other = shares_page(fdt, d->node, a, n, ac, sc);
		if (other) {
			sbuf_printf(sb,
				    "passthrough=: %s: the %u KiB page(s) "
				    "%#llx-%#llx stage 2 would map also hold "
				    "/%s's registers (a page is given whole)",
				    d->path, (unsigned)(MV_PAGE_SIZE >> 10),
				    (unsigned long long)a,
				    (unsigned long long)(a + n - 1), other);
			return -1;
		}
	}
	return 0;
}

static int select_one(const void *fdt, const char *path,
		      const struct boot_info *bi, pa_t console, u64 rma_size,
		      struct sbuf *sb)
{
	struct pt_device *d = &devs[nr_devs];
	int node = fdt_path_offset(fdt, path), len, ac = 2, sc = 2;
	const char *status, *prop;
	const u8 *reg, *p;
	bool dma = false;

	memset(d, 0, sizeof(*d));
	memcpy(d->path, path, strlen(path) + 1);
	d->node = node;
	if (node < 0) {
		sbuf_printf(sb,
			    "passthrough=: no node %s in the boot device "
			    "tree",
			    path);
		return -1;
	}
	for (unsigned k = 0; k < nr_devs; k++)
		if (devs[k].node == node) {
			sbuf_printf(sb, "passthrough=: %s is given twice",
				    path);
			return -1;
		}
	if (fdt_parent_offset(fdt, node) != 0) {
		sbuf_printf(sb,
			    "passthrough=: %s is not a child of the root: only "
			    "the root's devices (reg in its cells) can be "
			    "given",
			    path);
		return -1;
	}
	status = fdt_getprop(fdt, node, "status", &len);
	if (status && strcmp(status, "okay") && strcmp(status, "ok")) {
		sbuf_printf(sb,
			    "passthrough=: %s is disabled (status = "
			    "\"%.16s\")",
			    path, status);
		return -1;
	}
	prop = bad_prop(fdt, node, &dma);
	if (prop && dma) {
		sbuf_printf(sb,
			    "passthrough=: %s shows a sign of DMA (%s): no "
			    "DMA-capable device is given until the DMA plan "
			    "(docs/dma.md) is in code",
			    path, prop);
		return -1;
	}
	if (prop) {
		sbuf_printf(sb,
			    "passthrough=: %s needs %s, a reference the "
			    "guest's device tree cannot carry",
			    path, prop);
		return -1;
	}
	if (fdt_first_subnode(fdt, node) >= 0) {
		sbuf_printf(sb,
			    "passthrough=: %s has child nodes: only leaf "
			    "devices can be given",
			    path);
		return -1;
	}
	if ((p = fdt_getprop(fdt, 0, "#address-cells", NULL)))
		ac = (int)be32(p);
	if ((p = fdt_getprop(fdt, 0, "#size-cells", NULL)))
		sc = (int)be32(p);
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len <= 0 || (ac != 1 && ac != 2) || (sc != 1 && sc != 2) ||
	    len % ((ac + sc) * 4) || len / ((ac + sc) * 4) > PT_MAX_REGS) {
		sbuf_printf(sb,
			    "passthrough=: %s has no reg this microvisor can "
			    "map (1 to %u ranges)",
			    path, PT_MAX_REGS);
		return -1;
	}
	for (int i = 0; i < len; i += (ac + sc) * 4) {
		u64 base = cells(reg + i, ac),
		    size = cells(reg + i + ac * 4, sc);

		if (!size || base + size < base) {
			sbuf_printf(sb, "passthrough=: %s: bad reg range",
				    path);
			return -1;
		}
		d->reg[d->nr_reg].base = pa(base);
		d->reg[d->nr_reg++].size = size;
	}
	if (check_overlaps(fdt, d, bi, console, rma_size, ac, sc, sb) ||
	    check_clocks(fdt, node, sb, path) ||
	    check_irqs(fdt, node, d, bi, sb))
		return -1;
	nr_devs++;
	return 0;
}

int passthrough_select(const void *fdt, const struct boot_info *bi,
		       const struct mv_options *o, pa_t console, char *err,
		       size_t errlen)
{
	struct sbuf sb;

	/* Each call selects afresh, and a refusal keeps nothing: no device
	 * is half given. */
	nr_devs = 0;
	boot_fdt = NULL;
	sbuf_init(&sb, err, errlen);
	for (unsigned i = 0; i < o->nr_passthrough; i++) {
		if (select_one(fdt, o->passthrough[i], bi, console, o->rma_size,
			       &sb)) {
			nr_devs = 0;
			return -1;
		}
		for (unsigned r = 0; r < devs[i].nr_reg; r++)
			pr_info("passthrough: %s: registers %#llx-%#llx at "
				"IPA = PA",
				devs[i].path,
				(unsigned long long)pa_addr(
					devs[i].reg[r].base),
				(unsigned long long)(pa_addr(devs[i].reg[r]
								     .base) +
						     devs[i].reg[r].size - 1));
		for (unsigned k = 0; k < devs[i].nr_irq; k++)
			pr_info("passthrough: %s: SPI %u (INTID %u, %s)",
				devs[i].path, devs[i].intid[k] - 32,
				devs[i].intid[k],
				devs[i].edge[k] ? "rising edge" : "high level");
	}
	if (!nr_devs)
		return 0;
	boot_fdt = el2mmu_map_window("the boot DTB", MV_BOOT_DTB_VA, bi->dtb,
				     bi->dtb_size);
	if (!boot_fdt) {
		sbuf_puts(&sb, "passthrough=: cannot map the boot DTB");
		nr_devs = 0;
		return -1;
	}
	return 0;
}

const void *passthrough_fdt(void)
{
	return boot_fdt;
}

unsigned passthrough_count(void)
{
	return nr_devs;
}

const struct pt_device *passthrough_device(unsigned i)
{
	return i < nr_devs ? &devs[i] : NULL;
}

bool passthrough_owns_irq(u32 intid)
{
	for (unsigned i = 0; i < nr_devs; i++)
		for (unsigned k = 0; k < devs[i].nr_irq; k++)
			if (devs[i].intid[k] == intid)
				return true;
	return false;
}
