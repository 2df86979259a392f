/* tests/unit/test_lifecycle.c - the appliance's life (kernel/guest.c) on the host against the fake arch layer: capture, verify, build, run, tear down, restart, on_exit. */
#include <libfdt.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>

#include "tests/unit/check.h"

#include "guestmem/vmmem.h"
#include "hyp/esr.h"
#include "hyp/fake/fake.h"
#include "hyp/s2hw.h"
#include "kernel/cpus.h"
#include "kernel/guest.h"
#include "kernel/guestdtb.h"
#include "kernel/mvabi.h"
#include "lib/log.h"
#include "loader/mvimage/mvimage.h"

#define RAM_IPA	     0x40000000ULL
#define RMA_SIZE     (64ULL << 20)
#define DTB_IPA	     (RAM_IPA + RMA_SIZE - GUESTDTB_MAX)
#define MARK_IPA     (RAM_IPA + (8ULL << 20)) /* a segment nothing loads */
#define MARK	     0x6b72616d2d31756eULL
#define INITRD_PA    0x49000000ULL
#define KERNEL_FILE  4096 /* the first segment's canonical file offset */
#define ESR(ec, iss) (((u64)(ec) << 26) | ESR_IL | (iss))

/* ---- the board's CPUs (kernel/cpus.c runs on the machine only): the
 * host is one CPU, so the guest gets one vCPU ---- */

unsigned cpus_usable(void)
{
	return 1;
}

u64 cpus_mpidr(unsigned n)
{
	return n;
}

void cpus_run(unsigned nr, void (*fn)(unsigned n))
{
	(void)nr;
	(void)fn;
	abort(); /* never with one vCPU */
}

void cpus_wait(void)
{
}

/* ---- the console: every log line the code under test writes ---- */

static char logbuf[16384];
static size_t loglen;

static void log_sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	if (loglen + n >= sizeof(logbuf))
		n = sizeof(logbuf) - 1 - loglen;
	memcpy(logbuf + loglen, s, n);
	loglen += n;
	logbuf[loglen] = '\0';
}

static int no_input(void *ctx)
{
	(void)ctx;
	return -1;
}

/* ---- the trusted key and signed images, made here ---- */

static mbedtls_ctr_drbg_context drbg;
static struct mvimage_key sign_key;
static struct mvimg_key test_key; /* filled in main() */
const struct mvimg_keyring mv_trusted_keys = {&test_key, 1};

static u8 kernel_bytes[3 * 4096];
static const char cmdline[] = "console=hvc0 lifecycle";

static int fixed_entropy(void *ctx, unsigned char *out, size_t len)
{
	u32 *state = ctx;

	for (size_t i = 0; i < len; i++) {
		*state = *state * 1103515245u + 12345u;
		out[i] = (u8)(*state >> 16);
	}
	return 0;
}

static void die(const char *what)
{
	fprintf(stderr, "test_lifecycle: %s\n", what);
	exit(2);
}

static void gen_key(void)
{
	static u32 seed = 0x6c696665;
	static const char pers[] = "test_lifecycle";
	char err[256];

	mbedtls_ctr_drbg_init(&drbg);
	mbedtls_pk_init(&sign_key.pk);
	if (mbedtls_ctr_drbg_seed(&drbg, fixed_entropy, &seed,
				  (const unsigned char *)pers, sizeof(pers)) ||
	    mbedtls_pk_setup(&sign_key.pk,
			     mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)) ||
	    mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1,
				mbedtls_pk_ec(sign_key.pk),
				mbedtls_ctr_drbg_random, &drbg) ||
	    mvimage_key_adopt(&sign_key, true, err, sizeof(err)))
		die("EC key generation failed");
	mvimage_key_trusted(&sign_key, &test_key);
	for (size_t i = 0; i < sizeof(kernel_bytes); i++)
		kernel_bytes[i] = (u8)(i * 7 + 1);
}

/* The kernel at offset 0, entry 0, a command line; signed, malloc'd. */
static u8 *make_image(u64 mem, u64 counter, u64 *len)
{
	struct mvimage_layout l = {
		.alg = sign_key.alg,
		.counter = counter,
		.mem = mem,
		.description = "lifecycle test",
		.count = 2,
		.seg = {{MVIMG_SEG_KERNEL, kernel_bytes, sizeof(kernel_bytes),
			 0},
			{MVIMG_SEG_CMDLINE, (const u8 *)cmdline,
			 sizeof(cmdline), MVIMG_LOAD_NONE}},
	};
	u8 sig[MVIMG_SIG_MAX], *tbs, *img;
	u32 sig_len;
	char err[256];

	memcpy(l.key_id, sign_key.id, MVIMG_KEY_ID_SIZE);
	if (mvimage_build(&l, &tbs, len, err, sizeof(err)))
		die(err);
	if (mvimage_sign(&sign_key, tbs, *len, mbedtls_ctr_drbg_random, &drbg,
			 sig, &sig_len, err, sizeof(err)) ||
	    mvimage_attach(tbs, *len, sign_key.alg, sig, sig_len, &img, len,
			   err, sizeof(err)))
		die(err);
	free(tbs);
	return img;
}

/* ---- a boot: 2 GiB of RAM, the image where the bootloader put it ---- */

static struct boot_info bi;

/* The guest's steps: each test writes its own, step by step. */
struct script {
	unsigned step;
	struct vcpu first; /* the vCPU at the first entry */
	u64 seen[8];
	char bootargs[64];
};
static struct script sc;

/* The image is in the incoming blob, not yet captured. */
static int setup(unsigned rma_count, u64 mem, u64 counter)
{
	struct log_output out = {log_sink, no_input, NULL, NULL};
	struct vmmem_config c = {
		.rma_size = RMA_SIZE,
		.rma_count = rma_count,
		.store_max = 16 << 20,
	};
	u64 len;
	u8 *img = make_image(mem, counter, &len);
	int rc;

	fake_reset();
	loglen = 0;
	logbuf[0] = '\0';
	log_set_output(&out);
	log_set_level(MV_LOG_DEBUG);
	memset(&sc, 0, sizeof(sc));
	memset(&bi, 0, sizeof(bi));
	bi.mem[0] = (struct mem_range){pa(0x40000000), 2ULL << 30};
	bi.nr_mem = 1;
	bi.dtb = pa(0x48000000);
	bi.dtb_size = 0x1000;
	bi.has_initrd = true;
	bi.initrd_start = pa(INITRD_PA);
	bi.initrd_end = pa(INITRD_PA + len);
	rc = vmmem_boot(&bi, &c, 44, fake.mmfr0, pa(0x40200000), 0x100000);
	if (!rc)
		memcpy(vmmem_blob_va(), img, len);
	free(img);
	return rc;
}

static int run_once(fake_guest_fn fn, struct guest_outcome *o)
{
	sc.step = 0;
	fake.guest = fn;
	return guest_run_once(&bi, o);
}

static void hvc(struct vcpu *v, u64 id, u64 a1)
{
	v->x[0] = id;
	v->x[1] = a1;
	v->esr = ESR(EC_HVC64, 0);
}

static unsigned exit_with(struct vcpu *v, unsigned status)
{
	hvc(v, MV_EXIT, status);
	return GUEST_EXIT_SYNC;
}

/* A data abort at ipa: translation fault, level 3, a 4-byte write. */
static unsigned dabt(struct vcpu *v, u64 at)
{
	v->esr = ESR(EC_DABT_LOW,
		     ISS_ISV | (2u << 22) | (1u << 16) | ISS_WNR | 0x07);
	v->far = 0x1234000 | (at & 0xfff);
	v->hpfar = (at >> 12) << 4;
	return GUEST_EXIT_SYNC;
}

/* MSR/MRS MDSCR_EL1 with rt, as ESR_EL2 (EC 0x18) describes it. */
static unsigned mdscr(struct vcpu *v, unsigned rt, bool read)
{
	v->esr = ESR(EC_SYS64,
		     (2u << 20) | (2u << 17) | (rt << 5) | (2u << 1) | read);
	return GUEST_EXIT_SYNC;
}

/* Guest RAM at ipa as the host sees it (NULL if not mapped); *p its PA. */
static void *guest_ptr(u64 at, u64 *p)
{
	pa_t got;

	if (s2hw_translate(ipa(at), &got))
		return NULL;
	*p = pa_addr(got);
	return fake_pa_to_host(got);
}

static bool fresh_regs(const struct vcpu *v)
{
	for (unsigned i = 1; i < 31; i++)
		if (v->x[i])
			return false;
	return v->pc == RAM_IPA && v->x[0] == DTB_IPA && v->pstate == 0x3c5;
}

static bool all_zero(const u8 *p, u64 n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* ---- a good image runs ---- */

static unsigned g_boot(struct vcpu *v, void *ctx)
{
	const void *fdt, *kernel;
	const char *args;
	u64 p;

	(void)ctx;
	switch (sc.step++) {
	case 0:
		sc.first = *v;
		/* The loader put the kernel's segment in already: the fault
		 * is a stale walk, retried. */
		return dabt(v, RAM_IPA);
	case 1:
		kernel = guest_ptr(RAM_IPA, &p);
		sc.seen[0] = kernel && !memcmp(kernel, kernel_bytes,
					       sizeof(kernel_bytes));
		fdt = guest_ptr(sc.first.x[0], &p);
		sc.seen[1] = fdt && fdt_magic(fdt) == FDT_MAGIC;
		args = fdt ? fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"),
					 "bootargs", NULL)
			   : NULL;
		snprintf(sc.bootargs, sizeof(sc.bootargs), "%s",
			 args ? args : "(none)");
		return exit_with(v, 5);
	}
	abort();
}

static void test_good_image_runs(void)
{
	struct guest_outcome o;

	CHECK(setup(1, 64ULL << 20, 1) == 0);
	guest_capture(&bi);
	/* The original is wiped: only the private copy is used. */
	CHECK(all_zero(vmmem_blob_va(), vmmem_store_size()));
	CHECK(run_once(g_boot, &o) == 0);
	CHECK(fresh_regs(&sc.first));
	CHECK_EQ_U64(sc.seen[0], 1);
	CHECK_EQ_U64(sc.seen[1], 1);
	CHECK(!strcmp(sc.bootargs, cmdline));
	CHECK_EQ_U64(o.end, GUEST_END_EXIT);
	CHECK_EQ_U64(o.status, 5);
	CHECK_EQ_U64(o.exits, 2);
	CHECK_STR_CONTAINS(logbuf, "image verified: ECDSA-P256-SHA256");
	CHECK_STR_CONTAINS(logbuf, "guest exited: reason=exit status=5");
	CHECK_EQ_U64(fake.guest_resets, 1);
	CHECK_EQ_U64(fake.guest_configs, 1);
	CHECK_EQ_U64(fake.guest_stops, 1);
	CHECK_EQ_U64(fake.pages_live, 0);
}

/* ---- a restart starts from scratch ---- */

/* Run 1: dirty RAM, registers, MDSCR_EL1, and leave a line open. */
static unsigned g_dirty(struct vcpu *v, void *ctx)
{
	u64 *mark;

	(void)ctx;
	switch (sc.step++) {
	case 0: return dabt(v, MARK_IPA);
	case 1:
		mark = guest_ptr(MARK_IPA, &sc.seen[0]);
		if (mark)
			*mark = MARK;
		for (unsigned i = 0; i < 31; i++)
			v->x[i] = 0xdead0000 + i;
		v->pstate = 0x3c4;
		v->x[5] = 0x8000;
		return mdscr(v, 5, false);
	case 2: return mdscr(v, 7, true);
	case 3:
		sc.seen[6] = v->x[7];
		hvc(v, MV_CONSOLE_WRITE, 4);
		v->x[2] = 0x666c6168; /* "half", no newline */
		return GUEST_EXIT_SYNC;
	case 4: return exit_with(v, 0);
	}
	abort();
}

/* Run 2: what the guest finds. */
static unsigned g_fresh(struct vcpu *v, void *ctx)
{
	u64 *old, *mark, p;

	(void)ctx;
	switch (sc.step++) {
	case 0:
		sc.first = *v;
		sc.seen[1] = !guest_ptr(MARK_IPA, &p);
		old = fake_pa_to_host(pa(sc.seen[0]));
		sc.seen[2] = old ? *old : ~0ULL;
		return mdscr(v, 6, true);
	case 1: return dabt(v, MARK_IPA);
	case 2:
		sc.seen[3] = v->x[6]; /* MDSCR_EL1 as read at step 0 */
		mark = guest_ptr(MARK_IPA, &sc.seen[4]);
		sc.seen[5] = mark ? *mark : ~0ULL;
		return exit_with(v, 0);
	}
	abort();
}

static void test_restart_gets_other_rma(void)
{
	struct guest_outcome o;

	CHECK(setup(2, 64ULL << 20, 1) == 0);
	guest_capture(&bi);
	CHECK(run_once(g_dirty, &o) == 0);
	CHECK(sc.seen[0] != 0);
	CHECK_EQ_U64(sc.seen[6], 0x8000); /* MDSCR_EL1 took the write */
	CHECK_STR_CONTAINS(logbuf, "guest: half\r\nmicrovisor: guest exited: "
				   "reason=exit status=0");
	CHECK(run_once(g_fresh, &o) == 0);
	CHECK(fresh_regs(&sc.first));
	CHECK_EQ_U64(sc.seen[1], 1);	 /* nothing mapped before a touch */
	CHECK_EQ_U64(sc.seen[3], 0);	 /* MDSCR_EL1 */
	CHECK(sc.seen[4] != sc.seen[0]); /* the clean RMA */
	CHECK_EQ_U64(sc.seen[5], 0);
	CHECK_EQ_U64(o.end, GUEST_END_EXIT);
	CHECK_EQ_U64(fake.guest_resets, 2);
	CHECK_EQ_U64(fake.guest_stops, 2);
	CHECK_EQ_U64(fake.pages_live, 0);
}

/* ---- entropy: each life fresh seeds or none ---- */

/* Records the guest's /chosen/rng-seed (its first 8 bytes in seen[0],
 * 1 in seen[1] when present) and kaslr-seed (seen[2]). */
static unsigned g_seeds(struct vcpu *v, void *ctx)
{
	const void *fdt;
	const u8 *rng;
	const fdt64_t *k;
	u64 p;
	int len, chosen;

	(void)ctx;
	fdt = guest_ptr(v->x[0], &p);
	chosen = fdt ? fdt_path_offset(fdt, "/chosen") : -1;
	rng = chosen >= 0 ? fdt_getprop(fdt, chosen, "rng-seed", &len) : NULL;
	k = chosen >= 0 ? fdt_getprop(fdt, chosen, "kaslr-seed", NULL) : NULL;
	sc.seen[1] = rng && len == 32;
	if (rng)
		memcpy(&sc.seen[0], rng, 8);
	sc.seen[2] = k ? fdt64_ld(k) : 0;
	return exit_with(v, 0);
}

static void test_seeds_once(void)
{
	struct guest_outcome o;
	u64 first, first_k;

	CHECK(setup(1, 64ULL << 20, 1) == 0);
	for (unsigned i = 0; i < 32; i++)
		bi.rng_seed[i] = (u8)(i * 37 + 1);
	bi.rng_seed_len = 32;
	guest_capture(&bi);
	/* The bootloader's seed, hashed: not passed on as it came. */
	CHECK(run_once(g_seeds, &o) == 0);
	CHECK_EQ_U64(sc.seen[1], 1);
	first = sc.seen[0];
	first_k = sc.seen[2];
	CHECK(memcmp(&first, bi.rng_seed, 8) != 0);
	CHECK(first_k != 0 && first_k != first);
	/* Spent: no RNDR, no seed. */
	CHECK(run_once(g_seeds, &o) == 0);
	CHECK_EQ_U64(sc.seen[1], 0);
	CHECK_EQ_U64(sc.seen[2], 0);
	CHECK_STR_CONTAINS(logbuf, "no rng-seed or kaslr-seed");
	/* With RNDR: fresh bytes each life, never the first life's. */
	fake.rndr_ok = true;
	fake.rndr_next = 1000;
	CHECK(run_once(g_seeds, &o) == 0);
	CHECK_EQ_U64(sc.seen[1], 1);
	CHECK_EQ_U64(sc.seen[0], 1000);
	CHECK_EQ_U64(sc.seen[2], 1004);
	CHECK(run_once(g_seeds, &o) == 0);
	CHECK_EQ_U64(sc.seen[0], 1005);
	CHECK(sc.seen[0] != first);
}

static void test_restart_scrubs_same_rma(void)
{
	struct guest_outcome o;

	CHECK(setup(1, 64ULL << 20, 1) == 0);
	guest_capture(&bi);
	CHECK(run_once(g_dirty, &o) == 0);
	CHECK(sc.seen[0] != 0);
	CHECK_EQ_U64(sc.seen[6], 0x8000);
	CHECK(run_once(g_fresh, &o) == 0);
	CHECK(fresh_regs(&sc.first));
	CHECK_EQ_U64(sc.seen[1], 1);
	CHECK_EQ_U64(sc.seen[2], 0); /* scrubbed before the guest ran */
	CHECK_EQ_U64(sc.seen[3], 0);
	CHECK_EQ_U64(sc.seen[4], sc.seen[0]);
	CHECK_EQ_U64(sc.seen[5], 0);
	CHECK_EQ_U64(fake.guest_resets, 2);
	CHECK_EQ_U64(fake.pages_live, 0);
}

/* ---- images that are refused ---- */

static void test_tampered_image_refused(void)
{
	struct guest_outcome o;
	u8 *blob;

	CHECK(setup(1, 64ULL << 20, 1) == 0);
	blob = vmmem_blob_va();
	CHECK(!memcmp(blob + KERNEL_FILE, kernel_bytes, sizeof(kernel_bytes)));
	blob[KERNEL_FILE + 100] ^= 0x01;
	guest_capture(&bi);
	CHECK(run_once(g_boot, &o) == -1);
	CHECK_STR_CONTAINS(logbuf, "appliance image rejected:");
	CHECK(!strstr(logbuf, "starting the appliance"));
	CHECK_EQ_U64(fake.entries, 0);
	CHECK_EQ_U64(fake.pages_live, 0);
}

static void test_counter_floor(void)
{
	struct guest_outcome o;

	CHECK(setup(1, 64ULL << 20, 3) == 0);
	bi.has_counter_floor = true;
	bi.counter_floor = 5;
	guest_capture(&bi);
	CHECK(run_once(g_boot, &o) == -1);
	CHECK_STR_CONTAINS(logbuf, "appliance image rejected: security "
				   "counter 3 is below the floor 5");
	CHECK_EQ_U64(fake.entries, 0);

	CHECK(setup(1, 64ULL << 20, 3) == 0);
	bi.has_counter_floor = true;
	bi.counter_floor = 3;
	guest_capture(&bi);
	CHECK(run_once(g_boot, &o) == 0);
	CHECK_STR_CONTAINS(logbuf, "security counter 3 (floor 3)");
	CHECK_EQ_U64(o.status, 5);
	CHECK_EQ_U64(fake.pages_live, 0);
}

static void test_image_larger_than_rma(void)
{
	struct guest_outcome o;

	CHECK(setup(1, 128ULL << 20, 1) == 0);
	guest_capture(&bi);
	CHECK(run_once(g_boot, &o) == -1);
	CHECK_STR_CONTAINS(logbuf, "the image needs 128M of guest RAM but "
				   "the RMA is 64M");
	CHECK(!strstr(logbuf, "starting the appliance"));
	CHECK_EQ_U64(fake.entries, 0);
	CHECK_EQ_U64(fake.guest_resets, 0);
	CHECK_EQ_U64(fake.pages_live, 0);
}

/* ---- how a life ends, and what comes next ---- */

static unsigned g_crash(struct vcpu *v, void *ctx)
{
	(void)ctx;
	sc.step++;
	return dabt(v, 0x10000000);
}

static void test_crash_ends_life(void)
{
	struct guest_outcome o;

	CHECK(setup(1, 64ULL << 20, 1) == 0);
	guest_capture(&bi);
	CHECK(run_once(g_crash, &o) == 0);
	CHECK_EQ_U64(sc.step, 1);
	CHECK_EQ_U64(o.end, GUEST_END_CRASH);
	CHECK_EQ_U64(o.status, 164);
	CHECK_STR_CONTAINS(logbuf, "below guest RAM");
	CHECK_STR_CONTAINS(logbuf, "guest exited: reason=crash status=164");
	CHECK_EQ_U64(fake.guest_stops, 1);
	CHECK_EQ_U64(fake.pages_live, 0);
}

static void test_guest_next(void)
{
	unsigned restarts = 0;

	CHECK_EQ_U64(guest_next(MV_ON_EXIT_POWEROFF, 0, &restarts),
		     GUEST_NEXT_POWEROFF);
	CHECK_EQ_U64(guest_next(MV_ON_EXIT_HALT, 0, &restarts),
		     GUEST_NEXT_HALT);
	CHECK_EQ_U64(restarts, 0);
	for (unsigned i = 1; i <= GUEST_RESTART_LIMIT; i++) {
		CHECK_EQ_U64(guest_next(MV_ON_EXIT_RESTART, 0, &restarts),
			     GUEST_NEXT_RESTART);
		CHECK_EQ_U64(restarts, i);
	}
	CHECK_EQ_U64(guest_next(MV_ON_EXIT_RESTART, 0, &restarts),
		     GUEST_NEXT_GIVE_UP);
	/* A guest that ran a while starts a new row. */
	CHECK_EQ_U64(guest_next(MV_ON_EXIT_RESTART, GUEST_RESTART_WINDOW_S,
				&restarts),
		     GUEST_NEXT_RESTART);
	CHECK_EQ_U64(restarts, 1);
	CHECK_EQ_U64(guest_next(MV_ON_EXIT_RESTART, GUEST_RESTART_WINDOW_S - 1,
				&restarts),
		     GUEST_NEXT_RESTART);
	CHECK_EQ_U64(restarts, 2);
}

int main(void)
{
	gen_key();
	RUN(test_good_image_runs);
	RUN(test_restart_gets_other_rma);
	RUN(test_restart_scrubs_same_rma);
	RUN(test_seeds_once);
	RUN(test_tampered_image_refused);
	RUN(test_counter_floor);
	RUN(test_image_larger_than_rma);
	RUN(test_crash_ends_life);
	RUN(test_guest_next);
	fake_reset();
	mvimage_key_free(&sign_key);
	mbedtls_ctr_drbg_free(&drbg);
	return check_failed_cases ? 1 : 0;
}
