/* kernel/sysreg_emul.c - emulates the few trapped system registers a guest legitimately needs; everything else is refused. */
#include "lib/fmt.h"
#include "kernel/sysreg_emul.h"

void sysreg_decode(u32 iss, struct sysreg_access *a)
{
	a->op0 = (iss >> 20) & 3;
	a->op2 = (iss >> 17) & 7;
	a->op1 = (iss >> 14) & 7;
	a->crn = (iss >> 10) & 15;
	a->rt = (iss >> 5) & 31;
	a->crm = (iss >> 1) & 15;
	a->read = iss & 1;
}

#define ENC(op0, op1, crn, crm, op2)                                           \
	(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

static unsigned enc(const struct sysreg_access *a)
{
	return ENC(a->op0, a->op1, a->crn, a->crm, a->op2);
}

static const struct {
	unsigned enc;
	const char *name;
} names[] = {
	{ENC(3, 0, 0, 4, 0), "ID_AA64PFR0_EL1"},
	{ENC(3, 0, 0, 4, 1), "ID_AA64PFR1_EL1"},
	{ENC(3, 0, 0, 4, 4), "ID_AA64ZFR0_EL1"},
	{ENC(3, 0, 0, 5, 0), "ID_AA64DFR0_EL1"},
	{ENC(3, 0, 0, 6, 0), "ID_AA64ISAR0_EL1"},
	{ENC(3, 0, 0, 6, 1), "ID_AA64ISAR1_EL1"},
	{ENC(3, 0, 0, 7, 0), "ID_AA64MMFR0_EL1"},
	{ENC(3, 0, 0, 7, 1), "ID_AA64MMFR1_EL1"},
	{ENC(3, 0, 0, 7, 2), "ID_AA64MMFR2_EL1"},
	{ENC(3, 0, 1, 0, 1), "ACTLR_EL1"},
	{ENC(2, 0, 0, 2, 2), "MDSCR_EL1"},
	{ENC(2, 0, 1, 0, 4), "OSLAR_EL1"},
	{ENC(2, 0, 1, 1, 4), "OSLSR_EL1"},
	{ENC(2, 0, 1, 3, 4), "OSDLR_EL1"},
	{ENC(2, 0, 1, 4, 4), "DBGPRCR_EL1"},
	{ENC(3, 3, 14, 2, 0), "CNTP_TVAL_EL0"},
	{ENC(3, 3, 14, 2, 1), "CNTP_CTL_EL0"},
	{ENC(3, 3, 14, 2, 2), "CNTP_CVAL_EL0"},
	{ENC(3, 0, 12, 11, 5), "ICC_SGI1R_EL1"},
	{ENC(3, 0, 12, 11, 6), "ICC_ASGI1R_EL1"},
	{ENC(3, 0, 12, 11, 7), "ICC_SGI0R_EL1"},
	{ENC(2, 3, 0, 1, 0), "MDCCSR_EL0"},
	{ENC(1, 0, 7, 6, 2), "DC ISW"},
	{ENC(1, 0, 7, 10, 2), "DC CSW"},
	{ENC(1, 0, 7, 14, 2), "DC CISW"},
};

void sysreg_describe(const struct sysreg_access *a, char *buf, size_t len)
{
	const char *name = NULL;

	for (unsigned i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].enc == enc(a))
			name = names[i].name;
	if (a->op0 == 1)
		mv_snprintf(buf, len, "SYS #%u, C%u, C%u, #%u, x%u%s%s%s",
			    a->op1, a->crn, a->crm, a->op2, a->rt,
			    name ? " (" : "", name ? name : "",
			    name ? ")" : "");
	else
		mv_snprintf(buf, len, "%s x%u, S%u_%u_C%u_C%u_%u%s%s%s",
			    a->read ? "MRS" : "MSR", a->rt, a->op0, a->op1,
			    a->crn, a->crm, a->op2, name ? " (" : "",
			    name ? name : "", name ? ")" : "");
}

static u64 clear_field(u64 v, unsigned shift)
{
	return v & ~(0xfULL << shift);
}

u64 sysreg_sanitise_id(unsigned crm, unsigned op2, u64 real)
{
	if (crm == 4 && op2 == 0) {
		/* ID_AA64PFR0: no SVE, RAS, MPAM or AMU state is kept for
		 * the guest, so it must not see them. */
		real = clear_field(real, 32); /* SVE */
		real = clear_field(real, 28); /* RAS */
		real = clear_field(real, 40); /* MPAM */
		real = clear_field(real, 44); /* AMU */
	} else if (crm == 4 && op2 == 1) {
		/* ID_AA64PFR1: no MTE (needs HCR_EL2.ATA) and no SME. */
		real = clear_field(real, 8);
		real = clear_field(real, 24);
	} else if (crm == 4 && (op2 == 4 || op2 == 5)) {
		real = 0; /* ID_AA64ZFR0, ID_AA64SMFR0: SVE, SME are hidden */
	} else if (crm == 5 && op2 == 0) {
		/* ID_AA64DFR0: no trace, branch records or statistical
		 * profiling. */
		real = clear_field(real, 4);  /* TraceVer */
		real = clear_field(real, 32); /* PMSVer */
		real = clear_field(real, 40); /* TraceFilt */
		real = clear_field(real, 44); /* TraceBuffer */
		real = clear_field(real, 52); /* BRBE */
		real = clear_field(real, 56); /* ExtTrcBuff */
	}
	return real;
}

enum sysreg_result sysreg_emulate(const struct sysreg_access *a, u64 *val,
				  struct sysreg_shadow *sh,
				  u64 (*read_id)(unsigned crm, unsigned op2))
{
	unsigned e = enc(a);

	/* The ID register space (TID3): read-only, sanitised; the
	 * unallocated encodings in it read as zero. */
	if (a->op0 == 3 && a->op1 == 0 && a->crn == 0 && a->crm >= 1 &&
	    a->crm <= 7) {
		if (!a->read)
			return SYSREG_REFUSED;
		*val = sysreg_sanitise_id(a->crm, a->op2,
					  read_id(a->crm, a->op2));
		return SYSREG_DONE;
	}
	switch (e) {
	case ENC(3, 0, 1, 0, 1): /* ACTLR_EL1: IMPLEMENTATION DEFINED */
		if (a->read)
			*val = 0;
		return SYSREG_DONE;
	case ENC(2, 0, 0, 2, 2): /* MDSCR_EL1: kept, never acted on */
		if (a->read)
			*val = sh->mdscr_el1;
		else
			sh->mdscr_el1 = *val;
		return SYSREG_DONE;
	case ENC(2, 0, 1, 0, 4): /* OSLAR_EL1 -> OSLSR_EL1.OSLK */
		if (a->read)
			return SYSREG_REFUSED;
		sh->oslsr_el1 = (sh->oslsr_el1 & ~2ULL) | ((*val & 1) << 1);
		return SYSREG_DONE;
	case ENC(2, 0, 1, 1, 4): /* OSLSR_EL1: OS lock implemented */
		if (!a->read)
			return SYSREG_REFUSED;
		*val = sh->oslsr_el1 | 0x8;
		return SYSREG_DONE;
	case ENC(2, 0, 1, 3, 4): /* OSDLR_EL1 */
	case ENC(2, 0, 1, 4, 4): /* DBGPRCR_EL1 */
		if (a->read)
			*val = 0;
		return SYSREG_DONE;
	default: break;
	}
	/* Breakpoint/watchpoint registers: none are offered (DFR0 says how
	 * many exist, but the guest gets no debug events), so RAZ/WI. */
	if (a->op0 == 2 && a->op1 == 0 && a->crn == 0 && a->op2 >= 4) {
		if (a->read)
			*val = 0;
		return SYSREG_DONE;
	}
	return SYSREG_REFUSED;
}
