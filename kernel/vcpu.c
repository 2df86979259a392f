/* kernel/vcpu.c - the guest run loop: enter, handle the exit, resume, until the guest ends. */
#include <string.h>

#include "hyp/decode.h"
#include "hyp/esr.h"
#include "hyp/gic.h"
#include "hyp/hyp.h"
#include "lib/fmt.h"
#include "kernel/hypercall.h"
#include "lib/log.h"
#include "kernel/mvabi.h"
#include "kernel/vcpu.h"

/* PSCI return values (DEN0022). */
#define PSCI_SUCCESS		0
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_ALREADY_ON		(-4)
#define PSCI_ON_PENDING		(-5)
#define PSCI_INVALID_ADDRESS	(-9)

static bool ending(const struct guest *g)
{
	return __atomic_load_n(&g->ending, __ATOMIC_ACQUIRE);
}

/* ---- other CPUs: kicks, work, calls ---- */

/* Make CPU c look at its work: a physical SGI (an exit if its vCPU runs,
 * a wake-up if it sleeps). */
static void kick(struct guest_cpu *from, struct guest_cpu *c)
{
	if (c != from)
		hyp_gic_send_sgi(c->mpidr, GIC_INTID_KICK);
}

/*
 * The end is decided once, by the first vCPU to end the guest; the others
 * are kicked and stop at their next exit. Returns whether this call
 * decided it.
 */
static bool guest_end(struct guest_cpu *c, enum guest_end_reason r,
		      unsigned status)
{
	struct guest *g = c->g;
	bool first;

	hyp_lock(&g->lock);
	first = !g->ending;
	if (first) {
		g->end = r;
		g->status = status;
		g->ended_by = c->id;
		__atomic_store_n(&g->ending, true, __ATOMIC_RELEASE);
	}
	hyp_unlock(&g->lock);
	if (first)
		for (unsigned i = 0; i < g->nr_cpus; i++)
			kick(c, &g->cpu[i]);
	return first;
}

static void call_work(struct guest_cpu *c);

/* The work other CPUs left here: SGIs, the distributor's enables, a
 * call. Cheap when there is none. */
static void cpu_work(struct guest_cpu *c)
{
	u16 s1, s0;
	bool sync;

	if (c->sgi1 | c->sgi0 | c->ctlr_sync) {
		hyp_lock(&c->lock);
		s1 = c->sgi1;
		s0 = c->sgi0;
		sync = c->ctlr_sync;
		c->sgi1 = c->sgi0 = 0;
		c->ctlr_sync = false;
		hyp_unlock(&c->lock);
		if (sync)
			vgic_set_ctlr(&c->vgic, c->g->cpu[0].vgic.ctlr);
		for (; s1; s1 &= (u16)(s1 - 1))
			vgic_sgi_raise(&c->vgic, (u32)__builtin_ctz(s1), true);
		for (; s0; s0 &= (u16)(s0 - 1))
			vgic_sgi_raise(&c->vgic, (u32)__builtin_ctz(s0), false);
	}
	call_work(c);
}

static void call_work(struct guest_cpu *c)
{
	u32 seq = __atomic_load_n(&c->call_seq, __ATOMIC_ACQUIRE);

	if (seq == c->call_done)
		return;
	c->call_fn(c, c->call_arg);
	__atomic_store_n(&c->call_done, seq, __ATOMIC_RELEASE);
	hyp_sev();
}

/*
 * Run fn(t, arg) on t's CPU and wait for it: t's state that only t's CPU
 * may touch (its list registers). While waiting, this CPU serves its own
 * work, so two CPUs calling each other both finish. False when t has
 * left the guest (nothing ran).
 */
static bool run_on(struct guest_cpu *self, struct guest_cpu *t,
		   void (*fn)(struct guest_cpu *, void *), void *arg)
{
	u32 seq;

	while (!hyp_trylock(&t->call_lock))
		cpu_work(self);
	if (t->gone) {
		hyp_unlock(&t->call_lock);
		return false;
	}
	t->call_fn = fn;
	t->call_arg = arg;
	seq = t->call_seq + 1;
	__atomic_store_n(&t->call_seq, seq, __ATOMIC_RELEASE);
	kick(self, t);
	while (__atomic_load_n(&t->call_done, __ATOMIC_ACQUIRE) != seq)
		cpu_work(self);
	hyp_unlock(&t->call_lock);
	return true;
}

/* An SGI for another vCPU: left in its work, and a kick. */
static void post_sgi(struct guest_cpu *from, struct guest_cpu *t, u32 intid,
		     bool group1)
{
	hyp_lock(&t->lock);
	if (group1)
		t->sgi1 |= (u16)(1u << intid);
	else
		t->sgi0 |= (u16)(1u << intid);
	hyp_unlock(&t->lock);
	kick(from, t);
}

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
	struct guest_cpu *c = ctx;

	gcon_write(&c->g->con, buf, n);
}

struct read_req {
	char *buf;
	unsigned max, n;
};

/* MV_CONSOLE_READ: what the console UART has buffered first (typed
 * bytes are the guest's however it reads them), then the console. On
 * CPU 0, which owns the console UART. */
static unsigned read_here(struct guest *g, char *buf, unsigned max)
{
	unsigned n = 0;
	int ch;

	while (n < max && g->uart.rx_count) {
		u64 v;

		vpl011_mmio(&g->uart, VPL011_IPA, 4, false, &v);
		buf[n++] = (char)v;
	}
	while (n < max && (ch = log_getc()) >= 0)
		buf[n++] = (char)ch;
	return n;
}

static void read_on(struct guest_cpu *c, void *arg)
{
	struct read_req *r = arg;

	r->n = read_here(c->g, r->buf, r->max);
}

static __attribute__((noinline)) unsigned read_remote(struct guest_cpu *c,
						      char *buf, unsigned max)
{
	struct read_req r = {buf, max, 0};

	run_on(c, &c->g->cpu[0], read_on, &r);
	return r.n;
}

static unsigned hc_read(void *ctx, char *buf, unsigned max)
{
	struct guest_cpu *c = ctx;

	return c->id ? read_remote(c, buf, max) : read_here(c->g, buf, max);
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

/* Off the fast path: kept out of line with its buffers. The first vCPU to
 * end the guest reports; the others are stopping. */
static __attribute__((noinline)) void crash(struct guest_cpu *c,
					    const char *why)
{
	struct vcpu *v = &c->vcpu;
	struct guest *g = c->g;
	unsigned ec = ESR_EC(v->esr);

	if (!guest_end(c, GUEST_END_CRASH, GUEST_CRASH_STATUS(ec)))
		return;
	pr_err("guest crashed: %s", why);
	if (g->nr_cpus > 1)
		pr_err("  on vCPU %u of %u (MPIDR %#x); the others are "
		       "being stopped",
		       c->id, g->nr_cpus, 0x80000000u | c->id);
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
}

/* ---- PSCI for several vCPUs ---- */

/* vCPU n is affinity 0.0.0.n: the vCPU a target MPIDR names, or NULL. */
static struct guest_cpu *vcpu_of(struct guest *g, u64 mpidr)
{
	if ((mpidr & 0xff00ffff00ULL) || (mpidr & 0xff) >= g->nr_cpus)
		return NULL;
	return &g->cpu[mpidr & 0xff];
}

static s64 hc_cpu_on(void *ctx, u64 target, u64 entry, u64 context)
{
	struct guest_cpu *c = ctx, *t;
	struct guest *g = c->g;
	s64 rc;

	t = vcpu_of(g, target);
	if (!t)
		return PSCI_INVALID_PARAMETERS;
	/* Where it starts must be the guest's RAM, an instruction's
	 * address. */
	if (entry < g->ram_ipa || entry - g->ram_ipa >= g->ram_size ||
	    (entry & 3))
		return PSCI_INVALID_ADDRESS;
	hyp_lock(&g->lock);
	switch (t->power) {
	case VCPU_ON: rc = PSCI_ALREADY_ON; break;
	case VCPU_ON_PENDING: rc = PSCI_ON_PENDING; break;
	default:
		t->entry = entry;
		t->context = context;
		t->power = VCPU_ON_PENDING;
		rc = PSCI_SUCCESS;
		break;
	}
	hyp_unlock(&g->lock);
	if (rc == PSCI_SUCCESS)
		kick(c, t);
	return rc;
}

static s64 hc_affinity_info(void *ctx, u64 target, u64 level)
{
	struct guest_cpu *c = ctx, *t = vcpu_of(c->g, target);

	/* Level 0 only: the vCPUs are the only affinity level there is. */
	if (!t || level != 0)
		return PSCI_INVALID_PARAMETERS;
	return __atomic_load_n(&t->power, __ATOMIC_ACQUIRE);
}

/* CPU_OFF: this vCPU stops; the last one to go ends the guest as a
 * power-off, as the only one does. */
static bool cpu_off(struct guest_cpu *c)
{
	struct guest *g = c->g;
	bool last = true;

	hyp_lock(&g->lock);
	c->power = VCPU_OFF;
	for (unsigned i = 0; i < g->nr_cpus; i++)
		if (g->cpu[i].power != VCPU_OFF)
			last = false;
	hyp_unlock(&g->lock);
	if (last)
		guest_end(c, GUEST_END_POWEROFF, 0);
	return false;
}

/* ---- exit handlers: return true to resume the guest ---- */

/* A call that stops this vCPU or ends the guest: out of line, so the
 * call path stays a leaf for every other call. */
static __attribute__((noinline)) bool call_ends(struct guest_cpu *c,
						enum hc_outcome o)
{
	if (o == HC_CPU_OFF)
		return cpu_off(c);
	guest_end(c, (enum guest_end_reason)o, c->status);
	return false;
}

/* Every call, HVC or SMC, on the lean path: no buffer and no
 * address-taken local here, so no stack-protector check either (the
 * buffers are in the console handlers, which keep theirs). */
static bool handle_call(struct guest_cpu *c, u64 esr)
{
	struct vcpu *v = &c->vcpu;
	enum hc_outcome o;

	/* HVC returns past itself; a trapped SMC reports its own address. */
	if (ESR_EC(esr) == EC_SMC64)
		v->pc += 4;
	o = hc_dispatch(v->x, ISS_IMM16(ESR_ISS(esr)), &c->hcon, &c->status);
	if (__builtin_expect(o == HC_CONTINUE, 1))
		return true;
	return call_ends(c, o);
}

static bool handle_abort(struct guest_cpu *c);

/* Off the fast path: an access the syndrome does not describe. */
static __attribute__((noinline)) bool refuse_mmio(struct guest_cpu *c, u64 ipa,
						  const char *dev)
{
	struct vcpu *v = &c->vcpu;
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
	crash(c, line);
	return false;
}

/* One emulated register access, on the CPU whose state it is. */
struct mmio_req {
	u64 ipa;
	unsigned size;
	bool write;
	u64 val;
};

/* GICD_CTLR's group enables gate every vCPU's interrupts: the others
 * copy vCPU 0's. */
static __attribute__((noinline)) void ctlr_changed(struct guest_cpu *c)
{
	struct guest *g = c->g;

	for (unsigned i = 1; i < g->nr_cpus; i++) {
		struct guest_cpu *t = &g->cpu[i];

		hyp_lock(&t->lock);
		t->ctlr_sync = true;
		hyp_unlock(&t->lock);
		kick(c, t);
	}
}

static inline __attribute__((always_inline)) void
access_here(struct guest_cpu *c, u64 ipa, unsigned size, bool write, u64 *val,
	    bool uart)
{
	struct guest *g = c->g;

	if (uart) {
		vpl011_mmio(&g->uart, ipa, size, write, val);
		/* A read made room: bytes waiting behind it come in. */
		if (g->rx_paused)
			console_receive(g);
		return;
	}
	vgic_mmio(&c->vgic, ipa, size, write, val);
	if (write && ipa == VGIC_GICD_IPA && g->nr_cpus > 1)
		ctlr_changed(c);
}

static void mmio_access(struct guest_cpu *c, void *arg)
{
	struct mmio_req *r = arg;

	access_here(c, r->ipa, r->size, r->write, &r->val, vpl011_owns(r->ipa));
}

/* Another vCPU's state: on its CPU, while this one waits. */
static __attribute__((noinline)) u64 access_remote(struct guest_cpu *c,
						   struct guest_cpu *owner,
						   u64 ipa, unsigned size,
						   bool write, u64 val)
{
	struct mmio_req r = {ipa, size, write, val};

	if (!run_on(c, owner, mmio_access, &r))
		return 0; /* its vCPU left: the guest is ending */
	return r.val;
}

/*
 * A load or store to an emulated device's frame: one general register, by
 * the syndrome. Without a valid syndrome (ISV = 0) there is nothing to
 * emulate, and the guest ends with the access decoded. No buffer here: the
 * emulated register path stays lean.
 */
static bool handle_mmio(struct guest_cpu *c, u64 ipa, bool uart)
{
	const char *dev = uart ? "the console UART" : "the GIC";
	struct vcpu *v = &c->vcpu;
	u32 iss = ESR_ISS(v->esr);
	unsigned size, rt;
	bool write;
	/* The register's value in the vCPU, not on the stack: no local
	 * has its address taken on this path (no stack-protector check). */
	u64 *val = &c->mmio_val;
	struct guest_cpu *owner = &c->g->cpu[0];

	if (iss & ISS_CM) {
		/* Cache maintenance by VA on a device: nothing to do. */
		pr_debug("%s: cache maintenance at IPA %#llx ignored", dev,
			 (unsigned long long)ipa);
		v->pc += (v->esr & ESR_IL) ? 4 : 2;
		return true;
	}
	if (!(iss & ISS_ISV))
		return refuse_mmio(c, ipa, dev);
	size = 1u << ISS_SAS(iss);
	rt = ISS_SRT(iss);
	write = iss & ISS_WNR;
	*val = 0;
	if (write) {
		*val = rt == 31 ? 0 : v->x[rt];
		if (size < 8)
			*val &= (1ULL << (8 * size)) - 1;
	}
	/* The distributor and the console UART are vCPU 0's; redistributor
	 * frame n is vCPU n's, its registers at frame 0's offsets (the
	 * caller checked the IPA is one of the guest's frames). */
	if (!uart && ipa >= VGIC_GICR_IPA) {
		unsigned n = (unsigned)((ipa - VGIC_GICR_IPA) / VGIC_GICR_SIZE);

		ipa -= n * VGIC_GICR_SIZE;
		owner = &c->g->cpu[n];
	}
	if (owner == c)
		access_here(c, ipa, size, write, val, uart);
	else
		*val = access_remote(c, owner, ipa, size, write, *val);
	if (!write && rt != 31) {
		u64 r = *val;

		/* The bytes the access asked for, then its extension. */
		if (size < 8)
			r &= (1ULL << (8 * size)) - 1;
		if ((iss & ISS_SSE) && size < 8 && (r >> (8 * size - 1)) & 1)
			r |= ~0ULL << (8 * size);
		if (!(iss & ISS_SF))
			r &= 0xffffffffULL;
		v->x[rt] = r;
	}
	v->pc += (v->esr & ESR_IL) ? 4 : 2;
	return true;
}

/* Data aborts: an emulated device's frame, else RAM or a crash. */
static bool handle_dabt(struct guest_cpu *c)
{
	struct vcpu *v = &c->vcpu;

	if (!(ESR_ISS(v->esr) & ISS_S1PTW)) {
		u64 ipa;

		hyp_read_fault(v);
		ipa = ipa_addr(esr_fault_ipa(v->hpfar, v->far));
		if (c->vgic.on && vgic_owns(ipa, c->g->nr_cpus)) {
			c->n_mmio++;
			return handle_mmio(c, ipa, false);
		}
		if (vpl011_owns(ipa)) {
			c->n_mmio++;
			return handle_mmio(c, ipa, true);
		}
	}
	c->n_abort++;
	return handle_abort(c);
}

/* Off the fast path: kept out of line with its buffers. */
static __attribute__((noinline)) bool handle_abort(struct guest_cpu *c)
{
	struct vcpu *v = &c->vcpu;
	struct guest *g = c->g;
	unsigned ec = ESR_EC(v->esr);
	u32 iss = ESR_ISS(v->esr);
	const char *access =
		ec == EC_IABT_LOW ? "instruction fetch" : "data access";
	char what[96], where[128], line[256];
	enum gmap_fault_result r;
	u64 fipa;

	hyp_read_fault(v);
	fipa = ipa_addr(esr_fault_ipa(v->hpfar, v->far));
	/* Translation faults at any level: maybe a segment to populate.
	 * One vCPU at a time: two faulting on one segment install it once
	 * (the second finds it present and retries). */
	if (ISS_FSC_IS_XLATE(ISS_FSC(iss))) {
		hyp_lock(&g->lock);
		r = gmap_fault(g->gmap, ipa(fipa));
		hyp_unlock(&g->lock);
		switch (r) {
		case GMAP_FAULT_INSTALLED:
			c->last_fault_ipa = ~0ULL;
			return true;
		case GMAP_FAULT_PRESENT:
			/* Installed already: a stale walk, or another vCPU
			 * got there first; retry once. */
			if (c->last_fault_ipa == fipa)
				break;
			c->last_fault_ipa = fipa;
			return true;
		case GMAP_FAULT_NO_MEMORY:
			mv_snprintf(line, sizeof(line),
				    "%s at IPA %#llx: out of stage-2 table "
				    "memory",
				    access, (unsigned long long)fipa);
			crash(c, line);
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
	crash(c, line);
	return false;
}

/* ICC_SGI1R_EL1, ICC_ASGI1R_EL1 (group1) or ICC_SGI0R_EL1: this vCPU's
 * own SGI at once, the others' through their work. */
static void send_sgis(struct guest_cpu *c, u64 value, bool group1)
{
	struct guest *g = c->g;
	u32 intid = (u32)(value >> 24) & 0xf;
	u32 targets = vgic_sgi_targets(value, c->id, g->nr_cpus);

	c->vgic.sgis++;
	/* A target list naming CPUs the guest does not have: those are
	 * dropped, counted and said (at debug: a guest may do it often). */
	if (!(value & BIT(40)) &&
	    ((u32)value & 0xffff & ~targets & ~(1u << c->id)) != 0) {
		c->vgic.ignored++;
		pr_debug("vGIC: SGI %u from vCPU %u names CPUs the guest does "
			 "not have (%#llx): only vCPUs 0-%u get it",
			 intid, c->id, (unsigned long long)value,
			 g->nr_cpus - 1);
	}
	for (; targets; targets &= targets - 1) {
		struct guest_cpu *t = &g->cpu[__builtin_ctz(targets)];

		if (t == c)
			vgic_sgi_raise(&c->vgic, intid, group1);
		else
			post_sgi(c, t, intid, group1);
	}
}

/* Off the fast path: kept out of line with its buffers. */
static __attribute__((noinline)) bool handle_sysreg(struct guest_cpu *c)
{
	struct vcpu *v = &c->vcpu;
	struct sysreg_access a;
	char desc[96], line[160];
	u64 val = 0;

	sysreg_decode(ESR_ISS(v->esr), &a);
	/* ICC_SGI1R_EL1, ICC_ASGI1R_EL1, ICC_SGI0R_EL1: trapped by IMO/FMO
	 * (the virtual interface has no SGI registers). */
	if (a.op0 == 3 && a.op1 == 0 && a.crn == 12 && a.crm == 11 &&
	    a.op2 >= 5 && !a.read && c->vgic.on) {
		send_sgis(c, a.rt == 31 ? 0 : v->x[a.rt], a.op2 != 7);
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
	if (sysreg_emulate(&a, &val, &c->sysregs, hyp_read_id_reg) ==
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
	crash(c, line);
	return false;
}

/*
 * WFE returns at once. A WFI traps only when nothing pending would wake
 * the guest's virtual interface, so the CPU sleeps until a physical
 * interrupt (its timer, the watchdog's, a device's, another CPU's kick)
 * and the guest resumes to take it - unless the vGIC still holds
 * something the list registers have not carried yet. ESR.IL: a 32- or a
 * 16-bit (T32) instruction.
 */
static bool handle_wfx(struct guest_cpu *c)
{
	struct vcpu *v = &c->vcpu;

	v->pc += (v->esr & ESR_IL) ? 4 : 2;
	if (ESR_ISS(v->esr) & 1) /* TI: WFE */
		return true;
	if (!c->vgic.dirty) {
		c->idles++;
		hyp_idle();
	}
	return true;
}

/* Off the fast path: kept out of line with its buffer. */
static __attribute__((noinline)) bool refuse_ec(struct guest_cpu *c,
						unsigned ec)
{
	char line[128];

	mv_snprintf(line, sizeof(line),
		    "%s, which the microvisor does not serve", decode_ec(ec));
	crash(c, line);
	return false;
}

static bool handle_sync(struct guest_cpu *c)
{
	struct vcpu *v = &c->vcpu;
	unsigned ec = ESR_EC(v->esr);

	switch (ec) {
	case EC_HVC64:
	case EC_SMC64: return handle_call(c, v->esr);
	case EC_WFX: c->n_wfx++; return handle_wfx(c);
	case EC_DABT_LOW: return handle_dabt(c);
	case EC_IABT_LOW: c->n_abort++; return handle_abort(c);
	case EC_SYS64: c->n_sysreg++; return handle_sysreg(c);
	default: return refuse_ec(c, ec);
	}
}

/* ---- interrupts and the watchdog ---- */

static void watchdog_arm(struct guest *g)
{
	hyp_hyptimer_arm(hyp_counter() + g->watchdog_ticks);
}

/* MV_WATCHDOG: the appliance is alive (from any vCPU; the timer is
 * CPU 0's, so it is re-armed there). */
static void watchdog_on(struct guest_cpu *c, void *arg)
{
	(void)arg;
	watchdog_arm(c->g);
}

static u64 hc_watchdog(void *ctx)
{
	struct guest_cpu *c = ctx;
	struct guest *g = c->g;

	if (!g->watchdog_s)
		return 0;
	if (c->id == 0)
		watchdog_arm(g);
	else
		run_on(c, &g->cpu[0], watchdog_on, NULL);
	return g->watchdog_s;
}

/*
 * The physical interrupts a CPU takes while its vCPU runs or waits: its
 * virtual timer (handed on, linked: its priority is dropped here and the
 * guest's deactivation ends it), the virtual interface's maintenance
 * interrupt, another CPU's kick; on CPU 0 also the EL2 timer (the
 * watchdog), the console's input and the given devices' SPIs. A few a
 * turn; one still asserted comes back. False when the guest ends.
 */
static __attribute__((noinline)) bool handle_irq(struct guest_cpu *c)
{
	struct guest *g = c->g;
	bool kicked = false;

	for (unsigned n = 0; n < 8; n++) {
		u32 intid = hyp_gic_ack();

		if (intid >= 1020)
			break;
		c->irqs++;
		hyp_gic_eoi(intid);
		switch (intid) {
		case GIC_INTID_VTIMER: vgic_hw_fired(&c->vgic, intid); continue;
		case GIC_INTID_MAINT: vgic_maintenance(&c->vgic); break;
		case GIC_INTID_KICK: kicked = true; break;
		case GIC_INTID_HYPTIMER:
			if (c->id == 0 && g->watchdog_s &&
			    hyp_hyptimer_expired()) {
				hyp_hyptimer_stop();
				hyp_gic_deactivate(intid);
				if (guest_end(c, GUEST_END_WATCHDOG,
					      GUEST_WATCHDOG_STATUS))
					pr_err("watchdog: no MV_WATCHDOG call "
					       "for %u s: ending the guest",
					       g->watchdog_s);
				return false;
			}
			break;
		default:
			if (c->id == 0 && intid == g->console_irq && intid) {
				console_receive(g);
				break;
			}
			/* A given device's: the guest's to end, linked. */
			if (c->id == 0 && intid < VGIC_NR_IRQS &&
			    (c->vgic.hw & c->vgic.owned & (1ULL << intid))) {
				vgic_hw_fired(&c->vgic, intid);
				continue;
			}
			pr_debug("physical interrupt %u, which the microvisor "
				 "did not ask for: deactivated",
				 intid);
			break;
		}
		hyp_gic_deactivate(intid);
	}
	if (kicked)
		cpu_work(c);
	return true;
}

/* HVC and SMC: x19-x29 are not saved here (hyp/vcpu.h), and the call
 * handlers read x0-x7 and write x0-x6 only. */
bool vcpu_call(struct vcpu *v)
{
	struct guest_cpu *c = container_of(v, struct guest_cpu, vcpu);

	c->exits++;
	return handle_call(c, v->esr);
}

/* An emulated device register on the lean path (hyp/vcpu.h): handle_mmio
 * touches only the syndrome's register, which this path saved. */
unsigned vcpu_mmio(struct vcpu *v)
{
	struct guest_cpu *c = container_of(v, struct guest_cpu, vcpu);
	u64 ipa;
	bool uart;

	if (ESR_ISS(v->esr) & ISS_S1PTW)
		return VCPU_MMIO_FULL;
	hyp_read_fault(v);
	ipa = ipa_addr(esr_fault_ipa(v->hpfar, v->far));
	uart = vpl011_owns(ipa);
	if (!uart && !(c->vgic.on && vgic_owns(ipa, c->g->nr_cpus)))
		return VCPU_MMIO_FULL;
	c->exits++;
	c->n_mmio++;
	if (!handle_mmio(c, ipa, uart) || ending(c->g))
		return VCPU_MMIO_STOP;
	if (c->vgic.dirty)
		vgic_flush(&c->vgic);
	return VCPU_MMIO_RESUME;
}

bool vcpu_exit(struct vcpu *v, unsigned slot)
{
	struct guest_cpu *c = container_of(v, struct guest_cpu, vcpu);
	bool resume;

	c->exits++;
	switch (slot) {
	case GUEST_EXIT_SYNC: resume = handle_sync(c); break;
	case GUEST_EXIT_IRQ:
		c->n_irq++;
		resume = handle_irq(c);
		break;
	case GUEST_EXIT_FIQ:
		/* The microvisor uses no Group 0 interrupt. */
		return true;
	case GUEST_EXIT_SERROR:
		crash(c, "SError interrupt (an asynchronous external abort) "
			 "while the guest ran");
		return false;
	default:
		crash(c, "exception from AArch32 state, which the microvisor "
			 "does not run");
		return false;
	}
	/* Another vCPU ended the guest: this one stops too. */
	if (resume && ending(c->g))
		return false;
	/* What the exit changed reaches the list registers. */
	if (resume && c->vgic.dirty)
		vgic_flush(&c->vgic);
	return resume;
}

/* ---- a CPU's life in the guest ---- */

void vcpu_guest_init(struct guest *g, unsigned nr_cpus, const u64 *mpidr,
		     u64 entry, u64 context)
{
	g->nr_cpus = nr_cpus;
	g->ending = false;
	g->lock = (struct hyp_lock){0};
	g->con = (struct gcon){con_put, con_line_start, NULL};
	for (unsigned i = 0; i < nr_cpus; i++) {
		struct guest_cpu *c = &g->cpu[i];

		if (i) {
			memset(c, 0, sizeof(*c));
			vgic_init(&c->vgic, g->cpu[0].vgic.on);
		}
		c->g = g;
		c->id = i;
		c->mpidr = mpidr ? mpidr[i] : 0;
		c->power = i ? VCPU_OFF : VCPU_ON_PENDING;
		c->entry = i ? 0 : entry;
		c->context = i ? 0 : context;
		c->last_fault_ipa = ~0ULL;
		c->lock = c->call_lock = (struct hyp_lock){0};
		c->sgi1 = c->sgi0 = 0;
		c->ctlr_sync = c->gone = false;
		c->call_seq = c->call_done = 0;
		c->hcon =
			(struct hc_env){hc_write,
					hc_read,
					c,
					hc_watchdog,
					nr_cpus > 1 ? hc_cpu_on : NULL,
					nr_cpus > 1 ? hc_affinity_info : NULL};
		vgic_set_cpu(&c->vgic, i, nr_cpus);
	}
}

/* This CPU enters its vCPU at its CPU_ON entry: EL1 as at reset, the
 * guest's EL2 controls, the vCPU's interrupt state back in its list
 * registers. */
static void vcpu_start(struct guest_cpu *c)
{
	struct guest *g = c->g;
	struct vcpu *v = &c->vcpu;

	hyp_lock(&g->lock);
	c->power = VCPU_ON;
	hyp_unlock(&g->lock);
	/* Interrupts that came while it was off (folded, then given back
	 * after the reset of the virtual interface). */
	vgic_fold(&c->vgic);
	memset(v->x, 0, sizeof(v->x));
	v->x[0] = c->context;
	v->pc = c->entry;
	v->pstate = VCPU_PSTATE_RESET;
	memset(&c->sysregs, 0, sizeof(c->sysregs));
	/* Last: the PMU reset ends the microvisor's own count. */
	hyp_guest_reset();
	hyp_guest_config(g->cntvoff, c->id, g->nr_cpus);
	vgic_flush(&c->vgic);
}

/* A vCPU that went off: nothing of it left in this CPU's interface, its
 * timer stopped, its linked interrupts let go. */
static void vcpu_stopped(struct guest_cpu *c)
{
	vgic_teardown(&c->vgic);
	hyp_guest_reset();
}

/* Until vCPU c is to start, or the guest ends: the CPU sleeps, taking
 * what wakes it (a kick, and on CPU 0 the console, the watchdog and the
 * given devices) and doing the work left for it. */
static void cpu_wait(struct guest_cpu *c)
{
	for (;;) {
		cpu_work(c);
		if (ending(c->g) ||
		    __atomic_load_n(&c->power, __ATOMIC_ACQUIRE) ==
			    VCPU_ON_PENDING)
			return;
		hyp_idle();
		handle_irq(c);
	}
}

/* Leaving the guest: calls still posted here are run first; then none
 * is taken any more. */
static void cpu_leave(struct guest_cpu *c)
{
	while (!hyp_trylock(&c->call_lock))
		cpu_work(c);
	cpu_work(c);
	c->gone = true;
	hyp_unlock(&c->call_lock);
}

void vcpu_cpu_loop(struct guest *g, unsigned n)
{
	struct guest_cpu *c = &g->cpu[n];

	if (n == 0) {
		/* Typed bytes wake the guest. */
		if (g->console_irq) {
			g->rx_paused = false;
			log_rx_irq(true);
		}
		if (g->watchdog_s)
			watchdog_arm(g);
	}
	for (;;) {
		cpu_wait(c);
		if (ending(g))
			break;
		vcpu_start(c);
		guest_enter(&c->vcpu);
		if (ending(g))
			break;
		vcpu_stopped(c); /* CPU_OFF */
	}
	cpu_leave(c);
	if (n == 0) {
		if (g->console_irq)
			log_rx_irq(false);
		hyp_hyptimer_stop();
	}
	vgic_teardown(&c->vgic);
}

void vcpu_sum_counts(struct guest *g)
{
	g->idles = g->irqs = g->n_irq = g->n_wfx = g->n_sysreg = 0;
	g->n_mmio = g->n_abort = g->exits = 0;
	for (unsigned i = 0; i < g->nr_cpus; i++) {
		const struct guest_cpu *c = &g->cpu[i];

		g->idles += c->idles;
		g->irqs += c->irqs;
		g->n_irq += c->n_irq;
		g->n_wfx += c->n_wfx;
		g->n_sysreg += c->n_sysreg;
		g->n_mmio += c->n_mmio;
		g->n_abort += c->n_abort;
		g->exits += c->exits;
	}
}
