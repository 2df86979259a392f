/* tests/unit/refxlate.c - reference VMSAv8-64 table walk (EL2 stage 1 and stage 2) used as a test oracle. */
#include "tests/unit/refxlate.h"

/* Bits [hi:lo] of x, shifted down to bit 0. */
static u64 field(u64 x, unsigned hi, unsigned lo)
{
	return (x >> lo) & (~0ULL >> (63 - (hi - lo)));
}

static unsigned log2_granule(unsigned tg_bytes)
{
	switch (tg_bytes) {
	case 4096: return 12;
	case 16384: return 14;
	case 65536: return 16;
	}
	return 0;
}

int ref_start_level(const struct ref_cfg *c)
{
	unsigned g = log2_granule(c->tg_bytes);
	unsigned bpl, ia, n, lo, hi;
	int start;

	if (!g || c->t0sz >= 64)
		return -1;
	bpl = g - 3; /* each table holds 2^(g-3) eight-byte descriptors */
	ia = 64 - c->t0sz;
	if (ia <= g)
		return -1;
	if (c->regime == REF_EL2_S1) {
		/* Stage 1: as many levels as it takes to resolve ia - g
		 * bits, the first one possibly partial. */
		n = (ia - g + bpl - 1) / bpl;
		if (n > 4)
			return -1;
		return 4 - (int)n;
	}
	/* Stage 2: the start level comes from SL0 (no LPA2/TTST here). */
	if (g == 12) {
		if (c->sl0 > 2)
			return -1;
		start = 2 - (int)c->sl0;
		if (start == 0 && c->ps_bits < 44)
			return -1;
	} else {
		if (c->sl0 > 2)
			return -1;
		start = 3 - (int)c->sl0;
		if (start == 1 && c->ps_bits < (g == 14 ? 42u : 44u))
			return -1;
	}
	/* The start table must resolve at least one bit and at most
	 * bpl + 4 (16 concatenated tables). */
	n = 3 - (unsigned)start;
	lo = n * bpl + g + 1;
	hi = lo + (bpl - 1) + 4;
	if (ia < lo || ia > hi)
		return -1;
	return start;
}

/* Can a level-'level' descriptor with bits[1:0] = 0b01 be a block? */
static bool block_ok(unsigned g, int level)
{
	if (g == 12)
		return level == 1 || level == 2;
	return level == 2; /* 16K and 64K without LPA/LPA2 */
}

/* Next-level table or output address: bits[47:lo], and with the 64K
 * granule OA[51:48] from bits[15:12]. */
static u64 desc_addr(u64 desc, unsigned g, unsigned lo)
{
	u64 a = field(desc, 47, lo) << lo;

	if (g == 16)
		a |= field(desc, 15, 12) << 48;
	return a;
}

static void decode_leaf(const struct ref_cfg *c, u64 desc, struct ref_result *r)
{
	r->sh = (unsigned)field(desc, 9, 8);
	r->ap = (unsigned)field(desc, 7, 6);
	/* bit 54 is XN for EL2 stage 1 and XN[1] for stage 2 without XNX */
	r->executable = !field(desc, 54, 54);
	if (c->regime == REF_EL2_S1) {
		unsigned idx = (unsigned)field(desc, 4, 2);

		r->memattr = (unsigned)field(c->mair, idx * 8 + 7, idx * 8);
		/* MAIR Attr<n>[7:4] == 0 is Device memory. */
		r->device = (r->memattr >> 4) == 0;
		r->readable = true; /* one privilege level: always readable */
		r->writable = !(r->ap & 2);
	} else {
		r->memattr = (unsigned)field(desc, 5, 2);
		r->device = (r->memattr >> 2) == 0;
		r->readable = r->ap & 1;
		r->writable = r->ap & 2;
	}
}

enum ref_status ref_translate(const struct ref_cfg *c, u64 ia,
			      struct ref_result *r)
{
	unsigned g = log2_granule(c->tg_bytes), bpl, ia_bits, lo, hi;
	int level, start = ref_start_level(c);
	u64 table = c->ttbr, desc, oa, ps_limit;

	*r = (struct ref_result){.status = REF_FAULT_CONFIG, .level = 0};
	if (start < 0 || c->ps_bits < 32 || c->ps_bits > 52)
		return r->status;
	bpl = g - 3;
	ia_bits = 64 - c->t0sz;
	ps_limit = 1ULL << c->ps_bits;
	/* The start table is aligned to its own size (at least 8 bytes). */
	if (table & ((8ULL << (ia_bits - (g + bpl * (3 - start)))) - 1))
		return r->status;
	if (ia_bits < 64 && (ia >> ia_bits)) {
		r->status = REF_FAULT_RANGE;
		return r->status;
	}
	for (level = start; level <= 3; level++) {
		lo = g + bpl * (3 - (unsigned)level);
		hi = level == start ? ia_bits - 1 : lo + bpl - 1;
		r->level = level;
		if (!c->read64(c->ctx, table + field(ia, hi, lo) * 8, &desc)) {
			r->status = REF_FAULT_EXTABT;
			return r->status;
		}
		if (!(desc & 1)) {
			r->status = REF_FAULT_XLATE;
			return r->status;
		}
		if (level < 3 && (desc & 2)) {
			table = desc_addr(desc, g, g);
			if (table >= ps_limit) {
				r->status = REF_FAULT_ASIZE;
				return r->status;
			}
			continue;
		}
		/* 0b01 at level 3 is reserved; a block where none is
		 * allowed is a translation fault too. */
		if ((level == 3 && !(desc & 2)) ||
		    (level < 3 && !block_ok(g, level))) {
			r->status = REF_FAULT_XLATE;
			return r->status;
		}
		r->desc = desc;
		if (lo > g && field(desc, lo - 1, g)) {
			r->status = REF_BAD_DESC;
			return r->status;
		}
		oa = desc_addr(desc, g, lo);
		if (oa >= ps_limit) {
			r->status = REF_FAULT_ASIZE;
			return r->status;
		}
		if (!field(desc, 10, 10)) {
			r->status = REF_FAULT_ACCESS;
			return r->status;
		}
		r->pa = oa | field(ia, lo - 1, 0);
		decode_leaf(c, desc, r);
		r->status = REF_OK;
		return r->status;
	}
	return r->status; /* not reached: level 3 always ends the walk */
}
