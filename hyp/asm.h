/* hyp/asm.h - assembler helpers shared by the hyp/ .S files. */
#ifndef MV_ASM_H
#define MV_ASM_H

/* Assembler syntax, not C: */
/* clang-format off */

/* PC-relative address of a symbol anywhere in the image (+-4 GiB): valid
 * both at the load PA and at the link VA. */
.macro adr_l, reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

/* Load a 64-bit constant without a literal pool (literals would need
 * relocating). */
.macro mov_q, reg, val
	movz	\reg, #((\val) & 0xffff)
	movk	\reg, #(((\val) >> 16) & 0xffff), lsl #16
	movk	\reg, #(((\val) >> 32) & 0xffff), lsl #32
	movk	\reg, #(((\val) >> 48) & 0xffff), lsl #48
.endm

#define ENTRY(name)                                                          \
	.globl name;                                                         \
	.type name, % function;                                              \
	name:
#define END(name) .size name, .- name

/* clang-format on */

#endif
