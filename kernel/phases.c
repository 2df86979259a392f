/* kernel/phases.c - the boot phase meter: cycles per phase, logged once before the guest starts. */
#include "hyp/hyp.h"
#include "kernel/phases.h"
#include "lib/log.h"

static u64 spent[PHASE_NR], began[PHASE_NR];

void phase_start(enum boot_phase p)
{
	began[p] = hyp_cycles();
}

void phase_end(enum boot_phase p)
{
	spent[p] += hyp_cycles() - began[p];
}

void phase_move(enum boot_phase from, enum boot_phase to, u64 n)
{
	spent[from] -= n;
	spent[to] += n;
}

void phases_log(u64 total)
{
	pr_debug("boot phases (cycles): boot %llu, integrity %llu, copy %llu, "
		 "hash %llu, signature %llu, stage2 %llu, placement %llu, "
		 "dtb %llu; reset to guest entry %llu",
		 (unsigned long long)spent[PHASE_BOOT],
		 (unsigned long long)spent[PHASE_INTEGRITY],
		 (unsigned long long)spent[PHASE_COPY],
		 (unsigned long long)spent[PHASE_HASH],
		 (unsigned long long)spent[PHASE_SIGNATURE],
		 (unsigned long long)spent[PHASE_STAGE2],
		 (unsigned long long)spent[PHASE_PLACEMENT],
		 (unsigned long long)spent[PHASE_DTB],
		 (unsigned long long)total);
}
