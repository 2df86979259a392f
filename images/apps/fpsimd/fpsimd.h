/* images/apps/fpsimd/fpsimd.h - the state block shared by calls.S (which fills it) and main.c (which checks it): offsets and record order. */
#ifndef FPSIMD_H
#define FPSIMD_H

/*
 * Byte offsets into struct fp_state. The assembly needs plain numbers;
 * main.c checks them against the C struct with static assertions.
 */
#define ST_IN_V	      0			  /* v0..v31, 16 bytes each */
#define ST_IN_GPR     (ST_IN_V + 32 * 16) /* x8..x28 */
#define ST_IN_FPCR    (ST_IN_GPR + 21 * 8)
#define ST_IN_FPSR    (ST_IN_FPCR + 8)
#define ST_IN_SYS     (ST_IN_FPSR + 8)	   /* SYS_* below */
#define ST_IN_X4_7    (ST_IN_SYS + 6 * 8)  /* x4..x7 for every generic call */
#define ST_IN_CONS    (ST_IN_X4_7 + 4 * 8) /* cursor into the console text */
#define ST_IN_FAR_ST  (ST_IN_CONS + 8)	   /* far RAM page to store to */
#define ST_IN_FAR_VAL (ST_IN_FAR_ST + 8)   /* ... this value */
#define ST_IN_FAR_LD  (ST_IN_FAR_VAL + 8)  /* far RAM page to load from */
#define ST_SAVED_FPCR                                                          \
	(ST_IN_FAR_LD + 8) /* the caller's, restored on return                 \
			    */
#define ST_OUT_V	(ST_SAVED_FPCR + 8)
#define ST_OUT_GPR	(ST_OUT_V + 32 * 16)
#define ST_OUT_FPCR	(ST_OUT_GPR + 21 * 8)
#define ST_OUT_FPSR	(ST_OUT_FPCR + 8)
#define ST_OUT_SYS	(ST_OUT_FPSR + 8)
#define ST_SET_FPCR	(ST_OUT_SYS + 6 * 8) /* read back right after writing */
#define ST_SET_FPSR	(ST_SET_FPCR + 8)
#define ST_SET_SYS	(ST_SET_FPSR + 8)
#define ST_SP_IN	(ST_SET_SYS + 6 * 8)
#define ST_SP_OUT	(ST_SP_IN + 8)
#define ST_CNT0		(ST_SP_OUT + 8)
#define ST_CNT1		(ST_CNT0 + 8)
#define ST_FAR_LOADED	(ST_CNT1 + 8)
#define ST_FAR_READBACK (ST_FAR_LOADED + 8)
#define ST_NREC		(ST_FAR_READBACK + 8)
#define ST_REC		(ST_NREC + 8) /* records of x0..x7 after each call */
#define ST_REC_SIZE	64
#define ST_SIZE		(ST_REC + REC_COUNT * ST_REC_SIZE)

/* System registers given patterns, in this order. */
#define SYS_TPIDR_EL0	0
#define SYS_TPIDRRO_EL0 1
#define SYS_TPIDR_EL1	2
#define SYS_SP_EL0	3
#define SYS_ELR_EL1	4
#define SYS_SPSR_EL1	5
#define SYS_COUNT	6

/* The calls, in the order calls.S makes them (one record each). */
#define REC_SMCCC_VERSION     0
#define REC_FEAT_WA1	      1 /* ARCH_FEATURES(SMCCC_ARCH_WORKAROUND_1) */
#define REC_FEAT_UNKNOWN      2 /* ARCH_FEATURES(an unassigned arch id) */
#define REC_UID		      3
#define REC_REVISION	      4
#define REC_WRITE_0	      5 /* CONSOLE_WRITE of 0..48 bytes */
#define REC_WRITE_49	      (REC_WRITE_0 + 49)
#define REC_WRITE_HUGE	      (REC_WRITE_49 + 1)
#define REC_READ	      (REC_WRITE_HUGE + 1)
#define REC_PSCI_VERSION      (REC_READ + 1)
#define REC_PSCI_FEAT_VERSION (REC_PSCI_VERSION + 1)
#define REC_PSCI_FEAT_OFF     (REC_PSCI_FEAT_VERSION + 1)
#define REC_PSCI_FEAT_UNKNOWN (REC_PSCI_FEAT_OFF + 1)
#define REC_MIGRATE_INFO      (REC_PSCI_FEAT_UNKNOWN + 1)
#define REC_UNKNOWN_HYP	      (REC_MIGRATE_INFO + 1)
#define REC_UNKNOWN_ODD	      (REC_UNKNOWN_HYP + 1)
#define REC_SMC_PSCI_VERSION  (REC_UNKNOWN_ODD + 1)
#define REC_SMC_SMCCC_VERSION (REC_SMC_PSCI_VERSION + 1)
#define REC_FINAL_VERSION     (REC_SMC_SMCCC_VERSION + 1)
#define REC_COUNT	      (REC_FINAL_VERSION + 1)

/*
 * kernel/mvabi.h spells its ids with C's "u" suffix, which the assembler
 * rejects, so calls.S uses these copies; main.c asserts they agree.
 */
#define FID_SMCCC_VERSION     0x80000000
#define FID_ARCH_FEATURES     0x80000001
#define FID_HYP_CALL_UID      0x8600ff01
#define FID_HYP_REVISION      0x8600ff03
#define FID_CONSOLE_WRITE     0xc6000001
#define FID_CONSOLE_READ      0xc6000002
#define FID_PSCI_VERSION      0x84000000
#define FID_PSCI_SYSTEM_OFF   0x84000008
#define FID_PSCI_FEATURES     0x8400000a
#define FID_MIGRATE_INFO_TYPE 0x84000006
#define FID_CONSOLE_MAX	      48

/* Ids the test uses that kernel/mvabi.h has no name for. */
#define ID_ARCH_WORKAROUND_1 0x80008000
#define ID_ARCH_UNASSIGNED   0x8000ff00
#define ID_PSCI_UNASSIGNED   0x840000ff
#define ID_HYP_UNASSIGNED    0xc600ffff
#define ID_ODD		     0x12345678 /* a yielding-call id: not SMCCC-fast */

/* The console text: 24 lines of 49 bytes, cut into calls of 0..48. */
#define CONS_LINES    24
#define CONS_LINE_LEN 49
#define CONS_TEXT_LEN (CONS_LINES * CONS_LINE_LEN) /* = 0+1+...+48 */

#endif
