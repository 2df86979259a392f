/* images/apps/crash/main.c - misbehaves on purpose, as the command line says, so tests can check how each misdeed ends. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mv_guest.h"

/*
 * Who is expected to end the guest, and how:
 *   write-outside  the microvisor: stage-2 fault, IPA below guest RAM
 *   read-unmapped  the microvisor: stage-2 fault, IPA above guest RAM
 *   undef          the runtime: UDF is taken at EL1 -> status 128 (EC 0)
 *   el1-fault      the runtime: stage-1 translation fault -> 128 + 0x25
 *   abort          the runtime: abort() -> 128 + SIGABRT = 134
 *   smc-random     nobody: prints the result, 0 if it was NOT_SUPPORTED
 *   hvc-bad        nobody: prints the result, 0 if it was NOT_SUPPORTED
 * A crash that unexpectedly returns exits 1.
 */

/* Below guest RAM; stage 1 maps it (Device), stage 2 must not. */
#define IPA_BELOW_RAM 0x3ff00000ull
/* Above any guest RAM that fits under 4 GiB; stage 1 maps it (Device). */
#define IPA_ABOVE_RAM 0x100000000ull
/* Beyond the runtime's 8 GiB identity map: faults at stage 1. */
#define VA_UNMAPPED 0x200000000ull

static int is_known_id(uint32_t id)
{
#define CALL_ID(id, name) id,
	static const uint32_t known[] = {MV_CALLS(CALL_ID)};
#undef CALL_ID
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (known[i] == id)
			return 1;
	return 0;
}

static int expect_not_supported(const char *what, uint32_t id,
				struct mv_smccc_res r)
{
	int ok = mv_smccc_status(r.a0) == MV_SMCCC_NOT_SUPPORTED;

	printf("crash: %s: id 0x%08" PRIx32 " returned x0 = 0x%" PRIx64
	       " (%s)\n",
	       what, id, r.a0,
	       ok ? "NOT_SUPPORTED, as expected" : "unexpected");
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (!strcmp(mode, "write-outside")) {
		printf("crash: write-outside: storing to IPA 0x%llx, "
		       "below guest RAM\n",
		       IPA_BELOW_RAM);
		*(volatile uint32_t *)(uintptr_t)IPA_BELOW_RAM = 0xdeadbeef;
	} else if (!strcmp(mode, "read-unmapped")) {
		uint64_t v;

		printf("crash: read-unmapped: loading from IPA 0x%llx, above "
		       "guest RAM\n",
		       IPA_ABOVE_RAM);
		v = *(volatile uint64_t *)(uintptr_t)IPA_ABOVE_RAM;
		printf("crash: read-unmapped: read 0x%" PRIx64 "\n", v);
	} else if (!strcmp(mode, "undef")) {
		printf("crash: undef: executing UDF #0\n");
		asm volatile("udf #0");
	} else if (!strcmp(mode, "el1-fault")) {
		uint64_t v;

		printf("crash: el1-fault: loading from VA 0x%llx, outside the "
		       "runtime's stage-1 map\n",
		       VA_UNMAPPED);
		v = *(volatile uint64_t *)(uintptr_t)VA_UNMAPPED;
		printf("crash: el1-fault: read 0x%" PRIx64 "\n", v);
	} else if (!strcmp(mode, "abort")) {
		printf("crash: abort: calling abort()\n");
		abort();
	} else if (!strcmp(mode, "smc-random")) {
		uint64_t seed = mv_counter() * 0x9e3779b97f4a7c15ull;
		uint32_t id = (uint32_t)(seed >> 32);

		/* Random must not mean "happens to be a real call". */
		while (is_known_id(id))
			id++;
		printf("crash: smc-random: SMC with id 0x%08" PRIx32 "\n", id);
		return expect_not_supported(
			"smc-random", id,
			mv_smc(id, seed, ~seed, seed >> 7, seed << 9, 1, 2, 3));
	} else if (!strcmp(mode, "hvc-bad")) {
		uint32_t id = 0xc600fffe;

		printf("crash: hvc-bad: HVC with unassigned id 0x%08" PRIx32
		       "\n",
		       id);
		return expect_not_supported("hvc-bad", id,
					    mv_hvc(id, 0, 0, 0, 0, 0, 0, 0));
	} else {
		printf("crash: usage: crash MODE, MODE one of write-outside, "
		       "read-unmapped, undef, el1-fault, abort, smc-random, "
		       "hvc-bad\n");
		return 2;
	}
	printf("crash: %s: still running: nothing stopped the guest\n", mode);
	return 1;
}
