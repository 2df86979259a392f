/* images/runtime/syscalls.c - newlib's system calls for an appliance: the PV console as fds 0-2, MV_EXIT, sbrk below the DTB, honest failures for the rest (time is time.c's). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "runtime.h"

/*
 * newlib (built without its own syscalls) calls these through its
 * reentrant wrappers, which copy errno into the caller's reent structure.
 * The prototypes are newlib's, repeated here because its headers show
 * them only while newlib itself is compiled.
 */
ssize_t _write(int fd, const void *buf, size_t n);
ssize_t _read(int fd, void *buf, size_t n);
void *_sbrk(ptrdiff_t incr);
__attribute__((noreturn)) void _exit(int status);
int _close(int fd);
int _fstat(int fd, struct stat *st);
int _stat(const char *path, struct stat *st);
int _isatty(int fd);
off_t _lseek(int fd, off_t off, int whence);
int _open(const char *path, int flags, ...);
int _fcntl(int fd, int cmd, ...);
int _kill(pid_t pid, int sig);
pid_t _getpid(void);
int _gettimeofday(struct timeval *tv, void *tz);
clock_t _times(struct tms *buf);
int _execve(const char *path, char *const argv[], char *const envp[]);
pid_t _fork(void);
pid_t _wait(int *status);
int _link(const char *old, const char *new);
int _unlink(const char *path);
int _mkdir(const char *path, mode_t mode);

/* The only process there is. */
#define MV_PID 1

uintptr_t mv_brk;

static int is_console(int fd)
{
	return fd >= STDIN_FILENO && fd <= STDERR_FILENO;
}

/* ---- exit ---- */

void mv_exit(int status)
{
	mv_hvc(MV_EXIT, (uint64_t)(status & 0xff), 0, 0, 0, 0, 0, 0);
	/*
	 * MV_EXIT does not return; if a microvisor ever lets it, power off
	 * instead, and failing that never run on.
	 */
	mv_hvc(MV_PSCI_SYSTEM_OFF, 0, 0, 0, 0, 0, 0, 0);
	for (;;)
		asm volatile("wfi");
}

void _exit(int status)
{
	mv_exit(status);
}

/* ---- console as fds 0, 1, 2 ---- */

ssize_t _write(int fd, const void *buf, size_t n)
{
	long ret;

	if (fd != STDOUT_FILENO && fd != STDERR_FILENO) {
		errno = EBADF;
		return -1;
	}
	if (!n)
		return 0;
	/* Bytes as written: the microvisor owns line discipline. */
	ret = mv_console_write(buf, n);
	if (ret < 0) {
		errno = EIO;
		return -1;
	}
	return ret;
}

/*
 * The console has O_NONBLOCK semantics: with nothing typed, read() fails
 * with EAGAIN rather than returning 0, which stdio would take as a
 * permanent end of file. mv_console_getc() waits for a byte.
 */
ssize_t _read(int fd, void *buf, size_t n)
{
	long ret;

	if (fd != STDIN_FILENO) {
		errno = EBADF;
		return -1;
	}
	if (!n)
		return 0;
	ret = mv_console_read(buf, n);
	if (ret < 0) {
		errno = EIO;
		return -1;
	}
	if (ret == 0) {
		errno = EAGAIN;
		return -1;
	}
	return ret;
}

int _close(int fd)
{
	if (is_console(fd))
		return 0;
	errno = EBADF;
	return -1;
}

int _fstat(int fd, struct stat *st)
{
	if (!is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	*st = (struct stat){0};
	/* A character device: stdio then asks _isatty and line-buffers. */
	st->st_mode = S_IFCHR | (fd == STDIN_FILENO ? S_IRUSR : S_IWUSR);
	return 0;
}

int _isatty(int fd)
{
	if (is_console(fd))
		return 1;
	errno = EBADF;
	return 0;
}

off_t _lseek(int fd, off_t off, int whence)
{
	(void)off;
	(void)whence;
	errno = is_console(fd) ? ESPIPE : EBADF;
	return -1;
}

int _fcntl(int fd, int cmd, ...)
{
	if (!is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	switch (cmd) {
	case F_GETFL:
		return fd == STDIN_FILENO ? O_RDONLY | O_NONBLOCK : O_WRONLY;
	case F_GETFD: return 0;
	default: errno = EINVAL; return -1;
	}
}

/* ---- heap ---- */

void *_sbrk(ptrdiff_t incr)
{
	uintptr_t old = mv_brk;

	/* The arena ends below the DTB's region: see start.c. */
	if (incr > 0 ? (uintptr_t)incr > mv_boot.heap_end - old
		     : (uintptr_t)-incr > old - mv_boot.heap_start) {
		errno = ENOMEM;
		return (void *)-1;
	}
	mv_brk = old + (uintptr_t)incr;
	return (void *)old;
}

/* ---- process ---- */

pid_t _getpid(void)
{
	return MV_PID;
}

/*
 * raise() with the default action lands here (abort() does so with
 * SIGABRT): the process dies of the signal, status 128 + signal as a
 * shell would report it.
 */
int _kill(pid_t pid, int sig)
{
	if (pid != MV_PID && pid != 0 && pid != -1) {
		errno = ESRCH;
		return -1;
	}
	if (sig < 0 || sig >= NSIG) {
		errno = EINVAL;
		return -1;
	}
	if (!sig)
		return 0;
	/* One line, even with another CPU printing; mv_exit() ends them. */
	mv_rlock_acquire(&mv_console_lock, MV_LOCK_SPINS_BOUNDED);
	mv_console_puts("runtime: terminated by signal ");
	mv_put_dec((uint64_t)sig);
	mv_console_puts("\n");
	mv_exit(MV_STATUS_SIGNAL + sig);
}

int _execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path;
	(void)argv;
	(void)envp;
	errno = ENOSYS;
	return -1;
}

pid_t _fork(void)
{
	errno = ENOSYS;
	return -1;
}

pid_t _wait(int *status)
{
	(void)status;
	errno = ECHILD;
	return -1;
}

/* ---- no file system ---- */

int _open(const char *path, int flags, ...)
{
	(void)path;
	(void)flags;
	errno = ENOENT;
	return -1;
}

int _stat(const char *path, struct stat *st)
{
	(void)path;
	(void)st;
	errno = ENOENT;
	return -1;
}

int _link(const char *old, const char *new)
{
	(void)old;
	(void)new;
	errno = ENOSYS;
	return -1;
}

int _unlink(const char *path)
{
	(void)path;
	errno = ENOENT;
	return -1;
}

int _mkdir(const char *path, mode_t mode)
{
	(void)path;
	(void)mode;
	errno = ENOSYS;
	return -1;
}

/* No entropy source the microvisor vouches for (arc4random needs one). */
int getentropy(void *buf, size_t len)
{
	(void)buf;
	(void)len;
	errno = ENOSYS;
	return -1;
}
