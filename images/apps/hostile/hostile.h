/* images/apps/hostile/hostile.h - what the hostile appliance's files share: the attacks, the assembly helpers, small utilities. */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stdint.h>

#include "mv_guest.h"

/* Every report line starts "hostile: ATTACK: ". */
#define say(...) hostile_say(__VA_ARGS__)
void hostile_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

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

/* Each attack gets argv after its own name; returns the exit status. */
int attack_read(int argc, char **argv);
int attack_write(int argc, char **argv);
int attack_exec(int argc, char **argv);
int attack_own(int argc, char **argv);
int attack_stack_overflow(int argc, char **argv);
int attack_vbar0(int argc, char **argv);
int attack_hvc_fuzz(int argc, char **argv);
int attack_smc_fuzz(int argc, char **argv);
int attack_exit_bad(int argc, char **argv);
int attack_psci_cpu_on(int argc, char **argv);
int attack_psci_end(int argc, char **argv);
int attack_sysreg(int argc, char **argv);
int attack_setway(int argc, char **argv);
int attack_wfx(int argc, char **argv);
int attack_vtimer(int argc, char **argv);
int attack_aarch32(int argc, char **argv);
int attack_eret_el2(int argc, char **argv);
int attack_leak(int argc, char **argv);

#endif
