/* kernel/fmt.c - a small bounded printf-style formatter for the microvisor's log (no floating point). */
#include "kernel/fmt.h"

struct out {
	char *buf;
	size_t len;
	size_t pos;
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->len)
		o->buf[o->pos] = c;
	o->pos++;
}

static void put_padded(struct out *o, const char *s, size_t n, int width,
		       bool left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left && pad == ' ')
		for (; fill > 0; fill--)
			put(o, ' ');
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
	for (; fill > 0; fill--)
		put(o, ' ');
}

static void put_number(struct out *o, u64 v, bool neg, unsigned base,
		       bool upper, int width, bool left, char pad,
		       const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;
	int plen = prefix ? (int)__builtin_strlen(prefix) : 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	int body = n + (neg ? 1 : 0) + plen;
	int fill = width > body ? width - body : 0;

	if (!left && pad == ' ')
		for (; fill > 0; fill--)
			put(o, ' ');
	if (neg)
		put(o, '-');
	for (int i = 0; i < plen; i++)
		put(o, prefix[i]);
	if (!left && pad == '0')
		for (; fill > 0; fill--)
			put(o, '0');
	while (n)
		put(o, tmp[--n]);
	for (; fill > 0; fill--)
		put(o, ' ');
}

int mv_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap)
{
	struct out o = {buf, len, 0};

	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			put(&o, *p);
			continue;
		}
		p++;
		bool left = false, alt = false;
		char pad = ' ';
		for (;; p++) {
			if (*p == '-')
				left = true;
			else if (*p == '#')
				alt = true;
			else if (*p == '0')
				pad = '0';
			else
				break;
		}
		int width = 0;
		while (*p >= '0' && *p <= '9')
			width = width * 10 + (*p++ - '0');
		int lng = 0;
		while (*p == 'l' || *p == 'z') {
			lng++;
			p++;
		}
		switch (*p) {
		case '%': put(&o, '%'); break;
		case 'c': {
			char c = (char)va_arg(ap, int);
			put_padded(&o, &c, 1, width, left, ' ');
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			put_padded(&o, s, __builtin_strlen(s), width, left,
				   ' ');
			break;
		}
		case 'd':
		case 'i': {
			s64 v = lng ? va_arg(ap, s64) : va_arg(ap, int);
			u64 m = v < 0 ? -(u64)v : (u64)v;
			put_number(&o, m, v < 0, 10, false, width, left, pad,
				   NULL);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			u64 v = lng ? va_arg(ap, u64) : va_arg(ap, unsigned);
			put_number(&o, v, false, *p == 'u' ? 10 : 16, *p == 'X',
				   width, left, pad,
				   alt && *p != 'u' ? "0x" : NULL);
			break;
		}
		case 'p':
			put_number(&o, (u64)(uintptr_t)va_arg(ap, void *),
				   false, 16, false, width, left, pad, "0x");
			break;
		case '\0':
			p--; /* a lone '%' at the end: print nothing more */
			break;
		default: /* unknown conversion: show it, don't guess */
			put(&o, '%');
			put(&o, *p);
			break;
		}
	}
	if (len)
		buf[o.pos < len ? o.pos : len - 1] = '\0';
	return (int)o.pos;
}

int mv_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = mv_vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n;
}

void fmt_size(char *buf, size_t len, u64 bytes)
{
	static const char suffix[] = "KMGTPE";
	int s = -1;

	while (bytes && (bytes & 1023) == 0 && s < 5) {
		bytes >>= 10;
		s++;
	}
	if (s < 0)
		mv_snprintf(buf, len, "%llu", (unsigned long long)bytes);
	else
		mv_snprintf(buf, len, "%llu%c", (unsigned long long)bytes,
			    suffix[s]);
}
