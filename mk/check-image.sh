#!/bin/sh
# mk/check-image.sh - build-time checks on the linked microvisor ELF: only relative
# relocations (hyp/head.S applies nothing else) and no FP/SIMD register use at EL2.
set -eu
elf=$1 cross=$2

bad=$("${cross}readelf" -rW "$elf" | awk '/^ *[0-9a-f]+ +[0-9a-f]+ +R_AARCH64/ && $3 != "R_AARCH64_RELATIVE" {print $3}' | sort -u)
if [ -n "$bad" ]; then
	echo "check-image: $elf has relocations hyp/head.S cannot apply: $bad" >&2
	exit 1
fi

# The guest's FP/SIMD state is not saved on exits, so EL2 code must not
# touch those registers. libfdt is Debian's build; it is checked too. Two
# functions may, both run only when no guest state is in them: the one
# that zeroes them between guests (hyp/fpreset.S) and SHA-256 on the SHA-2
# instructions (hyp/sha256_ce.c).
fp=$("${cross}objdump" -d --no-show-raw-insn "$elf" | awk '
	/^[0-9a-f]+ <.*>:$/ { fn = $2 }
	fn == "<fp_reset_state>:" || fn == "<hyp_sha256_ce>:" { next }
	/^ *[0-9a-f]+:\t/ {
		split($0, a, "\t"); ops = a[3]
		if (ops ~ /(^|[ ,\[{])([qdsbh][0-9]+([ ,\]}]|$)|v[0-9]+\.)/ && a[2] !~ /^(prfm|b|bl|b\..*)$/)
			print fn ": " a[2] " " ops
	}' | head -5)
if [ -n "$fp" ]; then
	echo "check-image: FP/SIMD registers used at EL2 (build with -mgeneral-regs-only):" >&2
	echo "$fp" >&2
	exit 1
fi
