/* images/apps/memtest/main.c - touches all free guest RAM (heap start to the DTB region) with patterns and reports "memtest: N MiB OK". */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "mv_guest.h"

/*
 * Three sweeps over 64-bit words, each word starting as its own address
 * XOR a pattern (address-in-address: a word that aliases another shows
 * the other's address):
 *   1. write  addr ^ PAT
 *   2. verify addr ^ PAT, write its complement
 *   3. verify the complement
 * so every bit is seen holding both 0 and 1, with two writes and two
 * reads per word: about the least that tests each cell both ways, which
 * keeps a 1 GiB guest quick under an emulator.
 */
#define PAT 0x5aa5c33c0ff0a55aull

struct failure {
	uint64_t *addr;
	uint64_t got, want;
};

static void fill(uint64_t *p, uint64_t *end)
{
	for (; p < end; p += 4) {
		p[0] = (uint64_t)(uintptr_t)&p[0] ^ PAT;
		p[1] = (uint64_t)(uintptr_t)&p[1] ^ PAT;
		p[2] = (uint64_t)(uintptr_t)&p[2] ^ PAT;
		p[3] = (uint64_t)(uintptr_t)&p[3] ^ PAT;
	}
}

/* Verifies addr ^ xor_in and rewrites each word XOR flip (0: no write). */
static int check(uint64_t *p, uint64_t *end, uint64_t xor_in, uint64_t flip,
		 struct failure *f)
{
	for (; p < end; p++) {
		uint64_t want = (uint64_t)(uintptr_t)p ^ xor_in;
		uint64_t got = *p;

		if (got != want) {
			*f = (struct failure){p, got, want};
			return -1;
		}
		if (flip)
			*p = got ^ flip;
	}
	return 0;
}

int main(void)
{
	const struct mv_boot_info *bi = mv_boot_info();
	uint64_t start, end, t0, secs_x10, freq = mv_counter_freq();
	struct failure f;
	uint64_t *p, *q;

	printf("memtest: RAM %" PRIu64 " MiB at 0x%" PRIx64
	       ", DTB at 0x%" PRIx64 "\n",
	       bi->ram_size >> 20, bi->ram_base, bi->dtb_addr);

	/*
	 * Claim everything from the current break to the arena's end (the
	 * DTB region), 4 KiB-aligned, so nothing else can be using it.
	 */
	start = ((uint64_t)(uintptr_t)sbrk(0) + 0xfff) & ~0xfffull;
	end = bi->heap_end & ~0xfffull;
	if (end <= start ||
	    sbrk((intptr_t)(end - (uint64_t)(uintptr_t)sbrk(0))) ==
		    (void *)-1) {
		printf("memtest: no free RAM to test (heap 0x%" PRIx64
		       "-0x%" PRIx64 ")\n",
		       bi->heap_start, bi->heap_end);
		return 1;
	}
	p = (uint64_t *)(uintptr_t)start;
	q = (uint64_t *)(uintptr_t)end;
	printf("memtest: testing %" PRIu64 " MiB at 0x%" PRIx64 "-0x%" PRIx64
	       "\n",
	       (end - start) >> 20, start, end);

	t0 = mv_counter();
	fill(p, q);
	/* Keep the compiler from fusing the sweeps. */
	asm volatile("" ::: "memory");
	if (check(p, q, PAT, ~0ull, &f) == 0) {
		asm volatile("" ::: "memory");
		if (check(p, q, ~PAT, 0, &f) == 0) {
			secs_x10 = freq ? (mv_counter() - t0) * 10 / freq : 0;
			printf("memtest: %" PRIu64 " MiB OK (%" PRIu64
			       ".%" PRIu64 " s)\n",
			       (end - start) >> 20, secs_x10 / 10,
			       secs_x10 % 10);
			return 0;
		}
	}
	printf("memtest: FAIL at 0x%" PRIxPTR ": read 0x%016" PRIx64
	       ", expected 0x%016" PRIx64 "\n",
	       (uintptr_t)f.addr, f.got, f.want);
	return 1;
}
