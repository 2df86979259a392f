# tests/qemu/cases.sh - the QEMU integration cases: boot matrix, refusals, panics, bad options.

# Every boot that gets this far prints these, in this order of events.
BOOTED=(
	"expect=microvisor: CPU: "
	"expect=boot tables at PA 0x[0-9a-f]+: init page PA 0x[0-9a-f]+ mapped by identity and at trampoline VA 0xffffffff0000"
	"expect=runtime tables active: TTBR0_EL2 0x[0-9a-f]+ \\(was boot tables 0x[0-9a-f]+\\), switched via trampoline VA 0xffffffff0000; running at VA 0x7f0000000000"
	"expect=EL2 self-check: W\\^X and guard pages confirmed"
	"expect=SHA-256: NIST examples pass on the SHA-2 instructions and on the C fallback"
	"reject=PANIC"
)
NO_IMAGE="expect=no appliance image was given"

# The CPU x granule matrix: 4K and 64K everywhere, 16K where the CPU has it.
for cpu in cortex-a53 cortex-a57 cortex-a72 neoverse-n1 max; do
	for g in 4K 64K; do
		qcase "boot-$cpu-$g" "mv-$g" "$cpu" 3 append=exit=semihosting \
			"${BOOTED[@]}" "$NO_IMAGE" "expect=microvisor \\S+ \\(qemu-virt, ${g%K}K granule"
	done
done
for cpu in neoverse-n1 max; do
	qcase "boot-$cpu-16K" mv-16K "$cpu" 3 append=exit=semihosting \
		"${BOOTED[@]}" "$NO_IMAGE" "expect=granules: stage 1 4K 16K 64K"
done
for cpu in cortex-a53 cortex-a57 cortex-a72; do
	qcase "refuse-16K-$cpu" mv-16K "$cpu" 2 append=exit=semihosting \
		"expect=built for 16K pages, which this CPU \\(Arm Cortex-A[0-9]+ r[0-9]p[0-9]\\) does not support; it supports 4K 64K" \
		"reject=runtime tables active"
done
qcase boot-4K-levels mv-4K cortex-a57 3 append=exit=semihosting \
	"expect=EL2 stage 1: 4K granule, 48-bit VA, 4 levels"
qcase boot-64K-levels mv-64K cortex-a57 3 append=exit=semihosting \
	"expect=EL2 stage 1: 64K granule, 48-bit VA, 3 levels"

# Without semihosting the stop is a real PSCI SYSTEM_OFF: QEMU exits 0.
qcase poweroff-psci mv-4K cortex-a57 0 "${BOOTED[@]}" "$NO_IMAGE"

# The init code forced across a page boundary runs from a bounce page.
for g in 4K 16K 64K; do
	qcase "bounce-$g" "mv-bounce-$g" max 3 append=exit=semihosting \
		"expect=init code PA 0x[0-9a-f]+-0x[0-9a-f]+ crosses a page boundary: running a bounce copy at PA 0x[0-9a-f]+" \
		"${BOOTED[@]}" "$NO_IMAGE"
done

# A test-only build dereferences an unmapped address after boot.
qcase panic-decoded mv-panic cortex-a57 125 append=exit=semihosting \
	"expect=provoking an EL2 data abort" \
	"expect=PANIC: synchronous exception at EL2 \\(current EL with SP_EL2, vector 4\\)" \
	"expect=cause: data abort from the current EL \\(EC 0x25\\)" \
	"expect=abort: translation fault, level [0-3]; write" \
	"expect=FAR_EL2 0000000000000010" \
	"expect=ESR_EL2 [0-9a-f]{16}  ELR_EL2 00007f" \
	"expect=x0  [0-9a-f]{16}  x1  [0-9a-f]{16}" \
	"expect=x30 [0-9a-f]{16}  sp  00007f" \
	"expect=powering off after the panic"
qcase panic-psci-poweroff mv-panic cortex-a57 0 \
	"expect=PANIC: synchronous exception" "expect=powering off after the panic"

# Entered at EL1 (no virtualization extensions): say why and stop the CPU.
qcase wrong-el mv-4K cortex-a57 timeout machine=virt,gic-version=3 \
	"expect=entered at EL1, but the microvisor must be started at EL2" \
	"reject=runtime tables active"

# Something that is not an image, given as the initrd, is refused.
qcase initrd-not-an-image mv-4K cortex-a57 4 append=exit=semihosting \
	"qemu=-initrd $HERE/qemu/cases.sh" \
	"expect=appliance image \\(initrd\\): 0x[0-9a-f]+-0x[0-9a-f]+ \\([0-9]+ bytes\\)" \
	"expect=appliance image rejected: " "expect=no guest runs" \
	"reject=starting the appliance"

# Options: each bad value gets its own message and a clean stop.
qcase opts-shown mv-4K cortex-a57 3 "append=exit=semihosting rma_size=256M rma_count=2 on_exit=halt ipa_bits=40 loglevel=debug" \
	"expect=options: rma_size=256M rma_count=2 on_exit=halt ipa_bits=40 loglevel=debug exit=semihosting"
qcase opts-loglevel-error mv-4K cortex-a57 3 "append=exit=semihosting loglevel=error" \
	"reject=microvisor: CPU: " "expect=error: no appliance image"
badopt() {
	local name=$1 args=$2 re=$3
	qcase "badopt-$name" mv-4K cortex-a57 2 "append=exit=semihosting $args" \
		"expect=error: bootargs: $re" "expect=boot stopped: bad boot input" \
		"reject=runtime tables active"
}
badopt rma_size-not-pow2 "rma_size=3M" "invalid rma_size '3M'"
badopt rma_size-too-small "rma_size=1M" "invalid rma_size '1M'"
badopt rma_size-garbage "rma_size=lots" "invalid rma_size 'lots'"
badopt rma_count-zero "rma_count=0" "invalid rma_count '0'"
badopt on_exit "on_exit=reboot" "invalid on_exit 'reboot': accepted values are poweroff, halt, restart"
badopt ipa_bits "ipa_bits=41" "invalid ipa_bits '41'"
badopt loglevel "loglevel=loud" "invalid loglevel 'loud'"
badopt unknown "frobnicate=1" "unknown option 'frobnicate'; known options: rma_size rma_count on_exit ipa_bits loglevel exit watchdog passthrough cpus"
badopt novalue "rma_size" "option 'rma_size' needs a value"
badopt duplicate "rma_count=1 rma_count=2" "option 'rma_count' given twice"
# exit= itself bad: no semihosting, so the stop is a PSCI power-off.
qcase badopt-exit mv-4K cortex-a57 0 "append=exit=now" \
	"expect=error: bootargs: invalid exit 'now'" "expect=boot stopped: bad boot input"

# ---- stage 2: geometry confirmed by the MMU, RMA pool, gmap ------------
TINY="qemu=-initrd $TEST_DIR/images/tiny.mvimg"
S2OK=(
	"$TINY"
	"expect=stage-2 self-check: [0-9]+ translations confirmed by AT S12E1R"
	"expect=stage 2 ready: guest RAM IPA 0x40000000-"
	"expect=guest: hi tiny ok"
	"expect=microvisor: guest exited: reason=exit status=0"
	"reject=PANIC"
)
# Folding depth k = 0, 1, 2 and concatenated roots, with exact VTCR values.
s2fold() {
	local name=$1 img=$2 cpu=$3 ipa=$4 re=$5
	qcase "s2-fold-$name" "$img" "$cpu" 0 "append=exit=semihosting rma_size=1G ipa_bits=$ipa" \
		"${S2OK[@]}" "expect=$re"
}
s2fold 4K-48-k0 mv-4K neoverse-n1 48 "4K granule, 48-bit IPA, PARange 48, start level 0, 1 concatenated root table\\(s\\) \\(4096 bytes\\), 0 folded level\\(s\\), VTCR_EL2 0x80053590"
s2fold 4K-44-k0 mv-4K cortex-a72 44 "start level 0, 1 concatenated root table\\(s\\) \\(256 bytes\\), 0 folded level\\(s\\), VTCR_EL2 0x80043594"
s2fold 4K-40-k1 mv-4K cortex-a53 40 "start level 1, 2 concatenated root table\\(s\\) \\(8192 bytes\\), 1 folded level\\(s\\), VTCR_EL2 0x80023558"
s2fold 4K-32-k2 mv-4K cortex-a53 32 "start level 2, 4 concatenated root table\\(s\\) \\(16384 bytes\\), 2 folded level\\(s\\), VTCR_EL2 0x80023520"
s2fold 16K-40-k2 mv-16K neoverse-n1 40 "start level 2, 16 concatenated root table\\(s\\) \\(262144 bytes\\), 2 folded level\\(s\\), VTCR_EL2 0x8005b558"
s2fold 16K-48-k1 mv-16K max 48 "start level 1, 2 concatenated root table\\(s\\) \\(32768 bytes\\), 1 folded level\\(s\\), VTCR_EL2 0x8005b590"
s2fold 64K-44-k1 mv-64K cortex-a72 44 "start level 2, 4 concatenated root table\\(s\\) \\(262144 bytes\\), 1 folded level\\(s\\), VTCR_EL2 0x80047554"
s2fold 64K-48-k0 mv-64K neoverse-n1 48 "start level 1, 1 concatenated root table\\(s\\) \\(512 bytes\\), 0 folded level\\(s\\), VTCR_EL2 0x80057590"
s2fold 64K-52-k0 mv-64K max 52 "start level 1, 1 concatenated root table\\(s\\) \\(8192 bytes\\), 0 folded level\\(s\\), VTCR_EL2 0x8006758c"
# Refusals, each with its reason.
s2bad() {
	local name=$1 img=$2 cpu=$3 args=$4 re=$5
	qcase "s2-bad-$name" "$img" "$cpu" 2 "append=exit=semihosting $args" \
		"expect=$re" "expect=boot stopped: bad boot input" "reject=stage 2 ready"
}
s2bad ipa-over-parange mv-4K cortex-a53 "ipa_bits=44" "stage 2: a 44-bit IPA exceeds the CPU's 40-bit PARange \\(check ipa_bits=\\)"
s2bad 4K-52-lpa2 mv-4K max "ipa_bits=52" "a 52-bit IPA with 4K granules needs FEAT_LPA2"
s2bad 16K-52-lpa2 mv-16K max "ipa_bits=52" "a 52-bit IPA with 16K granules needs FEAT_LPA2"
s2bad rma-outside-ipa mv-4K cortex-a57 "ipa_bits=32 rma_size=4G" "rma_size=4G at IPA 0x40000000 does not fit a 32-bit IPA space"
s2bad rma-too-many mv-4K cortex-a57 "rma_size=1G rma_count=2" "RMA pool: not enough contiguous memory for 2 RMA\\(s\\) of 1G, each aligned to its size: 1 carved; the largest free range left is 0x[0-9a-f]+-0x[0-9a-f]+ \\([0-9]+M\\)"
s2bad rma-too-big mv-4K cortex-a57 "rma_size=4G" "not enough contiguous memory for 1 RMA\\(s\\) of 4G, each aligned to its size: 0 carved"
# Several RMAs come from the top of RAM down, clear of the DTB and initrd.
qcase s2-rma-count mv-4K cortex-a57 0 "append=exit=semihosting rma_size=256M rma_count=4" \
	"${S2OK[@]}" \
	"expect=RMA 0: PA 0xb0000000-0xbfffffff" "expect=RMA 1: PA 0xa0000000-0xafffffff" \
	"expect=RMA 2: PA 0x90000000-0x9fffffff" "expect=RMA 3: PA 0x80000000-0x8fffffff"

# ---- signed images: verified, or refused with the reason -----------------
IMG=$BUILD_DIR/images
RUNS=(
	"expect=image verified: ECDSA-P256-SHA256 signature by key [0-9a-f]{16}"
	"expect=appliance image: [0-9]+ bytes copied to the microvisor's private store; the original at 0x[0-9a-f]+ is wiped"
	"expect=DEVELOPMENT KEY"
	"expect=starting the appliance"
	"reject=PANIC"
)
badimg() {
	local name=$1 file=$2 re=$3
	shift 3
	qcase "image-$name" mv-4K cortex-a57 4 append=exit=semihosting "qemu=-initrd $file $*" \
		"expect=appliance image rejected: $re" "expect=no guest runs" \
		"reject=starting the appliance"
}
badimg tampered "$TEST_DIR/images/bad-tampered.mvimg" "segment 0 \\(KERNEL\\) does not match its SHA-256"
badimg header "$TEST_DIR/images/bad-header.mvimg" "signature does not verify"
badimg v1-tampered "$TEST_DIR/images/bad-v1-tampered.mvimg" "signature does not verify"
# The default log is short: what runs, the verified image, the guest's
# start and end (loglevel=notice); loglevel=info brings back every step.
qcase log-default-short mv-4K cortex-a57 0 "append=exit=semihosting loglevel=notice" \
	"qemu=-initrd $IMG/hello.mvimg" \
	"count=8:^microvisor: " \
	"expect=^microvisor: microvisor \\S+ \\(qemu-virt, 4K granule\\)" \
	"expect=^microvisor: CPU: Arm Cortex-A57" "expect=^microvisor: RAM total: 2048 MiB" \
	"expect=^microvisor: warning: \\*\\*\\* DEVELOPMENT KEY" \
	"expect=^microvisor: image verified: ECDSA-P256-SHA256" \
	"expect=^microvisor: starting the appliance" "expect=^guest: Hello from the appliance!" \
	"expect=^microvisor: guest exited: reason=exit status=0" \
	"expect=^microvisor: integrity after the guest: text, rodata and EL2 tables unchanged"

# Text that differs from the digest the build stamped in (one padding byte
# changed in the file) is caught by the check after the guest, which stops
# the microvisor; unchanged text is what every other case asserts.
qcase integrity-text-flipped mv-flipped cortex-a57 125 append=exit=semihosting \
	"qemu=-initrd $IMG/hello.mvimg" \
	"expect=^guest: Hello from the appliance!" \
	"expect=integrity after the guest: text, rodata or EL2 tables CHANGED: text differs from the build; sha256 [0-9a-f]+… recorded" \
	"expect=PANIC: the microvisor was modified while the guest ran"

# A build that ignores the SHA-2 instructions (as on a board without
# them) hashes, verifies and runs on mbedTLS's C code, on a CPU with
# SHA-256 only and on one with SHA-512 too (ID_AA64ISAR0_EL1.SHA2 = 2).
for cpu in cortex-a57 max; do
	qcase "sha256-c-only-$cpu" mv-nosha2 "$cpu" 0 append=exit=semihosting \
		"qemu=-initrd $IMG/hello.mvimg" \
		"expect=SHA-256: NIST examples pass on the C code \\(this build ignores the CPU's SHA-2 instructions: MV_SHA2=0\\)" \
		"${RUNS[@]}" "expect=^microvisor: guest exited: reason=exit status=0" \
		"expect=integrity after the guest: text, rodata and EL2 tables unchanged"
done

# The bench appliance (make bench) runs and reports: its figures are make
# bench's business, that it keeps working is the tests'.
qcase bench-appliance-runs mv-4K cortex-a57 0 "append=exit=semihosting rma_size=1G" \
	"qemu=-initrd $IMG/bench.mvimg" \
	"expect=^guest: bench: EL2 instructions per call: null [0-9.]+, read [0-9]+, write48 [0-9]+" \
	"expect=^guest: bench: round trip instructions per call: null [0-9.]+" \
	"expect=^guest: bench: first touch: [0-9]+ segments, EL2 instructions each: mean [0-9]+" \
	"expect=^microvisor: guest exited: reason=exit status=0"

# Format 1, the older format, still boots.
qcase image-format1 mv-4K cortex-a57 0 append=exit=semihosting \
	"qemu=-initrd $TEST_DIR/images/hello-v1.mvimg" "${RUNS[@]}" \
	"expect=bootargs \"format one\"" \
	"expect=^microvisor: guest exited: reason=exit status=0"
badimg truncated "$TEST_DIR/images/bad-truncated.mvimg" "image is [0-9]+ bytes but header\\+trailer say [0-9]+"
badimg magic "$TEST_DIR/images/bad-magic.mvimg" "bad magic"
badimg untrusted-key "$TEST_DIR/images/bad-key.mvimg" "unknown key id [0-9a-f]{64}"
badimg counter-floor "$IMG/hello.mvimg" "security counter 1 is below the floor 5" "-dtb $TEST_DIR/dtb/floor5.dtb"
qcase image-too-big-for-rma mv-4K cortex-a57 4 "append=exit=semihosting rma_size=256M" \
	"qemu=-initrd $IMG/hello-big.mvimg" \
	"expect=appliance image rejected: the image needs 512M of guest RAM but the RMA is 256M \\(raise rma_size=\\)" \
	"reject=starting the appliance"

# An image valid for its own guest_mem_size is valid for every rma_size at
# least that large: an initrd ending where the device tree's last 64 KiB
# begin boots with exactly 64M and with more.
for rma in 64M 256M; do
	qcase "image-dtb-edge-$rma" mv-4K cortex-a57 0 "append=exit=semihosting rma_size=$rma" \
		"qemu=-initrd $TEST_DIR/images/hello-dtb-edge.mvimg" "${RUNS[@]}" \
		"expect=^guest: Hello from the appliance!" \
		"expect=^microvisor: guest exited: reason=exit status=0"
done

# ---- the matrix: every CPU model x granule it has x a small and a large RMA,
# each booting hello and memtest (memtest touches all of guest RAM, so
# every segment is populated on first touch) ----------------------------------
for cpu in cortex-a53 cortex-a57 cortex-a72 neoverse-n1 max; do
	grans="4K 64K"
	case $cpu in neoverse-n1 | max) grans="4K 16K 64K" ;; esac
	for g in $grans; do
		for rma in 64M 1G; do
			ramend=0x43ffffff mib=64
			[ $rma = 1G ] && ramend=0x7fffffff mib=1024
			qcase "matrix-hello-$cpu-$g-$rma" "mv-$g" "$cpu" 0 \
				"append=exit=semihosting rma_size=$rma" \
				"qemu=-initrd $IMG/hello-64M.mvimg" "${RUNS[@]}" \
				"expect=stage-2 self-check: [0-9]+ translations confirmed by AT S12E1R" \
				"expect=stage 2 ready: guest RAM IPA 0x40000000-$ramend" \
				"expect=^guest: Hello from the appliance!" \
				"expect=^guest: hello: RAM $mib MiB at 0x40000000" \
				"expect=integrity after the guest: text, rodata and EL2 tables unchanged" \
				"expect=^microvisor: guest exited: reason=exit status=0"
			qcase "matrix-memtest-$cpu-$g-$rma" "mv-$g" "$cpu" 0 \
				"append=exit=semihosting rma_size=$rma" \
				"qemu=-initrd $IMG/memtest-64M.mvimg" "${RUNS[@]}" \
				"expect=^guest: memtest: [0-9]+ MiB OK" \
				"expect=integrity after the guest: text, rodata and EL2 tables unchanged" \
				"expect=^microvisor: guest exited: reason=exit status=0"
		done
		# The ABI from inside, and an exit status, at the default RMA.
		qcase "abi-fpsimd-$cpu-$g" "mv-$g" "$cpu" 0 append=exit=semihosting \
			"qemu=-initrd $IMG/fpsimd.mvimg" "${RUNS[@]}" \
			"expect=^guest: fpsimd: all [0-9]+ checks passed" "reject=^guest: FAIL" \
			"expect=^microvisor: guest exited: reason=exit status=0"
		qcase "abi-exitcode-$cpu-$g" "mv-$g" "$cpu" 42 append=exit=semihosting \
			"qemu=-initrd $IMG/exitcode.mvimg" "${RUNS[@]}" \
			"expect=^microvisor: guest exited: reason=exit status=42"
	done
done

# ---- how an appliance ends -------------------------------------------------
CRASHED="expect=^microvisor: error: guest crashed: "
qcase end-write-outside mv-4K cortex-a57 164 append=exit=semihosting \
	"qemu=-initrd $IMG/crash-write-outside.mvimg" "$CRASHED" \
	"expect=data access at IPA 0x3ff00000 \\(VA 0x3ff00000\\), below guest RAM 0x40000000-0x4fffffff \\(nothing else is mapped for this guest\\): translation fault, level [0-3]; write of 4 bytes from x[0-9]+" \
	"expect=exception: data abort from a lower EL \\(EC 0x24\\)" \
	"expect=PC 0x4000[0-9a-f]+  PSTATE" \
	"expect=^microvisor: guest exited: reason=crash status=164"
qcase end-read-unmapped mv-64K max 164 append=exit=semihosting \
	"qemu=-initrd $IMG/crash-read-unmapped.mvimg" "$CRASHED" \
	"expect=data access at IPA 0x100000000 \\(VA 0x100000000\\), above guest RAM 0x40000000-0x4fffffff .*: translation fault, level [0-3]; read of 8 bytes into x[0-9]+" \
	"expect=^microvisor: guest exited: reason=crash status=164"
qcase end-undef mv-4K cortex-a53 128 append=exit=semihosting \
	"qemu=-initrd $IMG/crash-undef.mvimg" \
	"expect=^guest: runtime: unexpected synchronous exception: undefined instruction" \
	"expect=^microvisor: guest exited: reason=exit status=128"
qcase end-el1-fault mv-16K neoverse-n1 165 append=exit=semihosting \
	"qemu=-initrd $IMG/crash-el1-fault.mvimg" \
	"expect=^guest: runtime: unexpected synchronous exception: data abort" \
	"expect=^microvisor: guest exited: reason=exit status=165"
# SMC is served like HVC (DESIGN §6): a random id is NOT_SUPPORTED.
qcase end-smc-random mv-4K cortex-a72 0 append=exit=semihosting \
	"qemu=-initrd $IMG/crash-smc-random.mvimg" \
	"expect=returned x0 = 0xffffffffffffffff \\(NOT_SUPPORTED, as expected\\)" \
	"expect=^microvisor: guest exited: reason=exit status=0"
qcase end-hvc-bad mv-4K cortex-a72 0 append=exit=semihosting \
	"qemu=-initrd $IMG/crash-hvc-bad.mvimg" \
	"expect=NOT_SUPPORTED, as expected" \
	"expect=^microvisor: guest exited: reason=exit status=0"
qcase end-psci-off mv-4K cortex-a57 0 append=exit=semihosting \
	"qemu=-initrd $TEST_DIR/images/psci-off.mvimg" \
	"expect=^microvisor: guest exited: reason=poweroff status=0"
qcase end-psci-cpuoff mv-4K cortex-a57 0 append=exit=semihosting \
	"qemu=-initrd $TEST_DIR/images/psci-cpuoff.mvimg" \
	"expect=^microvisor: guest exited: reason=poweroff status=0"
qcase end-psci-reset mv-4K cortex-a57 0 append=exit=semihosting \
	"qemu=-initrd $TEST_DIR/images/psci-reset.mvimg" \
	"expect=^microvisor: guest exited: reason=reset status=0"
qcase end-exit-status-psci mv-4K cortex-a57 0 \
	"qemu=-initrd $IMG/exitcode.mvimg" \
	"expect=^microvisor: guest exited: reason=exit status=42"

# ---- on_exit policies ------------------------------------------------------
# restart: a crashing appliance restarts in the other (fresh) RMA, then in
# a scrubbed one, and the microvisor gives up after the bound.
qcase onexit-restart mv-4K cortex-a57 164 "append=exit=semihosting on_exit=restart rma_size=256M rma_count=2" \
	"qemu=-initrd $IMG/crash-write-outside.mvimg" \
	"expect=-> RMA 0 at PA 0xb0000000" "expect=-> RMA 1 at PA 0xa0000000" \
	"expect=on_exit=restart: restarting the appliance \\(1 of 3\\)" \
	"expect=on_exit=restart: restarting the appliance \\(3 of 3\\)" \
	"expect=on_exit=restart: 3 restarts in a row, giving up" \
	"reject=restarting the appliance \\(4 of 3\\)"
qcase onexit-restart-verified-again mv-4K cortex-a57 7 "append=exit=semihosting on_exit=restart rma_count=1" \
	"qemu=-initrd $IMG/exitcode-7.mvimg" \
	"expect=restarting the appliance \\(2 of 3\\)" \
	"count=4:image verified: " "count=4:^microvisor: guest exited: reason=exit status=7" \
	"expect=giving up"
# Entropy: the bootloader's seed (QEMU's /chosen/rng-seed) goes to the
# first guest only; a restart gets RNDR's bytes where the CPU has RNDR
# (max), and none where it has not (cortex-a57).
qcase seeds-restart-no-rndr mv-4K cortex-a57 7 "append=exit=semihosting on_exit=restart rma_count=1" \
	"qemu=-initrd $IMG/exitcode-7.mvimg" \
	"count=1:guest: rng-seed and kaslr-seed from the boot device tree's /chosen/rng-seed" \
	"count=3:guest: no rng-seed or kaslr-seed: the boot device tree's seed is spent" \
	"reject=RNDR\\)"
qcase seeds-restart-rndr mv-4K max 7 "append=exit=semihosting on_exit=restart rma_count=1" \
	"qemu=-initrd $IMG/exitcode-7.mvimg" \
	"count=1:guest: rng-seed and kaslr-seed from the boot device tree's /chosen/rng-seed" \
	"count=3:guest: rng-seed and kaslr-seed from the CPU's RNDR" \
	"reject=no rng-seed"
qcase onexit-halt mv-4K cortex-a57 timeout "append=exit=semihosting on_exit=halt" \
	"qemu=-initrd $IMG/exitcode.mvimg" \
	"expect=^microvisor: guest exited: reason=exit status=42" \
	"expect=on_exit=halt: halting"

# ---- bad boot input: each a specific message and a clean stop ----------------
BB=$TEST_DIR/badboot
badboot() {
	local name=$1 stub=$2 dtb=$3 rc=$4 re=$5
	qcase "badboot-$name" mv-4K cortex-a57 "$rc" "kernel=$BB/$stub" \
		${dtb:+"qemu=-device loader,file=$BB/$dtb,addr=0x44000000"} \
		"expect=$re" "expect=boot stopped: bad boot input" \
		"reject=runtime tables active" "reject=PANIC"
}
badboot no-dtb stub-nodtb.bin "" 0 "error: no device tree: x0 was 0 at entry"
badboot truncated-dtb stub.bin truncated.dtb 0 "error: boot DTB at 0x44000000: boot DTB is malformed"
badboot bad-magic-dtb stub.bin badmagic.dtb 0 "error: boot DTB at 0x44000000: bad boot DTB header: bad magic"
badboot no-memory stub.bin no-memory.dtb 0 "error: boot DTB at 0x44000000: no /memory node with a usable reg"
badboot ram-too-small stub.bin tiny-ram.dtb 2 "error: RMA pool: not enough contiguous memory for 1 RMA\\(s\\) of 256M"

# ---- images made without mvimage's signer boot too -----------------------------
qcase image-recipe-ecdsa mv-4K cortex-a57 0 append=exit=semihosting \
	"qemu=-initrd $TEST_DIR/images/recipe-ec.mvimg" \
	"expect=image verified: ECDSA-P256-SHA256 signature .*\"made by the openssl recipe\"" \
	"expect=^guest: hello: RAM 256 MiB at 0x40000000, bootargs \"made by the recipe\"" \
	"expect=^microvisor: guest exited: reason=exit status=0"
qcase image-openssl-ecdsa mv-4K cortex-a53 0 append=exit=semihosting \
	"qemu=-initrd $TEST_DIR/images/openssl-ec.mvimg" \
	"expect=image verified: ECDSA-P256-SHA256" \
	"expect=bootargs \"signed by openssl\"" \
	"expect=^microvisor: guest exited: reason=exit status=0"
# Two trusted keys (rotation): the RSA-3072 PSS recipe image and the EC one.
qcase image-recipe-pss-two-keys mv-2keys max 0 append=exit=semihosting \
	"qemu=-initrd $TEST_DIR/images/recipe-rsa.mvimg" \
	"expect=image verified: RSA3072-PSS-SHA256 signature by key [0-9a-f]{16}… \\(trusted key 1\\)" \
	"expect=^microvisor: guest exited: reason=exit status=0"
qcase image-ecdsa-two-keys mv-2keys cortex-a57 0 append=exit=semihosting \
	"qemu=-initrd $TEST_DIR/images/recipe-ec.mvimg" \
	"expect=image verified: ECDSA-P256-SHA256 signature by key [0-9a-f]{16}… \\(trusted key 0\\)" \
	"expect=^microvisor: guest exited: reason=exit status=0"

# The other CPUs come up at EL2 through the kept boot tables and the
# trampoline, as the boot CPU did, and wait; the appliance still runs.
for spec in cortex-a57:4K max:64K max:16K; do
	cpu=${spec%:*} g=${spec#*:}
	qcase "smp4-up-$cpu-$g" "mv-$g" "$cpu" 0 append=exit=semihosting \
		"qemu=-smp 4 -initrd $IMG/hello.mvimg" \
		"expect=CPU 1 \\(MPIDR 0x1\\) up at EL2" \
		"expect=CPU 2 \\(MPIDR 0x2\\) up at EL2" \
		"expect=CPU 3 \\(MPIDR 0x3\\) up at EL2" \
		"expect=^microvisor: CPUs: 4 up at EL2 \\(MPIDR 0x0 0x1 0x2 0x3\\)" \
		"expect=guest: 4 vCPUs, vCPU n on CPU n" \
		"expect=^microvisor: guest: all 4 vCPUs stopped" \
		"expect=^microvisor: guest exited: reason=exit status=0" \
		"reject=left out" "reject=PANIC"
done
# cpus= asks for more than there are: said, and the guest gets what is.
qcase smp-cpus-more mv-4K cortex-a57 0 "append=exit=semihosting cpus=4" \
	"qemu=-smp 2 -initrd $IMG/hello.mvimg" \
	"expect=^microvisor: warning: cpus=4: only 2 CPUs can run a vCPU here; the guest gets 2" \
	"expect=^microvisor: guest: all 2 vCPUs stopped" \
	"expect=^microvisor: guest exited: reason=exit status=0"
qcase badopt-cpus mv-4K cortex-a57 2 "append=exit=semihosting cpus=9" \
	"expect=error: bootargs: invalid cpus '9': a number of vCPUs from 1 to 8" \
	"expect=boot stopped: bad boot input"
# With the init code in a bounce copy, the other CPUs enter through it.
qcase smp2-bounce mv-bounce-4K max 3 append=exit=semihosting "qemu=-smp 2" \
	"expect=running a bounce copy at PA" \
	"expect=^microvisor: CPUs: 2 up at EL2 \\(MPIDR 0x0 0x1\\)"
