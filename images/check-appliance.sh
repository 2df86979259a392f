#!/bin/sh
# images/check-appliance.sh - build-time checks on a linked appliance ELF: entry and load address at guest RAM, static, nothing unresolved.
set -eu
elf=$1 cross=$2
fail() { echo "check-appliance: $elf: $*" >&2; exit 1; }

entry=$("${cross}readelf" -hW "$elf" | awk '/Entry point address:/ {print $4}')
[ "$entry" = 0x40000000 ] || fail "entry point is $entry, not 0x40000000"

# The .bin starts at the lowest loaded address; that must be guest RAM's base.
first=$("${cross}readelf" -lW "$elf" | awk '$1 == "LOAD" {print $3; exit}')
case $first in
0x0000000040000000) ;;
*) fail "first loadable segment at $first, not 0x40000000" ;;
esac

[ -z "$("${cross}readelf" -lW "$elf" | awk '$1 == "INTERP" || $1 == "DYNAMIC" || $1 == "TLS"')" ] ||
	fail "has INTERP, DYNAMIC or TLS segments"
[ -z "$("${cross}readelf" -rW "$elf" | grep R_AARCH64 || true)" ] ||
	fail "has run-time relocations (nothing applies them)"

undef=$("${cross}nm" -u "$elf" | awk '$1 == "U" || $1 == "u" {print $2}' | sort -u)
[ -z "$undef" ] || fail "undefined symbols: $undef"
