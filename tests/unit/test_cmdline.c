/* tests/unit/test_cmdline.c - host tests for the boot option parser and formatter. */
#include "tests/unit/check.h"
#include "kernel/cmdline.h"

static struct mv_options opt;
static char err[256];

/* Parse line over fresh defaults; returns cmdline_parse's result. */
static int parse(const char *line)
{
	cmdline_defaults(&opt);
	memset(err, 'x', sizeof(err));
	return cmdline_parse(line, &opt, err, sizeof(err));
}

static void test_defaults(void)
{
	CHECK_EQ_U64(parse(""), 0);
	CHECK_EQ_U64(err[0], 0);
	CHECK_EQ_U64(opt.rma_size, 256ULL << 20);
	CHECK_EQ_U64(opt.rma_count, 1);
	CHECK_EQ_U64(opt.on_exit, MV_ON_EXIT_POWEROFF);
	CHECK_EQ_U64(opt.ipa_bits, 0);
	CHECK_EQ_U64(opt.loglevel, MV_LOG_NOTICE);
	CHECK(!opt.exit_semihosting);
	CHECK_EQ_U64(parse(NULL), 0);
	CHECK_EQ_U64(opt.rma_size, MV_RMA_SIZE_DEFAULT);
}

static void test_whitespace(void)
{
	CHECK_EQ_U64(parse("   \t\n  "), 0);
	CHECK_EQ_U64(parse("\trma_count=2\n\nloglevel=debug  "), 0);
	CHECK_EQ_U64(opt.rma_count, 2);
	CHECK_EQ_U64(opt.loglevel, MV_LOG_DEBUG);
	CHECK_EQ_U64(parse("rma_count=3\r\non_exit=halt\n"), 0);
	CHECK_EQ_U64(opt.rma_count, 3);
	CHECK_EQ_U64(opt.on_exit, MV_ON_EXIT_HALT);
}

static void test_all_options(void)
{
	CHECK_EQ_U64(parse("rma_size=1G rma_count=16 on_exit=restart "
			   "ipa_bits=40 loglevel=warn exit=semihosting"),
		     0);
	CHECK_EQ_U64(opt.rma_size, 1ULL << 30);
	CHECK_EQ_U64(opt.rma_count, 16);
	CHECK_EQ_U64(opt.on_exit, MV_ON_EXIT_RESTART);
	CHECK_EQ_U64(opt.ipa_bits, 40);
	CHECK_EQ_U64(opt.loglevel, MV_LOG_WARN);
	CHECK(opt.exit_semihosting);
}

static void test_rma_size_suffixes(void)
{
	CHECK_EQ_U64(parse("rma_size=64M"), 0);
	CHECK_EQ_U64(opt.rma_size, 64ULL << 20);
	CHECK_EQ_U64(parse("rma_size=64m"), 0);
	CHECK_EQ_U64(opt.rma_size, 64ULL << 20);
	CHECK_EQ_U64(parse("rma_size=2048k"), 0);
	CHECK_EQ_U64(opt.rma_size, 2ULL << 20);
	CHECK_EQ_U64(parse("rma_size=4096K"), 0);
	CHECK_EQ_U64(opt.rma_size, 4ULL << 20);
	CHECK_EQ_U64(parse("rma_size=2g"), 0);
	CHECK_EQ_U64(opt.rma_size, 2ULL << 30);
	CHECK_EQ_U64(parse("rma_size=1t"), 0);
	CHECK_EQ_U64(opt.rma_size, 1ULL << 40);
	CHECK_EQ_U64(parse("rma_size=268435456"), 0);
	CHECK_EQ_U64(opt.rma_size, 256ULL << 20);
	CHECK_EQ_U64(parse("rma_size=0512M"), 0);
	CHECK_EQ_U64(opt.rma_size, 512ULL << 20);
}

static void test_rma_size_limits(void)
{
	CHECK_EQ_U64(parse("rma_size=2M"), 0);
	CHECK_EQ_U64(opt.rma_size, MV_RMA_SIZE_MIN);
	CHECK_EQ_U64(parse("rma_size=1T"), 0);
	CHECK_EQ_U64(opt.rma_size, MV_RMA_SIZE_MAX);
	CHECK_EQ_U64(parse("rma_size=1024G"), 0);
	CHECK_EQ_U64(opt.rma_size, MV_RMA_SIZE_MAX);

	CHECK_EQ_U64(parse("rma_size=1M"), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "invalid rma_size '1M': a power of two from "
				"2M to 1T, e.g. 64M, 256M, 1G");
	CHECK_EQ_U64(opt.rma_size, MV_RMA_SIZE_DEFAULT);
	CHECK_EQ_U64(parse("rma_size=2T"), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "invalid rma_size '2T'");
	CHECK_EQ_U64(parse("rma_size=0"), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "invalid rma_size '0'");
	CHECK_EQ_U64(parse("rma_size=0M"), (unsigned long long)-1);
	CHECK_EQ_U64(parse("rma_size=3M"), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "invalid rma_size '3M'");
	CHECK_EQ_U64(parse("rma_size=2097153"), (unsigned long long)-1);
	CHECK_EQ_U64(parse("rma_size=1048575K"), (unsigned long long)-1);
	CHECK_EQ_U64(opt.rma_size, MV_RMA_SIZE_DEFAULT);
}

static void test_rma_size_malformed(void)
{
	static const char *const bad[] = {
		"rma_size=",	      "rma_size=M",    "rma_size=64MB",
		"rma_size=64 M",      "rma_size=-64M", "rma_size=+64M",
		"rma_size=0x4000000", "rma_size=64P",  "rma_size=6.4M",
		"rma_size=64MM",
	};
	unsigned i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ_U64(parse(bad[i]), (unsigned long long)-1);
		CHECK_STR_CONTAINS(err, "rma_size");
		CHECK_EQ_U64(opt.rma_size, MV_RMA_SIZE_DEFAULT);
	}
}

static void test_rma_size_overflow(void)
{
	CHECK_EQ_U64(parse("rma_size=99999999999999999999G"),
		     (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "invalid rma_size '99999999999999999999G'");
	/* fits in u64 as a number but not once shifted */
	CHECK_EQ_U64(parse("rma_size=17179869184G"), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "invalid rma_size");
	/* (2^34 + 1) G would wrap to exactly 1G */
	CHECK_EQ_U64(parse("rma_size=17179869185G"), (unsigned long long)-1);
	CHECK_EQ_U64(parse("rma_size=16777217T"), (unsigned long long)-1);
	/* 2^64 - 1 and 2^64 as plain bytes */
	CHECK_EQ_U64(parse("rma_size=18446744073709551615"),
		     (unsigned long long)-1);
	CHECK_EQ_U64(parse("rma_size=18446744073709551616"),
		     (unsigned long long)-1);
	/* 2^63 is a power of two, just far too big */
	CHECK_EQ_U64(parse("rma_size=8388608T"), (unsigned long long)-1);
	CHECK_EQ_U64(opt.rma_size, MV_RMA_SIZE_DEFAULT);
}

static void test_rma_count(void)
{
	CHECK_EQ_U64(parse("rma_count=1"), 0);
	CHECK_EQ_U64(opt.rma_count, 1);
	CHECK_EQ_U64(parse("rma_count=16"), 0);
	CHECK_EQ_U64(opt.rma_count, 16);
	CHECK_EQ_U64(parse("rma_count=0"), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "invalid rma_count '0': a number from 1 to 16");
	CHECK_EQ_U64(parse("rma_count=17"), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "invalid rma_count '17'");
	CHECK_EQ_U64(parse("rma_count=-1"), (unsigned long long)-1);
	CHECK_EQ_U64(parse("rma_count=two"), (unsigned long long)-1);
	CHECK_EQ_U64(parse("rma_count=4294967297"), (unsigned long long)-1);
	CHECK_EQ_U64(parse("rma_count="), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "invalid rma_count ''");
	CHECK_EQ_U64(opt.rma_count, 1);
}

static void test_on_exit(void)
{
	CHECK_EQ_U64(parse("on_exit=poweroff"), 0);
	CHECK_EQ_U64(opt.on_exit, MV_ON_EXIT_POWEROFF);
	CHECK_EQ_U64(parse("on_exit=halt"), 0);
	CHECK_EQ_U64(opt.on_exit, MV_ON_EXIT_HALT);
	CHECK_EQ_U64(parse("on_exit=restart"), 0);
	CHECK_EQ_U64(opt.on_exit, MV_ON_EXIT_RESTART);
	CHECK_EQ_U64(parse("on_exit=reboot"), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "invalid on_exit 'reboot': accepted values "
				"are poweroff, halt, restart");
	CHECK_EQ_U64(parse("on_exit=halted"), (unsigned long long)-1);
	CHECK_EQ_U64(parse("on_exit=hal"), (unsigned long long)-1);
	CHECK_EQ_U64(parse("on_exit=HALT"), (unsigned long long)-1);
	CHECK_EQ_U64(opt.on_exit, MV_ON_EXIT_POWEROFF);
}

static void test_on_exit_name(void)
{
	CHECK(!strcmp(cmdline_on_exit_name(MV_ON_EXIT_POWEROFF), "poweroff"));
	CHECK(!strcmp(cmdline_on_exit_name(MV_ON_EXIT_HALT), "halt"));
	CHECK(!strcmp(cmdline_on_exit_name(MV_ON_EXIT_RESTART), "restart"));
	CHECK(cmdline_on_exit_name((enum mv_on_exit)7) != NULL);
}

static void test_ipa_bits(void)
{
	static const unsigned ok[] = {32, 36, 40, 42, 44, 48, 52};
	char line[32];
	unsigned i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		snprintf(line, sizeof(line), "ipa_bits=%u", ok[i]);
		CHECK_EQ_U64(parse(line), 0);
		CHECK_EQ_U64(opt.ipa_bits, ok[i]);
	}
	CHECK_EQ_U64(parse("ipa_bits=auto"), 0);
	CHECK_EQ_U64(opt.ipa_bits, 0);
	CHECK_EQ_U64(parse("ipa_bits=0"), 0);
	CHECK_EQ_U64(opt.ipa_bits, 0);
	CHECK_EQ_U64(parse("ipa_bits=33"), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "invalid ipa_bits '33': accepted values are "
				"auto, 32, 36, 40, 42, 44, 48, 52");
	CHECK_EQ_U64(parse("ipa_bits=64"), (unsigned long long)-1);
	CHECK_EQ_U64(parse("ipa_bits=Auto"), (unsigned long long)-1);
	CHECK_EQ_U64(parse("ipa_bits=40bits"), (unsigned long long)-1);
	CHECK_EQ_U64(opt.ipa_bits, 0);
}

static void test_loglevel(void)
{
	static const char *const names[] = {"error", "warn", "notice", "info",
					    "debug"};
	char line[32];
	unsigned i;

	for (i = 0; i < 5; i++) {
		snprintf(line, sizeof(line), "loglevel=%s", names[i]);
		CHECK_EQ_U64(parse(line), 0);
		CHECK_EQ_U64(opt.loglevel, i);
		snprintf(line, sizeof(line), "loglevel=%u", i);
		CHECK_EQ_U64(parse(line), 0);
		CHECK_EQ_U64(opt.loglevel, i);
	}
	CHECK_EQ_U64(parse("loglevel=5"), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "invalid loglevel '5': accepted values are "
				"error, warn, notice, info, debug (or 0 to 4)");
	CHECK_EQ_U64(parse("loglevel=verbose"), (unsigned long long)-1);
	CHECK_EQ_U64(parse("loglevel=00"), (unsigned long long)-1);
	CHECK_EQ_U64(parse("loglevel=warning"), (unsigned long long)-1);
	CHECK_EQ_U64(opt.loglevel, MV_LOG_NOTICE);
}

static void test_exit(void)
{
	CHECK_EQ_U64(parse("exit=semihosting"), 0);
	CHECK(opt.exit_semihosting);
	CHECK_EQ_U64(parse("exit=poweroff"), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "invalid exit 'poweroff': the only accepted "
				"value is semihosting");
	CHECK(!opt.exit_semihosting);
	CHECK_EQ_U64(parse("exit="), (unsigned long long)-1);
	CHECK(!opt.exit_semihosting);
}

static void test_semihosting_despite_errors(void)
{
	CHECK_EQ_U64(parse("rma_size=3M exit=semihosting"),
		     (unsigned long long)-1);
	CHECK(opt.exit_semihosting);
	CHECK_STR_CONTAINS(err, "invalid rma_size '3M'");
	CHECK_EQ_U64(parse("bogus exit=semihosting on_exit=halt"),
		     (unsigned long long)-1);
	CHECK(opt.exit_semihosting);
	CHECK_EQ_U64(opt.on_exit, MV_ON_EXIT_HALT);
	/* the first error is the one reported */
	CHECK_EQ_U64(parse("rma_count=0 on_exit=reboot exit=semihosting"),
		     (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "rma_count");
	CHECK(strstr(err, "on_exit") == NULL);
	CHECK(opt.exit_semihosting);
}

static void test_watchdog(void)
{
	CHECK_EQ_U64(parse("watchdog=30"), 0);
	CHECK_EQ_U64(opt.watchdog_s, 30);
	CHECK_EQ_U64(parse("watchdog=0"), 0);
	CHECK_EQ_U64(opt.watchdog_s, 0);
	CHECK_EQ_U64(parse("watchdog=3600"), 0);
	CHECK_EQ_U64(opt.watchdog_s, 3600);
	CHECK_EQ_U64(parse("watchdog=3601"), (unsigned long long)-1);
	CHECK(!strcmp(err, "invalid watchdog '3601': seconds, from 0 (off) "
			   "to 3600"));
	CHECK_EQ_U64(parse("watchdog=5s"), (unsigned long long)-1);
	CHECK_EQ_U64(parse("watchdog="), (unsigned long long)-1);
	CHECK_EQ_U64(parse("watchdog=-1"), (unsigned long long)-1);
}

static void test_passthrough(void)
{
	char buf[256];

	CHECK_EQ_U64(parse("passthrough=/pl061@9030000"), 0);
	CHECK_EQ_U64(opt.nr_passthrough, 1);
	CHECK(!strcmp(opt.passthrough[0], "/pl061@9030000"));
	CHECK_EQ_U64(parse("passthrough=/a,/b/c,/d,/e"), 0);
	CHECK_EQ_U64(opt.nr_passthrough, 4);
	CHECK(!strcmp(opt.passthrough[1], "/b/c"));
	cmdline_format(&opt, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, " passthrough=/a,/b/c,/d,/e");
	/* five, empty entries, relative paths, control bytes */
	CHECK_EQ_U64(parse("passthrough=/a,/b,/c,/d,/e"),
		     (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "invalid passthrough");
	CHECK_EQ_U64(parse("passthrough="), (unsigned long long)-1);
	CHECK_EQ_U64(parse("passthrough=/a,"), (unsigned long long)-1);
	CHECK_EQ_U64(parse("passthrough=,/a"), (unsigned long long)-1);
	CHECK_EQ_U64(parse("passthrough=pl061"), (unsigned long long)-1);
	CHECK_EQ_U64(parse("passthrough=/a\x01b"), (unsigned long long)-1);
	/* one byte short of the limit fits, the limit does not */
	{
		char line[32 + MV_PT_PATH_MAX + 1];

		strcpy(line, "passthrough=/");
		memset(line + 13, 'x', MV_PT_PATH_MAX - 2);
		line[13 + MV_PT_PATH_MAX - 2] = '\0';
		CHECK_EQ_U64(parse(line), 0);
		strcat(line, "x");
		CHECK_EQ_U64(parse(line), (unsigned long long)-1);
	}
}

/* cpus=N: 1 to MV_CPUS_MAX vCPUs; unset means every CPU that came up. */
static void test_cpus(void)
{
	char buf[256];

	CHECK_EQ_U64(parse("rma_size=64M"), 0);
	CHECK_EQ_U64(opt.cpus, 0);
	cmdline_format(&opt, buf, sizeof(buf));
	CHECK(!strstr(buf, "cpus="));
	CHECK_EQ_U64(parse("cpus=2"), 0);
	CHECK_EQ_U64(opt.cpus, 2);
	cmdline_format(&opt, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, " cpus=2");
	CHECK_EQ_U64(parse("cpus=8"), 0);
	CHECK_EQ_U64(parse("cpus=0"), (unsigned long long)-1);
	CHECK(!strcmp(err, "invalid cpus '0': a number of vCPUs from 1 to 8"));
	CHECK_EQ_U64(parse("cpus=9"), (unsigned long long)-1);
	CHECK_EQ_U64(parse("cpus=two"), (unsigned long long)-1);
	CHECK_EQ_U64(parse("cpus="), (unsigned long long)-1);
	CHECK_EQ_U64(parse("cpus=1 cpus=2"), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "option 'cpus' given twice");
}

static void test_unknown_options(void)
{
	CHECK_EQ_U64(parse("foo=1"), (unsigned long long)-1);
	CHECK(!strcmp(err, "unknown option 'foo'; known options: rma_size "
			   "rma_count on_exit ipa_bits loglevel exit watchdog "
			   "passthrough cpus"));
	CHECK_EQ_U64(parse("foo"), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "unknown option 'foo'");
	CHECK_EQ_U64(parse("RMA_SIZE=64M"), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "unknown option 'RMA_SIZE'");
	CHECK_EQ_U64(parse("rma=64M"), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "unknown option 'rma'");
	CHECK_EQ_U64(parse("rma_sizes=64M"), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "unknown option 'rma_sizes'");
	CHECK_EQ_U64(parse("=64M"), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "unknown option ''");
	CHECK_EQ_U64(opt.rma_size, MV_RMA_SIZE_DEFAULT);
	/* a Linux-style command line is not ours */
	CHECK_EQ_U64(parse("console=ttyAMA0 rma_size=64M"),
		     (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "unknown option 'console'");
	CHECK_EQ_U64(opt.rma_size, 64ULL << 20);
}

static void test_needs_value(void)
{
	CHECK_EQ_U64(parse("rma_size"), (unsigned long long)-1);
	CHECK(!strcmp(err, "option 'rma_size' needs a value (key=value)"));
	CHECK_EQ_U64(parse("loglevel=debug exit"), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "option 'exit' needs a value");
	CHECK_EQ_U64(opt.loglevel, MV_LOG_DEBUG);
	CHECK(!opt.exit_semihosting);
}

static void test_duplicates(void)
{
	CHECK_EQ_U64(parse("rma_size=64M rma_size=128M"),
		     (unsigned long long)-1);
	CHECK(!strcmp(err, "option 'rma_size' given twice"));
	CHECK_EQ_U64(opt.rma_size, 64ULL << 20);
	CHECK_EQ_U64(parse("exit=semihosting exit=semihosting"),
		     (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "option 'exit' given twice");
	CHECK(opt.exit_semihosting);
	/* an invalid first value still counts as given */
	CHECK_EQ_U64(parse("on_exit=x on_exit=halt"), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "invalid on_exit 'x'");
	CHECK_EQ_U64(opt.on_exit, MV_ON_EXIT_POWEROFF);
}

static void test_long_value_truncated(void)
{
	char line[300];

	memset(line, 0, sizeof(line));
	strcpy(line, "on_exit=");
	memset(line + 8, 'a', 200);
	CHECK_EQ_U64(parse(line), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "invalid on_exit 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa"
				"aaaa...': accepted values");
	CHECK(strlen(err) < 120);

	memset(line, 'k', 250);
	line[250] = '\0';
	CHECK_EQ_U64(parse(line), (unsigned long long)-1);
	CHECK_STR_CONTAINS(err, "unknown option 'kkkkkkkkkkkkkkkkkkkkkkkkk"
				"kkkkkkk...'; known options");
}

static void test_errlen_truncation(void)
{
	char small[8];
	char one[1];

	cmdline_defaults(&opt);
	memset(small, 'x', sizeof(small));
	CHECK_EQ_U64(cmdline_parse("bogus=1", &opt, small, sizeof(small)),
		     (unsigned long long)-1);
	CHECK_EQ_U64(small[7], 0);
	CHECK(!strcmp(small, "unknown"));

	one[0] = 'x';
	CHECK_EQ_U64(cmdline_parse("bogus=1", &opt, one, sizeof(one)),
		     (unsigned long long)-1);
	CHECK_EQ_U64(one[0], 0);

	/* no buffer at all is allowed */
	CHECK_EQ_U64(cmdline_parse("bogus=1 exit=semihosting", &opt, NULL, 0),
		     (unsigned long long)-1);
	CHECK(opt.exit_semihosting);

	/* a successful parse leaves an empty message */
	memset(small, 'x', sizeof(small));
	CHECK_EQ_U64(cmdline_parse("rma_count=2", &opt, small, sizeof(small)),
		     0);
	CHECK_EQ_U64(small[0], 0);
}

static void test_format(void)
{
	char buf[128];

	cmdline_defaults(&opt);
	cmdline_format(&opt, buf, sizeof(buf));
	CHECK(!strcmp(buf, "rma_size=256M rma_count=1 on_exit=poweroff "
			   "ipa_bits=auto loglevel=notice"));

	CHECK_EQ_U64(parse("rma_size=1024M rma_count=4 on_exit=restart "
			   "ipa_bits=48 loglevel=0 exit=semihosting"),
		     0);
	cmdline_format(&opt, buf, sizeof(buf));
	CHECK(!strcmp(buf, "rma_size=1G rma_count=4 on_exit=restart "
			   "ipa_bits=48 loglevel=error exit=semihosting"));

	CHECK_EQ_U64(parse("rma_size=1T loglevel=debug on_exit=halt"), 0);
	cmdline_format(&opt, buf, sizeof(buf));
	CHECK(!strcmp(buf, "rma_size=1T rma_count=1 on_exit=halt "
			   "ipa_bits=auto loglevel=debug"));

	CHECK_EQ_U64(parse("rma_size=2048K"), 0);
	cmdline_format(&opt, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, "rma_size=2M ");

	/* values the parser never produces still print sensibly */
	opt.rma_size = 1536 * 1024;
	cmdline_format(&opt, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, "rma_size=1536K ");
	opt.rma_size = 1000;
	cmdline_format(&opt, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, "rma_size=1000 ");
	opt.rma_size = 0;
	cmdline_format(&opt, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, "rma_size=0 ");
}

static void test_format_roundtrip(void)
{
	struct mv_options again;
	char buf[128];

	CHECK_EQ_U64(parse("rma_size=32M rma_count=3 on_exit=halt "
			   "ipa_bits=36 loglevel=warn exit=semihosting"),
		     0);
	cmdline_format(&opt, buf, sizeof(buf));
	cmdline_defaults(&again);
	CHECK_EQ_U64(cmdline_parse(buf, &again, err, sizeof(err)), 0);
	CHECK(!memcmp(&again, &opt, sizeof(opt)));
}

static void test_format_truncation(void)
{
	char buf[10];

	cmdline_defaults(&opt);
	memset(buf, 'x', sizeof(buf));
	cmdline_format(&opt, buf, sizeof(buf));
	CHECK(!strcmp(buf, "rma_size="));
	memset(buf, 'x', sizeof(buf));
	cmdline_format(&opt, buf, 1);
	CHECK_EQ_U64(buf[0], 0);
	CHECK_EQ_U64(buf[1], 'x');
	cmdline_format(&opt, NULL, 0);
}

int main(void)
{
	RUN(test_defaults);
	RUN(test_whitespace);
	RUN(test_all_options);
	RUN(test_rma_size_suffixes);
	RUN(test_rma_size_limits);
	RUN(test_rma_size_malformed);
	RUN(test_rma_size_overflow);
	RUN(test_rma_count);
	RUN(test_on_exit);
	RUN(test_on_exit_name);
	RUN(test_ipa_bits);
	RUN(test_loglevel);
	RUN(test_exit);
	RUN(test_semihosting_despite_errors);
	RUN(test_unknown_options);
	RUN(test_watchdog);
	RUN(test_passthrough);
	RUN(test_cpus);
	RUN(test_needs_value);
	RUN(test_duplicates);
	RUN(test_long_value_truncated);
	RUN(test_errlen_truncation);
	RUN(test_format);
	RUN(test_format_roundtrip);
	RUN(test_format_truncation);
	CHECK_EXIT();
}
