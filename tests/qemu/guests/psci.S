/* tests/qemu/guests/psci.S - an appliance that ends itself with one PSCI call (PSCI_FN, set by the build). */
#include "kernel/mvabi.h"

	.text
	.globl	_start
_start:
	ldr	w0, =PSCI_FN
	mov	x1, #0
	hvc	#0
	/* PSCI_FN came back: report it with MV_EXIT 99. */
	ldr	w0, =MV_EXIT
	mov	x1, #99
	hvc	#0
	b	.
	.ltorg
