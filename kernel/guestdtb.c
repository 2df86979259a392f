/* kernel/guestdtb.c - writes the guest's device tree with libfdt's sequential-write API. */
#include <libfdt.h>

#include "lib/fmt.h"
#include "kernel/guestdtb.h"

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

int guestdtb_build(void *buf, u64 len, const struct guestdtb_params *p,
		   char *err, size_t errlen)
{
	struct w w = {buf, 0};
	char name[32];
	fdt64_t reg[2] = {cpu_to_fdt64(p->ram_ipa), cpu_to_fdt64(p->ram_size)};
	/* Compatible lists are NUL-separated strings. */
	static const char psci_compat[] = "arm,psci-1.0\0arm,psci-0.2";

	if (len > GUESTDTB_MAX)
		len = GUESTDTB_MAX;
	w.err = fdt_create(buf, (int)len);
	if (!w.err)
		w.err = fdt_finish_reservemap(buf);
	begin(&w, "");
	prop_u32(&w, "#address-cells", 2);
	prop_u32(&w, "#size-cells", 2);
	prop_str(&w, "compatible", "microvisor,appliance");
	prop_str(&w, "model", "microvisor appliance");

	begin(&w, "chosen");
	prop_str(&w, "bootargs", p->bootargs ? p->bootargs : "");
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
	begin(&w, "cpu@0");
	prop_str(&w, "device_type", "cpu");
	prop_str(&w, "compatible", "arm,armv8");
	prop_u32(&w, "reg", 0);
	prop_str(&w, "enable-method", "psci");
	end(&w);
	end(&w);

	begin(&w, "psci");
	prop_raw(&w, "compatible", psci_compat, sizeof(psci_compat));
	prop_str(&w, "method", "hvc");
	end(&w);

	begin(&w, "hypervisor");
	prop_str(&w, "compatible", "microvisor,abi-1");
	end(&w);

	/* The counter and virtual timer; no interrupt controller is given
	 * to the guest yet, so the timer is for reading time only. */
	begin(&w, "timer");
	prop_str(&w, "compatible", "arm,armv8-timer");
	prop_empty(&w, "always-on");
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
