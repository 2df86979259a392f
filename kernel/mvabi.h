/* kernel/mvabi.h - the guest ABI: hypercall ids, results and limits, shared by the microvisor and the guest runtime. */
#ifndef MV_ABI_H
#define MV_ABI_H

/*
 * SMCCC over HVC #0 (SMC is trapped and served the same way): x0 = function
 * id, arguments in x1-x7, results from x0 up; x4-x17 are preserved unless
 * they carry results. docs/abi.md is the prose version of this file.
 */

#define MV_ABI_MAJOR 1
#define MV_ABI_MINOR 0

/* SMCCC return values */
#define MV_SMCCC_SUCCESS	    0
#define MV_SMCCC_NOT_SUPPORTED	    (-1)
#define MV_SMCCC_INVALID_PARAMETER (-2)

/* Arm architecture calls */
#define MV_SMCCC_VERSION	0x80000000u /* -> 0x10001 (v1.1) */
#define MV_SMCCC_ARCH_FEATURES	0x80000001u /* x1 = id -> 0 or -1 */

/* Vendor-specific hypervisor service calls (owner 6) */
#define MV_HYP_CALL_UID		0x8600ff01u /* -> x0..x3 = UUID */
#define MV_HYP_REVISION		0x8600ff03u /* -> x0 = major, x1 = minor */
#define MV_CONSOLE_WRITE	0xc6000001u /* x1 = n, x2..x7 = bytes -> n */
#define MV_CONSOLE_READ		0xc6000002u /* -> x0 = n, x1..x6 = bytes */
#define MV_EXIT			0xc6000003u /* x1 = status 0..255 */

/* Up to 48 bytes travel in six registers, little-endian, x2 first. */
#define MV_CONSOLE_MAX 48

/* The microvisor's UUID, as returned in x0..x3 by MV_HYP_CALL_UID
 * (each register holds 4 bytes, little-endian, as SMCCC specifies). */
#define MV_UID_0 0x6d696372u
#define MV_UID_1 0x6f766973u
#define MV_UID_2 0x6f722d61u
#define MV_UID_3 0x62693031u

/* PSCI 1.1 (SMC32/SMC64 function ids) */
#define MV_PSCI_VERSION		 0x84000000u
#define MV_PSCI_CPU_SUSPEND	 0xc4000001u
#define MV_PSCI_CPU_OFF		 0x84000002u
#define MV_PSCI_CPU_ON		 0xc4000003u
#define MV_PSCI_AFFINITY_INFO	 0xc4000004u
#define MV_PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define MV_PSCI_SYSTEM_OFF	 0x84000008u
#define MV_PSCI_SYSTEM_RESET	 0x84000009u
#define MV_PSCI_FEATURES	 0x8400000au
#define MV_PSCI_VERSION_1_1	 0x00010001u
#define MV_PSCI_TOS_NOT_PRESENT_MP 2 /* MIGRATE_INFO_TYPE result */

/* Guest memory layout */
#define MV_GUEST_RAM_IPA 0x40000000ull

#endif
