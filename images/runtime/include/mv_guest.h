/* images/runtime/include/mv_guest.h - the appliance-side API of the guest runtime: hypercalls, console, exit, boot information. */
#ifndef MV_GUEST_H
#define MV_GUEST_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/mvabi.h"

/*
 * Exit statuses the runtime itself produces (docs: images/README.md).
 * Everything else an appliance passes to exit() or returns from main()
 * reaches the microvisor unchanged (modulo 256).
 */
#define MV_STATUS_NO_START  127 /* the runtime could not start (bad DTB...) */
#define MV_STATUS_SIGNAL    128 /* + signal: raise()/abort() with SIG_DFL */
#define MV_STATUS_EXCEPTION 128 /* + EC: a synchronous exception at EL1 */
#define MV_STATUS_VECTOR    192 /* + vector slot: IRQ/FIQ/SError/other */

/* x0..x3 of an SMCCC call. */
struct mv_smccc_res {
	uint64_t a0, a1, a2, a3;
};

/*
 * The SMCCC v1.1 register contract: x0-x3 carry results, x4-x17 are
 * preserved, so only x0-x3 are outputs; "memory" because a call may stand
 * for an ordering point (exit, console) the compiler must not move
 * loads/stores across.
 */
#define MV__SMCCC_CALL(insn, id, p1, p2, p3, p4, p5, p6, p7)                   \
	({                                                                     \
		register uint64_t r0 asm("x0") = (id);                         \
		register uint64_t r1 asm("x1") = (p1);                         \
		register uint64_t r2 asm("x2") = (p2);                         \
		register uint64_t r3 asm("x3") = (p3);                         \
		register uint64_t r4 asm("x4") = (p4);                         \
		register uint64_t r5 asm("x5") = (p5);                         \
		register uint64_t r6 asm("x6") = (p6);                         \
		register uint64_t r7 asm("x7") = (p7);                         \
		asm volatile(insn                                              \
			     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)          \
			     : "r"(r4), "r"(r5), "r"(r6), "r"(r7)              \
			     : "memory");                                      \
		(struct mv_smccc_res){r0, r1, r2, r3};                         \
	})

/* A raw SMCCC call over HVC #0, the microvisor's calling convention. */
static inline struct mv_smccc_res mv_hvc(uint64_t id, uint64_t a1, uint64_t a2,
					 uint64_t a3, uint64_t a4, uint64_t a5,
					 uint64_t a6, uint64_t a7)
{
	return MV__SMCCC_CALL("hvc #0", id, a1, a2, a3, a4, a5, a6, a7);
}

/* The same over SMC #0: the microvisor traps SMC and serves it alike. */
static inline struct mv_smccc_res mv_smc(uint64_t id, uint64_t a1, uint64_t a2,
					 uint64_t a3, uint64_t a4, uint64_t a5,
					 uint64_t a6, uint64_t a7)
{
	return MV__SMCCC_CALL("smc #0", id, a1, a2, a3, a4, a5, a6, a7);
}

/* Shorthand for the common case: one argument, x0 returned. */
static inline int64_t mv_hvc1(uint32_t id, uint64_t a1)
{
	return (int64_t)mv_hvc(id, a1, 0, 0, 0, 0, 0, 0).a0;
}

/*
 * SMCCC result codes are 32-bit values (SMC32 calls return them in w0),
 * so compare only the low word against MV_SMCCC_NOT_SUPPORTED and friends.
 */
static inline int32_t mv_smccc_status(uint64_t x0)
{
	return (int32_t)(uint32_t)x0;
}

/* ---- console ------------------------------------------------------------ */

/*
 * Writes n bytes exactly as given (no newline translation), in calls of
 * up to MV_CONSOLE_MAX bytes. Returns the bytes written, or -1 if the
 * microvisor refused the very first chunk.
 */
long mv_console_write(const void *buf, size_t n);

/* NUL-terminated convenience form of mv_console_write. */
void mv_console_puts(const char *s);

/*
 * Never blocks: returns the bytes that were waiting (0..len, at most
 * MV_CONSOLE_MAX per call made), 0 if none, -1 on a refused call.
 */
long mv_console_read(void *buf, size_t len);

/* Waits (by polling the microvisor) until one byte arrives; returns it. */
int mv_console_getc(void);

/* ---- exit ------------------------------------------------------------- */

/* Ends the guest with status & 0xff without running atexit handlers. */
__attribute__((noreturn)) void mv_exit(int status);

/* ---- boot information ------------------------------------------------- */

struct mv_boot_info {
	uint64_t ram_base;    /* IPA of guest RAM (from /memory) */
	uint64_t ram_size;    /* bytes of guest RAM (from /memory) */
	uint64_t dtb_addr;    /* the device tree the microvisor passed in x0 */
	uint64_t dtb_size;    /* its totalsize */
	uint64_t image_end;   /* end of the appliance's image and BSS */
	uint64_t heap_start;  /* malloc/sbrk arena: [heap_start, heap_end) */
	uint64_t heap_end;    /* below the DTB's 2 MiB-aligned region */
	const char *bootargs; /* /chosen/bootargs, "" if absent */
};

/* Filled in before main() runs. */
const struct mv_boot_info *mv_boot_info(void);

/* The guest device tree, for libfdt (include <libfdt.h>). */
const void *mv_fdt(void);

/* ---- generic timer ---------------------------------------------------- */

static inline uint64_t mv_counter(void)
{
	uint64_t v;

	/* isb: without it the read may be taken early, out of program order. */
	asm volatile("isb; mrs %0, cntvct_el0" : "=r"(v)::"memory");
	return v;
}

static inline uint64_t mv_counter_freq(void)
{
	uint64_t v;

	asm volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

/* Nanoseconds since the counter's origin (not wall-clock time). */
uint64_t mv_uptime_ns(void);

#endif
