/* platform/bootinfo.c - reads memory, reservations, initrd, bootargs and console from the boot DTB. */
#include <string.h>
#include <libfdt.h>

#include "lib/fmt.h"
#include "platform/bootinfo.h"
#include "platform/console.h"

/*
 * The DTB is untrusted input: every property length is checked before a
 * byte is read, and values are read byte by byte because nothing
 * guarantees their alignment. This runs with the MMU off (at the load
 * address, relocated there), so the results are plain values: no pointer
 * into the image survives the move to the link address.
 */

/* Ancestors walked when translating the console's address through ranges. */
#define MAX_BUS_DEPTH 8

/* The node's full path for messages (its bare name if the path is too long),
 * in buf. */
static const char *node_path(const void *fdt, int node, char *buf, int len)
{
	const char *name;
	int n;

	if (fdt_get_path(fdt, node, buf, len) == 0)
		return buf;
	name = fdt_get_name(fdt, node, &n);
	if (!name || n <= 0)
		return "(unnamed node)";
	mv_snprintf(buf, (size_t)len, "%.*s", n, name);
	return buf;
}

#define NODE(fdt, node) node_path(fdt, node, (char[96]){0}, 96)

/* libfdt's error codes in words (fdt_strerror keeps a pointer table). */
static const char *fdt_err_text(int err)
{
	switch (-err) {
	case FDT_ERR_NOTFOUND: return "not found";
	case FDT_ERR_TRUNCATED: return "truncated";
	case FDT_ERR_BADOFFSET: return "bad structure offset";
	case FDT_ERR_BADPATH: return "bad path";
	case FDT_ERR_BADPHANDLE: return "bad phandle";
	case FDT_ERR_BADSTATE: return "bad state";
	case FDT_ERR_BADMAGIC: return "bad magic";
	case FDT_ERR_BADVERSION: return "unsupported version";
	case FDT_ERR_BADSTRUCTURE: return "bad structure block";
	case FDT_ERR_BADLAYOUT: return "bad block layout";
	case FDT_ERR_INTERNAL: return "libfdt internal error";
	case FDT_ERR_BADNCELLS: return "bad #address-cells or #size-cells";
	case FDT_ERR_BADVALUE: return "bad property value";
	case FDT_ERR_BADOVERLAY: return "bad overlay";
	case FDT_ERR_NOPHANDLES: return "no phandles left";
	case FDT_ERR_BADFLAGS: return "bad flags";
	default: return "unknown libfdt error";
	}
}

static u32 be32_at(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/* A 1- or 2-cell big-endian number. */
static u64 read_cells(const u8 *p, int cells)
{
	u64 v = be32_at(p);

	if (cells == 2)
		v = v << 32 | be32_at(p + 4);
	return v;
}

/* Is the property 'name' of 'node' exactly the string 'want'? */
static bool prop_is(const void *fdt, int node, const char *name,
		    const char *want)
{
	int len;
	const char *p = fdt_getprop(fdt, node, name, &len);

	return p && len == (int)strlen(want) + 1 &&
	       memcmp(p, want, (size_t)len) == 0;
}

/* Nodes with a status other than "okay" are not there as far as we care. */
static bool node_available(const void *fdt, int node)
{
	int len;
	const char *p = fdt_getprop(fdt, node, "status", &len);

	if (!p)
		return true;
	return prop_is(fdt, node, "status", "okay") ||
	       prop_is(fdt, node, "status", "ok");
}

/*
 * #address-cells or #size-cells of 'node' into *out (def when absent).
 * Only 1 or 2 fit the u64 values we keep; anything else is an error.
 */
static int get_cells(const void *fdt, int node, const char *name, int def,
		     int *out, struct sbuf *sb)
{
	int len;
	const u8 *p = fdt_getprop(fdt, node, name, &len);
	u32 v;

	if (!p) {
		*out = def;
		return 0;
	}
	if (len != 4) {
		sbuf_printf(sb, "%s of %s is %d bytes long; expected 4", name,
			    NODE(fdt, node), len);
		return -1;
	}
	v = be32_at(p);
	if (v != 1 && v != 2) {
		sbuf_printf(sb, "%s of %s is %u; only 1 or 2 are supported",
			    name, NODE(fdt, node), v);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* Both cell counts of a bus node: the layout of its children's reg. */
static int bus_cells(const void *fdt, int bus, int *ac, int *sc,
		     struct sbuf *sb)
{
	if (get_cells(fdt, bus, "#address-cells", 2, ac, sb) < 0)
		return -1;
	return get_cells(fdt, bus, "#size-cells", 1, sc, sb);
}

static int add_range(struct mem_range *tab, unsigned *nr, unsigned max,
		     u64 base, u64 size, const char *what, struct sbuf *sb)
{
	if (*nr >= max) {
		sbuf_printf(sb,
			    "more than %u %s in the boot DTB (the limit is %u)",
			    max, what, max);
		return -1;
	}
	tab[*nr].base = pa(base);
	tab[*nr].size = size;
	(*nr)++;
	return 0;
}

/*
 * Add every (base, size) pair of node's reg to tab. Zero-sized entries
 * carry nothing and are dropped; a range that wraps past 2^64 is refused.
 */
static int add_reg(const void *fdt, int node, int ac, int sc,
		   struct mem_range *tab, unsigned *nr, unsigned max,
		   const char *what, struct sbuf *sb)
{
	int len;
	const u8 *p = fdt_getprop(fdt, node, "reg", &len);
	size_t tuple = (size_t)(ac + sc) * 4;
	size_t off;

	if (!p)
		return 0;
	if (len <= 0 || (size_t)len % tuple) {
		sbuf_printf(sb,
			    "reg of %s is %d bytes, not a multiple of %zu "
			    "(#address-cells %d + #size-cells %d)",
			    NODE(fdt, node), len < 0 ? 0 : len, tuple, ac, sc);
		return -1;
	}
	for (off = 0; off < (size_t)len; off += tuple) {
		u64 base = read_cells(p + off, ac);
		u64 size = read_cells(p + off + (size_t)ac * 4, sc);

		if (!size)
			continue;
		if (base + size < base || base + size == 0) {
			sbuf_printf(sb, "reg of %s: %#llx + %#llx overflows",
				    NODE(fdt, node), (unsigned long long)base,
				    (unsigned long long)size);
			return -1;
		}
		if (add_range(tab, nr, max, base, size, what, sb) < 0)
			return -1;
	}
	return 0;
}

/* fdt_next_node() depths when started at -1 with depth 0: root is 1. */
#define ROOT_DEPTH 1

/* Is name (len bytes, as fdt_get_name gives it) want, or want@unit? */
static bool name_is(const char *name, int len, const char *want)
{
	size_t n = strlen(want);

	return name && (size_t)len >= n && !memcmp(name, want, n) &&
	       ((size_t)len == n || name[n] == '@');
}

/* The root's children the parser needs, found in the one walk over the
 * tree rather than looked up by path (each lookup is a walk of its own). */
struct top_nodes {
	int chosen, reserved, aliases, gic, cpus;
};

static void note_top(int node, const char *name, int len, struct top_nodes *top)
{
	if (top->chosen < 0 && name_is(name, len, "chosen"))
		top->chosen = node;
	else if (top->reserved < 0 && name_is(name, len, "reserved-memory"))
		top->reserved = node;
	else if (top->aliases < 0 && name_is(name, len, "aliases"))
		top->aliases = node;
	else if (top->cpus < 0 && name_is(name, len, "cpus"))
		top->cpus = node;
}

/*
 * Is the property tag at [off, next) device_type = "memory"? fdt_next_tag
 * has checked that those bytes lie in the structure block, so they are
 * read in place; the length is compared first (few properties are 7
 * bytes long) and the name, through libfdt's checked lookup, last.
 */
static bool is_memory_type(const void *fdt, int off, int next)
{
	static const char want[] = "memory";
	const struct fdt_property *prop = fdt_offset_ptr(fdt, off, next - off);
	const char *name;
	int nlen;

	if (!prop || next - off < (int)(sizeof(*prop) + sizeof(want)) ||
	    fdt32_to_cpu(prop->len) != sizeof(want) ||
	    memcmp(prop->data, want, sizeof(want)))
		return false;
	name = fdt_get_string(fdt, (int)fdt32_to_cpu(prop->nameoff), &nlen);
	return name && nlen == 11 && !memcmp(name, "device_type", 11);
}

/* The name of the node whose BEGIN_NODE tag is [off, next), read in place
 * (fdt_next_tag has found its NUL inside those bytes). Before version 16
 * the tag holds a full path, which fdt_get_name knows to cut. */
static const char *tag_name(const void *fdt, int off, int next, int *len)
{
	const char *name;

	if (fdt_version(fdt) < 0x10)
		return fdt_get_name(fdt, off, len);
	name = fdt_offset_ptr(fdt, off + FDT_TAGSIZE, next - off - FDT_TAGSIZE);

	*len = name ? (int)strnlen(name, (size_t)(next - off - FDT_TAGSIZE))
		    : 0;
	return name;
}

/* Is the property tag at [off, next) compatible = a list holding want? */
static bool is_compatible(const void *fdt, int off, int next, const char *want)
{
	const struct fdt_property *prop = fdt_offset_ptr(fdt, off, next - off);
	size_t n = strlen(want) + 1, len;
	const char *name, *p;
	int nlen;

	if (!prop || next - off < (int)sizeof(*prop))
		return false;
	len = fdt32_to_cpu(prop->len);
	if (len < n || len > (size_t)(next - off) - sizeof(*prop))
		return false;
	name = fdt_get_string(fdt, (int)fdt32_to_cpu(prop->nameoff), &nlen);
	if (!name || nlen != 10 || memcmp(name, "compatible", 10))
		return false;
	for (p = prop->data; p + n <= prop->data + len;
	     p += strnlen(p, (size_t)(prop->data + len - p)) + 1)
		if (!memcmp(p, want, n))
			return true;
	return false;
}

/* Up to this many memory nodes are examined (each has one bank or more). */
#define SCAN_MAX_MEMNODES BOOTINFO_MAX_MEM

/* One memory node: its reg into bi, in the parent bus's cells. */
static int add_memory_node(const void *fdt, int node, int depth,
			   struct boot_info *bi, struct sbuf *sb)
{
	int parent, ac, sc;

	if (!node_available(fdt, node))
		return 0;
	/* a root-level node (the normal case) has the root for parent */
	parent = depth == ROOT_DEPTH + 1 ? 0 : fdt_parent_offset(fdt, node);
	if (parent < 0) {
		sbuf_printf(sb, "cannot find the parent of %s",
			    NODE(fdt, node));
		return -1;
	}
	if (bus_cells(fdt, parent, &ac, &sc, sb) < 0)
		return -1;
	return add_reg(fdt, node, ac, sc, bi->mem, &bi->nr_mem,
		       BOOTINFO_MAX_MEM, "memory banks", sb);
}

/*
 * The one walk, tag by tag (every libfdt lookup by node re-reads the
 * node's name byte by byte, so a lookup per node costs a walk's worth):
 * the memory nodes - device_type = "memory" at any depth, or a root child
 * named memory[@...] - and the root's children of note. The memory nodes
 * are then read through libfdt's checked calls.
 */
static int scan_tree(const void *fdt, struct boot_info *bi,
		     struct top_nodes *top, struct sbuf *sb)
{
	struct {
		int node, depth;
	} mem[SCAN_MAX_MEMNODES];
	unsigned nr = 0;
	int off = 0, next, depth = 0, node = -1;
	bool node_is_mem = false;
	u32 tag;

	*top = (struct top_nodes){-1, -1, -1, -1, -1};
	for (;; off = next) {
		tag = fdt_next_tag(fdt, off, &next);
		if (tag == FDT_END || next < 0)
			break;
		if (tag == FDT_PROP && node >= 0 && !node_is_mem &&
		    is_memory_type(fdt, off, next))
			node_is_mem = true;
		if (tag == FDT_PROP && node >= 0 && depth == ROOT_DEPTH + 1 &&
		    top->gic < 0 && is_compatible(fdt, off, next, "arm,gic-v3"))
			top->gic = node;
		if (tag != FDT_BEGIN_NODE && tag != FDT_END_NODE)
			continue;
		/* The current node's properties are all seen. */
		if (node_is_mem) {
			if (nr == SCAN_MAX_MEMNODES) {
				sbuf_printf(sb,
					    "more than %u memory nodes in the "
					    "boot DTB",
					    SCAN_MAX_MEMNODES);
				return -1;
			}
			mem[nr].node = node;
			mem[nr++].depth = depth;
		}
		node = -1;
		node_is_mem = false;
		if (tag == FDT_END_NODE) {
			depth--;
			continue;
		}
		node = off;
		if (++depth == ROOT_DEPTH + 1) {
			int len;
			const char *name = tag_name(fdt, off, next, &len);

			note_top(off, name, len, top);
			/* some firmware omits device_type on the root's
			 * memory nodes */
			node_is_mem = name_is(name, len, "memory");
		}
	}
	if (tag != FDT_END || next < 0 || depth != 0) {
		sbuf_printf(
			sb, "boot DTB walk failed: %s",
			fdt_err_text(next < 0 ? next : -FDT_ERR_BADSTRUCTURE));
		return -1;
	}
	for (unsigned i = 0; i < nr; i++)
		if (add_memory_node(fdt, mem[i].node, mem[i].depth, bi, sb) < 0)
			return -1;
	if (!bi->nr_mem) {
		sbuf_puts(sb,
			  "no /memory node with a usable reg in the boot DTB");
		return -1;
	}
	return 0;
}

/* The GICv3's distributor and first redistributor region: the first two
 * entries of its reg, in the root's cells. */
static int parse_gic(const void *fdt, int gic, struct boot_info *bi,
		     struct sbuf *sb)
{
	struct mem_range r[8]; /* GICD, GICR(s), and GICC/GICH/GICV */
	unsigned n = 0;
	int ac, sc;

	if (gic < 0 || !node_available(fdt, gic))
		return 0;
	if (bus_cells(fdt, 0, &ac, &sc, sb) < 0 ||
	    add_reg(fdt, gic, ac, sc, r, &n, ARRAY_SIZE(r), "GIC regions", sb) <
		    0)
		return -1;
	if (n < 2) {
		sbuf_printf(sb,
			    "the GICv3 node %s has %u reg entr%s; it needs the "
			    "distributor and the redistributors",
			    NODE(fdt, gic), n, n == 1 ? "y" : "ies");
		return -1;
	}
	bi->has_gicv3 = true;
	bi->gicd = r[0];
	bi->gicr = r[1];
	return 0;
}

/*
 * /cpus: every available child with device_type "cpu" and a reg of
 * #address-cells (1 or 2) cells, its MPIDR. A malformed one is an error;
 * more than BOOTINFO_MAX_CPUS are counted and left out.
 */
static int parse_cpus(const void *fdt, int cpus, struct boot_info *bi,
		      struct sbuf *sb)
{
	int node, ac, len;
	const u8 *reg;

	if (cpus < 0)
		return 0;
	if (get_cells(fdt, cpus, "#address-cells", 1, &ac, sb) < 0)
		return -1;
	fdt_for_each_subnode(node, fdt, cpus)
	{
		if (!prop_is(fdt, node, "device_type", "cpu") ||
		    !node_available(fdt, node))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || len != ac * 4) {
			sbuf_printf(sb, "reg of %s is %d bytes; expected %d",
				    NODE(fdt, node), reg ? len : 0, ac * 4);
			return -1;
		}
		if (bi->nr_cpus == BOOTINFO_MAX_CPUS) {
			bi->cpus_left_out++;
			continue;
		}
		bi->cpu_mpidr[bi->nr_cpus++] = read_cells(reg, ac);
	}
	return 0;
}

static int parse_reserved(const void *fdt, int rm, struct boot_info *bi,
			  struct sbuf *sb)
{
	int i, n, child, ac, sc;

	n = fdt_num_mem_rsv(fdt);
	if (n < 0) {
		sbuf_printf(sb, "bad /memreserve/ table: %s", fdt_err_text(n));
		return -1;
	}
	for (i = 0; i < n; i++) {
		uint64_t base, size;
		int err = fdt_get_mem_rsv(fdt, i, &base, &size);

		if (err < 0) {
			sbuf_printf(sb, "bad /memreserve/ entry: %s",
				    fdt_err_text(err));
			return -1;
		}
		if (!size)
			continue;
		if (base + size < base || base + size == 0) {
			sbuf_printf(sb, "/memreserve/ %#llx + %#llx overflows",
				    (unsigned long long)base,
				    (unsigned long long)size);
			return -1;
		}
		if (add_range(bi->reserved, &bi->nr_reserved,
			      BOOTINFO_MAX_RESERVED, base, size,
			      "reserved regions", sb) < 0)
			return -1;
	}

	if (rm < 0)
		return 0; /* no /reserved-memory */
	if (bus_cells(fdt, rm, &ac, &sc, sb) < 0)
		return -1;
	/* children with only "size" are placed by the OS: nothing to avoid */
	fdt_for_each_subnode(child, fdt, rm)
	{
		if (!node_available(fdt, child))
			continue;
		if (add_reg(fdt, child, ac, sc, bi->reserved, &bi->nr_reserved,
			    BOOTINFO_MAX_RESERVED, "reserved regions", sb) < 0)
			return -1;
	}
	return 0;
}

static int parse_bootargs(const void *fdt, int chosen, struct boot_info *bi,
			  struct sbuf *sb)
{
	int len;
	const char *p = fdt_getprop(fdt, chosen, "bootargs", &len);
	const char *nul;
	size_t slen;

	if (!p || len <= 0)
		return 0;
	if (p[len - 1] != '\0') {
		sbuf_puts(sb,
			  "/chosen/bootargs is not a NUL-terminated string");
		return -1;
	}
	/* a string list keeps only its first string, like Linux does */
	nul = memchr(p, '\0', (size_t)len);
	slen = (size_t)(nul - p);
	if (slen > BOOTINFO_BOOTARGS_MAX - 1) {
		sbuf_printf(sb,
			    "/chosen/bootargs is %zu bytes: bootargs longer "
			    "than %u bytes",
			    slen, BOOTINFO_BOOTARGS_MAX - 1);
		return -1;
	}
	memcpy(bi->bootargs, p, slen);
	bi->bootargs[slen] = '\0';
	return 0;
}

static int initrd_prop(const u8 *p, int len, const char *name, u64 *out,
		       struct sbuf *sb)
{
	if (len != 4 && len != 8) {
		sbuf_printf(sb, "/chosen/%s is %d bytes long; expected 4 or 8",
			    name, len < 0 ? 0 : len);
		return -1;
	}
	*out = read_cells(p, len / 4);
	return 0;
}

static int parse_initrd(const void *fdt, int chosen, struct boot_info *bi,
			struct sbuf *sb)
{
	int slen, elen;
	const u8 *s = fdt_getprop(fdt, chosen, "linux,initrd-start", &slen);
	const u8 *e = fdt_getprop(fdt, chosen, "linux,initrd-end", &elen);
	u64 start, end;

	if (!s && !e)
		return 0;
	if (!s || !e) {
		sbuf_printf(sb, "/chosen has %s but no %s",
			    s ? "linux,initrd-start" : "linux,initrd-end",
			    s ? "linux,initrd-end" : "linux,initrd-start");
		return -1;
	}
	if (initrd_prop(s, slen, "linux,initrd-start", &start, sb) < 0 ||
	    initrd_prop(e, elen, "linux,initrd-end", &end, sb) < 0)
		return -1;
	if (end < start) {
		sbuf_printf(sb, "initrd end %#llx is below its start %#llx",
			    (unsigned long long)end, (unsigned long long)start);
		return -1;
	}
	if (end == start) {
		sbuf_printf(sb, "empty initrd (start == end = %#llx)",
			    (unsigned long long)start);
		return -1;
	}
	bi->has_initrd = true;
	bi->initrd_start = pa(start);
	bi->initrd_end = pa(end);
	return 0;
}

/* The platform's anti-rollback floor for the image's security counter
 * (qemu-virt: a /chosen property, since QEMU has no NV counter). */
static int parse_counter_floor(const void *fdt, int chosen,
			       struct boot_info *bi, struct sbuf *sb)
{
	int len;
	const u8 *p = fdt_getprop(fdt, chosen, BOOTINFO_FLOOR_PROP, &len);

	if (!p)
		return 0;
	if (len != 4 && len != 8) {
		sbuf_printf(sb,
			    "/chosen/" BOOTINFO_FLOOR_PROP
			    " is %d bytes long; expected 4 or 8",
			    len < 0 ? 0 : len);
		return -1;
	}
	bi->has_counter_floor = true;
	bi->counter_floor = read_cells(p, len / 4);
	return 0;
}

/*
 * Find the node an stdout-path names (the part before any ':' UART
 * options), through an alias if it does not start with '/', and its
 * parent. The alias is read from the /aliases node the tree walk found,
 * and the path made absolute first, so libfdt does not walk the tree
 * again to find /aliases.
 */
static int stdout_node(const void *fdt, int aliases, const char *path,
		       size_t len, int *parent)
{
	const char *colon = memchr(path, ':', len);
	char abs[160];
	const char *slash;
	size_t n;

	if (colon)
		len = (size_t)(colon - path);
	if (!len)
		return -FDT_ERR_BADPATH;
	if (path[0] != '/') {
		size_t alen;
		const char *target;
		int tlen;

		slash = memchr(path, '/', len);
		alen = slash ? (size_t)(slash - path) : len;
		if (aliases < 0)
			return -FDT_ERR_NOTFOUND;
		/* The alias value must be a terminated absolute path. */
		target = fdt_getprop_namelen(fdt, aliases, path, (int)alen,
					     &tlen);
		if (!target || tlen < 2 || target[0] != '/' ||
		    target[tlen - 1] != '\0' ||
		    (size_t)tlen - 1 + (len - alen) >= sizeof(abs))
			return -FDT_ERR_BADPATH;
		memcpy(abs, target, (size_t)tlen - 1);
		memcpy(abs + tlen - 1, path + alen, len - alen);
		len = (size_t)tlen - 1 + (len - alen);
		path = abs;
	}
	/* The parent: the root for a node at the root, else its own path. */
	for (n = len; n > 0 && path[n - 1] == '/'; n--)
		;
	slash = path;
	for (size_t i = 0; i < n; i++)
		if (path[i] == '/')
			slash = path + i;
	*parent = slash == path ? 0
				: fdt_path_offset_namelen(fdt, path,
							  (int)(slash - path));
	return fdt_path_offset_namelen(fdt, path, (int)len);
}

/*
 * Translate a bus address of a child of 'bus' up to a CPU physical address
 * through each ancestor's "ranges". False when it cannot be translated
 * (no ranges, no matching window, cell counts we do not handle).
 */
static bool translate(const void *fdt, int bus, u64 *addr)
{
	int hops;

	for (hops = 0; hops < MAX_BUS_DEPTH; hops++) {
		int parent, ac, sc, pac, psc, len, tuple, off;
		const u8 *r;
		struct sbuf none;
		bool found = false;

		if (bus == 0)
			return true; /* the root: CPU addresses */
		parent = fdt_parent_offset(fdt, bus);
		if (parent < 0)
			return false;
		sbuf_init(&none, NULL, 0);
		if (bus_cells(fdt, bus, &ac, &sc, &none) < 0 ||
		    bus_cells(fdt, parent, &pac, &psc, &none) < 0)
			return false;
		r = fdt_getprop(fdt, bus, "ranges", &len);
		if (!r)
			return false;
		tuple = (ac + pac + sc) * 4;
		if (len % tuple)
			return false;
		/* an empty ranges is the identity mapping */
		for (off = 0; off < len && !found; off += tuple) {
			u64 child = read_cells(r + off, ac);
			u64 cpu = read_cells(r + off + ac * 4, pac);
			u64 size = read_cells(r + off + (ac + pac) * 4, sc);

			if (*addr >= child && *addr - child < size) {
				u64 off_in = *addr - child;

				if (cpu + off_in < cpu)
					return false;
				*addr = cpu + off_in;
				found = true;
			}
		}
		if (len && !found)
			return false;
		bus = parent;
	}
	return false;
}

/*
 * The console UART's interrupt, when it is a GIC SPI (three cells: 0 for
 * SPI, the number, the trigger: 1 edge, 4 level). Anything else (another
 * interrupt parent's cells, a PPI) leaves the console polled.
 */
static void parse_stdout_irq(const void *fdt, int node, struct boot_info *bi)
{
	int len;
	const u8 *p = fdt_getprop(fdt, node, "interrupts", &len);
	u32 spi, trigger;

	if (!p || len != 12 || be32_at(p) != 0)
		return;
	spi = be32_at(p + 4);
	trigger = be32_at(p + 8) & 0xf;
	if (spi > 987 || (trigger != 1 && trigger != 4))
		return;
	bi->has_stdout_irq = true;
	bi->stdout_irq = 32 + spi;
	bi->stdout_irq_edge = trigger == 1;
}

static void parse_stdout(const void *fdt, int chosen, int aliases,
			 struct boot_info *bi)
{
	int len, node, parent, ac, sc, rlen, clen, drv;
	const char *p = fdt_getprop(fdt, chosen, "stdout-path", &len);
	const char *compat;
	const char *nul;
	const u8 *reg;
	size_t plen, copy;
	struct sbuf none;
	u64 base;

	if (!p)
		p = fdt_getprop(fdt, chosen, "linux,stdout-path", &len);
	if (!p || len <= 0)
		return;
	nul = memchr(p, '\0', (size_t)len);
	plen = nul ? (size_t)(nul - p) : (size_t)len;
	copy = plen < sizeof(bi->stdout_path) - 1 ? plen
						  : sizeof(bi->stdout_path) - 1;
	memcpy(bi->stdout_path, p, copy);
	bi->stdout_path[copy] = '\0';

	/* Anything we cannot follow, or that no console driver of this board
	 * drives, leaves the platform default console. */
	node = stdout_node(fdt, aliases, p, plen, &parent);
	if (node < 0 || parent < 0 || !node_available(fdt, node))
		return;
	compat = fdt_getprop(fdt, node, "compatible", &clen);
	drv = compat && clen > 0 ? plat_console_match(compat, (size_t)clen)
				 : -1;
	if (drv < 0)
		return;
	sbuf_init(&none, NULL, 0);
	if (bus_cells(fdt, parent, &ac, &sc, &none) < 0)
		return;
	reg = fdt_getprop(fdt, node, "reg", &rlen);
	if (!reg || rlen < (ac + sc) * 4)
		return;
	base = read_cells(reg, ac);
	if (!translate(fdt, parent, &base))
		return;
	bi->has_stdout_uart = true;
	bi->stdout_uart = pa(base);
	bi->stdout_console = (unsigned)drv;
	parse_stdout_irq(fdt, node, bi);
}

/* /chosen/rng-seed, when the bootloader gave one: a copy of (at most
 * BOOTINFO_SEED_MAX of) its bytes. */
static void parse_rng_seed(const void *fdt, int chosen, struct boot_info *bi)
{
	int len;
	const u8 *p = fdt_getprop(fdt, chosen, "rng-seed", &len);

	if (!p || len <= 0)
		return;
	bi->rng_seed_len =
		len > BOOTINFO_SEED_MAX ? BOOTINFO_SEED_MAX : (unsigned)len;
	memcpy(bi->rng_seed, p, bi->rng_seed_len);
}

static int parse_chosen(const void *fdt, int chosen, int aliases,
			struct boot_info *bi, struct sbuf *sb)
{
	if (chosen < 0)
		return 0;
	if (parse_bootargs(fdt, chosen, bi, sb) < 0 ||
	    parse_initrd(fdt, chosen, bi, sb) < 0 ||
	    parse_counter_floor(fdt, chosen, bi, sb) < 0)
		return -1;
	parse_stdout(fdt, chosen, aliases, bi);
	parse_rng_seed(fdt, chosen, bi);
	return 0;
}

static int check_dtb(const void *fdt, u64 max_size, struct sbuf *sb)
{
	u64 total;
	int err;

	if (!fdt) {
		sbuf_puts(sb, "no boot DTB (x0 was 0)");
		return -1;
	}
	/* fdt_check_header() reads the whole header: it must be readable */
	if (max_size < sizeof(struct fdt_header)) {
		sbuf_printf(sb,
			    "boot DTB buffer of %llu bytes is smaller than a "
			    "DTB header (%zu bytes)",
			    (unsigned long long)max_size,
			    sizeof(struct fdt_header));
		return -1;
	}
	/*
	 * Sizes first when the magic is right, so an oversized tree is
	 * reported as such rather than as whatever the header check trips on
	 * (a wrong magic fails fdt_check_header() below, so nothing passes
	 * unchecked).
	 */
	total = fdt_totalsize(fdt);
	if (fdt_magic(fdt) == FDT_MAGIC && total > BOOTINFO_DTB_MAX) {
		sbuf_printf(sb,
			    "boot DTB totalsize %llu bytes is above the limit "
			    "of %u bytes",
			    (unsigned long long)total, BOOTINFO_DTB_MAX);
		return -1;
	}
	if (fdt_magic(fdt) == FDT_MAGIC && total > max_size) {
		sbuf_printf(sb,
			    "boot DTB totalsize %llu bytes is more than the "
			    "%llu bytes available",
			    (unsigned long long)total,
			    (unsigned long long)max_size);
		return -1;
	}
	err = fdt_check_header(fdt);
	if (err) {
		sbuf_printf(sb, "bad boot DTB header: %s", fdt_err_text(err));
		return -1;
	}
	/* walk every tag once so later lookups can trust the structure */
	err = fdt_check_full(fdt, (size_t)total);
	if (err) {
		sbuf_printf(sb, "boot DTB is malformed: %s", fdt_err_text(err));
		return -1;
	}
	return 0;
}

int bootinfo_parse(const void *fdt, u64 max_size, struct boot_info *bi,
		   char *err, size_t errlen)
{
	struct top_nodes top;
	struct sbuf sb;

	sbuf_init(&sb, err, errlen);
	memset(bi, 0, sizeof(*bi));
	if (check_dtb(fdt, max_size, &sb) < 0)
		return -1;
	bi->dtb = pa((u64)(uintptr_t)fdt);
	bi->dtb_size = fdt_totalsize(fdt);
	if (scan_tree(fdt, bi, &top, &sb) < 0 ||
	    parse_gic(fdt, top.gic, bi, &sb) < 0 ||
	    parse_cpus(fdt, top.cpus, bi, &sb) < 0 ||
	    parse_reserved(fdt, top.reserved, bi, &sb) < 0 ||
	    parse_chosen(fdt, top.chosen, top.aliases, bi, &sb) < 0)
		return -1;
	return 0;
}
