/* images/runtime/runtime.h - declarations shared by the guest runtime's own files (not for appliances). */
#ifndef MV_RUNTIME_H
#define MV_RUNTIME_H

#include <stdint.h>

#include "mv_guest.h"

/* Saved by vectors.S; the field order is the assembly's. */
struct mv_exc_frame {
	uint64_t x[31];
	uint64_t sp;
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
	uint64_t slot;
};

/*
 * What each CPU keeps for itself, indexed by mv_cpu_index(). A secondary
 * CPU's entry is cleared each time it is started. Cache-line aligned:
 * CPUs write their own entries often (IRQ counts), and false sharing
 * would make every write a coherence miss.
 */
struct mv_cpu_state {
	/* irq.c: this CPU's redistributor frame and CPU interface. */
	uintptr_t gicr_rd, gicr_sgi;
	bool gic_up;
	int eoimode;
	volatile unsigned int irq_depth;
	volatile uint64_t irq_taken;
	int *volatile keep_active; /* the running handler's, or NULL */
	/* time.c: this CPU's virtual timer and its software timers. */
	struct mv_timer *timers;
	volatile uint64_t timer_irqs;
	bool timer_on; /* INTID 27 set up on this CPU for the runtime */
	/* exception.c: reports in progress (a fault inside one). */
	volatile int exc_depth;
} __attribute__((aligned(64)));

extern struct mv_cpu_state mv_cpu_states[MV_MAX_CPUS];

/* The per-CPU index: MPIDR_EL1.Aff0, which is the microvisor's vCPU
 * number (docs/abi.md); CPUs at or above MV_MAX_CPUS are never started
 * by the runtime, so the mask only keeps a stray one inside the array. */
static inline unsigned int mv_cpu_index(void)
{
	return mv_cpu_id() & (MV_MAX_CPUS - 1);
}

static inline struct mv_cpu_state *mv_this_cpu(void)
{
	return &mv_cpu_states[mv_cpu_index()];
}

/*
 * A lock that the CPU holding it may take again (an interrupt handler
 * on that CPU, or the crash report): owner is the CPU index + 1, 0 when
 * free. mv_rlock_acquire() gives up after 'spins' tries (0: never) and
 * then returns false; a false acquire must not be released. Both are
 * no-ops while this CPU's MMU or data cache is off: the exclusives need
 * Normal cacheable memory, and only CPU 0 ever runs that early.
 */
struct mv_rlock {
	volatile uint32_t owner;
	uint32_t depth;
};

bool mv_rlock_acquire(struct mv_rlock *l, uint64_t spins);
void mv_rlock_release(struct mv_rlock *l);

/* The console's lock (console.c): whole writes, one CPU at a time. */
extern struct mv_rlock mv_console_lock;
/* Bounded waits for the crash and exit paths: a CPU that stopped while
 * holding a lock must not keep the report from being seen. */
#define MV_LOCK_SPINS_BOUNDED 20000000ull

/* smp.c: the CPUs in the device tree, and CPU 0's entry in the table. */
void mv_smp_init(const void *fdt);
/* irq.c: a secondary CPU's GIC, brought up before its function runs
 * when CPU 0's is up. */
bool mv_gic_boot_ready(void);
/* time.c: a CPU going off drops its software timers. */
void mv_timers_drop(void);

/* Linker-script and crt0 symbols. */
extern char __image_start[], __bss_start[], __bss_end[], _end[];
extern char mv_stack_bottom[], mv_stack_top[];

/* The boot information, owned by start.c, read by syscalls.c. */
extern struct mv_boot_info mv_boot;

/* The program break, in [mv_boot.heap_start, mv_boot.heap_end]. */
extern uintptr_t mv_brk;

__attribute__((noreturn)) void mv_runtime_start(uint64_t dtb);
__attribute__((noreturn)) void mv_exception(struct mv_exc_frame *f);

/* The IRQ vector's C half (exception.c), and the handler installed for an
 * INTID (the time code's test for "the timer is still the runtime's"). */
void mv_irq_dispatch(void);
mv_irq_handler mv_irq_handler_of(unsigned int intid);

/* Minimal formatting that needs neither stdio nor the heap. */
void mv_put_hex(uint64_t v); /* 16 digits: register values line up */
void mv_put_hexn(uint64_t v, int digits);
void mv_put_dec(uint64_t v);

#endif
