/* images/apps/hostile/hostile.h - what the hostile appliance's files share: the attacks, the assembly helpers, small utilities. */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stdint.h>

#include "mv_guest.h"

/* Every report line starts "hostile: ATTACK: ". */
#define say(...) hostile_say(__VA_ARGS__)
void hostile_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One checked value, said as "what: got (ok, expected want)" or WRONG;
 * the verdict line names the attack and whether everything was ok
 * (returns the exit status: 0 or 1). */
void hostile_check(bool ok, const char *what, uint64_t got, uint64_t want);
extern int hostile_failures; /* for checks that say their own line */
int hostile_verdict(const char *what);

/* Parses a number or an address relative to guest RAM ("end-4",
 * "base-16", "0x48000000"); returns 0 on success. */
int hostile_parse_addr(const char *s, uint64_t *out);
int hostile_parse_u64(const char *s, uint64_t *out);

/* xorshift64: the fuzzers' reproducible randomness. */
static inline uint64_t hostile_rand(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

#define STR_(x) #x
#define STR(x)	STR_(x)
#define MRS(reg)                                                               \
	({                                                                     \
		uint64_t v_;                                                   \
		asm volatile("mrs %0, " STR(reg) : "=r"(v_) : : "memory");     \
		v_;                                                            \
	})
#define MSR(reg, v)                                                            \
	asm volatile("msr " STR(reg) ", %0\n\tisb"                             \
		     :                                                         \
		     : "r"((uint64_t)(v))                                      \
		     : "memory")

/* The GIC CPU interface, by encoding (the assembler may not know the
 * names). With HCR_EL2.IMO/FMO set they reach the virtual interface;
 * the SGI registers trap to the microvisor. */
#define ICC_PMR_EL1	S3_0_C4_C6_0
#define ICC_IAR1_EL1	S3_0_C12_C12_0
#define ICC_EOIR1_EL1	S3_0_C12_C12_1
#define ICC_CTLR_EL1	S3_0_C12_C12_4
#define ICC_SRE_EL1	S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_DIR_EL1	S3_0_C12_C11_1
#define ICC_SGI1R_EL1	S3_0_C12_C11_5
#define ICC_ASGI1R_EL1	S3_0_C12_C11_6
#define ICC_SGI0R_EL1	S3_0_C12_C11_7
#define ICC_SPURIOUS	1023

/* The guest's GIC (docs/abi.md): distributor, RD_base, SGI_base. */
#define GICD_BASE	   0x08000000ULL
#define GICD_CTLR	   (GICD_BASE + 0x0000)
#define GICD_TYPER	   (GICD_BASE + 0x0004)
#define GICD_ISENABLER1	   (GICD_BASE + 0x0104)
#define GICD_IROUTER(n)	   (GICD_BASE + 0x6000 + 8 * (n))
#define GICR_BASE	   0x080a0000ULL
#define GICR_CTLR	   (GICR_BASE + 0x0000)
#define GICR_TYPER	   (GICR_BASE + 0x0008)
#define GICR_WAKER	   (GICR_BASE + 0x0014)
#define GICR_PROPBASER	   (GICR_BASE + 0x0070)
#define GICR_PENDBASER	   (GICR_BASE + 0x0078)
#define GICR_SGI_BASE	   0x080b0000ULL
#define GICR_IGROUPR0	   (GICR_SGI_BASE + 0x0080)
#define GICR_ISENABLER0	   (GICR_SGI_BASE + 0x0100)
#define GICR_ISPENDR0	   (GICR_SGI_BASE + 0x0200)
#define GICR_ICPENDR0	   (GICR_SGI_BASE + 0x0280)
#define GICR_ISACTIVER0	   (GICR_SGI_BASE + 0x0300)
#define GICR_IPRIORITYR(n) (GICR_SGI_BASE + 0x0400 + (n))
#define INTID_VTIMER	   27
#define GIC_PRIO	   0xa0

/*
 * MMIO on the GIC: exactly one LDR/STR of a general register, never a
 * pair or a write-back form, so the syndrome is valid (ESR_EL2.ISV) and
 * the microvisor can emulate the access (inline assembly: the compiler
 * may not pick another form).
 */
static inline uint32_t hostile_mmio_rd32(uint64_t addr)
{
	uint32_t v;

	asm volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline uint64_t hostile_mmio_rd64(uint64_t addr)
{
	uint64_t v;

	asm volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void hostile_mmio_wr32(uint64_t addr, uint32_t v)
{
	asm volatile("str %w0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

static inline void hostile_mmio_wr64(uint64_t addr, uint64_t v)
{
	asm volatile("str %0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

static inline void hostile_mmio_wr8(uint64_t addr, uint8_t v)
{
	asm volatile("strb %w0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

/* gic.c: the guest's own vGIC set up for the virtual timer (Group 1,
 * priority GIC_PRIO, enabled; CPU interface on, priority mask 0xff).
 * PSTATE.I is left masked. Returns 0, or -1 if the redistributor does
 * not wake up. */
int hostile_gic_vtimer_on(void);
/* The virtual timer: armed 'ticks' from now (enabled, unmasked), or off.
 * Returns the deadline (CNTV_CVAL_EL0). */
uint64_t hostile_vtimer_arm(uint64_t ticks);
void hostile_vtimer_off(void);

/* Conduits of hostile_call. */
enum hostile_conduit {
	CONDUIT_HVC0,
	CONDUIT_HVC1,
	CONDUIT_HVCFFFF,
	CONDUIT_SMC0,
	CONDUIT_SMC1,
	CONDUIT_COUNT,
};

/* asm.S */
void hostile_call(const uint64_t in[30], uint64_t out[31], unsigned conduit);
uint64_t hostile_phys_load(uint64_t addr, unsigned size);
void hostile_phys_store(uint64_t addr, unsigned size, uint64_t val);
__attribute__((noreturn)) void hostile_phys_jump(uint64_t addr);
void hostile_on_stack(uint64_t sp, void (*fn)(void));
__attribute__((noreturn)) void hostile_vbar0_udf(void);
__attribute__((noreturn)) void hostile_eret(uint64_t spsr, uint64_t elr,
					    int el0, uint64_t x2);
extern const uint16_t hostile_t32_code[];
/* A PSCI CPU_ON entry: spins x0 times, then CPU_OFF (MMU off, no memory). */
extern const char hostile_cpu_off_entry[];

/* Each attack gets argv after its own name; returns the exit status. */
int attack_read(int argc, char **argv);
int attack_write(int argc, char **argv);
int attack_exec(int argc, char **argv);
int attack_own(int argc, char **argv);
int attack_primecell(int argc, char **argv);
int attack_stack_overflow(int argc, char **argv);
int attack_vbar0(int argc, char **argv);
int attack_hvc_fuzz(int argc, char **argv);
int attack_smc_fuzz(int argc, char **argv);
int attack_exit_bad(int argc, char **argv);
int attack_psci_cpu_on(int argc, char **argv);
int attack_psci_end(int argc, char **argv);
int attack_cpu_on(int argc, char **argv);
int attack_sysreg(int argc, char **argv);
int attack_setway(int argc, char **argv);
int attack_wfx(int argc, char **argv);
int attack_vtimer(int argc, char **argv);
int attack_aarch32(int argc, char **argv);
int attack_eret_el2(int argc, char **argv);
int attack_leak(int argc, char **argv);
int attack_gic(int argc, char **argv);

#endif
