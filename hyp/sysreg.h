/* hyp/sysreg.h - system-register access, barriers, and a name for every register value the microvisor writes. */
#ifndef MV_SYSREG_H
#define MV_SYSREG_H

#include "lib/bits.h"

/* ---- values (C and assembly) ------------------------------------------ */

/* SCTLR_EL2 (non-VHE): RES1 bits 4,5,11,16,18,22,23,28,29. */
#define SCTLR_EL2_RES1 0x30c50830
#define SCTLR_EL2_M    BIT(0)
#define SCTLR_EL2_A    BIT(1)
#define SCTLR_EL2_C    BIT(2)
#define SCTLR_EL2_SA   BIT(3)
#define SCTLR_EL2_I    BIT(12)
#define SCTLR_EL2_WXN  BIT(19)
#define SCTLR_EL2_EE   BIT(25)
/* The microvisor's own: MMU, caches, stack alignment check, W^X. */
#define SCTLR_EL2_RUN                                                          \
	(SCTLR_EL2_RES1 | SCTLR_EL2_M | SCTLR_EL2_C | SCTLR_EL2_SA |           \
	 SCTLR_EL2_I | SCTLR_EL2_WXN)

/* SCTLR_EL1 at reset as the guest gets it: RES1 bits only (11, 20, 22,
 * 23, 28, 29), MMU and caches off. */
#define SCTLR_EL1_RESET 0x30d00800

/* CPTR_EL2 (non-VHE): RES1 bits 0-7, 9, 12, 13; TZ (bit 8) traps SVE; TFP
 * (bit 10) clear so FP/SIMD is not trapped; TTA traps trace registers. */
#define CPTR_EL2_RES1 0x33ff
#define CPTR_EL2_TTA  BIT(20)
/* While a guest runs: FP/SIMD its own, SVE and trace trapped. */
#define CPTR_EL2_GUEST (CPTR_EL2_RES1 | CPTR_EL2_TTA)

/* HCR_EL2 bits (research/stage2.md 4.6). */
#define HCR_VM	   BIT(0)
#define HCR_SWIO   BIT(1)
#define HCR_PTW	   BIT(2)
#define HCR_FMO	   BIT(3)
#define HCR_IMO	   BIT(4)
#define HCR_AMO	   BIT(5)
#define HCR_FB	   BIT(9)
#define HCR_BSU_IS (1ULL << 10)
#define HCR_TWI	   BIT(13)
#define HCR_TWE	   BIT(14)
#define HCR_TID3   BIT(18)
#define HCR_TSC	   BIT(19)
#define HCR_TIDCP  BIT(20)
#define HCR_TACR   BIT(21)
#define HCR_TSW	   BIT(22)
#define HCR_RW	   BIT(31)
#define HCR_E2H	   BIT(34)
#define HCR_TLOR   BIT(35)
#define HCR_APK	   BIT(40)
#define HCR_API	   BIT(41)
/* No guest: AArch64 EL1, nothing trapped, no stage 2. */
#define HCR_HOST HCR_RW
/* A guest runs: stage 2 on, its interrupts and aborts routed to EL2, WFx,
 * ID registers, SMC, implementation-defined, auxiliary-control, set/way
 * and LORegion accesses trapped; pointer-authentication keys its own. */
#define HCR_GUEST                                                              \
	(HCR_VM | HCR_SWIO | HCR_PTW | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB |  \
	 HCR_BSU_IS | HCR_TWI | HCR_TWE | HCR_TID3 | HCR_TSC | HCR_TIDCP |     \
	 HCR_TACR | HCR_TSW | HCR_RW | HCR_TLOR | HCR_APK | HCR_API)
/* For an AT S12E1* walk from EL2: stage 2 on, nothing else. */
#define HCR_AT_S12 (HCR_RW | HCR_VM)

/* MDCR_EL2: HPMN (all counters are the guest's), TPM/TPMCR clear (PMU not
 * trapped), TDE/TDA/TDOSA... : debug registers trapped. */
#define MDCR_EL2_TDE	     BIT(8)
#define MDCR_EL2_TDA	     BIT(9)
#define MDCR_EL2_TDOSA	     BIT(10)
#define MDCR_EL2_TDRA	     BIT(11)
#define MDCR_EL2_GUEST_TRAPS (MDCR_EL2_TDA | MDCR_EL2_TDOSA | MDCR_EL2_TDRA)

/* CNTHCTL_EL2 (non-VHE): EL1PCTEN lets EL1 read the physical counter;
 * EL1PCEN clear traps the EL1 physical timer. */
#define CNTHCTL_EL1PCTEN BIT(0)
#define CNTHCTL_EL1PCEN	 BIT(1)
#define CNTHCTL_GUEST	 CNTHCTL_EL1PCTEN

/* VMPIDR_EL2: bit 31 RES1, U (uniprocessor) bit 30, Aff0 the vCPU. */
#define VMPIDR_RES1 BIT(31)
#define VMPIDR_U    BIT(30)

/* PMCR_EL0 fields. */
#define PMCR_E	      BIT(0)
#define PMCR_P	      BIT(1) /* reset the event counters */
#define PMCR_C	      BIT(2) /* reset the cycle counter */
#define PMCR_N(v)     (((v) >> 11) & 0x1f)
#define PMCCFILTR_NSH BIT(27) /* count at EL2 too */
#define PMCNTEN_C     BIT(31)

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
#define MAIR_EL2_VALUE 0xff04

/* GICv3 system registers by encoding (older assemblers lack the names). */
#define ICC_SRE_EL2	    S3_4_C12_C9_5
#define ICH_HCR_EL2	    S3_4_C12_C11_0
#define ICH_VTR_EL2	    S3_4_C12_C11_1
#define ICH_VMCR_EL2	    S3_4_C12_C11_7
#define ICH_AP0R0_EL2	    S3_4_C12_C8_0
#define ICH_AP1R0_EL2	    S3_4_C12_C9_0
#define ICC_SRE_SRE	    BIT(0)
#define ICH_VTR_LISTREGS(v) (((v)&0x1f) + 1)

/* ID registers by encoding where assemblers may not know the name. */
#define ID_AA64ISAR2_EL1 S3_0_C0_C6_2
#define ID_AA64MMFR2_EL1 S3_0_C0_C7_2

#define ID_AA64MMFR0_PARANGE(v) ((v)&0xf)
#define ID_AA64PFR0_GIC(v)	(((v) >> 24) & 0xf)
#define ID_AA64DFR0_PMUVER(v)	(((v) >> 8) & 0xf)

/* ---- accessors (C only) ------------------------------------------------ */
#ifndef __ASSEMBLY__
#include "lib/types.h"

#define read_sysreg(r)                                                         \
	({                                                                     \
		u64 __v;                                                       \
		asm volatile("mrs %0, " __stringify(r) : "=r"(__v));           \
		__v;                                                           \
	})
#define write_sysreg(v, r)                                                     \
	do {                                                                   \
		u64 __v = (u64)(v);                                            \
		asm volatile("msr " __stringify(r) ", %x0" : : "rZ"(__v));     \
	} while (0)
#define __stringify_1(x) #x
#define __stringify(x)	 __stringify_1(x)

#define isb()	 asm volatile("isb" : : : "memory")
#define dsb(opt) asm volatile("dsb " #opt : : : "memory")
#define wfi()	 asm volatile("wfi" : : : "memory")
#endif

#endif
