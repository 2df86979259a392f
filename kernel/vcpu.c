/* kernel/vcpu.c - the guest run loop: enter, handle the exit, resume, until the guest ends. */
#include "hyp/decode.h"
#include "hyp/esr.h"
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

static unsigned hc_read(void *ctx, char *buf, unsigned max)
{
	unsigned n = 0;
	int c;

	(void)ctx;
	while (n < max && (c = log_getc()) >= 0)
		buf[n++] = (char)c;
	return n;
}

/* ---- reporting a crash ---- */

/* Where an IPA lies relative to what the guest owns. */
static void describe_ipa(const struct guest *g, u64 ipa, char *buf, size_t len)
{
	u64 end = g->ram_ipa + g->ram_size;

	if (ipa < g->ram_ipa)
		mv_snprintf(buf, len,
			    "below guest RAM %#llx-%#llx (nothing else is "
			    "mapped for this guest)",
			    (unsigned long long)g->ram_ipa,
			    (unsigned long long)(end - 1));
	else if (ipa >= end)
		mv_snprintf(buf, len,
			    "above guest RAM %#llx-%#llx (nothing else is "
			    "mapped for this guest)",
			    (unsigned long long)g->ram_ipa,
			    (unsigned long long)(end - 1));
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
	case EC_WFX:
		/* Nothing is ever pending for the guest: return at once.
		 * ESR.IL says whether it was a 32- or a 16-bit (T32) WFx. */
		v->pc += (v->esr & ESR_IL) ? 4 : 2;
		return true;
	case EC_DABT_LOW:
	case EC_IABT_LOW: return handle_abort(g);
	case EC_SYS64: return handle_sysreg(g);
	default: return refuse_ec(g, ec);
	}
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

	g->exits++;
	switch (slot) {
	case GUEST_EXIT_SYNC: return handle_sync(g);
	case GUEST_EXIT_IRQ:
	case GUEST_EXIT_FIQ:
		/* No interrupt source is enabled; nothing to do. */
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
}

void vcpu_run(struct guest *g)
{
	g->con = (struct gcon){con_put, con_line_start, NULL};
	g->hcon = (struct hc_console){hc_write, hc_read, &g->con};
	g->last_fault_ipa = ~0ULL;
	guest_enter(&g->vcpu);
}
