/* hyp/sysreg.h - system-register access, barriers and the EL2 register values the microvisor uses. */
#ifndef MV_SYSREG_H
#define MV_SYSREG_H

#include "lib/types.h"

#define read_sysreg(r)                                                         \
	({                                                                     \
		u64 __v;                                                       \
		asm volatile("mrs %0, " #r : "=r"(__v));                       \
		__v;                                                           \
	})
#define write_sysreg(v, r)                                                     \
	do {                                                                   \
		u64 __v = (u64)(v);                                            \
		asm volatile("msr " #r ", %x0" : : "rZ"(__v));                 \
	} while (0)

#define isb()	 asm volatile("isb" : : : "memory")
#define dsb(opt) asm volatile("dsb " #opt : : : "memory")
#define wfi()	 asm volatile("wfi" : : : "memory")

/* SCTLR_EL2: RES1 bits 4,5,11,16,18,22,23,28,29; M, C, SA, I, WXN. */
#define SCTLR_EL2_RES1 0x30c50830ULL
#define SCTLR_EL2_M    BIT(0)
#define SCTLR_EL2_A    BIT(1)
#define SCTLR_EL2_C    BIT(2)
#define SCTLR_EL2_SA   BIT(3)
#define SCTLR_EL2_I    BIT(12)
#define SCTLR_EL2_WXN  BIT(19)
#define SCTLR_EL2_EE   BIT(25)

/* TCR_EL2 (non-VHE): RES1 bits 23 and 31. */
#define TCR_EL2_RES1   (BIT(23) | BIT(31))
#define TCR_T0SZ(bits) ((u64)(64 - (bits)))
#define TCR_IRGN0_WBWA (1ULL << 8)
#define TCR_ORGN0_WBWA (1ULL << 10)
#define TCR_SH0_INNER  (3ULL << 12)
#define TCR_TG0(shift)                                                         \
	((shift) == 12 ? 0ULL : (shift) == 16 ? 1ULL << 14 : 2ULL << 14)
#define TCR_EL2_PS_SHIFT 16

/* MAIR_EL2: index 0 Device-nGnRE, index 1 Normal write-back RW-allocate
 * (the encoding hyp/pgtable.c uses for EL2 stage 1). */
#define MAIR_EL2_VALUE 0xff04ULL

#define HCR_EL2_E2H BIT(34)

/* CPTR_EL2 (non-VHE): RES1 bits 0-7, 9, 12, 13; TZ (bit 8) traps SVE; TFP
 * (bit 10) clear so boot code may hash with FP/SIMD. */
#define CPTR_EL2_RES1 0x33ffULL

#define ESR_EC_OF(esr)	((unsigned)(((esr) >> 26) & 0x3f))
#define ESR_ISS_OF(esr) ((u32)((esr)&0x1ffffff))

#define ID_AA64MMFR0_PARANGE(v) ((v)&0xf)

static inline unsigned current_el(void)
{
	return (read_sysreg(CurrentEL) >> 2) & 3;
}

#endif
