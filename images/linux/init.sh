#!/bin/sh
# images/linux/init.sh - /init of the Linux appliance's initramfs: reports the kernel, memory, CPUs and a 1 s sleep, then powers off (mv.shell=1: a console shell first; mv.button=1: waits for the power button first).
#
# Runs as PID 1 under busybox sh (/bin/sh -> /bin/busybox). Every line it
# prints starts "microvisor-linux: ". Read /proc/uptime with the builtin
# read (no fork), so the marker's uptime is as close to the start as can be.
export PATH=/sbin:/usr/sbin:/bin:/usr/bin HOME=/root

# The counter first: under QEMU -icount it is the instructions run so far
# (make bench compares a boot under the microvisor with a native one).
# shellcheck disable=SC2046 # "COUNT FREQ"
set -- $(/bin/cntvct)
cnt=$1 frq=$2
/bin/busybox mount -t proc proc /proc
read -r up idle </proc/uptime
echo "microvisor-linux: /init started (uptime $up s, idle $idle s, counter $cnt at $frq Hz)"

# The kernel's built-in initramfs already gave /dev/console (init's stdin,
# stdout and stderr); devtmpfs adds /dev/ttyAMA0 and the rest. The kernel
# does not mount it on an initramfs itself (and CONFIG_DEVTMPFS_MOUNT is
# off in Debian's cloud kernel anyway).
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev ||
	echo "microvisor-linux: no devtmpfs: only /dev/console exists"
# Every applet as a link in /bin, /sbin, /usr/bin, /usr/sbin.
/bin/busybox --install -s

echo "microvisor-linux: $(uname -a)"
# shellcheck disable=SC2046 # "MemTotal: N kB" split into $1 $2 $3
set -- $(grep '^MemTotal:' /proc/meminfo)
echo "microvisor-linux: memory: MemTotal $2 $3"
echo "microvisor-linux: cpus: $(nproc) online, $(grep -c '^processor' /proc/cpuinfo) in /proc/cpuinfo"

sleep 1
read -r up idle </proc/uptime
echo "microvisor-linux: slept 1 s; uptime $up $idle"

read -r cmdline </proc/cmdline
case " $cmdline " in
*" mv.shell=1 "*)
	echo "microvisor-linux: shell on the console (exit or poweroff -f to end)"
	# A session of its own with the real console tty (ttyAMA0, found by
	# cttyhack) as its controlling terminal: job control and Ctrl-C work.
	PS1='linux# ' setsid cttyhack sh
	echo "microvisor-linux: shell ended" ;;
*" mv.button=1 "*)
	# QEMU virt's power button (system_powerdown) raises line 3 of the
	# PL061 at 0x9030000; the kernel has its driver and the GPIO
	# character device but no gpio-keys. gpiowait says "button: waiting
	# ..." once the line's edge detector is armed, "button: pressed"
	# when it fires. It needs the PL061 given to the guest (microvisor:
	# passthrough=/pl061@9030000); without it, it says why and fails.
	echo "microvisor-linux: waiting for the power button (QEMU: Ctrl-A c, system_powerdown)"
	/bin/gpiowait
	rc=$?
	if [ "$rc" = 0 ]; then
		echo "microvisor-linux: power button pressed"
	else
		echo "microvisor-linux: no power button: gpiowait failed (status $rc); powering off without a press"
	fi ;;
esac

echo "microvisor-linux: powering off"
poweroff -f
# Only if PSCI SYSTEM_OFF did not end the machine: PID 1 exiting panics,
# and panic=-1 restarts at once.
echo "microvisor-linux: poweroff -f returned" >&2
exit 1
