#!/bin/bash
# mk/stamp-digest.sh - writes the SHA-256 of the microvisor's text and fixed rodata into its .mv_digest section, so the boot need not hash them.
#
# Usage: mk/stamp-digest.sh ELF CROSS-PREFIX
# The bytes hashed are [__image_start, __text_end) and [__rodata_start,
# __rodata_fixed_end), as objcopy lays them out in the raw image and as
# they lie in memory once loaded: no relocation may land in them.
set -eu
elf=$1 cross=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sym() {
	local v
	v=$("${cross}nm" "$elf" | awk -v s="$1" '$3 == s {print $1}')
	[ -n "$v" ] || { echo "stamp-digest: $elf has no symbol $1" >&2; exit 1; }
	echo $((16#$v))
}
base=$(sym __image_start)
text_end=$(sym __text_end)
ro=$(sym __rodata_start)
ro_end=$(sym __rodata_fixed_end)

# A relocated word in the hashed ranges would differ at run time.
"${cross}readelf" -rW "$elf" | awk -v b="$base" -v te="$text_end" \
	-v r="$ro" -v re="$ro_end" '
	/R_AARCH64_/ {
		off = 0; h = $1
		for (i = 1; i <= length(h); i++)
			off = off * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
		if ((off >= b && off < te) || (off >= r && off < re)) {
			printf "stamp-digest: a relocation at %s lies in text or fixed rodata\n", h > "/dev/stderr"
			bad = 1
		}
	}
	END { exit bad }'

"${cross}objcopy" -O binary "$elf" "$tmp/raw"
digest() { # offset length
	dd if="$tmp/raw" bs=4096 iflag=skip_bytes,count_bytes skip="$1" \
		count="$2" status=none | sha256sum | cut -c1-64
}
d_text=$(digest 0 $((text_end - base)))
d_ro=$(digest $((ro - base)) $((ro_end - ro)))
# Two digests, 64 bytes, in the order struct integrity_digest has them.
printf '%b' "$(echo "$d_text$d_ro" | sed 's/../\\x&/g')" >"$tmp/digest"
[ "$(wc -c <"$tmp/digest")" = 64 ] || { echo "stamp-digest: bad digest" >&2; exit 1; }
"${cross}objcopy" --update-section .mv_digest="$tmp/digest" "$elf"
