/* images/runtime/stdio.c - newlib's stdio and malloc serialised across CPUs: one recursive lock, malloc's hooks and link-time wrappers of the stdio calls. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "runtime.h"

/*
 * newlib is built without locks (its FILE locks are empty macros) and
 * with one global reentrancy structure, so every CPU shares stdout's
 * buffer, the malloc arena and errno. One lock covers them all: malloc
 * calls __malloc_lock/__malloc_unlock (newlib's documented hooks, which
 * these replace), and images.mk links the stdio calls listed in
 * mv_guest.h through the __wrap_ functions below (ld --wrap), which take
 * the lock around the real ones. It is one lock, not two, because stdio
 * allocates its buffers with malloc: with two, a CPU in malloc whose
 * interrupt handler printed would wait for a CPU in printf waiting for
 * malloc.
 *
 * This file is compiled with FP/SIMD registers allowed (images.mk):
 * a varargs wrapper must save v0-v7, where printf's floating-point
 * arguments arrive.
 */

struct _reent;

static struct mv_rlock libc_lock;

void mv_stdio_lock(void)
{
	mv_rlock_acquire(&libc_lock, 0);
}

void mv_stdio_unlock(void)
{
	mv_rlock_release(&libc_lock);
}

void __malloc_lock(struct _reent *r);
void __malloc_unlock(struct _reent *r);

void __malloc_lock(struct _reent *r)
{
	(void)r;
	mv_stdio_lock();
}

void __malloc_unlock(struct _reent *r)
{
	(void)r;
	mv_stdio_unlock();
}

/* The real functions (ld --wrap=NAME makes __real_NAME mean NAME). */
int __real_vprintf(const char *fmt, va_list ap);
int __real_vfprintf(FILE *f, const char *fmt, va_list ap);
int __real_puts(const char *s);
int __real_putchar(int c);
int __real_putc(int c, FILE *f);
int __real_fputc(int c, FILE *f);
int __real_fputs(const char *s, FILE *f);
size_t __real_fwrite(const void *p, size_t size, size_t n, FILE *f);
int __real_fflush(FILE *f);
void __real_perror(const char *s);
__attribute__((noreturn)) void __real_exit(int status);

int __wrap_printf(const char *fmt, ...);
int __wrap_vprintf(const char *fmt, va_list ap);
int __wrap_fprintf(FILE *f, const char *fmt, ...);
int __wrap_vfprintf(FILE *f, const char *fmt, va_list ap);
int __wrap_puts(const char *s);
int __wrap_putchar(int c);
int __wrap_putc(int c, FILE *f);
int __wrap_fputc(int c, FILE *f);
int __wrap_fputs(const char *s, FILE *f);
size_t __wrap_fwrite(const void *p, size_t size, size_t n, FILE *f);
int __wrap_fflush(FILE *f);
void __wrap_perror(const char *s);
__attribute__((noreturn)) void __wrap_exit(int status);

/* LOCKED(expr): expr's value, computed under the lock. */
#define LOCKED(type, expr)                                                     \
	({                                                                     \
		type r_;                                                       \
		mv_stdio_lock();                                               \
		r_ = (expr);                                                   \
		mv_stdio_unlock();                                             \
		r_;                                                            \
	})

int __wrap_printf(const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = LOCKED(int, __real_vprintf(fmt, ap));
	va_end(ap);
	return r;
}

int __wrap_vprintf(const char *fmt, va_list ap)
{
	return LOCKED(int, __real_vprintf(fmt, ap));
}

int __wrap_fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = LOCKED(int, __real_vfprintf(f, fmt, ap));
	va_end(ap);
	return r;
}

int __wrap_vfprintf(FILE *f, const char *fmt, va_list ap)
{
	return LOCKED(int, __real_vfprintf(f, fmt, ap));
}

int __wrap_puts(const char *s)
{
	return LOCKED(int, __real_puts(s));
}

int __wrap_putchar(int c)
{
	return LOCKED(int, __real_putchar(c));
}

int __wrap_putc(int c, FILE *f)
{
	return LOCKED(int, __real_putc(c, f));
}

int __wrap_fputc(int c, FILE *f)
{
	return LOCKED(int, __real_fputc(c, f));
}

int __wrap_fputs(const char *s, FILE *f)
{
	return LOCKED(int, __real_fputs(s, f));
}

size_t __wrap_fwrite(const void *p, size_t size, size_t n, FILE *f)
{
	return LOCKED(size_t, __real_fwrite(p, size, n, f));
}

int __wrap_fflush(FILE *f)
{
	return LOCKED(int, __real_fflush(f));
}

void __wrap_perror(const char *s)
{
	mv_stdio_lock();
	__real_perror(s);
	mv_stdio_unlock();
}

/*
 * exit() flushes stdio: under the lock, so it does not flush a buffer
 * another CPU is filling. Bounded: a CPU that holds the lock for good
 * (stopped inside printf) must not keep the appliance from ending.
 */
void __wrap_exit(int status)
{
	mv_rlock_acquire(&libc_lock, MV_LOCK_SPINS_BOUNDED);
	__real_exit(status);
}
