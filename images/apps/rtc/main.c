/* images/apps/rtc/main.c - sample appliance for a passed-through device: reads the board's PL031 real-time clock, sets its alarm two seconds ahead, sleeps in WFI until the alarm's interrupt and prints the time. */
#include <inttypes.h>
#include <libfdt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <mv_guest.h>

/*
 * The microvisor gives the appliance the PL031 only when the board's
 * owner says so (passthrough=/pl031@9010000 on qemu-virt): its node is
 * then in the appliance's device tree, its registers at their physical
 * address and its interrupt a GIC SPI linked to the real one.
 */

/* PL031 registers (ARM DDI 0224): data, match, load, control, interrupt
 * mask set/clear, raw and masked status, clear. */
#define RTCDR	0x00
#define RTCMR	0x04
#define RTCCR	0x0c
#define RTCIMSC 0x10
#define RTCRIS	0x14
#define RTCMIS	0x18
#define RTCICR	0x1c
#define RTC_AI	1u /* the alarm interrupt's bit */

#define ALARM_AFTER_S 2
#define GIVE_UP_S     6 /* the virtual timer ends a wait with no alarm */

static uintptr_t rtc;
static volatile unsigned alarms;
static volatile uint64_t alarm_counter;
static volatile uint32_t alarm_mis;

/* The alarm: the counter first, then the interrupt cleared at the
 * device so the level drops before the runtime's EOI. */
static void on_alarm(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	alarm_counter = mv_counter();
	alarm_mis = mv_mmio_read32(rtc + RTCMIS);
	mv_mmio_write32(rtc + RTCICR, RTC_AI);
	alarms++;
}

static struct mv_timer give_up;
static volatile int gave_up;

static void on_give_up(struct mv_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	gave_up = 1;
}

/* Finds the PL031: its registers and its SPI's INTID. */
static int find_rtc(uintptr_t *base, unsigned *intid)
{
	const void *fdt = mv_fdt();
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl031"), len;
	const fdt64_t *reg;
	const fdt32_t *irq;

	if (node < 0) {
		printf("rtc: no PL031 in the device tree: the board's owner "
		       "gives it with the microvisor's boot option "
		       "passthrough=/pl031@9010000 (qemu-virt)\n");
		return -1;
	}
	reg = fdt_getprop(fdt, node, "reg", &len);
	irq = fdt_getprop(fdt, node, "interrupts", NULL);
	if (!reg || len < 16 || !irq || fdt32_to_cpu(irq[0]) != 0) {
		printf("rtc: the PL031 node has no reg or no SPI\n");
		return -1;
	}
	*base = (uintptr_t)fdt64_to_cpu(reg[0]);
	*intid = 32 + fdt32_to_cpu(irq[1]);
	return 0;
}

static void print_time(const char *what, uint32_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[32];

	gmtime_r(&tt, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	printf("rtc: %s %s UTC (RTCDR %" PRIu32 ")\n", what, buf, t);
}

int main(void)
{
	unsigned intid;
	uint32_t now, target, at;
	uint64_t flags, set_at;
	double waited;

	if (find_rtc(&rtc, &intid))
		return 2;
	/* PrimeCell ID: 0xb105f00d, read byte-wide from the top page. */
	if (mv_mmio_read32(rtc + 0xff0) != 0x0d ||
	    mv_mmio_read32(rtc + 0xffc) != 0xb1) {
		printf("rtc: no PrimeCell at %#lx\n", (unsigned long)rtc);
		return 1;
	}
	printf("rtc: PL031 at %#lx, alarm interrupt INTID %u\n",
	       (unsigned long)rtc, intid);
	if (mv_gic_init() || mv_irq_register(intid, 0xa0, on_alarm, NULL) ||
	    mv_irq_enable(intid)) {
		printf("rtc: the alarm's interrupt cannot be enabled\n");
		return 1;
	}
	mv_mmio_write32(rtc + RTCCR, 1); /* running (it is, after reset) */
	now = mv_mmio_read32(rtc + RTCDR);
	print_time("now", now);

	target = now + ALARM_AFTER_S;
	mv_mmio_write32(rtc + RTCICR, RTC_AI);
	mv_mmio_write32(rtc + RTCMR, target);
	mv_mmio_write32(rtc + RTCIMSC, RTC_AI);
	set_at = mv_counter();
	mv_timer_arm_after_ns(&give_up, GIVE_UP_S * 1000000000ull, on_give_up,
			      NULL);
	printf("rtc: alarm set for %" PRIu32 "; sleeping in WFI\n", target);

	flags = mv_local_irq_save();
	while (!alarms && !gave_up)
		mv_idle();
	mv_local_irq_restore(flags);
	mv_timer_cancel(&give_up);
	mv_mmio_write32(rtc + RTCIMSC, 0);

	if (!alarms) {
		printf("rtc: no alarm interrupt within %d s (raw status %#x)\n",
		       GIVE_UP_S, mv_mmio_read32(rtc + RTCRIS));
		return 1;
	}
	at = mv_mmio_read32(rtc + RTCDR);
	waited = (double)mv_ticks_to_ns(alarm_counter - set_at) / 1e9;
	print_time("alarm:", at);
	printf("rtc: the alarm interrupt came %.2f s after it was set "
	       "(masked status %#" PRIx32 ", %u interrupt)\n",
	       waited, alarm_mis, alarms);
	if (at < target || !(alarm_mis & RTC_AI) || alarms != 1) {
		printf("rtc: FAIL: woken before the alarm time\n");
		return 1;
	}
	printf("rtc: done\n");
	return 0;
}
