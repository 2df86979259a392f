/* tests/unit/simmem.c - simulated physical memory for the stage-2 unit tests (fake PAs, leak counter, failure injection). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/simmem.h"

static void sim_die(const char *what, u64 x)
{
	printf("FAIL sim: %s %#llx\n", what, (unsigned long long)x);
	fflush(stdout);
	abort();
}

/* --- VA -> slot index: open addressing, keyed by page VA ---------------- */

static size_t vhash(uintptr_t k, size_t cap)
{
	u64 h = (u64)k * 0x9E3779B97F4A7C15ULL;

	return (size_t)(h >> 17) & (cap - 1);
}

static void vmap_put(struct sim_vmap *m, uintptr_t k, size_t v);

static void vmap_grow(struct sim_vmap *m)
{
	struct sim_vmap old = *m;

	m->cap = old.cap ? old.cap * 2 : 1024;
	m->used = 0;
	m->key = calloc(m->cap, sizeof(*m->key));
	m->val = calloc(m->cap, sizeof(*m->val));
	if (!m->key || !m->val)
		sim_die("calloc", m->cap);
	for (size_t i = 0; i < old.cap; i++)
		if (old.key[i] > 1)
			vmap_put(m, old.key[i], old.val[i]);
	free(old.key);
	free(old.val);
}

static void vmap_put(struct sim_vmap *m, uintptr_t k, size_t v)
{
	size_t i;

	if ((m->used + 1) * 2 > m->cap)
		vmap_grow(m);
	for (i = vhash(k, m->cap); m->key[i] > 1; i = (i + 1) & (m->cap - 1))
		if (m->key[i] == k)
			break;
	if (m->key[i] != k)
		m->used++;
	m->key[i] = k;
	m->val[i] = v;
}

static bool vmap_get(const struct sim_vmap *m, uintptr_t k, size_t *v)
{
	size_t i;

	if (!m->cap)
		return false;
	for (i = vhash(k, m->cap); m->key[i]; i = (i + 1) & (m->cap - 1))
		if (m->key[i] == k) {
			*v = m->val[i];
			return true;
		}
	return false;
}

static void vmap_del(struct sim_vmap *m, uintptr_t k)
{
	size_t i;

	if (!m->cap)
		return;
	for (i = vhash(k, m->cap); m->key[i]; i = (i + 1) & (m->cap - 1))
		if (m->key[i] == k) {
			m->key[i] = 1; /* tombstone: 'used' keeps counting it */
			return;
		}
}

/* --- slots ---------------------------------------------------------------- */

static void push(struct sim *s, char *va, enum sim_slot_state st, unsigned n)
{
	if (s->nslots == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->slots = realloc(s->slots, s->cap * sizeof(*s->slots));
		if (!s->slots)
			sim_die("realloc", s->cap);
	}
	s->slots[s->nslots] = (struct sim_slot){va, st, n};
	if (va)
		vmap_put(&s->vmap, (uintptr_t)va, s->nslots);
	s->nslots++;
}

static struct sim_slot *slot_of_pa(struct sim *s, u64 p)
{
	u64 idx;

	if (p < s->pa_base)
		return NULL;
	idx = (p - s->pa_base) >> s->gs;
	if (idx >= s->nslots || s->slots[idx].state == SIM_DEAD)
		return NULL;
	return &s->slots[idx];
}

static bool fail_now(struct sim *s)
{
	s->calls++;
	return s->fail_at && s->calls == s->fail_at;
}

void *sim_zalloc_page(void *ctx)
{
	struct sim *s = ctx;
	size_t gran = (size_t)1 << s->gs;
	char *p;

	if (fail_now(s))
		return NULL;
	p = aligned_alloc(gran, gran);
	if (!p)
		sim_die("aligned_alloc", gran);
	memset(p, 0, gran);
	push(s, p, SIM_PAGE, 1);
	s->live++;
	s->allocs++;
	return p;
}

void sim_free_page(void *ctx, void *page)
{
	struct sim *s = ctx;
	struct sim_vmap *m = &s->vmap;
	size_t i;

	if (!vmap_get(m, (uintptr_t)page, &i) ||
	    s->slots[i].state != SIM_PAGE) {
		s->bad++;
		return;
	}
	vmap_del(m, (uintptr_t)page);
	free(page);
	s->slots[i].state = SIM_DEAD;
	s->slots[i].va = NULL;
	s->live--;
}

void *sim_zalloc_pages(void *ctx, unsigned n, u64 align)
{
	struct sim *s = ctx;
	size_t gran = (size_t)1 << s->gs, bytes = (size_t)n << s->gs;
	u64 apages;
	char *p;

	/* A run must be aligned to (at least) its own size. */
	if (!n || (align & (align - 1)) || align < bytes || align < gran)
		s->bad_align++;
	if (fail_now(s))
		return NULL;
	p = aligned_alloc(gran, bytes);
	if (!p)
		sim_die("aligned_alloc", bytes);
	memset(p, 0, bytes);
	/* Pad the fake PA space so the run's PA is aligned to 'align'. */
	apages = align > gran ? align >> s->gs : 1;
	if (apages & (apages - 1))
		apages = 1;
	while (((s->pa_base >> s->gs) + s->nslots) % apages)
		push(s, NULL, SIM_DEAD, 0);
	s->last_run_pa = s->pa_base + ((u64)s->nslots << s->gs);
	s->last_run_n = n;
	s->last_run_align = align;
	push(s, p, SIM_RUN_HEAD, n);
	for (unsigned i = 1; i < n; i++)
		push(s, p + ((size_t)i << s->gs), SIM_RUN_TAIL, 0);
	s->live += n;
	s->live_runs++;
	s->allocs++;
	return p;
}

void sim_free_pages(void *ctx, void *va, unsigned n)
{
	struct sim *s = ctx;
	struct sim_vmap *m = &s->vmap;
	size_t i;

	if (!vmap_get(m, (uintptr_t)va, &i) ||
	    s->slots[i].state != SIM_RUN_HEAD || s->slots[i].run != n) {
		s->bad++;
		return;
	}
	for (unsigned k = 0; k < n; k++) {
		vmap_del(m, (uintptr_t)s->slots[i + k].va);
		s->slots[i + k].state = SIM_DEAD;
		s->slots[i + k].va = NULL;
	}
	free(va);
	s->live -= n;
	s->live_runs--;
}

void *sim_p2v(void *ctx, pa_t p)
{
	struct sim *s = ctx;
	struct sim_slot *sl = slot_of_pa(s, p.v);

	if (!sl)
		sim_die("phys_to_virt of unbacked PA", p.v);
	return sl->va + (p.v & ((1ULL << s->gs) - 1));
}

pa_t sim_v2p(void *ctx, void *va)
{
	struct sim *s = ctx;
	u64 gran = 1ULL << s->gs;
	uintptr_t v = (uintptr_t)va, page = v & ~(uintptr_t)(gran - 1);
	size_t i;

	if (!vmap_get(&s->vmap, page, &i) || s->slots[i].state == SIM_DEAD)
		sim_die("virt_to_phys of unknown VA", v);
	return pa(s->pa_base + ((u64)i << s->gs) + (v - page));
}

bool sim_read64(void *ctx, u64 p, u64 *val)
{
	struct sim *s = ctx;
	struct sim_slot *sl = slot_of_pa(s, p);

	if (!sl || (p & 7))
		return false;
	memcpy(val, sl->va + (p & ((1ULL << s->gs) - 1)), 8);
	return true;
}

bool sim_backed(struct sim *s, u64 p)
{
	return slot_of_pa(s, p) != NULL;
}

static void sim_tlb_inval(void *ctx, u64 ia, int level)
{
	struct sim *s = ctx;

	if ((size_t)s->tlbi < s->tlog_cap)
		s->tlog[s->tlbi] = (struct sim_tlbi){ia, level};
	s->tlbi++;
	if (s->tlbi_check && s->tlbi_check(s->tlbi_arg, ia, level))
		s->bbm_bad++;
}

void sim_log_tlbi(struct sim *s, size_t cap)
{
	free(s->tlog);
	s->tlog = calloc(cap ? cap : 1, sizeof(*s->tlog));
	if (!s->tlog)
		sim_die("calloc", cap);
	s->tlog_cap = cap;
	s->tlbi = 0;
}

void sim_init(struct sim *s, unsigned gs, u64 pa_base)
{
	memset(s, 0, sizeof(*s));
	s->gs = gs;
	s->pa_base = pa_base;
	s->ops = (struct pt_mm_ops){
		.zalloc_page = sim_zalloc_page,
		.free_page = sim_free_page,
		.phys_to_virt = sim_p2v,
		.virt_to_phys = sim_v2p,
		.tlb_inval = sim_tlb_inval,
		.ctx = s,
	};
}

long sim_fini(struct sim *s)
{
	long bad = s->live + s->bad + s->bad_align;
	struct sim_vmap *m = &s->vmap;

	for (size_t i = 0; i < s->nslots; i++)
		if (s->slots[i].state == SIM_PAGE ||
		    s->slots[i].state == SIM_RUN_HEAD)
			free(s->slots[i].va);
	free(s->slots);
	free(s->tlog);
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof(*m));
	s->slots = NULL;
	s->tlog = NULL;
	s->nslots = s->cap = 0;
	return bad;
}

/* --- register decoding ---------------------------------------------------- */

static u64 bits(u64 x, unsigned hi, unsigned lo)
{
	return (x >> lo) & (~0ULL >> (63 - (hi - lo)));
}

void vtcr_decode(u64 vtcr, struct vtcr_fields *f)
{
	static const unsigned ps_bits[8] = {32, 36, 40, 42, 44, 48, 52, 0};
	static const unsigned tg[4] = {4096, 65536, 16384, 0};

	f->t0sz = (unsigned)bits(vtcr, 5, 0);
	f->sl0 = (unsigned)bits(vtcr, 7, 6);
	f->irgn0 = (unsigned)bits(vtcr, 9, 8);
	f->orgn0 = (unsigned)bits(vtcr, 11, 10);
	f->sh0 = (unsigned)bits(vtcr, 13, 12);
	f->tg0 = (unsigned)bits(vtcr, 15, 14);
	f->ps = (unsigned)bits(vtcr, 18, 16);
	f->res1_31 = (unsigned)bits(vtcr, 31, 31);
	f->tg_bytes = tg[f->tg0];
	f->ps_bits = ps_bits[f->ps];
}

struct ref_cfg ref_cfg_s2(u64 vtcr, u64 ttbr, struct sim *s)
{
	struct vtcr_fields f;
	struct ref_cfg c;

	vtcr_decode(vtcr, &f);
	memset(&c, 0, sizeof(c));
	c.regime = REF_S2;
	c.tg_bytes = f.tg_bytes;
	c.t0sz = f.t0sz;
	c.sl0 = f.sl0;
	c.ps_bits = f.ps_bits;
	c.ttbr = ttbr;
	c.read64 = sim_read64;
	c.ctx = s;
	return c;
}

u64 sim_rnd(u64 *st)
{
	*st ^= *st >> 12;
	*st ^= *st << 25;
	*st ^= *st >> 27;
	return *st * 0x2545F4914F6CDD1DULL;
}
