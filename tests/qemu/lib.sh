# tests/qemu/lib.sh - the QEMU test-case machinery: declare cases, run them two at a time, judge the output.
#
# qcase NAME IMAGE CPU RC [options...]
#   IMAGE   a microvisor build under $TEST_DIR (mv-4K, mv-panic, ...)
#   CPU     a QEMU -cpu model
#   RC      expected QEMU exit status ("timeout" for a case that must stop
#           the CPU without exiting: it is killed after QEMU_TIMEOUT_STOP s)
#   options:
#     append=STRING   -append (the microvisor's bootargs); loglevel=info
#                     is added unless STRING sets a loglevel
#     qemu=STRING     extra QEMU arguments (word-split)
#     expect=REGEX    a line matching REGEX (grep -E) must appear; repeatable
#     reject=REGEX    no line may match REGEX; repeatable
#     count=N:REGEX   exactly N lines match REGEX; repeatable
#     machine=STRING  replaces the default -M value
#     kernel=FILE     boot FILE with -kernel instead (the microvisor build
#                     named by IMAGE is then loaded at 0x40400000)
#     send=REGEX=>TEXT once a line matching REGEX appears, type TEXT on
#                     the console (printf %b escapes: \n, \r, \xHH; \x01c
#                     is Ctrl-A c, QEMU's monitor on the muxed console);
#                     repeatable, in order, each waiting for its own REGEX

QEMU=${QEMU:-qemu-system-aarch64}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-60}
QEMU_TIMEOUT_STOP=${QEMU_TIMEOUT_STOP:-4}
QCASES=()
declare -A QC_IMG QC_CPU QC_RC QC_APPEND QC_QEMU QC_EXPECT QC_REJECT QC_MACHINE QC_COUNT QC_KERNEL QC_SEND

qcase() {
	local name=$1 img=$2 cpu=$3 rc=$4
	shift 4
	QCASES+=("$name")
	QC_IMG[$name]=$img QC_CPU[$name]=$cpu QC_RC[$name]=$rc
	QC_APPEND[$name]="" QC_QEMU[$name]="" QC_EXPECT[$name]="" QC_REJECT[$name]=""
	QC_COUNT[$name]="" QC_KERNEL[$name]="" QC_SEND[$name]=""
	QC_MACHINE[$name]="virt,virtualization=on,gic-version=3"
	local opt
	for opt in "$@"; do
		case $opt in
		append=*) QC_APPEND[$name]=${opt#append=} ;;
		qemu=*) QC_QEMU[$name]=${opt#qemu=} ;;
		machine=*) QC_MACHINE[$name]=${opt#machine=} ;;
		kernel=*) QC_KERNEL[$name]=${opt#kernel=} ;;
		expect=*) QC_EXPECT[$name]+="${opt#expect=}"$'\n' ;;
		reject=*) QC_REJECT[$name]+="${opt#reject=}"$'\n' ;;
		count=*) QC_COUNT[$name]+="${opt#count=}"$'\n' ;;
		send=*) QC_SEND[$name]+="${opt#send=}"$'\n' ;;
		*) echo "qcase $name: unknown option $opt" >&2; exit 2 ;;
		esac
	done
}

# type_into FIFO LOG LIMIT SENDS: hold FIFO open as QEMU's stdin; for each
# "REGEX=>TEXT" line of SENDS, wait until LOG has a line matching REGEX,
# then write TEXT. Gives up after LIMIT seconds.
type_into() {
	local fifo=$1 log=$2 limit=$3 sends=$4 line re text t0=$SECONDS
	exec 3>"$fifo"
	while IFS= read -r line; do
		[ -z "$line" ] && continue
		re=${line%%=>*} text=${line#*=>}
		until grep -qE -- "$re" "$log" 2>/dev/null; do
			[ $((SECONDS - t0)) -ge "$limit" ] && { exec 3>&-; return; }
			sleep 0.2
		done
		sleep 0.5 # the line after the prompt: the reader is waiting
		printf '%b' "$text" >&3
	done <<<"$sends"
	# Keep QEMU's stdin open until the case ends and stops this typist
	# (an early EOF would end the console's input).
	while [ $((SECONDS - t0)) -lt "$limit" ]; do
		sleep 0.5
	done
	exec 3>&-
}

# Runs one case; writes PASS/FAIL lines to $RESULTS/qemu-NAME.
qemu_case() {
	local name=$1
	local log=$LOGS/qemu-$name.log out=$RESULTS/qemu-$name
	local bin=$TEST_DIR/${QC_IMG[$name]}/microvisor.bin
	local want=${QC_RC[$name]} limit=$QEMU_TIMEOUT rc why=""
	[ "$want" = timeout ] && limit=$QEMU_TIMEOUT_STOP
	local -a cmd=("$QEMU" -M "${QC_MACHINE[$name]}" -cpu "${QC_CPU[$name]}"
		-m 2G -nographic -no-reboot -semihosting -nic none)
	if [ -n "${QC_KERNEL[$name]}" ]; then
		cmd+=(-kernel "${QC_KERNEL[$name]}" -device "loader,file=$bin,addr=0x40400000")
	else
		cmd+=(-kernel "$bin")
	fi
	# The cases read the boot's every step: loglevel=info unless a case
	# sets the level itself (the default, notice, is a short log).
	local append=${QC_APPEND[$name]}
	[[ $append == *loglevel=* ]] || append="loglevel=info${append:+ $append}"
	cmd+=(-append "$append")
	# shellcheck disable=SC2206
	[ -n "${QC_QEMU[$name]}" ] && cmd+=(${QC_QEMU[$name]})
	echo "# ${cmd[*]}" >"$log"
	# timeout(1) says 124 when it stops QEMU, but 124 is also a status a
	# guest can end with (the watchdog's): the clock tells them apart.
	local t0=$SECONDS timed_out=0
	if [ -n "${QC_SEND[$name]}" ]; then
		# The console's input is a pipe a typist writes into: each
		# line of text waits for its prompt to appear in the log.
		local fifo=$LOGS/qemu-$name.in
		rm -f "$fifo" && mkfifo "$fifo"
		type_into "$fifo" "$log" "$limit" "${QC_SEND[$name]}" &
		local typist=$!
		timeout -k 2 "$limit" "${cmd[@]}" <"$fifo" >>"$log" 2>&1
		rc=$?
		kill "$typist" 2>/dev/null
		wait "$typist" 2>/dev/null
		rm -f "$fifo"
	else
		timeout -k 2 "$limit" "${cmd[@]}" </dev/null >>"$log" 2>&1
		rc=$?
	fi
	[ $rc -eq 124 ] && [ $((SECONDS - t0)) -ge "$limit" ] && timed_out=1
	[ $rc -eq 137 ] && timed_out=1
	if [ "$want" = timeout ]; then
		[ $timed_out -eq 1 ] || why="expected the CPU to stop without exiting, QEMU exited $rc"
	elif [ $timed_out -eq 1 ]; then
		why="timed out after ${limit}s"
	elif [ "$rc" != "$want" ]; then
		why="exit status $rc, expected $want"
	fi
	local re
	while IFS= read -r re; do
		[ -z "$re" ] && continue
		grep -qE -- "$re" "$log" || why="${why:+$why; }missing /$re/"
	done <<<"${QC_EXPECT[$name]}"
	while IFS= read -r re; do
		[ -z "$re" ] && continue
		grep -qE -- "$re" "$log" && why="${why:+$why; }unexpected /$re/"
	done <<<"${QC_REJECT[$name]}"
	while IFS= read -r re; do
		[ -z "$re" ] && continue
		local n=${re%%:*} got
		got=$(grep -cE -- "${re#*:}" "$log")
		[ "$got" = "$n" ] || why="${why:+$why; }/${re#*:}/ matched $got lines, expected $n"
	done <<<"${QC_COUNT[$name]}"
	if [ -z "$why" ]; then
		echo "PASS $name" >"$out"
	else
		echo "FAIL $name: $why (log: $log)" >"$out"
	fi
}

# CASES=REGEX (environment) runs only the cases whose names match it.
qemu_run_all() {
	local name running=0
	if [ -n "${CASES:-}" ]; then
		local -a keep=()
		for name in "${QCASES[@]}"; do
			[[ $name =~ $CASES ]] && keep+=("$name")
		done
		QCASES=("${keep[@]}")
	fi
	for name in "${QCASES[@]}"; do
		qemu_case "$name" &
		running=$((running + 1))
		if [ $running -ge "$JOBS" ]; then
			wait -n
			running=$((running - 1))
		fi
	done
	wait
	for name in "${QCASES[@]}"; do
		if [ -f "$RESULTS/qemu-$name" ]; then
			grep '^FAIL' "$RESULTS/qemu-$name" | sed 's/^/  qemu: /'
		else
			echo "FAIL $name: no result" >"$RESULTS/qemu-$name"
		fi
	done
}
