/* kernel/libc.c - the few C runtime hooks the microvisor provides itself (stack protector). */
#include "lib/log.h"
#include "platform/power.h"
#include "lib/types.h"

/* Set from the counter in hyp/head.S before any C runs; libfdt needs it. */
uintptr_t __stack_chk_guard __attribute__((visibility("default")));

__attribute__((noreturn, visibility("default"))) void __stack_chk_fail(void)
{
	log_puts("\nmicrovisor: PANIC: stack smashing detected\n");
	power_off(MV_EXIT_PANIC);
}
