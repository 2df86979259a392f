#!/usr/bin/env bash
# tests/image/run.sh - signed-image tests on the host: OpenSSL interop both ways, the docs recipe, mkkeys.sh, mvimage's error paths.
#
# usage: tests/image/run.sh BUILD_TEST_DIR
# Prints one "PASS name" or "FAIL name: why" line per case; exits non-zero
# if any case failed. Needs build/tools/mvimage (make mvimage), openssl
# and a host C compiler with libmbedtls-dev (for the mkkeys.sh cases).
set -u
TEST_DIR=${1:?usage: tests/image/run.sh BUILD_TEST_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MVIMAGE=${MVIMAGE:-$TEST_DIR/../tools/mvimage}
HOSTCC=${HOSTCC:-gcc}
KEYS=$TEST_DIR/image-keys
W=$TEST_DIR/image

npass=0
nfail=0
pass() {
	echo "PASS $1"
	npass=$((npass + 1))
}
fail() {
	echo "FAIL $1: $2"
	nfail=$((nfail + 1))
}

if [ ! -x "$MVIMAGE" ]; then
	fail image-setup "$MVIMAGE is missing (make mvimage)"
	exit 1
fi
MVIMAGE=$(cd "$(dirname "$MVIMAGE")" && pwd)/$(basename "$MVIMAGE")
rm -rf "$W"
mkdir -p "$W" "$KEYS"

# Keys are made once and kept: RSA-3072 generation takes a while.
genkey() {
	local name=$1
	shift
	[ -s "$KEYS/$name.pem" ] && return 0
	openssl genpkey "$@" -out "$KEYS/$name.pem.tmp" 2>/dev/null &&
		mv "$KEYS/$name.pem.tmp" "$KEYS/$name.pem"
}
genkey ec -algorithm EC -pkeyopt ec_paramgen_curve:P-256
genkey ec2 -algorithm EC -pkeyopt ec_paramgen_curve:P-256
genkey rsa -algorithm RSA -pkeyopt rsa_keygen_bits:3072
genkey rsa2048 -algorithm RSA -pkeyopt rsa_keygen_bits:2048
genkey p384 -algorithm EC -pkeyopt ec_paramgen_curve:P-384
for k in ec ec2 rsa; do
	[ -s "$KEYS/$k.pub.pem" ] ||
		openssl pkey -in "$KEYS/$k.pem" -pubout -out "$KEYS/$k.pub.pem"
done
EC=$KEYS/ec.pem ECPUB=$KEYS/ec.pub.pem
EC2=$KEYS/ec2.pem EC2PUB=$KEYS/ec2.pub.pem
RSA=$KEYS/rsa.pem RSAPUB=$KEYS/rsa.pub.pem
mvi() { "$MVIMAGE" "$@"; }
PSSOPTS=(-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32
	-sigopt rsa_mgf1_md:sha256)

# Payloads.
head -c 10000 /dev/urandom >"$W/kernel.bin"
head -c 6000 /dev/urandom >"$W/initrd.bin"
# A fake arm64 Image: text_offset 0, image_size 4 MiB, magic ARM\x64.
{
	head -c 16 /dev/zero
	printf '\000\000\100\000\000\000\000\000' # image_size = 0x400000
	printf '\012\000\000\000\000\000\000\000' # flags: LE, 4K, anywhere
	head -c 24 /dev/zero
	printf 'ARM\144'
	head -c 5000 /dev/urandom
} >"$W/Image"

first2() { head -n 2 <<<"$1" | tr '\n' ' '; }

# run NAME WANT_RC PATTERN CMD...: CMD must exit WANT_RC and print PATTERN.
run() {
	local name=$1 want=$2 pat=$3 out rc
	shift 3
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		fail "$name" "exit $rc, expected $want: $(first2 "$out")"
	elif [ -n "$pat" ] && ! grep -qF -- "$pat" <<<"$out"; then
		fail "$name" "output lacks '$pat': $(first2 "$out")"
	else
		pass "$name"
	fi
}

# The extraction in docs/image-format.md ("Checking an image's signature
# with OpenSSL"): signed bytes (format 2: the header; format 1: the whole
# body) and signature cut out with dd.
le() {
	od -An -tu1 -j"$2" -N"$3" "$1" |
		awk '{ for (i = NF; i >= 1; i--) v = v * 256 + $i }
			END { print v }'
}
openssl_check() { # IMG PUB [sigopts...]
	local img=$1 pub=$2 ss len
	shift 2
	ss=$(le "$img" 16 8)
	len=$(le "$img" $((ss + 8)) 4)
	n=512
	[ "$(le "$img" 4 2)" = 1 ] && n=$ss
	dd if="$img" of="$img.tbs" bs=64K count="$n" iflag=count_bytes \
		2>/dev/null &&
		dd if="$img" of="$img.sig" bs=1 skip=$((ss + 16)) count="$len" \
			2>/dev/null &&
		openssl dgst -sha256 -verify "$pub" -signature "$img.sig" "$@" \
			"$img.tbs"
}

create() { # OUT KEYARGS...: a three-segment image
	local out=$1
	shift
	mvi create --kernel "$W/kernel.bin" --initrd "$W/initrd.bin" \
		--cmdline "console=hvc0 quiet" --entry 0x40 --mem 64M \
		--counter 4 --version 9 --description "image test" "$@" \
		-o "$out"
}

# ---- mvimage signs, OpenSSL verifies -----------------------------------------

run mvimage-ecdsa-create 0 "" create "$W/ec.mv" --key "$EC"
run openssl-verifies-mvimage-ecdsa 0 "Verified OK" \
	openssl_check "$W/ec.mv" "$ECPUB"
run mvimage-pss-create 0 "" create "$W/rsa.mv" --key "$RSA"
run openssl-verifies-mvimage-pss 0 "Verified OK" \
	openssl_check "$W/rsa.mv" "$RSAPUB" "${PSSOPTS[@]}"
run mvimage-verify-ecdsa 0 "OK: ECDSA-P256-SHA256" \
	mvi verify --pubkey "$ECPUB" "$W/ec.mv"
run mvimage-verify-pss 0 "OK: RSA3072-PSS-SHA256" \
	mvi verify --pubkey "$RSAPUB" "$W/rsa.mv"
run mvimage-verify-rotation 0 "counter 4, 3 segments" \
	mvi verify --pubkey "$EC2PUB" --pubkey "$RSA" \
	--pubkey "$ECPUB" "$W/rsa.mv"

# ---- OpenSSL signs, mvimage attaches and verifies ----------------------------

run create-unsigned-ecdsa 0 "" create "$W/ec.tbs" --unsigned --pubkey "$ECPUB"
head -c 512 "$W/ec.tbs" >"$W/ec.hdr"
openssl dgst -sha256 -sign "$EC" -out "$W/ec.sig" "$W/ec.hdr"
run openssl-ecdsa-attach 0 "" mvi attach --sig "$W/ec.sig" --alg ecdsa \
	--pubkey "$ECPUB" "$W/ec.tbs" -o "$W/ec-attached.mv"
run openssl-ecdsa-verify 0 "OK: ECDSA-P256-SHA256" \
	mvi verify --pubkey "$ECPUB" "$W/ec-attached.mv"

run create-unsigned-pss 0 "" create "$W/rsa.tbs" --unsigned --key "$RSA"
head -c 512 "$W/rsa.tbs" >"$W/rsa.hdr"
openssl dgst -sha256 -sign "$RSA" "${PSSOPTS[@]}" \
	-out "$W/rsa.sig" "$W/rsa.hdr"
run openssl-pss-attach 0 "" mvi attach --sig "$W/rsa.sig" --alg pss \
	"$W/rsa.tbs" -o "$W/rsa-attached.mv"
run openssl-pss-verify 0 "OK: RSA3072-PSS-SHA256" \
	mvi verify --pubkey "$RSAPUB" "$W/rsa-attached.mv"

# The digest-only (HSM) path gives a signature mvimage accepts too.
openssl dgst -sha256 -binary "$W/ec.hdr" >"$W/ec.digest"
openssl pkeyutl -sign -inkey "$EC" -pkeyopt digest:sha256 \
	-in "$W/ec.digest" -out "$W/ec-hsm.sig"
run openssl-digest-sign-attach 0 "" mvi attach --sig "$W/ec-hsm.sig" \
	--pubkey "$ECPUB" "$W/ec.tbs" -o "$W/ec-hsm.mv"

# OpenSSL's PSS default salt (the maximum) is not salt 32: refused.
openssl dgst -sha256 -sign "$RSA" -sigopt rsa_padding_mode:pss \
	-out "$W/rsa-maxsalt.sig" "$W/rsa.hdr"
mvi attach --sig "$W/rsa-maxsalt.sig" "$W/rsa.tbs" \
	-o "$W/rsa-maxsalt.mv" >/dev/null 2>&1
run pss-default-salt-refused 1 "signature does not verify" \
	mvi verify --pubkey "$RSAPUB" "$W/rsa-maxsalt.mv"
run attach-pubkey-checks 1 "the signed image fails: signature does not verify" \
	mvi attach --sig "$W/rsa-maxsalt.sig" --pubkey "$RSAPUB" \
	"$W/rsa.tbs" -o "$W/x.mv"
run attach-wrong-alg 1 "was created for RSA3072-PSS-SHA256, but --alg says" \
	mvi attach --sig "$W/rsa.sig" --alg ecdsa "$W/rsa.tbs" -o "$W/x.mv"
run attach-bad-sig-length 1 "is not a DER ECDSA P-256 signature" \
	mvi attach --sig "$W/rsa.sig" "$W/ec.tbs" -o "$W/x.mv"
run attach-signed-input 1 "already has a signature trailer" \
	mvi attach --sig "$W/ec.sig" "$W/ec.mv" -o "$W/x.mv"

# sign: the unsigned image plus the matching private key.
run sign-subcommand 0 "" mvi sign --key "$EC" "$W/ec.tbs" \
	-o "$W/ec-signed.mv"
run sign-subcommand-verifies 0 "OK" \
	mvi verify --pubkey "$ECPUB" "$W/ec-signed.mv"
run sign-wrong-key 1 "was created for key id" \
	mvi sign --key "$EC2" "$W/ec.tbs" -o "$W/x.mv"
run sign-needs-private-key 1 "signing needs the private key" \
	mvi sign --key "$ECPUB" "$W/ec.tbs" -o "$W/x.mv"

# ---- the docs recipe ---------------------------------------------------------

recipe_in_docs() {
	sed -n '/^<!-- recipe:/,/^<!-- end recipe -->/p' \
		"$ROOT/docs/image-format.md" |
		sed '1,2d;$d' | sed '$d' | diff -u - "$HERE/recipe.sh"
}
run recipe-matches-docs 0 "" recipe_in_docs
run recipe-ecdsa 0 "" sh "$HERE/recipe.sh" "$W/kernel.bin" "console=hvc0 x=1" \
	"$EC" "$W/recipe-ec.mv"
run recipe-ecdsa-verifies 0 "OK: ECDSA-P256-SHA256" \
	mvi verify --pubkey "$ECPUB" "$W/recipe-ec.mv"
run recipe-pss 0 "" sh "$HERE/recipe.sh" "$W/kernel.bin" "console=hvc0" \
	"$RSA" "$W/recipe-rsa.mv" 134217728 8 7
run recipe-pss-verifies 0 "counter 7, 2 segments, 128 MiB" \
	mvi verify --pubkey "$RSAPUB" "$W/recipe-rsa.mv"
# Same inputs, same bytes to sign: the format has one encoding.
mvi create --kernel "$W/kernel.bin" --cmdline "console=hvc0 x=1" \
	--entry 0 --mem 64M --counter 1 \
	--description "made by the openssl recipe" \
	--unsigned --pubkey "$ECPUB" -o "$W/recipe-twin.tbs" >/dev/null 2>&1
run recipe-equals-mvimage 0 "" \
	cmp "$W/recipe-ec.mv.work/tbs" "$W/recipe-twin.tbs"

# ---- mkkeys.sh: the microvisor's key table -----------------------------------

keyscheck() { # NAME MKKEYS_ARGS... -- IMAGES...
	local args=() imgs=()
	while [ "$1" != -- ]; do
		args+=("$1")
		shift
	done
	shift
	imgs=("$@")
	sh "$ROOT/loader/mkkeys.sh" -o "$W/keys.c" "${args[@]}" &&
		"$HOSTCC" -std=gnu11 -Wall -Wextra -Werror -I"$ROOT" \
			-o "$W/keyscheck" "$HERE/keyscheck.c" "$W/keys.c" \
			"$ROOT/loader/verify.c" "$ROOT/loader/sha256.c" \
			"$ROOT/lib/fmt.c" -lmbedcrypto &&
		"$W/keyscheck" "${imgs[@]}"
}
run mkkeys-two-keys 0 "release 2 keys" keyscheck "$ECPUB" \
	"$RSA" -- "$W/ec.mv" "$W/rsa.mv" "$W/recipe-ec.mv"
run mkkeys-dev 0 "dev 1 keys" keyscheck --dev "$EC" -- "$W/ec.mv"
run mkkeys-untrusted 1 "unknown key id" keyscheck "$EC2" -- "$W/ec.mv"
run mkkeys-refuses-rsa2048 1 "RSA keys must be 3072 bits" \
	sh "$ROOT/loader/mkkeys.sh" "$KEYS/rsa2048.pem"
run mkkeys-refuses-p384 1 "only P-256 (prime256v1) is supported" \
	sh "$ROOT/loader/mkkeys.sh" "$KEYS/p384.pem"
run mkkeys-refuses-junk 1 "not a PEM or DER key" \
	sh "$ROOT/loader/mkkeys.sh" "$W/kernel.bin"
run mvimage-refuses-rsa2048 1 "only EC P-256 (ECDSA) and RSA-3072 (PSS)" \
	create "$W/x.mv" --key "$KEYS/rsa2048.pem"

# ---- Linux images ------------------------------------------------------------

run linux-create 0 "" mvi create --linux --kernel "$W/Image" \
	--initrd "$W/initrd.bin" --cmdline "console=hvc0" --mem 64M \
	--counter 1 \
	--key "$EC" -o "$W/linux.mv"
run linux-verify 0 "OK" mvi verify --pubkey "$ECPUB" "$W/linux.mv"
run linux-info 0 "flags:             0x1 (LINUX)" mvi info "$W/linux.mv"
run linux-needs-image 1 "not an arm64 Image" mvi create --linux \
	--kernel "$W/kernel.bin" --mem 64M --counter 1 --key "$EC" -o "$W/x.mv"
# Nothing may be loaded in the last 64 KiB of the image's own guest memory
# (the device tree's): refused by create, whatever RAM the image would get.
run initrd-in-dtb-area 1 "reaches into the last 65536 bytes of its 0x4000000 bytes of guest memory" \
	mvi create --kernel "$W/kernel.bin" --initrd "$W/initrd.bin" \
	--initrd-load $((64 * 1024 * 1024 - 8192)) --entry 0 --mem 64M --counter 1 --key "$EC" -o "$W/x.mv"
run initrd-below-dtb-area 0 "" \
	mvi create --kernel "$W/kernel.bin" --initrd "$W/initrd.bin" \
	--initrd-load $((64 * 1024 * 1024 - 65536 - 8192)) --entry 0 --mem 64M --counter 1 --key "$EC" -o "$W/top.mv"
run linux-initrd-in-bss 1 "segments 0 and 1 overlap in guest memory" \
	mvi create --linux --kernel "$W/Image" --initrd "$W/initrd.bin" \
	--initrd-load 0x200000 --mem 64M --counter 1 --key "$EC" -o "$W/x.mv"

# ---- refusals of bad images (exit 1, with the reason) ------------------------

# Format 2: a changed header byte breaks the signature, a changed segment
# byte its SHA-256 (which the signed header holds).
cp "$W/ec.mv" "$W/tampered.mv"
printf 'X' | dd of="$W/tampered.mv" bs=1 seek=5000 conv=notrunc 2>/dev/null
run verify-tampered 1 "segment 0 (KERNEL) does not match its SHA-256" \
	mvi verify --pubkey "$ECPUB" "$W/tampered.mv"
cp "$W/ec.mv" "$W/tampered-hdr.mv"
printf 'X' | dd of="$W/tampered-hdr.mv" bs=1 seek=400 conv=notrunc 2>/dev/null
run verify-tampered-header 1 "signature does not verify" \
	mvi verify --pubkey "$ECPUB" "$W/tampered-hdr.mv"

# Format 1 (the signature covers the whole body) is still read, made by
# mvimage and by OpenSSL over the whole unsigned image.
run v1-create 0 "" create "$W/v1.mv" --format 1 --key "$EC"
run v1-verify 0 "OK: ECDSA-P256-SHA256" mvi verify --pubkey "$ECPUB" "$W/v1.mv"
run v1-openssl-verifies 0 "Verified OK" openssl_check "$W/v1.mv" "$ECPUB"
run v1-info 0 "format version:    1" mvi info "$W/v1.mv"
cp "$W/v1.mv" "$W/v1-tampered.mv"
printf 'X' | dd of="$W/v1-tampered.mv" bs=1 seek=5000 conv=notrunc 2>/dev/null
run v1-verify-tampered 1 "signature does not verify" \
	mvi verify --pubkey "$ECPUB" "$W/v1-tampered.mv"
run v1-create-unsigned 0 "" create "$W/v1.tbs" --format 1 --unsigned --pubkey "$ECPUB"
openssl dgst -sha256 -sign "$EC" -out "$W/v1.sig" "$W/v1.tbs"
run v1-openssl-attach 0 "" mvi attach --sig "$W/v1.sig" --pubkey "$ECPUB" \
	"$W/v1.tbs" -o "$W/v1-attached.mv"
run create-bad-format 2 "--format is 1 or 2" create "$W/x.mv" --format 3 --key "$EC"
head -c -1 "$W/ec.mv" >"$W/short.mv"
run verify-truncated 1 "but header+trailer say" \
	mvi verify --pubkey "$ECPUB" "$W/short.mv"
run verify-untrusted 1 "unknown key id" \
	mvi verify --pubkey "$EC2PUB" "$W/ec.mv"
run verify-wrong-alg 1 "no trusted key for RSA3072-PSS-SHA256" \
	mvi verify --pubkey "$ECPUB" "$W/rsa.mv"
run verify-floor 1 "security counter 4 is below the floor 5" \
	mvi verify --pubkey "$ECPUB" --floor 5 "$W/ec.mv"
run verify-floor-equal 0 "OK" \
	mvi verify --pubkey "$ECPUB" --floor 4 "$W/ec.mv"
run verify-not-an-image 1 "bad magic" \
	mvi verify --pubkey "$ECPUB" "$W/kernel.bin"
run verify-unsigned 1 "" \
	mvi verify --pubkey "$ECPUB" "$W/ec.tbs"
run verify-missing-file 1 "No such file" \
	mvi verify --pubkey "$ECPUB" "$W/nope.mv"
run verify-bad-key-file 1 "not a key" \
	mvi verify --pubkey "$W/kernel.bin" "$W/ec.mv"
run info-consistent 0 "sizes: consistent" mvi info "$W/ec.mv"
run info-unsigned 0 "trailer:           none" mvi info "$W/ec.tbs"
run info-truncated 1 "sizes: INCONSISTENT" mvi info "$W/short.mv"
run info-tampered 1 "MISMATCH" mvi info "$W/tampered.mv"
run info-not-an-image 1 "not an MVIMG image" mvi info "$W/kernel.bin"
run create-entry-outside 1 "entry 0x10000 is outside the kernel" \
	mvi create --kernel "$W/kernel.bin" --entry 0x10000 --mem 64M \
	--counter 1 --key "$EC" -o "$W/x.mv"
run create-unsigned-checks-too 1 \
	"the image would be refused: guest memory size" \
	mvi create --kernel "$W/kernel.bin" --entry 0 --mem 3M \
	--counter 1 --unsigned --pubkey "$ECPUB" -o "$W/x.mv"
run create-bad-cmdline 1 "--cmdline must be at most 2047 printable" \
	mvi create --kernel "$W/kernel.bin" --entry 0 --mem 64M \
	--counter 1 --cmdline $'a\tb' --key "$EC" -o "$W/x.mv"
run create-long-description 1 "--description must be at most 127" \
	mvi create --kernel "$W/kernel.bin" --entry 0 --mem 64M \
	--counter 1 --description "$(head -c 128 /dev/zero | tr '\0' d)" \
	--key "$EC" -o "$W/x.mv"
if [ -e "$W/x.mv" ]; then
	fail refusals-write-nothing "a refused command left $W/x.mv behind"
else
	pass refusals-write-nothing
fi

# ---- usage errors (exit 2) and help (exit 0) ---------------------------------

run usage-no-command 2 "no command given" "$MVIMAGE"
run usage-unknown-command 2 "unknown command 'frob'" mvi frob
run usage-unknown-option 2 "unknown option '--frob'" mvi verify --frob
run usage-missing-value 2 "option '--pubkey' needs a value" mvi verify --pubkey
run usage-verify-no-key 2 "give at least one --pubkey" mvi verify "$W/ec.mv"
run usage-create-no-kernel 2 "--kernel is required" mvi create --mem 64M
run usage-create-no-signing 2 "give --key KEY.pem to sign, or --unsigned" \
	mvi create --kernel "$W/kernel.bin" --entry 0 --mem 64M --counter 1 \
	-o "$W/x.mv"
run usage-bad-number 2 "--mem: '64Q' has an unknown suffix" \
	mvi create --kernel "$W/kernel.bin" --mem 64Q
run usage-negative-number 2 "--counter: '-1' is not a number" \
	mvi create --kernel "$W/kernel.bin" --counter -1
run usage-attach-bad-alg 2 "--alg is ecdsa or pss" \
	mvi attach --sig "$W/ec.sig" --alg rsa "$W/ec.tbs" -o "$W/x.mv"
run usage-sign-two-inputs 2 "give exactly one input image" \
	mvi sign --key "$EC" a b -o "$W/x.mv"
run help-main 0 "commands:" mvi --help
for c in create sign attach verify info; do
	run "help-$c" 0 "usage: mvimage $c" mvi "$c" --help
done

echo "image tests: $npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
