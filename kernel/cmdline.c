/* kernel/cmdline.c - strict parser and formatter for the boot options in /chosen/bootargs. */
#include <string.h>

#include "hyp/decode.h"
#include "kernel/cmdline.h"
#include "lib/fmt.h"

/* Longest value or key quoted back in an error message. */
#define QUOTE_MAX 32

/* 'value' in quotes; long values are cut so the message stays one line. */
static void sb_quoted(struct sbuf *sb, const char *s, size_t n)
{
	if (n > QUOTE_MAX)
		sbuf_printf(sb, "'%.*s...'", QUOTE_MAX, s);
	else
		sbuf_printf(sb, "'%.*s'", (int)n, s);
}

enum opt_id {
	OPT_RMA_SIZE,
	OPT_RMA_COUNT,
	OPT_ON_EXIT,
	OPT_IPA_BITS,
	OPT_LOGLEVEL,
	OPT_EXIT,
	OPT_WATCHDOG,
	OPT_PASSTHROUGH,
	OPT_CPUS,
	NR_OPTS,
};

struct opt_desc {
	char name[12];
	char accepts[72]; /* what follows "invalid <name> '<value>': " */
};

static const struct opt_desc opts[NR_OPTS] = {
	[OPT_RMA_SIZE] = {"rma_size",
			  "a power of two from 2M to 1T, e.g. 64M, 256M, 1G"},
	[OPT_RMA_COUNT] = {"rma_count", "a number from 1 to 16"},
	[OPT_ON_EXIT] = {"on_exit",
			 "accepted values are poweroff, halt, restart"},
	[OPT_IPA_BITS] = {"ipa_bits",
			  "accepted values are auto, 32, 36, 40, 42, 44, 48, "
			  "52"},
	[OPT_LOGLEVEL] = {"loglevel",
			  "accepted values are error, warn, notice, info, "
			  "debug (or 0 to 4)"},
	[OPT_EXIT] = {"exit", "the only accepted value is semihosting"},
	[OPT_WATCHDOG] = {"watchdog",
			  "seconds, from 0 (off) to " MV_WATCHDOG_MAX_STR},
	[OPT_PASSTHROUGH] = {"passthrough", "1 to 4 boot-DTB node paths, e.g. "
					    "/pl061@9030000,/pl031@9010000"},
	[OPT_CPUS] = {"cpus", "a number of vCPUs from 1 to " MV_CPUS_MAX_STR},
};

/* Indexed by enum mv_on_exit and enum mv_loglevel. */
static const char on_exit_names[][9] = {"poweroff", "halt", "restart"};
static const char loglevel_names[][7] = {"error", "warn", "notice", "info",
					 "debug"};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Does the n-byte token equal the C string word? */
static bool tok_eq(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* Decimal digits only; false on empty input, junk or overflow. */
static bool parse_dec(const char *s, size_t n, u64 *out)
{
	u64 v = 0;
	size_t i;

	if (!n)
		return false;
	for (i = 0; i < n; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return false;
		d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

static bool parse_rma_size(const char *s, size_t n, u64 *out)
{
	unsigned shift = 0;
	u64 v;

	if (n) {
		switch (s[n - 1]) {
		case 'k':
		case 'K': shift = 10; break;
		case 'm':
		case 'M': shift = 20; break;
		case 'g':
		case 'G': shift = 30; break;
		case 't':
		case 'T': shift = 40; break;
		}
		if (shift)
			n--;
	}
	if (!parse_dec(s, n, &v))
		return false;
	if (v > (UINT64_MAX >> shift))
		return false;
	v <<= shift;
	if (v < MV_RMA_SIZE_MIN || v > MV_RMA_SIZE_MAX || (v & (v - 1)))
		return false;
	*out = v;
	return true;
}

/* A comma-separated list of absolute node paths, each of printable
 * characters, none empty or too long, at most MV_PT_MAX. */
static bool parse_paths(const char *v, size_t n, struct mv_options *o)
{
	unsigned count = 0;
	size_t i = 0;

	while (i <= n) {
		size_t start = i, len;

		while (i < n && v[i] != ',')
			i++;
		len = i - start;
		if (!len || len >= MV_PT_PATH_MAX || v[start] != '/' ||
		    count == MV_PT_MAX)
			return false;
		for (size_t k = start; k < i; k++)
			if (v[k] <= ' ' || v[k] > '~')
				return false;
		memcpy(o->passthrough[count], v + start, len);
		o->passthrough[count][len] = '\0';
		count++;
		i++; /* past the comma, or past the end */
	}
	o->nr_passthrough = count;
	return true;
}

/* Apply one option's value; false if the value is not acceptable. */
static bool apply(enum opt_id id, const char *v, size_t n, struct mv_options *o)
{
	u64 num;
	size_t i;

	switch (id) {
	case OPT_RMA_SIZE:
		if (!parse_rma_size(v, n, &num))
			return false;
		o->rma_size = num;
		return true;
	case OPT_RMA_COUNT:
		if (!parse_dec(v, n, &num) || num < 1 || num > MV_RMA_COUNT_MAX)
			return false;
		o->rma_count = (u32)num;
		return true;
	case OPT_ON_EXIT:
		for (i = 0; i < ARRAY_SIZE(on_exit_names); i++) {
			if (tok_eq(v, n, on_exit_names[i])) {
				o->on_exit = (enum mv_on_exit)i;
				return true;
			}
		}
		return false;
	case OPT_IPA_BITS:
		if (tok_eq(v, n, "auto")) {
			o->ipa_bits = 0;
			return true;
		}
		if (!parse_dec(v, n, &num))
			return false;
		/* 0 is the "derive from PARange" value, i.e. auto */
		if (num == 0) {
			o->ipa_bits = 0;
			return true;
		}
		/* An IPA size VTCR_EL2.PS can express. */
		if (num > 64 || decode_pa_size_enc((unsigned)num) < 0)
			return false;
		o->ipa_bits = (u32)num;
		return true;
	case OPT_LOGLEVEL:
		for (i = 0; i < ARRAY_SIZE(loglevel_names); i++) {
			if (tok_eq(v, n, loglevel_names[i]) ||
			    (n == 1 && v[0] == (char)('0' + i))) {
				o->loglevel = (enum mv_loglevel)i;
				return true;
			}
		}
		return false;
	case OPT_EXIT:
		if (!tok_eq(v, n, "semihosting"))
			return false;
		o->exit_semihosting = true;
		return true;
	case OPT_WATCHDOG:
		if (!parse_dec(v, n, &num) || num > MV_WATCHDOG_MAX)
			return false;
		o->watchdog_s = (u32)num;
		return true;
	case OPT_PASSTHROUGH: return parse_paths(v, n, o);
	case OPT_CPUS:
		if (!parse_dec(v, n, &num) || num < 1 || num > MV_CPUS_MAX)
			return false;
		o->cpus = (u32)num;
		return true;
	default: return false;
	}
}

static void msg_unknown(struct sbuf *sb, const char *key, size_t n)
{
	unsigned i;

	sbuf_puts(sb, "unknown option ");
	sb_quoted(sb, key, n);
	sbuf_puts(sb, "; known options:");
	for (i = 0; i < NR_OPTS; i++)
		sbuf_printf(sb, " %s", opts[i].name);
}

/*
 * Parse one "key=value" token. Messages go to sb only while it is non-NULL,
 * i.e. until the first error, so the first problem is the one reported.
 */
static bool parse_token(const char *tok, size_t n, struct mv_options *o,
			unsigned *seen, struct sbuf *sb)
{
	const char *eq = memchr(tok, '=', n);
	size_t keylen = eq ? (size_t)(eq - tok) : n;
	const char *val = eq ? eq + 1 : NULL;
	size_t vallen = eq ? n - keylen - 1 : 0;
	unsigned id;

	for (id = 0; id < NR_OPTS; id++)
		if (tok_eq(tok, keylen, opts[id].name))
			break;
	if (id == NR_OPTS) {
		if (sb)
			msg_unknown(sb, tok, keylen);
		return false;
	}
	if (!eq) {
		if (sb)
			sbuf_printf(sb, "option '%s' needs a value (key=value)",
				    opts[id].name);
		return false;
	}
	if (*seen & (1U << id)) {
		/* keep the first value: a later one may not silently win */
		if (sb)
			sbuf_printf(sb, "option '%s' given twice",
				    opts[id].name);
		return false;
	}
	*seen |= 1U << id;
	if (!apply((enum opt_id)id, val, vallen, o)) {
		if (sb) {
			sbuf_printf(sb, "invalid %s ", opts[id].name);
			sb_quoted(sb, val, vallen);
			sbuf_printf(sb, ": %s", opts[id].accepts);
		}
		return false;
	}
	return true;
}

void cmdline_defaults(struct mv_options *o)
{
	memset(o, 0, sizeof(*o));
	o->rma_size = MV_RMA_SIZE_DEFAULT;
	o->rma_count = 1;
	o->ipa_bits = 0;
	o->on_exit = MV_ON_EXIT_POWEROFF;
	o->loglevel = MV_LOG_NOTICE;
	o->exit_semihosting = false;
}

int cmdline_parse(const char *line, struct mv_options *o, char *err,
		  size_t errlen)
{
	struct sbuf sb;
	unsigned seen = 0;
	bool failed = false;
	const char *p = line ? line : "";

	sbuf_init(&sb, err, errlen);
	for (;;) {
		const char *tok;

		while (is_space(*p))
			p++;
		if (!*p)
			break;
		tok = p;
		while (*p && !is_space(*p))
			p++;
		/* keep going after an error: exit=semihosting must still count
		 */
		if (!parse_token(tok, (size_t)(p - tok), o, &seen,
				 failed ? NULL : &sb))
			failed = true;
	}
	return failed ? -1 : 0;
}

const char *cmdline_on_exit_name(enum mv_on_exit e)
{
	if ((unsigned)e < ARRAY_SIZE(on_exit_names))
		return on_exit_names[e];
	return "unknown";
}

void cmdline_format(const struct mv_options *o, char *buf, size_t len)
{
	struct sbuf sb;
	char size[16];

	fmt_size(size, sizeof(size), o->rma_size);
	sbuf_init(&sb, buf, len);
	sbuf_printf(&sb, "rma_size=%s rma_count=%u on_exit=%s ipa_bits=", size,
		    o->rma_count, cmdline_on_exit_name(o->on_exit));
	if (o->ipa_bits)
		sbuf_printf(&sb, "%u", o->ipa_bits);
	else
		sbuf_puts(&sb, "auto");
	if ((unsigned)o->loglevel < ARRAY_SIZE(loglevel_names))
		sbuf_printf(&sb, " loglevel=%s", loglevel_names[o->loglevel]);
	else
		sbuf_printf(&sb, " loglevel=%u", (unsigned)o->loglevel);
	if (o->watchdog_s)
		sbuf_printf(&sb, " watchdog=%u", o->watchdog_s);
	if (o->cpus)
		sbuf_printf(&sb, " cpus=%u", o->cpus);
	for (unsigned i = 0; i < o->nr_passthrough; i++)
		sbuf_printf(&sb, "%s%s",
			    i ? "," : " passthrough=", o->passthrough[i]);
	if (o->exit_semihosting)
		sbuf_puts(&sb, " exit=semihosting");
}
