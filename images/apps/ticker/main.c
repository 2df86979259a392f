/* images/apps/ticker/main.c - prints a line at 10 Hz for one second from the virtual timer's interrupt while main() sleeps in WFI; the runtime's interrupt and timer API at its simplest. */
#include <stdio.h>
#include <stdlib.h>

#include <mv_guest.h>

#define TICKS	  10
#define PERIOD_NS 100000000ull /* 100 ms: 10 Hz */
/* A tick later than this after its deadline is reported as a failure. */
#define LATE_NS 50000000ull

static uint64_t start, period;
static volatile unsigned int ticks;
static volatile unsigned int late;

/*
 * Interrupt context: main() only sleeps meanwhile, so stdio is free to
 * use here. Re-arming at the previous deadline plus the period keeps the
 * ticks on a 100 ms grid however late each callback runs.
 */
static void tick(struct mv_timer *t, void *arg)
{
	uint64_t now = mv_counter();
	uint64_t behind = mv_ticks_to_ns(now - t->deadline);
	unsigned int n = ++ticks;

	(void)arg;
	if (behind > LATE_NS)
		late++;
	printf("ticker: tick %u at %.1f ms%s\n", n,
	       (double)mv_ticks_to_ns(now - start) / 1e6,
	       behind > LATE_NS ? " (LATE)" : "");
	if (n < TICKS)
		mv_timer_arm_at(t, t->deadline + period, tick, NULL);
}

int main(void)
{
	static struct mv_timer timer;
	uint64_t flags, wakeups = 0;
	int err = mv_gic_init();

	if (err) {
		printf("ticker: no interrupt controller (%d)\n", err);
		return 1;
	}
	mv_local_irq_enable();
	period = mv_ns_to_ticks(PERIOD_NS);
	start = mv_counter();
	err = mv_timer_arm_at(&timer, start + period, tick, NULL);
	if (err) {
		printf("ticker: cannot arm the timer (%d)\n", err);
		return 1;
	}
	flags = mv_local_irq_save();
	while (ticks < TICKS) {
		mv_idle();
		wakeups++;
	}
	mv_local_irq_restore(flags);
	printf("ticker: %u ticks in %.1f ms, %lu wakeups from WFI, %u late\n",
	       ticks, (double)mv_ticks_to_ns(mv_counter() - start) / 1e6,
	       (unsigned long)wakeups, late);
	return late ? 1 : 0;
}
