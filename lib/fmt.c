/* lib/fmt.c - the bounded string builder and the printf-style formatter on top of it. */
#include "lib/fmt.h"

void sbuf_init(struct sbuf *sb, char *buf, size_t cap)
{
	sb->buf = buf;
	sb->cap = buf ? cap : 0;
	sb->pos = 0;
	if (sb->cap)
		buf[0] = '\0';
}

void sbuf_reset(struct sbuf *sb)
{
	sb->pos = 0;
	if (sb->cap)
		sb->buf[0] = '\0';
}

void sbuf_putn(struct sbuf *sb, const char *s, size_t n)
{
	if (sb->cap && sb->pos < sb->cap - 1) {
		size_t room = sb->cap - 1 - sb->pos;
		size_t k = n < room ? n : room;

		__builtin_memcpy(sb->buf + sb->pos, s, k);
		sb->buf[sb->pos + k] = '\0';
	}
	sb->pos += n;
}

void sbuf_putc(struct sbuf *sb, char c)
{
	sbuf_putn(sb, &c, 1);
}

void sbuf_puts(struct sbuf *sb, const char *s)
{
	sbuf_putn(sb, s, __builtin_strlen(s));
}

static const char hex_lower[] = "0123456789abcdef";

void sbuf_hex_bytes(struct sbuf *sb, const u8 *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char two[2] = {hex_lower[p[i] >> 4], hex_lower[p[i] & 15]};

		sbuf_putn(sb, two, 2);
	}
}

static void pad(struct sbuf *sb, char c, int n)
{
	for (; n > 0; n--)
		sbuf_putc(sb, c);
}

struct spec {
	bool left, alt;
	char pad;
	int width;
	int prec; /* -1: none */
};

static void put_bytes(struct sbuf *sb, const char *s, size_t n,
		      const struct spec *f)
{
	if (!f->left)
		pad(sb, ' ', f->width - (int)n);
	sbuf_putn(sb, s, n);
	if (f->left)
		pad(sb, ' ', f->width - (int)n);
}

static void put_number(struct sbuf *sb, u64 v, bool neg, unsigned base,
		       bool upper, const struct spec *f)
{
	const char *digits = upper ? "0123456789ABCDEF" : hex_lower;
	bool prefix = f->alt && base == 16;
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	int fill = f->width - (n + (neg ? 1 : 0) + (prefix ? 2 : 0));

	if (!f->left && f->pad == ' ')
		pad(sb, ' ', fill);
	if (neg)
		sbuf_putc(sb, '-');
	if (prefix)
		sbuf_putn(sb, "0x", 2);
	if (!f->left && f->pad == '0')
		pad(sb, '0', fill);
	while (n)
		sbuf_putc(sb, tmp[--n]);
	if (f->left)
		pad(sb, ' ', fill);
}

void sbuf_vprintf(struct sbuf *sb, const char *fmt, va_list ap)
{
	for (const char *p = fmt; *p; p++) {
		const char *lit = p;

		while (*p && *p != '%')
			p++;
		if (p != lit)
			sbuf_putn(sb, lit, (size_t)(p - lit));
		if (!*p)
			break;
		p++;
		struct spec f = {.pad = ' ', .prec = -1};
		for (;; p++) {
			if (*p == '-')
				f.left = true;
			else if (*p == '#')
				f.alt = true;
			else if (*p == '0')
				f.pad = '0';
			else
				break;
		}
		while (*p >= '0' && *p <= '9')
			f.width = f.width * 10 + (*p++ - '0');
		if (*p == '.') {
			p++;
			f.prec = 0;
			if (*p == '*') {
				f.prec = va_arg(ap, int);
				p++;
			} else {
				while (*p >= '0' && *p <= '9')
					f.prec = f.prec * 10 + (*p++ - '0');
			}
		}
		int lng = 0;
		while (*p == 'l' || *p == 'z') {
			lng++;
			p++;
		}
		switch (*p) {
		case '%': sbuf_putc(sb, '%'); break;
		case 'c': {
			char c = (char)va_arg(ap, int);

			put_bytes(sb, &c, 1, &f);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			size_t n = 0;

			if (!s)
				s = "(null)";
			/* With a precision the bytes need not end in a NUL. */
			while ((f.prec < 0 || n < (size_t)f.prec) && s[n])
				n++;
			put_bytes(sb, s, n, &f);
			break;
		}
		case 'd':
		case 'i': {
			s64 v = lng ? va_arg(ap, s64) : va_arg(ap, int);

			put_number(sb, v < 0 ? -(u64)v : (u64)v, v < 0, 10,
				   false, &f);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			u64 v = lng ? va_arg(ap, u64) : va_arg(ap, unsigned);

			put_number(sb, v, false, *p == 'u' ? 10 : 16, *p == 'X',
				   &f);
			break;
		}
		case 'p':
			f.alt = true;
			put_number(sb, (u64)(uintptr_t)va_arg(ap, void *),
				   false, 16, false, &f);
			break;
		case '\0':
			p--; /* a lone '%' at the end: print nothing more */
			break;
		default: /* unknown conversion: show it, don't guess */
			sbuf_putc(sb, '%');
			sbuf_putc(sb, *p);
			break;
		}
	}
}

void sbuf_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sbuf_vprintf(sb, fmt, ap);
	va_end(ap);
}

int mv_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap)
{
	struct sbuf sb;

	sbuf_init(&sb, buf, len);
	sbuf_vprintf(&sb, fmt, ap);
	return (int)sbuf_len(&sb);
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
