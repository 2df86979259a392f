/* images/runtime/exception.c - exceptions taken at EL1 that end the appliance: the crash report (exit with 128+EC or 192+vector slot), from any CPU. */
#include <errno.h>

#include <libfdt.h>

#include "runtime.h"

/*
 * Deliberately not stdio: the exception may have hit inside it or with
 * the heap corrupted, so the report goes straight to the console.
 */
static void put(const char *s)
{
	mv_console_puts(s);
}

static const char *ec_name(unsigned int ec)
{
	switch (ec) {
	case 0x00: return "undefined instruction";
	case 0x01: return "trapped WFI/WFE";
	case 0x07: return "FP/SIMD access trapped";
	case 0x0e: return "illegal execution state";
	case 0x15: return "SVC instruction";
	case 0x16: return "HVC instruction";
	case 0x17: return "SMC instruction";
	case 0x18: return "trapped MSR/MRS or system instruction";
	case 0x19: return "SVE access trapped";
	case 0x20:
	case 0x21: return "instruction abort";
	case 0x22: return "PC alignment fault";
	case 0x24:
	case 0x25: return "data abort";
	case 0x26: return "SP alignment fault";
	case 0x2c: return "FP exception";
	case 0x2f: return "SError";
	case 0x30:
	case 0x31: return "breakpoint";
	case 0x32:
	case 0x33: return "software step";
	case 0x34:
	case 0x35: return "watchpoint";
	case 0x3c: return "BRK instruction";
	default: return "unknown exception class";
	}
}

/* The fault status code of an instruction or data abort, in words. */
static void put_fault_status(unsigned int fsc)
{
	static const char *const kind[] = {
		"address size fault", "translation fault", "access flag fault",
		"permission fault"};

	if (fsc < 0x10) {
		put(kind[fsc >> 2]);
		put(", level ");
		mv_put_dec(fsc & 3);
		return;
	}
	switch (fsc) {
	case 0x10: put("synchronous external abort"); break;
	case 0x21: put("alignment fault"); break;
	case 0x30: put("TLB conflict abort"); break;
	default: put("fault status "); mv_put_hexn(fsc, 2);
	}
}

static const char *const slot_kind[] = {"synchronous exception", "IRQ", "FIQ",
					"SError"};

void mv_exception(struct mv_exc_frame *f)
{
	volatile int *depth = &mv_this_cpu()->exc_depth;
	unsigned int ec = (unsigned int)(f->esr >> 26) & 0x3f;
	unsigned int slot = (unsigned int)f->slot & 15;
	int status;

	/*
	 * A fault inside the report (or inside mv_exit, e.g. HVC undefined
	 * because there is no EL2) must not recurse forever: say so once,
	 * then stop. Counted per CPU: two CPUs may crash at once.
	 */
	if (++*depth > 1) {
		if (*depth == 2) {
			put("runtime: exception while reporting an "
			    "exception\n");
			mv_exit(MV_STATUS_EXCEPTION + ec);
		}
		for (;;)
			asm volatile("wfi");
	}

	/* Synchronous exceptions from EL1 itself carry a meaningful EC. */
	if (slot == 0 || slot == 4)
		status = MV_STATUS_EXCEPTION + (int)ec;
	else
		status = MV_STATUS_VECTOR + (int)slot;

	/*
	 * The report's lines together, even if another CPU prints; bounded,
	 * as the holder may be a CPU that crashed (it exits soon) or stopped.
	 * Never released: mv_exit() ends every CPU.
	 */
	mv_rlock_acquire(&mv_console_lock, MV_LOCK_SPINS_BOUNDED);
	put("runtime: unexpected ");
	put(slot_kind[slot & 3]);
	if (slot & 3) {
		put(" (vector slot ");
		mv_put_dec(slot);
		put(")");
	} else {
		put(": ");
		put(ec_name(ec));
		put(" (EC ");
		mv_put_hexn(ec, 2);
		put(")");
	}
	if (mv_boot.cpus > 1) {
		put(" on CPU ");
		mv_put_dec(mv_cpu_id());
	}
	put("\nruntime:   PC ");
	mv_put_hex(f->elr);
	put(" ESR ");
	mv_put_hex(f->esr);
	if (slot & 3) {
		put("\n");
	} else if (ec >= 0x20 && ec <= 0x25 && ec != 0x22 && ec != 0x23) {
		/* FnV (ISS bit 10): the FAR does not hold the address. */
		put(" FAR ");
		if (f->esr & (1u << 10))
			put("(not valid)");
		else
			mv_put_hex(f->far);
		put("\nruntime:   ");
		put_fault_status((unsigned int)f->esr & 0x3f);
		if (ec >= 0x24)
			put(f->esr & (1u << 6) ? ", write" : ", read");
		put("\n");
	} else if (ec == 0x22 || ec == 0x34 || ec == 0x35) {
		put(" FAR ");
		mv_put_hex(f->far);
		put("\n");
	} else {
		put("\n");
	}
	put("runtime:   LR ");
	mv_put_hex(f->x[30]);
	put(" SP ");
	mv_put_hex(f->sp);
	put(" SPSR ");
	mv_put_hex(f->spsr);
	put("\nruntime: exiting with status ");
	mv_put_dec((uint64_t)status);
	put("\n");
	mv_exit(status);
}
