/* hyp/decode.c - exception classes, abort syndromes, MIDR and ID_AA64MMFR0 fields in words. */
#include <string.h>

#include "hyp/decode.h"
#include "hyp/esr.h"
#include "lib/fmt.h"

/* ESR_ELx.EC values the architecture defines (Arm ARM, ESR_EL2). */
static const struct {
	u8 ec;
	char name[54];
} ec_names[] = {
	{0x00, "unknown reason"},
	{0x01, "trapped WFI/WFE"},
	{0x03, "trapped MCR/MRC (CP15)"},
	{0x04, "trapped MCRR/MRRC (CP15)"},
	{0x05, "trapped MCR/MRC (CP14)"},
	{0x06, "trapped LDC/STC (CP14)"},
	{0x07, "trapped SVE/SIMD/floating-point access"},
	{0x08, "trapped VMRS (CP10 ID register)"},
	{0x09, "trapped pointer authentication instruction"},
	{0x0a, "trapped LD64B/ST64B or other instruction"},
	{0x0c, "trapped MRRC (CP14)"},
	{0x0d, "branch target exception"},
	{0x0e, "illegal execution state"},
	{0x11, "SVC from AArch32"},
	{0x12, "HVC from AArch32"},
	{0x13, "SMC from AArch32"},
	{0x15, "SVC from AArch64"},
	{0x16, "HVC from AArch64"},
	{0x17, "SMC from AArch64"},
	{0x18, "trapped MSR/MRS/system instruction"},
	{0x19, "SVE access"},
	{0x1a, "trapped ERET/ERETAA/ERETAB"},
	{0x1b, "trapped TSTART"},
	{0x1c, "pointer authentication failure"},
	{0x1d, "SME access"},
	{0x1e, "granule protection check"},
	{0x1f, "implementation defined exception to EL3"},
	{0x20, "instruction abort from a lower EL"},
	{0x21, "instruction abort from the current EL"},
	{0x22, "PC alignment fault"},
	{0x24, "data abort from a lower EL"},
	{0x25, "data abort from the current EL"},
	{0x26, "SP alignment fault"},
	{0x27, "memory copy/set (MOPS) exception"},
	{0x28, "floating-point exception (AArch32)"},
	{0x2c, "floating-point exception (AArch64)"},
	{0x2d, "guarded control stack exception"},
	{0x2f, "SError interrupt"},
	{0x30, "breakpoint from a lower EL"},
	{0x31, "breakpoint from the current EL"},
	{0x32, "software step from a lower EL"},
	{0x33, "software step from the current EL"},
	{0x34, "watchpoint from a lower EL"},
	{0x35, "watchpoint from the current EL"},
	{0x38, "BKPT instruction (AArch32)"},
	{0x3a, "vector catch (AArch32)"},
	{0x3c, "BRK instruction (AArch64)"},
	{0x3d, "PMU exception"},
};

const char *decode_ec(unsigned ec)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ec_names); i++)
		if (ec_names[i].ec == ec)
			return ec_names[i].name;
	return "reserved exception class";
}

/*
 * Fault status codes (DFSC/IFSC, ISS[5:0]) that are not of the
 * "<kind>, level N" shape; those are decoded arithmetically below.
 */
static const struct {
	u8 fsc;
	char name[56];
} fsc_names[] = {
	{0x10, "synchronous external abort"},
	{0x11, "synchronous tag check fault"},
	{0x18, "synchronous parity/ECC error"},
	{0x21, "alignment fault"},
	{0x28, "granule protection fault"},
	{0x30, "TLB conflict abort"},
	{0x31, "unsupported atomic hardware update fault"},
	{0x34, "implementation defined fault (lockdown)"},
	{0x35, "implementation defined fault (unsupported exclusive)"},
};

/* Fault kinds whose low two bits are the lookup level (0..3). */
static const struct {
	u8 base;
	char name[64];
} fsc_level_kinds[] = {
	{0x00, "address size fault"},
	{0x04, "translation fault"},
	{0x08, "access flag fault"},
	{0x0c, "permission fault"},
	{0x14, "synchronous external abort on a table walk"},
	{0x1c, "synchronous parity/ECC error on a table walk"},
	{0x24, "granule protection fault on a table walk"},
};

/* The level -1 (FEAT_LPA2) and -2 (FEAT_D128) encodings. */
static const struct {
	u8 fsc;
	s8 level;
	u8 kind; /* index into fsc_level_kinds */
} fsc_neg_levels[] = {
	{0x29, -1, 0}, {0x2c, -2, 0}, {0x2b, -1, 1},
	{0x2a, -2, 1}, {0x13, -1, 4}, {0x12, -2, 4},
	{0x1b, -1, 5}, {0x23, -1, 6}, {0x22, -2, 6},
};

static void sb_fsc(struct sbuf *sb, unsigned fsc)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fsc_names); i++) {
		if (fsc_names[i].fsc == fsc) {
			sbuf_puts(sb, fsc_names[i].name);
			return;
		}
	}
	for (i = 0; i < ARRAY_SIZE(fsc_level_kinds); i++) {
		if (fsc_level_kinds[i].base == (fsc & ~3U)) {
			sbuf_printf(sb, "%s, level %u", fsc_level_kinds[i].name,
				    fsc & 3);
			return;
		}
	}
	for (i = 0; i < ARRAY_SIZE(fsc_neg_levels); i++) {
		if (fsc_neg_levels[i].fsc == fsc) {
			sbuf_printf(
				sb, "%s, level %d",
				fsc_level_kinds[fsc_neg_levels[i].kind].name,
				fsc_neg_levels[i].level);
			return;
		}
	}
	sbuf_printf(sb, "reserved fault status %#04x", fsc);
}

void decode_abort_iss(unsigned ec, u32 iss, char *buf, size_t len)
{
	struct sbuf sb;
	bool data = ec == EC_DABT_LOW || ec == EC_DABT_CUR;

	sbuf_init(&sb, buf, len);
	if (!esr_is_abort(ec)) {
		sbuf_printf(&sb, "not an abort (ISS %#x)", iss);
		return;
	}
	sb_fsc(&sb, ISS_FSC(iss));
	if (data) {
		/* CM: the "write" of a cache maintenance op is not a store */
		if (iss & ISS_CM)
			sbuf_puts(&sb, "; cache maintenance");
		else
			sbuf_puts(&sb, (iss & ISS_WNR) ? "; write" : "; read");
		if ((iss & ISS_ISV) && !(iss & ISS_CM)) {
			unsigned srt = ISS_SRT(iss);
			unsigned size = 1U << ISS_SAS(iss);

			sbuf_printf(&sb, " of %u %s %s ", size,
				    size == 1 ? "byte" : "bytes",
				    (iss & ISS_WNR) ? "from" : "into");
			/* register 31 in a load/store is the zero register */
			if (srt == 31)
				sbuf_puts(&sb, "xzr");
			else
				sbuf_printf(&sb, "x%u", srt);
		}
	}
	if (iss & ISS_S1PTW)
		sbuf_puts(&sb, "; during a stage-1 table walk");
	if (iss & ISS_FNV)
		sbuf_puts(&sb, "; FAR not valid");
}

static const struct {
	u8 id;
	char name[16];
} implementers[] = {
	{0x00, "software (QEMU)"}, {0x41, "Arm"},     {0x42, "Broadcom"},
	{0x43, "Cavium"},	   {0x46, "Fujitsu"}, {0x48, "HiSilicon"},
	{0x4e, "NVIDIA"},	   {0x50, "APM"},     {0x51, "Qualcomm"},
	{0x56, "Marvell"},	   {0x61, "Apple"},   {0x6d, "Microsoft"},
	{0xc0, "Ampere"},
};

static const struct {
	u8 impl;
	u16 part;
	char name[14];
} parts[] = {
	{0x41, 0xd02, "Cortex-A34"},   {0x41, 0xd03, "Cortex-A53"},
	{0x41, 0xd04, "Cortex-A35"},   {0x41, 0xd05, "Cortex-A55"},
	{0x41, 0xd06, "Cortex-A65"},   {0x41, 0xd07, "Cortex-A57"},
	{0x41, 0xd08, "Cortex-A72"},   {0x41, 0xd09, "Cortex-A73"},
	{0x41, 0xd0a, "Cortex-A75"},   {0x41, 0xd0b, "Cortex-A76"},
	{0x41, 0xd0c, "Neoverse-N1"},  {0x41, 0xd0d, "Cortex-A77"},
	{0x41, 0xd0e, "Cortex-A76AE"}, {0x41, 0xd40, "Neoverse-V1"},
	{0x41, 0xd41, "Cortex-A78"},   {0x41, 0xd42, "Cortex-A78AE"},
	{0x41, 0xd44, "Cortex-X1"},    {0x41, 0xd46, "Cortex-A510"},
	{0x41, 0xd47, "Cortex-A710"},  {0x41, 0xd48, "Cortex-X2"},
	{0x41, 0xd49, "Neoverse-N2"},  {0x41, 0xd4a, "Neoverse-E1"},
	{0x41, 0xd4b, "Cortex-A78C"},  {0x41, 0xd4f, "Neoverse-V2"},
	{0x43, 0x0a1, "ThunderX"},     {0x43, 0x0af, "ThunderX2"},
	{0x51, 0xc00, "Falkor"},
};

void decode_midr(u64 midr, char *buf, size_t len)
{
	struct sbuf sb;
	unsigned impl = (midr >> 24) & 0xff;
	unsigned part = (midr >> 4) & 0xfff;
	unsigned variant = (midr >> 20) & 0xf;
	unsigned revision = midr & 0xf;
	const char *iname = NULL;
	size_t i;

	sbuf_init(&sb, buf, len);
	for (i = 0; i < ARRAY_SIZE(implementers); i++)
		if (implementers[i].id == impl)
			iname = implementers[i].name;
	if (iname)
		sbuf_puts(&sb, iname);
	else
		sbuf_printf(&sb, "implementer %#04x", impl);
	for (i = 0; i < ARRAY_SIZE(parts); i++)
		if (parts[i].impl == impl && parts[i].part == part)
			break;
	if (i < ARRAY_SIZE(parts))
		sbuf_printf(&sb, " %s", parts[i].name);
	else
		sbuf_printf(&sb, " part %#05x", part);
	sbuf_printf(&sb, " r%up%u", variant, revision);
}

/* The one table of the architecture's physical/intermediate address sizes:
 * ID_AA64MMFR0_EL1.PARange, TCR_EL2.PS and VTCR_EL2.PS all encode them so. */
static const u8 pa_sizes[] = {32, 36, 40, 42, 44, 48, 52};

unsigned decode_parange_bits(unsigned parange)
{
	return parange < ARRAY_SIZE(pa_sizes) ? pa_sizes[parange] : 0;
}

int decode_pa_size_enc(unsigned bits)
{
	for (unsigned i = 0; i < ARRAY_SIZE(pa_sizes); i++)
		if (pa_sizes[i] == bits)
			return (int)i;
	return -1;
}

#define GRAN_4K	 1U
#define GRAN_16K 2U
#define GRAN_64K 4U

static unsigned field(u64 reg, unsigned shift)
{
	return (unsigned)(reg >> shift) & 0xf;
}

unsigned decode_s1_granules(u64 mmfr0)
{
	unsigned t4 = field(mmfr0, 28), t64 = field(mmfr0, 24);
	unsigned t16 = field(mmfr0, 20);
	unsigned mask = 0;

	/* 1 = with 52-bit addresses (FEAT_LPA2); other values reserved */
	if (t4 == 0 || t4 == 1)
		mask |= GRAN_4K;
	if (t16 == 1 || t16 == 2)
		mask |= GRAN_16K;
	if (t64 == 0)
		mask |= GRAN_64K;
	return mask;
}

unsigned decode_s2_granules(u64 mmfr0)
{
	static const struct {
		u8 shift;
		u8 bit;
	} f[] = {{40, GRAN_4K}, {32, GRAN_16K}, {36, GRAN_64K}};
	unsigned s1 = decode_s1_granules(mmfr0), mask = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(f); i++) {
		unsigned v = field(mmfr0, f[i].shift);

		/* 0: as stage 1 (pre-v8.5 parts); 1: no; 2, 3: yes */
		if (v == 0)
			mask |= s1 & f[i].bit;
		else if (v == 2 || v == 3)
			mask |= f[i].bit;
	}
	return mask;
}

void decode_granules(unsigned mask, char *buf, size_t len)
{
	static const struct {
		u8 bit;
		char name[5];
	} g[] = {{GRAN_4K, "4K"}, {GRAN_16K, "16K"}, {GRAN_64K, "64K"}};
	struct sbuf sb;
	bool first = true;
	size_t i;

	sbuf_init(&sb, buf, len);
	for (i = 0; i < ARRAY_SIZE(g); i++) {
		if (!(mask & g[i].bit))
			continue;
		sbuf_printf(&sb, "%s%s", first ? "" : " ", g[i].name);
		first = false;
	}
	if (first)
		sbuf_puts(&sb, "none");
}
