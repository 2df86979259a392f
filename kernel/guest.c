/* kernel/guest.c - the appliance's life: capture and verify the image, build the guest, run it, report how it ended, and what on_exit makes of that. */
#include <string.h>

#include "hyp/hyp.h"
#include "lib/fmt.h"
#include "kernel/cpus.h"
#include "kernel/guest.h"
#include "kernel/guestdtb.h"
#include "lib/heap.h"
#include "lib/log.h"
#include "kernel/mvabi.h"
#include "kernel/phases.h"
#include "kernel/vcpu.h"
#include "guestmem/vmmem.h"
#include "loader/place.h"
#include "loader/sha256.h"
#include "loader/verify.h"
#include "mbedtls/platform.h"
#include "platform/plat.h"

#ifndef MV_COUNTER_FLOOR
#define MV_COUNTER_FLOOR 0
#endif

static struct guest g;
static struct vm_mem mem;
static struct guest_config cfg;

void guest_configure(const struct guest_config *c)
{
	cfg = *c;
}

/* ---- image: capture, verify ---- */

#ifdef MBEDTLS_PLATFORM_MEMORY
static void *mbed_calloc(size_t n, size_t size)
{
	return heap_calloc(n, size);
}

static void mbed_free(void *p)
{
	heap_free(p);
}
#endif

/* ---- entropy: every guest gets fresh seeds or none ---- */

#define SEED_LEN 32

/* The bootloader's seed, until the first guest has had it. */
static u8 boot_seed[BOOTINFO_SEED_MAX];
static unsigned boot_seed_len;

/*
 * Seeds for one guest: from the bootloader's rng-seed the first time
 * (hashed apart into the two, then forgotten), else from RNDR, else none.
 * Returns where they came from, for the log.
 */
static const char *guest_seeds(u8 rng[SEED_LEN], u64 *kaslr, bool *have)
{
	*have = false;
	if (boot_seed_len) {
		u8 in[BOOTINFO_SEED_MAX + 1], out[MVIMG_SHA256_SIZE];

		memcpy(in, boot_seed, boot_seed_len);
		in[boot_seed_len] = 1;
		mvimg_sha256(in, boot_seed_len + 1, out);
		memcpy(kaslr, out, sizeof(*kaslr));
		in[boot_seed_len] = 2;
		mvimg_sha256(in, boot_seed_len + 1, rng);
		memset(in, 0, sizeof(in));
		memset(out, 0, sizeof(out));
		memset(boot_seed, 0, sizeof(boot_seed));
		boot_seed_len = 0;
		*have = true;
		return "the boot device tree's /chosen/rng-seed";
	}
	for (unsigned i = 0; i < SEED_LEN / 8; i++) {
		u64 v;

		if (!hyp_rndr(&v))
			return NULL;
		memcpy(rng + 8 * i, &v, 8);
	}
	if (!hyp_rndr(kaslr))
		return NULL;
	*have = true;
	return "the CPU's RNDR";
}

void guest_capture(const struct boot_info *bi)
{
	void *blob = vmmem_blob_va();
	u64 len = vmmem_store_size();

	memcpy(boot_seed, bi->rng_seed, bi->rng_seed_len);
	boot_seed_len = bi->rng_seed_len;
	phase_start(PHASE_CAPTURE);
	hyp_copy_and_wipe(vmmem_store_va(), blob, len);
	phase_end(PHASE_CAPTURE);
	pr_info("appliance image: %llu bytes copied to the microvisor's "
		"private store; the original at %#llx is wiped",
		(unsigned long long)len,
		(unsigned long long)pa_addr(bi->initrd_start));
}

static int verify(const struct boot_info *bi, struct mvimg_info *info)
{
	char err[MVIMG_ERR_MAX], id[20];
	u64 floor = MV_COUNTER_FLOOR, pf = plat_counter_floor(bi);
	int rc;

	if (pf > floor)
		floor = pf;
#ifdef MBEDTLS_PLATFORM_MEMORY /* the microvisor's own mbedTLS build */
	mbedtls_platform_set_calloc_free(mbed_calloc, mbed_free);
#endif
	u64 hashed = mvimg_sha256_cycles, t0 = hyp_cycles();

	phase_start(PHASE_SIGNATURE);
	rc = mvimg_verify(vmmem_store_va(), vmmem_store_size(),
			  &mv_trusted_keys, floor, info, err, sizeof(err));
	u64 spent = hyp_cycles() - t0;

	phase_end(PHASE_SIGNATURE);
	phase_move(PHASE_SIGNATURE, PHASE_HASH, mvimg_sha256_cycles - hashed);
	if (rc) {
		pr_err("appliance image rejected: %s", err);
		return -1;
	}
	for (unsigned i = 0; i < 8; i++)
		mv_snprintf(id + 2 * i, 3, "%02x", info->key_id[i]);
	pr_notice("image verified: %s signature by key %s… (trusted key %u), "
		  "security counter %llu (floor %llu), \"%s\"",
		  mvimg_alg_name(info->sig_alg), id, info->key_index,
		  (unsigned long long)info->security_counter,
		  (unsigned long long)floor, info->description);
	pr_info("verification: %llu bytes hashed and checked in %llu cycles; "
		"verifier heap peak %llu bytes",
		(unsigned long long)vmmem_store_size(),
		(unsigned long long)spent, (unsigned long long)heap_peak());
	return 0;
}

/* ---- building the guest ---- */

static int ram_populate(void *ctx, u64 off, u64 len)
{
	return vmmem_populate(ctx, off, len);
}

/* The image's bytes into guest RAM, each line cleaned as it is written:
 * the boot's copy phase. */
static void ram_copy(void *ctx, u64 off, const void *src, u64 len)
{
	struct vm_mem *m = ctx;

	phase_end(PHASE_PLACEMENT);
	phase_start(PHASE_COPY);
	hyp_copy_for_guest((char *)m->ram_va + off, src, len);
	phase_end(PHASE_COPY);
	phase_start(PHASE_PLACEMENT);
}

/* The vCPUs this guest gets: one per CPU up (and with a GIC, which
 * the other CPUs' kicks need), fewer with cpus=. */
static unsigned guest_cpus(void)
{
	static bool said;
	unsigned n = cfg.gic ? cpus_usable() : 1;

	if (cfg.cpus > n && !said) {
		pr_warn("cpus=%u: only %u CPU%s can run a vCPU here%s; the "
			"guest gets %u",
			cfg.cpus, n, n == 1 ? "" : "s",
			cfg.gic ? "" : " (no GICv3: one vCPU)", n);
		said = true;
	}
	if (cfg.cpus && cfg.cpus < n)
		n = cfg.cpus;
	return n;
}

static int build_guest(const struct mvimg_info *info)
{
	unsigned nr_cpus = guest_cpus();
	struct mvimg_placement pl;
	struct mvimg_ram ram;
	struct guestdtb_params dp;
	char err[MVIMG_ERR_MAX];
	u64 dtb_off;
	int dtb_size;
	u8 seed[SEED_LEN];
	const char *from;

	/* Refused before any memory is taken for it (place checks again). */
	if (info->guest_mem_size > vmmem_rma_size()) {
		char need[16], have[16];

		fmt_size(need, sizeof(need), info->guest_mem_size);
		fmt_size(have, sizeof(have), vmmem_rma_size());
		pr_err("appliance image rejected: the image needs %s of guest "
		       "RAM but the RMA is %s (raise rma_size=)",
		       need, have);
		return -1;
	}
	phase_start(PHASE_STAGE2);
	if (vmmem_guest_create(&mem))
		return -1;
	/* Its devices: registers at IPA = PA. */
	for (unsigned i = 0; i < cfg.nr_devices; i++)
		for (unsigned r = 0; r < cfg.devices[i].nr_reg; r++)
			if (vmmem_map_device(&mem, cfg.devices[i].reg[r].base,
					     cfg.devices[i].reg[r].size))
				return -1;
	phase_end(PHASE_STAGE2);
	ram = (struct mvimg_ram){
		.base = mem.ram_va,
		.size = mem.ram_size,
		.keep_top = GUESTDTB_MAX,
		.populate = ram_populate,
		.copy = ram_copy,
		.ctx = &mem,
	};
	phase_start(PHASE_PLACEMENT);
	if (mvimg_place(info, vmmem_store_va(), &ram, &pl, err, sizeof(err))) {
		pr_err("appliance image rejected: %s", err);
		return -1;
	}
	phase_end(PHASE_PLACEMENT);
	phase_start(PHASE_DTB);

	dtb_off = mem.ram_size - GUESTDTB_MAX;
	dp = (struct guestdtb_params){
		.ram_ipa = MV_GUEST_RAM_IPA,
		.ram_size = mem.ram_size,
		.bootargs = pl.cmdline,
		.has_initrd = pl.has_initrd,
		.initrd_start = MV_GUEST_RAM_IPA + pl.initrd_off,
		.initrd_end = MV_GUEST_RAM_IPA + pl.initrd_off + pl.initrd_size,
		.has_gic = cfg.gic,
		.host_fdt = cfg.boot_fdt,
		.devices = cfg.devices,
		.nr_devices = cfg.nr_devices,
		.nr_cpus = nr_cpus,
	};
	from = guest_seeds(seed, &dp.kaslr_seed, &dp.has_kaslr_seed);
	if (dp.has_kaslr_seed) {
		dp.rng_seed = seed;
		dp.rng_seed_len = SEED_LEN;
		pr_info("guest: rng-seed and kaslr-seed from %s", from);
	} else {
		pr_info("guest: no rng-seed or kaslr-seed: the boot device "
			"tree's seed is spent (or there was none) and this CPU "
			"has no RNDR");
	}
	if (vmmem_populate(&mem, dtb_off, GUESTDTB_MAX)) {
		pr_err("cannot make guest RAM present for the device tree");
		return -1;
	}
	dtb_size = guestdtb_build((char *)mem.ram_va + dtb_off, GUESTDTB_MAX,
				  &dp, err, sizeof(err));
	if (dtb_size < 0) {
		pr_err("%s", err);
		return -1;
	}
	memset(seed, 0, sizeof(seed));
	hyp_dcache_clean((char *)mem.ram_va + dtb_off, (u64)dtb_size);
	/* New code in guest RAM: no stale instructions may be fetched. */
	hyp_sync_icache();
	phase_end(PHASE_DTB);

	memset(&g, 0, sizeof(g));
	g.gmap = &mem.gmap;
	g.ram_ipa = MV_GUEST_RAM_IPA;
	g.ram_size = mem.ram_size;
	/* vCPU 0's GIC holds the distributor's SPIs: they all go to it. */
	vgic_init(&g.cpu[0].vgic, cfg.gic);
	vgic_own(&g.cpu[0].vgic, VPL011_INTID);
	for (unsigned i = 0; i < cfg.nr_devices; i++)
		for (unsigned k = 0; k < cfg.devices[i].nr_irq; k++)
			vgic_link_hw(&g.cpu[0].vgic, cfg.devices[i].intid[k],
				     cfg.devices[i].edge[k]);
	g.console_irq = cfg.console_irq;
	g.nr_devices = cfg.nr_devices;
	g.watchdog_s = cfg.watchdog_s;
	g.watchdog_ticks = cfg.watchdog_s * hyp_counter_freq();
	{
		u64 mpidr[VGIC_MAX_CPUS];

		for (unsigned i = 0; i < nr_cpus; i++)
			mpidr[i] = cpus_mpidr(i);
		vcpu_guest_init(&g, nr_cpus, mpidr,
				MV_GUEST_RAM_IPA + pl.entry_off,
				MV_GUEST_RAM_IPA + dtb_off);
	}
	vpl011_init(&g.uart, &g.con, cfg.gic ? &g.cpu[0].vgic : NULL);
	pr_info("guest: entry IPA %#llx, device tree at IPA %#llx (%d bytes), "
		"bootargs \"%s\"",
		(unsigned long long)g.cpu[0].entry,
		(unsigned long long)g.cpu[0].context, dtb_size, pl.cmdline);
	if (nr_cpus > 1)
		pr_info("guest: %u vCPUs, vCPU n on CPU n; vCPU 0 starts, the "
			"others at their PSCI CPU_ON",
			nr_cpus);
	return 0;
}

static void teardown(void)
{
	hyp_guest_stop();
	vmmem_guest_destroy(&mem);
}

/* The debug line that counts a guest's exits and interrupts (over all
 * its vCPUs). */
static void log_counts(void)
{
	u64 injected = 0, sgis = 0, mmio = 0, ignored = 0;

	for (unsigned i = 0; i < g.nr_cpus; i++) {
		injected += g.cpu[i].vgic.injected;
		sgis += g.cpu[i].vgic.sgis;
		mmio += g.cpu[i].vgic.mmio;
		ignored += g.cpu[i].vgic.ignored;
	}
	pr_debug("guest exits served: %llu (calls %llu, interrupts %llu, "
		 "WFx %llu, system registers %llu, device accesses %llu, "
		 "stage-2 faults %llu); segments installed: %llu; "
		 "interrupts: %llu physical, %llu injected, %llu SGIs; "
		 "%llu GIC accesses (%llu ignored); console UART: %llu "
		 "bytes out, %llu in; %llu WFIs slept",
		 g.exits,
		 g.exits - g.n_irq - g.n_wfx - g.n_sysreg - g.n_mmio -
			 g.n_abort,
		 (unsigned long long)g.n_irq, (unsigned long long)g.n_wfx,
		 (unsigned long long)g.n_sysreg, (unsigned long long)g.n_mmio,
		 (unsigned long long)g.n_abort, mem.gmap.faults_served,
		 (unsigned long long)g.irqs, (unsigned long long)injected,
		 (unsigned long long)sgis, (unsigned long long)mmio,
		 (unsigned long long)ignored,
		 (unsigned long long)g.uart.tx_bytes,
		 (unsigned long long)g.uart.rx_bytes,
		 (unsigned long long)g.idles);
}

/* Physical CPU n (not the boot CPU) for the whole guest: vCPU n. */
static void secondary(unsigned n)
{
	vmmem_cpu_enter(&mem);
	vcpu_cpu_loop(&g, n);
	hyp_guest_stop();
	vmmem_cpu_leave();
}

int guest_run_once(const struct boot_info *bi, struct guest_outcome *out)
{
	struct mvimg_info info;

	/* Verified on every (re)start: the store is private, but the check
	 * is cheap next to a guest's life. */
	if (verify(bi, &info))
		return -1;
	if (build_guest(&info)) {
		teardown();
		return -1;
	}
	phases_log(hyp_cycles());
	pr_notice("starting the appliance (%llu cycles since the "
		  "microvisor's entry)",
		  (unsigned long long)hyp_cycles());
	u64 started = hyp_counter();

	g.cntvoff = started;
	if (g.nr_cpus > 1)
		cpus_run(g.nr_cpus, secondary);
	vcpu_cpu_loop(&g, 0);
	/* Every CPU back at EL2 before the end is told. */
	if (g.nr_cpus > 1) {
		cpus_wait();
		pr_info("guest: all %u vCPUs stopped", g.nr_cpus);
	}
	vcpu_sum_counts(&g);
	out->ran_s = (hyp_counter() - started) / hyp_counter_freq();
	out->end = g.end;
	out->status = g.status;
	out->exits = g.exits;
	pr_notice("guest exited: reason=%s status=%u", guest_end_name(g.end),
		  g.status);
	log_counts();
	teardown();
	return 0;
}

enum guest_next guest_next(enum mv_on_exit on_exit, u64 ran_s,
			   unsigned *restarts)
{
	if (on_exit == MV_ON_EXIT_HALT)
		return GUEST_NEXT_HALT;
	if (on_exit == MV_ON_EXIT_POWEROFF)
		return GUEST_NEXT_POWEROFF;
	/* Restart. A guest that ran for a while breaks the run of restarts;
	 * one that keeps ending quickly is given up on. */
	*restarts = ran_s >= GUEST_RESTART_WINDOW_S ? 1 : *restarts + 1;
	return *restarts > GUEST_RESTART_LIMIT ? GUEST_NEXT_GIVE_UP
					       : GUEST_NEXT_RESTART;
}
