/* tests/qemu/guests/tiny.S - the smallest appliance: prints a line, touches the first and last 2M of a 64M RAM, exits 0. */
#include "kernel/mvabi.h"

	.text
	.globl	_start
_start:
	mov	x19, x0				/* the device tree's IPA */
	ldr	w0, =MV_CONSOLE_WRITE
	ldr	x2, =0x20796e6974206968		/* "hi tiny " (LE) */
	ldr	x3, =0x0a6b6f			/* "ok\n" */
	mov	x1, #11
	hvc	#0
	/* Stage-2 faults the microvisor serves: first and last segment. */
	ldr	x4, =0x40200000
	str	x19, [x4]
	ldr	x5, [x4]
	ldr	x4, =0x43c00000
	str	x19, [x4]
	ldr	x5, [x4]
	cmp	x5, x19
	b.ne	1f
	ldr	w0, =MV_EXIT
	mov	x1, #0
	hvc	#0
1:	ldr	w0, =MV_EXIT
	mov	x1, #1
	hvc	#0
	b	.
	.ltorg
