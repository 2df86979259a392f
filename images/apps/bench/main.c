/* images/apps/bench/main.c - times hypercall round trips with the PMU cycle counter (instructions under QEMU -icount). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mv_guest.h"

static inline uint64_t cycles(void)
{
	uint64_t v;

	asm volatile("isb\n\tmrs %0, pmccntr_el0" : "=r"(v) : : "memory");
	return v;
}

/* Count at EL1 and EL2 (PMCCFILTR_EL0.NSH), so the microvisor's side of
 * every call is in the numbers; the microvisor leaves the PMU to us. */
static void pmu_on(void)
{
	asm volatile("msr pmccfiltr_el0, %0" : : "r"(1ULL << 27));
	asm volatile("msr pmcr_el0, %0" : : "r"(1ULL));
	asm volatile("msr pmcntenset_el0, %0" : : "r"(1ULL << 31));
	asm volatile("isb");
}

#define N 1000

int main(void)
{
	uint64_t t0, t1, empty, nullcall, write48, read0;
	char bytes[48];

	pmu_on();
	/* The loop itself, to subtract. */
	t0 = cycles();
	for (int i = 0; i < N; i++)
		asm volatile("" : : : "memory");
	t1 = cycles();
	empty = t1 - t0;

	t0 = cycles();
	for (int i = 0; i < N; i++)
		mv_hvc(MV_SMCCC_VERSION, 0, 0, 0, 0, 0, 0, 0);
	t1 = cycles();
	nullcall = t1 - t0 - empty;

	t0 = cycles();
	for (int i = 0; i < N; i++)
		mv_hvc(MV_CONSOLE_READ, 0, 0, 0, 0, 0, 0, 0);
	t1 = cycles();
	read0 = t1 - t0 - empty;

	/* 48 bytes a call: 47 dots and a newline, a line each. */
	memset(bytes, '.', sizeof(bytes));
	bytes[47] = '\n';
	uint64_t w[6];
	memcpy(w, bytes, sizeof(w));
	t0 = cycles();
	for (int i = 0; i < 20; i++)
		mv_hvc(MV_CONSOLE_WRITE, 48, w[0], w[1], w[2], w[3], w[4],
		       w[5]);
	t1 = cycles();
	write48 = (t1 - t0 - empty / 50) / 20;

	printf("bench: null hypercall (SMCCC_VERSION) round trip: %llu.%llu "
	       "cycles\n",
	       (unsigned long long)(nullcall / N),
	       (unsigned long long)(nullcall % N / 100));
	printf("bench: empty MV_CONSOLE_READ round trip: %llu cycles\n",
	       (unsigned long long)(read0 / N));
	printf("bench: 48-byte MV_CONSOLE_WRITE round trip: %llu cycles\n",
	       (unsigned long long)write48);
	return 0;
}
