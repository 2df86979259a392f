/* images/runtime/console.c - the paravirtual console: MV_CONSOLE_WRITE/READ, bytes carried in registers. */
#include <string.h>

#include "runtime.h"

/* One MV_CONSOLE_WRITE of n <= MV_CONSOLE_MAX bytes; returns x0. */
static int64_t console_write_chunk(const void *buf, size_t n)
{
	uint64_t r[MV_CONSOLE_MAX / 8] = {0};

	/* Little-endian, x2 first: exactly the byte order of memory. */
	memcpy(r, buf, n);
	return (int64_t)mv_hvc(MV_CONSOLE_WRITE, n, r[0], r[1], r[2], r[3],
			       r[4], r[5])
		.a0;
}

/*
 * One writer at a time, for the whole buffer: the microvisor assembles
 * lines from the calls of all vCPUs, so chunks of two CPUs' writes must
 * not interleave. Recursive, so a crash report or an interrupt handler
 * on the CPU that holds it still gets through. It also guards the
 * read side's pending[] below.
 */
struct mv_rlock mv_console_lock;

static long console_write_locked(const unsigned char *p, size_t n)
{
	size_t done = 0;

	while (done < n) {
		size_t chunk = n - done;
		int64_t ret;

		if (chunk > MV_CONSOLE_MAX)
			chunk = MV_CONSOLE_MAX;
		ret = console_write_chunk(p + done, chunk);
		/* Zero would make no progress; anything else is an error. */
		if (ret <= 0 || (uint64_t)ret > chunk)
			return done ? (long)done : -1;
		done += (size_t)ret;
	}
	return (long)done;
}

long mv_console_write(const void *buf, size_t n)
{
	long ret;

	mv_rlock_acquire(&mv_console_lock, 0);
	ret = console_write_locked(buf, n);
	mv_rlock_release(&mv_console_lock);
	return ret;
}

void mv_console_puts(const char *s)
{
	mv_console_write(s, strlen(s));
}

/*
 * MV_CONSOLE_READ returns up to 48 bytes at once, more than a caller may
 * have room for, so the surplus waits here for the next read.
 */
static unsigned char pending[MV_CONSOLE_MAX];
static size_t pending_off, pending_len;

/* One MV_CONSOLE_READ into pending[]; returns the byte count or -1. */
static long console_read_chunk(void)
{
	register uint64_t x0 asm("x0") = MV_CONSOLE_READ;
	register uint64_t x1 asm("x1");
	register uint64_t x2 asm("x2");
	register uint64_t x3 asm("x3");
	register uint64_t x4 asm("x4");
	register uint64_t x5 asm("x5");
	register uint64_t x6 asm("x6");
	uint64_t r[MV_CONSOLE_MAX / 8];

	/* x4-x6 carry results here, unlike in the generic SMCCC helper. */
	asm volatile("hvc #0"
		     : "+r"(x0), "=r"(x1), "=r"(x2), "=r"(x3), "=r"(x4),
		       "=r"(x5), "=r"(x6)
		     :
		     : "memory");
	if ((int64_t)x0 < 0 || x0 > MV_CONSOLE_MAX)
		return -1;
	r[0] = x1;
	r[1] = x2;
	r[2] = x3;
	r[3] = x4;
	r[4] = x5;
	r[5] = x6;
	memcpy(pending, r, x0);
	pending_off = 0;
	pending_len = x0;
	return (long)x0;
}

static long console_read_locked(unsigned char *p, size_t len)
{
	size_t got = 0;

	while (got < len) {
		size_t n;

		if (pending_off == pending_len) {
			long ret = console_read_chunk();

			if (ret < 0)
				return got ? (long)got : -1;
			if (ret == 0)
				break;
		}
		n = pending_len - pending_off;
		if (n > len - got)
			n = len - got;
		memcpy(p + got, pending + pending_off, n);
		pending_off += n;
		got += n;
	}
	return (long)got;
}

long mv_console_read(void *buf, size_t len)
{
	long ret;

	mv_rlock_acquire(&mv_console_lock, 0);
	ret = console_read_locked(buf, len);
	mv_rlock_release(&mv_console_lock);
	return ret;
}

int mv_console_getc(void)
{
	unsigned char c;
	long ret;

	/* No interrupts reach the guest, so polling is the only way to wait. */
	while ((ret = mv_console_read(&c, 1)) == 0)
		asm volatile("yield");
	return ret < 0 ? -1 : c;
}

void mv_put_hexn(uint64_t v, int digits)
{
	char s[18];
	int i;

	if (digits < 1 || digits > 16)
		digits = 16;
	s[0] = '0';
	s[1] = 'x';
	for (i = 0; i < digits; i++)
		s[2 + i] =
			"0123456789abcdef"[(v >> (4 * (digits - 1 - i))) & 0xf];
	mv_console_write(s, 2 + (size_t)digits);
}

void mv_put_hex(uint64_t v)
{
	mv_put_hexn(v, 16);
}

void mv_put_dec(uint64_t v)
{
	char s[20];
	int i = sizeof(s);

	do {
		s[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	mv_console_write(s + i, sizeof(s) - i);
}

uint64_t mv_uptime_ns(void)
{
	uint64_t t = mv_counter(), f = mv_counter_freq();

	if (!f)
		return 0;
	/* Split so t * 1e9 cannot overflow for centuries of uptime. */
	return t / f * 1000000000ull + t % f * 1000000000ull / f;
}
