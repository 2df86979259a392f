#!/usr/bin/env bash
# tests/bench/bench.sh - runs the benchmarks under QEMU -icount, prints one table beside the peers' figures and writes it as JSON.
#
# Usage: bench.sh BENCH-DIR MV-DIR IMG-DIR OUT.json   (make bench runs it)
# Environment: QEMU, MACHINE (QEMU's -M ... -nic none), CROSS.
# Every figure is an exact instruction count: QEMU -icount shift=0 makes
# the PMU cycle counter count instructions, and the microvisor's phase
# meter and the bench appliance read that counter.
set -euo pipefail
BENCH=$1 MV=$2 IMG=$3 OUT=$4
BUILD_ROOT=$(dirname "$BENCH")
: "${QEMU:?}" "${MACHINE:?}" "${CROSS:?}"
LOGS=$BENCH/logs
mkdir -p "$LOGS"

# Bao, measured on the same QEMU (issue 13): fixed reference figures.
BAO_BOOT=619832 BAO_HVC=146 BAO_GICD=225 BAO_TEXT_KB=80.8
# The physical floor of SHA-256 on the SHA-2 instructions, per byte.
FLOOR_SHA=1.7

# run NAME BUILD CPU BOOTARGS IMAGE: one boot, its log in $LOGS/NAME.log
# ($RAM of machine RAM, 2G unless set).
run() {
	local name=$1 bin=$2/microvisor.bin cpu=$3 args=$4 image=$5
	# shellcheck disable=SC2086 # MACHINE is several words
	timeout 600 $QEMU $MACHINE -cpu "$cpu" -smp "${SMPN:-1}" -m "${RAM:-2G}" -nographic -no-reboot \
		-semihosting -icount shift=0,align=off -kernel "$bin" \
		-initrd "$image" -append "exit=semihosting $args" \
		>"$LOGS/$name.log" 2>&1 </dev/null || {
		echo "bench: $name failed (exit $?); log: $LOGS/$name.log" >&2
		tail -5 "$LOGS/$name.log" >&2
		exit 1
	}
}

# field NAME REGEX: the first match's group 1 in the run's log, or fail.
field() {
	local v
	v=$(sed -nE "s/.*$2.*/\\1/p" "$LOGS/$1.log" | head -1)
	[ -n "$v" ] || { echo "bench: no '$2' in $LOGS/$1.log" >&2; exit 1; }
	echo "$v"
}

PHASES=(boot integrity capture hash signature stage2 placement copy dtb)
# phases NAME: "boot N, integrity N, ...; reset to guest entry N" as
# "N N N N N N N N TOTAL".
phases() {
	local line out=""
	line=$(field "$1" 'boot phases \(cycles\): (.*)')
	for p in "${PHASES[@]}"; do
		out+="$(echo "$line" | sed -nE "s/.*(^| )$p ([0-9]+).*/\\2/p") "
	done
	echo "$out$(echo "$line" | sed -nE 's/.*reset to guest entry ([0-9]+).*/\1/p')"
}

bytes_of() { stat -c %s "$1"; }
div() { awk -v a="$1" -v b="$2" -v p="${3:-2}" 'BEGIN { printf "%.*f", p, a / b }'; }
mega() { awk -v a="$1" 'BEGIN { printf "%.2fM", a / 1e6 }'; }

echo "bench: running (QEMU -icount; logs in $LOGS)" >&2

# ---- boot: hello and the sized images, ECDSA and RSA, with phases ------
run hello-default "$MV" cortex-a57 "" "$IMG/hello.mvimg"
HELLO_DEFAULT=$(field hello-default 'starting the appliance \(([0-9]+) cycles')
# Each extra CPU: up at EL2 through PSCI CPU_ON and the kept boot tables,
# its GIC interface on (hello with 4 CPUs against 1, per extra CPU).
SMPN=4 run hello-smp4 "$MV" cortex-a57 "" "$IMG/hello.mvimg"
HELLO_SMP4=$(field hello-smp4 'starting the appliance \(([0-9]+) cycles')
CPU_BOOT=$(((HELLO_SMP4 - HELLO_DEFAULT) / 3))
declare -A PH BYTES
for im in hello-ec hello-rsa big-1M-ec big-8M-ec big-1M-rsa big-8M-rsa; do
	run "$im" "$BENCH/mv-4K" cortex-a57 loglevel=debug "$BENCH/images/$im.mvimg"
	PH[$im]=$(phases "$im")
	BYTES[$im]=$(bytes_of "$BENCH/images/$im.mvimg")
done
for im in hello-ec big-1M-ec big-8M-ec; do
	run "nosha2-$im" "$BENCH/mv-nosha2" cortex-a57 loglevel=debug "$BENCH/images/$im.mvimg"
	PH[nosha2-$im]=$(phases "nosha2-$im")
	BYTES[nosha2-$im]=${BYTES[$im]}
done
ph() { # IMAGE PHASE -> instructions
	local i=0 a
	read -ra a <<<"${PH[$1]}"
	for p in "${PHASES[@]}" total; do
		[ "$p" = "$2" ] && { echo "${a[$i]}"; return; }
		i=$((i + 1))
	done
}
slope() { # IMAGE-A IMAGE-B PHASE -> instructions per extra byte
	div $(($(ph "$2" "$3") - $(ph "$1" "$3"))) $((BYTES[$2] - BYTES[$1]))
}

# ---- calls and the stage-2 first touch (bench appliance) ---------------
# The PL061 is given for the passed-through interrupt's latency.
run calls "$MV" cortex-a57 "rma_size=1G passthrough=/pl061@9030000" "$IMG/bench.mvimg"
CALL_EL2=$(field calls 'bench: EL2 instructions per call: (.*)')
CALL_RT=$(field calls 'bench: round trip instructions per call: (.*)')
call() { echo "$1" | sed -nE "s/.*$2 ([0-9.]+).*/\\1/p"; }
GICD=$(field calls 'bench: GICD read: ([0-9]+) EL2 instructions')
TIMER_LAT=$(field calls 'bench: timer interrupt: latency ([0-9]+) instructions')
TIMER_EL2=$(field calls 'bench: timer interrupt: .*; EL2 ([0-9]+) per interrupt')
# An SGI round trip between two vCPUs: CPU 0 -> CPU 1 -> CPU 0, each way
# a trapped ICC_SGI1R_EL1, a physical kick and an injection (the PMU
# under -icount counts the machine's instructions: both CPUs' work).
SMPN=2 run pingpong "$MV" cortex-a57 "" "$IMG/smp-pingpong.mvimg"
SGI_RT=$(field pingpong 'pingpong: [0-9]+ round trips .* ([0-9]+) cycles each')
DEV_LAT=$(field calls 'bench: device interrupt: latency ([0-9]+) instructions')
DEV_EL2=$(field calls 'bench: device interrupt: .*; EL2 ([0-9]+) per interrupt')
declare -A TOUCH SEG
for g in 4K 16K 64K; do
	cpu=cortex-a57
	[ $g = 16K ] && cpu=neoverse-n1
	build=$BENCH/mv-$g
	[ $g = 4K ] && build=$MV
	# A 2G guest: with 512M segments, the image's first and the device
	# tree's last leave two to touch.
	RAM=4G run "touch-$g" "$build" $cpu "rma_size=2G loglevel=info" "$IMG/bench.mvimg"
	TOUCH[$g]=$(field "touch-$g" 'first touch: [0-9]+ segments, EL2 instructions each: mean ([0-9]+)')
	SEG[$g]=$(field "touch-$g" 'segment\(s\) of ([0-9]+[KMG])')
done

# ---- stock Linux: to /init under the microvisor and natively -------------
# /init prints the virtual counter first (images/linux/cntvct.c); with
# -icount sleep=off and no idle before it, counter ticks x (1e9 / CNTFRQ)
# are instructions. Natively the count starts at QEMU's reset; under the
# microvisor the guest's starts at its entry, after the microvisor's own
# work ("starting the appliance (N cycles ...)").
LINUX_IMG=$IMG/linux.mvimg
linux_marker() { # LOG -> instructions to the marker by the guest's counter
	local c f
	c=$(field "$1" 'init started \(.*counter ([0-9]+) at')
	f=$(field "$1" 'init started \(.*counter [0-9]+ at ([0-9]+) Hz')
	awk -v c="$c" -v f="$f" 'BEGIN { printf "%.0f", c * 1e9 / f }'
}
if [ -f "$LINUX_IMG" ]; then
	RAM=2G run linux-mv "$MV" cortex-a57 loglevel=debug "$LINUX_IMG"
	# the same kernel and initramfs, no microvisor, EL1 from reset
	timeout 600 $QEMU -M virt,gic-version=3 -nic none -cpu cortex-a57 \
		-m 256M -nographic -no-reboot -icount shift=0,align=off,sleep=off \
		-kernel "$BUILD_ROOT/deps/linux/Image" \
		-initrd "$IMG/linux/initramfs.cpio.gz" \
		-append "$(sed -n 's/.*bootargs "\(.*\)"$/\1/p' "$LOGS/linux-mv.log" | head -1)" \
		>"$LOGS/linux-native.log" 2>&1 </dev/null || true
	LX_PRE=$(field linux-mv 'starting the appliance \(([0-9]+) cycles')
	LX_GUEST=$(linux_marker linux-mv)
	LX_NATIVE=$(linux_marker linux-native)
	LX_RATIO=$(div $((LX_PRE + LX_GUEST)) "$LX_NATIVE" 3)
	LX_EXITS=$(field linux-mv 'guest exits served: (.*)$')
fi

# ---- footprint by origin, from the link map ------------------------------
MAP=$MV/microvisor.map
declare -A FP
while read -r sec origin size; do
	FP[$sec,$origin]=$size
done < <(awk '
	/^Linker script and memory map/ { on = 1; next }
	!on { next }
	/^\.[A-Za-z_]/ {
		out = $1
		sec = ""
		if (out ~ /^\.(head\.text|text|idmap\.text)$/) sec = "text"
		else if (out ~ /^\.(rodata|data\.rel\.ro|got|rela\.dyn|dynsym|dynstr|gnu\.hash|hash|dynamic)$/) sec = "rodata"
		else if (out ~ /^\.(data|mv_digest)$/) sec = "data"
		else if (out == ".bss") sec = "bss"
		next
	}
	sec == "" { next }
	/^ \*fill\*/ { next }
	/^ [.A-Za-z_*(]/ {
		if (NF >= 4 && $2 ~ /^0x/ && $3 ~ /^0x/) { size = $3; file = $4 }
		else if (NF == 1) { pending = 1; next }
		else next
		add(size, file); next
	}
	pending && $1 ~ /^0x/ && $2 ~ /^0x/ && NF >= 3 { add($2, $3); pending = 0; next }
	{ pending = 0 }
	function add(size, file,   o, n) {
		n = strtonum_(size)
		if (file ~ /libmbedcrypto/) o = "mbedtls"
		else if (file ~ /newlib|libc\.a|libm\.a/) o = "newlib"
		else if (file ~ /libfdt/) o = "libfdt"
		else if (file ~ /libgcc/) o = "libgcc"
		else if (file ~ /\.o$/) o = "ours"
		else o = "linker"
		t[sec "," o] += n
	}
	function strtonum_(h,   i, v, c) {
		v = 0; h = tolower(h); sub(/^0x/, "", h)
		for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
		return v
	}
	END { for (k in t) { split(k, a, ","); print a[1], a[2], t[k] } }' "$MAP")
fp() { echo "${FP[$1,$2]:-0}"; }
ORIGINS=(ours mbedtls newlib libfdt libgcc linker)
SECS=(text rodata data bss)
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

# ---- the table ------------------------------------------------------------
TOTAL_EC=$(ph hello-ec total)
SIG_EC=$(ph hello-ec signature)
TOTAL_RSA=$(ph hello-rsa total)
HEAP_EC=$(field hello-ec 'verifier heap peak ([0-9]+) bytes')
HEAP_RSA=$(field hello-rsa 'verifier heap peak ([0-9]+) bytes')
SIG_RSA=$(ph hello-rsa signature)
SHA_CE=$(div $(($(ph big-8M-ec hash) - $(ph big-1M-ec hash))) $((BYTES[big-8M-ec] - BYTES[big-1M-ec])))
SHA_C=$(div $(($(ph nosha2-big-8M-ec hash) - $(ph nosha2-big-1M-ec hash))) $((BYTES[big-8M-ec] - BYTES[big-1M-ec])))

row() { printf '%-52s %16s %14s %12s %8s\n' "$@"; }
{
	echo "microvisor bench: exact instructions under QEMU -icount (cortex-a57, 4K granule unless noted)"
	row "" "microvisor" "goal" "Bao" "floor"
	row "hello ECDSA: reset -> guest entry (default log)" "$HELLO_DEFAULT" "15000000" "$BAO_BOOT" ""
	row "hello ECDSA: reset -> guest entry (debug log)" "$TOTAL_EC" "" "" ""
	for p in "${PHASES[@]}"; do
		row "  phase: $p" "$(ph hello-ec "$p")" "" "" ""
	done
	row "  outside the signature arithmetic" "$((TOTAL_EC - SIG_EC))" "1500000" "" ""
	row "hello RSA-3072-PSS: reset -> guest entry" "$TOTAL_RSA" "5000000" "$BAO_BOOT" ""
	for im in big-1M-ec big-8M-ec big-1M-rsa big-8M-rsa; do
		t=$(ph $im total)
		row "${im#big-} image ($(mega "${BYTES[$im]}")B): reset -> guest" "$t" "" "" ""
		row "  per image byte" "$(div "$t" "${BYTES[$im]}")" \
			"$([ "${im%%-*}" = 8M ] && echo 2.00)" "" ""
		row "  capture/hash/signature/copy" "$(ph $im capture)/$(ph $im hash)/$(ph $im signature)/$(ph $im copy)" "" "" ""
	done
	row "extra image byte (1 MiB -> 8 MiB, ECDSA), all phases" "$(slope big-1M-ec big-8M-ec total)" "" "" ""
	for p in capture hash placement copy; do
		row "  of which $p" "$(slope big-1M-ec big-8M-ec $p)" "" "" ""
	done
	row "SHA-256 per byte, SHA-2 instructions" "$SHA_CE" "" "" "$FLOOR_SHA"
	row "SHA-256 per byte, C code (MV_SHA2=0 build)" "$SHA_C" "" "" ""
	row "  hello ECDSA, C code: reset -> guest entry" "$(ph nosha2-hello-ec total)" "" "" ""
	row "  8 MiB ECDSA, C code: reset -> guest entry" "$(ph nosha2-big-8M-ec total)" "" "" ""
	row "ECDSA P-256 verify (signature phase)" "$SIG_EC" "" "" ""
	row "RSA-3072-PSS verify (signature phase)" "$SIG_RSA" "" "" ""
	row "verifier heap peak, ECDSA / RSA-PSS (bytes)" "$HEAP_EC / $HEAP_RSA" "" "" ""
	row "null call (SMCCC_VERSION), EL2 instructions" "$(call "$CALL_EL2" null)" "80" "$BAO_HVC" ""
	row "48-byte console write, EL2 instructions" "$(call "$CALL_EL2" write48)" "700" "" ""
	row "empty console read, EL2 instructions" "$(call "$CALL_EL2" read)" "" "" ""
	row "null call, round trip seen by the guest" "$(call "$CALL_RT" null)" "" "" ""
	for g in 4K 16K 64K; do
		row "stage-2 first touch, ${SEG[$g]} segment ($g granule)" "${TOUCH[$g]}" "" "" ""
	done
	row "emulated GICD read (GICD_TYPER), EL2 instructions" "$GICD" "" "$BAO_GICD" ""
	row "timer interrupt: EL2 entry to the guest's handler" "$TIMER_LAT" "" "" ""
	row "timer interrupt: EL2 instructions, injection + EOI" "$TIMER_EL2" "" "" ""
	row "given SPI (PL061): device to the guest's handler" "$DEV_LAT" "" "" ""
	row "given SPI: EL2 instructions, injection + EOI" "$DEV_EL2" "" "" ""
	row "boot cost of each extra CPU (hello, 4 CPUs vs 1)" "$CPU_BOOT" "" "" ""
	row "SGI round trip between two vCPUs (CPU 0 -> 1 -> 0)" "$SGI_RT" "" "" ""
	if [ -n "${LX_RATIO:-}" ]; then
		row "stock Linux to /init: under the microvisor / native" "${LX_RATIO}x" "1.10x" "" ""
		row "  native (QEMU reset to /init)" "$LX_NATIVE" "" "" ""
		row "  microvisor before guest entry (28 MB image)" "$LX_PRE" "" "" ""
		row "  guest entry to /init under the microvisor" "$LX_GUEST" "" "" ""
		echo "  exits to /init and power-off: $LX_EXITS"
	else
		row "stock Linux: boot vs native" "no build/images/linux.mvimg" "1.10x" "" ""
	fi
	echo
	echo "footprint in KiB (from $MAP)"
	printf '%-10s' ""
	for o in "${ORIGINS[@]}" total; do printf '%10s' "$o"; done
	printf '%10s\n' "Bao"
	for s in "${SECS[@]}"; do
		printf '%-10s' "$s"
		tot=0
		for o in "${ORIGINS[@]}"; do
			printf '%10s' "$(kb "$(fp $s $o)")"
			tot=$((tot + $(fp $s $o)))
		done
		printf '%10s' "$(kb $tot)"
		[ $s = text ] && printf '%10s' "$BAO_TEXT_KB"
		echo
	done
}

# ---- build/bench.json -------------------------------------------------------
{
	echo "{"
	echo "  \"unit\": \"instructions (QEMU -icount shift=0)\","
	echo "  \"cpu\": \"cortex-a57\","
	echo "  \"hello_ecdsa_reset_to_guest_default_log\": $HELLO_DEFAULT,"
	echo "  \"boot_per_extra_cpu\": $CPU_BOOT,"
	echo "  \"sgi_round_trip_two_vcpus\": $SGI_RT,"
	for im in hello-ec hello-rsa big-1M-ec big-8M-ec big-1M-rsa big-8M-rsa nosha2-hello-ec nosha2-big-1M-ec nosha2-big-8M-ec; do
		printf '  "%s": {"image_bytes": %s' "$im" "${BYTES[$im]}"
		for p in "${PHASES[@]}" total; do
			printf ', "%s": %s' "$p" "$(ph $im $p)"
		done
		echo "},"
	done
	echo "  \"sha256_per_byte\": {\"sha2_instructions\": $SHA_CE, \"c\": $SHA_C, \"floor\": $FLOOR_SHA},"
	echo "  \"extra_image_byte_ecdsa\": $(slope big-1M-ec big-8M-ec total),"
	echo "  \"verifier_heap_peak_bytes\": {\"ecdsa\": $HEAP_EC, \"rsa_pss\": $HEAP_RSA},"
	echo "  \"calls_el2\": {\"null\": $(call "$CALL_EL2" null), \"write48\": $(call "$CALL_EL2" write48), \"read0\": $(call "$CALL_EL2" read)},"
	echo "  \"calls_round_trip\": {\"null\": $(call "$CALL_RT" null), \"write48\": $(call "$CALL_RT" write48), \"read0\": $(call "$CALL_RT" read)},"
	printf '  "stage2_first_touch": {'
	sep=""
	for g in 4K 16K 64K; do
		printf '%s"%s": {"segment": "%s", "instructions": %s}' "$sep" $g "${SEG[$g]}" "${TOUCH[$g]}"
		sep=", "
	done
	echo "},"
	printf '  "footprint_bytes": {'
	sep=""
	for s in "${SECS[@]}"; do
		printf '%s"%s": {' "$sep" $s
		sep2=""
		for o in "${ORIGINS[@]}"; do
			printf '%s"%s": %s' "$sep2" $o "$(fp $s $o)"
			sep2=", "
		done
		printf '}'
		sep=", "
	done
	echo "},"
	echo "  \"gic\": {\"gicd_read_el2\": $GICD, \"timer_latency\": $TIMER_LAT, \"timer_inject_eoi_el2\": $TIMER_EL2, \"device_spi_latency\": $DEV_LAT, \"device_spi_inject_eoi_el2\": $DEV_EL2},"
	if [ -n "${LX_RATIO:-}" ]; then
		echo "  \"linux\": {\"ratio\": $LX_RATIO, \"native\": $LX_NATIVE, \"before_guest\": $LX_PRE, \"guest_to_init\": $LX_GUEST},"
	fi
	echo "  \"bao\": {\"reset_to_guest\": $BAO_BOOT, \"hvc_round_trip\": $BAO_HVC, \"gicd_read\": $BAO_GICD, \"text_kb\": $BAO_TEXT_KB}"
	echo "}"
} >"$OUT"
echo "bench: wrote $OUT" >&2
