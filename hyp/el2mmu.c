/* hyp/el2mmu.c - builds the EL2 boot and runtime table sets and checks the
 * result with the hardware. */
#include <string.h>

#include "hyp/pgtable.h"
#include "lib/pool.h"
#include "hyp/decode.h"
#include "hyp/el2mmu.h"
#include "hyp/hyp.h"
#include "hyp/layout.h"
#include "hyp/sysreg.h"
#include "lib/log.h"

extern char __image_start[], __image_end[], __text_end[];
extern char __idmap_text_start[], __idmap_text_end[];
extern char __rodata_start[], __rodata_end[], __data_start[], __bss_end[];
extern char __boot_stack_base[], __boot_stack_top[];
extern char __runtime_stack_base[], __runtime_stack_top[];
extern char __panic_stack_base[], __panic_stack_top[];
extern char __pool_start[], __pool_end[];
extern char el2_vectors[];
extern char __cpu_stacks_base[];
extern char el2_mmu_switch[], el2_secondary_entry[];

struct page_pool el2_pool;
static struct pt boot_pt, runtime_pt;
static struct mmu_switch sw;
static struct {
	pa_t image;	/* load PA of __image_start */
	pa_t init_page; /* PA of the page the init code runs from */
	pa_t uart;
	bool bounced;
	unsigned levels;
} st;

/*
 * The EL2 table pages as they stand at the switch: both sets are complete
 * then (windows included), nothing else has come out of the pool yet, and
 * they never change afterwards. Listed from the pool's bitmap, not walked.
 */
static pa_t table_pages[POOL_MAX_PAGES];
static unsigned nr_table_pages;

/* Link VA minus load PA: converts image PAs to runtime VAs. */
static s64 image_va_offset(void)
{
	return (s64)(MV_LINK_VA - pa_addr(st.image));
}

/* Tables are only changed before the MMU is on: nothing to invalidate. */
static void mm_tlb_inval(void *ctx, u64 ia, int level)
{
	(void)ctx;
	(void)ia;
	(void)level;
}

static const struct pt_mm_ops el2_mm = {
	.zalloc_page = pool_mm_zalloc_page,
	.free_page = pool_mm_free_page,
	.phys_to_virt = pool_mm_p2v,
	.virt_to_phys = pool_mm_v2p,
	.tlb_inval = mm_tlb_inval,
	.ctx = &el2_pool,
};

/* PA of an image symbol while running at the load PA (MMU off). */
static pa_t image_pa(const void *sym)
{
	return pa((u64)(uintptr_t)sym);
}

static int map_image_range(const char *what, const void *start, const void *end,
			   unsigned prot)
{
	pa_t p = image_pa(start);
	u64 size = (u64)((const char *)end - (const char *)start);
	int ret;

	if (!size)
		return 0;
	ret = pt_map(&runtime_pt, pa_addr(p) + image_va_offset(), p, size,
		     prot);
	if (ret)
		pr_err("cannot map %s (PA %#llx, %llu bytes) at EL2: %s", what,
		       (unsigned long long)pa_addr(p), (unsigned long long)size,
		       ret == -2 ? "table pool exhausted" : "bad range");
	return ret;
}

/* The other CPUs' stacks, their guard pages left unmapped. */
#define CPU_STACK_SIZE ALIGN_UP(MV_RUNTIME_STACK_SIZE, MV_PAGE_SIZE)
#define CPU_STACK_STEP (MV_PAGE_SIZE + CPU_STACK_SIZE)

static char *cpu_stack_base(unsigned cpu)
{
	return __cpu_stacks_base + (cpu - 1) * CPU_STACK_STEP + MV_PAGE_SIZE;
}

static int map_cpu_stacks(void)
{
	for (unsigned cpu = 1; cpu < MV_MAX_CPUS; cpu++) {
		char *base = cpu_stack_base(cpu);

		if (map_image_range("a CPU's stack", base,
				    base + CPU_STACK_SIZE, PT_R | PT_W))
			return -1;
	}
	return 0;
}

static int map_init_page(struct pt *pt, u64 va)
{
	int ret = pt_map(pt, va, st.init_page, MV_PAGE_SIZE, PT_R | PT_X);

	if (ret)
		pr_err("cannot map the init page at VA %#llx",
		       (unsigned long long)va);
	return ret;
}

static u64 tcr_value(u64 parange_bits)
{
	/* PS: the CPU's PA size, capped at 48 bits (no LPA descriptors). */
	u64 ps = (u64)decode_pa_size_enc(parange_bits < 48 ? parange_bits : 48);

	return TCR_EL2_RES1 | TCR_T0SZ(MV_VA_BITS) | TCR_IRGN0_WBWA |
	       TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0(MV_GRANULE_SHIFT) |
	       (ps << TCR_EL2_PS_SHIFT);
}

struct mmu_switch *el2mmu_prepare(u64 parange_bits, pa_t uart,
				  void (*entry)(u64), u64 arg)
{
	struct pt_geom g;
	pa_t code = image_pa(__idmap_text_start);
	u64 code_size = (u64)(__idmap_text_end - __idmap_text_start);
	u64 page_mask = MV_PAGE_SIZE - 1;

	st.image = image_pa(__image_start);
	st.uart = uart;
	if (pool_init(&el2_pool, image_pa(__pool_start), MV_PAGE_SIZE,
		      (unsigned)((__pool_end - __pool_start) / MV_PAGE_SIZE))) {
		pr_err("the EL2 table pool is misconfigured");
		return NULL;
	}
	if (pt_geom_s1(&g, MV_GRANULE_SHIFT, MV_VA_BITS)) {
		pr_err("no EL2 stage-1 geometry for this granule");
		return NULL;
	}
	st.levels = 4 - g.start_level;

	/* The init code must sit in one page: it is all that the boot set
	 * maps. If the link put it across a boundary, run a copy. */
	if ((pa_addr(code) & ~page_mask) !=
	    ((pa_addr(code) + code_size - 1) & ~page_mask)) {
		pa_t bounce;

		if (code_size > MV_PAGE_SIZE ||
		    pool_alloc(&el2_pool, 1, MV_PAGE_SIZE, &bounce)) {
			pr_err("the EL2 init code crosses a page boundary and "
			       "no bounce page is available");
			return NULL;
		}
		memcpy(pool_va(&el2_pool, bounce), __idmap_text_start,
		       code_size);
		st.init_page = bounce;
		st.bounced = true;
	} else {
		st.init_page = pa(pa_addr(code) & ~page_mask);
	}

	/* Identity-mapping the init page must not collide with the
	 * trampoline, and the PA must be a valid 48-bit VA. */
	if (pa_addr(st.init_page) >= BIT(MV_VA_BITS) - MV_PAGE_SIZE ||
	    pa_addr(st.init_page) == MV_TRAMPOLINE_VA ||
	    (pa_addr(st.init_page) >= MV_DEVICE_VA &&
	     pa_addr(st.init_page) <
		     (u64)MV_LINK_VA + (u64)(__image_end - __image_start))) {
		pr_err("the init page at PA %#llx cannot be identity-mapped "
		       "beside the EL2 layout",
		       (unsigned long long)pa_addr(st.init_page));
		return NULL;
	}

	if (pt_init(&boot_pt, &g, PT_EL2_S1, &el2_mm) ||
	    pt_init(&runtime_pt, &g, PT_EL2_S1, &el2_mm)) {
		pr_err("EL2 table pool exhausted");
		return NULL;
	}
	/* Boot set: the init page twice. Runtime set: the same trampoline
	 * descriptor, then everything the microvisor runs on. */
	if (map_init_page(&boot_pt, pa_addr(st.init_page)) ||
	    map_init_page(&boot_pt, MV_TRAMPOLINE_VA) ||
	    map_init_page(&runtime_pt, MV_TRAMPOLINE_VA) ||
	    map_image_range("text", __image_start, __text_end, PT_R | PT_X) ||
	    map_image_range("rodata", __rodata_start, __rodata_end, PT_R) ||
	    map_image_range(
		    "data", __data_start,
		    (void *)ALIGN_UP((u64)(uintptr_t)__bss_end, MV_PAGE_SIZE),
		    PT_R | PT_W) ||
	    map_image_range("boot stack", __boot_stack_base, __boot_stack_top,
			    PT_R | PT_W) ||
	    map_image_range("stack", __runtime_stack_base, __runtime_stack_top,
			    PT_R | PT_W) ||
	    map_image_range("panic stack", __panic_stack_base,
			    __panic_stack_top, PT_R | PT_W) ||
	    map_image_range("table pool", __pool_start, __pool_end,
			    PT_R | PT_W) ||
	    map_cpu_stacks())
		return NULL;
	if (pt_map(&runtime_pt, MV_DEVICE_VA, pa(pa_addr(uart) & ~page_mask),
		   MV_PAGE_SIZE, PT_R | PT_W | PT_DEVICE)) {
		pr_err("cannot map the console at EL2");
		return NULL;
	}

	pr_info("EL2 stage 1: %lluK granule, %u-bit VA, %u levels; image "
		"PA %#llx linked at VA %#llx",
		(unsigned long long)(MV_PAGE_SIZE >> 10), MV_VA_BITS, st.levels,
		(unsigned long long)pa_addr(st.image),
		(unsigned long long)MV_LINK_VA);
	if (st.bounced)
		pr_info("init code PA %#llx-%#llx crosses a page boundary: "
			"running a bounce copy at PA %#llx",
			(unsigned long long)pa_addr(code),
			(unsigned long long)(pa_addr(code) + code_size),
			(unsigned long long)pa_addr(st.init_page));
	pr_info("boot tables at PA %#llx: init page PA %#llx mapped by "
		"identity and at trampoline VA %#llx",
		(unsigned long long)pa_addr(boot_pt.root_pa),
		(unsigned long long)pa_addr(st.init_page),
		(unsigned long long)MV_TRAMPOLINE_VA);
	pr_info("runtime tables at PA %#llx (%u table pages in use)",
		(unsigned long long)pa_addr(runtime_pt.root_pa), el2_pool.used);

	sw.boot_ttbr = pa_addr(boot_pt.root_pa);
	sw.runtime_ttbr = pa_addr(runtime_pt.root_pa);
	sw.tcr = tcr_value(parange_bits);
	sw.mair = MAIR_EL2_VALUE;
	sw.sctlr = SCTLR_EL2_RUN;
	sw.trampoline_va = MV_TRAMPOLINE_VA;
	sw.entry_va =
		pa_addr(image_pa((const void *)entry)) + image_va_offset();
	sw.sp_va = pa_addr(image_pa(__runtime_stack_top)) + image_va_offset();
	sw.vbar_va = pa_addr(image_pa(el2_vectors)) + image_va_offset();
	sw.arg = arg;
	/* The boot CPU's way in: el2_mmu_switch, wherever it lies in the
	 * init code (a bounce copy keeps the code's layout). */
	sw.init_pa = pa_addr(st.init_page) +
		     (st.bounced ? 0 : (pa_addr(code) & page_mask)) +
		     (u64)(el2_mmu_switch - __idmap_text_start);
	return &sw;
}

static void *map_window(const char *what, u64 va, pa_t base, u64 size,
			unsigned prot)
{
	u64 page = MV_PAGE_SIZE;
	pa_t start = pa_align_down(base, page);
	u64 len = ALIGN_UP(pa_addr(base) + size, page) - pa_addr(start);
	u64 at = ALIGN_DOWN(va, page);

	if (pt_map(&runtime_pt, at, start, len, prot)) {
		pr_err("cannot map %s (PA %#llx, %llu bytes) at EL2", what,
		       (unsigned long long)pa_addr(base),
		       (unsigned long long)size);
		return NULL;
	}
	return (void *)(uintptr_t)(at + pa_diff(base, start));
}

void *el2mmu_map_window(const char *what, u64 va, pa_t base, u64 size)
{
	return map_window(what, va, base, size, PT_R | PT_W);
}

void *el2mmu_map_device(const char *what, u64 va, pa_t base, u64 size)
{
	return map_window(what, va, base, size, PT_R | PT_W | PT_DEVICE);
}

pa_t el2mmu_image_va_to_pa(const void *va)
{
	return pa((u64)(uintptr_t)va - (u64)image_va_offset());
}

pa_t el2mmu_secondary(unsigned cpu, void (*entry)(u64), u64 arg,
		      struct mmu_switch *out)
{
	*out = sw;
	out->entry_va = (u64)(uintptr_t)entry;
	out->sp_va = (u64)(uintptr_t)(cpu_stack_base(cpu) + CPU_STACK_SIZE);
	out->arg = arg;
	/* Read with its MMU and caches off. */
	hyp_dcache_clean(out, sizeof(*out));
	return pa(sw.init_pa + (u64)(el2_secondary_entry - el2_mmu_switch));
}

pa_t el2mmu_image_pa(void)
{
	return st.image;
}

u64 el2mmu_image_size(void)
{
	return (u64)(__image_end - __image_start);
}

void el2mmu_runtime_fixup(void)
{
	/* Pointers made before the switch held PAs. */
	el2_pool.va_offset = image_va_offset();
	boot_pt.root = pool_va(&el2_pool, boot_pt.root_pa);
	boot_pt.mm = &el2_mm;
	runtime_pt.root = pool_va(&el2_pool, runtime_pt.root_pa);
	runtime_pt.mm = &el2_mm;
	nr_table_pages = pool_used_pages(&el2_pool, table_pages,
					 ARRAY_SIZE(table_pages));
}

unsigned el2mmu_table_pages(const void **pages, unsigned max)
{
	for (unsigned i = 0; i < nr_table_pages && i < max; i++)
		pages[i] = pool_va(&el2_pool, table_pages[i]);
	return nr_table_pages;
}

void *el2mmu_uart_va(void)
{
	return (void *)(uintptr_t)(MV_DEVICE_VA +
				   (pa_addr(st.uart) & (MV_PAGE_SIZE - 1)));
}

/* Hardware translation of one VA: returns PAR_EL1. */
static u64 at_s1e2(u64 va, bool write)
{
	if (write)
		asm volatile("at s1e2w, %0" : : "r"(va));
	else
		asm volatile("at s1e2r, %0" : : "r"(va));
	isb();
	return read_sysreg(par_el1);
}

int el2mmu_selfcheck(void)
{
	extern char __rodata_start[];
	static const struct {
		const char *what;
		int sym; /* 0 text, 1 rodata, 2 data, 3 guard */
		bool write;
		bool expect_ok;
	} checks[] = {
		{"text is readable", 0, false, true},
		{"text is not writable", 0, true, false},
		{"rodata is readable", 1, false, true},
		{"rodata is not writable", 1, true, false},
		{"data is writable", 2, true, true},
		{"the stack guard page is unmapped", 3, false, false},
	};
	u64 ttbr = read_sysreg(ttbr0_el2);

	pr_info("runtime tables active: TTBR0_EL2 %#llx (was boot tables "
		"%#llx), "
		"switched via trampoline VA %#llx; running at VA %#llx",
		(unsigned long long)ttbr,
		(unsigned long long)pa_addr(boot_pt.root_pa),
		(unsigned long long)MV_TRAMPOLINE_VA,
		(unsigned long long)(uintptr_t)__image_start);
	if (ttbr != pa_addr(runtime_pt.root_pa)) {
		pr_err("TTBR0_EL2 is not the runtime table set");
		return -1;
	}
	for (unsigned i = 0; i < ARRAY_SIZE(checks); i++) {
		const char *sym = checks[i].sym == 0   ? __image_start
				  : checks[i].sym == 1 ? __rodata_start
				  : checks[i].sym == 2
					  ? __data_start
					  : __runtime_stack_base - MV_PAGE_SIZE;
		u64 v = (u64)(uintptr_t)sym;
		u64 par = at_s1e2(v, checks[i].write);
		bool ok = !(par & 1);
		u64 want = v - image_va_offset();

		if (ok != checks[i].expect_ok ||
		    (ok && ((par & 0xfffffffff000ULL) !=
			    (want & 0xfffffffff000ULL)))) {
			pr_err("EL2 self-check failed: %s (VA %#llx, PAR "
			       "%#llx)",
			       checks[i].what, (unsigned long long)v,
			       (unsigned long long)par);
			return -1;
		}
	}
	pr_info("EL2 self-check: W^X and guard pages confirmed by the MMU "
		"(%u checks)",
		(unsigned)ARRAY_SIZE(checks));
	return 0;
}
