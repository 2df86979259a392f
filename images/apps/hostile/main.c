/* images/apps/hostile/main.c - an appliance that attacks the microvisor: the command line picks the attack and its parameters. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"

/*
 * Usage: hostile ATTACK [ARGS...] [then ATTACK [ARGS...]]...: the attacks
 * run in turn while each succeeds (exit status 0), so a case can show a
 * device is there before it attacks around it. Every line it prints starts
 * "hostile: ATTACK: ", so a test can tell the appliance's own report from
 * the microvisor's (which ends a crashed guest with its own report).
 * The attacks, what they do and how each is expected to end are listed
 * in the table below and described where each is implemented:
 * memory.c (IPAs, stack, vectors), calls.c (SMCCC/PSCI/MV calls),
 * cpu.c (system registers, cache and WFx instructions, EL changes) and
 * gic.c (the guest's virtual GIC).
 */

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;
} attacks[] = {
	{"read", attack_read, "ADDR [1|2|4|8|16] [phys]"},
	{"write", attack_write, "ADDR [1|2|4|8|16] [phys]"},
	{"exec", attack_exec, "ADDR"},
	{"own", attack_own, "ADDR"},
	{"stack-overflow", attack_stack_overflow, ""},
	{"vbar0", attack_vbar0, ""},
	{"hvc-fuzz", attack_hvc_fuzz, "SEED CALLS"},
	{"smc-fuzz", attack_smc_fuzz, "SEED CALLS"},
	{"exit-bad", attack_exit_bad, ""},
	{"psci-cpu-on", attack_psci_cpu_on, ""},
	{"psci-end", attack_psci_end, "off|reset|cpu-off [hvc|smc] [SEED]"},
	{"cpu-on", attack_cpu_on, ""},
	{"sysreg", attack_sysreg,
	 "debug|pmu|timer|cntp-ctl|icc-sre|icc-iar1|"
	 "icc-sgi1r|id-read|id-write|impdef"},
	{"setway", attack_setway, ""},
	{"wfx", attack_wfx, "[WFE_COUNT [WFI_COUNT]]"},
	{"vtimer", attack_vtimer, ""},
	{"aarch32", attack_aarch32, ""},
	{"eret-el2", attack_eret_el2, ""},
	{"leak", attack_leak, ""},
	{"gic", attack_gic,
	 "spi|ctlr|sgi-storm [N]|sgi-all|pmr|eoi|lpi|stp|post-index|pt-route"},
	{"primecell", attack_primecell, "ADDR"},
};

static const char *current = "?";

/* Checks that count: one line each, WRONG when it failed. */
int hostile_failures;

void hostile_check(bool ok, const char *what, uint64_t got, uint64_t want)
{
	say("%s: 0x%" PRIx64 " (%s 0x%" PRIx64 ")", what, got,
	    ok ? "ok, expected" : "WRONG, expected", want);
	if (!ok)
		hostile_failures++;
}

int hostile_verdict(const char *what)
{
	say("%s: %s", what, hostile_failures ? "FAILED" : "all as documented");
	return hostile_failures ? 1 : 0;
}

void hostile_say(const char *fmt, ...)
{
	va_list ap;

	printf("hostile: %s: ", current);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	/* The next instruction may end the guest: nothing may stay behind. */
	fflush(stdout);
}

int hostile_parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (!s || !*s)
		return -1;
	*out = strtoull(s, &end, 0);
	return *end ? -1 : 0;
}

int hostile_parse_addr(const char *s, uint64_t *out)
{
	const struct mv_boot_info *bi = mv_boot_info();
	uint64_t origin, off;
	size_t n;

	if (!strncmp(s, "end", 3)) {
		origin = bi->ram_base + bi->ram_size;
		n = 3;
	} else if (!strncmp(s, "base", 4)) {
		origin = bi->ram_base;
		n = 4;
	} else {
		return hostile_parse_u64(s, out);
	}
	if (!s[n]) {
		*out = origin;
		return 0;
	}
	if ((s[n] != '-' && s[n] != '+') || hostile_parse_u64(s + n + 1, &off))
		return -1;
	*out = s[n] == '-' ? origin - off : origin + off;
	return 0;
}

static void usage(void)
{
	printf("hostile: usage: hostile ATTACK [ARGS] [then ATTACK [ARGS]]..., "
	       "ATTACK one of:\n");
	for (size_t i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++)
		printf("hostile:   %s %s\n", attacks[i].name, attacks[i].args);
}

/* One attack: argv[0] names it. */
static int run(int argc, char **argv)
{
	if (argc < 1) {
		usage();
		return 2;
	}
	for (size_t i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++) {
		if (strcmp(argv[0], attacks[i].name))
			continue;
		current = attacks[i].name;
		return attacks[i].fn(argc - 1, argv + 1);
	}
	printf("hostile: unknown attack '%s'\n", argv[0]);
	usage();
	return 2;
}

int main(int argc, char **argv)
{
	int first = 1, status;

	do {
		int end = first;

		while (end < argc && strcmp(argv[end], "then"))
			end++;
		/* Each attack sees only its own words. */
		if (end < argc)
			argv[end] = NULL;
		status = run(end - first, argv + first);
		first = end + 1;
	} while (!status && first <= argc); /* a trailing "then": usage */
	return status;
}
