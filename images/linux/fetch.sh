#!/bin/sh
# images/linux/fetch.sh - fetches Debian 12's arm64 cloud kernel and busybox-static into build/deps/linux: Image, config, busybox.
#
#   fetch.sh APT_STATE_DIR OUT_DIR     (images/linux/linux.mk runs it under
#                                       build/deps/.lock; it writes no stamp)
#
# The kernel is the package linux-image-cloud-arm64 depends on today (for
# example linux-image-6.1.0-NN-cloud-arm64), found with apt-cache through
# the same private apt state and the machine's own mirror as every other
# fetched package (mk/apt-fetch.sh). Its /boot/vmlinuz-* is a gzip-compressed
# arm64 Image: it is decompressed and its header checked. Only ./boot is
# unpacked (the modules are not used: the initramfs carries none). The .debs
# are removed afterwards; OUT_DIR/packages.txt names what was fetched.
set -eu
state=$1 out=$2
here=$(cd "$(dirname "$0")/../.." && pwd)

die() {
	echo "linux: $*" >&2
	exit 1
}

t0=$(date +%s)
rm -rf "$out"
mkdir -p "$out/deb" "$out/x"

kpkg=$(sh "$here/mk/apt-fetch.sh" arm64-dep linux-image-cloud-arm64 "$state" "$out/deb")
case $kpkg in
linux-image-*-cloud-arm64) ;;
*) die "linux-image-cloud-arm64 depends on '$kpkg', not on a linux-image-*-cloud-arm64 package" ;;
esac
sh "$here/mk/apt-fetch.sh" arm64 busybox-static "$state" "$out/deb"

# one GLOB: the single file matching it, or fail.
one() {
	# shellcheck disable=SC2086 # split and expand the glob on purpose
	set -- $1
	if [ $# != 1 ] || [ ! -e "$1" ]; then
		die "expected exactly one file matching '$*'"
	fi
	echo "$1"
}
kdeb=$(one "$out/deb/${kpkg}_*_arm64.deb")
bdeb=$(one "$out/deb/busybox-static_*_arm64.deb")
fetched=$(cat "$kdeb" "$bdeb" | wc -c)

dpkg-deb --fsys-tarfile "$kdeb" | tar -x -C "$out/x" ./boot ||
	die "could not unpack ./boot from $kdeb"
dpkg -x "$bdeb" "$out/x"

vmlinuz=$(one "$out/x/boot/vmlinuz-*")
config=$(one "$out/x/boot/config-*")

# vmlinuz is Image.gz on Debian arm64; accept a bare Image too.
if [ "$(od -An -tx1 -N2 "$vmlinuz" | tr -d ' ')" = 1f8b ]; then
	gzip -dc "$vmlinuz" >"$out/Image" || die "$vmlinuz: gzip could not decompress it"
else
	cp "$vmlinuz" "$out/Image"
fi
# booting.rst: the magic "ARM\x64" (41 52 4d 64) at offset 0x38.
magic=$(od -An -tx1 -j56 -N4 "$out/Image" | tr -d ' ')
[ "$magic" = 41524d64 ] ||
	die "$vmlinuz is not an arm64 Linux Image (bytes at 0x38: '$magic', expected 41524d64 \"ARM\\x64\")"
cp "$config" "$out/config"

bb=$out/x/bin/busybox
[ -f "$bb" ] || die "busybox-static has no /bin/busybox"
# ELF, 64-bit, little-endian, e_machine 183 (AArch64), no interpreter.
if [ "$(od -An -tx1 -N6 "$bb" | tr -d ' ')" != 7f454c460201 ] ||
	[ "$(od -An -tx1 -j18 -N2 "$bb" | tr -d ' ')" != b700 ]; then
	die "$bb is not a 64-bit little-endian AArch64 ELF"
fi
if readelf -lW "$bb" | grep -q 'program interpreter'; then
	die "$bb is dynamically linked"
fi
cp "$bb" "$out/busybox"

{
	for d in "$kdeb" "$bdeb"; do
		echo "$(dpkg-deb -f "$d" Package) $(dpkg-deb -f "$d" Version)" \
			"$(stat -c %s "$d") bytes sha256 $(sha256sum "$d" | cut -d' ' -f1)"
	done
	echo "kernel $(basename "$vmlinuz") -> Image"
} >"$out/packages.txt"
rm -rf "$out/deb" "$out/x"

t1=$(date +%s)
echo "linux: fetched $kpkg and busybox-static ($((fetched / 1048576)) MiB) in $((t1 - t0)) s:" \
	"Image $(stat -c %s "$out/Image") bytes"
