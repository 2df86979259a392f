/* hyp/gic.c - the GICv3 CPU interfaces at EL2: the physical one's registers and the virtual one's list registers. */
#include "hyp/gic.h"
#include "hyp/sysreg.h"

#define ICC_IAR1_EL1	S3_0_C12_C12_0
#define ICC_EOIR1_EL1	S3_0_C12_C12_1
#define ICC_DIR_EL1	S3_0_C12_C11_1
#define ICC_SGI1R_EL1	S3_0_C12_C11_5
#define ICC_PMR_EL1	S3_0_C4_C6_0
#define ICC_BPR1_EL1	S3_0_C12_C12_3
#define ICC_CTLR_EL1	S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICH_MISR_EL2	S3_4_C12_C11_2
#define ICH_ELRSR_EL2	S3_4_C12_C11_5

#define ICC_SRE_EL2_ENABLE BIT(3) /* EL1 may use ICC_SRE_EL1 */
#define ICC_CTLR_EOIMODE   BIT(1)

bool hyp_gic_present(void)
{
	if (!ID_AA64PFR0_GIC(read_sysreg(id_aa64pfr0_el1)))
		return false;
	write_sysreg(read_sysreg(ICC_SRE_EL2) | ICC_SRE_SRE, ICC_SRE_EL2);
	isb();
	return read_sysreg(ICC_SRE_EL2) & ICC_SRE_SRE;
}

void hyp_gic_cpu_init(void)
{
	write_sysreg(read_sysreg(ICC_SRE_EL2) | ICC_SRE_SRE |
			     ICC_SRE_EL2_ENABLE,
		     ICC_SRE_EL2);
	isb();
	write_sysreg(0xff, ICC_PMR_EL1);
	write_sysreg(0, ICC_BPR1_EL1);
	write_sysreg(read_sysreg(ICC_CTLR_EL1) | ICC_CTLR_EOIMODE,
		     ICC_CTLR_EL1);
	write_sysreg(1, ICC_IGRPEN1_EL1);
	isb();
}

u32 hyp_gic_ack(void)
{
	u32 intid = (u32)read_sysreg(ICC_IAR1_EL1);

	dsb(sy); /* the acknowledge before anything it caused is read */
	return intid & 0xffffff;
}

void hyp_gic_eoi(u32 intid)
{
	write_sysreg(intid, ICC_EOIR1_EL1);
	isb();
}

void hyp_gic_deactivate(u32 intid)
{
	write_sysreg(intid, ICC_DIR_EL1);
	isb();
}

void hyp_gic_send_sgi(u64 mpidr, u32 intid)
{
	/* Aff3, Aff2, Aff1, the range selector and one target list bit. */
	u64 aff0 = mpidr & 0xff;
	u64 v = ((mpidr >> 32) & 0xff) << 48 | ((mpidr >> 16) & 0xff) << 32 |
		((mpidr >> 8) & 0xff) << 16 | (aff0 >> 4) << 44 |
		(u64)(intid & 0xf) << 24 | BIT(aff0 & 0xf);

	dsb(ishst); /* what the target is to see, before it is told */
	write_sysreg(v, ICC_SGI1R_EL1);
	isb();
}

unsigned hyp_gic_nr_lrs(void)
{
	return ICH_VTR_LISTREGS(read_sysreg(ICH_VTR_EL2));
}

unsigned hyp_gic_prio_bits(void)
{
	return (unsigned)((read_sysreg(ICH_VTR_EL2) >> 29) & 7) + 1;
}

/* ICH_LR<n>_EL2 has no indexed form: one encoding each. */
u64 hyp_gic_read_lr(unsigned n)
{
	switch (n) {
	case 0: return read_sysreg(S3_4_C12_C12_0);
	case 1: return read_sysreg(S3_4_C12_C12_1);
	case 2: return read_sysreg(S3_4_C12_C12_2);
	case 3: return read_sysreg(S3_4_C12_C12_3);
	case 4: return read_sysreg(S3_4_C12_C12_4);
	case 5: return read_sysreg(S3_4_C12_C12_5);
	case 6: return read_sysreg(S3_4_C12_C12_6);
	case 7: return read_sysreg(S3_4_C12_C12_7);
	case 8: return read_sysreg(S3_4_C12_C13_0);
	case 9: return read_sysreg(S3_4_C12_C13_1);
	case 10: return read_sysreg(S3_4_C12_C13_2);
	case 11: return read_sysreg(S3_4_C12_C13_3);
	case 12: return read_sysreg(S3_4_C12_C13_4);
	case 13: return read_sysreg(S3_4_C12_C13_5);
	case 14: return read_sysreg(S3_4_C12_C13_6);
	default: return read_sysreg(S3_4_C12_C13_7);
	}
}

void hyp_gic_write_lr(unsigned n, u64 v)
{
	switch (n) {
	case 0: write_sysreg(v, S3_4_C12_C12_0); break;
	case 1: write_sysreg(v, S3_4_C12_C12_1); break;
	case 2: write_sysreg(v, S3_4_C12_C12_2); break;
	case 3: write_sysreg(v, S3_4_C12_C12_3); break;
	case 4: write_sysreg(v, S3_4_C12_C12_4); break;
	case 5: write_sysreg(v, S3_4_C12_C12_5); break;
	case 6: write_sysreg(v, S3_4_C12_C12_6); break;
	case 7: write_sysreg(v, S3_4_C12_C12_7); break;
	case 8: write_sysreg(v, S3_4_C12_C13_0); break;
	case 9: write_sysreg(v, S3_4_C12_C13_1); break;
	case 10: write_sysreg(v, S3_4_C12_C13_2); break;
	case 11: write_sysreg(v, S3_4_C12_C13_3); break;
	case 12: write_sysreg(v, S3_4_C12_C13_4); break;
	case 13: write_sysreg(v, S3_4_C12_C13_5); break;
	case 14: write_sysreg(v, S3_4_C12_C13_6); break;
	default: write_sysreg(v, S3_4_C12_C13_7); break;
	}
}

u64 hyp_gic_read_hcr(void)
{
	return read_sysreg(ICH_HCR_EL2);
}

void hyp_gic_write_hcr(u64 v)
{
	write_sysreg(v, ICH_HCR_EL2);
}

u64 hyp_gic_read_vmcr(void)
{
	return read_sysreg(ICH_VMCR_EL2);
}

u64 hyp_gic_read_misr(void)
{
	return read_sysreg(ICH_MISR_EL2);
}

u32 hyp_gic_read_elrsr(void)
{
	return (u32)read_sysreg(ICH_ELRSR_EL2);
}
