/* hyp/gic.h - the GICv3 CPU interfaces as the arch layer offers them: the physical one the microvisor acknowledges its interrupts on, and the virtual one (list registers) it injects the guest's through. */
#ifndef MV_HYP_GIC_H
#define MV_HYP_GIC_H

#include "lib/types.h"

/* The interrupts the microvisor takes itself (PPIs of every CPU). */
#define GIC_INTID_MAINT	   25 /* the virtual interface's maintenance PPI */
#define GIC_INTID_HYPTIMER 26 /* CNTHP: the EL2 physical timer */
#define GIC_INTID_VTIMER   27 /* CNTV: the guest's virtual timer */
#define GIC_INTID_SPURIOUS 1023
/* The SGI one CPU sends another to make it look at its work box (and,
 * when a vCPU runs there, to make it exit). */
#define GIC_INTID_KICK 0

/* ICH_LR<n>_EL2 fields. */
#define ICH_LR_VINTID(lr)   ((u32)(lr))
#define ICH_LR_PINTID_SHIFT 32
#define ICH_LR_EOI	    BIT(41) /* HW = 0: maintenance on EOI */
#define ICH_LR_PRIO_SHIFT   48
#define ICH_LR_GROUP1	    BIT(60)
#define ICH_LR_HW	    BIT(61)
#define ICH_LR_STATE_SHIFT  62
#define ICH_LR_PENDING	    (1ULL << 62)
#define ICH_LR_ACTIVE	    (2ULL << 62)
#define ICH_LR_STATE(lr)    ((unsigned)((lr) >> ICH_LR_STATE_SHIFT))

/* ICH_HCR_EL2 */
#define ICH_HCR_EN	    BIT(0)
#define ICH_HCR_UIE	    BIT(1) /* maintenance when at most one LR is used */
#define ICH_HCR_EOICOUNT(v) (((v) >> 27) & 0x1f)

/* ICH_MISR_EL2 */
#define ICH_MISR_EOI BIT(0)
#define ICH_MISR_U   BIT(1)

/* ICH_VMCR_EL2: the guest's view of its CPU interface. */
#define ICH_VMCR_ENG0	BIT(0)
#define ICH_VMCR_ENG1	BIT(1)
#define ICH_VMCR_PMR(v) ((unsigned)((v) >> 24) & 0xff)

/* Is there a GICv3 system-register CPU interface the microvisor can use?
 * (ID_AA64PFR0_EL1.GIC, and ICC_SRE_EL2.SRE sticks.) */
bool hyp_gic_present(void);

/*
 * This CPU's physical interface, once: system registers on at EL2 and for
 * EL1 (the guest's ICC_* then reach the virtual interface), Group 1 on,
 * every priority unmasked, EOImode 1 (an EOI only drops the priority, so a
 * virtual timer interrupt stays active until the guest deactivates it
 * through its list register).
 */
void hyp_gic_cpu_init(void);

/* Acknowledge the highest pending Group 1 interrupt (1023: none). */
u32 hyp_gic_ack(void);
/* Drop its running priority (EOImode 1: it stays active). */
void hyp_gic_eoi(u32 intid);
/* Deactivate it. */
void hyp_gic_deactivate(u32 intid);
/* A Group 1 SGI to the CPU with this MPIDR (affinity fields). */
void hyp_gic_send_sgi(u64 mpidr, u32 intid);

/* The virtual interface: how many list registers, and each one. */
unsigned hyp_gic_nr_lrs(void);
/* Priority bits the virtual interface keeps (ICH_VTR_EL2.PRIbits). */
unsigned hyp_gic_prio_bits(void);
u64 hyp_gic_read_lr(unsigned n);
void hyp_gic_write_lr(unsigned n, u64 v);
u64 hyp_gic_read_hcr(void);
void hyp_gic_write_hcr(u64 v);
u64 hyp_gic_read_vmcr(void);
u64 hyp_gic_read_misr(void);
/* ICH_ELRSR_EL2: bit n set when list register n holds nothing. */
u32 hyp_gic_read_elrsr(void);

#endif
