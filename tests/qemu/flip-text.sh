#!/bin/bash
# tests/qemu/flip-text.sh - copies a microvisor build with one padding byte of its text changed, for the integrity check's test.
#
# Usage: flip-text.sh FROM-DIR TO-DIR CROSS-PREFIX
# The byte is the last of the text region (__text_end - 1), in the zero
# padding after the init page: the code runs as before, but the text no
# longer matches the digest the build stamped in.
set -eu
from=$1 to=$2 cross=$3
sym() { echo $((16#$("${cross}nm" "$from/microvisor.elf" | awk -v s="$1" '$3 == s {print $1}'))); }
base=$(sym __image_start) idmap_end=$(sym __idmap_text_end) text_end=$(sym __text_end)
off=$((text_end - 1 - base))
if [ $((idmap_end - base)) -gt "$off" ]; then
	echo "flip-text: no padding between the init page and __text_end" >&2
	exit 1
fi
mkdir -p "$to"
cp "$from/microvisor.bin" "$to/microvisor.bin.tmp"
byte=$(od -An -tx1 -j "$off" -N1 "$to/microvisor.bin.tmp" | tr -d ' ')
[ "$byte" = 00 ] || { echo "flip-text: byte at $off is $byte, not padding" >&2; exit 1; }
printf '\x5a' | dd of="$to/microvisor.bin.tmp" bs=1 seek="$off" conv=notrunc status=none
mv "$to/microvisor.bin.tmp" "$to/microvisor.bin"
