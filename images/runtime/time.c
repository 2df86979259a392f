/* images/runtime/time.c - time for an appliance: clocks on the virtual counter, sleeping and software timers on each CPU's virtual timer. */
#include <errno.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>

#include "runtime.h"

int _gettimeofday(struct timeval *tv, void *tz);
clock_t _times(struct tms *buf);

/* ---- time ---- */

#define NSEC_PER_SEC 1000000000ull
#define CNTV_ENABLE  (1u << 0)
#define CNTV_IMASK   (1u << 1)

uint64_t mv_ns_to_ticks(uint64_t ns)
{
	uint64_t f = mv_counter_freq();
	uint64_t whole = ns / NSEC_PER_SEC, part = ns % NSEC_PER_SEC;

	if (!f)
		return 0;
	if (whole > UINT64_MAX / f)
		return UINT64_MAX;
	/* part * f < 1e9 * 2^32 for any sane frequency: no overflow. */
	return whole * f + (part * f + NSEC_PER_SEC - 1) / NSEC_PER_SEC;
}

uint64_t mv_ticks_to_ns(uint64_t ticks)
{
	uint64_t f = mv_counter_freq();

	if (!f)
		return 0;
	if (ticks / f > UINT64_MAX / NSEC_PER_SEC)
		return UINT64_MAX;
	return ticks / f * NSEC_PER_SEC + ticks % f * NSEC_PER_SEC / f;
}

static void cntv_write(uint32_t ctl, uint64_t cval)
{
	asm volatile("msr cntv_cval_el0, %0" ::"r"(cval));
	asm volatile("msr cntv_ctl_el0, %0\n\tisb" ::"r"((uint64_t)ctl)
		     : "memory");
}

static void cntv_mask(void)
{
	asm volatile("msr cntv_ctl_el0, %0\n\tisb" ::"r"(
			     (uint64_t)(CNTV_ENABLE | CNTV_IMASK))
		     : "memory");
}

/*
 * Each CPU has its own virtual timer, so each keeps its own list of armed
 * timers (mv_this_cpu()->timers), earliest first, changed only by that
 * CPU with IRQs masked: no lock is needed.
 */
uint64_t mv_timer_irqs(void)
{
	return mv_this_cpu()->timer_irqs;
}

/* The comparator holds the earliest deadline, or the timer is masked. */
static void timer_program(struct mv_cpu_state *c)
{
	if (c->timers)
		cntv_write(CNTV_ENABLE, c->timers->deadline);
	else
		cntv_mask();
}

/*
 * INTID 27. The timer is masked first (IMASK: its level-triggered line
 * drops, so it cannot fire again when deactivated), then every expired
 * timer's callback runs, then the comparator gets the next deadline.
 */
static void timer_irq(unsigned int intid, void *arg)
{
	struct mv_cpu_state *c = mv_this_cpu();
	uint64_t now;

	(void)intid;
	(void)arg;
	cntv_mask();
	c->timer_irqs++;
	now = mv_counter();
	while (c->timers && c->timers->deadline <= now) {
		struct mv_timer *t = c->timers;

		c->timers = t->next;
		t->armed = false;
		t->fired_at = now;
		if (t->fn)
			t->fn(t, t->arg);
		now = mv_counter();
	}
	timer_program(c);
}

/*
 * The timer is the runtime's on this CPU: its handler installed (the
 * table is shared) and INTID 27 set up in this CPU's redistributor, or
 * both can be done now.
 */
static int timer_claim(void)
{
	struct mv_cpu_state *c = mv_this_cpu();
	mv_irq_handler h;
	int err;

	if (!mv_gic_ready())
		return -ENODEV;
	h = mv_irq_handler_of(MV_INTID_VTIMER);
	if (h == timer_irq && c->timer_on)
		return 0;
	if (h && h != timer_irq)
		return -EBUSY;
	cntv_mask();
	if (h)
		err = mv_irq_set_priority(MV_INTID_VTIMER, MV_IRQ_PRIO_DEFAULT);
	else
		err = mv_irq_register(MV_INTID_VTIMER, MV_IRQ_PRIO_DEFAULT,
				      timer_irq, NULL);
	if (!err)
		err = mv_irq_enable(MV_INTID_VTIMER);
	if (!err)
		c->timer_on = true;
	return err;
}

static void timer_unlink(struct mv_cpu_state *c, struct mv_timer *t)
{
	struct mv_timer **p;

	for (p = &c->timers; *p; p = &(*p)->next)
		if (*p == t) {
			*p = t->next;
			break;
		}
	t->armed = false;
}

int mv_timer_arm_at(struct mv_timer *t, uint64_t deadline, mv_timer_fn fn,
		    void *arg)
{
	struct mv_cpu_state *c = mv_this_cpu();
	struct mv_timer **p;
	uint64_t flags;
	int err = timer_claim();

	if (err)
		return err;
	flags = mv_local_irq_save();
	if (t->armed) {
		/* Another CPU's list is that CPU's alone. */
		if (t->cpu != mv_cpu_index()) {
			mv_local_irq_restore(flags);
			return -EBUSY;
		}
		timer_unlink(c, t);
	}
	t->deadline = deadline;
	t->fn = fn;
	t->arg = arg;
	t->cpu = mv_cpu_index();
	/* After the ones with the same deadline: they fire in arming order. */
	for (p = &c->timers; *p && (*p)->deadline <= deadline; p = &(*p)->next)
		;
	t->next = *p;
	*p = t;
	t->armed = true;
	if (c->timers == t)
		timer_program(c);
	mv_local_irq_restore(flags);
	return 0;
}

int mv_timer_arm_after_ns(struct mv_timer *t, uint64_t ns, mv_timer_fn fn,
			  void *arg)
{
	uint64_t now = mv_counter(), d = mv_ns_to_ticks(ns);

	return mv_timer_arm_at(t, d > UINT64_MAX - now ? UINT64_MAX : now + d,
			       fn, arg);
}

bool mv_timer_cancel(struct mv_timer *t)
{
	struct mv_cpu_state *c = mv_this_cpu();
	uint64_t flags = mv_local_irq_save();
	bool was = t->armed && t->cpu == mv_cpu_index();

	if (was) {
		bool first = c->timers == t;

		timer_unlink(c, t);
		if (first)
			timer_program(c);
	}
	mv_local_irq_restore(flags);
	return was;
}

/* A CPU going off: its timers can never fire; none stays armed. */
void mv_timers_drop(void)
{
	struct mv_cpu_state *c = mv_this_cpu();
	uint64_t flags = mv_local_irq_save();

	while (c->timers) {
		struct mv_timer *t = c->timers;

		c->timers = t->next;
		t->armed = false;
	}
	cntv_mask();
	mv_local_irq_restore(flags);
}

static void sleep_wake(struct mv_timer *t, void *arg)
{
	(void)t;
	(void)arg;
}

void mv_sleep_until(uint64_t deadline)
{
	struct mv_timer t = {0};
	uint64_t flags;

	/*
	 * In a handler the running priority may hold the timer back, and
	 * without the GIC nothing would wake a WFI: poll instead.
	 */
	if (mv_irq_depth() || timer_claim()) {
		while (mv_counter() < deadline)
			asm volatile("yield");
		return;
	}
	/* Checked and slept with IRQs masked: no wake-up is lost. A caller
	 * that had them masked keeps them so; WFI wakes all the same. */
	flags = mv_local_irq_save();
	mv_timer_arm_at(&t, deadline, sleep_wake, NULL);
	while (mv_counter() < deadline) {
		if (flags & (1u << 7))
			asm volatile("dsb sy\n\twfi" ::: "memory");
		else
			mv_idle();
	}
	mv_timer_cancel(&t);
	mv_local_irq_restore(flags);
}

void mv_sleep_ns(uint64_t ns)
{
	uint64_t now = mv_counter(), d = mv_ns_to_ticks(ns);

	mv_sleep_until(d > UINT64_MAX - now ? UINT64_MAX : now + d);
}

static int timespec_ns(const struct timespec *ts, uint64_t *ns)
{
	if (!ts || ts->tv_sec < 0 || ts->tv_nsec < 0 ||
	    ts->tv_nsec >= (long)NSEC_PER_SEC)
		return -1;
	if ((uint64_t)ts->tv_sec > UINT64_MAX / NSEC_PER_SEC - 1)
		*ns = UINT64_MAX;
	else
		*ns = (uint64_t)ts->tv_sec * NSEC_PER_SEC +
		      (uint64_t)ts->tv_nsec;
	return 0;
}

/* Both clocks are the virtual counter: time since the appliance started. */
static int clock_ok(clockid_t id)
{
	return id == CLOCK_MONOTONIC || id == CLOCK_REALTIME;
}

int clock_gettime(clockid_t clock_id, struct timespec *tp)
{
	uint64_t ns;

	if (!clock_ok(clock_id) || !tp) {
		errno = EINVAL;
		return -1;
	}
	ns = mv_uptime_ns();
	tp->tv_sec = (time_t)(ns / NSEC_PER_SEC);
	tp->tv_nsec = (long)(ns % NSEC_PER_SEC);
	return 0;
}

int clock_getres(clockid_t clock_id, struct timespec *res)
{
	uint64_t f = mv_counter_freq();

	if (!clock_ok(clock_id)) {
		errno = EINVAL;
		return -1;
	}
	if (res)
		*res = (struct timespec){
			.tv_nsec = f ? (long)((NSEC_PER_SEC + f - 1) / f) : 1};
	return 0;
}

int clock_nanosleep(clockid_t clock_id, int flags, const struct timespec *rqtp,
		    struct timespec *rmtp)
{
	uint64_t ns;

	/* An error is returned, not put in errno (POSIX). */
	if (!clock_ok(clock_id))
		return EINVAL;
	if (timespec_ns(rqtp, &ns))
		return EINVAL;
	if (flags & TIMER_ABSTIME) {
		mv_sleep_until(mv_ns_to_ticks(ns));
	} else {
		mv_sleep_ns(ns);
		/* No signals: a sleep is never cut short. */
		if (rmtp)
			*rmtp = (struct timespec){0};
	}
	return 0;
}

int nanosleep(const struct timespec *rqtp, struct timespec *rmtp)
{
	int err = clock_nanosleep(CLOCK_MONOTONIC, 0, rqtp, rmtp);

	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

unsigned int sleep(unsigned int seconds)
{
	mv_sleep_ns((uint64_t)seconds * NSEC_PER_SEC);
	return 0;
}

int usleep(useconds_t usec)
{
	mv_sleep_ns((uint64_t)usec * 1000);
	return 0;
}

/*
 * gettimeofday() and time(): there is no wall clock, so the epoch is the
 * appliance's start (the same clock as CLOCK_REALTIME). A timezone, if
 * asked for, is UTC.
 */
int _gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t ns = mv_uptime_ns();

	if (tv) {
		tv->tv_sec = (time_t)(ns / NSEC_PER_SEC);
		tv->tv_usec = (suseconds_t)(ns % NSEC_PER_SEC / 1000);
	}
	if (tz)
		*(struct timezone *)tz = (struct timezone){0};
	return 0;
}

/*
 * The appliance owns its CPU, so the time since the counter started is
 * its CPU time; this makes clock() useful for measurements.
 */
clock_t _times(struct tms *buf)
{
	uint64_t f = mv_counter_freq(), t = mv_counter();
	clock_t ticks = f ? (clock_t)(t / f * CLOCKS_PER_SEC +
				      t % f * CLOCKS_PER_SEC / f)
			  : 0;

	if (buf)
		*buf = (struct tms){.tms_utime = ticks};
	return ticks;
}
