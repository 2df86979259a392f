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
