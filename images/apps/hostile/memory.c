/* images/apps/hostile/memory.c - attacks by address: loads, stores and jumps to IPAs in and around guest RAM, a runaway stack, exceptions with no vectors. */
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include "hostile.h"

/*
 * The runtime's stage-1 identity map covers [0, 8G): Normal memory,
 * executable, for [1G, 4G) (guest RAM lies there), Device and
 * execute-never elsewhere. Beyond 8G, and for fetches outside [1G, 4G),
 * an access would fault at stage 1 inside the appliance and never reach
 * the microvisor, so those go out with stage 1 turned off (asm.S): the
 * address is then the IPA itself and the access must be aligned.
 *
 * What each access shows, by where it lands:
 *   inside guest RAM (the microvisor's PA 0x40200000, QEMU's DTB/initrd
 *     PA 0x48000000, the last byte): the guest's own memory; it reads as
 *     zero where nothing was loaded and keeps what was written;
 *   outside it (below, at or above the end, other RMAs, device MMIO,
 *     the top of the IPA space): a stage-2 fault; the microvisor ends
 *     the guest with a report naming the IPA and the region it missed;
 *   in the pages of a device given to it (passthrough=): the device.
 */
#define S1_MAP_END    (8ULL << 30)
#define S1_EXEC_START (1ULL << 30)
#define S1_EXEC_END   (4ULL << 30)

#define PATTERN 0x686f7374696c6521ULL /* "hostile!" */

struct access {
	uint64_t addr;
	unsigned size; /* 1, 2, 4, 8, or 16 for a load/store pair */
	bool phys;     /* with stage 1 off */
};

static int parse_access(int argc, char **argv, struct access *a)
{
	uint64_t size = 8;
	int i;

	a->phys = false;
	if (argc < 1 || hostile_parse_addr(argv[0], &a->addr)) {
		say("need an address: a number, base[-+N] or end[-+N]");
		return -1;
	}
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "phys"))
			a->phys = true;
		else if (hostile_parse_u64(argv[i], &size) ||
			 (size != 1 && size != 2 && size != 4 && size != 8 &&
			  size != 16)) {
			say("bad size '%s': 1, 2, 4, 8 or 16", argv[i]);
			return -1;
		}
	}
	a->size = (unsigned)size;
	if (a->addr + a->size - 1 >= S1_MAP_END || a->addr + a->size < a->addr)
		a->phys = true;
	return 0;
}

static const char *how(const struct access *a)
{
	return a->phys ? "stage 1 off (Device-nGnRnE)"
		       : "through the runtime's stage-1 identity map";
}

/* Exactly one load or store instruction of the given size. */
static uint64_t s1_load(uint64_t addr, unsigned size)
{
	uint64_t v, w;

	switch (size) {
	case 1:
		asm volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
		return v;
	case 2:
		asm volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
		return v;
	case 4:
		asm volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
		return v;
	case 16:
		asm volatile("ldp %0, %1, [%2]"
			     : "=&r"(v), "=&r"(w)
			     : "r"(addr)
			     : "memory");
		return v ^ w;
	default:
		asm volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
		return v;
	}
}

static void s1_store(uint64_t addr, unsigned size, uint64_t v)
{
	switch (size) {
	case 1:
		asm volatile("strb %w0, [%1]" : : "r"(v), "r"(addr) : "memory");
		break;
	case 2:
		asm volatile("strh %w0, [%1]" : : "r"(v), "r"(addr) : "memory");
		break;
	case 4:
		asm volatile("str %w0, [%1]" : : "r"(v), "r"(addr) : "memory");
		break;
	case 16:
		asm volatile("stp %0, %0, [%1]"
			     :
			     : "r"(v), "r"(addr)
			     : "memory");
		break;
	default:
		asm volatile("str %0, [%1]" : : "r"(v), "r"(addr) : "memory");
		break;
	}
}

static uint64_t do_load(const struct access *a)
{
	return a->phys ? hostile_phys_load(a->addr, a->size)
		       : s1_load(a->addr, a->size);
}

static void do_store(const struct access *a, uint64_t v)
{
	if (a->phys)
		hostile_phys_store(a->addr, a->size, v);
	else
		s1_store(a->addr, a->size, v);
}

static uint64_t size_mask(unsigned size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

int attack_read(int argc, char **argv)
{
	struct access a;
	uint64_t v;

	if (parse_access(argc, argv, &a))
		return 2;
	say("loading %u byte%s at IPA 0x%" PRIx64 " %s", a.size,
	    a.size == 1 ? "" : "s", a.addr, how(&a));
	v = do_load(&a);
	say("read 0x%" PRIx64 "%s at IPA 0x%" PRIx64 ": the load completed", v,
	    a.size == 16 ? " (both words XORed)" : "", a.addr);
	return 0;
}

int attack_write(int argc, char **argv)
{
	struct access a;
	uint64_t want, got;

	if (parse_access(argc, argv, &a))
		return 2;
	want = (PATTERN ^ a.addr) & size_mask(a.size);
	say("storing %u byte%s (0x%" PRIx64 ") at IPA 0x%" PRIx64 " %s", a.size,
	    a.size == 1 ? "" : "s", want, a.addr, how(&a));
	do_store(&a, want);
	got = do_load(&a);
	if (a.size == 16)
		want = 0; /* both words hold the pattern: they XOR to zero */
	say("the store completed; read back 0x%" PRIx64 " (%s)", got,
	    got == want ? "what was written" : "NOT what was written");
	return got == want ? 0 : 1;
}

int attack_exec(int argc, char **argv)
{
	uint64_t addr;

	if (argc < 1 || hostile_parse_addr(argv[0], &addr)) {
		say("need an address");
		return 2;
	}
	if (addr >= S1_EXEC_START && addr < S1_EXEC_END) {
		say("branching to IPA 0x%" PRIx64 " through the runtime's "
		    "stage-1 identity map",
		    addr);
		((void (*)(void))(uintptr_t)addr)();
		say("the code at IPA 0x%" PRIx64 " returned", addr);
		return 1;
	}
	say("branching to IPA 0x%" PRIx64 " with stage 1 off", addr);
	hostile_phys_jump(addr);
}

/*
 * A64 "movz w0, #0x4d56; ret": the code the 'own' attack writes and
 * runs, to show an IPA inside guest RAM is executable guest memory.
 */
#define OWN_CODE_RESULT 0x4d56
static const uint32_t own_code[] = {
	0x52800000u | (OWN_CODE_RESULT << 5), /* movz w0, #0x4d56 */
	0xd65f03c0u,			      /* ret */
};

static void sync_icache(uint64_t addr, size_t len)
{
	for (uint64_t p = addr & ~63ULL; p < addr + len; p += 4)
		asm volatile("dc cvau, %0" : : "r"(p) : "memory");
	asm volatile("dsb ish" : : : "memory");
	for (uint64_t p = addr & ~63ULL; p < addr + len; p += 4)
		asm volatile("ic ivau, %0" : : "r"(p) : "memory");
	asm volatile("dsb ish; isb" : : : "memory");
}

/*
 * IPA addr is inside guest RAM, past the appliance's image: read it
 * (fresh guest RAM reads as zero; the microvisor's own code at that PA
 * would not), store a pattern and read it back, then write code there
 * and run it. Exit 0 only if all of that behaves like the guest's own
 * memory.
 */
int attack_own(int argc, char **argv)
{
	const struct mv_boot_info *bi = mv_boot_info();
	volatile uint64_t *p;
	uint64_t addr, before, want, got, ran;
	bool ok;

	if (argc < 1 || hostile_parse_addr(argv[0], &addr) || (addr & 63)) {
		say("need a 64-byte aligned address");
		return 2;
	}
	if (addr < bi->heap_start || addr + 64 > bi->heap_end) {
		say("IPA 0x%" PRIx64 " is not free guest RAM (free: 0x%" PRIx64
		    "-0x%" PRIx64 ")",
		    addr, bi->heap_start, bi->heap_end - 1);
		return 2;
	}
	p = (volatile uint64_t *)(uintptr_t)addr;
	before = p[0];
	want = PATTERN ^ addr;
	p[0] = want;
	asm volatile("dsb sy" : : : "memory");
	got = p[0];
	say("IPA 0x%" PRIx64 ": read 0x%" PRIx64 " before writing (%s), "
	    "wrote 0x%" PRIx64 ", read back 0x%" PRIx64,
	    addr, before,
	    before == 0 ? "zero, as fresh guest RAM reads" : "NOT zero", want,
	    got);

	memcpy((void *)(uintptr_t)(addr + 16), own_code, sizeof(own_code));
	sync_icache(addr + 16, sizeof(own_code));
	ran = ((uint64_t(*)(void))(uintptr_t)(addr + 16))() & 0xffff;
	say("IPA 0x%" PRIx64 ": ran code written there: it returned 0x%" PRIx64
	    " (%s)",
	    addr + 16, ran,
	    ran == OWN_CODE_RESULT ? "as written" : "NOT as written");

	ok = before == 0 && got == want && ran == OWN_CODE_RESULT;
	say("IPA 0x%" PRIx64 " %s", addr,
	    ok ? "is the appliance's own RAM: read, written and executed "
		 "as its own"
	       : "did NOT behave like the appliance's own RAM");
	return ok ? 0 : 1;
}

/*
 * An EL1 stack overflow. The runtime's stack has no guard page (an
 * overflow would run into the appliance's own .data), so to see what
 * happens when a stack runs out of guest RAM, the recursion runs on a
 * stack that starts 256 bytes above the first byte of guest RAM (over
 * the runtime's boot code, which has done its work). The first frame
 * pushed below IPA 0x40000000 is a store outside guest RAM: the
 * microvisor ends the guest with a data-abort report naming an IPA just
 * below 0x40000000 ("below guest RAM"); nothing outside the guest's RAM
 * is written and the microvisor's integrity check stays clean.
 */
static volatile unsigned depth;

static __attribute__((noinline)) unsigned dig(unsigned n)
{
	volatile char frame[48];

	frame[0] = (char)n;
	depth = n;
	if (n > 1000000)
		return n; /* unreachable: guest RAM ends long before */
	return dig(n + 1) + (unsigned)frame[0];
}

static void overflow(void)
{
	dig(1);
}

int attack_stack_overflow(int argc, char **argv)
{
	uint64_t sp = mv_boot_info()->ram_base + 256;

	(void)argc;
	(void)argv;
	say("recursing on a stack whose top is IPA 0x%" PRIx64
	    ", 256 bytes above the start of guest RAM",
	    sp);
	hostile_on_stack(sp, overflow);
	say("the recursion came back at depth %u: nothing stopped it", depth);
	return 1;
}

/*
 * VBAR_EL1 = 0 and an undefined instruction: the exception vectors to
 * IPA 0x200, below guest RAM. Stage 1 is off for this (at EL1 the
 * runtime maps 0x200 execute-never, and the resulting instruction abort
 * would vector to 0x200 again, forever); so the fetch faults at stage 2
 * and the microvisor ends the guest: "instruction fetch at IPA 0x200".
 */
int attack_vbar0(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	say("VBAR_EL1 = 0, stage 1 off, UDF: the exception vectors to IPA "
	    "0x200");
	hostile_vbar0_udf();
}

/*
 * The PrimeCell identification registers in the last 32 bytes of the
 * 4 KiB page at ADDR (peripheral ID 0-3, then cell ID 0-3, one byte in
 * the low bits of each word): a device given to the appliance
 * (passthrough=) answers with its own IDs, which shows its page is
 * mapped to the device itself. Exit 0 only for the PrimeCell cell ID
 * 0xb105f00d.
 */
#define PRIMECELL_CID 0xb105f00dU

int attack_primecell(int argc, char **argv)
{
	uint32_t pid = 0, cid = 0;
	uint64_t addr;

	if (argc < 1 || hostile_parse_addr(argv[0], &addr) || (addr & 0xfff)) {
		say("need the address of a 4 KiB page");
		return 2;
	}
	for (unsigned i = 0; i < 4; i++) {
		pid |= (hostile_mmio_rd32(addr + 0xfe0 + 4 * i) & 0xff)
		       << (8 * i);
		cid |= (hostile_mmio_rd32(addr + 0xff0 + 4 * i) & 0xff)
		       << (8 * i);
	}
	say("IPA 0x%" PRIx64 "-0x%" PRIx64 ": peripheral ID 0x%08" PRIx32
	    " (part 0x%03" PRIx32 ", designer 0x%02" PRIx32
	    ", revision %" PRIu32 "), cell ID 0x%08" PRIx32 " (%s)",
	    addr + 0xfe0, addr + 0xfff, pid, pid & 0xfff, (pid >> 12) & 0xff,
	    (pid >> 20) & 0xf, cid,
	    cid == PRIMECELL_CID ? "a PrimeCell: the device answers"
				 : "NOT a PrimeCell's");
	return cid == PRIMECELL_CID ? 0 : 1;
}
