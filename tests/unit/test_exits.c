/* tests/unit/test_exits.c - the exit handler (kernel/vcpu.c) on the host against the fake arch layer: faults, system registers, calls, WFx, crashes. */
#include "tests/unit/check.h"

#include "guestmem/vmmem.h"
#include "hyp/esr.h"
#include "hyp/fake/fake.h"
#include "hyp/s2hw.h"
#include "kernel/mvabi.h"
#include "kernel/vcpu.h"
#include "lib/log.h"

#define RAM_IPA	     0x40000000ULL
#define RMA_SIZE     (64ULL << 20)
#define ESR(ec, iss) (((u64)(ec) << 26) | ESR_IL | (iss))

/* ---- the console: every log line the code under test writes ---- */

static char logbuf[16384];
static size_t loglen;

static void log_sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	if (loglen + n >= sizeof(logbuf))
		n = sizeof(logbuf) - 1 - loglen;
	memcpy(logbuf + loglen, s, n);
	loglen += n;
	logbuf[loglen] = '\0';
}

static int no_input(void *ctx)
{
	(void)ctx;
	return -1;
}

/* ---- a guest with 64 MiB of RAM, as kernel/guest.c builds one ---- */

static struct boot_info bi;
static struct vm_mem mem;
static struct guest g;

static int setup(void)
{
	struct log_output out = {log_sink, no_input, NULL, NULL};
	struct vmmem_config c = {
		.rma_size = RMA_SIZE,
		.rma_count = 1,
		.store_max = 1 << 20,
	};

	fake_reset();
	loglen = 0;
	logbuf[0] = '\0';
	log_set_output(&out);
	log_set_level(MV_LOG_DEBUG);
	memset(&bi, 0, sizeof(bi));
	bi.mem[0] = (struct mem_range){pa(0x40000000), 1ULL << 30};
	bi.nr_mem = 1;
	bi.dtb = pa(0x48000000);
	bi.dtb_size = 0x1000;
	if (vmmem_boot(&bi, &c, 44, fake.mmfr0, pa(0x40200000), 0x100000) ||
	    vmmem_guest_create(&mem))
		return -1;
	memset(&g, 0, sizeof(g));
	g.gmap = &mem.gmap;
	g.ram_ipa = RAM_IPA;
	g.ram_size = mem.ram_size;
	g.cpu[0].vcpu.pc = RAM_IPA;
	g.cpu[0].vcpu.pstate = VCPU_PSTATE_RESET;
	return 0;
}

static void teardown(void)
{
	vmmem_guest_destroy(&mem);
}

/* The guest's steps: each test writes its own, step by step. */
struct script {
	unsigned step;
	u64 seen[8];
};
static struct script sc;

static void run(fake_guest_fn fn)
{
	memset(&sc, 0, sizeof(sc));
	fake.guest = fn;
	fake.guest_ctx = &sc;
	/* One vCPU, on this (the only) CPU, from the entry setup() set. */
	vcpu_guest_init(&g, 1, NULL, g.cpu[0].vcpu.pc, g.cpu[0].vcpu.x[0]);
	vcpu_cpu_loop(&g, 0);
	vcpu_sum_counts(&g);
}

static void hvc(struct vcpu *v, u64 id, u64 a1)
{
	v->x[0] = id;
	v->x[1] = a1;
	v->esr = ESR(EC_HVC64, 0);
}

static unsigned exit_with(struct vcpu *v, unsigned status)
{
	hvc(v, MV_EXIT, status);
	return GUEST_EXIT_SYNC;
}

/* A data abort at ipa (translation fault, level 3, a 4-byte write of
 * x1), as ESR/FAR/HPFAR report it. */
static unsigned dabt(struct vcpu *v, u64 at)
{
	v->esr = ESR(EC_DABT_LOW,
		     ISS_ISV | (2u << 22) | (1u << 16) | ISS_WNR | 0x07);
	v->far = 0x1234000 | (at & 0xfff);
	v->hpfar = (at >> 12) << 4;
	return GUEST_EXIT_SYNC;
}

/* ---- calls ---- */

static unsigned g_calls(struct vcpu *v, void *ctx)
{
	(void)ctx;
	switch (sc.step++) {
	case 0:
		v->x[5] = 0x5555;
		hvc(v, MV_SMCCC_VERSION, 0);
		return GUEST_EXIT_SYNC;
	case 1:
		sc.seen[0] = v->x[0];
		sc.seen[1] = v->x[5];
		sc.seen[2] = v->pc;
		/* A trapped SMC reports its own address: PC moves past it. */
		v->x[0] = MV_PSCI_VERSION;
		v->esr = ESR(EC_SMC64, 0);
		return GUEST_EXIT_SYNC;
	case 2:
		sc.seen[3] = v->x[0];
		sc.seen[4] = v->pc;
		/* An HVC with a non-zero immediate is not a call. */
		v->x[0] = MV_SMCCC_VERSION;
		v->esr = ESR(EC_HVC64, 0x42);
		return GUEST_EXIT_SYNC;
	case 3: sc.seen[5] = v->x[0]; return exit_with(v, 7);
	}
	abort();
}

static void test_hvc_dispatched(void)
{
	CHECK(setup() == 0);
	run(g_calls);
	CHECK_EQ_U64(sc.seen[0], 0x10001);
	CHECK_EQ_U64(sc.seen[1], 0x5555);  /* x4-x17 preserved */
	CHECK_EQ_U64(sc.seen[2], RAM_IPA); /* HVC: ELR is already past it */
	CHECK_EQ_U64(sc.seen[3], MV_PSCI_VERSION_1_1);
	CHECK_EQ_U64(sc.seen[4], RAM_IPA + 4);
	CHECK_EQ_U64(sc.seen[5], (u64)(s64)MV_SMCCC_NOT_SUPPORTED);
	CHECK_EQ_U64(g.end, GUEST_END_EXIT);
	CHECK_EQ_U64(g.status, 7);
	CHECK_EQ_U64(g.exits, 4);
	teardown();
}

static unsigned g_console(struct vcpu *v, void *ctx)
{
	(void)ctx;
	switch (sc.step++) {
	case 0:
		hvc(v, MV_CONSOLE_WRITE, 6);
		v->x[2] = 0x0a21696824;	  /* "$hi!\n" and a byte more */
		v->x[2] |= 0x1bULL << 40; /* ESC: shown escaped */
		return GUEST_EXIT_SYNC;
	case 1: sc.seen[0] = v->x[0]; return exit_with(v, 0);
	}
	abort();
}

static void test_console_write_marked(void)
{
	CHECK(setup() == 0);
	run(g_console);
	CHECK_EQ_U64(sc.seen[0], 6);
	CHECK_STR_CONTAINS(logbuf, "guest: $hi!\r\nguest: \\x1b");
	teardown();
}

static unsigned g_poweroff(struct vcpu *v, void *ctx)
{
	(void)ctx;
	hvc(v, sc.step++ ? MV_PSCI_SYSTEM_RESET : MV_PSCI_SYSTEM_OFF, 0);
	return GUEST_EXIT_SYNC;
}

static void test_psci_endings(void)
{
	CHECK(setup() == 0);
	run(g_poweroff);
	CHECK_EQ_U64(g.end, GUEST_END_POWEROFF);
	CHECK_EQ_U64(g.status, 0);
	CHECK_EQ_U64(sc.step, 1);
	CHECK(!strcmp(guest_end_name(g.end), "poweroff"));
	teardown();
}

/* ---- stage-2 faults go to gmap ---- */

static unsigned g_touch(struct vcpu *v, void *ctx)
{
	pa_t p;

	(void)ctx;
	switch (sc.step++) {
	case 0:
		/* Nothing is mapped before the first touch. */
		sc.seen[0] = s2hw_translate(ipa(RAM_IPA + 0x300004), &p);
		return dabt(v, RAM_IPA + 0x300004);
	case 1:
		/* The segment holding it is in now, and only that one. */
		sc.seen[1] = s2hw_translate(ipa(RAM_IPA + 0x300004), &p) == 0 &&
			     pa_addr(p) == pa_addr(mem.rma->base) + 0x300004;
		sc.seen[2] = s2hw_translate(ipa(RAM_IPA + 0x200000 - 8), &p);
		sc.seen[3] = s2hw_translate(ipa(RAM_IPA + 0x400000), &p);
		sc.seen[4] = v->pc;
		return exit_with(v, 0);
	}
	abort();
}

static void test_stage2_fault_populates(void)
{
	CHECK(setup() == 0);
	run(g_touch);
	CHECK_EQ_U64(sc.seen[0], (u64)-1);
	CHECK_EQ_U64(sc.seen[1], 1);
	CHECK_EQ_U64(sc.seen[2], (u64)-1);
	CHECK_EQ_U64(sc.seen[3], (u64)-1);
	CHECK_EQ_U64(sc.seen[4], RAM_IPA); /* retried, not skipped */
	CHECK_EQ_U64(mem.gmap.faults_served, 1);
	CHECK_EQ_U64(g.end, GUEST_END_EXIT);
	teardown();
}

/* A fault on a segment that is already in (a stale walk) is retried once;
 * the same fault twice in a row is a crash. */
static unsigned g_refault(struct vcpu *v, void *ctx)
{
	(void)ctx;
	switch (sc.step++) {
	case 0:
	case 1:
	case 2: return dabt(v, RAM_IPA + 0x10);
	}
	abort();
}

/* ---- emulated registers: the lean path and the full one ---- */

/* A 4-byte load of the console UART's register at off into x(rt). */
static unsigned uart_read(struct vcpu *v, u64 off, unsigned rt)
{
	u64 at = VPL011_IPA + off;

	v->esr = ESR(EC_DABT_LOW, ISS_ISV | (2u << 22) | (rt << 16) | 0x07);
	v->far = at;
	v->hpfar = (at >> 12) << 4;
	return GUEST_EXIT_SYNC;
}

static unsigned g_uart_ids(struct vcpu *v, void *ctx)
{
	(void)ctx;
	switch (sc.step++) {
	case 0: v->x[5] = ~0ULL; return uart_read(v, 0xfe0, 5);
	case 1:
		sc.seen[0] = v->x[5];
		sc.seen[1] = v->pc;
		v->x[20] = ~0ULL;
		return uart_read(v, 0xfe8, 20);
	case 2:
		sc.seen[2] = v->x[20];
		sc.seen[3] = v->pc;
		return uart_read(v, 0xff0, 31); /* to xzr: nothing written */
	case 3: sc.seen[4] = v->pc; return exit_with(v, 0);
	}
	abort();
}

/* hyp/vcpu.h: x0-x18 and xzr take the lean path (x19-x29 are not in the
 * frame there, and the fake poisons them), x19-x29 the full one; both
 * load the register, zero-extended, and step past the access. */
static void test_emulated_registers(void)
{
	CHECK(setup() == 0);
	run(g_uart_ids);
	CHECK_EQ_U64(sc.seen[0], 0x11); /* PL011 PeriphID0 */
	CHECK_EQ_U64(sc.seen[1], RAM_IPA + 4);
	CHECK_EQ_U64(sc.seen[2], 0x14); /* PeriphID2 */
	CHECK_EQ_U64(sc.seen[3], RAM_IPA + 8);
	CHECK_EQ_U64(sc.seen[4], RAM_IPA + 12);
	CHECK_EQ_U64(fake.lean_mmio, 2);
	CHECK_EQ_U64(g.n_mmio, 3);
	CHECK_EQ_U64(g.end, GUEST_END_EXIT);
	teardown();
}

static void test_stale_fault_retried_once(void)
{
	CHECK(setup() == 0);
	run(g_refault);
	CHECK_EQ_U64(sc.step, 3);
	CHECK_EQ_U64(g.end, GUEST_END_CRASH);
	CHECK_EQ_U64(g.status, 128 + EC_DABT_LOW);
	teardown();
}

static unsigned g_outside(struct vcpu *v, void *ctx)
{
	(void)ctx;
	v->x[1] = 0xfeedfacecafef00dULL;
	v->x[30] = 0x4000abcd;
	v->pc = RAM_IPA + 0x88;
	return dabt(v, RAM_IPA + RMA_SIZE + 0x100);
}

static void test_crash_report(void)
{
	CHECK(setup() == 0);
	run(g_outside);
	CHECK_EQ_U64(g.end, GUEST_END_CRASH);
	CHECK_EQ_U64(g.status, 164);
	CHECK_STR_CONTAINS(logbuf, "microvisor: error: guest crashed: data "
				   "access at IPA 0x44000100 (VA 0x1234100), "
				   "above guest RAM 0x40000000-0x43ffffff "
				   "(nothing else is mapped for this guest): "
				   "translation fault, level 3; write of 4 "
				   "bytes from x1");
	CHECK_STR_CONTAINS(logbuf, "exception: data abort from a lower EL "
				   "(EC 0x24)");
	CHECK_STR_CONTAINS(logbuf, "PC 0x40000088");
	CHECK_STR_CONTAINS(logbuf, "x1  feedfacecafef00d");
	CHECK_STR_CONTAINS(logbuf, "x30 000000004000abcd");
	CHECK_EQ_U64(mem.gmap.faults_served, 0);
	teardown();
}

/* ---- system registers ---- */

/* MRS/MSR as ESR_EL2 (EC 0x18) describes it. */
static u64 sys_iss(unsigned op0, unsigned op1, unsigned crn, unsigned crm,
		   unsigned op2, unsigned rt, bool read)
{
	return ((u64)op0 << 20) | ((u64)op2 << 17) | ((u64)op1 << 14) |
	       ((u64)crn << 10) | ((u64)rt << 5) | ((u64)crm << 1) | read;
}

static unsigned g_sysreg(struct vcpu *v, void *ctx)
{
	(void)ctx;
	switch (sc.step++) {
	case 0: /* MRS x3, ID_AA64PFR0_EL1 */
		v->esr = ESR(EC_SYS64, sys_iss(3, 0, 0, 4, 0, 3, true));
		return GUEST_EXIT_SYNC;
	case 1:
		sc.seen[0] = v->x[3];
		sc.seen[1] = v->pc;
		/* DC CISW, x4 */
		v->x[4] = 0x80000042;
		v->esr = ESR(EC_SYS64, sys_iss(1, 0, 7, 14, 2, 4, false));
		return GUEST_EXIT_SYNC;
	case 2:
		sc.seen[2] = v->pc;
		/* MSR MDSCR_EL1, x5; then read it back into x6 */
		v->x[5] = 0x8000;
		v->esr = ESR(EC_SYS64, sys_iss(2, 0, 0, 2, 2, 5, false));
		return GUEST_EXIT_SYNC;
	case 3:
		v->esr = ESR(EC_SYS64, sys_iss(2, 0, 0, 2, 2, 6, true));
		return GUEST_EXIT_SYNC;
	case 4:
		sc.seen[3] = v->x[6];
		/* MSR CNTP_CTL_EL0, x0: the physical timer is refused */
		v->esr = ESR(EC_SYS64, sys_iss(3, 3, 14, 2, 1, 0, false));
		return GUEST_EXIT_SYNC;
	}
	abort();
}

static void test_sysreg_emulated_or_refused(void)
{
	CHECK(setup() == 0);
	/* SVE [35:32] and RAS [31:28] present, GIC, FP, AdvSIMD, ELs. */
	fake.id_regs[4 * 8 + 0] = 0x0000000111112222ULL;
	run(g_sysreg);
	/* The real value, with what is not virtualised hidden. */
	CHECK_EQ_U64(sc.seen[0], 0x0000000001112222ULL);
	CHECK_EQ_U64(sc.seen[1], RAM_IPA + 4);
	CHECK_EQ_U64(fake.dc_sw_ops, 1);
	CHECK_EQ_U64(fake.last_dc_sw, 0x80000042);
	CHECK_EQ_U64(sc.seen[2], RAM_IPA + 8);
	CHECK_EQ_U64(sc.seen[3], 0x8000);
	CHECK_EQ_U64(g.end, GUEST_END_CRASH);
	CHECK_EQ_U64(g.status, 128 + EC_SYS64);
	CHECK_STR_CONTAINS(logbuf, "trapped system register access the "
				   "microvisor does not emulate: MSR x0, "
				   "S3_3_C14_C2_1 (CNTP_CTL_EL0)");
	teardown();
}

/* ---- WFx, interrupts, and what is never served ---- */

static unsigned g_wfx(struct vcpu *v, void *ctx)
{
	(void)ctx;
	switch (sc.step++) {
	case 0: v->esr = ESR(EC_WFX, 0); return GUEST_EXIT_SYNC;
	case 1:
		sc.seen[0] = v->pc;
		v->esr = (u64)EC_WFX << 26; /* a 16-bit (T32) WFI */
		return GUEST_EXIT_SYNC;
	case 2: sc.seen[1] = v->pc; return GUEST_EXIT_IRQ;
	case 3: sc.seen[2] = v->pc; return GUEST_EXIT_SERROR;
	}
	abort();
}

static void test_wfx_irq_serror(void)
{
	CHECK(setup() == 0);
	run(g_wfx);
	CHECK_EQ_U64(sc.seen[0], RAM_IPA + 4);
	CHECK_EQ_U64(sc.seen[1], RAM_IPA + 6);
	CHECK_EQ_U64(sc.seen[2], RAM_IPA + 6); /* an IRQ exit moves nothing */
	CHECK_EQ_U64(g.end, GUEST_END_CRASH);
	CHECK_STR_CONTAINS(logbuf, "SError interrupt");
	teardown();
}

static unsigned g_aarch32(struct vcpu *v, void *ctx)
{
	(void)ctx;
	(void)v;
	sc.step++;
	return 12; /* a lower-EL AArch32 vector */
}

static unsigned g_brk(struct vcpu *v, void *ctx)
{
	(void)ctx;
	sc.step++;
	v->esr = ESR(0x3c, 0x123); /* BRK #0x123 */
	return GUEST_EXIT_SYNC;
}

static void test_unserved_exits_crash(void)
{
	CHECK(setup() == 0);
	run(g_aarch32);
	CHECK_EQ_U64(g.end, GUEST_END_CRASH);
	CHECK_STR_CONTAINS(logbuf, "exception from AArch32 state");
	teardown();
	CHECK(setup() == 0);
	run(g_brk);
	CHECK_EQ_U64(g.end, GUEST_END_CRASH);
	CHECK_EQ_U64(g.status, 128 + 0x3c);
	CHECK_STR_CONTAINS(logbuf, "BRK instruction (AArch64), which the "
				   "microvisor does not serve");
	teardown();
}

int main(void)
{
	RUN(test_hvc_dispatched);
	RUN(test_console_write_marked);
	RUN(test_psci_endings);
	RUN(test_stage2_fault_populates);
	RUN(test_stale_fault_retried_once);
	RUN(test_emulated_registers);
	RUN(test_crash_report);
	RUN(test_sysreg_emulated_or_refused);
	RUN(test_wfx_irq_serror);
	RUN(test_unserved_exits_crash);
	fake_reset();
	return check_failed_cases ? 1 : 0;
}
