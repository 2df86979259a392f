/* kernel/guest.c - the appliance's life: capture and verify the image, build the guest, run it, report how it ended, apply on_exit. */
#include <string.h>

#include "hyp/cache.h"
#include "hyp/pmu.h"
#include "hyp/sysreg.h"
#include "lib/fmt.h"
#include "kernel/guest.h"
#include "kernel/guestdtb.h"
#include "lib/heap.h"
#include "kernel/integrity.h"
#include "kernel/panic.h"
#include "lib/log.h"
#include "kernel/mvabi.h"
#include "platform/power.h"
#include "kernel/vcpu.h"
#include "guestmem/vmmem.h"
#include "loader/place.h"
#include "loader/verify.h"
#include "mbedtls/platform.h"
#include "platform/plat.h"

#ifndef MV_COUNTER_FLOOR
#define MV_COUNTER_FLOOR 0
#endif

/* HCR_EL2 while the guest runs (research/stage2.md 4.6). */
#define HCR_GUEST                                                              \
	(BIT(0) /* VM */ | BIT(1) /* SWIO */ | BIT(2) /* PTW */ |              \
	 BIT(3) /* FMO */ | BIT(4) /* IMO */ | BIT(5) /* AMO */ |              \
	 BIT(9) /* FB */ | BIT(10) /* BSU=IS */ | BIT(13) /* TWI */ |          \
	 BIT(14) /* TWE */ | BIT(18) /* TID3 */ | BIT(19) /* TSC */ |          \
	 BIT(20) /* TIDCP */ | BIT(21) /* TACR */ | BIT(22) /* TSW */ |        \
	 BIT(31) /* RW */ | BIT(35) /* TLOR */ | BIT(40) /* APK */ |           \
	 BIT(41) /* API */)
#define SPSR_EL1H_MASKED 0x3c5ULL /* EL1h, D, A, I, F set */

static struct guest g;
static struct vm_mem mem;

/* ---- image: capture, verify ---- */

static void *mbed_calloc(size_t n, size_t size)
{
	return heap_calloc(n, size);
}

static void mbed_free(void *p)
{
	heap_free(p);
}

/* Copy the image once into the private store and wipe the original, so
 * nothing the bootloader (or anyone) can still write is ever used. */
static void capture(const struct boot_info *bi)
{
	void *blob = vmmem_blob_va(bi);
	u64 len = vmmem_store_size();

	memcpy(vmmem_store_va(), blob, len);
	memset(blob, 0, len);
	dcache_clean_poc(blob, len);
	pr_info("appliance image: %llu bytes copied to the microvisor's "
		"private store; the original at %#llx is wiped",
		(unsigned long long)len,
		(unsigned long long)bi->initrd_start.v);
}

static int verify(const struct boot_info *bi, struct mvimg_info *info)
{
	char err[MVIMG_ERR_MAX], id[20];
	u64 floor = MV_COUNTER_FLOOR, pf = plat_counter_floor(bi);
	int rc;

	if (pf > floor)
		floor = pf;
	mbedtls_platform_set_calloc_free(mbed_calloc, mbed_free);
	u64 t0 = pmu_cycles();
	rc = mvimg_verify(vmmem_store_va(), vmmem_store_size(),
			  &mv_trusted_keys, floor, info, err, sizeof(err));
	u64 spent = pmu_cycles() - t0;
	if (rc) {
		pr_err("appliance image rejected: %s", err);
		return -1;
	}
	for (unsigned i = 0; i < 8; i++)
		mv_snprintf(id + 2 * i, 3, "%02x", info->key_id[i]);
	pr_info("image verified: %s signature by key %s… (trusted key %u), "
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

static void ram_written(void *ctx, u64 off, u64 len)
{
	struct vm_mem *m = ctx;

	dcache_clean_poc((char *)m->ram_va + off, len);
}

void fp_reset_state(void); /* hyp/fpreset.S */

/* PAuth keys exist only with FEAT_PAuth (any of ISAR1 APA/API/GPA/GPI, or
 * ISAR2 APA3/GPA3). */
static bool have_pauth(void)
{
	u64 i1 = read_sysreg(id_aa64isar1_el1);
	u64 i2 = read_sysreg(S3_0_C0_C6_2); /* ID_AA64ISAR2_EL1, RAZ if old */

	return ((i1 >> 4) & 0xff) ||  /* APA [7:4], API [11:8] */
	       ((i1 >> 24) & 0xff) || /* GPA [27:24], GPI [31:28] */
	       ((i2 >> 8) & 0xff);    /* GPA3 [11:8], APA3 [15:12] */
}

/* The PMU is the guest's: back to reset values (all counters off and
 * zero), so one guest's counts never reach the next. */
static void pmu_reset(void)
{
	unsigned v = (read_sysreg(id_aa64dfr0_el1) >> 8) & 0xf;

	if (v == 0 || v == 0xf)
		return;
	u64 n = (read_sysreg(pmcr_el0) >> 11) & 0x1f;
	write_sysreg(~0ULL, pmcntenclr_el0);
	write_sysreg(~0ULL, pmintenclr_el1);
	write_sysreg(~0ULL, pmovsclr_el0);
	for (u64 i = 0; i < n; i++) {
		write_sysreg(i, pmselr_el0);
		isb();
		write_sysreg(0, pmxevtyper_el0);
		write_sysreg(0, pmxevcntr_el0);
	}
	write_sysreg(0, pmselr_el0);
	write_sysreg(0, pmccfiltr_el0);
	write_sysreg(0, pmuserenr_el0);
	write_sysreg(BIT(1) | BIT(2), pmcr_el0); /* zero all counters, E = 0 */
	isb();
}

/* ICH_LR<n>_EL2 has no indexed form: one encoding each. */
static void ich_lr_clear(unsigned n)
{
	switch (n) {
	case 0: write_sysreg(0, S3_4_C12_C12_0); break;
	case 1: write_sysreg(0, S3_4_C12_C12_1); break;
	case 2: write_sysreg(0, S3_4_C12_C12_2); break;
	case 3: write_sysreg(0, S3_4_C12_C12_3); break;
	case 4: write_sysreg(0, S3_4_C12_C12_4); break;
	case 5: write_sysreg(0, S3_4_C12_C12_5); break;
	case 6: write_sysreg(0, S3_4_C12_C12_6); break;
	case 7: write_sysreg(0, S3_4_C12_C12_7); break;
	case 8: write_sysreg(0, S3_4_C12_C13_0); break;
	case 9: write_sysreg(0, S3_4_C12_C13_1); break;
	case 10: write_sysreg(0, S3_4_C12_C13_2); break;
	case 11: write_sysreg(0, S3_4_C12_C13_3); break;
	case 12: write_sysreg(0, S3_4_C12_C13_4); break;
	case 13: write_sysreg(0, S3_4_C12_C13_5); break;
	case 14: write_sysreg(0, S3_4_C12_C13_6); break;
	default: write_sysreg(0, S3_4_C12_C13_7); break;
	}
}

/* The GICv3 virtual CPU interface the guest's ICC_* accesses reach. */
static void gic_virtual_reset(void)
{
	if (!((read_sysreg(id_aa64pfr0_el1) >> 24) & 0xf))
		return; /* no GIC system-register interface */
	if (!(read_sysreg(S3_4_C12_C9_5) & 1)) /* ICC_SRE_EL2.SRE */
		return;
	unsigned lrs = (unsigned)(read_sysreg(S3_4_C12_C11_1) & 0x1f) + 1;
	write_sysreg(0, S3_4_C12_C11_0); /* ICH_HCR_EL2 */
	write_sysreg(0, S3_4_C12_C11_7); /* ICH_VMCR_EL2 */
	write_sysreg(0, S3_4_C12_C8_0);	 /* ICH_AP0R0_EL2 */
	write_sysreg(0, S3_4_C12_C9_0);	 /* ICH_AP1R0_EL2 */
	for (unsigned n = 0; n < lrs; n++)
		ich_lr_clear(n);
	isb();
}

/* EL1 state as at reset: the guest starts from a known place, and a
 * restarted guest inherits nothing from its predecessor. */
static void el1_reset(void)
{
	fp_reset_state();
	pmu_reset();
	gic_virtual_reset();
	write_sysreg(0, csselr_el1);
	if (have_pauth()) {
		write_sysreg(0, S3_0_C2_C1_0); /* APIAKeyLo_EL1 */
		write_sysreg(0, S3_0_C2_C1_1);
		write_sysreg(0, S3_0_C2_C1_2); /* APIBKey */
		write_sysreg(0, S3_0_C2_C1_3);
		write_sysreg(0, S3_0_C2_C2_0); /* APDAKey */
		write_sysreg(0, S3_0_C2_C2_1);
		write_sysreg(0, S3_0_C2_C2_2); /* APDBKey */
		write_sysreg(0, S3_0_C2_C2_3);
		write_sysreg(0, S3_0_C2_C3_0); /* APGAKey */
		write_sysreg(0, S3_0_C2_C3_1);
	}
	write_sysreg(0x30d00800ULL, sctlr_el1); /* RES1, MMU and caches off */
	write_sysreg(0, tcr_el1);
	write_sysreg(0, ttbr0_el1);
	write_sysreg(0, ttbr1_el1);
	write_sysreg(0, mair_el1);
	write_sysreg(0, amair_el1);
	write_sysreg(0, vbar_el1);
	write_sysreg(0, cpacr_el1);
	write_sysreg(0, contextidr_el1);
	write_sysreg(0, tpidr_el1);
	write_sysreg(0, tpidr_el0);
	write_sysreg(0, tpidrro_el0);
	write_sysreg(0, sp_el0);
	write_sysreg(0, sp_el1);
	write_sysreg(0, elr_el1);
	write_sysreg(0, spsr_el1);
	write_sysreg(0, esr_el1);
	write_sysreg(0, far_el1);
	write_sysreg(0, afsr0_el1);
	write_sysreg(0, afsr1_el1);
	write_sysreg(0, par_el1);
	write_sysreg(0, cntkctl_el1);
	write_sysreg(0, cntv_ctl_el0);
	write_sysreg(0, cntv_cval_el0);
	isb();
}

static void el2_guest_config(void)
{
	u64 pmcr_n = (read_sysreg(pmcr_el0) >> 11) & 0x1f;

	write_sysreg(HCR_GUEST, hcr_el2);
	/* FP/SIMD untrapped (EL2 never touches it), SVE and trace trapped. */
	write_sysreg(0x33ffULL | BIT(20), cptr_el2);
	/* Debug registers trapped (emulated or refused); the PMU is the
	 * guest's: all counters, not trapped. */
	write_sysreg(pmcr_n | BIT(9) | BIT(10) | BIT(11), mdcr_el2);
	/* Physical counter readable; physical timer trapped (the guest
	 * uses the virtual timer, which counts from ~0 at its start). */
	write_sysreg(BIT(0), cnthctl_el2);
	write_sysreg(read_sysreg(cntpct_el0), cntvoff_el2);
	write_sysreg(read_sysreg(midr_el1), vpidr_el2);
	write_sysreg(BIT(31) | BIT(30), vmpidr_el2); /* Aff0 = 0, U = 1 */
	isb();
}

static int build_guest(const struct mvimg_info *info)
{
	struct mvimg_placement pl;
	struct mvimg_ram ram;
	struct guestdtb_params dp;
	char err[MVIMG_ERR_MAX];
	u64 dtb_off;
	int dtb_size;

	if (vmmem_guest_create(&mem))
		return -1;
	ram = (struct mvimg_ram){
		.base = mem.ram_va,
		.size = mem.ram_size,
		.keep_top = GUESTDTB_MAX,
		.populate = ram_populate,
		.written = ram_written,
		.ctx = &mem,
	};
	if (mvimg_place(info, vmmem_store_va(), &ram, &pl, err, sizeof(err))) {
		pr_err("appliance image rejected: %s", err);
		return -1;
	}

	dtb_off = mem.ram_size - GUESTDTB_MAX;
	dp = (struct guestdtb_params){
		.ram_ipa = MV_GUEST_RAM_IPA,
		.ram_size = mem.ram_size,
		.bootargs = pl.cmdline,
		.has_initrd = pl.has_initrd,
		.initrd_start = MV_GUEST_RAM_IPA + pl.initrd_off,
		.initrd_end = MV_GUEST_RAM_IPA + pl.initrd_off + pl.initrd_size,
	};
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
	dcache_clean_poc((char *)mem.ram_va + dtb_off, (u64)dtb_size);
	/* New code in guest RAM: no stale instructions may be fetched. */
	asm volatile("ic ialluis\n\tdsb ish\n\tisb" : : : "memory");

	memset(&g, 0, sizeof(g));
	g.gmap = &mem.gmap;
	g.ram_ipa = MV_GUEST_RAM_IPA;
	g.ram_size = mem.ram_size;
	g.vcpu.pc = MV_GUEST_RAM_IPA + pl.entry_off;
	g.vcpu.pstate = SPSR_EL1H_MASKED;
	g.vcpu.x[0] = MV_GUEST_RAM_IPA + dtb_off;
	pr_info("guest: entry IPA %#llx, device tree at IPA %#llx (%d bytes), "
		"bootargs \"%s\"",
		(unsigned long long)g.vcpu.pc, (unsigned long long)g.vcpu.x[0],
		dtb_size, pl.cmdline);
	return 0;
}

static void teardown(void)
{
	write_sysreg(BIT(31), hcr_el2); /* no stage 2 while none exists */
	isb();
	vmmem_guest_destroy(&mem);
}

void guest_main(const struct boot_info *bi, const struct mv_options *o)
{
	struct mvimg_info info;
	unsigned restarts = 0;

	if (mv_keys_are_dev)
		pr_warn("*** DEVELOPMENT KEY: this microvisor trusts the "
			"development key in build/keys/; anyone with the build "
			"tree can sign appliances for it. Build with KEY= for "
			"real use. ***");
	capture(bi);
	for (;;) {
		/* Verified on every (re)start: the store is private, but the
		 * check is cheap next to a guest's life. */
		if (verify(bi, &info)) {
			pr_err("no guest runs");
			power_off(MV_EXIT_BAD_IMAGE);
		}
		if (build_guest(&info)) {
			teardown();
			pr_err("no guest runs");
			power_off(MV_EXIT_BAD_IMAGE);
		}
		pr_info("starting the appliance (%llu cycles since the "
			"microvisor's entry)",
			(unsigned long long)pmu_cycles());
		/* Last: the PMU reset ends the microvisor's own count. */
		el1_reset();
		el2_guest_config();
		u64 started = read_sysreg(cntpct_el0);
		vcpu_run(&g);
		u64 ran_s = (read_sysreg(cntpct_el0) - started) /
			    (read_sysreg(cntfrq_el0) ?: 1);
		pr_info("guest exited: reason=%s status=%u",
			guest_end_name(g.end), g.status);
		pr_debug("guest exits served: %llu; segments populated on "
			 "touch: %llu",
			 g.exits, mem.gmap.faults_served);
		teardown();
		if (integrity_check("after the guest"))
			mv_panic("the microvisor was modified while the guest "
				 "ran");

		if (o->on_exit == MV_ON_EXIT_HALT) {
			pr_info("on_exit=halt: halting");
			power_halt();
		}
		if (o->on_exit == MV_ON_EXIT_POWEROFF)
			power_off(g.status);
		/* Restart. A guest that ran for a while breaks the run of
		 * restarts; one that keeps ending quickly is given up on. */
		restarts = ran_s >= GUEST_RESTART_WINDOW_S ? 1 : restarts + 1;
		if (restarts > GUEST_RESTART_LIMIT) {
			pr_err("on_exit=restart: %u restarts in a row, giving "
			       "up",
			       GUEST_RESTART_LIMIT);
			power_off(g.status);
		}
		pr_info("on_exit=restart: restarting the appliance (%u of %u)",
			restarts, GUEST_RESTART_LIMIT);
	}
}
