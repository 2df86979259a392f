/* kernel/mvabi.h - the guest ABI: hypercall ids, results and limits, shared by the microvisor and the guest runtime. */
#ifndef MV_ABI_H
#define MV_ABI_H

/*
 * SMCCC over HVC #0 (SMC is trapped and served the same way): x0 = function
 * id, arguments in x1-x7, results from x0 up; x4-x17 are preserved unless
 * they carry results. docs/abi.md is the prose version of this file.
 */

/* Unsigned in C, plain in assembly (where a 'u' suffix is a syntax error). */
#ifdef __ASSEMBLER__
#define MV_U(x) x
#else
#define MV_U(x) x##u
#endif

#define MV_ABI_MAJOR 1
#define MV_ABI_MINOR 0

/* SMCCC return values */
#define MV_SMCCC_SUCCESS	   0
#define MV_SMCCC_NOT_SUPPORTED	   (-1)
#define MV_SMCCC_INVALID_PARAMETER (-2)

/* Arm architecture calls */
#define MV_SMCCC_VERSION       MV_U(0x80000000) /* -> 0x10001 (v1.1) */
#define MV_SMCCC_ARCH_FEATURES MV_U(0x80000001) /* x1 = id -> 0 or -1 */

/* Vendor-specific hypervisor service calls (owner 6) */
#define MV_HYP_CALL_COUNT MV_U(0x8600ff00) /* not implemented: -1 */
#define MV_HYP_CALL_UID	  MV_U(0x8600ff01) /* -> x0..x3 = UUID */
#define MV_HYP_REVISION	  MV_U(0x8600ff03) /* -> x0 = major, x1 = minor */
#define MV_CONSOLE_WRITE  MV_U(0xc6000001) /* x1 = n, x2..x7 = bytes -> n */
#define MV_CONSOLE_READ	  MV_U(0xc6000002) /* -> x0 = n, x1..x6 = bytes */
#define MV_EXIT		  MV_U(0xc6000003) /* x1 = status 0..255 */
#define MV_WATCHDOG	  MV_U(0xc6000004) /* alive -> x0 = period (s), 0 */

/* The SMC32 form of an SMC64 function id (bit 30 clear). */
#define MV_SMC32(id) ((id) & ~MV_U(0x40000000))

/*
 * Every function id the microvisor serves, in every form it accepts, as
 * X(id, name). This is the one list: the dispatcher answers
 * SMCCC_ARCH_FEATURES and PSCI_FEATURES from it, and the unit tests and
 * the sample appliances iterate it. (MV_HYP_CALL_COUNT is named above but
 * not served.)
 */
#define MV_CALLS(X)                                                            \
	X(MV_SMCCC_VERSION, "SMCCC_VERSION")                                   \
	X(MV_SMCCC_ARCH_FEATURES, "SMCCC_ARCH_FEATURES")                       \
	X(MV_HYP_CALL_UID, "vendor-hyp Call UID")                              \
	X(MV_HYP_REVISION, "vendor-hyp revision")                              \
	X(MV_CONSOLE_WRITE, "MV_CONSOLE_WRITE")                                \
	X(MV_CONSOLE_READ, "MV_CONSOLE_READ")                                  \
	X(MV_EXIT, "MV_EXIT")                                                  \
	X(MV_WATCHDOG, "MV_WATCHDOG")                                          \
	X(MV_PSCI_VERSION, "PSCI_VERSION")                                     \
	X(MV_PSCI_CPU_SUSPEND, "PSCI_CPU_SUSPEND")                             \
	X(MV_SMC32(MV_PSCI_CPU_SUSPEND), "PSCI_CPU_SUSPEND (SMC32)")           \
	X(MV_PSCI_CPU_OFF, "PSCI_CPU_OFF")                                     \
	X(MV_PSCI_CPU_ON, "PSCI_CPU_ON")                                       \
	X(MV_SMC32(MV_PSCI_CPU_ON), "PSCI_CPU_ON (SMC32)")                     \
	X(MV_PSCI_AFFINITY_INFO, "PSCI_AFFINITY_INFO")                         \
	X(MV_SMC32(MV_PSCI_AFFINITY_INFO), "PSCI_AFFINITY_INFO (SMC32)")       \
	X(MV_PSCI_MIGRATE_INFO_TYPE, "PSCI_MIGRATE_INFO_TYPE")                 \
	X(MV_PSCI_SYSTEM_OFF, "PSCI_SYSTEM_OFF")                               \
	X(MV_PSCI_SYSTEM_RESET, "PSCI_SYSTEM_RESET")                           \
	X(MV_PSCI_FEATURES, "PSCI_FEATURES")

/* Up to 48 bytes travel in six registers, little-endian, x2 first. */
#define MV_CONSOLE_MAX 48

/* The microvisor's UUID, as returned in x0..x3 by MV_HYP_CALL_UID
 * (each register holds 4 bytes, little-endian, as SMCCC specifies). */
#define MV_UID_0 MV_U(0x6d696372)
#define MV_UID_1 MV_U(0x6f766973)
#define MV_UID_2 MV_U(0x6f722d61)
#define MV_UID_3 MV_U(0x62693031)

/* PSCI 1.1 (SMC32/SMC64 function ids) */
#define MV_PSCI_VERSION		   MV_U(0x84000000)
#define MV_PSCI_CPU_SUSPEND	   MV_U(0xc4000001)
#define MV_PSCI_CPU_OFF		   MV_U(0x84000002)
#define MV_PSCI_CPU_ON		   MV_U(0xc4000003)
#define MV_PSCI_AFFINITY_INFO	   MV_U(0xc4000004)
#define MV_PSCI_MIGRATE_INFO_TYPE  MV_U(0x84000006)
#define MV_PSCI_SYSTEM_OFF	   MV_U(0x84000008)
#define MV_PSCI_SYSTEM_RESET	   MV_U(0x84000009)
#define MV_PSCI_FEATURES	   MV_U(0x8400000a)
#define MV_PSCI_VERSION_1_1	   MV_U(0x00010001)
#define MV_PSCI_TOS_NOT_PRESENT_MP 2 /* MIGRATE_INFO_TYPE result */

/* Guest memory layout */
#define MV_GUEST_RAM_IPA 0x40000000

#endif
