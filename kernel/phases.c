/* kernel/phases.c - the boot phase meter: cycles per phase, logged once before the guest starts. */
#include "hyp/hyp.h"
#include "kernel/phases.h"
#include "lib/fmt.h"
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
	static const char *const name[PHASE_NR] = {
		[PHASE_BOOT] = "boot",
		[PHASE_INTEGRITY] = "integrity",
		[PHASE_CAPTURE] = "capture",
		[PHASE_HASH] = "hash",
		[PHASE_SIGNATURE] = "signature",
		[PHASE_STAGE2] = "stage2",
		[PHASE_PLACEMENT] = "placement",
		[PHASE_COPY] = "copy",
		[PHASE_DTB] = "dtb",
	};
	char line[256];
	struct sbuf sb;

	sbuf_init(&sb, line, sizeof(line));
	for (unsigned p = 0; p < PHASE_NR; p++) {
		sbuf_printf(&sb, "%s%s %llu", p ? ", " : "", name[p],
			    (unsigned long long)spent[p]);
		spent[p] = 0;
	}
	pr_debug("boot phases (cycles): %s; reset to guest entry %llu", line,
		 (unsigned long long)total);
}
