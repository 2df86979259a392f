/* kernel/main.c - the boot flow: DTB, options and banner at the load PA, then the runtime at the link VA. */
#include "hyp/el2mmu.h"
#include "hyp/hyp.h"
#include "hyp/sysreg.h"
#include "loader/mvimg.h"
#include "platform/bootinfo.h"
#include "kernel/cmdline.h"
#include "hyp/decode.h"
#include "lib/fmt.h"
#include "kernel/guest.h"
#include "loader/sha256.h"
#include "loader/verify.h"
#include "kernel/cpus.h"
#include "kernel/integrity.h"
#include "kernel/passthrough.h"
#include "hyp/gic.h"
#include "platform/gic.h"
#include "lib/log.h"
#include "kernel/panic.h"
#include "kernel/phases.h"
#include "platform/power.h"
#include "guestmem/vmmem.h"
#include "platform/console.h"
#include "platform/plat.h"

static struct boot_info bi;
static struct mv_options opts;
static pa_t console_pa;
static int console_drv = -1; /* index into the board's console drivers */

/* Log to the console driver console_drv, whose registers are at base now. */
static void use_console(void *base)
{
	const struct plat_console *c;
	struct log_output o;

	if (console_drv < 0)
		return; /* this build has no driver for it: stay silent */
	c = plat_console_get((unsigned)console_drv);
	o = (struct log_output){c->write, c->getc, base, c->rx_irq};
	c->init(base);
	log_set_output(&o);
}

/* The board's default console, when the boot DTB names none we drive. */
static void default_console(void)
{
	const char *compat = plat_board.default_console_compat;

	console_pa = plat_board.default_console;
	console_drv = plat_console_match(compat, __builtin_strlen(compat) + 1);
	use_console((void *)(uintptr_t)pa_addr(console_pa));
}

void mv_main(u64 arg);
struct mmu_switch *boot_main(u64 dtb);
void boot_wrong_el(unsigned el, u64 dtb);

/* Entered at EL1 or EL3: nothing at EL2 can be set up, so only say why. */
void boot_wrong_el(unsigned el, u64 dtb)
{
	(void)dtb;
	default_console();
	pr_err("entered at EL%u, but the microvisor must be started at EL2 "
	       "(hypervisor mode); QEMU needs -M virt,virtualization=on. "
	       "Stopping.",
	       el);
	power_halt();
}

static __attribute__((noreturn)) void stop_bad_input(void)
{
	pr_err("boot stopped: bad boot input (see above)");
	power_off(MV_EXIT_BAD_INPUT);
}

static void banner(u64 midr, u64 mmfr0, unsigned pa_bits)
{
	char buf[160];

	pr_notice("microvisor %s (%s, %lluK granule%s)", MV_VERSION,
		  plat_board.name,
		  (unsigned long long)((1ULL << MV_GRANULE_SHIFT) >> 10),
		  MV_DEBUG ? ", debug" : "");
	decode_midr(midr, buf, sizeof(buf));
	pr_notice("CPU: %s (MIDR %#llx), PARange %u bits", buf,
		  (unsigned long long)midr, pa_bits);
	decode_granules(decode_s1_granules(mmfr0), buf, sizeof(buf));
	pr_info("granules: stage 1 %s", buf);
	decode_granules(decode_s2_granules(mmfr0), buf, sizeof(buf));
	pr_info("granules: stage 2 %s", buf);

	u64 total = 0;
	for (unsigned i = 0; i < bi.nr_mem; i++) {
		pr_info("RAM: %#llx-%#llx (%llu MiB)",
			(unsigned long long)pa_addr(bi.mem[i].base),
			(unsigned long long)(pa_addr(bi.mem[i].base) +
					     bi.mem[i].size - 1),
			(unsigned long long)(bi.mem[i].size >> 20));
		total += bi.mem[i].size;
	}
	pr_notice("RAM total: %llu MiB in %u bank(s); %u reserved region(s)",
		  (unsigned long long)(total >> 20), bi.nr_mem, bi.nr_reserved);
	for (unsigned i = 0; i < bi.nr_reserved; i++)
		pr_info("reserved: %#llx-%#llx",
			(unsigned long long)pa_addr(bi.reserved[i].base),
			(unsigned long long)(pa_addr(bi.reserved[i].base) +
					     bi.reserved[i].size - 1));
	pr_info("DTB: PA %#llx, %llu bytes",
		(unsigned long long)pa_addr(bi.dtb),
		(unsigned long long)bi.dtb_size);
	if (bi.has_initrd)
		pr_info("appliance image (initrd): %#llx-%#llx (%llu bytes)",
			(unsigned long long)pa_addr(bi.initrd_start),
			(unsigned long long)pa_addr(bi.initrd_end),
			(unsigned long long)(pa_addr(bi.initrd_end) -
					     pa_addr(bi.initrd_start)));
	else
		pr_info("appliance image (initrd): none");
	pr_info("console: %s at %#llx%s%s",
		console_drv < 0 ? "no driver"
				: plat_console_get((unsigned)console_drv)->name,
		(unsigned long long)pa_addr(console_pa),
		bi.has_stdout_uart ? " from stdout-path "
				   : " (platform default)",
		bi.has_stdout_uart ? bi.stdout_path : "");
	pr_info("bootargs: \"%s\"", bi.bootargs);
	cmdline_format(&opts, buf, sizeof(buf));
	pr_info("options: %s", buf);
}

/*
 * Runs at the load PA with the MMU off (hyp/head.S relocated the image
 * there). Keeps no pointers for later: only plain values survive into
 * mv_main, which runs at the link VA.
 */
struct mmu_switch *boot_main(u64 dtb)
{
	char err[240];
	u64 midr = hyp_midr();
	u64 mmfr0 = hyp_mmfr0();
	unsigned pa_bits = decode_parange_bits(ID_AA64MMFR0_PARANGE(mmfr0));
	struct mmu_switch *sw;

	default_console();
	cmdline_defaults(&opts);

	/* Known HCR_EL2 (AArch64 EL1, nothing trapped, no stage 2); a
	 * bootloader may have left VHE on, and some CPUs cannot turn it off. */
	if (!hyp_init_el2()) {
		pr_err("HCR_EL2.E2H is stuck at 1 on this CPU; the microvisor "
		       "needs non-VHE EL2");
		stop_bad_input();
	}
	if (!dtb) {
		pr_err("no device tree: x0 was 0 at entry (an ELF boot? boot "
		       "microvisor.bin as a Linux Image)");
		stop_bad_input();
	}
	if (bootinfo_parse((const void *)(uintptr_t)dtb, BOOTINFO_DTB_MAX, &bi,
			   err, sizeof(err))) {
		pr_err("boot DTB at %#llx: %s", (unsigned long long)dtb, err);
		stop_bad_input();
	}
	if (bi.has_stdout_uart) {
		console_pa = bi.stdout_uart;
		console_drv = (int)bi.stdout_console;
		use_console((void *)(uintptr_t)pa_addr(console_pa));
	}
	int bad_opts = cmdline_parse(bi.bootargs, &opts, err, sizeof(err));
	power_use_semihosting(opts.exit_semihosting);
	log_set_level(opts.loglevel);
	if (bad_opts) {
		pr_err("bootargs: %s", err);
		stop_bad_input();
	}

	banner(midr, mmfr0, pa_bits);

	if (!(decode_s1_granules(mmfr0) &
	      (1u << ((MV_GRANULE_SHIFT - 12) / 2)))) {
		char have[32], cpu[64];

		decode_granules(decode_s1_granules(mmfr0), have, sizeof(have));
		decode_midr(midr, cpu, sizeof(cpu));
		pr_err("this microvisor was built for %lluK pages, which this "
		       "CPU (%s) does not support; it supports %s. Rebuild "
		       "with GRANULE= one of those.",
		       (unsigned long long)((1ULL << MV_GRANULE_SHIFT) >> 10),
		       cpu, have);
		stop_bad_input();
	}

	sw = el2mmu_prepare(pa_bits, console_pa, mv_main, 0);
	if (!sw)
		mv_panic("cannot build the EL2 page tables");
	struct vmmem_config mc = {
		.rma_size = opts.rma_size,
		.rma_count = opts.rma_count,
		.ipa_bits = opts.ipa_bits,
		.store_max = MVIMG_MAX_SIGNED_SIZE + MVIMG_TRAILER_SIZE,
	};
	if (vmmem_boot(&bi, &mc, pa_bits, mmfr0, el2mmu_image_pa(),
		       el2mmu_image_size()) ||
	    gic_boot(&bi))
		stop_bad_input();
	if (passthrough_select((const void *)(uintptr_t)dtb, &bi, &opts,
			       console_pa, err, sizeof(err))) {
		pr_err("%s", err);
		stop_bad_input();
	}
	pr_info("switching to the runtime tables through the trampoline");
	return sw;
}

/* The appliance, life after life, as on_exit says. Never returns. */
static __attribute__((noreturn)) void run_guests(void)
{
	struct guest_outcome r;
	unsigned restarts = 0;

	if (mv_keys_are_dev)
		pr_warn("*** DEVELOPMENT KEY: this microvisor trusts the "
			"development key in build/keys/; anyone with the build "
			"tree can sign appliances for it. Build with KEY= for "
			"real use. ***");
	guest_capture(&bi);
	for (;;) {
		if (guest_run_once(&bi, &r)) {
			pr_err("no guest runs");
			power_off(MV_EXIT_BAD_IMAGE);
		}
		if (integrity_check("after the guest"))
			mv_panic("the microvisor was modified while the guest "
				 "ran");
		switch (guest_next(opts.on_exit, r.ran_s, &restarts)) {
		case GUEST_NEXT_HALT:
			pr_notice("on_exit=halt: halting");
			power_halt();
		case GUEST_NEXT_POWEROFF: power_off(r.status);
		case GUEST_NEXT_GIVE_UP:
			pr_err("on_exit=restart: %u restarts in a row, giving "
			       "up",
			       GUEST_RESTART_LIMIT);
			power_off(r.status);
		case GUEST_NEXT_RESTART:
			pr_notice(
				"on_exit=restart: restarting the appliance (%u "
				"of %u)",
				restarts, GUEST_RESTART_LIMIT);
			break;
		}
	}
}

/* Runs at the link VA on the runtime tables. */
void mv_main(u64 arg)
{
	(void)arg;
	el2mmu_runtime_fixup();
	use_console(el2mmu_uart_va());
	if (el2mmu_selfcheck())
		mv_panic("the EL2 page tables do not do what they should");

	if (vmmem_selfcheck())
		mv_panic("the stage-2 tables do not do what they should");
	/* Interrupts: the guest's virtual timer, the watchdog's EL2 timer,
	 * the virtual interface's maintenance interrupt. */
	{
		struct guest_config gc = {.watchdog_s = opts.watchdog_s,
					  .cpus = opts.cpus};

		gc.gic = gic_init();
		if (gc.gic) {
			gic_ppi_enable(GIC_INTID_VTIMER, 0xa0);
			gic_ppi_enable(GIC_INTID_HYPTIMER, 0x80);
			gic_ppi_enable(GIC_INTID_MAINT, 0x80);
			gic_ppi_enable(GIC_INTID_KICK, 0x80);
			/* Typed bytes wake a sleeping guest. */
			if (bi.has_stdout_irq && log_rx_irq(false)) {
				gic_spi_enable(bi.stdout_irq, 0xa0,
					       bi.stdout_irq_edge);
				gc.console_irq = bi.stdout_irq;
			}
			pr_info("interrupts: the appliance gets a GICv3 (%u "
				"list "
				"registers)%s",
				hyp_gic_nr_lrs(),
				opts.watchdog_s ? "; watchdog on" : "");
			/* The given devices' interrupts, to this CPU. */
			for (unsigned i = 0; i < passthrough_count(); i++) {
				const struct pt_device *d =
					passthrough_device(i);

				for (unsigned k = 0; k < d->nr_irq; k++)
					gic_spi_enable(d->intid[k], 0xa0,
						       d->edge[k]);
			}
		} else if (passthrough_count()) {
			pr_err("passthrough=: the given devices' interrupts "
			       "need "
			       "the GICv3 this board does not have");
			stop_bad_input();
		} else if (opts.watchdog_s) {
			pr_err("watchdog=%u needs the GICv3 this board does "
			       "not have",
			       opts.watchdog_s);
			stop_bad_input();
		}
		gc.devices = passthrough_device(0);
		gc.nr_devices = passthrough_count();
		gc.boot_fdt = passthrough_fdt();
		guest_configure(&gc);
	}
	/* The other CPUs, up at EL2 and waiting. */
	cpus_start(&bi);
	if (hyp_cycles())
		pr_info("boot work up to the stage-2 self-check: %llu cycles "
			"(instructions under QEMU -icount)",
			(unsigned long long)hyp_cycles());
	/* Everything below trusts SHA-256: the integrity record, the image. */
	{
		char err[160];

		if (mvimg_sha256_selftest(err, sizeof(err)))
			mv_panic("%s: no image can be verified", err);
		if (hyp_has_sha2())
			pr_info("SHA-256: NIST examples pass on the SHA-2 "
				"instructions and on the C fallback");
		else
			pr_info("SHA-256: NIST examples pass on the C code "
				"(%s)",
				hyp_cpu_has_sha2()
					? "this build ignores the CPU's SHA-2 "
					  "instructions: MV_SHA2=0"
					: "this CPU has no SHA-2 instructions");
	}
	phase_end(PHASE_BOOT);
	phase_start(PHASE_INTEGRITY);
	integrity_record();
	phase_end(PHASE_INTEGRITY);

#if MV_TEST_PANIC
	u64 unmapped = 0x10;

	pr_info("test build: provoking an EL2 data abort");
	asm volatile("" : "+r"(unmapped)); /* keep the compiler out of it */
	*(volatile u64 *)(uintptr_t)unmapped = 0xdead;
#endif

	if (!bi.has_initrd) {
		pr_err("no appliance image was given (no linux,initrd-start/"
		       "end in /chosen): nothing to run. Pass one with QEMU's "
		       "-initrd or the bootloader's initrd argument.");
		power_off(MV_EXIT_NO_IMAGE);
	}
	run_guests();
}
