/* tests/qemu/guests/bootstub.S - a stand-in bootloader: enters the microvisor at MV_ADDR with x0 = DTB_ADDR (which may point at a broken blob). */
	.text
	.globl	_start
_start:
	ldr	x0, =DTB_ADDR
	ldr	x1, =MV_ADDR
	mov	x2, xzr
	mov	x3, xzr
	br	x1
	.ltorg
