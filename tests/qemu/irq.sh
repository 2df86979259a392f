# tests/qemu/irq.sh - QEMU cases for the appliance's interrupts, timer and watchdog: the runtime's GICv3 driver and time functions against the microvisor's vGIC, virtual timer, sleeping WFI and watchdog.
#
# Sourced by tests/run.sh after lib.sh and cases.sh ($BUILD_DIR, $TEST_DIR
# come from there). The images are images/apps/ticker and tests/qemu/irq.mk's
# variants of images/apps/timer and images/apps/watchdog
# (build/images/APP-MODE.mvimg, the mode as the command line). The timer
# cases boot with loglevel=debug, whose last lines count the guest's
# interrupts and GIC accesses: every case asserts that the runtime used no
# GIC register the model lacks ("(0 ignored)"). CPUs and granules are
# spread as in cases.sh (16K only on neoverse-n1 and max).

IMG=${IMG:-$BUILD_DIR/images}
IRQ_END='[[:space:]]*$' # the console ends lines with CR LF
IRQ_SAFE=(
	"reject=PANIC"
	"reject=integrity[^:]*: .*CHANGED"
	"expect=integrity after the guest: text, rodata and EL2 tables unchanged"
)
IRQ_NO_IGNORED="expect=GIC accesses \\(0 ignored\\)"
irq_end() { echo "expect=^microvisor: guest exited: reason=$1 status=$2$IRQ_END"; }
# An appliance the watchdog ends has status 124, which is also what
# timeout(1) returns, and lib.sh takes a 124 from QEMU for its own
# timeout. So those cases boot without exit=semihosting: the microvisor
# powers off by PSCI after the end (QEMU exits 0), and the case asserts
# the status in the microvisor's "guest exited" line instead.

# icase NAME MV CPU RC IMAGE [qcase options...]: boots build/images/IMAGE.mvimg.
# A qemu= option adds to -initrd (qcase keeps only the last qemu=).
icase() {
	local name=$1 mv=$2 cpu=$3 rc=$4 image=$5 qemu opt
	local -a opts=()
	shift 5
	qemu="-initrd $IMG/$image.mvimg"
	for opt in "$@"; do
		case $opt in
		qemu=*) qemu+=" ${opt#qemu=}" ;;
		*) opts+=("$opt") ;;
		esac
	done
	qcase "irq-$name" "mv-$mv" "$cpu" "$rc" "qemu=$qemu" \
		"${IRQ_SAFE[@]}" "${opts[@]}"
}

# ---- ticker: 10 Hz from the timer interrupt, main() asleep in WFI --------
for spec in cortex-a57:4K neoverse-n1:16K; do
	cpu=${spec%:*} g=${spec#*:}
	icase "ticker-$cpu-$g" "$g" "$cpu" 0 ticker \
		"append=exit=semihosting loglevel=debug" \
		"count=10:^guest: ticker: tick [0-9]+ at [0-9]+\\.[0-9] ms$IRQ_END" \
		"expect=^guest: ticker: tick 1 at 1[0-4][0-9]\\.[0-9] ms$IRQ_END" \
		"expect=^guest: ticker: tick 10 at 10[0-4][0-9]\\.[0-9] ms$IRQ_END" \
		"expect=^guest: ticker: 10 ticks in [0-9.]+ ms, [0-9]+ wakeups from WFI, 0 late" \
		"reject=LATE|tick 11" \
		"expect=interrupts: [0-9]+ physical, 10 injected, 0 SGIs; [0-9]+ GIC accesses \\(0 ignored\\); console UART: [0-9]+ bytes out, [0-9]+ in; ([5-9]|[1-9][0-9]+) WFIs slept" \
		"$(irq_end exit 0)"
done

# ---- timer: each mode on three CPUs, the granules rotated ------------------
# timer_expect MODE: the mode's own assertions, one per line.
timer_expect() {
	case $1 in
	deadlines)
		echo "expect=^guest: timer: deadlines: PASS 52 of 52 deadlines: interrupt at or after CVAL with ISTATUS set"
		echo "expect=^guest: timer: deadlines: PASS three timers armed 30, 10, 20 ms ahead fire in deadline order"
		echo "expect=^guest: timer: deadlines: PASS nanosleep\\(20 ms\\) in WFI took"
		echo "expect=^guest: timer: deadlines: PASS usleep\\(20000\\) without the GIC \\(polling\\)"
		echo "expect=^guest: timer: deadlines: all 12 checks passed"
		;;
	masked)
		echo "expect=^guest: timer: masked: PASS the timer is enabled, masked, and its condition met: CNTV_CTL 0x7"
		echo "expect=^guest: timer: masked: PASS INTID 27 is not pending at the GIC"
		echo "expect=^guest: timer: masked: watchdog period 1 s, petted once at [0-9.]+ ms; now in WFI with IRQs unmasked"
		# At most two spurious wakeups; the masked timer injects nothing.
		echo "reject=^guest: timer: masked: wakeup ([3-9]|[0-9]{2,}) "
		echo "expect=^microvisor: error: watchdog: no MV_WATCHDOG call for 1 s: ending the guest"
		echo "expect=interrupts: [0-9]+ physical, 0 injected, 0 SGIs"
		;;
	eoimode0)
		echo "expect=^guest: timer: eoimode0: PASS round 3: after the handler's EOIR: active 0, running priority 0xff"
		echo "expect=^guest: timer: eoimode0: all 8 checks passed"
		;;
	eoimode1)
		echo "expect=^guest: timer: eoimode1: PASS round 1: after EOIR: still active \\(GICR_ISACTIVER0 bit 27 = 1\\), running priority dropped to 0xff"
		echo "expect=^guest: timer: eoimode1: PASS round 1: re-armed, its condition met \\(CNTV_CTL 0x5\\) for 5 ms with IRQs unmasked, the still-active timer did not interrupt"
		echo "expect=^guest: timer: eoimode1: PASS round 1: after ICC_DIR_EL1: GICR_ISACTIVER0 bit 27 = 0"
		echo "expect=^guest: timer: eoimode1: PASS round 3: then the next timer interrupt arrived"
		echo "expect=^guest: timer: eoimode1: all 20 checks passed"
		;;
	nest)
		echo "expect=^guest: timer: nest: round 1: order: timer-enter\\(depth 1\\) sgi1\\(depth 2\\) timer-exit\\(depth 1\\) sgi2\\(depth 1\\)$IRQ_END"
		echo "expect=^guest: timer: nest: round 2: order: timer-enter\\(depth 1\\) timer-exit\\(depth 1\\) sgi1\\(depth 1\\) sgi2\\(depth 1\\)$IRQ_END"
		echo "expect=^guest: timer: nest: PASS v0, v8, v16 and v31 survived"
		echo "expect=^guest: timer: nest: all 4 checks passed"
		echo "expect=interrupts: [0-9]+ physical, [0-9]+ injected, 4 SGIs"
		;;
	esac
}
i=0
for mode in deadlines masked eoimode0 eoimode1 nest; do
	g53=4K g57=64K
	[ $((i % 2)) = 1 ] && g53=64K g57=4K
	gmax=(16K 4K 64K)
	for spec in "cortex-a53:$g53" "cortex-a57:$g57" "max:${gmax[$((i % 3))]}"; do
		cpu=${spec%:*} g=${spec#*:}
		rc=0 append="exit=semihosting loglevel=debug" end=$(irq_end exit 0)
		if [ "$mode" = masked ]; then
			rc=0 append="loglevel=debug watchdog=1" end=$(irq_end watchdog 124)
		fi
		mapfile -t exp < <(timer_expect "$mode")
		icase "timer-$mode-$cpu-$g" "$g" "$cpu" "$rc" "timer-$mode" \
			"append=$append" "${exp[@]}" "reject=^guest: timer: .*FAIL" \
			"$IRQ_NO_IGNORED" "$end"
	done
	i=$((i + 1))
done

# idle: sleep(2) in WFI retires (almost) no instructions. Under -icount
# the PMU's INST_RETIRED is exact: a spinning guest retires about 1e9 a
# second (the app's own control spins 200 ms: 2e8), so the bound 1e6 is
# generous. (QEMU's cycle counter follows virtual time even while the
# CPU sleeps, so it reads about 2e9 either way and is only printed.)
icase timer-idle-cortex-a57-4K 4K cortex-a57 0 timer-idle \
	"append=exit=semihosting loglevel=debug" "qemu=-icount shift=0,align=off" \
	"expect=^guest: timer: idle: spinning 200 ms: [0-9]{8,} instructions retired" \
	"expect=^guest: timer: idle: sleep\\(2\\) took 20[0-9]{2}\\.[0-9] ms of the virtual counter" \
	"expect=^guest: timer: idle: instructions retired \\(EL1\\+EL2\\): [0-9]{1,6}$IRQ_END" \
	"expect=^guest: timer: idle: all 4 checks passed" \
	"reject=^guest: timer: .*FAIL" "$IRQ_NO_IGNORED" "$(irq_end exit 0)"

# More pending interrupts than list registers (QEMU has 4): all 16 SGIs,
# raised while masked, are each taken once and by priority.
icase timer-sgis-max-64K 64K max 0 timer-sgis \
	"append=exit=semihosting loglevel=debug" \
	"expect=^guest: timer: sgis: taken in the order 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0$IRQ_END" \
	"expect=^guest: timer: sgis: all 2 checks passed" \
	"expect=interrupts: [0-9]+ physical, 16 injected, 16 SGIs" \
	"reject=^guest: timer: .*FAIL" "$IRQ_NO_IGNORED" "$(irq_end exit 0)"

# No GICv3 on the board: no GIC node, sleeping polls the counter.
icase timer-nogic-cortex-a53-64K 64K cortex-a53 0 timer-nogic \
	"machine=virt,virtualization=on,gic-version=2" \
	"append=exit=semihosting" \
	"expect=the appliance gets no interrupts and no watchdog" \
	"expect=^guest: timer: nogic: PASS sleep\\(1\\) by polling took 10[0-9]{2}\\.[0-9]+ ms" \
	"expect=^guest: timer: nogic: all 6 checks passed" \
	"reject=^guest: timer: .*FAIL" "$(irq_end exit 0)"

# ---- watchdog -----------------------------------------------------------------
WD_FIRED="expect=^microvisor: error: watchdog: no MV_WATCHDOG call for [0-9]+ s: ending the guest"
# Not before the period (the guest counted to 900 ms / 1900 ms), and not
# much after it (it never counts to 1200 ms / 2200 ms).
wd_timing() {
	local s=$1
	echo "expect=^guest: watchdog: $((s * 1000 - 100)) ms since the last pet"
	echo "reject=^guest: watchdog: ($s[2-9]|[$((s + 1))-9][0-9]|[0-9]{3})00 ms since the last pet"
}
mapfile -t wd1 < <(wd_timing 1)
mapfile -t wd2 < <(wd_timing 2)
icase watchdog-stop-cortex-a57-4K 4K cortex-a57 0 watchdog-stop \
	"append=watchdog=1" \
	"expect=^guest: watchdog: stop: period 1 s" "expect=^guest: watchdog: stop: pet 3 at" \
	"expect=^guest: watchdog: stop: last pet at [0-9.]+ ms \\(counter [0-9]+\\); spinning" \
	"${wd1[@]}" "$WD_FIRED" "reject=FAIL" "$(irq_end watchdog 124)"
icase watchdog-stop-2s-max-16K 16K max 0 watchdog-stop \
	"append=watchdog=2" \
	"expect=^guest: watchdog: stop: period 2 s" \
	"${wd2[@]}" "$WD_FIRED" "reject=FAIL" "$(irq_end watchdog 124)"
icase watchdog-masked-cortex-a53-64K 64K cortex-a53 0 watchdog-masked \
	"append=watchdog=1" \
	"expect=^guest: watchdog: masked: last pet at [0-9.]+ ms; spinning with DAIF masked" \
	"${wd1[@]}" "$WD_FIRED" "reject=FAIL" "$(irq_end watchdog 124)"
icase watchdog-pet-max-4K 4K max 0 watchdog-pet \
	"append=exit=semihosting watchdog=1" \
	"expect=^guest: watchdog: pet: 1[4-6] pets over 30[0-9]{2}\\.[0-9] ms with period 1 s" \
	"reject=watchdog: no MV_WATCHDOG call" "reject=FAIL" "$(irq_end exit 0)"
# Off (the default): MV_WATCHDOG says 0, and the appliance refuses to run.
icase watchdog-off-cortex-a57-64K 64K cortex-a57 2 watchdog-pet \
	"append=exit=semihosting" \
	"expect=^guest: watchdog: pet: FAIL MV_WATCHDOG returned 0: no watchdog runs" \
	"$(irq_end exit 2)"
# on_exit=restart: a wedged appliance restarts, three times in a row, then
# the microvisor gives up and powers off.
icase watchdog-restart-cortex-a57-4K 4K cortex-a57 0 watchdog-stop \
	"append=watchdog=1 on_exit=restart" \
	"count=4:^guest: watchdog: stop: last pet at" \
	"count=4:^microvisor: guest exited: reason=watchdog status=124$IRQ_END" \
	"expect=on_exit=restart: restarting the appliance \\(1 of 3\\)" \
	"expect=on_exit=restart: restarting the appliance \\(2 of 3\\)" \
	"expect=on_exit=restart: restarting the appliance \\(3 of 3\\)" \
	"expect=on_exit=restart: 3 restarts in a row, giving up" \
	"reject=restarting the appliance \\(4 of 3\\)" "reject=FAIL"
# A run ended with its timer interrupt taken by the microvisor but never
# handled by the guest: the next run must still get timer interrupts (the
# physical one must not stay active), every time.
icase watchdog-wedge-restart-neoverse-n1-16K 16K neoverse-n1 0 watchdog-wedge \
	"append=watchdog=1 on_exit=restart" \
	"count=4:^guest: watchdog: wedge: usleep\\(10000\\) woke by the timer interrupt after [0-9.]+ ms \\(1 timer interrupts\\)" \
	"count=4:^guest: watchdog: wedge: timer due with IRQs masked; spinning" \
	"count=4:^microvisor: guest exited: reason=watchdog status=124$IRQ_END" \
	"expect=on_exit=restart: 3 restarts in a row, giving up" "reject=FAIL"
