#!/bin/sh
# images/linux/build-initramfs.sh - packs busybox and /init into the Linux appliance's initramfs (newc cpio, gzip), reproducibly and without root.
#
#   build-initramfs.sh BUSYBOX INIT_SCRIPT CNTVCT GPIOWAIT OUT.cpio.gz
#
# The archive holds /init, /bin/busybox, /bin/sh -> busybox, /bin/cntvct
# (the counter probe for /init's marker), /bin/gpiowait (the power-button
# wait for mv.button=1) and empty
# /dev /proc /sys /tmp /root /sbin /usr/bin /usr/sbin; /init links the
# other applets at boot (busybox --install -s). No device nodes (mknod
# needs root): the kernel's own built-in initramfs provides /dev/console
# and /init mounts devtmpfs for the rest. Owner 0:0, every time stamp
# 0, sorted names, no gzip name or time: the same inputs give the same
# bytes, hence the same signed image.
set -eu
busybox=$1 init=$2 cntvct=$3 gpiowait=$4 out=$5

stage=$out.d
rm -rf "$stage" "$out.tmp"
mkdir -p "$stage"
for d in bin sbin usr usr/bin usr/sbin dev proc sys root tmp; do
	mkdir "$stage/$d"
done
chmod 755 "$stage" "$stage"/* "$stage"/usr/*
chmod 700 "$stage/root"
chmod 1777 "$stage/tmp"
cp "$busybox" "$stage/bin/busybox"
cp "$init" "$stage/init"
cp "$cntvct" "$stage/bin/cntvct"
cp "$gpiowait" "$stage/bin/gpiowait"
chmod 755 "$stage/bin/busybox" "$stage/init" "$stage/bin/cntvct" \
	"$stage/bin/gpiowait"
ln -s busybox "$stage/bin/sh"
find "$stage" -exec touch -h -d @0 {} +

(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -9n >"$out.tmp"
rm -rf "$stage"
mv "$out.tmp" "$out"
