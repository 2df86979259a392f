/* images/runtime/include/mv_guest.h - the appliance-side API of the guest runtime: hypercalls, console, exit, boot information, several CPUs, interrupts, time. */
#ifndef MV_GUEST_H
#define MV_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

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
	unsigned int cpus;    /* CPUs under /cpus (1 without the node) */
};

/* Filled in before main() runs. */
const struct mv_boot_info *mv_boot_info(void);

/* The guest device tree, for libfdt (include <libfdt.h>). */
const void *mv_fdt(void);

/* ---- several CPUs -------------------------------------------------------- */

/*
 * The appliance gets one vCPU per CPU its device tree lists under /cpus
 * (docs/abi.md); vCPU n has MPIDR_EL1.Aff0 = n. main() runs on CPU 0.
 * mv_cpu_start() runs a function on another CPU, which then turns itself
 * off when the function returns; the runtime keeps one stack of
 * MV_CPU_STACK_SIZE bytes per CPU (CPU 0 keeps the 64 KiB one).
 *
 * What is shared and what is per CPU:
 * - stdio and malloc are one C library: the runtime serialises them with
 *   one lock (printf, vprintf, fprintf, vfprintf, puts, putchar, putc,
 *   fputc, fputs, fwrite, fflush, perror, exit, and everything malloc),
 *   so each call is whole and a line printed at once stays one line.
 *   Other stdio calls (reading, sprintf with %f, the _r forms) and a
 *   group of calls that must stay together go inside mv_stdio_lock().
 *   errno is one variable for all CPUs.
 * - Interrupts: the handler table is shared; every GIC setting of an SGI
 *   or PPI (mv_irq_enable, mv_irq_set_priority, mv_irq_register's
 *   priority) acts on the calling CPU's redistributor only, so each CPU
 *   enables the SGIs and PPIs it wants itself. SPIs go to CPU 0.
 *   mv_irq_depth(), mv_irq_count(), the EOImode and the GIC's CPU
 *   interface are per CPU. A started CPU finds its GIC up (as
 *   mv_gic_init() leaves it) if CPU 0's was up, IRQs masked.
 * - Time: each CPU has its own virtual timer, so software timers are per
 *   CPU: a timer fires on the CPU that armed it, and only that CPU may
 *   re-arm or cancel it while it is armed. Sleeping sleeps in WFI on the
 *   calling CPU's timer once its GIC is up.
 * - A crash on any CPU, exit() or mv_exit() from any CPU, ends the whole
 *   appliance.
 */
#define MV_MAX_CPUS	  8	      /* CPUs the runtime can run on */
#define MV_CPU_STACK_SIZE (32 * 1024) /* each started CPU's stack */

/* PSCI return values (CPU_ON, CPU_OFF, AFFINITY_INFO) */
#ifndef MV_PSCI_RET_SUCCESS
#define MV_PSCI_RET_SUCCESS	       0
#define MV_PSCI_RET_NOT_SUPPORTED      (-1)
#define MV_PSCI_RET_INVALID_PARAMETERS (-2)
#define MV_PSCI_RET_DENIED	       (-3)
#define MV_PSCI_RET_ALREADY_ON	       (-4)
#define MV_PSCI_RET_ON_PENDING	       (-5)
#define MV_PSCI_RET_INTERNAL_FAILURE   (-6)
#define MV_PSCI_RET_NOT_PRESENT	       (-7)
#define MV_PSCI_RET_DISABLED	       (-8)
#define MV_PSCI_RET_INVALID_ADDRESS    (-9)
/* AFFINITY_INFO's answers */
#define MV_PSCI_AFF_ON	       0
#define MV_PSCI_AFF_OFF	       1
#define MV_PSCI_AFF_ON_PENDING 2
#endif

static inline uint64_t mv_mpidr(void)
{
	uint64_t v;

	asm volatile("mrs %0, mpidr_el1" : "=r"(v));
	return v;
}

/* This CPU's number: MPIDR_EL1.Aff0 (0 for the CPU main() runs on). */
static inline unsigned int mv_cpu_id(void)
{
	return (unsigned int)(mv_mpidr() & 0xff);
}

/* CPUs the device tree lists under /cpus (1 without a /cpus node). */
unsigned int mv_cpu_count(void);

typedef void (*mv_cpu_fn)(void *arg);

/*
 * Starts CPU cpu (PSCI CPU_ON, target MPIDR Aff0 = cpu) at the runtime's
 * secondary entry, which turns the MMU on with CPU 0's tables, enables
 * FP/SIMD, sets the vectors and a stack, brings up the CPU's GIC (if CPU
 * 0's is up) and calls fn(arg) with IRQs masked; when fn returns, the
 * CPU turns itself off (mv_cpu_off()). Returns the PSCI status: 0, or
 * MV_PSCI_RET_INVALID_PARAMETERS (no such CPU, cpu >= MV_MAX_CPUS, fn
 * NULL), MV_PSCI_RET_ALREADY_ON (it is this CPU, or still running a
 * function), MV_PSCI_RET_ON_PENDING (started, not yet running), or what
 * else the microvisor answers. A CPU whose function has returned can be
 * started again (this waits until it is off).
 */
int mv_cpu_start(unsigned int cpu, mv_cpu_fn fn, void *arg);

/*
 * PSCI CPU_OFF for the calling CPU: masks its interrupts and timer,
 * drops its software timers and stops it; does not return on success
 * (else returns the PSCI status). On CPU 0 the microvisor decides what
 * it means (with one CPU, the appliance ends as by SYSTEM_OFF).
 */
int mv_cpu_off(void);

/* PSCI AFFINITY_INFO for CPU cpu, level 0: MV_PSCI_AFF_ON, _OFF,
 * _ON_PENDING, or a negative PSCI status (no such CPU). */
int mv_affinity_info(unsigned int cpu);

/*
 * Waits (spinning) until CPU cpu has returned from the function
 * mv_cpu_start() gave it and the microvisor says it is off. Returns 0
 * (also for a CPU never started) or a negative PSCI status.
 */
int mv_cpu_join(unsigned int cpu);

/*
 * Serialises stdio (and malloc) across CPUs: several calls in a row
 * stay together, and the stdio calls the runtime does not lock by
 * itself become safe. Recursive: the holder may call printf inside.
 */
void mv_stdio_lock(void);
void mv_stdio_unlock(void);

/*
 * A plain spinlock for the appliance's own data. Inline atomics: the
 * images are built with -mno-outline-atomics (LDAXR/STXR on any CPU).
 * Not recursive; an interrupt handler that takes one must run with the
 * same lock never held by the code it interrupts (or mask IRQs around).
 */
typedef struct {
	volatile uint32_t locked;
} mv_spinlock_t;

static inline void mv_spin_lock(mv_spinlock_t *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (l->locked)
			asm volatile("yield" ::: "memory");
}

static inline void mv_spin_unlock(mv_spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

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

/* Conversions between nanoseconds and counter ticks (rounding up to ticks,
 * so a delay is never shortened; saturating instead of overflowing). */
uint64_t mv_ns_to_ticks(uint64_t ns);
uint64_t mv_ticks_to_ns(uint64_t ticks);

/* ---- interrupts (GICv3) ------------------------------------------------ */

/*
 * The runtime drives the appliance's GICv3 (docs/abi.md, "Interrupts and
 * time"): all SGIs and PPIs in Group 1, taken as IRQs on the current
 * stack. Handlers run in interrupt context with IRQs masked; the entry
 * saves the general registers, ELR/SPSR and the whole FP/SIMD state
 * (q0-q31, FPCR, FPSR), so a handler may be any C, floating point
 * included. A handler may unmask IRQs (mv_local_irq_enable()) to let an
 * interrupt of strictly higher priority (lower value) preempt it; the
 * GIC's running priority holds back everything else until it returns.
 * Handlers must not sleep, and must not use stdio or malloc if the code
 * they interrupt may be using them.
 */
#define MV_IRQ_MAX	    64	 /* INTIDs 0..63: SGIs, PPIs, the SPIs */
#define MV_IRQ_PRIO_HIGHEST 0x00 /* priorities: lower is more urgent */
#define MV_IRQ_PRIO_DEFAULT 0xa0
#define MV_IRQ_PRIO_LOWEST  0xf0 /* still above the priority mask 0xff */
#define MV_INTID_VTIMER	    27	 /* the virtual timer's PPI */

typedef void (*mv_irq_handler)(unsigned int intid, void *arg);

/*
 * Finds the "arm,gic-v3" node in the device tree and brings the GIC up:
 * distributor Group 1 on, this CPU's redistributor awake, every SGI and
 * PPI disabled, Group 1 and priority MV_IRQ_PRIO_DEFAULT, the CPU
 * interface at priority mask 0xff, binary point 0, EOImode 0, Group 1
 * on. PSTATE.I is left as it was (masked at entry): call
 * mv_local_irq_enable() when ready. Returns 0, or -ENODEV (no GICv3 in
 * the device tree), -EINVAL (an unusable reg property), -EIO (no
 * system-register interface, or the redistributor does not wake up).
 * Calling it again re-initialises and forgets every handler. On a CPU
 * other than 0 it brings up only that CPU's redistributor and CPU
 * interface (the handler table is shared and kept).
 */
int mv_gic_init(void);
bool mv_gic_ready(void);

/*
 * Installs fn (NULL removes the handler) for intid with a priority (the
 * GIC keeps the top bits only: 5 under QEMU, so use multiples of 8),
 * leaving the interrupt disabled. Returns 0, or -EINVAL (intid out of
 * range, 1020+ are special) or -ENODEV (no mv_gic_init()). Registering
 * MV_INTID_VTIMER takes the timer away from the runtime's time functions
 * (see below) until the handler is removed again.
 */
int mv_irq_register(unsigned int intid, unsigned int prio, mv_irq_handler fn,
		    void *arg);
int mv_irq_set_priority(unsigned int intid, unsigned int prio);
int mv_irq_enable(unsigned int intid);
int mv_irq_disable(unsigned int intid); /* waits until the GIC has done it */
/* The GIC's view: 1 or 0 (GICR/GICD_ISPENDR, ISACTIVER), or -errno. */
int mv_irq_is_pending(unsigned int intid);
int mv_irq_is_active(unsigned int intid);

/*
 * EOImode 0 (the default): after the handler returns, the dispatcher's
 * ICC_EOIR1_EL1 write both drops the running priority and deactivates
 * the interrupt. EOImode 1: EOIR only drops the priority; the dispatcher
 * then deactivates with ICC_DIR_EL1, unless the handler called
 * mv_irq_keep_active(), in which case the interrupt stays active (it
 * cannot be taken again) until the appliance calls mv_irq_deactivate().
 * Change the mode only while no interrupt is active. Returns 0 or -EINVAL.
 */
int mv_irq_set_eoimode(int mode);
int mv_irq_eoimode(void);
/* From a handler, in EOImode 1: skip the deactivation. -EINVAL otherwise. */
int mv_irq_keep_active(void);
/* ICC_DIR_EL1: deactivates an interrupt kept active (EOImode 1). */
void mv_irq_deactivate(unsigned int intid);

/* Raises SGI intid (0..15) on this CPU (ICC_SGI1R_EL1). 0 or -EINVAL. */
int mv_sgi_self(unsigned int intid);
/* SGI intid on CPU cpu (its TargetList bit), or on every CPU but this
 * one (IRM). 0, -EINVAL (intid > 15, cpu >= MV_MAX_CPUS) or -ENODEV (no
 * mv_gic_init() on this CPU). */
int mv_sgi_send(unsigned int cpu, unsigned int intid);
int mv_sgi_others(unsigned int intid);

/* How many interrupt handlers are running on this CPU (0 outside; 2 when
 * nested). */
unsigned int mv_irq_depth(void);
/* Interrupts this CPU took since it started (acknowledged INTIDs,
 * spurious excluded). */
uint64_t mv_irq_count(void);

/* PSTATE.I: IRQs unmasked or masked at the CPU. */
static inline void mv_local_irq_enable(void)
{
	asm volatile("msr daifclr, #2" ::: "memory");
}

static inline void mv_local_irq_disable(void)
{
	asm volatile("msr daifset, #2" ::: "memory");
}

/* Masks IRQs and returns the previous DAIF for mv_local_irq_restore(). */
static inline uint64_t mv_local_irq_save(void)
{
	uint64_t daif;

	asm volatile("mrs %0, daif\n\tmsr daifset, #2" : "=r"(daif)::"memory");
	return daif;
}

static inline void mv_local_irq_restore(uint64_t daif)
{
	asm volatile("msr daif, %0" ::"r"(daif) : "memory");
}

static inline bool mv_local_irq_masked(void)
{
	uint64_t daif;

	asm volatile("mrs %0, daif" : "=r"(daif));
	return daif & (1u << 7);
}

/*
 * Call with IRQs masked: sleeps in WFI until an interrupt is pending (a
 * masked one wakes WFI too), unmasks IRQs so its handler runs, masks them
 * again and returns. Testing a condition and then calling mv_idle() with
 * IRQs masked cannot lose a wake-up, unlike a bare WFI:
 *
 *	uint64_t flags = mv_local_irq_save();
 *	while (!done)
 *		mv_idle();
 *	mv_local_irq_restore(flags);
 */
static inline void mv_idle(void)
{
	asm volatile("dsb sy\n\twfi\n\tmsr daifclr, #2\n\tisb\n\t"
		     "msr daifset, #2" ::
			     : "memory");
}

/* Single 32-bit and 8-bit device accesses: one LDR/STR (or LDRB/STRB) of
 * a general register each, the only kind the microvisor can emulate. */
static inline uint32_t mv_mmio_read32(uintptr_t addr)
{
	uint32_t v;

	asm volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mv_mmio_write32(uintptr_t addr, uint32_t v)
{
	asm volatile("str %w0, [%1]" ::"rZ"(v), "r"(addr) : "memory");
}

static inline void mv_mmio_write8(uintptr_t addr, uint8_t v)
{
	asm volatile("strb %w0, [%1]" ::"rZ"(v), "r"(addr) : "memory");
}

/* ---- the virtual timer and time --------------------------------------- */

/*
 * One-shot software timers on the virtual timer (INTID 27): any number,
 * kept in deadline order; the hardware comparator holds the earliest.
 * The callback runs in interrupt context (see above) and may re-arm its
 * own timer, e.g. at t->deadline + period for a drift-free periodic one.
 * Needs mv_gic_init(); returns 0, -ENODEV without a GIC, or -EBUSY when
 * the appliance registered its own handler for MV_INTID_VTIMER (or the
 * timer is armed on another CPU). The struct is the caller's and must
 * live until it fires or is cancelled. Timers are per CPU: each CPU's
 * virtual timer holds its own list; a timer fires on the CPU that armed
 * it, and only that CPU may re-arm or cancel it while it is armed.
 */
struct mv_timer;
typedef void (*mv_timer_fn)(struct mv_timer *t, void *arg);
struct mv_timer {
	uint64_t deadline; /* virtual counter value it fires at (or after) */
	uint64_t fired_at; /* counter when its callback was called */
	mv_timer_fn fn;
	void *arg;
	struct mv_timer *next; /* the runtime's */
	bool armed;
	unsigned int cpu; /* the CPU it was armed on (it fires there) */
};

int mv_timer_arm_at(struct mv_timer *t, uint64_t deadline, mv_timer_fn fn,
		    void *arg);
int mv_timer_arm_after_ns(struct mv_timer *t, uint64_t ns, mv_timer_fn fn,
			  void *arg);
/* Returns true if it was armed (it will not fire now); false also for
 * a timer armed on another CPU, which it leaves armed. */
bool mv_timer_cancel(struct mv_timer *t);
/* Virtual timer interrupts the runtime's handler has taken on this CPU. */
uint64_t mv_timer_irqs(void);

/*
 * Waits until the virtual counter reaches deadline: in WFI on the timer
 * interrupt when mv_gic_init() was done and the runtime owns the timer
 * (and this is not an interrupt handler), else by polling the counter.
 * sleep(), usleep() and nanosleep() are built on it.
 */
void mv_sleep_until(uint64_t deadline);
void mv_sleep_ns(uint64_t ns);

/*
 * newlib for bare metal leaves these out of <time.h>; the runtime has
 * them. CLOCK_MONOTONIC and CLOCK_REALTIME are the same clock: the time
 * since the appliance started (the virtual counter). There is no wall
 * clock: gettimeofday() and time() count from the start too (1970-01-01
 * 00:00:00 is the appliance's start).
 */
#ifndef CLOCK_MONOTONIC
#define CLOCK_MONOTONIC ((clockid_t)4)
#endif
int clock_gettime(clockid_t clock_id, struct timespec *tp);
int clock_getres(clockid_t clock_id, struct timespec *res);
int nanosleep(const struct timespec *rqtp, struct timespec *rmtp);
int clock_nanosleep(clockid_t clock_id, int flags, const struct timespec *rqtp,
		    struct timespec *rmtp);

#endif
