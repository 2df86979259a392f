#!/bin/sh
# tests/image/recipe.sh - builds a signed MVIMG image with only openssl and coreutils; docs/image-format.md quotes it verbatim.
#
# usage: recipe.sh KERNEL CMDLINE KEY.pem OUT [MEM [ENTRY [COUNTER]]]
# KEY.pem is an EC P-256 or RSA-3072 private key. The kernel is loaded at
# guest RAM offset 0; MEM defaults to 64 MiB, ENTRY to 0, COUNTER to 1.
set -eu
kernel=$1 cmdline=$2 key=$3 out=$4
mem=${5:-67108864} entry=${6:-0} counter=${7:-1}
desc="made by the openssl recipe"
w=$out.work
mkdir -p "$w"

# le VALUE N: VALUE as N little-endian bytes (shell arithmetic is 64-bit;
# -1 gives all 0xff bytes).
le() {
	v=$1 n=$2
	while [ "$n" -gt 0 ]; do
		# shellcheck disable=SC2059 # the format is the byte, in octal
		printf "\\$(printf %03o $((v & 255)))"
		v=$((v >> 8)) n=$((n - 1))
	done
}
zeros() { head -c "$1" /dev/zero; }
size() { stat -c %s "$1"; }

# The algorithm follows the key: 1 = ECDSA P-256, 2 = RSA-3072 PSS salt 32.
case $(openssl pkey -in "$key" -noout -text) in
*prime256v1*) alg=1 sigopts= ;;
*) alg=2 sigopts="-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32
	-sigopt rsa_mgf1_md:sha256" ;;
esac

# Segments: the kernel at 4096, the command line (with its NUL) at the next
# 4 KiB boundary; the body ends where the command line ends.
printf '%s\000' "$cmdline" >"$w/cmdline"
ksize=$(size "$kernel") csize=$(size "$w/cmdline")
koff=4096
coff=$(((koff + ksize + 4095) / 4096 * 4096))
signed=$((coff + csize))

{	# header, 512 bytes
	printf MVMG; le 2 2; le 512 2	# magic, format 2, header size
	le 0 4; le $alg 4		# flags, signature algorithm
	le $signed 8; le "$counter" 8	# signed size, security counter
	openssl pkey -in "$key" -pubout -outform DER |
		openssl dgst -sha256 -binary	# key id
	le 0 8; le "$mem" 8; le "$entry" 8	# version, guest RAM, entry
	le 2 4; le 0 4			# segment count, reserved
	# segment 0: KERNEL, loaded at guest RAM offset 0
	le 1 4; le 0 4; le $koff 8; le "$ksize" 8; le 0 8
	openssl dgst -sha256 -binary "$kernel"
	# segment 1: CMDLINE, not loaded (load offset ~0)
	le 3 4; le 0 4; le $coff 8; le "$csize" 8; le -1 8
	openssl dgst -sha256 -binary "$w/cmdline"
	zeros 128			# segments 2 and 3 unused
	printf %s "$desc"; zeros $((128 - ${#desc}))	# description
	zeros 32			# reserved
} >"$w/header"
[ "$(size "$w/header")" -eq 512 ]

{	# the body: header, padding, segments
	cat "$w/header"; zeros $((koff - 512))
	cat "$kernel"; zeros $((coff - koff - ksize))
	cat "$w/cmdline"
} >"$w/tbs"

# Format 2 signs the header, which holds each segment's SHA-256.
# shellcheck disable=SC2086 # sigopts is a list of options
openssl dgst -sha256 -sign "$key" $sigopts -out "$w/sig" "$w/header"
siglen=$(size "$w/sig")

{	# trailer, 528 bytes: magic, algorithm, length, reserved, signature
	printf MVSG; le $alg 4; le "$siglen" 4; le 0 4
	cat "$w/sig"; zeros $((512 - siglen))
} >"$w/trailer"
cat "$w/tbs" "$w/trailer" >"$out"
