/* hyp/fake/fake.c - the arch interface on the host, for unit tests: a scripted guest, recorded CPU operations, and host memory standing in for physical memory. */
#include <stdlib.h>
#include <string.h>

#include "hyp/el2mmu.h"
#include "hyp/gic.h"
#include "hyp/esr.h"
#include "hyp/fake/fake.h"
#include "hyp/hyp.h"
#include "hyp/s2hw.h"

struct fake_state fake;

void fake_reset(void)
{
	for (unsigned i = 0; i < fake.nr_win; i++)
		free(fake.win[i].host);
	memset(&fake, 0, sizeof(fake));
	fake.midr = 0x411fd070;	 /* Cortex-A57 r1p0 */
	fake.mmfr0 = 0x00001124; /* PARange 44 bits, 4K + 64K, no 16K */
	fake.id_regs[7 * 8 + 0] = fake.mmfr0;
	fake.id_regs[4 * 8 + 0] = 0x0000000011112222ULL; /* PFR0: GIC, FP */
	fake.counter_step = 16;
	fake.nr_lrs = 4;
	fake.prio_bits = 5;
}

void *fake_pa_to_host(pa_t p)
{
	for (unsigned i = 0; i < fake.nr_win; i++)
		if (pa_in_range(p, fake.win[i].pa, fake.win[i].size))
			return (char *)fake.win[i].host +
			       pa_diff(p, fake.win[i].pa);
	return NULL;
}

/* ---- hyp/hyp.h ---- */

u64 hyp_mpidr(void)
{
	return 0;
}

/* One host thread: a lock is a flag that must be free when taken. */
void hyp_lock(struct hyp_lock *l)
{
	if (l->v)
		abort();
	l->v = 1;
}

bool hyp_trylock(struct hyp_lock *l)
{
	if (l->v)
		return false;
	l->v = 1;
	return true;
}

void hyp_unlock(struct hyp_lock *l)
{
	l->v = 0;
}

void hyp_sev(void)
{
}

u64 hyp_midr(void)
{
	return fake.midr;
}

u64 hyp_mmfr0(void)
{
	return fake.mmfr0;
}

u64 hyp_read_id_reg(unsigned crm, unsigned op2)
{
	return crm < 8 && op2 < 8 ? fake.id_regs[crm * 8 + op2] : 0;
}

bool hyp_init_el2(void)
{
	return true;
}

void hyp_cpu_stop(void)
{
	abort(); /* a test reached a power-off path it should not */
}

u64 hyp_counter(void)
{
	fake.counter += fake.counter_step;
	return fake.counter;
}

u64 hyp_counter_freq(void)
{
	return 62500000;
}

u64 hyp_cycles(void)
{
	return 0;
}

void hyp_dcache_clean(const void *va, u64 len)
{
	(void)va;
	(void)len;
}

void hyp_zero_for_guest(void *va, u64 len)
{
	memset(va, 0, len);
}

void hyp_copy_for_guest(void *dst, const void *src, u64 len)
{
	memcpy(dst, src, len);
}

void hyp_wipe(void *va, u64 len)
{
	memset(va, 0, len);
}

void hyp_copy_and_wipe(void *dst, void *src, u64 len)
{
	memcpy(dst, src, len);
	memset(src, 0, len);
}

/* ---- idle and the EL2 timer: the test's counter is the clock ---- */

void hyp_idle(void)
{
	fake.idles++;
	/* Asleep until the EL2 timer, if armed; else a tick. */
	if (fake.hyptimer_on && fake.hyptimer_cval > fake.counter)
		fake.counter = fake.hyptimer_cval;
	else
		fake.counter += fake.counter_step;
}

void hyp_hyptimer_arm(u64 cval)
{
	fake.hyptimer_on = true;
	fake.hyptimer_cval = cval;
}

void hyp_hyptimer_stop(void)
{
	fake.hyptimer_on = false;
}

bool hyp_hyptimer_expired(void)
{
	return fake.hyptimer_on && fake.counter >= fake.hyptimer_cval;
}

bool hyp_rndr(u64 *v)
{
	if (!fake.rndr_ok)
		return false;
	*v = fake.rndr_next++;
	return true;
}

/* ---- hyp/gic.h ---- */

bool hyp_gic_present(void)
{
	return true;
}

void hyp_gic_cpu_init(void)
{
}

u32 hyp_gic_ack(void)
{
	return fake.next_ack < fake.nr_acks ? fake.acks[fake.next_ack++] : 1023;
}

void hyp_gic_eoi(u32 intid)
{
	if (fake.nr_eois < ARRAY_SIZE(fake.eois))
		fake.eois[fake.nr_eois++] = intid;
}

void hyp_gic_deactivate(u32 intid)
{
	if (fake.nr_dirs < ARRAY_SIZE(fake.dirs))
		fake.dirs[fake.nr_dirs++] = intid;
}

void hyp_gic_send_sgi(u64 mpidr, u32 intid)
{
	(void)mpidr;
	(void)intid;
	fake.sgis_sent++;
}

unsigned hyp_gic_nr_lrs(void)
{
	return fake.nr_lrs;
}

unsigned hyp_gic_prio_bits(void)
{
	return fake.prio_bits;
}

u64 hyp_gic_read_lr(unsigned n)
{
	return fake.lr[n];
}

void hyp_gic_write_lr(unsigned n, u64 v)
{
	fake.lr[n] = v;
}

u64 hyp_gic_read_hcr(void)
{
	return fake.ich_hcr;
}

void hyp_gic_write_hcr(u64 v)
{
	fake.ich_hcr = v;
}

u64 hyp_gic_read_vmcr(void)
{
	return fake.ich_vmcr;
}

u64 hyp_gic_read_misr(void)
{
	return fake.ich_misr;
}

u32 hyp_gic_read_elrsr(void)
{
	u32 empty = 0;

	for (unsigned n = 0; n < fake.nr_lrs; n++)
		if (!ICH_LR_STATE(fake.lr[n]))
			empty |= 1u << n;
	return empty;
}

void hyp_sync_icache(void)
{
	fake.icache_syncs++;
}

void hyp_dc_sw(u64 set_way)
{
	fake.dc_sw_ops++;
	fake.last_dc_sw = set_way;
}

void hyp_guest_reset(void)
{
	fake.guest_resets++;
}

void hyp_guest_config(u64 cntvoff, unsigned cpu, unsigned nr_cpus)
{
	(void)cntvoff;
	(void)cpu;
	(void)nr_cpus;
	fake.guest_configs++;
}

void hyp_guest_stop(void)
{
	fake.guest_stops++;
}

/*
 * As hyp/guest.S: the lean path's handlers (calls, emulated registers)
 * see x19-x29 unsaved. Poison them so a handler that reads them gets
 * nonsense and one that writes them is undone; they come back as the
 * hardware would keep them.
 */
#define NR_KEPT (VCPU_CALL_KEPT_LAST - VCPU_CALL_KEPT_FIRST + 1)

static void poison_kept(struct vcpu *v, u64 kept[NR_KEPT])
{
	for (unsigned i = 0; i < NR_KEPT; i++) {
		kept[i] = v->x[VCPU_CALL_KEPT_FIRST + i];
		v->x[VCPU_CALL_KEPT_FIRST + i] = 0xdead0000dead0000ULL + i;
	}
}

static void restore_kept(struct vcpu *v, const u64 kept[NR_KEPT])
{
	for (unsigned i = 0; i < NR_KEPT; i++)
		v->x[VCPU_CALL_KEPT_FIRST + i] = kept[i];
}

static bool fake_call(struct vcpu *v)
{
	u64 kept[NR_KEPT];
	bool resume;

	poison_kept(v, kept);
	resume = vcpu_call(v);
	restore_kept(v, kept);
	return resume;
}

/* A data abort with a valid syndrome: the lean path first, the full path
 * when vcpu_mmio() does not serve it. */
static bool fake_mmio(struct vcpu *v)
{
	u64 kept[NR_KEPT];
	unsigned r;

	poison_kept(v, kept);
	r = vcpu_mmio(v);
	restore_kept(v, kept);
	if (r == VCPU_MMIO_FULL)
		return vcpu_exit(v, GUEST_EXIT_SYNC);
	fake.lean_mmio += r == VCPU_MMIO_RESUME;
	return r == VCPU_MMIO_RESUME;
}

void guest_enter(struct vcpu *v)
{
	if (!fake.guest)
		abort();
	for (;;) {
		unsigned slot;
		bool resume;

		fake.entries++;
		slot = fake.guest(v, fake.guest_ctx);
		if (slot == GUEST_EXIT_SYNC &&
		    (ESR_EC(v->esr) == EC_HVC64 || ESR_EC(v->esr) == EC_SMC64))
			resume = fake_call(v);
		else if (slot == GUEST_EXIT_SYNC && VCPU_MMIO_LEAN(v->esr))
			resume = fake_mmio(v);
		else
			resume = vcpu_exit(v, slot);
		if (!resume)
			return;
	}
}

void hyp_read_fault(struct vcpu *v)
{
	(void)v; /* the test's guest set far and hpfar itself */
}

/* ---- hyp/s2hw.h: table pages are host pages, PA = host address ---- */

static void *zalloc_run(unsigned n, u64 align)
{
	u64 size = (u64)n << MV_GRANULE_SHIFT;
	void *p = aligned_alloc(align, size);

	if (p) {
		memset(p, 0, size);
		fake.pages_live += n;
		if (fake.pages_live > fake.pages_peak)
			fake.pages_peak = fake.pages_live;
	}
	return p;
}

static void *fake_zalloc_page(void *ctx)
{
	(void)ctx;
	return zalloc_run(1, 1ULL << MV_GRANULE_SHIFT);
}

static void fake_free_page(void *ctx, void *page)
{
	(void)ctx;
	free(page);
	fake.pages_live--;
}

static void *fake_p2v(void *ctx, pa_t p)
{
	(void)ctx;
	return (void *)(uintptr_t)pa_addr(p);
}

static pa_t fake_v2p(void *ctx, void *v)
{
	(void)ctx;
	return pa((u64)(uintptr_t)v);
}

static void fake_tlb_inval(void *ctx, u64 ia, int level)
{
	(void)ctx;
	(void)ia;
	(void)level;
}

const struct pt_mm_ops s2hw_mm = {
	.zalloc_page = fake_zalloc_page,
	.free_page = fake_free_page,
	.phys_to_virt = fake_p2v,
	.virt_to_phys = fake_v2p,
	.tlb_inval = fake_tlb_inval,
	.ctx = &fake,
};

void *s2hw_zalloc_pages(void *ctx, unsigned n, u64 align)
{
	(void)ctx;
	return zalloc_run(n, align);
}

void s2hw_free_pages(void *ctx, void *va, unsigned n)
{
	(void)ctx;
	free(va);
	fake.pages_live -= n;
}

unsigned s2hw_pages_used(void)
{
	return (unsigned)fake.pages_live;
}

void s2hw_activate(u64 vtcr, u64 vttbr)
{
	fake.activations++;
	fake.vtcr = vtcr;
	fake.vttbr = vttbr;
}

void s2hw_deactivate(void)
{
	fake.vttbr = 0;
	fake.flushes++;
}

void s2hw_flush_vmid(void)
{
	fake.flushes++;
}

/*
 * The loaded stage 2, walked with the walker itself: VTCR gives the
 * granule, IPA size and start level, VTTBR the (concatenated) root, which
 * the walker indexes as one array. Only the geometry comes from the
 * registers, so a table installed at the wrong place still misses.
 */
int s2hw_translate(ipa_t at, pa_t *out)
{
	unsigned tg = (fake.vtcr >> 14) & 3, t0sz = fake.vtcr & 0x3f;
	unsigned sl0 = (fake.vtcr >> 6) & 3;
	unsigned gs = tg == 0 ? 12 : tg == 1 ? 16 : 14;
	int start = gs == 12 ? 2 - (int)sl0 : 3 - (int)sl0;
	struct pt_geom g;
	struct pt t;

	if (!fake.vttbr || pt_geom_init(&g, gs, 64 - t0sz, start))
		return -1;
	pt_init_with_root(&t, &g, PT_S2, &s2hw_mm,
			  (u64 *)(uintptr_t)(fake.vttbr & GENMASK(47, 1)));
	return pt_lookup(&t, ipa_addr(at), out, NULL, NULL);
}

/* ---- hyp/el2mmu.h: a window is host memory standing for the range ---- */

void *el2mmu_map_window(const char *what, u64 va, pa_t base, u64 size)
{
	struct fake_window *w;

	(void)what;
	(void)va;
	if (fake.nr_win == sizeof(fake.win) / sizeof(fake.win[0]))
		return NULL;
	w = &fake.win[fake.nr_win];
	w->host = aligned_alloc(4096, ALIGN_UP(size, 4096));
	if (!w->host)
		return NULL;
	memset(w->host, 0, ALIGN_UP(size, 4096));
	w->pa = base;
	w->size = size;
	fake.nr_win++;
	return w->host;
}
