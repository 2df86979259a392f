/* hyp/esr.h - ESR_EL2 and HPFAR_EL2 decoding: exception classes, abort and system-register syndromes, the faulting IPA. */
#ifndef MV_ESR_H
#define MV_ESR_H

/* Exception classes the microvisor acts on (Arm ARM, ESR_EL2.EC); the
 * world switch (hyp/guest.S) tells calls from other exits by these. */
#define ESR_EC_SHIFT 26
#define EC_UNKNOWN   0x00
#define EC_WFX	     0x01
#define EC_HVC64     0x16
#define EC_SMC64     0x17
#define EC_SYS64     0x18
#define EC_IABT_LOW  0x20
#define EC_IABT_CUR  0x21
#define EC_DABT_LOW  0x24
#define EC_DABT_CUR  0x25
#define EC_SERROR    0x2f

#ifndef __ASSEMBLY__
#include "lib/types.h"

#define ESR_EC(esr)  ((unsigned)(((esr) >> ESR_EC_SHIFT) & 0x3f))
#define ESR_ISS(esr) ((u32)((esr)&0x1ffffff))
#define ESR_IL	     BIT(25) /* a 32-bit instruction (else 16-bit T32) */

static inline bool esr_is_abort(unsigned ec)
{
	return ec == EC_IABT_LOW || ec == EC_IABT_CUR || ec == EC_DABT_LOW ||
	       ec == EC_DABT_CUR;
}

/* Data/instruction abort ISS fields. */
#define ISS_ISV		      BIT(24) /* the fields below SAS..AR are valid */
#define ISS_SAS(iss)	      (((iss) >> 22) & 3) /* access size: 1 << SAS bytes */
#define ISS_SSE		      BIT(21)
#define ISS_SRT(iss)	      (((iss) >> 16) & 0x1f) /* the register */
#define ISS_SF		      BIT(15)
#define ISS_FNV		      BIT(10)
#define ISS_CM		      BIT(8)
#define ISS_S1PTW	      BIT(7)
#define ISS_WNR		      BIT(6)
#define ISS_FSC(iss)	      ((iss)&0x3f)
#define ISS_FSC_IS_XLATE(fsc) ((fsc) >= 0x04 && (fsc) <= 0x07)

/* HVC/SMC ISS: the immediate. */
#define ISS_IMM16(iss) ((iss)&0xffff)

/* Trapped MSR/MRS/system instruction (EC 0x18) ISS fields. */
#define ISS_SYS_OP0(iss) (((iss) >> 20) & 3)
#define ISS_SYS_OP2(iss) (((iss) >> 17) & 7)
#define ISS_SYS_OP1(iss) (((iss) >> 14) & 7)
#define ISS_SYS_CRN(iss) (((iss) >> 10) & 0xf)
#define ISS_SYS_RT(iss)	 (((iss) >> 5) & 0x1f)
#define ISS_SYS_CRM(iss) (((iss) >> 1) & 0xf)
#define ISS_SYS_READ	 BIT(0)

/* The faulting IPA of a stage-2 abort: HPFAR_EL2.FIPA holds IPA[51:12],
 * the offset within the page comes from FAR_EL2. */
static inline ipa_t esr_fault_ipa(u64 hpfar, u64 far)
{
	return ipa(((hpfar >> 4) << 12) | (far & 0xfff));
}

#endif /* !__ASSEMBLY__ */

#endif
