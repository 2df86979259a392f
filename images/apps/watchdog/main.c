/* images/apps/watchdog/main.c - test appliance for the microvisor's watchdog (boot option watchdog=, call MV_WATCHDOG): stops petting and spins (stop), spins with DAIF masked (masked), or pets for 3 s and exits 0 (pet). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <mv_guest.h>

#define PET_RUN_S 3

static double ms(uint64_t ticks)
{
	return (double)mv_ticks_to_ns(ticks) / 1e6;
}

/* MV_WATCHDOG: a sign of life; the period in seconds, 0 when none runs. */
static int64_t pet(void)
{
	return mv_hvc1(MV_WATCHDOG, 0);
}

/*
 * Spins (never sleeps) and prints how long ago the last pet was, every
 * 100 ms, so the log shows when the watchdog ended the appliance from
 * the appliance's side. Console calls are not signs of life. Gives up
 * with status 1 after five periods: the watchdog did not fire.
 */
static int spin(uint64_t last_pet, int64_t period)
{
	uint64_t step = mv_counter_freq() / 10;
	unsigned int n;

	for (n = 1; n <= 50 * (unsigned int)period; n++) {
		while (mv_counter() - last_pet < n * step)
			;
		printf("watchdog: %u ms since the last pet\n", n * 100);
	}
	printf("watchdog: FAIL still running %u ms after the last pet\n",
	       n * 100);
	return 1;
}

static int64_t first_pet(const char *mode)
{
	int64_t period = pet();

	if (period <= 0)
		printf("watchdog: %s: FAIL MV_WATCHDOG returned %ld: no "
		       "watchdog runs (boot with watchdog=N)\n",
		       mode, (long)period);
	else
		printf("watchdog: %s: period %ld s\n", mode, (long)period);
	return period;
}

static int mode_stop(void)
{
	int64_t period = first_pet("stop");
	uint64_t t;

	if (period <= 0)
		return 2;
	for (int i = 1; i <= 3; i++) {
		t = mv_counter();
		while (mv_counter() - t < mv_counter_freq() / 10)
			;
		pet();
		printf("watchdog: stop: pet %d at %.1f ms\n", i,
		       ms(mv_counter()));
	}
	t = mv_counter();
	pet();
	printf("watchdog: stop: last pet at %.1f ms (counter %" PRIu64
	       "); spinning\n",
	       ms(t), t);
	return spin(t, period);
}

static int mode_masked(void)
{
	int64_t period = first_pet("masked");
	uint64_t t;

	if (period <= 0)
		return 2;
	t = mv_counter();
	pet();
	printf("watchdog: masked: last pet at %.1f ms; spinning with DAIF "
	       "masked\n",
	       ms(t));
	fflush(stdout);
	/* No interrupt can reach EL1 now; the watchdog is EL2's. */
	asm volatile("msr daifset, #0xf" ::: "memory");
	return spin(t, period);
}

/* Pets every 200 ms for 3 s, sleeping in WFI between: the watchdog must
 * not fire while petted, asleep or not. */
static int mode_pet(void)
{
	int64_t period = first_pet("pet");
	uint64_t start, worst = 0, last;
	unsigned int pets = 0;
	int err;

	if (period <= 0)
		return 2;
	err = mv_gic_init();
	if (err) {
		printf("watchdog: pet: FAIL mv_gic_init() = %d\n", err);
		return 1;
	}
	mv_local_irq_enable();
	start = last = mv_counter();
	while (mv_counter() - start < PET_RUN_S * mv_counter_freq()) {
		uint64_t now;

		usleep(200000);
		pet();
		now = mv_counter();
		if (now - last > worst)
			worst = now - last;
		last = now;
		pets++;
	}
	printf("watchdog: pet: %u pets over %.1f ms with period %ld s, at "
	       "most %.1f ms apart; %" PRIu64 " timer interrupts\n",
	       pets, ms(mv_counter() - start), (long)period, ms(worst),
	       mv_timer_irqs());
	return 0;
}

/*
 * For on_exit=restart: first checks that the timer interrupt wakes a
 * sleep (a restarted run must get it back), then leaves the timer's
 * interrupt taken by the microvisor but never handled (due, IRQs masked)
 * and stops petting, so the watchdog ends the run with it outstanding.
 */
static int mode_wedge(void)
{
	int64_t period = first_pet("wedge");
	uint64_t t0, t1;
	int err;

	if (period <= 0)
		return 2;
	err = mv_gic_init();
	if (err) {
		printf("watchdog: wedge: FAIL mv_gic_init() = %d\n", err);
		return 1;
	}
	mv_local_irq_enable();
	t0 = mv_counter();
	usleep(10000);
	t1 = mv_counter();
	printf("watchdog: wedge: usleep(10000) woke by the timer interrupt "
	       "after %.1f ms (%" PRIu64 " timer interrupts)\n",
	       ms(t1 - t0), mv_timer_irqs());
	fflush(stdout);
	mv_local_irq_disable();
	asm volatile(
		"msr cntv_cval_el0, xzr\n\tmsr cntv_ctl_el0, %0\n\tisb" ::"r"(
			1ull)
		: "memory");
	printf("watchdog: wedge: timer due with IRQs masked; spinning\n");
	return spin(mv_counter(), period);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (!strcmp(mode, "stop"))
		return mode_stop();
	if (!strcmp(mode, "masked"))
		return mode_masked();
	if (!strcmp(mode, "pet"))
		return mode_pet();
	if (!strcmp(mode, "wedge"))
		return mode_wedge();
	printf("watchdog: usage: watchdog stop|masked|pet|wedge\n");
	return 2;
}
