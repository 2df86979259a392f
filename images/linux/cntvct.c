/* images/linux/cntvct.c - prints the virtual counter and its frequency (a static arm64 Linux program for /init's marker: under QEMU -icount, time is instructions). */

/* No C library: two system calls (write, exit) and the counter. */
static long sys3(long n, long a, long b, long c)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2)
			 : "memory");
	return x0;
}

static char *dec(char *end, unsigned long v)
{
	do
		*--end = (char)('0' + v % 10);
	while (v /= 10);
	return end;
}

void _start(void)
{
	unsigned long cnt, frq;
	char buf[64], *p = buf + sizeof(buf);

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(cnt));
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(frq));
	*--p = '\n';
	p = dec(p, frq);
	*--p = ' ';
	p = dec(p, cnt);
	sys3(64 /* write */, 1, (long)p, buf + sizeof(buf) - p);
	sys3(93 /* exit */, 0, 0, 0);
	for (;;)
		;
}
