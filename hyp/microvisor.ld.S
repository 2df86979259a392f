/* hyp/microvisor.ld.S - link map of the microvisor image (preprocessed with the build's granule). */
#include "hyp/layout.h"

OUTPUT_ARCH(aarch64)
ENTRY(_head)

PHDRS
{
	text PT_LOAD FLAGS(5);
	rodata PT_LOAD FLAGS(4);
	data PT_LOAD FLAGS(6);
	dynamic PT_DYNAMIC FLAGS(6);
}

SECTIONS
{
	. = MV_LINK_VA;
	__image_start = .;

	/* The arm64 Image header must be the first bytes of the file. */
	.head.text : { KEEP(*(.head.text)) } :text
	.text : {
		*(.text .text.*)
	} :text

	/* The init page: mapped by identity and at the trampoline VA. */
	. = ALIGN(MV_PAGE_SIZE);
#ifdef MV_FORCE_BOUNCE
	/* Test build: make the init code straddle a page boundary. */
	. = . + MV_PAGE_SIZE - 64;
#endif
	__idmap_text_start = .;
	.idmap.text : { KEEP(*(.idmap.text)) } :text
	__idmap_text_end = .;

	. = ALIGN(MV_PAGE_SIZE);
	__text_end = .;

	__rodata_start = .;
	.rodata : { *(.rodata .rodata.*) } :rodata
	/* Text and rodata up to here hold no relocated word: their digest is
	 * known at build time (kernel/integrity.c, mk/stamp-digest.sh). */
	__rodata_fixed_end = .;
	/* Relocated twice before the MMU is on, read-only afterwards. */
	.data.rel.ro : {
		*(.data.rel.ro .data.rel.ro.*)
		/* The board's console drivers (platform/console.h). */
		__start_plat_consoles = .;
		KEEP(*(plat_consoles))
		__stop_plat_consoles = .;
	} :rodata
	.got : { *(.got .got.plt) } :rodata
	.rela.dyn : {
		__rela_start = .;
		*(.rela .rela.*)
		__rela_end = .;
	} :rodata
	.dynsym : { *(.dynsym) } :rodata
	.dynstr : { *(.dynstr) } :rodata
	.hash : { *(.hash) } :rodata
	.gnu.hash : { *(.gnu.hash) } :rodata
	.dynamic : { *(.dynamic) } :rodata :dynamic
	. = ALIGN(MV_PAGE_SIZE);
	__rodata_end = .;

	__data_start = .;
	/* The build-time digest of text and fixed rodata, written into the
	 * linked ELF by mk/stamp-digest.sh. */
	.mv_digest : { KEEP(*(.mv_digest)) } :data
	.data : { *(.data .data.*) } :data
	.bss (NOLOAD) : {
		. = ALIGN(16);
		__bss_start = .;
		*(.bss .bss.* COMMON)
		. = ALIGN(16);
		__bss_end = .;
	} :data

	/* Stacks, each above an unmapped guard page and rounded up to whole
	 * pages (the EL2 tables map pages), then the table pool. */
	.stacks (NOLOAD) : {
		. = ALIGN(MV_PAGE_SIZE);
		. += MV_PAGE_SIZE;
		__boot_stack_base = .;
		. += MV_BOOT_STACK_SIZE;
		. = ALIGN(MV_PAGE_SIZE);
		__boot_stack_top = .;
		__stack_guard = .;
		. += MV_PAGE_SIZE;
		__runtime_stack_base = .;
		. += MV_RUNTIME_STACK_SIZE;
		. = ALIGN(MV_PAGE_SIZE);
		__runtime_stack_top = .;
		. += MV_PAGE_SIZE;
		__panic_stack_base = .;
		. += MV_PANIC_STACK_SIZE;
		. = ALIGN(MV_PAGE_SIZE);
		__panic_stack_top = .;
		/* The other CPUs' runtime stacks, each above a guard page:
		 * CPU n's top is at base + n * (guard + stack). */
		. = ALIGN(MV_PAGE_SIZE);
		__cpu_stacks_base = .;
		. += (MV_MAX_CPUS - 1) * (MV_PAGE_SIZE +
			((MV_RUNTIME_STACK_SIZE + MV_PAGE_SIZE - 1) &
			 ~(MV_PAGE_SIZE - 1)));
		__cpu_stacks_end = .;
	} :data
	.pgpool (NOLOAD) : {
		__pool_start = .;
		. += MV_POOL_PAGES * MV_PAGE_SIZE;
		__pool_end = .;
	} :data
	__image_end = .;
	/* Absolute 32-bit halves: a 64-bit reference would become a dynamic
	 * relocation in a PIE, and the header must be final in the file. */
	__image_size_lo = ABSOLUTE(__image_end - __image_start) & 0xffffffff;
	__image_size_hi = ABSOLUTE(__image_end - __image_start) >> 32;

	/DISCARD/ : { *(.interp) *(.note.gnu.property) *(.comment) *(.note.*) *(.eh_frame*) }
}

#ifdef MV_FORCE_BOUNCE
ASSERT(__idmap_text_end - __idmap_text_start <= MV_PAGE_SIZE,
       "the EL2 init code is larger than one page")
#else
ASSERT(__idmap_text_end - __idmap_text_start <= MV_PAGE_SIZE &&
       (__idmap_text_start & (MV_PAGE_SIZE - 1)) == 0,
       "the EL2 init code must fit in one page and not cross a page boundary")
#endif
ASSERT(__image_start == MV_LINK_VA, "image not linked at MV_LINK_VA")
