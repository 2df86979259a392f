#!/usr/bin/env bash
# tests/layers/run.sh - the layer check (mk/check-layers.sh) passes on the tree and fails on planted upward and sideways includes.
#
# usage: tests/layers/run.sh WORK_DIR
# Prints one "PASS name" or "FAIL name: why" line per case.
set -u
W=${1:?usage: tests/layers/run.sh WORK_DIR}/layers
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHECK=$ROOT/mk/check-layers.sh
nfail=0
pass() { echo "PASS $1"; }
fail() {
	echo "FAIL $1: $2"
	nfail=$((nfail + 1))
}

out=$(sh "$CHECK" "$ROOT" 2>&1)
if [ $? -eq 0 ]; then pass layers-tree; else fail layers-tree "$(tail -n 3 <<<"$out" | tr '\n' ' ')"; fi

# A copy of the modules with one include planted in FILE; the check must
# fail and name the file and the reason.
planted() {
	local name=$1 file=$2 inc=$3 want=$4
	rm -rf "$W" && mkdir -p "$W"
	(cd "$ROOT" && cp -r lib hyp platform guestmem loader kernel "$W/")
	sed -i "0,/^#include/s||#include \"$inc\"\n#include|" "$W/$file"
	out=$(sh "$CHECK" "$W" 2>&1)
	if [ $? -ne 1 ]; then
		fail "$name" "the check passed with $inc planted in $file"
	elif ! grep -qF -- "$file" <<<"$out" || ! grep -qF -- "$want" <<<"$out"; then
		fail "$name" "no line naming $file and '$want': $(head -n 2 <<<"$out" | tr '\n' ' ')"
	else
		pass "$name"
	fi
}
planted layers-upward-c lib/fmt.c kernel/guest.h "kernel is above lib"
planted layers-upward-h hyp/pgtable.h guestmem/gmap.h "guestmem is above hyp"
planted layers-upward-S hyp/vectors.S platform/plat.h "platform is above hyp"
planted layers-sideways guestmem/gmap.c loader/mvimg.h "guestmem are side by side"
rm -rf "$W"
[ $nfail -eq 0 ]
