/* images/apps/bench/main.c - times hypercall round trips with the PMU cycle counter (instructions under QEMU -icount). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "mv_guest.h"

static inline uint64_t cycles(void)
{
	uint64_t v;

	asm volatile("isb\n\tmrs %0, pmccntr_el0" : "=r"(v) : : "memory");
	return v;
}

/* PMCCFILTR_EL0: P stops counting at EL1, U at EL0; NSH counts EL2. */
#define FILTER_P   (1ULL << 31)
#define FILTER_U   (1ULL << 30)
#define FILTER_NSH (1ULL << 27)

/* The microvisor leaves the PMU to the guest (MDCR_EL2.TPM clear). */
static void pmu_on(uint64_t filter)
{
	asm volatile("msr pmccfiltr_el0, %0" : : "r"(filter));
	asm volatile("msr pmcr_el0, %0" : : "r"(1ULL));
	asm volatile("msr pmcntenset_el0, %0" : : "r"(1ULL << 31));
	asm volatile("isb");
}

#define N  1000
#define NW 20

struct calls {
	uint64_t null_x10, read0, write48;
};

/* Each loop's count less an empty loop's, per call. */
static void measure(struct calls *c)
{
	uint64_t t0, t1, empty;
	char bytes[48];
	uint64_t w[6];

	t0 = cycles();
	for (int i = 0; i < N; i++)
		asm volatile("" : : : "memory");
	t1 = cycles();
	empty = t1 - t0;

	t0 = cycles();
	for (int i = 0; i < N; i++)
		mv_hvc(MV_SMCCC_VERSION, 0, 0, 0, 0, 0, 0, 0);
	t1 = cycles();
	c->null_x10 = (t1 - t0 - empty) / (N / 10);

	t0 = cycles();
	for (int i = 0; i < N; i++)
		mv_hvc(MV_CONSOLE_READ, 0, 0, 0, 0, 0, 0, 0);
	t1 = cycles();
	c->read0 = (t1 - t0 - empty) / N;

	/* 48 bytes a call: 47 dots and a newline, a line each. */
	memset(bytes, '.', sizeof(bytes));
	bytes[47] = '\n';
	memcpy(w, bytes, sizeof(w));
	t0 = cycles();
	for (int i = 0; i < NW; i++)
		mv_hvc(MV_CONSOLE_WRITE, 48, w[0], w[1], w[2], w[3], w[4],
		       w[5]);
	t1 = cycles();
	c->write48 = (t1 - t0 - empty * NW / N) / NW;
}

static void report(const char *what, const struct calls *c)
{
	printf("bench: %s: null %llu.%llu, read %llu, write48 %llu\n", what,
	       (unsigned long long)(c->null_x10 / 10),
	       (unsigned long long)(c->null_x10 % 10),
	       (unsigned long long)c->read0, (unsigned long long)c->write48);
}

/*
 * The stage-2 first touch: one load at every 2 MiB of free RAM, counted at
 * EL2 only. A load into a segment not yet installed faults to the
 * microvisor, which zeroes, cleans and maps the segment; any other costs
 * nothing at EL2. So the touches that cost anything are the segments'
 * first touches, whatever their size.
 */
static void first_touch(void)
{
	const struct mv_boot_info *bi = mv_boot_info();
	const uint64_t step = 2u << 20;
	uint64_t a = (bi->heap_start + step - 1) & ~(step - 1);
	uint64_t faults = 0, lo = ~0ull, hi = 0, sum = 0;

	pmu_on(FILTER_P | FILTER_U | FILTER_NSH);
	for (; a + 8 <= bi->heap_end; a += step) {
		uint64_t t0, t1, d;

		t0 = cycles();
		(void)*(volatile uint64_t *)(uintptr_t)a;
		t1 = cycles();
		d = t1 - t0;
		if (!d)
			continue;
		faults++;
		sum += d;
		lo = d < lo ? d : lo;
		hi = d > hi ? d : hi;
	}
	if (!faults) {
		printf("bench: first touch: no segment left to touch\n");
		return;
	}
	printf("bench: first touch: %llu segments, EL2 instructions each: "
	       "mean %llu, min %llu, max %llu\n",
	       (unsigned long long)faults, (unsigned long long)(sum / faults),
	       (unsigned long long)lo, (unsigned long long)hi);
}

/*
 * An emulated GIC register read: GICD_TYPER, a stage-2 trap decoded and
 * answered by the microvisor's vGIC, EL2 instructions per read. Skipped
 * when the device tree has no GICv3.
 */
static void gicd_read(void)
{
	volatile const uint32_t *typer = (const uint32_t *)0x08000004;
	uint64_t t0, t1;
	uint32_t v = 0;

	if (fdt_node_offset_by_compatible(mv_fdt(), -1, "arm,gic-v3") < 0) {
		printf("bench: GICD read: no GICv3\n");
		return;
	}
	pmu_on(FILTER_P | FILTER_U | FILTER_NSH);
	t0 = cycles();
	for (int i = 0; i < N; i++)
		v |= *typer;
	t1 = cycles();
	printf("bench: GICD read: %llu EL2 instructions (GICD_TYPER %#x)\n",
	       (unsigned long long)((t1 - t0) / N), (unsigned)v);
}

/* ---- the virtual timer's interrupt ---- */

#define TIMER_INTID 27
#define TIMER_RUNS  200

static volatile uint64_t at_handler;
static volatile int fired;

/* The handler's first act is to read the counter; then the timer is
 * masked so it does not fire again until re-armed. */
static void on_timer(unsigned int intid, void *arg)
{
	at_handler = cycles();
	(void)intid;
	(void)arg;
	asm volatile("msr cntv_ctl_el0, %0; isb" : : "r"(3ULL));
	fired = 1;
}

/* Arm the timer a little ahead and spin reading the cycle counter until
 * the handler has run; returns the count at the handler minus the last
 * one the loop read before the interrupt. */
static uint64_t one_interrupt(void)
{
	uint64_t last = 0, freq;

	asm volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	fired = 0;
	asm volatile("msr cntv_tval_el0, %0; msr cntv_ctl_el0, %1; isb"
		     :
		     : "r"(freq / 10000), "r"(1ULL));
	/* A count read after the interrupt is never kept as "last". */
	for (;;) {
		uint64_t c = cycles();

		if (fired)
			break;
		last = c;
	}
	return at_handler - last;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Latency: from the physical interrupt to the guest handler's first
 * instruction, counting EL1 and EL2 (the median of TIMER_RUNS; each
 * includes at most one turn of the spin loop). EL2's share alone: the
 * EL2-only count over TIMER_RUNS interrupts (the guest's EOI deactivates
 * the physical interrupt through the list register: no exit).
 */
static void timer_interrupt(void)
{
	static uint64_t lat[TIMER_RUNS];
	uint64_t t0, t1;

	if (mv_gic_init() ||
	    mv_irq_register(TIMER_INTID, 0xa0, on_timer, NULL) ||
	    mv_irq_enable(TIMER_INTID)) {
		printf("bench: timer interrupt: no GICv3\n");
		return;
	}
	mv_local_irq_enable();
	pmu_on(FILTER_U | FILTER_NSH);
	for (int i = 0; i < TIMER_RUNS; i++)
		lat[i] = one_interrupt();
	qsort(lat, TIMER_RUNS, sizeof(lat[0]), cmp_u64);
	pmu_on(FILTER_P | FILTER_U | FILTER_NSH);
	t0 = cycles();
	for (int i = 0; i < TIMER_RUNS; i++)
		one_interrupt();
	t1 = cycles();
	mv_local_irq_disable();
	printf("bench: timer interrupt: latency %llu instructions to the "
	       "handler (min %llu); EL2 %llu per interrupt, injection and "
	       "EOI\n",
	       (unsigned long long)lat[TIMER_RUNS / 2],
	       (unsigned long long)lat[0],
	       (unsigned long long)((t1 - t0) / TIMER_RUNS));
}

/* ---- a passed-through device's interrupt (qemu-virt's PL061) ---- */

/* PL061 (ARM DDI 0190): the data register's address bits 9:2 mask the
 * pins written; direction, interrupt sense, event and mask registers. */
#define GPIODATA0 0x004 /* pin 0 only */
#define GPIODIR	  0x400
#define GPIOIS	  0x404
#define GPIOIEV	  0x40c
#define GPIOIE	  0x410
#define DEV_RUNS  200

static uintptr_t gpio;

/* Unmasking pin 0 (an output driven high, level-high sense) raises the
 * device's line at once; the handler masks it again, dropping the line
 * before the runtime's EOI deactivates the physical SPI. */
static void on_gpio(unsigned int intid, void *arg)
{
	at_handler = cycles();
	(void)intid;
	(void)arg;
	mv_mmio_write32(gpio + GPIOIE, 0);
	fired = 1;
}

static uint64_t one_device_interrupt(void)
{
	uint64_t t0;

	fired = 0;
	t0 = cycles();
	mv_mmio_write32(gpio + GPIOIE, 1);
	while (!fired)
		;
	return at_handler - t0;
}

/*
 * Latency of a passed-through SPI: from the guest's store that makes the
 * device raise it (QEMU raises the line during the store), through the
 * microvisor's EL2 entry and injection with the HW bit, to the guest
 * handler's first instruction; the median of DEV_RUNS. EL2's share over
 * DEV_RUNS interrupts (the guest's EOI deactivates the physical SPI
 * through the list register: no exit).
 */
static void device_interrupt(void)
{
	static uint64_t lat[DEV_RUNS];
	const void *fdt = mv_fdt();
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl061"), len;
	const fdt32_t *irq = fdt_getprop(fdt, node, "interrupts", &len);
	const fdt64_t *reg = fdt_getprop(fdt, node, "reg", NULL);
	unsigned intid;
	uint64_t t0, t1;

	if (node < 0 || !irq || len < 12 || !reg) {
		printf("bench: device interrupt: no PL061 given "
		       "(passthrough=/pl061@9030000)\n");
		return;
	}
	gpio = (uintptr_t)fdt64_to_cpu(reg[0]);
	intid = 32 + fdt32_to_cpu(irq[1]);
	if (mv_irq_register(intid, 0xa0, on_gpio, NULL) ||
	    mv_irq_enable(intid)) {
		printf("bench: device interrupt: INTID %u cannot be enabled\n",
		       intid);
		return;
	}
	mv_mmio_write32(gpio + GPIOIE, 0);
	mv_mmio_write32(gpio + GPIODIR, 1);
	mv_mmio_write32(gpio + GPIODATA0, 1);
	mv_mmio_write32(gpio + GPIOIS, 1);
	mv_mmio_write32(gpio + GPIOIEV, 1);
	mv_local_irq_enable();
	pmu_on(FILTER_U | FILTER_NSH);
	for (int i = 0; i < DEV_RUNS; i++)
		lat[i] = one_device_interrupt();
	qsort(lat, DEV_RUNS, sizeof(lat[0]), cmp_u64);
	pmu_on(FILTER_P | FILTER_U | FILTER_NSH);
	t0 = cycles();
	for (int i = 0; i < DEV_RUNS; i++)
		one_device_interrupt();
	t1 = cycles();
	mv_local_irq_disable();
	mv_mmio_write32(gpio + GPIODATA0, 0);
	printf("bench: device interrupt: latency %llu instructions to the "
	       "handler (min %llu, INTID %u); EL2 %llu per interrupt, "
	       "injection and EOI\n",
	       (unsigned long long)lat[DEV_RUNS / 2],
	       (unsigned long long)lat[0], intid,
	       (unsigned long long)((t1 - t0) / DEV_RUNS));
}

int main(void)
{
	struct calls el2, all;

	/* The microvisor's side alone: EL2 counts, the guest's EL1 not. */
	pmu_on(FILTER_P | FILTER_U | FILTER_NSH);
	measure(&el2);
	/* The whole round trip as the guest sees it: EL1 and EL2. */
	pmu_on(FILTER_U | FILTER_NSH);
	measure(&all);
	report("EL2 instructions per call", &el2);
	report("round trip instructions per call", &all);
	first_touch();
	gicd_read();
	timer_interrupt();
	device_interrupt();
	return 0;
}
