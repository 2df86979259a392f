/* kernel/cmdline.c - strict parser and formatter for the boot options in /chosen/bootargs. */
#include <string.h>

#include "kernel/cmdline.h"

/*
 * This file runs at EL2 before and after the MMU is on, at different
 * addresses, and is linked as PIE without a relocation pass. So no static
 * data may hold a pointer: every table below keeps its strings inline and
 * options are dispatched with a switch, not function pointers.
 */

/* Longest value or key quoted back in an error message. */
#define QUOTE_MAX 32

/* A bounded, always NUL-terminated string under construction. */
struct sbuf {
	char *buf;
	size_t len; /* capacity including the NUL */
	size_t pos;
};

static void sb_init(struct sbuf *sb, char *buf, size_t len)
{
	sb->buf = buf;
	sb->len = buf ? len : 0;
	sb->pos = 0;
	if (sb->len)
		buf[0] = '\0';
}

static void sb_putn(struct sbuf *sb, const char *s, size_t n)
{
	size_t room;

	if (!sb->len)
		return;
	room = sb->len - 1 - sb->pos;
	if (n > room)
		n = room;
	memcpy(sb->buf + sb->pos, s, n);
	sb->pos += n;
	sb->buf[sb->pos] = '\0';
}

static void sb_puts(struct sbuf *sb, const char *s)
{
	sb_putn(sb, s, strlen(s));
}

static void sb_dec(struct sbuf *sb, u64 v)
{
	char tmp[20];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	sb_putn(sb, tmp + i, sizeof(tmp) - i);
}

/* 'value' in quotes; long values are cut so the message stays one line. */
static void sb_quoted(struct sbuf *sb, const char *s, size_t n)
{
	sb_puts(sb, "'");
	if (n > QUOTE_MAX) {
		sb_putn(sb, s, QUOTE_MAX);
		sb_puts(sb, "...");
	} else {
		sb_putn(sb, s, n);
	}
	sb_puts(sb, "'");
}

enum opt_id {
	OPT_RMA_SIZE,
	OPT_RMA_COUNT,
	OPT_ON_EXIT,
	OPT_IPA_BITS,
	OPT_LOGLEVEL,
	OPT_EXIT,
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
			  "accepted values are error, warn, info, debug "
			  "(or 0 to 3)"},
	[OPT_EXIT] = {"exit", "the only accepted value is semihosting"},
};

/* Indexed by enum mv_on_exit and enum mv_loglevel. */
static const char on_exit_names[][9] = {"poweroff", "halt", "restart"};
static const char loglevel_names[][6] = {"error", "warn", "info", "debug"};

static const u32 ipa_bits_ok[] = {32, 36, 40, 42, 44, 48, 52};

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
		for (i = 0; i < ARRAY_SIZE(ipa_bits_ok); i++) {
			if (num == ipa_bits_ok[i]) {
				o->ipa_bits = (u32)num;
				return true;
			}
		}
		return false;
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
	default: return false;
	}
}

static void msg_unknown(struct sbuf *sb, const char *key, size_t n)
{
	unsigned i;

	sb_puts(sb, "unknown option ");
	sb_quoted(sb, key, n);
	sb_puts(sb, "; known options:");
	for (i = 0; i < NR_OPTS; i++) {
		sb_puts(sb, " ");
		sb_puts(sb, opts[i].name);
	}
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
		if (sb) {
			sb_puts(sb, "option '");
			sb_puts(sb, opts[id].name);
			sb_puts(sb, "' needs a value (key=value)");
		}
		return false;
	}
	if (*seen & (1U << id)) {
		/* keep the first value: a later one may not silently win */
		if (sb) {
			sb_puts(sb, "option '");
			sb_puts(sb, opts[id].name);
			sb_puts(sb, "' given twice");
		}
		return false;
	}
	*seen |= 1U << id;
	if (!apply((enum opt_id)id, val, vallen, o)) {
		if (sb) {
			sb_puts(sb, "invalid ");
			sb_puts(sb, opts[id].name);
			sb_puts(sb, " ");
			sb_quoted(sb, val, vallen);
			sb_puts(sb, ": ");
			sb_puts(sb, opts[id].accepts);
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
	o->loglevel = MV_LOG_INFO;
	o->exit_semihosting = false;
}

int cmdline_parse(const char *line, struct mv_options *o, char *err,
		  size_t errlen)
{
	struct sbuf sb;
	unsigned seen = 0;
	bool failed = false;
	const char *p = line ? line : "";

	sb_init(&sb, err, errlen);
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

/* A size with the largest suffix that represents it exactly. */
static void sb_size(struct sbuf *sb, u64 v)
{
	static const char suffix[] = "TGMK";
	unsigned i;

	for (i = 0; i < 4; i++) {
		unsigned shift = 40 - 10 * i;

		if (v && (v & ((1ULL << shift) - 1)) == 0) {
			sb_dec(sb, v >> shift);
			sb_putn(sb, &suffix[i], 1);
			return;
		}
	}
	sb_dec(sb, v);
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

	sb_init(&sb, buf, len);
	sb_puts(&sb, "rma_size=");
	sb_size(&sb, o->rma_size);
	sb_puts(&sb, " rma_count=");
	sb_dec(&sb, o->rma_count);
	sb_puts(&sb, " on_exit=");
	sb_puts(&sb, cmdline_on_exit_name(o->on_exit));
	sb_puts(&sb, " ipa_bits=");
	if (o->ipa_bits)
		sb_dec(&sb, o->ipa_bits);
	else
		sb_puts(&sb, "auto");
	sb_puts(&sb, " loglevel=");
	if ((unsigned)o->loglevel < ARRAY_SIZE(loglevel_names))
		sb_puts(&sb, loglevel_names[o->loglevel]);
	else
		sb_dec(&sb, (unsigned)o->loglevel);
	if (o->exit_semihosting)
		sb_puts(&sb, " exit=semihosting");
}
