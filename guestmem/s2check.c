/* guestmem/s2check.c - the stage-2 self-check: a throwaway table of the guest's
 * geometry, translated by the MMU at sampled IPAs. */
#include "guestmem/rma.h"
#include "guestmem/s2check.h"
#include "hyp/s2hw.h"
#include "lib/log.h"

struct sample {
	u64 ipa;
	bool mapped;
};

static unsigned collect_samples(const struct s2_geom *g, u64 size, u64 seg,
				struct sample *s, unsigned max)
{
	u64 gran = 1ULL << g->gran_shift, base = RMA_GUEST_IPA;
	u64 end = base + size, top = 1ULL << g->ia_bits;
	unsigned n = 0;

#define ADD(a, m)                                                              \
	do {                                                                   \
		if (n < max)                                                   \
			s[n++] = (struct sample){(a), (m)};                    \
	} while (0)
	ADD(base, true);
	ADD(base + 0x123 * 8, true);
	ADD(end - gran, true);
	ADD(base + size / 2, true);
	/* Both sides of the first few segment boundaries. */
	for (u64 b = base + seg; b < end && b < base + 4 * seg; b += seg) {
		ADD(b - gran, true);
		ADD(b, true);
	}
	ADD(base - gran, false);
	ADD(end, false);
	ADD(0, false);
	ADD(top - gran, false);
	/* Where the hardware root's concatenated pages meet, if inside. */
	if (g->root_pages > 1) {
		u64 page_span = top / g->root_pages;
		ADD(page_span - gran,
		    page_span - gran >= base && page_span - gran < end);
		ADD(page_span, page_span >= base && page_span < end);
	}
#undef ADD
	return n;
}

int s2check_run(const struct s2_geom *g, pa_t base, u64 size,
		const struct s2_alloc *a, unsigned *map_pages)
{
	unsigned before = s2hw_pages_used(), n, ok = 0;
	struct sample s[24];
	struct s2_table t;
	u64 seg = 1ULL << (2 * g->gran_shift - 3);
	int ret = -1;

	if (s2_create(&t, g, a)) {
		pr_err("stage-2 self-check: no table memory");
		return -1;
	}
	if (s2_map(&t, ipa(RMA_GUEST_IPA), base, size, PT_R | PT_W | PT_X)) {
		pr_err("stage-2 self-check: cannot map the RMA");
		goto out;
	}
	*map_pages = s2hw_pages_used() - before;
	n = collect_samples(g, size, seg, s, ARRAY_SIZE(s));
	s2hw_activate(g->vtcr, s2_vttbr(&t, S2HW_VMID));
	for (unsigned i = 0; i < n; i++) {
		pa_t got;
		int r = s2hw_translate(ipa(s[i].ipa), &got);
		pa_t want = pa_add(base, s[i].ipa - RMA_GUEST_IPA);

		if (s[i].mapped ? (r || pa_addr(got) != pa_addr(want)) : !r) {
			pr_err("stage-2 self-check: IPA %#llx %s (AT S12E1R %s "
			       "%#llx)",
			       (unsigned long long)s[i].ipa,
			       s[i].mapped ? "should map the RMA"
					   : "should fault",
			       r ? "faulted" : "gave PA",
			       (unsigned long long)(r ? 0 : pa_addr(got)));
			goto out;
		}
		ok++;
	}
	ret = (int)ok;
out:
	s2_destroy(&t);
	s2hw_deactivate();
	if (s2hw_pages_used() != before) {
		pr_err("stage-2 self-check: %u table page(s) leaked",
		       s2hw_pages_used() - before);
		return -1;
	}
	return ret;
}
