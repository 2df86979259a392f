/* images/apps/timer/main.c - test appliance for the virtual timer, the vGIC and the runtime's interrupt and time API: one mode per signed variant (argv[1]), PASS/FAIL lines, exit 0 only if every check passed. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <mv_guest.h>

#define CNTV_ENABLE  (1u << 0)
#define CNTV_IMASK   (1u << 1)
#define CNTV_ISTATUS (1u << 2)

#define PRIO_TIMER 0xa0
#define PRIO_HIGH  0x20 /* preempts the timer's handler */
#define PRIO_LOW   0xc0 /* does not */

static unsigned int checks, failures;
static const char *mode = "";

static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (!ok)
		failures++;
	printf("timer: %s: %s ", mode, ok ? "PASS" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static int finish(void)
{
	if (failures)
		printf("timer: %s: %u of %u checks FAILED\n", mode, failures,
		       checks);
	else
		printf("timer: %s: all %u checks passed\n", mode, checks);
	return failures ? 1 : 0;
}

static double ms(uint64_t ticks)
{
	return (double)mv_ticks_to_ns(ticks) / 1e6;
}

static double us(uint64_t ticks)
{
	return (double)mv_ticks_to_ns(ticks) / 1e3;
}

static uint64_t cntv_ctl(void)
{
	uint64_t v;

	asm volatile("isb\n\tmrs %0, cntv_ctl_el0" : "=r"(v));
	return v;
}

static void cntv_set(uint64_t cval, uint64_t ctl)
{
	asm volatile("msr cntv_cval_el0, %0" ::"r"(cval));
	asm volatile("msr cntv_ctl_el0, %0\n\tisb" ::"r"(ctl) : "memory");
}

/* ICC_RPR_EL1: the running priority, 0xff when no interrupt is active. */
static uint64_t running_priority(void)
{
	uint64_t v;

	asm volatile("mrs %0, S3_0_C12_C11_3" : "=r"(v));
	return v & 0xff;
}

/* ---- a handler of the appliance's own for the virtual timer ---------- */

static volatile unsigned int hits;
static volatile uint64_t hit_at, hit_ctl;
static volatile int hit_active; /* ISACTIVER as the handler saw it */
static volatile int keep_active;

/* The counter first, then the timer masked so its line drops. */
static void vtimer_own(unsigned int intid, void *arg)
{
	uint64_t now = mv_counter();

	(void)arg;
	hit_ctl = cntv_ctl();
	cntv_set(0, CNTV_ENABLE | CNTV_IMASK);
	hit_at = now;
	hit_active = mv_irq_is_active(intid);
	if (keep_active)
		mv_irq_keep_active();
	hits++;
}

static void setup_gic(mv_irq_handler vtimer)
{
	int err = mv_gic_init();

	check(!err, "mv_gic_init() = %d", err);
	if (err) {
		finish();
		mv_exit(1);
	}
	if (vtimer) {
		mv_irq_register(MV_INTID_VTIMER, PRIO_TIMER, vtimer, NULL);
		mv_irq_enable(MV_INTID_VTIMER);
	}
	mv_local_irq_enable();
}

/* Sleeps in WFI until the handler has run 'target' times. */
static void wait_hits(unsigned int target)
{
	uint64_t flags = mv_local_irq_save();

	while (hits < target)
		mv_idle();
	mv_local_irq_restore(flags);
}

/* ---- deadlines ---------------------------------------------------------- */

#define NDEADLINES 50

static struct mv_timer *order[8];
static volatile unsigned int norder;

static void lib_fired(struct mv_timer *t, void *arg)
{
	(void)arg;
	if (norder < 8)
		order[norder++] = t;
}

static int mode_deadlines(void)
{
	uint64_t f = mv_counter_freq(), bound = f / 10; /* 100 ms */
	uint64_t lat_min = UINT64_MAX, lat_max = 0, d_ns = 10000, t0, t1;
	unsigned int ok = 0, i;
	struct timespec ts, ts2, req = {0, 20000000};
	struct timeval tv;

	printf("timer: deadlines: counter at %" PRIu64 " Hz\n", f);

	/* Without the GIC the sleeping functions poll the counter. */
	t0 = mv_counter();
	usleep(20000);
	t1 = mv_counter();
	check(t1 - t0 >= mv_ns_to_ticks(20000000) && t1 - t0 < bound * 2,
	      "usleep(20000) without the GIC (polling) took %.3f ms",
	      ms(t1 - t0));

	setup_gic(vtimer_own);

	/* 50 deadlines, 10 us growing by 16.8% a step to about 20 ms. */
	for (i = 0; i < NDEADLINES + 2; i++) {
		uint64_t now = mv_counter(), cval, lat;
		unsigned int before = hits;
		const char *what = "ahead";

		if (i < NDEADLINES) {
			cval = now + mv_ns_to_ticks(d_ns);
		} else if (i == NDEADLINES) {
			cval = now > 1000 ? now - 1000 : 0; /* already past */
			what = "in the past";
		} else {
			cval = now; /* due now */
			what = "due now";
		}
		cntv_set(cval, CNTV_ENABLE);
		wait_hits(before + 1);
		lat = hit_at - cval;
		if (hit_at >= cval && (hit_ctl & CNTV_ISTATUS) &&
		    lat <= bound) {
			ok++;
			if (lat < lat_min)
				lat_min = lat;
			if (lat > lat_max)
				lat_max = lat;
		} else {
			check(0,
			      "deadline %u (%s, %.1f us): interrupt at counter "
			      "%" PRIu64 ", CVAL %" PRIu64
			      ", CNTV_CTL %#" PRIx64,
			      i, what, (double)d_ns / 1e3, hit_at, cval,
			      hit_ctl);
		}
		if (i < NDEADLINES && (i % 10 == 0 || i == NDEADLINES - 1))
			printf("timer: deadlines: %u: %.1f us ahead, taken "
			       "%.1f us after CVAL\n",
			       i, (double)d_ns / 1e3, us(lat));
		if (i < NDEADLINES)
			d_ns = d_ns * 1168 / 1000;
	}
	check(ok == NDEADLINES + 2,
	      "%u of %u deadlines: interrupt at or after CVAL with ISTATUS "
	      "set, within %.0f ms; latency min %.1f us, max %.1f us",
	      ok, NDEADLINES + 2, ms(bound), us(lat_min), us(lat_max));

	/* The runtime's software timers: give INTID 27 back to it. */
	mv_irq_register(MV_INTID_VTIMER, PRIO_TIMER, NULL, NULL);
	{
		static struct mv_timer a, b, c, d;
		uint64_t now = mv_counter(), flags;
		int err;

		norder = 0;
		err = mv_timer_arm_at(&a, now + mv_ns_to_ticks(30000000),
				      lib_fired, NULL);
		mv_timer_arm_at(&b, now + mv_ns_to_ticks(10000000), lib_fired,
				NULL);
		mv_timer_arm_at(&c, now + mv_ns_to_ticks(20000000), lib_fired,
				NULL);
		mv_timer_arm_at(&d, now + mv_ns_to_ticks(15000000), lib_fired,
				NULL);
		check(err == 0, "mv_timer_arm_at() = %d", err);
		check(mv_timer_cancel(&d) && !mv_timer_cancel(&d),
		      "mv_timer_cancel(): true for an armed timer, then false");
		flags = mv_local_irq_save();
		while (norder < 3)
			mv_idle();
		mv_local_irq_restore(flags);
		check(order[0] == &b && order[1] == &c && order[2] == &a,
		      "three timers armed 30, 10, 20 ms ahead fire in deadline "
		      "order (10, 20, 30 ms)");
		check(a.fired_at >= a.deadline && b.fired_at >= b.deadline &&
			      c.fired_at >= c.deadline,
		      "each callback ran at or after its deadline (%.1f, %.1f, "
		      "%.1f us late)",
		      us(b.fired_at - b.deadline), us(c.fired_at - c.deadline),
		      us(a.fired_at - a.deadline));
		usleep(20000);
		check(norder == 3, "the cancelled timer never fired");
	}

	/* The clocks and sleeps on the timer interrupt. */
	t0 = mv_counter();
	nanosleep(&req, NULL);
	t1 = mv_counter();
	check(t1 - t0 >= mv_ns_to_ticks(20000000) && t1 - t0 < bound * 2,
	      "nanosleep(20 ms) in WFI took %.3f ms", ms(t1 - t0));
	errno = 0;
	req.tv_nsec = 1000000000;
	check(nanosleep(&req, NULL) == -1 && errno == EINVAL,
	      "nanosleep() with tv_nsec = 1e9 fails with EINVAL");
	clock_gettime(CLOCK_MONOTONIC, &ts);
	usleep(1000);
	clock_gettime(CLOCK_REALTIME, &ts2);
	check((ts2.tv_sec - ts.tv_sec) * 1000000000L +
			      (ts2.tv_nsec - ts.tv_nsec) >=
		      1000000,
	      "CLOCK_MONOTONIC %ld.%09ld, then CLOCK_REALTIME %ld.%09ld "
	      "after usleep(1000): the same clock, 1 ms later",
	      (long)ts.tv_sec, ts.tv_nsec, (long)ts2.tv_sec, ts2.tv_nsec);
	check(gettimeofday(&tv, NULL) == 0 && tv.tv_sec == ts2.tv_sec &&
		      time(NULL) == ts2.tv_sec,
	      "gettimeofday() and time() count from the appliance's start "
	      "(%ld s)",
	      (long)tv.tv_sec);
	printf("timer: deadlines: %" PRIu64 " timer interrupts taken by the "
	       "runtime's handler, %" PRIu64 " interrupts in all\n",
	       mv_timer_irqs(), mv_irq_count());
	return finish();
}

/* ---- masked ---------------------------------------------------------------
 */

static void vtimer_unwanted(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	cntv_set(0, CNTV_ENABLE | CNTV_IMASK);
	printf("timer: masked: FAIL the masked timer's interrupt was taken\n");
}

/*
 * A masked timer whose deadline has passed must not wake WFI. The only
 * other wake source is the watchdog, which ends the appliance: so this
 * mode never returns, and the case expects reason=watchdog.
 */
static int mode_masked(void)
{
	int64_t period = mv_hvc1(MV_WATCHDOG, 0);
	uint64_t start, ctl, wakeups = 0;
	int pending;

	if (period <= 0) {
		printf("timer: masked: FAIL no watchdog (boot with "
		       "watchdog=N): "
		       "nothing would end this test\n");
		return 2;
	}
	setup_gic(vtimer_unwanted);
	start = mv_counter();
	cntv_set(start > 1000 ? start - 1000 : 0, CNTV_ENABLE | CNTV_IMASK);
	ctl = cntv_ctl();
	check((ctl & (CNTV_ENABLE | CNTV_IMASK | CNTV_ISTATUS)) == 7,
	      "the timer is enabled, masked, and its condition met: CNTV_CTL "
	      "%#" PRIx64,
	      ctl);
	pending = mv_irq_is_pending(MV_INTID_VTIMER);
	check(pending == 0, "INTID 27 is not pending at the GIC (%d)", pending);
	printf("timer: masked: watchdog period %ld s, petted once at %.1f ms; "
	       "now in WFI with IRQs unmasked\n",
	       (long)period, ms(start));
	fflush(stdout);
	for (;;) {
		asm volatile("dsb sy\n\twfi" ::: "memory");
		wakeups++;
		printf("timer: masked: wakeup %" PRIu64 " at %.1f ms\n",
		       wakeups, ms(mv_counter()));
		/* A storm of wakeups: say so rather than wait for the dog. */
		if (wakeups >= 100) {
			printf("timer: masked: FAIL WFI keeps returning\n");
			return 1;
		}
	}
}

/* ---- eoimode0 and eoimode1 ------------------------------------------------
 */

static int mode_eoi(int eoimode)
{
	unsigned int round;
	int err;

	setup_gic(vtimer_own);
	err = mv_irq_set_eoimode(eoimode);
	check(!err && mv_irq_eoimode() == eoimode,
	      "EOImode %d set (ICC_CTLR_EL1.EOImode)", eoimode);
	keep_active = eoimode;
	for (round = 1; round <= 3; round++) {
		uint64_t cval = mv_counter() + mv_ns_to_ticks(2000000);
		unsigned int before = hits;
		int active, pending;
		uint64_t rpr, ctl;

		cntv_set(cval, CNTV_ENABLE);
		wait_hits(before + 1);
		check(hit_at >= cval && hit_active == 1,
		      "round %u: the interrupt came %.1f us after CVAL and was "
		      "active in its handler",
		      round, us(hit_at - cval));
		active = mv_irq_is_active(MV_INTID_VTIMER);
		rpr = running_priority();
		if (!eoimode) {
			check(active == 0 && rpr == 0xff,
			      "round %u: after the handler's EOIR: active %d, "
			      "running priority %#" PRIx64 " (idle)",
			      round, active, rpr);
			continue;
		}
		check(active == 1 && rpr == 0xff,
		      "round %u: after EOIR: still active (GICR_ISACTIVER0 bit "
		      "27 = %d), running priority dropped to %#" PRIx64,
		      round, active, rpr);

		/*
		 * Active, the timer cannot interrupt again, due or not. QEMU
		 * raises ISTATUS and the line only when its host-side timer
		 * runs, which lags the counter when the host is busy: wait for
		 * ISTATUS (up to a second), then hold the line up for 5 ms.
		 */
		before = hits;
		cval = mv_counter() + mv_ns_to_ticks(1000000);
		cntv_set(cval, CNTV_ENABLE);
		while (!(cntv_ctl() & CNTV_ISTATUS) &&
		       mv_counter() < cval + mv_counter_freq())
			;
		for (uint64_t t = mv_counter();
		     mv_counter() < t + mv_ns_to_ticks(5000000);)
			;
		ctl = cntv_ctl();
		check(hits == before && (ctl & CNTV_ISTATUS),
		      "round %u: re-armed, its condition met (CNTV_CTL "
		      "%#" PRIx64
		      ") for 5 ms with IRQs unmasked, the still-active timer "
		      "did not interrupt",
		      round, ctl);
		if (hits != before)
			printf("timer: %s: round %u: %u interrupt(s) taken, "
			       "the last at CVAL%+.1f us, active in its "
			       "handler "
			       "%d, CNTV_CTL then %#" PRIx64 "\n",
			       mode, round, hits - before,
			       (double)((int64_t)(hit_at - cval)) * 1e6 /
				       (double)mv_counter_freq(),
			       hit_active, hit_ctl);

		mv_local_irq_disable();
		mv_irq_deactivate(MV_INTID_VTIMER);
		active = mv_irq_is_active(MV_INTID_VTIMER);
		pending = mv_irq_is_pending(MV_INTID_VTIMER);
		mv_local_irq_enable();
		check(active == 0,
		      "round %u: after ICC_DIR_EL1: GICR_ISACTIVER0 bit 27 = "
		      "%d "
		      "(pending %d)",
		      round, active, pending);
		wait_hits(before + 1);
		check(hits == before + 1 && hit_at >= cval,
		      "round %u: then the next timer interrupt arrived (%.1f "
		      "ms "
		      "after its CVAL, held back while active)",
		      round, ms(hit_at - cval));
		/* That one was kept active too: end it (masked, it is quiet).
		 */
		mv_irq_deactivate(MV_INTID_VTIMER);
		active = mv_irq_is_active(MV_INTID_VTIMER);
		check(active == 0, "round %u: deactivated again (%d)", round,
		      active);
	}
	return finish();
}

/* ---- nest -----------------------------------------------------------------
 */

struct event {
	const char *what;
	unsigned int depth;
};
static struct event events[16];
static volatile unsigned int nevents;
static volatile int nest_unmask;

static void record(const char *what)
{
	if (nevents < 16)
		events[nevents] = (struct event){what, mv_irq_depth()};
	nevents++;
}

/* Clobbers FP/SIMD registers the interrupted code may hold values in. */
static void clobber_fp(void)
{
	asm volatile("movi v0.16b, #0x11\n\tmovi v8.16b, #0x22\n\t"
		     "movi v16.16b, #0x33\n\tmovi v31.16b, #0x44" ::
			     : "v0", "v8", "v16", "v31");
}

static void vtimer_nest(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	cntv_set(0, CNTV_ENABLE | CNTV_IMASK);
	record("timer-enter");
	clobber_fp();
	if (nest_unmask)
		mv_local_irq_enable();
	mv_sgi_self(1); /* PRIO_HIGH: preempts, if IRQs are unmasked */
	mv_sgi_self(2); /* PRIO_LOW: waits for this handler to end */
	/* Time for anything that can preempt to do so. */
	for (uint64_t end = mv_counter() + mv_ns_to_ticks(1000000);
	     mv_counter() < end;)
		;
	mv_local_irq_disable();
	record("timer-exit");
	hits++;
}

static void sgi_nest(unsigned int intid, void *arg)
{
	(void)arg;
	clobber_fp();
	record(intid == 1 ? "sgi1" : "sgi2");
}

static void show_order(unsigned int round)
{
	char line[200] = "";

	for (unsigned int i = 0; i < nevents && i < 16; i++) {
		char one[32];

		snprintf(one, sizeof(one), "%s%s(depth %u)", i ? " " : "",
			 events[i].what, events[i].depth);
		strncat(line, one, sizeof(line) - strlen(line) - 1);
	}
	printf("timer: nest: round %u: order: %s\n", round, line);
}

static int is_event(unsigned int i, const char *what, unsigned int depth)
{
	return i < nevents && !strcmp(events[i].what, what) &&
	       events[i].depth == depth;
}

static int mode_nest(void)
{
	uint8_t regs[4][16];
	int fp_ok = 1;

	setup_gic(vtimer_nest);
	mv_irq_register(1, PRIO_HIGH, sgi_nest, NULL);
	mv_irq_register(2, PRIO_LOW, sgi_nest, NULL);
	mv_irq_enable(1);
	mv_irq_enable(2);

	for (unsigned int round = 1; round <= 2; round++) {
		unsigned int target = 4;

		nevents = 0;
		nest_unmask = round == 1;
		cntv_set(mv_counter() + mv_ns_to_ticks(1000000), CNTV_ENABLE);
		/*
		 * Spin with IRQs unmasked and values in v0, v8, v16, v31,
		 * which every handler overwrites: the IRQ entry must give
		 * them back.
		 */
		asm volatile(
			"movi v0.16b, #0xa1\n\tmovi v8.16b, #0xa2\n\t"
			"movi v16.16b, #0xa3\n\tmovi v31.16b, #0xa4\n"
			"1:\tldr w9, [%[n]]\n\tcmp w9, %w[t]\n\tb.lo 1b\n\t"
			"str q0, [%[r]]\n\tstr q8, [%[r], #16]\n\t"
			"str q16, [%[r], #32]\n\tstr q31, [%[r], #48]"
			:
			: [n] "r"(&nevents), [t] "r"(target), [r] "r"(regs)
			: "v0", "v8", "v16", "v31", "x9", "cc", "memory");
		for (unsigned int k = 0; k < 4; k++)
			for (unsigned int b = 0; b < 16; b++)
				if (regs[k][b] != 0xa1 + k)
					fp_ok = 0;
		show_order(round);
		if (round == 1)
			check(nevents == 4 && is_event(0, "timer-enter", 1) &&
				      is_event(1, "sgi1", 2) &&
				      is_event(2, "timer-exit", 1) &&
				      is_event(3, "sgi2", 1),
			      "with IRQs unmasked in the timer's handler "
			      "(priority %#x), SGI 1 (%#x) ran inside it and "
			      "SGI 2 (%#x) after it",
			      PRIO_TIMER, PRIO_HIGH, PRIO_LOW);
		else
			check(nevents == 4 && is_event(0, "timer-enter", 1) &&
				      is_event(1, "timer-exit", 1) &&
				      is_event(2, "sgi1", 1) &&
				      is_event(3, "sgi2", 1),
			      "with IRQs left masked in the timer's handler, "
			      "both SGIs ran after it, by priority");
	}
	check(fp_ok, "v0, v8, v16 and v31 survived the (nested) interrupts "
		     "whose handlers overwrote them");
	return finish();
}

/* ---- idle ------------------------------------------------------------------
 */

/* PMU filters: U stops counting at EL0, NSH counts EL2 (P = 0: EL1 too). */
#define PMF_U		(1ull << 30)
#define PMF_NSH		(1ull << 27)
#define EV_INST_RETIRED 0x08

static uint64_t pmccntr(void)
{
	uint64_t v;

	asm volatile("isb\n\tmrs %0, pmccntr_el0" : "=r"(v)::"memory");
	return v;
}

static uint64_t pmevcntr0(void)
{
	uint64_t v;

	asm volatile("isb\n\tmrs %0, pmevcntr0_el0" : "=r"(v)::"memory");
	return v;
}

/*
 * sleep(2) in WFI must cost (nearly) nothing: the instructions retired
 * at EL1 and EL2 across it are counted (the PMU's INST_RETIRED event,
 * exact under QEMU -icount) and printed for the case to bound; a
 * spinning guest would retire about 2e9.
 */
static int mode_idle(void)
{
	uint64_t dfr0, c0, c1, i0, i1, t0, t1, eid, spin;
	unsigned int pmuver;

	asm volatile("mrs %0, id_aa64dfr0_el1" : "=r"(dfr0));
	pmuver = (dfr0 >> 8) & 0xf;
	if (!pmuver || pmuver == 0xf) {
		printf("timer: idle: FAIL no PMU\n");
		return 2;
	}
	asm volatile("mrs %0, pmceid0_el0" : "=r"(eid));
	setup_gic(NULL);

	asm volatile("msr pmccfiltr_el0, %0" ::"r"(PMF_U | PMF_NSH));
	asm volatile(
		"msr pmselr_el0, xzr\n\tisb\n\tmsr pmxevtyper_el0, %0" ::"r"(
			PMF_U | PMF_NSH | EV_INST_RETIRED));
	/* E, P (event counters to 0), C (cycle counter to 0), LC. */
	asm volatile("msr pmcr_el0, %0" ::"r"(0x47ull));
	asm volatile("msr pmcntenset_el0, %0\n\tisb" ::"r"((1ull << 31) | 1));

	/* The control: 200 ms spent polling the counter must count. */
	t0 = mv_counter();
	i0 = pmevcntr0();
	while (mv_counter() - t0 < mv_counter_freq() / 5)
		;
	spin = pmevcntr0() - i0;
	printf("timer: idle: spinning 200 ms: %" PRIu64
	       " instructions retired\n",
	       spin);

	t0 = mv_counter();
	c0 = pmccntr();
	i0 = pmevcntr0();
	sleep(2);
	i1 = pmevcntr0();
	c1 = pmccntr();
	t1 = mv_counter();

	printf("timer: idle: sleep(2) took %.1f ms of the virtual counter\n",
	       ms(t1 - t0));
	/* QEMU's cycle counter follows virtual time, idle or not: shown, but
	 * only the instructions tell sleeping from spinning. */
	printf("timer: idle: PMU cycle counter (EL1+EL2): %" PRIu64 "\n",
	       c1 - c0);
	printf("timer: idle: instructions retired (EL1+EL2): %" PRIu64 "%s\n",
	       i1 - i0,
	       (eid >> EV_INST_RETIRED) & 1 ? "" : " (event not implemented)");
	printf("timer: idle: %" PRIu64 " interrupts taken, %" PRIu64
	       " of them the timer's\n",
	       mv_irq_count(), mv_timer_irqs());
	check(t1 - t0 >= 2 * mv_counter_freq() &&
		      t1 - t0 < 2 * mv_counter_freq() + mv_counter_freq() / 4,
	      "the counter moved by 2 s (%.1f ms)", ms(t1 - t0));
	check(mv_timer_irqs() >= 1, "sleep() slept on the timer interrupt");
	check(spin >= 1000000 && (i1 - i0) * 100 < spin,
	      "sleeping 2 s retired under 1%% of the instructions of spinning "
	      "200 ms (%" PRIu64 " vs %" PRIu64 ")",
	      i1 - i0, spin);
	return finish();
}

/* ---- sgis ---------------------------------------------------------------- */

static volatile unsigned int sgi_seen[16], sgi_order[16], nsgi;

static void sgi_count(unsigned int intid, void *arg)
{
	(void)arg;
	sgi_seen[intid]++;
	if (nsgi < 16)
		sgi_order[nsgi] = intid;
	nsgi++;
}

/*
 * More pending interrupts than the microvisor has list registers (QEMU:
 * 4): all 16 SGIs raised while IRQs are masked must each be taken once,
 * most urgent first, the vGIC refilling its list registers as they drain.
 */
static int mode_sgis(void)
{
	char line[128] = "";
	int ok = 1;

	setup_gic(NULL);
	mv_local_irq_disable();
	/* SGI n at priority 8 * (15 - n): SGI 15 the most urgent. */
	for (unsigned int n = 0; n < 16; n++) {
		mv_irq_register(n, 8 * (15 - n), sgi_count, NULL);
		mv_irq_enable(n);
	}
	for (unsigned int n = 0; n < 16; n++)
		mv_sgi_self(n);
	mv_local_irq_enable();
	for (uint64_t end = mv_counter() + mv_ns_to_ticks(50000000);
	     nsgi < 16 && mv_counter() < end;)
		;
	for (unsigned int i = 0; i < 16 && i < nsgi; i++) {
		char one[8];

		snprintf(one, sizeof(one), "%s%u", i ? " " : "", sgi_order[i]);
		strncat(line, one, sizeof(line) - strlen(line) - 1);
		if (sgi_order[i] != 15 - i)
			ok = 0;
	}
	printf("timer: sgis: taken in the order %s\n", line);
	for (unsigned int n = 0; n < 16; n++)
		if (sgi_seen[n] != 1)
			ok = 0;
	check(ok && nsgi == 16,
	      "16 SGIs raised while masked: each taken once (%u in all), most "
	      "urgent first",
	      nsgi);
	return finish();
}

/* ---- nogic ------------------------------------------------------------- */

/* A board without a GICv3: no interrupts, so time is read and waited for
 * by polling the counter. */
static int mode_nogic(void)
{
	static struct mv_timer t;
	struct timespec req = {0, 30000000}, ts;
	uint64_t t0, t1, f = mv_counter_freq();
	int err = mv_gic_init();

	check(err == -ENODEV, "mv_gic_init() = %d (-ENODEV: no GICv3 node)",
	      err);
	err = mv_timer_arm_after_ns(&t, 1000000, NULL, NULL);
	check(err == -ENODEV, "mv_timer_arm_after_ns() = %d (-ENODEV)", err);
	t0 = mv_counter();
	nanosleep(&req, NULL);
	t1 = mv_counter();
	check(t1 - t0 >= mv_ns_to_ticks(30000000) && t1 - t0 < f / 5,
	      "nanosleep(30 ms) by polling took %.3f ms", ms(t1 - t0));
	t0 = mv_counter();
	sleep(1);
	t1 = mv_counter();
	check(t1 - t0 >= f && t1 - t0 < f + f / 5,
	      "sleep(1) by polling took %.3f ms", ms(t1 - t0));
	check(clock_gettime(CLOCK_MONOTONIC, &ts) == 0 && ts.tv_sec >= 1,
	      "CLOCK_MONOTONIC reads %ld.%09ld s", (long)ts.tv_sec, ts.tv_nsec);
	check(mv_irq_count() == 0, "no interrupt was taken");
	return finish();
}

static int mode_eoimode0(void)
{
	return mode_eoi(0);
}

static int mode_eoimode1(void)
{
	return mode_eoi(1);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(void);
	} modes[] = {
		{"deadlines", mode_deadlines}, {"masked", mode_masked},
		{"eoimode0", mode_eoimode0},   {"eoimode1", mode_eoimode1},
		{"nest", mode_nest},	       {"idle", mode_idle},
		{"nogic", mode_nogic},	       {"sgis", mode_sgis},
	};

	if (argc > 1) {
		mode = argv[1];
		for (unsigned int i = 0; i < sizeof(modes) / sizeof(modes[0]);
		     i++)
			if (!strcmp(mode, modes[i].name))
				return modes[i].run();
	}
	printf("timer: usage: timer deadlines|masked|eoimode0|eoimode1|nest|"
	       "idle|nogic|sgis\n");
	return 2;
}
