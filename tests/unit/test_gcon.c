/* tests/unit/test_gcon.c - host tests of the guest console filter (kernel/gcon.c): prefixes, escapes, interleaved log lines. */
#include "tests/unit/check.h"
#include "kernel/gcon.h"

/*
 * A fake shared UART: everything written to it, and who wrote each byte
 * (gcon or the "microvisor log"), so properties can be checked per line.
 */
#define OUT_MAX (1 << 20)

static char out[OUT_MAX + 1];
static char owner[OUT_MAX]; /* 'g' = through gcon, 'm' = the log */
static unsigned out_len;
static unsigned puts_count, asks;

static void reset(void)
{
	out_len = 0;
	out[0] = '\0';
	puts_count = 0;
	asks = 0;
}

static void append(const char *s, unsigned n, char who)
{
	for (unsigned i = 0; i < n && out_len < OUT_MAX; i++) {
		owner[out_len] = who;
		out[out_len++] = s[i];
	}
	out[out_len] = '\0';
}

static unsigned inner_newlines; /* put() breaks its contract */

static void fake_put(void *ctx, const char *s, unsigned n)
{
	(void)ctx;
	puts_count++;
	/* gcon promises a newline only as the last byte of a run (the log
	 * writes runs without scanning them). */
	for (unsigned i = 0; i + 1 < n; i++)
		if (s[i] == '\n')
			inner_newlines++;
	append(s, n, 'g');
}

static bool fake_at_line_start(void *ctx)
{
	(void)ctx;
	asks++;
	return out_len == 0 || out[out_len - 1] == '\n';
}

static const struct gcon gc = {fake_put, fake_at_line_start, NULL};

/* The microvisor logs a line: it ends any open line first. */
static void log_line(const char *s)
{
	if (!fake_at_line_start(NULL))
		append("\n", 1, 'm');
	append(s, (unsigned)strlen(s), 'm');
	append("\n", 1, 'm');
}

static void gw(const char *s)
{
	gcon_write(&gc, s, (unsigned)strlen(s));
}

/* What one guest byte must become (without any prefix). */
static unsigned expect_byte(unsigned char c, char *e)
{
	static const char hex[] = "0123456789abcdef";

	if (c == '\r')
		return 0;
	if (c == '\n' || c == '\t' || (c >= 0x20 && c <= 0x7e)) {
		e[0] = (char)c;
		return 1;
	}
	e[0] = '\\';
	e[1] = 'x';
	e[2] = hex[c >> 4];
	e[3] = hex[c & 15];
	return 4;
}

static void test_prefix_each_line(void)
{
	reset();
	gw("hello\nworld\n");
	CHECK(strcmp(out, "guest: hello\nguest: world\n") == 0);
}

static void test_prefix_not_per_write(void)
{
	reset();
	gw("hel");
	gw("lo");
	gw(" there\nsecond");
	gw(" half\n");
	CHECK(strcmp(out, "guest: hello there\nguest: second half\n") == 0);
}

static void test_empty_and_blank_lines(void)
{
	reset();
	gcon_write(&gc, "ignored", 0);
	CHECK_EQ_U64(out_len, 0);
	CHECK_EQ_U64(puts_count, 0);
	gw("\n\n");
	CHECK(strcmp(out, "guest: \nguest: \n") == 0);
}

static void test_no_prefix_until_a_byte(void)
{
	/* Ending a line does not start the next one: no dangling prefix. */
	reset();
	gw("one\n");
	CHECK(strcmp(out, "guest: one\n") == 0);
	gw("two");
	CHECK(strcmp(out, "guest: one\nguest: two") == 0);
}

static void test_log_interrupts_line(void)
{
	reset();
	gw("partial");
	log_line("microvisor: something happened");
	gw(" rest\n");
	CHECK(strcmp(out, "guest: partial\n"
			  "microvisor: something happened\n"
			  "guest:  rest\n") == 0);
}

static void test_log_between_lines(void)
{
	reset();
	gw("a\n");
	log_line("microvisor: x");
	gw("b\n");
	CHECK(strcmp(out, "guest: a\nmicrovisor: x\nguest: b\n") == 0);
}

static void test_state_is_the_outputs(void)
{
	/* gcon keeps no line state of its own: it asks the output (once per
	 * run of plain bytes, not per byte). An external "\n" alone opens a
	 * new guest line. */
	reset();
	gw("abc");
	append("\n", 1, 'm');
	gw("def");
	CHECK(strcmp(out, "guest: abc\nguest: def") == 0);
	CHECK_EQ_U64(asks, 2);
	/* Two lines and an escape in one write: one ask per run. */
	reset();
	gw("ab\ncd\x01"
	   "e");
	CHECK(strcmp(out, "guest: ab\nguest: cd\\x01e") == 0);
	CHECK_EQ_U64(asks, 4);
}

static void test_all_bytes_escaped(void)
{
	char in[256], want[1200];
	unsigned w = 0;

	for (unsigned c = 0; c < 256; c++)
		in[c] = (char)c;
	/* Expected: prefix, bytes 0..9, then '\n' itself, a new prefix... */
	w += (unsigned)sprintf(want + w, "guest: ");
	for (unsigned c = 0; c < 256; c++) {
		w += expect_byte((unsigned char)c, want + w);
		if (c == '\n')
			w += (unsigned)sprintf(want + w, "guest: ");
	}
	want[w] = '\0';
	reset();
	gcon_write(&gc, in, 256);
	CHECK_EQ_U64(out_len, w);
	CHECK(memcmp(out, want, w) == 0);
}

static void test_escape_examples(void)
{
	reset();
	gw("\x1b[2J\x07");
	CHECK(strcmp(out, "guest: \\x1b[2J\\x07") == 0);
	reset();
	gcon_write(&gc, "a\0b", 3);
	CHECK(strcmp(out, "guest: a\\x00b") == 0);
	reset();
	gw("\x7f\x80\xff\xc3\xa9\x1f");
	CHECK(strcmp(out, "guest: \\x7f\\x80\\xff\\xc3\\xa9\\x1f") == 0);
	reset();
	gw("tab\there ~!\n");
	CHECK(strcmp(out, "guest: tab\there ~!\n") == 0);
	/* Other line breakers */
	reset();
	gw("\x0b\x0c\x85");
	CHECK(strcmp(out, "guest: \\x0b\\x0c\\x85") == 0);
}

static void test_cr_dropped(void)
{
	reset();
	gw("a\r\nb\r");
	CHECK(strcmp(out, "guest: a\nguest: b") == 0);
	/* A lone CR does not even open a line. */
	reset();
	gw("\r");
	CHECK_EQ_U64(out_len, 0);
	gw("\r\r\n");
	CHECK(strcmp(out, "guest: \n") == 0);
	/* CR cannot be used to overwrite the prefix */
	reset();
	gw("x\rmicrovisor: fake\n");
	CHECK(strcmp(out, "guest: xmicrovisor: fake\n") == 0);
}

static void test_cannot_forge_log_line(void)
{
	reset();
	gw("\nmicrovisor: guest ended\n");
	CHECK(strcmp(out, "guest: \nguest: microvisor: guest ended\n") == 0);
	reset();
	gw("microvisor: x");
	CHECK(strncmp(out, "guest: ", 7) == 0);
}

static u64 rng_state = 0x243f6a8885a308d3ULL;

static u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/*
 * Random byte strings, split into random writes, with log lines at random
 * points. Afterwards:
 *  - every line holding a byte from gcon starts with a "guest: " from gcon;
 *  - so no line starts with "microvisor:" unless the log wrote all of it;
 *  - gcon never emitted a raw control byte or a byte >= 0x7f;
 *  - the gcon bytes with one leading "guest: " per line removed are exactly
 *    the per-byte mapping of the input (nothing lost, added or reordered).
 */
static void test_property_random(void)
{
	static char in[1 << 16], mapped[1 << 18];
	static const char pieces[] = "\n\r\t\x1b\x7f\x80\xffmicrovisor: guest:";
	static const char forge[] = "\r\nmicrovisor: panic\n";

	for (unsigned round = 0; round < 300; round++) {
		unsigned n = (unsigned)(rnd() % sizeof(in)) / (1 + round % 8);
		unsigned m = 0, pos = 0, line_start = 0;

		for (unsigned i = 0; i < n; i++) {
			u64 r = rnd();

			if ((r & 63) == 0 && n - i > sizeof(forge)) {
				/* a whole forged log line start */
				memcpy(in + i, forge, sizeof(forge) - 1);
				i += sizeof(forge) - 2;
			} else if (r & 1) {
				in[i] = (char)(r >> 8);
			} else {
				in[i] = pieces[(r >> 8) % (sizeof(pieces) - 1)];
			}
		}
		for (unsigned i = 0; i < n; i++)
			m += expect_byte((unsigned char)in[i], mapped + m);

		reset();
		while (pos < n) {
			unsigned chunk = (unsigned)(rnd() % 60);

			if (chunk > n - pos)
				chunk = n - pos;
			gcon_write(&gc, in + pos, chunk);
			pos += chunk;
			if (rnd() % 5 == 0)
				log_line("microvisor: log line");
		}
		CHECK(out_len < OUT_MAX);

		/* Per line checks */
		for (unsigned i = 0; i <= out_len; i++) {
			bool any_g = false;

			if (i < out_len && out[i] != '\n')
				continue;
			for (unsigned k = line_start; k < i; k++)
				if (owner[k] == 'g')
					any_g = true;
			if (any_g) {
				/* a line the guest wrote into is the guest's */
				CHECK(strncmp(out + line_start,
					      "microvisor:", 11));
				CHECK(i - line_start >= 7);
				CHECK(!strncmp(out + line_start, "guest: ", 7));
				for (unsigned k = 0; k < 7; k++)
					CHECK(owner[line_start + k] == 'g');
			}
			line_start = i + 1;
		}

		/* Byte checks and the stream equality */
		{
			unsigned g = 0;

			for (unsigned i = 0; i < out_len; i++) {
				unsigned char c = (unsigned char)out[i];

				if (owner[i] != 'g')
					continue;
				CHECK(c == '\n' || c == '\t' ||
				      (c >= 0x20 && c < 0x7f));
				if ((i == 0 || out[i - 1] == '\n') &&
				    strncmp(out + i, "guest: ", 7) == 0) {
					i += 6;
					continue;
				}
				CHECK(g < m);
				CHECK_EQ_U64(c, (unsigned char)mapped[g]);
				g++;
			}
			CHECK_EQ_U64(g, m);
		}
	}
}

/*
 * Runs are scanned eight aligned bytes at a time: every byte value, at
 * every position of a long plain run, at every alignment of the buffer,
 * must come out as the per-byte mapping says - a word test that let one
 * control byte through, or stopped at a plain one, shows here.
 */
static void test_word_scan_exact(void)
{
	static char buf[64 + 8], want[256];
	const unsigned len = 40;

	for (unsigned align = 0; align < 8; align++) {
		char *in = buf + align;

		for (unsigned pos = 0; pos < len; pos++) {
			for (unsigned c = 0; c < 256; c++) {
				unsigned w = 0;

				memset(in, 'a' + (char)(pos % 26), len);
				in[pos] = (char)c;
				w += (unsigned)sprintf(want, "guest: ");
				for (unsigned i = 0; i < len; i++) {
					w += expect_byte((unsigned char)in[i],
							 want + w);
					if (in[i] == '\n' && i + 1 < len)
						w += (unsigned)sprintf(
							want + w, "guest: ");
				}
				reset();
				gcon_write(&gc, in, len);
				if (out_len != w || memcmp(out, want, w)) {
					CHECK(!"gcon output differs");
					fprintf(stderr,
						"  align %u pos %u byte %#x\n",
						align, pos, c);
					return;
				}
			}
		}
	}
	/* A line of plain text is one run: one put after the prefix. */
	reset();
	memset(buf, 'x', 64);
	gcon_write(&gc, buf, 64);
	CHECK_EQ_U64(puts_count, 2);
}

/* Across every test above, no run handed to put() had a newline inside. */
static void test_put_contract(void)
{
	CHECK_EQ_U64(inner_newlines, 0);
}

int main(void)
{
	RUN(test_prefix_each_line);
	RUN(test_prefix_not_per_write);
	RUN(test_empty_and_blank_lines);
	RUN(test_no_prefix_until_a_byte);
	RUN(test_log_interrupts_line);
	RUN(test_log_between_lines);
	RUN(test_state_is_the_outputs);
	RUN(test_all_bytes_escaped);
	RUN(test_escape_examples);
	RUN(test_cr_dropped);
	RUN(test_cannot_forge_log_line);
	RUN(test_property_random);
	RUN(test_word_scan_exact);
	RUN(test_put_contract);
	CHECK_EXIT();
}
