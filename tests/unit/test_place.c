/* tests/unit/test_place.c - host tests of placing a verified image's segments into guest RAM (loader/place.c). */
#include <mbedtls/sha256.h>

#include "tests/unit/check.h"
#include "loader/place.h"

/*
 * The mvimg_info is built by hand, as mvimg_verify would have left it; no
 * signing is involved. Guest RAM is a heap buffer pre-filled with 0xee so
 * that what populate() zeroes and what the copy writes can be told apart
 * from what nobody touched.
 */

#define RAM_SIZE (4ULL << 20)
#define KEEP_TOP (1ULL << 20)
#define USABLE	 (RAM_SIZE - KEEP_TOP)
#define BLOB_LEN (64 * 1024)
#define JUNK	 0xee

struct range {
	u64 off, len;
};

static struct {
	struct range populated[16], written[16];
	unsigned n_populated, n_written;
	int fail_populate_at; /* 1-based call number to fail, 0 = never */
} rec;

static u8 *ram_mem;
static u8 blob[BLOB_LEN];
static char err[MVIMG_ERR_MAX];

static int fake_populate(void *ctx, u64 off, u64 len)
{
	(void)ctx;
	if (rec.n_populated < ARRAY_SIZE(rec.populated))
		rec.populated[rec.n_populated] = (struct range){off, len};
	rec.n_populated++;
	if (rec.fail_populate_at &&
	    rec.n_populated == (unsigned)rec.fail_populate_at)
		return -1;
	if (off > RAM_SIZE || len > RAM_SIZE - off)
		return -1; /* the real one would refuse too */
	memset(ram_mem + off, 0, len);
	return 0;
}

static void fake_copy(void *ctx, u64 off, const void *src, u64 len)
{
	(void)ctx;
	if (rec.n_written < ARRAY_SIZE(rec.written))
		rec.written[rec.n_written] = (struct range){off, len};
	rec.n_written++;
	memcpy(ram_mem + off, src, len);
}

static struct mvimg_ram ram;

static void reset(void)
{
	memset(&rec, 0, sizeof(rec));
	if (!ram_mem)
		ram_mem = malloc(RAM_SIZE);
	memset(ram_mem, JUNK, RAM_SIZE);
	ram = (struct mvimg_ram){ram_mem,	RAM_SIZE,  KEEP_TOP,
				 fake_populate, fake_copy, NULL};
	for (unsigned i = 0; i < BLOB_LEN; i++)
		blob[i] = (u8)(i * 131 + (i >> 8) + 7);
	memset(err, 'x', sizeof(err) - 1);
	err[sizeof(err) - 1] = '\0';
}

static void init_info(struct mvimg_info *info)
{
	memset(info, 0, sizeof(*info));
	info->guest_mem_size = RAM_SIZE;
	info->entry_offset = 0;
}

/* Append a segment with its true hash. */
static struct mvimg_segment *add_seg(struct mvimg_info *info, u32 type,
				     u64 file_off, u64 size, u64 load_off,
				     u64 footprint)
{
	struct mvimg_segment *s = &info->seg[info->segment_count++];

	s->type = type;
	s->file_offset = file_off;
	s->size = size;
	s->load_offset = load_off;
	s->footprint = footprint;
	mbedtls_sha256_ret(blob + file_off, size, s->sha256, 0);
	return s;
}

static bool ram_is(u64 off, u64 len, u8 v)
{
	for (u64 i = 0; i < len; i++)
		if (ram_mem[off + i] != v)
			return false;
	return true;
}

static struct mvimg_placement out;

static int place(const struct mvimg_info *info)
{
	memset(&out, 0x5a, sizeof(out));
	return mvimg_place(info, blob, &ram, &out, err, sizeof(err));
}

/* out as every failure must leave it */
static bool out_cleared(void)
{
	return out.entry_off == 0 && out.cmdline && out.cmdline[0] == '\0' &&
	       !out.has_initrd && out.initrd_off == 0 && out.initrd_size == 0;
}

static void test_kernel_initrd_cmdline(void)
{
	static const char cmd[] = "console=hvc0 rdinit=/init";
	struct mvimg_info info;

	reset();
	memcpy(blob + 0x9000, cmd, sizeof(cmd));
	init_info(&info);
	info.entry_offset = 0x40;
	add_seg(&info, MVIMG_SEG_KERNEL, 0x1000, 5000, 0, 0x5000);
	add_seg(&info, MVIMG_SEG_INITRD, 0x3000, 0x4321, 0x100000, 0x4321);
	add_seg(&info, MVIMG_SEG_CMDLINE, 0x9000, sizeof(cmd), MVIMG_LOAD_NONE,
		0);

	CHECK_EQ_U64(place(&info), 0);
	CHECK_EQ_U64(out.entry_off, 0x40);
	CHECK(out.cmdline == (const char *)blob + 0x9000);
	CHECK(strcmp(out.cmdline, cmd) == 0);
	CHECK(out.has_initrd);
	CHECK_EQ_U64(out.initrd_off, 0x100000);
	CHECK_EQ_U64(out.initrd_size, 0x4321);

	/* populate: the loaded footprints; copy: the bytes; in order */
	CHECK_EQ_U64(rec.n_populated, 2);
	CHECK_EQ_U64(rec.populated[0].off, 0);
	CHECK_EQ_U64(rec.populated[0].len, 0x5000);
	CHECK_EQ_U64(rec.populated[1].off, 0x100000);
	CHECK_EQ_U64(rec.populated[1].len, 0x4321);
	CHECK_EQ_U64(rec.n_written, 2);
	CHECK_EQ_U64(rec.written[0].off, 0);
	CHECK_EQ_U64(rec.written[0].len, 5000);
	CHECK_EQ_U64(rec.written[1].off, 0x100000);
	CHECK_EQ_U64(rec.written[1].len, 0x4321);

	/* the bytes: copies exact, BSS zero, nothing else touched */
	CHECK(memcmp(ram_mem, blob + 0x1000, 5000) == 0);
	CHECK(ram_is(5000, 0x5000 - 5000, 0));
	CHECK(ram_is(0x5000, 0x100000 - 0x5000, JUNK));
	CHECK(memcmp(ram_mem + 0x100000, blob + 0x3000, 0x4321) == 0);
	CHECK(ram_is(0x104321, RAM_SIZE - 0x104321, JUNK));
	CHECK(err[0] == '\0' || err[0] == 'x');
}

static void test_kernel_only(void)
{
	struct mvimg_info info;

	reset();
	init_info(&info);
	info.entry_offset = 0x1234;
	add_seg(&info, MVIMG_SEG_KERNEL, 0x1000, 0x2000, 0x80000, 0x2000);
	CHECK_EQ_U64(place(&info), 0);
	CHECK_EQ_U64(out.entry_off, 0x1234);
	CHECK(out.cmdline);
	CHECK_EQ_U64(out.cmdline[0], '\0');
	CHECK(!out.has_initrd);
	CHECK_EQ_U64(out.initrd_off, 0);
	CHECK_EQ_U64(out.initrd_size, 0);
	CHECK_EQ_U64(rec.n_populated, 1);
	CHECK_EQ_U64(rec.populated[0].off, 0x80000);
	CHECK_EQ_U64(rec.populated[0].len, 0x2000);
	CHECK(memcmp(ram_mem + 0x80000, blob + 0x1000, 0x2000) == 0);
	CHECK(ram_is(0, 0x80000, JUNK));
	CHECK(ram_is(0x82000, RAM_SIZE - 0x82000, JUNK));
}

static void test_footprint_zeroed(void)
{
	struct mvimg_info info;

	/* A kernel with a large BSS over RAM that held junk */
	reset();
	init_info(&info);
	add_seg(&info, MVIMG_SEG_KERNEL, 0x1000, 0x1801, 0x200000, 0x40000);
	CHECK_EQ_U64(place(&info), 0);
	CHECK(memcmp(ram_mem + 0x200000, blob + 0x1000, 0x1801) == 0);
	CHECK(ram_is(0x201801, 0x40000 - 0x1801, 0));
	CHECK(ram_is(0x240000, 16, JUNK));
	CHECK(ram_is(0x200000 - 16, 16, JUNK));
}

static void test_guest_mem_too_big(void)
{
	struct mvimg_info info;

	reset();
	init_info(&info);
	info.guest_mem_size = RAM_SIZE * 2;
	add_seg(&info, MVIMG_SEG_KERNEL, 0x1000, 0x1000, 0, 0x1000);
	CHECK_EQ_U64((u64)(s64)place(&info), (u64)-1);
	CHECK_STR_CONTAINS(err, "rma_size");
	CHECK_STR_CONTAINS(err, "8M");
	CHECK_STR_CONTAINS(err, "4M");
	CHECK_EQ_U64(rec.n_populated, 0);
	CHECK(out_cleared());
	CHECK(ram_is(0, RAM_SIZE, JUNK));

	/* One byte over is too much; exactly the RAM is fine. */
	reset();
	info.guest_mem_size = RAM_SIZE + 1;
	CHECK_EQ_U64((u64)(s64)place(&info), (u64)-1);
	CHECK_STR_CONTAINS(err, "rma_size");
	reset();
	info.guest_mem_size = RAM_SIZE;
	CHECK_EQ_U64(place(&info), 0);
	reset();
	info.guest_mem_size = UINT64_MAX;
	CHECK_EQ_U64((u64)(s64)place(&info), (u64)-1);
	CHECK_STR_CONTAINS(err, "rma_size");
}

static void test_keep_top(void)
{
	struct mvimg_info info;

	/* Ends exactly at the kept area: fine */
	reset();
	init_info(&info);
	add_seg(&info, MVIMG_SEG_KERNEL, 0x1000, 0x1000, USABLE - 0x4000,
		0x4000);
	CHECK_EQ_U64(place(&info), 0);

	/* One byte of footprint into it: refused, nothing populated */
	reset();
	init_info(&info);
	add_seg(&info, MVIMG_SEG_KERNEL, 0x1000, 0x1000, USABLE - 0x4000,
		0x4001);
	CHECK_EQ_U64((u64)(s64)place(&info), (u64)-1);
	CHECK_STR_CONTAINS(err, "segment 0");
	CHECK_STR_CONTAINS(err, "KERNEL");
	CHECK_STR_CONTAINS(err, "device tree");
	CHECK_EQ_U64(rec.n_populated, 0);
	CHECK(out_cleared());
	CHECK(ram_is(0, RAM_SIZE, JUNK));

	/* Starting inside it, or beyond the RAM */
	{
		static const u64 starts[] = {USABLE,	 USABLE + 0x1000,
					     RAM_SIZE,	 RAM_SIZE + 0x1000,
					     1ULL << 40, UINT64_MAX - 0xfff};

		for (unsigned i = 0; i < ARRAY_SIZE(starts); i++) {
			reset();
			init_info(&info);
			add_seg(&info, MVIMG_SEG_KERNEL, 0x1000, 0x1000,
				starts[i], 0x1000);
			CHECK_EQ_U64((u64)(s64)place(&info), (u64)-1);
			CHECK_EQ_U64(rec.n_populated, 0);
		}
	}

	/* A footprint so large that offset + footprint wraps */
	reset();
	init_info(&info);
	add_seg(&info, MVIMG_SEG_KERNEL, 0x1000, 0x1000, 0x1000,
		UINT64_MAX - 0x800);
	CHECK_EQ_U64((u64)(s64)place(&info), (u64)-1);
	CHECK_EQ_U64(rec.n_populated, 0);

	/* The second segment (the initrd) is the one reaching in */
	reset();
	init_info(&info);
	add_seg(&info, MVIMG_SEG_KERNEL, 0x1000, 0x1000, 0, 0x1000);
	add_seg(&info, MVIMG_SEG_INITRD, 0x2000, 0x2000, USABLE - 0x1000,
		0x2000);
	CHECK_EQ_U64((u64)(s64)place(&info), (u64)-1);
	CHECK_STR_CONTAINS(err, "segment 1");
	CHECK_STR_CONTAINS(err, "INITRD");
	CHECK(out_cleared() || !out.has_initrd);
}

static void test_keep_top_whole_ram(void)
{
	struct mvimg_info info;

	reset();
	init_info(&info);
	ram.keep_top = RAM_SIZE;
	add_seg(&info, MVIMG_SEG_KERNEL, 0x1000, 0x1000, 0, 0x1000);
	CHECK_EQ_U64((u64)(s64)place(&info), (u64)-1);
	CHECK(strlen(err) > 0 && err[0] != 'x');
	CHECK_EQ_U64(rec.n_populated, 0);
	reset();
	ram.keep_top = RAM_SIZE + 1;
	CHECK_EQ_U64((u64)(s64)place(&info), (u64)-1);
	CHECK_EQ_U64(rec.n_populated, 0);
}

static void test_guest_dtb_refused(void)
{
	struct mvimg_info info;

	reset();
	init_info(&info);
	add_seg(&info, MVIMG_SEG_GUEST_DTB, 0x1000, 0x800, MVIMG_LOAD_NONE, 0);
	add_seg(&info, MVIMG_SEG_KERNEL, 0x2000, 0x1000, 0, 0x1000);
	CHECK_EQ_U64((u64)(s64)place(&info), (u64)-1);
	CHECK_STR_CONTAINS(err, "device tree");
	CHECK_EQ_U64(rec.n_populated, 0);
	CHECK(out_cleared());

	/* after a kernel too */
	reset();
	init_info(&info);
	add_seg(&info, MVIMG_SEG_KERNEL, 0x2000, 0x1000, 0, 0x1000);
	add_seg(&info, MVIMG_SEG_GUEST_DTB, 0x1000, 0x800, MVIMG_LOAD_NONE, 0);
	CHECK_EQ_U64((u64)(s64)place(&info), (u64)-1);
	CHECK_STR_CONTAINS(err, "device tree");
}

/*
 * Placing trusts the verifier: the hashes were checked on the private copy,
 * and the copy is not hashed again (docs/image-format.md, "After
 * verification"). A hash field the verifier would have refused does not
 * stop the copy, which holds exactly the verified bytes.
 */
static void test_copies_verified_bytes_without_rehash(void)
{
	struct mvimg_info info;
	struct mvimg_segment *s;

	reset();
	init_info(&info);
	s = add_seg(&info, MVIMG_SEG_KERNEL, 0x1000, 0x1000, 0, 0x1000);
	s->sha256[31] ^= 1;
	CHECK_EQ_U64((u64)(s64)place(&info), 0);
	CHECK_EQ_U64(rec.n_written, 1);
	CHECK(!memcmp(ram_mem, blob + 0x1000, 0x1000));
}

static void test_populate_fails(void)
{
	struct mvimg_info info;

	reset();
	init_info(&info);
	add_seg(&info, MVIMG_SEG_KERNEL, 0x1000, 0x1000, 0, 0x1000);
	add_seg(&info, MVIMG_SEG_INITRD, 0x3000, 0x500, 0x10000, 0x500);
	rec.fail_populate_at = 2;
	CHECK_EQ_U64((u64)(s64)place(&info), (u64)-1);
	CHECK_STR_CONTAINS(err, "segment 1");
	CHECK_STR_CONTAINS(err, "INITRD");
	CHECK_EQ_U64(rec.n_written, 1);
	CHECK(ram_is(0x10000, 0x500, JUNK)); /* nothing copied there */
}

static void test_cmdline_only_pointer(void)
{
	struct mvimg_info info;

	reset();
	memcpy(blob + 0x2000, "quiet", 6);
	init_info(&info);
	add_seg(&info, MVIMG_SEG_KERNEL, 0x1000, 0x1000, 0, 0x1000);
	add_seg(&info, MVIMG_SEG_CMDLINE, 0x2000, 6, MVIMG_LOAD_NONE, 0);
	CHECK_EQ_U64(place(&info), 0);
	CHECK(out.cmdline == (const char *)blob + 0x2000);
	CHECK(strcmp(out.cmdline, "quiet") == 0);
	/* not copied into guest RAM, not populated */
	CHECK_EQ_U64(rec.n_populated, 1);
	CHECK_EQ_U64(rec.n_written, 1);
}

static void test_err_truncated(void)
{
	struct mvimg_info info;
	char small[12];

	reset();
	init_info(&info);
	info.guest_mem_size = RAM_SIZE * 4;
	memset(small, 'x', sizeof(small));
	CHECK_EQ_U64((u64)(s64)mvimg_place(&info, blob, &ram, &out, small, 8),
		     (u64)-1);
	CHECK(memchr(small, '\0', 8) != NULL);
	CHECK_EQ_U64(small[8], 'x');
}

int main(void)
{
	RUN(test_kernel_initrd_cmdline);
	RUN(test_kernel_only);
	RUN(test_footprint_zeroed);
	RUN(test_guest_mem_too_big);
	RUN(test_keep_top);
	RUN(test_keep_top_whole_ram);
	RUN(test_guest_dtb_refused);
	RUN(test_copies_verified_bytes_without_rehash);
	RUN(test_populate_fails);
	RUN(test_cmdline_only_pointer);
	RUN(test_err_truncated);
	free(ram_mem);
	CHECK_EXIT();
}
