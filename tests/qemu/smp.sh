# tests/qemu/smp.sh - QEMU cases for several CPUs: the smp appliance on every CPU the device tree lists (a shared atomic counter, SGI ping-pong, first touches from all CPUs at once, a crash on CPU 2) and the hostile cpu-on attack, mostly with -smp 4.
#
# Sourced by tests/run.sh after irq.sh ($BUILD_DIR and $TEST_DIR come
# from there). The images are build/images/smp.mvimg (the count mode),
# tests/qemu/smp.mk's variants smp-MODE.mvimg and hostile.mk's
# hostile-cpu-on.mvimg. Every case name starts "smp-" (CASES=smp). With
# SMP, vCPU n's MPIDR is 0x8000000n (bit 31 RES1, Aff0 = n); a guest with
# one vCPU also has the U bit (0xc0000000).

IMG=${IMG:-$BUILD_DIR/images}
SMP_EOL='[[:space:]]*$' # the console ends lines with CR LF
SMP_SAFE=(
	"reject=PANIC"
	"reject=integrity[^:]*: .*CHANGED"
	"expect=integrity after the guest: text, rodata and EL2 tables unchanged"
	"reject=^guest: .*(WRONG|FAILED)"
	"reject=^guest: runtime: "
)
smp_end() { echo "expect=^microvisor: guest exited: reason=$1 status=$2$SMP_EOL"; }

# scase NAME MV CPU RC IMAGE [options...]: boots build/images/IMAGE.mvimg
# on microvisor build mv-MV with -smp 4 and exit=semihosting. Options are
# qcase's, plus smp=N (QEMU's CPUs) and qemu=ARGS (added to -initrd and
# -smp); append= replaces exit=semihosting (keep it in).
scase() {
	local name=$1 mv=$2 cpu=$3 rc=$4 image=$5 smp=4 extra="" opt
	local append="exit=semihosting"
	local -a opts=()
	shift 5
	for opt in "$@"; do
		case $opt in
		smp=*) smp=${opt#smp=} ;;
		qemu=*) extra+=" ${opt#qemu=}" ;;
		append=*) append=${opt#append=} ;;
		*) opts+=("$opt") ;;
		esac
	done
	qcase "smp-$name" "mv-$mv" "$cpu" "$rc" "append=$append" \
		"qemu=-initrd $IMG/$image.mvimg -smp $smp$extra" \
		"${SMP_SAFE[@]}" "${opts[@]}"
}

# smp_up N: CPUs 0..N-1 each say they are up, once, with their MPIDR;
# nobody else does.
smp_up() {
	local n=$1 i
	for ((i = 0; i < n; i++)); do
		echo "count=1:^guest: smp: CPU $i up, MPIDR 0x8000000$i$SMP_EOL"
	done
	echo "count=$n:^guest: smp: CPU [0-9]+ up"
}

# smp_slept N: N CPUs each slept in WFI on its own virtual timer.
smp_slept() {
	echo "count=$1:^guest: smp: CPU [0-9]+ slept [0-9]+ us in WFI on its own timer \\([1-9][0-9]* timer interrupts\\)$SMP_EOL"
}

# ---- count: every CPU sleeps on its own timer, then adds 100000 to one
# counter with atomics ---------------------------------------------------
mapfile -t up4 < <(smp_up 4)
for spec in cortex-a57:4K max:64K; do
	cpu=${spec%:*} g=${spec#*:}
	scase "count-$cpu-$g" "$g" "$cpu" 0 smp "${up4[@]}" "$(smp_slept 4)" \
		"expect=^guest: smp: 4 CPUs, counter 400000 \\(expected 400000\\): ok$SMP_EOL" \
		"$(smp_end exit 0)"
done
# cpus=2 on the command line: the guest gets two of QEMU's four CPUs.
mapfile -t up2 < <(smp_up 2)
scase count-cpus2-cortex-a57-4K 4K cortex-a57 0 smp \
	"append=exit=semihosting cpus=2" "${up2[@]}" "$(smp_slept 2)" \
	"expect=^guest: smp: 2 CPUs, counter 200000 \\(expected 200000\\): ok$SMP_EOL" \
	"$(smp_end exit 0)"
# One CPU: the sample runs on CPU 0 alone.
scase count-1cpu-neoverse-n1-16K 16K neoverse-n1 0 smp smp=1 \
	"count=1:^guest: smp: CPU 0 up, MPIDR 0xc0000000$SMP_EOL" \
	"count=1:^guest: smp: CPU [0-9]+ up" "$(smp_slept 1)" \
	"expect=^guest: smp: 1 CPU, counter 100000 \\(expected 100000\\): ok$SMP_EOL" \
	"$(smp_end exit 0)"

# ---- pingpong: an SGI from CPU 0 to CPU 1 and back, 1000 times ---------
# Under -icount the PMU's cycles are instructions: a figure to compare.
scase pingpong-cortex-a57-4K 4K cortex-a57 0 smp-pingpong \
	"qemu=-icount shift=0,align=off" "${up2[@]}" \
	"expect=^guest: smp: pingpong: 1000 round trips CPU 0 -> CPU 1 -> CPU 0 by SGI, [0-9]+ cycles each" \
	"expect=^guest: smp: pingpong: 1000 of 1000 round trips, CPU 1 took 1000 pings: ok$SMP_EOL" \
	"$(smp_end exit 0)"
scase pingpong-max-16K 16K max 0 smp-pingpong smp=2 "${up2[@]}" \
	"expect=^guest: smp: pingpong: 1000 of 1000 round trips, CPU 1 took 1000 pings: ok$SMP_EOL" \
	"$(smp_end exit 0)"

# ---- faults: four CPUs write the same fresh 32 MiB at once -------------
# 16 segments of 2 MiB with 4K pages, one of 32 MiB with 16K: each first
# touched by several CPUs together; every word must hold its writer's.
for spec in cortex-a57:4K neoverse-n1:16K; do
	cpu=${spec%:*} g=${spec#*:}
	scase "faults-$cpu-$g" "$g" "$cpu" 0 smp-faults "${up4[@]}" \
		"expect=^guest: smp: faults: 4 CPUs wrote 32 MiB at IPA 0x42000000 together" \
		"expect=^guest: smp: faults: all 4194304 words checked: ok$SMP_EOL" \
		"$(smp_end exit 0)"
done

# ---- print: 50 lines from each CPU at once, with malloc ----------------
# Every line whole: the runtime's stdio lock and the console's.
scase print-max-4K 4K max 0 smp-print "${up4[@]}" \
	"count=200:^guest: smp: print: CPU [0-3] line [0-9]+ of 50, [0-9]+\\.[0-9]{3} x{40}$SMP_EOL" \
	"count=205:^guest: " \
	"expect=^guest: smp: print: 4 CPUs printed 50 lines each: ok$SMP_EOL" \
	"$(smp_end exit 0)"

# ---- a crash on CPU 2 ends the whole appliance --------------------------
scase crash-cpu2-cortex-a57-4K 4K cortex-a57 164 smp-crash "${up4[@]}" \
	"expect=^guest: smp: crash: CPU 2 loads from IPA 0x0$SMP_EOL" \
	"expect=^microvisor: error: guest crashed: data access at IPA 0x0 " \
	"expect=^microvisor: error:   on vCPU 2 of 4 \\(MPIDR 0x80000002\\); the others are being stopped" \
	"count=1:guest crashed" "expect=^microvisor: guest: all 4 vCPUs stopped" \
	"reject=^guest: smp: crash: the load returned" \
	"$(smp_end crash 164)"

# ---- hostile: CPU_ON and AFFINITY_INFO, documented answers only --------
CPU_ON_LINE="^guest: hostile: cpu-on:"
scase hostile-cpu-on-cortex-a57-4K 4K cortex-a57 0 hostile-cpu-on \
	"expect=image verified: .*\"hostile-cpu-on\"" \
	"expect=$CPU_ON_LINE 4 CPUs in the device tree" \
	"expect=$CPU_ON_LINE CPU_ON target 0x4 entry 0x[0-9a-f]+: -2 \\(as documented\\)" \
	"expect=$CPU_ON_LINE CPU_ON target 0x101 entry 0x[0-9a-f]+: -2 \\(as documented\\)" \
	"expect=$CPU_ON_LINE CPU_ON target 0xffffffffffffffff entry 0x[0-9a-f]+: -2 \\(as documented\\)" \
	"expect=$CPU_ON_LINE CPU_ON target 0x0 entry 0x[0-9a-f]+: -4 \\(as documented\\)" \
	"expect=$CPU_ON_LINE CPU_ON target 0x1 entry 0x1000: -9 \\(as documented\\)" \
	"expect=$CPU_ON_LINE CPU_ON target 0x1 entry 0xfffffffffffc: -9 \\(as documented\\)" \
	"count=6:$CPU_ON_LINE CPU_ON target 0x1 entry 0x[0-9a-f]+: -9 \\(as documented\\)" \
	"expect=$CPU_ON_LINE CPU_ON target 0x1, first: 0 \\(as documented\\)" \
	"expect=$CPU_ON_LINE CPU_ON target 0x1, at once again: -[45] \\(as documented\\)" \
	"count=3:$CPU_ON_LINE AFFINITY_INFO target 0x1 once it called CPU_OFF: 1 \\(as documented\\)" \
	"expect=$CPU_ON_LINE CPU_ON \\(SMC32 form\\) target 0x1: 0 \\(as documented\\)" \
	"expect=$CPU_ON_LINE ([0-9]+) of \\1 answers as documented" \
	"reject=guest crashed" "$(smp_end exit 0)"
scase hostile-cpu-on-1cpu-max-64K 64K max 0 hostile-cpu-on smp=1 \
	"expect=$CPU_ON_LINE 1 CPU in the device tree" \
	"expect=$CPU_ON_LINE CPU_ON target 0x1 entry 0x[0-9a-f]+: -2 \\(as documented\\)" \
	"expect=$CPU_ON_LINE 13 of 13 answers as documented" "$(smp_end exit 0)"

# ---- a restart with four CPUs: each life starts all four again ----------
# on_exit=restart: the sample ends, the microvisor stops every vCPU,
# checks itself and starts the next life (three in a row, then it gives
# up); every life counts right.
scase restart-cortex-a57-4K 4K cortex-a57 0 smp \
	"append=exit=semihosting on_exit=restart" \
	"count=4:^guest: smp: 4 CPUs, counter 400000 \\(expected 400000\\): ok$SMP_EOL" \
	"count=4:^microvisor: guest: all 4 vCPUs stopped" \
	"count=4:integrity after the guest: text, rodata and EL2 tables unchanged" \
	"expect=on_exit=restart: 3 restarts in a row, giving up"

# ---- the watchdog with several CPUs: CPU 0's EL2 timer ends them all ----
# watchdog-wedge spins on vCPU 0 with its interrupts masked while the
# other three are off: the watchdog still ends the guest (no
# exit=semihosting: status 124 is timeout(1)'s too, see irq.sh).
scase watchdog-wedge-cortex-a57-4K 4K cortex-a57 0 watchdog-wedge \
	"append=watchdog=1" \
	"expect=^guest: watchdog: wedge: timer due with IRQs masked; spinning" \
	"expect=^microvisor: error: watchdog: no MV_WATCHDOG call for 1 s: ending the guest" \
	"expect=^microvisor: guest: all 4 vCPUs stopped" \
	"$(smp_end watchdog 124)"

# ---- vCPU 0 off, the others go on -----------------------------------------
# CPU 0 turns itself off; CPU 1 reads the distributor, which is vCPU 0's
# state: CPU 0 serves it from its wait loop. MV_EXIT from CPU 1 ends the
# appliance; both vCPUs are stopped before the end line.
scase off0-cortex-a57-4K 4K cortex-a57 0 smp-off0 smp=2 "${up2[@]}" \
	"expect=^guest: smp: off0: CPU 0 turns itself off" \
	"expect=^guest: smp: off0: CPU 0 is off \\(AFFINITY_INFO 1\\)" \
	"expect=^guest: smp: off0: GICD_TYPER 0x[0-9a-f]+ read from CPU 1: ok" \
	"expect=^microvisor: guest: all 2 vCPUs stopped" "$(smp_end exit 0)"
