/* hyp/pgtable.c - one generic page-table walker and the map/unmap/lookup/teardown visitors built on it. */
#include "hyp/pgtable.h"

/*
 * MAIR_EL2 as the boot code programs it (MAIR_EL2_VALUE, hyp/sysreg.h):
 * index 0 = 0x04 (Device-nGnRE), index 1 = 0xFF (Normal, inner/outer
 * write-back, read/write-allocate). EL2 stage-1 leaves name these indices
 * in AttrIndx.
 */
#define S1_ATTRIDX_DEVICE 0ULL
#define S1_ATTRIDX_NORMAL 1ULL
#define S1_ATTRIDX_SHIFT  2
#define S1_ATTRIDX_MASK	  (7ULL << S1_ATTRIDX_SHIFT)
/* AP[1] (bit 6) is set for RW and RO alike: nVHE EL2 has one privilege
 * level, and Linux's hyp tables use AP = 0b01 RW / 0b11 RO the same way. */
#define S1_AP_RW     BIT(6)
#define S1_AP_RO     (BIT(6) | BIT(7))
#define S1_AP_RDONLY BIT(7)

#define S2_MEMATTR_SHIFT    2
#define S2_MEMATTR_NORMAL   0xFULL /* outer and inner write-back (FWB off) */
#define S2_MEMATTR_DEVICE   0x1ULL /* Device-nGnRE */
#define S2_MEMATTR_DEV_MASK 0xCULL /* MemAttr[3:2] == 0 means Device */
#define S2AP_R		    BIT(6)
#define S2AP_W		    BIT(7)

#define DESC_SH_INNER  (3ULL << 8)
#define DESC_XN	       BIT(54)
#define DESC_TYPE_MASK (PT_DESC_VALID | PT_DESC_TABLE)

/* 64K granule: OA[51:48] lives in descriptor bits [15:12] (FEAT_LPA). */
#define OA_HI_SHIFT	 48
#define OA_HI_DESC_SHIFT 12
#define OA_HI_MASK	 0xFULL

#define PT_PROT_ALL (PT_R | PT_W | PT_X | PT_DEVICE)

/* Entries must be visible to the table walker before anyone relies on
 * them; the host build only needs the compiler ordering. */
static inline void pt_publish(void)
{
#ifdef __aarch64__
	asm volatile("dsb ishst" : : : "memory");
#else
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}

static inline u64 pte_read(const u64 *ptep)
{
	return __atomic_load_n(ptep, __ATOMIC_RELAXED);
}

/* Release: a table's contents are visible before the entry naming it. */
static inline void pte_write(u64 *ptep, u64 val)
{
	__atomic_store_n(ptep, val, __ATOMIC_RELEASE);
}

static inline bool pte_valid(u64 pte)
{
	return pte & PT_DESC_VALID;
}

static inline bool pte_is_table(u64 pte, int level)
{
	return level < 3 && (pte & DESC_TYPE_MASK) == DESC_TYPE_MASK;
}

static inline u64 level_size(const struct pt *pt, int level)
{
	return BIT(pt_level_shift(&pt->geom, level));
}

static inline bool is_64k(const struct pt *pt)
{
	return pt->geom.gran_shift == 16;
}

/* Last valid input address; written so ia_bits == 64 cannot overflow. */
static inline u64 ia_last(const struct pt_geom *g)
{
	return g->ia_bits >= 64 ? ~0ULL : BIT(g->ia_bits) - 1;
}

/* Highest PA a descriptor can encode: 52 bits with 64K, else 48. */
static inline u64 oa_last(const struct pt *pt)
{
	return is_64k(pt) ? GENMASK(51, 0) : GENMASK(47, 0);
}

/* Descriptor bits that carry the output/next-table address. */
static inline u64 oa_field(const struct pt *pt)
{
	u64 m = GENMASK(47, pt->geom.gran_shift);

	if (is_64k(pt))
		m |= OA_HI_MASK << OA_HI_DESC_SHIFT;
	return m;
}

static u64 oa_encode(const struct pt *pt, u64 pa, unsigned shift)
{
	u64 d = pa & GENMASK(47, shift);

	if (is_64k(pt))
		d |= ((pa >> OA_HI_SHIFT) & OA_HI_MASK) << OA_HI_DESC_SHIFT;
	return d;
}

static u64 oa_decode(const struct pt *pt, u64 desc, unsigned shift)
{
	u64 pa = desc & GENMASK(47, shift);

	if (is_64k(pt))
		pa |= ((desc >> OA_HI_DESC_SHIFT) & OA_HI_MASK) << OA_HI_SHIFT;
	return pa;
}

static bool prot_ok(const struct pt *pt, unsigned prot)
{
	if (prot & ~PT_PROT_ALL)
		return false;
	/* Write-only and exec-only cannot be expressed at EL2 stage 1. */
	if (!(prot & PT_R))
		return false;
	if ((prot & PT_DEVICE) && (prot & PT_X))
		return false;
	if (pt->regime == PT_EL2_S1)
		return !((prot & PT_W) && (prot & PT_X));
	return pt->regime == PT_S2;
}

static unsigned prot_of_desc(const struct pt *pt, u64 desc)
{
	unsigned prot = 0;

	if (!(desc & DESC_XN))
		prot |= PT_X;
	if (pt->regime == PT_EL2_S1) {
		prot |= PT_R;
		if (!(desc & S1_AP_RDONLY))
			prot |= PT_W;
		if (((desc & S1_ATTRIDX_MASK) >> S1_ATTRIDX_SHIFT) ==
		    S1_ATTRIDX_DEVICE)
			prot |= PT_DEVICE;
	} else {
		if (desc & S2AP_R)
			prot |= PT_R;
		if (desc & S2AP_W)
			prot |= PT_W;
		if (!(desc & (S2_MEMATTR_DEV_MASK << S2_MEMATTR_SHIFT)))
			prot |= PT_DEVICE;
	}
	return prot;
}

/* --- descriptor helpers ---------------------------------------------- */

/* Returns 0 (an invalid descriptor) for a prot pt_map would refuse, so no
 * caller can build a W+X or executable Device leaf by accident. */
u64 pt_leaf_desc(const struct pt *pt, pa_t pa, unsigned prot, int level)
{
	u64 d;

	if (!prot_ok(pt, prot) || level < 0 || level > 3)
		return 0;
	d = oa_encode(pt, pa_addr(pa), pt_level_shift(&pt->geom, level));
	d |= PT_DESC_VALID | PT_DESC_AF | DESC_SH_INNER;
	if (level == 3)
		d |= PT_DESC_TABLE; /* 0b11 = page at level 3 */
	if (!(prot & PT_X))
		d |= DESC_XN;
	if (pt->regime == PT_EL2_S1) {
		d |= (prot & PT_DEVICE ? S1_ATTRIDX_DEVICE : S1_ATTRIDX_NORMAL)
		     << S1_ATTRIDX_SHIFT;
		d |= prot & PT_W ? S1_AP_RW : S1_AP_RO;
	} else {
		d |= (prot & PT_DEVICE ? S2_MEMATTR_DEVICE : S2_MEMATTR_NORMAL)
		     << S2_MEMATTR_SHIFT;
		d |= S2AP_R;
		if (prot & PT_W)
			d |= S2AP_W;
	}
	return d;
}

u64 pt_table_desc(const struct pt *pt, pa_t table)
{
	return oa_encode(pt, pa_addr(table), pt->geom.gran_shift) |
	       DESC_TYPE_MASK;
}

pa_t pt_desc_pa(const struct pt *pt, u64 desc, int level)
{
	unsigned shift = pte_is_table(desc, level)
				 ? pt->geom.gran_shift
				 : pt_level_shift(&pt->geom, level);

	return pa(oa_decode(pt, desc, shift));
}

/* No LPA/LPA2 blocks (4K L0, 16K/64K L1): those need DS=1 or a 52-bit PS. */
bool pt_level_allows_block(const struct pt *pt, int level)
{
	if (pt->geom.gran_shift == 12)
		return level == 1 || level == 2;
	return level == 2;
}

/* --- geometry -------------------------------------------------------- */

int pt_geom_init(struct pt_geom *g, unsigned gran_shift, unsigned ia_bits,
		 int start_level)
{
	int stride, root_bits;

	if (gran_shift != 12 && gran_shift != 14 && gran_shift != 16)
		return -1;
	if (ia_bits > 52 || start_level < 0 || start_level > 3)
		return -1;
	stride = (int)gran_shift - 3;
	root_bits =
		(int)ia_bits - (stride * (3 - start_level) + (int)gran_shift);
	/* More than 16 concatenated tables is illegal (S2InconsistentSL). */
	if (root_bits <= 0 || root_bits > stride + 4)
		return -1;
	g->gran_shift = (u8)gran_shift;
	g->stride = (u8)stride;
	g->ia_bits = (u8)ia_bits;
	g->start_level = (s8)start_level;
	g->root_bits = (u8)root_bits;
	return 0;
}

int pt_geom_s1(struct pt_geom *g, unsigned gran_shift, unsigned ia_bits)
{
	int level, stride = (int)gran_shift - 3, root_bits;

	/* Levels differ by 'stride' bits, so at most one fits 1..stride. */
	for (level = 0; level <= 3; level++) {
		root_bits =
			(int)ia_bits - (stride * (3 - level) + (int)gran_shift);
		if (root_bits >= 1 && root_bits <= stride)
			return pt_geom_init(g, gran_shift, ia_bits, level);
	}
	return -1;
}

/* --- the walker ------------------------------------------------------ */

struct walk_data {
	const struct pt *pt;
	const struct pt_walker *w;
	u64 addr; /* next input address to visit */
	u64 last; /* last input address of the walk, inclusive */
	bool done;
};

static int walk_table(struct walk_data *d, u64 *table, int level);

static int visit(struct walk_data *d, u64 *ptep, u64 old, u64 addr, int level,
		 unsigned flag)
{
	struct pt_visit_ctx ctx = {
		.pt = d->pt,
		.ptep = ptep,
		.old = old,
		.addr = addr,
		.end = d->last + 1, /* wraps only for a 2^64 walk */
		.level = level,
		.flag = flag,
		.arg = d->w->arg,
	};

	return d->w->cb(&ctx);
}

static int walk_entry(struct walk_data *d, u64 *ptep, int level)
{
	const struct pt *pt = d->pt;
	u64 span_m1 = level_size(pt, level) - 1;
	u64 addr = d->addr & ~span_m1;
	u64 pte = pte_read(ptep);
	bool table = pte_is_table(pte, level);
	unsigned flag = table ? PT_VISIT_TABLE_PRE : PT_VISIT_LEAF;
	u64 *child;
	int ret;

	if (d->w->flags & flag) {
		ret = visit(d, ptep, pte, addr, level, flag);
		if (ret)
			return ret;
		/* Follow what is there now: a visitor may have installed a
		 * table, or removed (and freed) the one we saw. */
		pte = pte_read(ptep);
		table = pte_is_table(pte, level);
	}
	if (!table) {
		/* addr + span_m1 stays inside the IA space: no overflow. */
		if (addr + span_m1 >= d->last)
			d->done = true;
		else
			d->addr = addr + span_m1 + 1;
		return 0;
	}
	child = pt->mm->phys_to_virt(pt->mm->ctx, pt_desc_pa(pt, pte, level));
	ret = walk_table(d, child, level + 1);
	if (ret)
		return ret;
	if (d->w->flags & PT_VISIT_TABLE_POST)
		ret = visit(d, ptep, pte_read(ptep), addr, level,
			    PT_VISIT_TABLE_POST);
	return ret;
}

static int walk_table(struct walk_data *d, u64 *table, int level)
{
	const struct pt_geom *g = &d->pt->geom;
	unsigned bits = level == g->start_level ? g->root_bits : g->stride;
	u64 nr = BIT(bits);
	u64 idx = (d->addr >> pt_level_shift(g, level)) & (nr - 1);
	int ret;

	/* The root is one logical array even when it spans several pages. */
	for (; idx < nr && !d->done; idx++) {
		ret = walk_entry(d, &table[idx], level);
		if (ret)
			return ret;
	}
	return 0;
}

static int walk_range(const struct pt *pt, u64 *root, u64 start, u64 last,
		      const struct pt_walker *w)
{
	struct walk_data d = {
		.pt = pt,
		.w = w,
		.addr = start,
		.last = last,
	};

	return walk_table(&d, root, pt->geom.start_level);
}

int pt_walk(const struct pt *pt, u64 addr, u64 size, const struct pt_walker *w)
{
	u64 gran = pt_granule(&pt->geom);
	u64 start = ALIGN_DOWN(addr, gran);
	u64 span_m1;

	if (!size || !pt->root || !w || !w->cb)
		return -1;
	/* Offset ignored, size rounded up: [start, start + ALIGN_UP(size)) */
	span_m1 = ALIGN_DOWN(size - 1, gran) + gran - 1;
	if (start > ia_last(&pt->geom) || span_m1 > ia_last(&pt->geom) - start)
		return -1;
	return walk_range(pt, pt->root, start, start + span_m1, w);
}

/* --- map / unmap ----------------------------------------------------- */

struct range_arg {
	u64 ia;	  /* first input address of the request */
	u64 last; /* last input address, inclusive */
	u64 pa;	  /* output address for 'ia' (map only) */
	unsigned prot;
};

static bool entry_inside(const struct pt_visit_ctx *ctx,
			 const struct range_arg *r)
{
	u64 last = ctx->addr + (level_size(ctx->pt, ctx->level) - 1);

	return ctx->addr >= r->ia && last <= r->last;
}

/* BBM steps 1-2: the entry is valid and about to change. */
static void break_pte(const struct pt_visit_ctx *ctx)
{
	const struct pt_mm_ops *mm = ctx->pt->mm;

	pte_write(ctx->ptep, 0);
	if (mm->tlb_inval)
		mm->tlb_inval(mm->ctx, ctx->addr, ctx->level);
}

static int install_table(const struct pt_visit_ctx *ctx, u64 *table)
{
	const struct pt_mm_ops *mm = ctx->pt->mm;
	pa_t tpa = mm->virt_to_phys(mm->ctx, table);

	if (pte_valid(ctx->old))
		break_pte(ctx);
	pte_write(ctx->ptep, pt_table_desc(ctx->pt, tpa));
	return 0;
}

/*
 * Replace a block by a table that maps exactly the same thing, built in
 * full before it becomes visible so the only transient state is the BBM
 * hole. The walker then descends into it.
 */
static int split_block(const struct pt_visit_ctx *ctx)
{
	const struct pt *pt = ctx->pt;
	const struct pt_mm_ops *mm = pt->mm;
	int clevel = ctx->level + 1;
	u64 attrs = ctx->old & ~(oa_field(pt) | DESC_TYPE_MASK);
	u64 base = pa_addr(pt_desc_pa(pt, ctx->old, ctx->level));
	u64 csize = level_size(pt, clevel);
	u64 type = clevel == 3 ? DESC_TYPE_MASK : PT_DESC_VALID;
	unsigned cshift = pt_level_shift(&pt->geom, clevel);
	u64 i, *table;

	if (clevel > 3 || (clevel < 3 && !pt_level_allows_block(pt, clevel)))
		return PT_EINVAL;
	table = mm->zalloc_page(mm->ctx);
	if (!table)
		return PT_ENOMEM;
	for (i = 0; i < BIT(pt->geom.stride); i++)
		table[i] =
			attrs | type | oa_encode(pt, base + i * csize, cshift);
	return install_table(ctx, table);
}

static int set_leaf(const struct pt_visit_ctx *ctx, u64 new)
{
	if (ctx->old == new)
		return 0;
	if (pte_valid(ctx->old))
		break_pte(ctx);
	pte_write(ctx->ptep, new);
	return 0;
}

/* Output address the request puts at 'addr', if it is not below PA 0. */
static bool map_pa_at(const struct range_arg *m, u64 addr, u64 *out)
{
	if (addr >= m->ia) {
		*out = m->pa + (addr - m->ia);
		return true;
	}
	if (m->ia - addr > m->pa)
		return false;
	*out = m->pa - (m->ia - addr);
	return true;
}

static int map_visit(struct pt_visit_ctx *ctx)
{
	const struct pt *pt = ctx->pt;
	const struct pt_mm_ops *mm = pt->mm;
	struct range_arg *m = ctx->arg;
	u64 size = level_size(pt, ctx->level);
	u64 opa, *table;

	/* Largest legal leaf: level allows it, whole entry in range, IA (by
	 * construction) and PA aligned to the entry size. */
	if ((ctx->level == 3 || pt_level_allows_block(pt, ctx->level)) &&
	    entry_inside(ctx, m)) {
		opa = m->pa + (ctx->addr - m->ia);
		if (IS_ALIGNED(opa, size))
			return set_leaf(ctx, pt_leaf_desc(pt, pa(opa), m->prot,
							  ctx->level));
	}
	if (ctx->level >= 3)
		return PT_EINVAL; /* unreachable with granule-aligned args */
	if (pte_valid(ctx->old)) {
		/* A block that already maps the request here stays whole. */
		if (map_pa_at(m, ctx->addr, &opa) && IS_ALIGNED(opa, size) &&
		    pt_leaf_desc(pt, pa(opa), m->prot, ctx->level) == ctx->old)
			return 0;
		return split_block(ctx);
	}
	table = mm->zalloc_page(mm->ctx);
	if (!table)
		return PT_ENOMEM;
	return install_table(ctx, table);
}

static int unmap_visit(struct pt_visit_ctx *ctx)
{
	struct range_arg *u = ctx->arg;

	if (!pte_valid(ctx->old))
		return 0;
	if (entry_inside(ctx, u)) {
		break_pte(ctx);
		return 0;
	}
	/* A block straddling the range edge: keep the part outside. */
	return split_block(ctx);
}

static bool range_ok(const struct pt *pt, u64 ia, u64 size)
{
	u64 gran = pt_granule(&pt->geom), last = ia_last(&pt->geom);

	if (!pt->root || !pt->mm || !size)
		return false;
	if (!IS_ALIGNED(ia, gran) || !IS_ALIGNED(size, gran))
		return false;
	return ia <= last && size - 1 <= last - ia;
}

/*
 * Only LEAF visits: an existing table is descended into and reused, never
 * collapsed into a block, because tables are freed only by pt_destroy().
 */
enum pt_result pt_map(struct pt *pt, u64 ia, pa_t pa, u64 size, unsigned prot)
{
	struct range_arg m = {.ia = ia, .pa = pa_addr(pa), .prot = prot};
	int ret;
	struct pt_walker w = {
		.cb = map_visit,
		.arg = &m,
		.flags = PT_VISIT_LEAF,
	};

	if (!range_ok(pt, ia, size) || !prot_ok(pt, prot))
		return PT_EINVAL;
	if (!pa_aligned(pa, pt_granule(&pt->geom)) || m.pa > oa_last(pt) ||
	    size - 1 > oa_last(pt) - m.pa)
		return PT_EINVAL;
	m.last = ia + (size - 1);
	ret = walk_range(pt, pt->root, ia, m.last, &w);
	pt_publish();
	return (enum pt_result)ret;
}

enum pt_result pt_unmap(struct pt *pt, u64 ia, u64 size)
{
	struct range_arg u = {.ia = ia};
	int ret;
	struct pt_walker w = {
		.cb = unmap_visit,
		.arg = &u,
		.flags = PT_VISIT_LEAF,
	};

	if (!range_ok(pt, ia, size))
		return PT_EINVAL;
	u.last = ia + (size - 1);
	ret = walk_range(pt, pt->root, ia, u.last, &w);
	pt_publish();
	return (enum pt_result)ret;
}

/* --- lookup ---------------------------------------------------------- */

struct lookup_arg {
	u64 pte;
	int level;
};

static int lookup_visit(struct pt_visit_ctx *ctx)
{
	struct lookup_arg *a = ctx->arg;

	a->pte = ctx->old;
	a->level = ctx->level;
	return 0;
}

int pt_lookup(const struct pt *pt, u64 ia, pa_t *out_pa, unsigned *out_prot,
	      int *out_level)
{
	struct lookup_arg a = {.pte = 0, .level = pt->geom.start_level};
	struct pt_walker w = {
		.cb = lookup_visit,
		.arg = &a,
		.flags = PT_VISIT_LEAF,
	};
	u64 off;

	/* One granule: exactly one leaf or invalid entry is visited. */
	if (pt_walk(pt, ia, 1, &w) || !pte_valid(a.pte)) {
		if (out_level)
			*out_level = a.level;
		return -1;
	}
	off = ia & (level_size(pt, a.level) - 1);
	if (out_pa)
		*out_pa = pa_add(pt_desc_pa(pt, a.pte, a.level), off);
	if (out_prot)
		*out_prot = prot_of_desc(pt, a.pte);
	if (out_level)
		*out_level = a.level;
	return 0;
}

/* --- setup and teardown ---------------------------------------------- */

void pt_init_with_root(struct pt *pt, const struct pt_geom *g, enum pt_regime r,
		       const struct pt_mm_ops *mm, u64 *root)
{
	pt->geom = *g;
	pt->regime = r;
	pt->mm = mm;
	pt->root = root;
	pt->root_pa = mm->virt_to_phys(mm->ctx, root);
	pt->owns_root = false;
}

enum pt_result pt_init(struct pt *pt, const struct pt_geom *g, enum pt_regime r,
		       const struct pt_mm_ops *mm)
{
	struct pt_geom chk;
	u64 *root;

	if (r != PT_EL2_S1 && r != PT_S2)
		return PT_EINVAL;
	/* Only geometries pt_geom_init would produce, and one-page roots:
	 * the allocator cannot give contiguous pages. */
	if (pt_geom_init(&chk, g->gran_shift, g->ia_bits, g->start_level) ||
	    chk.root_bits != g->root_bits || chk.stride != g->stride ||
	    g->root_bits > g->stride)
		return PT_EINVAL;
	root = mm->zalloc_page(mm->ctx);
	if (!root)
		return PT_ENOMEM;
	pt_init_with_root(pt, g, r, mm, root);
	pt->owns_root = true;
	return PT_OK;
}

/* Post-order, so a table is freed only after everything below it. */
static int destroy_visit(struct pt_visit_ctx *ctx)
{
	const struct pt_mm_ops *mm = ctx->pt->mm;
	void *table = mm->phys_to_virt(
		mm->ctx, pt_desc_pa(ctx->pt, ctx->old, ctx->level));

	pte_write(ctx->ptep, 0);
	mm->free_page(mm->ctx, table);
	return 0;
}

void pt_destroy(struct pt *pt)
{
	struct pt_walker w = {
		.cb = destroy_visit,
		.flags = PT_VISIT_TABLE_POST,
	};
	const struct pt_mm_ops *mm = pt->mm;
	u64 *root = pt->root;

	if (!mm)
		return; /* already destroyed */
	if (!root)
		return;
	walk_range(pt, root, 0, ia_last(&pt->geom), &w);
	if (pt->owns_root)
		mm->free_page(mm->ctx, root);
	pt->root = NULL;
	pt->root_pa = pa(0);
	pt->mm = NULL;
}
