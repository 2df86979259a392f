/* kernel/vcpu.c - the guest run loop: enter, handle the exit, resume, until the guest ends. */
#include "hyp/decode.h"
#include "hyp/esr.h"
#include "hyp/gic.h"
#include "hyp/hyp.h"
#include "lib/fmt.h"
#include "kernel/hypercall.h"
#include "lib/log.h"
#include "kernel/mvabi.h"
#include "kernel/vcpu.h"

const char *guest_end_name(enum guest_end_reason r)
{
	static const char *const names[] = {
		[GUEST_END_EXIT] = "exit",
		[GUEST_END_POWEROFF] = "poweroff",
		[GUEST_END_RESET] = "reset",
		[GUEST_END_CRASH] = "crash",
		[GUEST_END_WATCHDOG] = "watchdog",
	};
	return names[r];
}

/* ---- console plumbing ---- */

static void con_put(void *ctx, const char *s, unsigned n)
{
	(void)ctx;
	log_write_run(s, n); /* gcon's runs end a line, if at all, last */
}

static bool con_line_start(void *ctx)
{
	(void)ctx;
	return log_at_line_start();
}

static void hc_write(void *ctx, const char *buf, unsigned n)
{
	gcon_write(ctx, buf, n);
}

/* MV_CONSOLE_READ: what the console UART has buffered first (typed
 * bytes are the guest's however it reads them), then the console. */
static unsigned hc_read(void *ctx, char *buf, unsigned max)
{
	struct guest *g = container_of((struct gcon *)ctx, struct guest, con);
	unsigned n = 0;
	int c;

	while (n < max && g->uart.rx_count) {
		u64 v;

		vpl011_mmio(&g->uart, VPL011_IPA, 4, false, &v);
		buf[n++] = (char)v;
	}
	while (n < max && (c = log_getc()) >= 0)
		buf[n++] = (char)c;
	return n;
}

/*
 * Typed bytes into the console UART's FIFO while it has room. When it is
 * full the console's receive interrupt is switched off (it would fire
 * again at once) until the guest has read some.
 */
static void console_receive(struct guest *g)
{
	while (vpl011_room(&g->uart)) {
		int c = log_getc();
		char ch;

		if (c < 0) {
			if (g->rx_paused) {
				log_rx_irq(true);
				g->rx_paused = false;
			}
			return;
		}
		ch = (char)c;
		vpl011_receive(&g->uart, &ch, 1);
	}
	if (!g->rx_paused && g->console_irq) {
		log_rx_irq(false);
		g->rx_paused = true;
	}
}

/* ---- reporting a crash ---- */

/* Where an IPA lies relative to what the guest owns. */
static void describe_ipa(const struct guest *g, u64 ipa, char *buf, size_t len)
{
	u64 end = g->ram_ipa + g->ram_size;
	const char *else_ = g->nr_devices ? "only the given devices' pages are "
					    "also mapped"
					  : "nothing else is mapped for this "
					    "guest";

	if (ipa < g->ram_ipa)
		mv_snprintf(buf, len, "below guest RAM %#llx-%#llx (%s)",
			    (unsigned long long)g->ram_ipa,
			    (unsigned long long)(end - 1), else_);
	else if (ipa >= end)
		mv_snprintf(buf, len, "above guest RAM %#llx-%#llx (%s)",
			    (unsigned long long)g->ram_ipa,
			    (unsigned long long)(end - 1), else_);
	else
		mv_snprintf(buf, len, "inside guest RAM %#llx-%#llx",
			    (unsigned long long)g->ram_ipa,
			    (unsigned long long)(end - 1));
}

/* Off the fast path: kept out of line with its buffers. */
static __attribute__((noinline)) void crash(struct guest *g, const char *why)
{
	struct vcpu *v = &g->vcpu;
	unsigned ec = ESR_EC(v->esr);

	pr_err("guest crashed: %s", why);
	pr_err("  exception: %s (EC %#x), ESR_EL2 %#llx", decode_ec(ec), ec,
	       (unsigned long long)v->esr);
	pr_err("  PC %#llx  PSTATE %#llx  FAR_EL2 %#llx  HPFAR_EL2 %#llx",
	       (unsigned long long)v->pc, (unsigned long long)v->pstate,
	       (unsigned long long)v->far, (unsigned long long)v->hpfar);
	for (unsigned i = 0; i < 30; i += 3)
		pr_err("  x%-2u %016llx  x%-2u %016llx  x%-2u %016llx", i,
		       (unsigned long long)v->x[i], i + 1,
		       (unsigned long long)v->x[i + 1], i + 2,
		       (unsigned long long)v->x[i + 2]);
	pr_err("  x30 %016llx", (unsigned long long)v->x[30]);
	g->end = GUEST_END_CRASH;
	g->status = GUEST_CRASH_STATUS(ec);
}

/* ---- exit handlers: return true to resume the guest ---- */

/* Every call, HVC or SMC, on the lean path: no buffer and no
 * address-taken local here, so no stack-protector check either (the
 * buffers are in the console handlers, which keep theirs). */
static bool handle_call(struct guest *g, u64 esr)
{
	struct vcpu *v = &g->vcpu;
	enum hc_outcome o;

	/* HVC returns past itself; a trapped SMC reports its own address. */
	if (ESR_EC(esr) == EC_SMC64)
		v->pc += 4;
	o = hc_dispatch(v->x, ISS_IMM16(ESR_ISS(esr)), &g->hcon, &g->status);
	if (o == HC_CONTINUE)
		return true;
	g->end = (enum guest_end_reason)o;
	return false;
}

static bool handle_abort(struct guest *g);

/* Off the fast path: an access the syndrome does not describe. */
static __attribute__((noinline)) bool refuse_mmio(struct guest *g, u64 ipa,
						  const char *dev)
{
	struct vcpu *v = &g->vcpu;
	char what[96], line[320];

	decode_abort_iss(ESR_EC(v->esr), ESR_ISS(v->esr), what, sizeof(what));
	mv_snprintf(line, sizeof(line),
		    "data access to %s at IPA %#llx (VA %#llx) without a "
		    "valid syndrome (ESR_EL2.ISV = 0: a load/store pair, a "
		    "pre- or post-indexed access, or a SIMD register), which "
		    "cannot be emulated: use single LDR/STR of general "
		    "registers there; %s",
		    dev, (unsigned long long)ipa, (unsigned long long)v->far,
		    what);
	crash(g, line);
	return false;
}

/*
 * A load or store to an emulated device's frame: one general register, by
 * the syndrome. Without a valid syndrome (ISV = 0) there is nothing to
 * emulate, and the guest ends with the access decoded. No buffer here: the
 * emulated register path stays lean.
 */
static bool handle_mmio(struct guest *g, u64 ipa, const char *dev)
{
	struct vcpu *v = &g->vcpu;
	u32 iss = ESR_ISS(v->esr);
	unsigned size, rt;
	bool write = iss & ISS_WNR;
	u64 val = 0;

	if (iss & ISS_CM) {
		/* Cache maintenance by VA on a device: nothing to do. */
		pr_debug("%s: cache maintenance at IPA %#llx ignored", dev,
			 (unsigned long long)ipa);
		v->pc += (v->esr & ESR_IL) ? 4 : 2;
		return true;
	}
	if (!(iss & ISS_ISV))
		return refuse_mmio(g, ipa, dev);
	size = 1u << ISS_SAS(iss);
	rt = ISS_SRT(iss);
	if (write) {
		val = rt == 31 ? 0 : v->x[rt];
		if (size < 8)
			val &= (1ULL << (8 * size)) - 1;
	}
	if (vpl011_owns(ipa)) {
		vpl011_mmio(&g->uart, ipa, size, write, &val);
		/* A read made room: bytes waiting behind it come in. */
		if (g->rx_paused)
			console_receive(g);
	} else {
		vgic_mmio(&g->vgic, ipa, size, write, &val);
	}
	if (!write && rt != 31) {
		/* The bytes the access asked for, then its extension. */
		if (size < 8)
			val &= (1ULL << (8 * size)) - 1;
		if ((iss & ISS_SSE) && size < 8 && (val >> (8 * size - 1)) & 1)
			val |= ~0ULL << (8 * size);
		if (!(iss & ISS_SF))
			val &= 0xffffffffULL;
		v->x[rt] = val;
	}
	v->pc += (v->esr & ESR_IL) ? 4 : 2;
	return true;
}

/* Data aborts: an emulated device's frame, else RAM or a crash. */
static bool handle_dabt(struct guest *g)
{
	struct vcpu *v = &g->vcpu;

	if (!(ESR_ISS(v->esr) & ISS_S1PTW)) {
		u64 ipa;

		hyp_read_fault(v);
		ipa = ipa_addr(esr_fault_ipa(v->hpfar, v->far));
		if (g->vgic.on && vgic_owns(ipa)) {
			g->n_mmio++;
			return handle_mmio(g, ipa, "the GIC");
		}
		if (vpl011_owns(ipa)) {
			g->n_mmio++;
			return handle_mmio(g, ipa, "the console UART");
		}
	}
	g->n_abort++;
	return handle_abort(g);
}

/* Off the fast path: kept out of line with its buffers. */
static __attribute__((noinline)) bool handle_abort(struct guest *g)
{
	struct vcpu *v = &g->vcpu;
	unsigned ec = ESR_EC(v->esr);
	u32 iss = ESR_ISS(v->esr);
	const char *access =
		ec == EC_IABT_LOW ? "instruction fetch" : "data access";
	char what[96], where[128], line[256];
	u64 fipa;

	hyp_read_fault(v);
	fipa = ipa_addr(esr_fault_ipa(v->hpfar, v->far));
	/* Translation faults at any level: maybe a segment to populate. */
	if (ISS_FSC_IS_XLATE(ISS_FSC(iss))) {
		switch (gmap_fault(g->gmap, ipa(fipa))) {
		case GMAP_FAULT_INSTALLED:
			g->last_fault_ipa = ~0ULL;
			return true;
		case GMAP_FAULT_PRESENT:
			/* Installed already: a stale walk; retry once. */
			if (g->last_fault_ipa == fipa)
				break;
			g->last_fault_ipa = fipa;
			return true;
		case GMAP_FAULT_NO_MEMORY:
			mv_snprintf(line, sizeof(line),
				    "%s at IPA %#llx: out of stage-2 table "
				    "memory",
				    access, (unsigned long long)fipa);
			crash(g, line);
			return false;
		case GMAP_FAULT_NOT_MAPPED:
		case GMAP_FAULT_FAILED: break;
		}
	}
	decode_abort_iss(ec, iss, what, sizeof(what));
	describe_ipa(g, fipa, where, sizeof(where));
	mv_snprintf(line, sizeof(line), "%s at IPA %#llx (VA %#llx), %s: %s%s",
		    access, (unsigned long long)fipa,
		    (unsigned long long)v->far, where, what,
		    (iss & ISS_S1PTW) ? " (during its stage-1 table walk)"
				      : "");
	crash(g, line);
	return false;
}

/* Off the fast path: kept out of line with its buffers. */
static __attribute__((noinline)) bool handle_sysreg(struct guest *g)
{
	struct vcpu *v = &g->vcpu;
	struct sysreg_access a;
	char desc[96], line[160];
	u64 val = 0;

	sysreg_decode(ESR_ISS(v->esr), &a);
	/* ICC_SGI1R_EL1, ICC_ASGI1R_EL1, ICC_SGI0R_EL1: trapped by IMO/FMO
	 * (the virtual interface has no SGI registers). */
	if (a.op0 == 3 && a.op1 == 0 && a.crn == 12 && a.crm == 11 &&
	    a.op2 >= 5 && !a.read && g->vgic.on) {
		vgic_sgi(&g->vgic, a.rt == 31 ? 0 : v->x[a.rt], a.op2 != 7);
		v->pc += 4;
		return true;
	}
	/* Set/way maintenance: do it for the guest (SWIO makes invalidate
	 * a clean+invalidate, so no data is ever discarded). */
	if (a.op0 == 1 && a.op1 == 0 && a.crn == 7 && a.op2 == 2 &&
	    (a.crm == 6 || a.crm == 10 || a.crm == 14)) {
		hyp_dc_sw(a.rt == 31 ? 0 : v->x[a.rt]);
		v->pc += 4;
		return true;
	}
	if (!a.read && a.rt != 31)
		val = v->x[a.rt];
	if (sysreg_emulate(&a, &val, &g->sysregs, hyp_read_id_reg) ==
	    SYSREG_DONE) {
		if (a.read && a.rt != 31)
			v->x[a.rt] = val;
		v->pc += 4;
		return true;
	}
	sysreg_describe(&a, desc, sizeof(desc));
	mv_snprintf(line, sizeof(line),
		    "trapped system register access the microvisor does not "
		    "emulate: %s",
		    desc);
	crash(g, line);
	return false;
}

/*
 * WFE returns at once. A WFI traps only when nothing pending would wake
 * the guest's virtual interface, so the CPU sleeps until a physical
 * interrupt (its timer, the watchdog's, a device's) and the guest resumes
 * to take it - unless the vGIC still holds something the list registers
 * have not carried yet. ESR.IL: a 32- or a 16-bit (T32) instruction.
 */
static bool handle_wfx(struct guest *g)
{
	struct vcpu *v = &g->vcpu;

	v->pc += (v->esr & ESR_IL) ? 4 : 2;
	if (ESR_ISS(v->esr) & 1) /* TI: WFE */
		return true;
	if (!g->vgic.dirty) {
		g->idles++;
		hyp_idle();
	}
	return true;
}

/* Off the fast path: kept out of line with its buffer. */
static __attribute__((noinline)) bool refuse_ec(struct guest *g, unsigned ec)
{
	char line[128];

	mv_snprintf(line, sizeof(line),
		    "%s, which the microvisor does not serve", decode_ec(ec));
	crash(g, line);
	return false;
}

static bool handle_sync(struct guest *g)
{
	struct vcpu *v = &g->vcpu;
	unsigned ec = ESR_EC(v->esr);

	switch (ec) {
	case EC_HVC64:
	case EC_SMC64: return handle_call(g, v->esr);
	case EC_WFX: g->n_wfx++; return handle_wfx(g);
	case EC_DABT_LOW: return handle_dabt(g);
	case EC_IABT_LOW: g->n_abort++; return handle_abort(g);
	case EC_SYS64: g->n_sysreg++; return handle_sysreg(g);
	default: return refuse_ec(g, ec);
	}
}

/* ---- interrupts and the watchdog ---- */

static void watchdog_arm(struct guest *g)
{
	hyp_hyptimer_arm(hyp_counter() + g->watchdog_ticks);
}

/* MV_WATCHDOG: the appliance is alive. */
static u64 hc_watchdog(void *ctx)
{
	struct guest *g = container_of((struct gcon *)ctx, struct guest, con);

	if (!g->watchdog_s)
		return 0;
	watchdog_arm(g);
	return g->watchdog_s;
}

/*
 * The physical interrupts a guest's run takes: its virtual timer (handed
 * on, linked: its priority is dropped here and the guest's deactivation
 * ends it), the EL2 timer (the watchdog) and the virtual interface's
 * maintenance interrupt. A few a turn; one still asserted comes back.
 */
static __attribute__((noinline)) bool handle_irq(struct guest *g)
{
	for (unsigned n = 0; n < 8; n++) {
		u32 intid = hyp_gic_ack();

		if (intid >= 1020)
			break;
		g->irqs++;
		hyp_gic_eoi(intid);
		switch (intid) {
		case GIC_INTID_VTIMER: vgic_hw_fired(&g->vgic, intid); continue;
		case GIC_INTID_MAINT: vgic_maintenance(&g->vgic); break;
		case GIC_INTID_HYPTIMER:
			if (g->watchdog_s && hyp_hyptimer_expired()) {
				hyp_hyptimer_stop();
				hyp_gic_deactivate(intid);
				pr_err("watchdog: no MV_WATCHDOG call for %u "
				       "s: "
				       "ending the guest",
				       g->watchdog_s);
				g->end = GUEST_END_WATCHDOG;
				g->status = GUEST_WATCHDOG_STATUS;
				return false;
			}
			break;
		default:
			if (intid == g->console_irq && intid) {
				console_receive(g);
				break;
			}
			/* A given device's: the guest's to end, linked. */
			if (intid < VGIC_NR_IRQS &&
			    (g->vgic.hw & g->vgic.owned & (1ULL << intid))) {
				vgic_hw_fired(&g->vgic, intid);
				continue;
			}
			pr_debug("physical interrupt %u, which the microvisor "
				 "did not ask for: deactivated",
				 intid);
			break;
		}
		hyp_gic_deactivate(intid);
	}
	return true;
}

/* HVC and SMC: x19-x29 are not saved here (hyp/vcpu.h), and the call
 * handlers read x0-x7 and write x0-x6 only. */
bool vcpu_call(struct vcpu *v)
{
	struct guest *g = container_of(v, struct guest, vcpu);

	g->exits++;
	return handle_call(g, v->esr);
}

bool vcpu_exit(struct vcpu *v, unsigned slot)
{
	struct guest *g = container_of(v, struct guest, vcpu);
	bool resume;

	g->exits++;
	switch (slot) {
	case GUEST_EXIT_SYNC: resume = handle_sync(g); break;
	case GUEST_EXIT_IRQ:
		g->n_irq++;
		resume = handle_irq(g);
		break;
	case GUEST_EXIT_FIQ:
		/* The microvisor uses no Group 0 interrupt. */
		return true;
	case GUEST_EXIT_SERROR:
		crash(g, "SError interrupt (an asynchronous external abort) "
			 "while the guest ran");
		return false;
	default:
		crash(g, "exception from AArch32 state, which the microvisor "
			 "does not run");
		return false;
	}
	/* What the exit changed reaches the list registers. */
	if (resume && g->vgic.dirty)
		vgic_flush(&g->vgic);
	return resume;
}

void vcpu_run(struct guest *g)
{
	g->con = (struct gcon){con_put, con_line_start, NULL};
	g->hcon = (struct hc_env){hc_write, hc_read, &g->con, hc_watchdog};
	g->last_fault_ipa = ~0ULL;
	/* The virtual CPU interface on (ICH_HCR_EL2.En), empty. */
	vgic_flush(&g->vgic);
	/* Typed bytes wake the guest. */
	if (g->console_irq) {
		g->rx_paused = false;
		log_rx_irq(true);
	}
	if (g->watchdog_s)
		watchdog_arm(g);
	guest_enter(&g->vcpu);
	if (g->console_irq)
		log_rx_irq(false);
	hyp_hyptimer_stop();
	vgic_teardown(&g->vgic);
}
