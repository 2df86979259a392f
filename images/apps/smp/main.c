/* images/apps/smp/main.c - runs on every CPU the device tree lists: each says it is up, all count into one counter with atomics; modes pingpong (an SGI bounced between CPUs 0 and 1), faults (first touches of the same fresh RAM from every CPU at once), crash (CPU 2 reads IPA 0), print (stdio and malloc from every CPU at once), off0 (CPU 0 off while CPU 1 ends the appliance). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mv_guest.h"

/*
 * argv[1] picks the mode (none: count):
 *   count     every CPU prints "smp: CPU n up, MPIDR m", sleeps SLEEP_US in
 *             WFI on its own virtual timer (when there is a GIC), then all
 *             of them, CPU 0 included, add 1 to one shared counter
 *             INCREMENTS times each; CPU 0 waits for the others to be off
 *             and checks the total: exit 0 if it is cpus * INCREMENTS.
 *   pingpong  CPU 0 sends SGI 1 to CPU 1, whose handler answers with SGI
 *             2, ROUND_TRIPS times; the PMU cycle counter (instructions
 *             under QEMU -icount) per round trip. Needs 2 CPUs.
 *   faults    every CPU writes its share of the same fresh 32 MiB of RAM
 *             (word i by CPU i mod cpus) at once, so several CPUs fault
 *             on the same stage-2 segments together; CPU 0 checks every
 *             word.
 *   crash     CPU 2 loads from IPA 0 (outside guest RAM): the microvisor
 *             ends the appliance with its crash report. Needs 3 CPUs.
 *   off0      CPU 0 starts CPU 1 and turns itself off; CPU 1 sees it
 *             off, reads the distributor (vCPU 0's state, served by CPU
 *             0's wait loop while its vCPU is off), prints and ends the
 *             appliance with exit status 0. Needs 2 CPUs.
 *   print     every CPU prints PRINT_LINES lines at once (with a float:
 *             printf's FP arguments through the runtime's lock) and
 *             mallocs, fills, checks and frees a block per line: every
 *             line must come out whole, every block intact.
 * With one CPU (the device tree lists one) count and faults run on CPU 0
 * alone and still exit 0.
 */
#define INCREMENTS  100000
#define SLEEP_US    10000
#define ROUND_TRIPS 1000
#define SGI_PING    1
#define SGI_PONG    2
#define SGI_STOP    3
#define SGI_PRIO    0x80
#define FAULT_SIZE  (32ull << 20)
#define PRINT_LINES 50

static unsigned int ncpus;
static volatile uint64_t counter;
static volatile int failed;

/* A barrier for all ncpus CPUs, reusable: each round has a generation. */
static volatile uint32_t bar_count, bar_gen;

static void barrier(void)
{
	uint32_t gen = __atomic_load_n(&bar_gen, __ATOMIC_ACQUIRE);

	if (__atomic_add_fetch(&bar_count, 1, __ATOMIC_ACQ_REL) == ncpus) {
		bar_count = 0;
		__atomic_store_n(&bar_gen, gen + 1, __ATOMIC_RELEASE);
		return;
	}
	while (__atomic_load_n(&bar_gen, __ATOMIC_ACQUIRE) == gen)
		asm volatile("yield" ::: "memory");
}

/* The CPU's line; MPIDR must say Aff0 = the CPU asked for, Aff1-3 = 0. */
static void say_up(unsigned int want)
{
	uint64_t mpidr = mv_mpidr();
	bool ok = (mpidr & 0xff00ffffffull) == want;

	printf("smp: CPU %u up, MPIDR 0x%" PRIx64 "%s\n", mv_cpu_id(), mpidr,
	       ok ? "" : " (WRONG: expected Aff0 = the CPU, Aff1-3 = 0)");
	if (!ok)
		failed = 1;
}

/* Starts CPUs 1..ncpus-1 on fn (arg = the CPU number); exits on a refusal
 * (the CPUs already started then wait forever: exit ends them too). */
static void start_all(mv_cpu_fn fn)
{
	for (unsigned int n = 1; n < ncpus; n++) {
		int r = mv_cpu_start(n, fn, (void *)(uintptr_t)n);

		if (r) {
			printf("smp: CPU_ON of CPU %u refused: PSCI status "
			       "%d\n",
			       n, r);
			exit(1);
		}
	}
}

/* Waits for each started CPU to be off (mv_cpu_join: its function has
 * returned, AFFINITY_INFO says OFF); exits if one cannot be waited for. */
static void join_all(void)
{
	for (unsigned int n = 1; n < ncpus; n++) {
		int r = mv_cpu_join(n), aff = mv_affinity_info(n);

		if (r || aff != MV_PSCI_AFF_OFF) {
			printf("smp: CPU %u: join %d, AFFINITY_INFO %d "
			       "(expected "
			       "0 and 1, OFF)\n",
			       n, r, aff);
			exit(1);
		}
	}
}

/* ---- count --------------------------------------------------------------- */

static void count(void)
{
	for (unsigned int i = 0; i < INCREMENTS; i++)
		__atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
}

static void fired(struct mv_timer *t, void *arg)
{
	(void)t;
	*(volatile bool *)arg = true;
}

/*
 * Each CPU's own timer wakes it: the runtime's software timers are per
 * CPU, and a started CPU's GIC is up when CPU 0's is. A timer's callback,
 * not a sleep: WFI may wake for other reasons (a sleep then polls), a
 * callback needs this CPU's timer interrupt.
 */
static void sleep_own_timer(void)
{
	struct mv_timer t = {0};
	volatile bool done = false;
	uint64_t t0, ns, irqs, flags;
	bool ok;

	if (!mv_gic_ready())
		return;
	irqs = mv_timer_irqs();
	t0 = mv_counter();
	flags = mv_local_irq_save();
	mv_timer_arm_after_ns(&t, SLEEP_US * 1000ull, fired, (void *)&done);
	while (!done)
		mv_idle();
	mv_local_irq_restore(flags);
	ns = mv_ticks_to_ns(t.fired_at - t0);
	irqs = mv_timer_irqs() - irqs;
	ok = t.fired_at >= t.deadline && ns >= SLEEP_US * 1000ull && irqs >= 1;
	printf("smp: CPU %u slept %" PRIu64
	       " us in WFI on its own timer (%" PRIu64 " timer interrupts)%s\n",
	       mv_cpu_id(), ns / 1000, irqs, ok ? "" : ": WRONG");
	if (!ok)
		failed = 1;
}

static void count_cpu(void *arg)
{
	say_up((unsigned int)(uintptr_t)arg);
	sleep_own_timer();
	barrier();
	count();
}

static int mode_count(void)
{
	uint64_t want = (uint64_t)ncpus * INCREMENTS, got;

	/* Without a GIC (none on the board) nobody sleeps: still a count. */
	mv_gic_init();
	say_up(0);
	start_all(count_cpu);
	sleep_own_timer();
	barrier();
	count();
	join_all();
	got = __atomic_load_n(&counter, __ATOMIC_ACQUIRE);
	printf("smp: %u CPU%s, counter %" PRIu64 " (expected %" PRIu64
	       "): %s\n",
	       ncpus, ncpus == 1 ? "" : "s", got, want,
	       got == want && !failed ? "ok" : "FAILED");
	return got == want && !failed ? 0 : 1;
}

/* ---- pingpong ------------------------------------------------------------ */

static volatile uint32_t pings, pongs, pp_ready, pp_stop, pp_timeout;

static inline uint64_t cycles(void)
{
	uint64_t v;

	asm volatile("isb\n\tmrs %0, pmccntr_el0" : "=r"(v) : : "memory");
	return v;
}

/* PMCCFILTR_EL0.NSH: count EL2 too (the SGI's trap and delivery). */
static void pmu_on(void)
{
	asm volatile("msr pmccfiltr_el0, %0" : : "r"(1ull << 27));
	asm volatile("msr pmcr_el0, %0" : : "r"(1ull));
	asm volatile("msr pmcntenset_el0, %0" : : "r"(1ull << 31));
	asm volatile("isb");
}

/* On CPU 1: answer. */
static void on_ping(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	pings++;
	mv_sgi_send(0, SGI_PONG);
}

/* On CPU 0: count. */
static void on_pong(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	pongs++;
}

/* On CPU 1: nothing; waking it from WFI is the point. */
static void on_stop(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
}

static void on_timeout(struct mv_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	pp_timeout = 1;
}

static void pingpong_cpu(void *arg)
{
	uint64_t flags;

	say_up((unsigned int)(uintptr_t)arg);
	/* The runtime brought this CPU's GIC up; SGIs are enabled per CPU. */
	if (!mv_gic_ready() || mv_irq_set_priority(SGI_PING, SGI_PRIO) ||
	    mv_irq_enable(SGI_PING) || mv_irq_enable(SGI_STOP)) {
		printf("smp: pingpong: CPU 1 has no GIC\n");
		pp_ready = 2;
		return;
	}
	flags = mv_local_irq_save();
	__atomic_store_n(&pp_ready, 1, __ATOMIC_RELEASE);
	while (!pp_stop)
		mv_idle();
	mv_local_irq_restore(flags);
}

static int mode_pingpong(void)
{
	static struct mv_timer guard;
	uint64_t t0, t1, c0, c1, flags;
	unsigned int k, got;
	bool ok;
	int err;

	if (ncpus < 2) {
		printf("smp: pingpong: needs 2 CPUs, the device tree lists "
		       "%u\n",
		       ncpus);
		return 1;
	}
	err = mv_gic_init();
	if (err) {
		printf("smp: pingpong: mv_gic_init() = %d\n", err);
		return 1;
	}
	say_up(0);
	mv_irq_register(SGI_PING, SGI_PRIO, on_ping, NULL);
	mv_irq_register(SGI_PONG, SGI_PRIO, on_pong, NULL);
	mv_irq_register(SGI_STOP, SGI_PRIO, on_stop, NULL);
	mv_irq_enable(SGI_PONG);
	err = mv_cpu_start(1, pingpong_cpu, (void *)1);
	if (err) {
		printf("smp: CPU_ON of CPU 1 refused: PSCI status %d\n", err);
		return 1;
	}
	while (!__atomic_load_n(&pp_ready, __ATOMIC_ACQUIRE))
		asm volatile("yield" ::: "memory");
	if (pp_ready != 1)
		return 1;

	/* A lost SGI must end the run, not hang it. */
	mv_timer_arm_after_ns(&guard, 10000000000ull, on_timeout, NULL);
	pmu_on();
	flags = mv_local_irq_save();
	c0 = mv_counter();
	t0 = cycles();
	for (k = 0; k < ROUND_TRIPS && !pp_timeout; k++) {
		mv_sgi_send(1, SGI_PING);
		while (pongs < k + 1 && !pp_timeout)
			mv_idle();
	}
	t1 = cycles();
	c1 = mv_counter();
	got = pongs;
	mv_local_irq_restore(flags);
	mv_timer_cancel(&guard);

	__atomic_store_n(&pp_stop, 1, __ATOMIC_RELEASE);
	mv_sgi_send(1, SGI_STOP); /* wakes it to see pp_stop */
	mv_cpu_join(1);
	if (!got) {
		printf("smp: pingpong: no SGI came back (%u sent): FAILED\n",
		       k);
		return 1;
	}
	printf("smp: pingpong: %u round trips CPU 0 -> CPU 1 -> CPU 0 by SGI, "
	       "%" PRIu64 " cycles each (PMU, EL1+EL2), %" PRIu64 " ns each\n",
	       got, (t1 - t0) / got, mv_ticks_to_ns(c1 - c0) / got);
	ok = got == ROUND_TRIPS && pings == ROUND_TRIPS && !pp_timeout &&
	     !failed;
	printf("smp: pingpong: %u of %u round trips, CPU 1 took %u pings: "
	       "%s\n",
	       got, ROUND_TRIPS, pings, ok ? "ok" : "FAILED");
	return ok ? 0 : 1;
}

/* ---- faults ------------------------------------------------------------- */

static volatile uint64_t *region;
static const size_t region_words = FAULT_SIZE / 8;

/* Word i's value: its address, and the CPU that wrote it in the top byte. */
static uint64_t fault_word(size_t i)
{
	return ((uint64_t)(uintptr_t)&region[i]) ^
	       ((uint64_t)(i % ncpus + 1) << 56);
}

static void fault_fill(unsigned int cpu)
{
	for (size_t i = cpu; i < region_words; i += ncpus)
		region[i] = fault_word(i);
}

static void faults_cpu(void *arg)
{
	say_up((unsigned int)(uintptr_t)arg);
	barrier();
	fault_fill(mv_cpu_id());
}

static int mode_faults(void)
{
	const struct mv_boot_info *bi = mv_boot_info();
	uint64_t base = (bi->heap_start + FAULT_SIZE - 1) & ~(FAULT_SIZE - 1);
	uint64_t t0, t1;
	size_t bad = 0, first = 0;

	if (base + FAULT_SIZE > bi->heap_end) {
		printf("smp: faults: no fresh 32 MiB below 0x%" PRIx64
		       " (give the image more RAM)\n",
		       bi->heap_end);
		return 1;
	}
	region = (volatile uint64_t *)(uintptr_t)base;
	say_up(0);
	start_all(faults_cpu);
	barrier();
	t0 = mv_counter();
	fault_fill(0);
	join_all();
	t1 = mv_counter();
	for (size_t i = 0; i < region_words; i++)
		if (region[i] != fault_word(i) && !bad++)
			first = i;
	printf("smp: faults: %u CPU%s wrote 32 MiB at IPA 0x%" PRIx64
	       " together (word i by CPU i mod %u) in %" PRIu64 " ms\n",
	       ncpus, ncpus == 1 ? "" : "s", base, ncpus,
	       mv_ticks_to_ns(t1 - t0) / 1000000);
	if (bad) {
		printf("smp: faults: %lu words wrong, the first at 0x%" PRIx64
		       ": 0x%" PRIx64 ", expected 0x%" PRIx64 ": FAILED\n",
		       (unsigned long)bad, (uint64_t)(uintptr_t)&region[first],
		       region[first], fault_word(first));
		return 1;
	}
	printf("smp: faults: all %lu words checked: %s\n",
	       (unsigned long)region_words, failed ? "FAILED" : "ok");
	return failed ? 1 : 0;
}

/* ---- crash ------------------------------------------------------------- */

static void crash_cpu(void *arg)
{
	uint64_t v;

	say_up((unsigned int)(uintptr_t)arg);
	barrier();
	if (mv_cpu_id() != 2)
		return;
	printf("smp: crash: CPU 2 loads from IPA 0x0\n");
	/* A plain load: not a null dereference the compiler may remove. */
	asm volatile("ldr %0, [%1]" : "=r"(v) : "r"(0ul) : "memory");
	printf("smp: crash: the load returned 0x%" PRIx64 ": WRONG\n", v);
}

static int mode_crash(void)
{
	if (ncpus < 3) {
		printf("smp: crash: needs 3 CPUs, the device tree lists %u\n",
		       ncpus);
		return 1;
	}
	say_up(0);
	start_all(crash_cpu);
	barrier();
	join_all(); /* CPU 2 never returns: the microvisor ends us */
	printf("smp: crash: every CPU returned: FAILED\n");
	return 1;
}

/* ---- off0 ------------------------------------------------------------- */

#define GICD_TYPER_IPA 0x08000004ul

static void off0_cpu1(void *arg)
{
	uint64_t t0 = mv_counter();
	uint32_t typer;
	int aff;

	(void)arg;
	say_up(1);
	/* AFFINITY_INFO says OFF once vCPU 0 has gone (a bounded wait). */
	while ((aff = mv_affinity_info(0)) != MV_PSCI_AFF_OFF &&
	       mv_ticks_to_ns(mv_counter() - t0) < 2000000000ull)
		;
	if (aff != MV_PSCI_AFF_OFF) {
		printf("smp: off0: AFFINITY_INFO of CPU 0 stays %d: FAILED\n",
		       aff);
		mv_exit(1);
	}
	printf("smp: off0: CPU 0 is off (AFFINITY_INFO 1)\n");
	typer = mv_mmio_read32(GICD_TYPER_IPA);
	printf("smp: off0: GICD_TYPER 0x%" PRIx32 " read from CPU 1%s\n", typer,
	       (typer & 0x1f) == 1 ? ": ok" : ": WRONG");
	mv_exit((typer & 0x1f) == 1 ? 0 : 1);
}

static int mode_off0(void)
{
	int r;

	if (ncpus < 2) {
		printf("smp: off0: needs 2 CPUs, the device tree lists %u\n",
		       ncpus);
		return 1;
	}
	say_up(0);
	r = mv_cpu_start(1, off0_cpu1, NULL);
	if (r) {
		printf("smp: CPU_ON of CPU 1 refused: PSCI status %d\n", r);
		return 1;
	}
	printf("smp: off0: CPU 0 turns itself off\n");
	r = mv_cpu_off();
	printf("smp: off0: CPU_OFF returned %d: FAILED\n", r);
	return 1;
}

/* ---- print ----------------------------------------------------------- */

static void print_lines(unsigned int cpu)
{
	for (unsigned int k = 1; k <= PRINT_LINES; k++) {
		size_t n = 64 + (k * 37 + cpu * 101) % 4000;
		unsigned char *p = malloc(n);
		size_t bad = 0;

		if (!p) {
			printf("smp: print: CPU %u: malloc(%lu) failed: "
			       "WRONG\n",
			       cpu, (unsigned long)n);
			failed = 1;
			return;
		}
		memset(p, (int)(cpu * 16 + k), n);
		printf("smp: print: CPU %u line %u of %u, %.3f "
		       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
		       cpu, k, PRINT_LINES, (double)(cpu * 1000 + k) / 8.0);
		for (size_t i = 0; i < n; i++)
			bad += p[i] != (unsigned char)(cpu * 16 + k);
		free(p);
		if (bad) {
			printf("smp: print: CPU %u: a malloc'd block changed "
			       "under it: WRONG\n",
			       cpu);
			failed = 1;
		}
	}
}

static void print_cpu(void *arg)
{
	say_up((unsigned int)(uintptr_t)arg);
	barrier();
	print_lines(mv_cpu_id());
}

static int mode_print(void)
{
	say_up(0);
	start_all(print_cpu);
	barrier();
	print_lines(0);
	join_all();
	printf("smp: print: %u CPU%s printed %u lines each: %s\n", ncpus,
	       ncpus == 1 ? "" : "s", PRINT_LINES, failed ? "FAILED" : "ok");
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "count";

	ncpus = mv_cpu_count();
	if (ncpus > MV_MAX_CPUS) {
		printf("smp: the device tree lists %u CPUs; the runtime runs "
		       "on "
		       "the first %u\n",
		       ncpus, MV_MAX_CPUS);
		ncpus = MV_MAX_CPUS;
	}
	if (!strcmp(mode, "count"))
		return mode_count();
	if (!strcmp(mode, "pingpong"))
		return mode_pingpong();
	if (!strcmp(mode, "faults"))
		return mode_faults();
	if (!strcmp(mode, "crash"))
		return mode_crash();
	if (!strcmp(mode, "print"))
		return mode_print();
	if (!strcmp(mode, "off0"))
		return mode_off0();
	printf("smp: unknown mode '%s' (count, pingpong, faults, crash, "
	       "print, off0)\n",
	       mode);
	return 2;
}
