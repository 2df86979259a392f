/* tests/unit/refxlate.h - reference table walker, written from the Arm ARM rules, to cross-check pgtable.c in tests. */
#ifndef MV_REFXLATE_H
#define MV_REFXLATE_H

#include "lib/types.h"

/*
 * Deliberately shares nothing with guestmem/pgtable.[ch]: it is configured
 * like the hardware (TG0, T0SZ, SL0, PS, TTBR, MAIR) and derives levels,
 * index bits and descriptor meanings on its own.
 */
enum ref_regime {
	REF_EL2_S1, /* stage 1, single VA range (TTBR0_EL2, E2H=0) */
	REF_S2,	    /* stage 2 (VTTBR_EL2), FWB off, no FEAT_XNX */
};

enum ref_status {
	REF_OK,
	REF_FAULT_XLATE,  /* translation fault at ->level */
	REF_FAULT_ACCESS, /* AF == 0 in the leaf */
	REF_FAULT_ASIZE,  /* output/table address beyond PS */
	REF_FAULT_RANGE,  /* input address beyond 2^(64 - T0SZ) */
	REF_FAULT_CONFIG, /* T0SZ/SL0/TG0/TTBR inconsistent */
	REF_FAULT_EXTABT, /* a walk read hit unbacked memory */
	REF_BAD_DESC,	  /* leaf has RES0 address bits set */
};

struct ref_cfg {
	enum ref_regime regime;
	unsigned tg_bytes; /* granule: 4096, 16384 or 65536 */
	unsigned t0sz;	   /* 64 - input address bits */
	unsigned sl0;	   /* stage 2 only: VTCR_EL2.SL0 encoding */
	unsigned ps_bits;  /* output address size: 48 or 52 */
	u64 ttbr;	   /* PA of the start-level table */
	u64 mair;	   /* MAIR_EL2 (stage 1 only) */
	/* Read the 64-bit word at pa; false if nothing is there. */
	bool (*read64)(void *ctx, u64 pa, u64 *val);
	void *ctx;
};

struct ref_result {
	enum ref_status status;
	int level; /* leaf level, or the level that faulted */
	u64 pa;	   /* translated output address (REF_OK) */
	u64 desc;  /* raw leaf descriptor */
	/* Decoded leaf attributes (REF_OK only). */
	bool readable, writable, executable, device;
	unsigned sh;	  /* SH[1:0] */
	unsigned memattr; /* S1: the MAIR byte AttrIndx selects; S2: MemAttr */
	unsigned ap;	  /* AP[2:1] (S1) or S2AP[1:0] (S2), raw */
};

/* Start level the hardware would use (stage 1 from T0SZ, stage 2 from SL0);
 * -1 if the configuration is not one the hardware accepts. */
int ref_start_level(const struct ref_cfg *c);

/* Translate one input address. Returns r->status. */
enum ref_status ref_translate(const struct ref_cfg *c, u64 ia,
			      struct ref_result *r);

#endif
