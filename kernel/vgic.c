/* kernel/vgic.c - the guest's GICv3: its distributor and redistributor registers, and the list registers that deliver its interrupts. */
#include "hyp/gic.h"
#include "kernel/vgic.h"
#include "lib/log.h"

#define ALL_IRQS     (~0ULL) /* VGIC_NR_IRQS is 64: one bit each */
#define SGI_PPI_MASK 0xffffffffULL
#define BITS_OF(n)   (1ULL << (n))

_Static_assert(VGIC_NR_IRQS == 64, "one u64 bit per INTID");

/* GICD_CTLR bits the model has: the two group enables; affinity routing
 * and one security state are always on. */
#define CTLR_GRP0 BIT(0)
#define CTLR_GRP1 BIT(1)
#define CTLR_ARE  BIT(4)
#define CTLR_DS	  BIT(6)

/* ITLinesNumber 1 (INTIDs up to 63), 10 INTID bits, no LPIs, no 1-of-N. */
#define TYPER_VALUE ((VGIC_NR_IRQS / 32 - 1) | (9u << 19) | BIT(25))
/* Arm (0x43b) as implementer, product 'M'. */
#define IIDR_VALUE 0x4d00043bu

#define WAKER_SLEEP  BIT(1)
#define WAKER_ASLEEP BIT(2)
#define TYPER_LAST   BIT(4)

/* PrimeCell and peripheral ID registers, as a GIC-500 has them (Linux
 * reads PIDR2's architecture field: 3). */
static u32 id_reg(u64 off)
{
	switch (off) {
	case 0xffd0: return 0x44; /* PIDR4 */
	case 0xffe0: return 0x92; /* PIDR0 */
	case 0xffe4: return 0xb4; /* PIDR1 */
	case 0xffe8: return 0x3b; /* PIDR2: ArchRev 3 */
	case 0xfff0: return 0x0d; /* CIDR0..3 */
	case 0xfff4: return 0xf0;
	case 0xfff8: return 0x05;
	case 0xfffc: return 0xb1;
	default: return 0;
	}
}

void vgic_init(struct vgic *vg, bool on)
{
	*vg = (struct vgic){.on = on, .asleep = true, .nr_cpus = 1};
	vg->owned = SGI_PPI_MASK; /* no SPI is the guest's yet */
	vg->edge = 0xffff;	  /* SGIs: edge; PPIs: level */
	vg->hw = BITS_OF(VGIC_VTIMER);
	if (on) {
		vg->nr_lrs = hyp_gic_nr_lrs();
		if (vg->nr_lrs > VGIC_MAX_LRS)
			vg->nr_lrs = VGIC_MAX_LRS;
		vg->prio_mask = (u8)(0xff << (8 - hyp_gic_prio_bits()));
	}
}

void vgic_set_cpu(struct vgic *vg, unsigned id, unsigned nr_cpus)
{
	vg->id = (u8)id;
	vg->nr_cpus = (u8)nr_cpus;
}

void vgic_set_ctlr(struct vgic *vg, u32 ctlr)
{
	vgic_fold(vg);
	vg->ctlr = ctlr & (CTLR_GRP0 | CTLR_GRP1);
	vg->dirty = true;
}

void vgic_own(struct vgic *vg, u32 intid)
{
	if (intid >= 32 && intid < VGIC_NR_IRQS)
		vg->owned |= BITS_OF(intid);
}

void vgic_link_hw(struct vgic *vg, u32 intid, bool edge)
{
	if (intid < 32 || intid >= VGIC_NR_IRQS)
		return;
	vg->owned |= BITS_OF(intid);
	vg->hw |= BITS_OF(intid);
	vg->edge =
		edge ? vg->edge | BITS_OF(intid) : vg->edge & ~BITS_OF(intid);
}

/* Pending as the guest sees it: a latched edge, or a level held high. */
static u64 pending(const struct vgic *vg)
{
	return vg->latch | (vg->level & ~vg->edge);
}

/* The interrupts the distributor forwards: enabled, its group enabled. */
static u64 forwarded(const struct vgic *vg)
{
	u64 groups = ((vg->ctlr & CTLR_GRP1) ? vg->group1 : 0) |
		     ((vg->ctlr & CTLR_GRP0) ? ~vg->group1 : 0);

	return vg->enabled & groups & vg->owned;
}

void vgic_fold(struct vgic *vg)
{
	u32 used = vg->lr_used;

	while (used) {
		unsigned n = (unsigned)__builtin_ctz(used);
		u64 lr = hyp_gic_read_lr(n);
		u32 intid = vg->lr_intid[n];
		u64 bit = BITS_OF(intid);
		unsigned state = ICH_LR_STATE(lr);

		used &= used - 1;
		hyp_gic_write_lr(n, 0);
		vg->in_lr &= ~bit;
		vg->active = (state & 2) ? vg->active | bit : vg->active & ~bit;
		/* Pending that went out in the list register and is gone
		 * was taken by the guest: the latch is spent. Pending that
		 * could not go out (disabled, or a linked interrupt still
		 * active) stays latched for later. A level interrupt's
		 * pending comes from its line. */
		if (vg->lr_pend & (1u << n)) {
			if (!(state & 1))
				vg->latch &= ~bit;
			else if (vg->edge & bit || vg->hw & bit)
				vg->latch |= bit;
		}
		/* A linked interrupt the guest has finished: the hardware
		 * deactivated the physical one with it. */
		if ((vg->hw & bit) && !state)
			vg->hw_live &= ~bit;
	}
	if (vg->lr_used) {
		vg->lr_used = 0;
		vg->lr_pend = 0;
		vg->dirty = true;
	}
}

/* The next candidate: the lowest priority value, then the lowest INTID. */
static int best(const struct vgic *vg, u64 set)
{
	int pick = -1;

	while (set) {
		int i = __builtin_ctzll(set);

		set &= set - 1;
		if (pick < 0 || vg->prio[i] < vg->prio[pick])
			pick = i;
	}
	return pick;
}

static u64 make_lr(const struct vgic *vg, u32 intid, bool act, bool pend)
{
	u64 bit = BITS_OF(intid);
	u64 lr = intid |
		 ((u64)(vg->prio[intid] & vg->prio_mask) << ICH_LR_PRIO_SHIFT);

	if (vg->group1 & bit)
		lr |= ICH_LR_GROUP1;
	if (vg->hw & bit)
		lr |= ICH_LR_HW | ((u64)intid << ICH_LR_PINTID_SHIFT);
	else if (!(vg->edge & bit))
		lr |= ICH_LR_EOI; /* a level: look at the line again */
	if (act)
		lr |= ICH_LR_ACTIVE;
	/* A linked interrupt is pending or active, never both. */
	if (pend && !(act && (vg->hw & bit)))
		lr |= ICH_LR_PENDING;
	return lr;
}

void vgic_flush(struct vgic *vg)
{
	u64 act, pend, hcr = ICH_HCR_EN;
	unsigned n = 0;

	vgic_fold(vg); /* no list register may hold a stale copy */
	vg->dirty = false;
	if (!vg->on)
		return;
	act = vg->active & vg->owned;
	pend = pending(vg) & forwarded(vg) & ~act;
	/* Active ones first: only a list register lets the guest end them. */
	while ((act | pend) && n < vg->nr_lrs) {
		int i = best(vg, act ? act : pend);
		u64 bit = BITS_OF(i);
		bool a = act & bit;

		u64 lr = make_lr(vg, (u32)i, a,
				 (pending(vg) & forwarded(vg) & bit));

		hyp_gic_write_lr(n, lr);
		vg->lr_intid[n] = (u8)i;
		vg->lr_used |= 1u << n;
		if (lr & ICH_LR_PENDING)
			vg->lr_pend |= 1u << n;
		vg->in_lr |= bit;
		act &= ~bit;
		pend &= ~bit;
		n++;
	}
	/* More than fit: a maintenance interrupt when they drain. */
	if (act | pend)
		hcr |= ICH_HCR_UIE;
	hyp_gic_write_hcr(hcr);
}

/*
 * List registers the guest has finished with (empty now): their
 * interrupts are done, their latches spent. Returns the list registers
 * free for new entries. Reads one register, not every list register.
 */
static u32 reclaim(struct vgic *vg)
{
	u32 done = hyp_gic_read_elrsr() & vg->lr_used;

	while (done) {
		unsigned n = (unsigned)__builtin_ctz(done);
		u64 bit = BITS_OF(vg->lr_intid[n]);

		done &= done - 1;
		hyp_gic_write_lr(n, 0); /* no stale fields left behind */
		vg->in_lr &= ~bit;
		vg->active &= ~bit;
		if (vg->lr_pend & (1u << n))
			vg->latch &= ~bit;
		if (vg->hw & bit)
			vg->hw_live &= ~bit;
		vg->lr_used &= ~(1u << n);
		vg->lr_pend &= ~(1u << n);
	}
	return ~vg->lr_used & ((1u << vg->nr_lrs) - 1);
}

/*
 * The common case of a new interrupt - nothing of it in a list register,
 * nothing waiting for one, a list register free - goes straight into that
 * register: no fold and flush of the others.
 */
static bool quick_inject(struct vgic *vg, u64 bit, u32 intid)
{
	u32 free;
	unsigned n;

	if (!vg->on || vg->dirty)
		return false;
	free = reclaim(vg);
	if (!free || ((vg->in_lr | vg->active) & bit) || !(forwarded(vg) & bit))
		return false;
	n = (unsigned)__builtin_ctz(free);
	vg->latch |= bit;
	hyp_gic_write_lr(n, make_lr(vg, intid, false, true));
	vg->lr_intid[n] = (u8)intid;
	vg->lr_used |= 1u << n;
	vg->lr_pend |= 1u << n;
	vg->in_lr |= bit;
	return true;
}

void vgic_inject(struct vgic *vg, u32 intid)
{
	if (intid >= VGIC_NR_IRQS || !(vg->owned & BITS_OF(intid)))
		return;
	vg->injected++;
	if (quick_inject(vg, BITS_OF(intid), intid))
		return;
	vgic_fold(vg);
	vg->latch |= BITS_OF(intid);
	vg->dirty = true;
}

void vgic_set_level(struct vgic *vg, u32 intid, bool high)
{
	u64 bit;

	if (intid >= VGIC_NR_IRQS || !(vg->owned & BITS_OF(intid)))
		return;
	bit = BITS_OF(intid);
	if (!!(vg->level & bit) == high)
		return;
	vgic_fold(vg);
	vg->level = high ? vg->level | bit : vg->level & ~bit;
	vg->dirty = true;
}

void vgic_hw_fired(struct vgic *vg, u32 intid)
{
	vg->injected++;
	if (quick_inject(vg, BITS_OF(intid), intid)) {
		vg->hw_live |= BITS_OF(intid);
		return;
	}
	vgic_fold(vg);
	vg->latch |= BITS_OF(intid);
	vg->hw_live |= BITS_OF(intid);
	vg->dirty = true;
}

void vgic_maintenance(struct vgic *vg)
{
	vgic_fold(vg);
	vg->dirty = true;
}

void vgic_teardown(struct vgic *vg)
{
	vgic_fold(vg);
	/* A linked interrupt the guest never finished would keep the
	 * physical one active: the next guest's timer (or device) would be
	 * silent. */
	while (vg->hw_live) {
		u32 intid = (u32)__builtin_ctzll(vg->hw_live);

		hyp_gic_deactivate(intid);
		vg->hw_live &= vg->hw_live - 1;
	}
	if (vg->on)
		hyp_gic_write_hcr(0);
	vg->dirty = false;
}

/* ---- MMIO ---- */

/* A register the model does not have, or an access it does not take. */
static void ignored(struct vgic *vg, const char *frame, u64 off, unsigned size,
		    bool write, u64 *val)
{
	vg->ignored++;
	if (write)
		pr_debug("vGIC: %s+%#llx: %u-byte write of %#llx ignored",
			 frame, (unsigned long long)off, size,
			 (unsigned long long)*val);
	else
		pr_debug("vGIC: %s+%#llx: %u-byte read returns 0", frame,
			 (unsigned long long)off, size);
	if (!write)
		*val = 0;
}

/*
 * The per-INTID registers the distributor (for SPIs) and the SGI frame
 * (for SGIs and PPIs) have at the same offsets. base is the first INTID
 * the frame covers (0 or 32), and span how many it may name. Returns
 * false for an offset that is none of them.
 */
static bool irq_regs(struct vgic *vg, u64 off, unsigned size, bool write,
		     u64 *val, u32 base, u32 span)
{
	u64 *set = NULL;
	u32 first;
	u64 mask, v;
	bool clear = false;

	if (off >= 0x400 && off < 0x400 + (u64)span + base &&
	    (size == 1 || size == 4)) {
		/* IPRIORITYR: a byte per INTID */
		u32 intid = (u32)(off - 0x400);

		if (intid < base || intid + size > base + span)
			return false;
		vgic_fold(vg);
		for (unsigned b = 0; b < size; b++) {
			u32 i = intid + b;

			/* Kept as the interface keeps it: equal
			 * priorities then order by INTID. */
			if (write && (vg->owned & BITS_OF(i))) {
				vg->prio[i] =
					(u8)(*val >> (8 * b)) & vg->prio_mask;
				vg->dirty = true;
			}
		}
		if (!write) {
			v = 0;
			for (unsigned b = 0; b < size; b++)
				if (vg->owned & BITS_OF(intid + b))
					v |= (u64)vg->prio[intid + b]
					     << (8 * b);
			*val = v;
		}
		return true;
	}
	if (size != 4)
		return false;
	if (off >= 0xc00 && off < 0xd00) {
		/* ICFGR: two bits per INTID, the upper one "edge" */
		first = (u32)(off - 0xc00) * 4;
		if (first < base || first >= base + span)
			return false;
		if (!write) {
			v = 0;
			for (unsigned k = 0; k < 16; k++)
				if (vg->edge & vg->owned & BITS_OF(first + k))
					v |= 2u << (2 * k);
			*val = v;
			return true;
		}
		vgic_fold(vg);
		for (unsigned k = 0; k < 16; k++) {
			u32 i = first + k;
			u64 bit = BITS_OF(i);

			/* SGIs are edge, the linked timer level: fixed */
			if (i < 16 || (vg->hw & bit) || !(vg->owned & bit))
				continue;
			vg->edge = (*val >> (2 * k + 1)) & 1 ? vg->edge | bit
							     : vg->edge & ~bit;
		}
		vg->dirty = true;
		return true;
	}
	if (off < 0x80 || off >= 0x400)
		return false;
	first = (u32)((off & 0x7f) * 8);
	if (first < base || first >= base + span)
		return false;
	switch (off & ~0x7fULL) {
	case 0x080: set = &vg->group1; break;
	case 0x100: set = &vg->enabled; break;
	case 0x180: set = &vg->enabled, clear = true; break;
	case 0x200: set = &vg->latch; break;
	case 0x280: set = &vg->latch, clear = true; break;
	case 0x300: set = &vg->active; break;
	case 0x380: set = &vg->active, clear = true; break;
	default: return false;
	}
	mask = (u64)0xffffffff << first & vg->owned;
	vgic_fold(vg);
	if (!write) {
		u64 src = *set;

		if (set == &vg->latch)
			src = pending(vg);
		*val = (src & mask) >> first;
		return true;
	}
	v = ((u64)(u32)*val << first) & mask;
	if (((u64)(u32)*val << first) & ~mask)
		pr_debug("vGIC: write to INTIDs %u-%u: bits for INTIDs that "
			 "are not the guest's ignored",
			 first, first + 31);
	if (set == &vg->group1) {
		vg->group1 = (vg->group1 & ~mask) | v;
	} else if (clear) {
		*set &= ~v;
		/* A linked interrupt cleared while the physical one
		 * waits: let the physical one go, or it never fires
		 * again. */
		for (u64 gone = v & vg->hw_live & ~(vg->latch | vg->active);
		     gone; gone &= gone - 1) {
			hyp_gic_deactivate((u32)__builtin_ctzll(gone));
			vg->hw_live &= ~(gone & -gone);
		}
	} else {
		*set |= v;
	}
	vg->dirty = true;
	return true;
}

static void gicd_access(struct vgic *vg, u64 off, unsigned size, bool write,
			u64 *val)
{
	if (off >= 0xffd0 && size == 4 && !write) {
		*val = id_reg(off);
		return;
	}
	if (size == 4) {
		switch (off) {
		case 0x0000: /* GICD_CTLR */
			if (write) {
				vgic_fold(vg);
				vg->ctlr = (u32)*val & (CTLR_GRP0 | CTLR_GRP1);
				vg->dirty = true;
			} else {
				*val = vg->ctlr | CTLR_ARE | CTLR_DS;
			}
			return;
		case 0x0004: /* GICD_TYPER */
			if (!write) {
				*val = TYPER_VALUE;
				return;
			}
			break;
		case 0x0008: /* GICD_IIDR */
			if (!write) {
				*val = IIDR_VALUE;
				return;
			}
			break;
		case 0x000c: /* GICD_TYPER2 (GICv3.1): no vPEs, no ESPIs */
			if (!write) {
				*val = 0;
				return;
			}
			break;
		}
	}
	/* GICD_IROUTER<n>: 64-bit, or either half. */
	if (off >= 0x6000 + 8 * 32 && off < 0x6000 + 8 * VGIC_NR_IRQS &&
	    (size == 8 || (size == 4 && !(off & 3)))) {
		u32 intid = (u32)((off - 0x6000) / 8);
		unsigned shift = (unsigned)(off & 4) * 8;
		u64 *r = &vg->irouter[intid - 32];
		u64 v;
		u64 keep = size == 8 ? 0 : ~(0xffffffffULL << shift);

		if (!(vg->owned & BITS_OF(intid))) {
			ignored(vg, "GICD", off, size, write, val);
			return;
		}
		if (!write) {
			*val = size == 8 ? *r : (u32)(*r >> shift);
			return;
		}
		/* Aff3 [39:32], IRM [31], Aff2.Aff1.Aff0 [23:0]; the rest
		 * is RES0. The guest has vCPU 0 (affinity 0.0.0.0) only:
		 * IRM ("any CPU") or affinity 0 is kept; any other CPU is
		 * refused, since the SPI could reach nobody, and the
		 * physical routing never changes either way. */
		v = ((*r & keep) | (*val << shift)) & VGIC_IROUTER_MASK;
		if ((v & VGIC_IROUTER_IRM) || !v) {
			*r = v;
			return;
		}
		vg->ignored++;
		vg->routes_refused++;
		if (vg->routes_refused == 1)
			pr_warn("vGIC: GICD_IROUTER%u write of %#llx routes "
				"INTID %u to CPU %llu.%llu.%llu.%llu, which "
				"%s: refused, it stays %#llx (later refusals "
				"are counted)",
				intid, (unsigned long long)*val, intid,
				(unsigned long long)(v >> 32 & 0xff),
				(unsigned long long)(v >> 16 & 0xff),
				(unsigned long long)(v >> 8 & 0xff),
				(unsigned long long)(v & 0xff),
				(v & ~0xffULL) || (v & 0xff) >= vg->nr_cpus
					? (vg->nr_cpus == 1
						   ? "the guest does not have "
						     "(only vCPU 0.0.0.0)"
						   : "the guest does not have")
					: "is not vCPU 0 (SPIs go to vCPU 0 "
					  "only)",
				(unsigned long long)*r);
		return;
	}
	/* The per-INTID registers: with affinity routing, INTIDs 0-31 are
	 * the redistributor's, so the distributor covers the SPIs only. */
	if (irq_regs(vg, off, size, write, val, 32, VGIC_NR_SPIS))
		return;
	ignored(vg, "GICD", off, size, write, val);
}

static void gicr_access(struct vgic *vg, u64 off, unsigned size, bool write,
			u64 *val)
{
	if (off >= 0x10000) {
		if (!irq_regs(vg, off - 0x10000, size, write, val, 0, 32))
			ignored(vg, "GICR SGI frame", off - 0x10000, size,
				write, val);
		return;
	}
	if (off >= 0xffd0 && size == 4 && !write) {
		*val = id_reg(off);
		return;
	}
	switch (off) {
	case 0x0000: /* GICR_CTLR: no LPIs to enable, nothing pending */
		if (size == 4 && !write) {
			*val = 0;
			return;
		}
		break;
	case 0x0004: /* GICR_IIDR */
		if (size == 4 && !write) {
			*val = IIDR_VALUE;
			return;
		}
		break;
	case 0x0008: /* GICR_TYPER: affinity 0.0.0.id, processor id */
	case 0x000c:
		if (!write && (size == 8 || size == 4)) {
			u64 t = (u64)vg->id << 32 | (u64)vg->id << 8 |
				(vg->id + 1 == vg->nr_cpus ? TYPER_LAST : 0);

			*val = size == 8 ? t : (u32)(t >> (8 * (off & 4)));
			return;
		}
		break;
	case 0x0014: /* GICR_WAKER */
		if (size == 4) {
			if (write)
				vg->asleep = *val & WAKER_SLEEP;
			else
				*val = vg->asleep ? WAKER_SLEEP | WAKER_ASLEEP
						  : 0;
			return;
		}
		break;
	}
	/* PROPBASER, PENDBASER and the rest: no LPIs, nothing to keep. */
	ignored(vg, "GICR", off, size, write, val);
}

void vgic_mmio(struct vgic *vg, u64 ipa, unsigned size, bool write, u64 *val)
{
	vg->mmio++;
	if (ipa & (size - 1)) {
		ignored(vg,
			ipa < VGIC_GICR_IPA ? "GICD (unaligned)"
					    : "GICR (unaligned)",
			ipa, size, write, val);
		return;
	}
	if (ipa < VGIC_GICR_IPA)
		gicd_access(vg, ipa - VGIC_GICD_IPA, size, write, val);
	else
		gicr_access(vg, ipa - VGIC_GICR_IPA, size, write, val);
}

u32 vgic_sgi_targets(u64 value, unsigned self, unsigned nr_cpus)
{
	u32 all = (u32)((1ULL << nr_cpus) - 1);

	/* IRM: every vCPU but the sender. */
	if (value & BIT(40))
		return all & ~(1u << self);
	/* vCPU n is affinity 0.0.0.n: Aff3, Aff2, Aff1 and the range
	 * selector are 0, and bit n of the target list names it. */
	if ((value & 0xff00ff00ff0000ULL) || ((value >> 44) & 0xf))
		return 0;
	return (u32)value & 0xffff & all;
}

void vgic_sgi_raise(struct vgic *vg, u32 intid, bool group1)
{
	/* SGI0R raises a Group 0 SGI only. */
	if (!group1 && (vg->group1 & BITS_OF(intid)))
		return;
	vgic_inject(vg, intid & 0xf);
}
