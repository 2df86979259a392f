/* kernel/panic.c - decoded reports for exceptions taken at EL2 and for software panics, then power-off. */
#include <stdarg.h>

#include "hyp/decode.h"
#include "hyp/esr.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "kernel/panic.h"
#include "platform/power.h"

static unsigned panic_depth;

static void say(const char *fmt, ...)
{
	char line[160];
	va_list ap;

	va_start(ap, fmt);
	mv_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	log_puts(line);
}

/* A fault while reporting a fault: stop printing, just power off. */
static void enter_panic(void)
{
	if (++panic_depth > 1) {
		if (panic_depth == 2)
			power_off(MV_EXIT_PANIC);
		power_halt();
	}
}

void el2_panic_exception(struct exc_frame *f, unsigned vector)
{
	static const char *const from[] = {
		"current EL with SP_EL0", "current EL with SP_EL2",
		"lower EL (AArch64)", "lower EL (AArch32)"};
	static const char *const kind[] = {"synchronous", "IRQ", "FIQ",
					   "SError"};
	unsigned ec = ESR_EC(f->esr);
	char detail[128];

	enter_panic();
	say("\nmicrovisor: PANIC: %s exception at EL2 (%s, vector %u)\n",
	    kind[vector & 3], from[(vector >> 2) & 3], vector);
	say("microvisor:   cause: %s (EC %#x)\n", decode_ec(ec), ec);
	if (esr_is_abort(ec)) {
		decode_abort_iss(ec, ESR_ISS(f->esr), detail, sizeof(detail));
		say("microvisor:   abort: %s\n", detail);
	}
	say("microvisor:   ESR_EL2 %016llx  ELR_EL2 %016llx\n",
	    (unsigned long long)f->esr, (unsigned long long)f->elr);
	say("microvisor:   FAR_EL2 %016llx  SPSR_EL2 %016llx\n",
	    (unsigned long long)f->far, (unsigned long long)f->spsr);
	for (unsigned i = 0; i < 31; i += 2) {
		if (i == 30)
			say("microvisor:   x30 %016llx  sp  %016llx\n",
			    (unsigned long long)f->x[30],
			    (unsigned long long)f->sp);
		else
			say("microvisor:   x%-2u %016llx  x%-2u %016llx\n", i,
			    (unsigned long long)f->x[i], i + 1,
			    (unsigned long long)f->x[i + 1]);
	}
	say("microvisor: powering off after the panic\n");
	power_off(MV_EXIT_PANIC);
}

void mv_panic(const char *fmt, ...)
{
	char line[200];
	va_list ap;

	enter_panic();
	va_start(ap, fmt);
	mv_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	say("\nmicrovisor: PANIC: %s\n", line);
	say("microvisor: powering off after the panic\n");
	power_off(MV_EXIT_PANIC);
}
