#!/usr/bin/env bash
# tests/run.sh - runs the host unit tests and the QEMU integration cases, two at a time,
# and ends with the line "N passed, N failed" (non-zero exit on any failure).
set -u
TEST_DIR=${1:?usage: tests/run.sh BUILD/test}
BUILD_DIR=$(dirname "$TEST_DIR")
HERE=$(cd "$(dirname "$0")" && pwd)
LOGS=$TEST_DIR/logs
RESULTS=$TEST_DIR/results
rm -rf "$LOGS" "$RESULTS"
mkdir -p "$LOGS" "$RESULTS"
JOBS=${JOBS:-2}

# ---- unit tests: each binary prints PASS/FAIL lines -------------------
for bin in "$TEST_DIR"/unit/test_*; do
	name=$(basename "$bin")
	args=()
	[ "$name" = test_bootinfo ] && args=("$TEST_DIR/dts")
	"$bin" "${args[@]}" >"$LOGS/$name.log" 2>&1
	rc=$?
	grep -E '^(PASS|FAIL) ' "$LOGS/$name.log" | sed "s/^/unit:$name: /" >>"$RESULTS/unit"
	if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$LOGS/$name.log"; then
		# Crashed (sanitizer report) before printing a FAIL line.
		echo "unit:$name: FAIL $name: exited $rc (see $LOGS/$name.log)" >>"$RESULTS/unit"
	fi
done
grep ': FAIL ' "$RESULTS/unit" 2>/dev/null | sed 's/^/  /'
for bin in "$TEST_DIR"/unit/test_*; do
	name=$(basename "$bin")
	if grep -q "^unit:$name: FAIL" "$RESULTS/unit"; then
		echo "  unit $name: $(grep -c ": FAIL " <(grep "^unit:$name:" "$RESULTS/unit")) failed (log: $LOGS/$name.log)"
	fi
done

# ---- image-format tests: mvimage against OpenSSL, the docs recipe ----------
if [ -f "$HERE/image/run.sh" ]; then
	bash "$HERE/image/run.sh" "$TEST_DIR" >"$LOGS/image.log" 2>&1
	rc=$?
	grep -E '^(PASS|FAIL) ' "$LOGS/image.log" | sed 's/^/unit:image: /' >>"$RESULTS/unit"
	if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$LOGS/image.log"; then
		echo "unit:image: FAIL image tests: exited $rc (see $LOGS/image.log)" >>"$RESULTS/unit"
	fi
	grep '^FAIL ' "$LOGS/image.log" | sed 's/^/  image: /'
fi

# ---- the layer check: passes on the tree, fails on planted includes -------
bash "$HERE/layers/run.sh" "$TEST_DIR" >"$LOGS/layers.log" 2>&1
grep -E '^(PASS|FAIL) ' "$LOGS/layers.log" | sed 's/^/unit:layers: /' >>"$RESULTS/unit"
grep '^FAIL ' "$LOGS/layers.log" | sed 's/^/  layers: /'

# ---- QEMU cases ----------------------------------------------------------
# shellcheck source=tests/qemu/lib.sh
. "$HERE/qemu/lib.sh"
# shellcheck source=tests/qemu/cases.sh
. "$HERE/qemu/cases.sh"
# shellcheck source=tests/qemu/irq.sh
. "$HERE/qemu/irq.sh"
# shellcheck source=tests/qemu/smp.sh
. "$HERE/qemu/smp.sh"
# shellcheck source=tests/qemu/hostile.sh
. "$HERE/qemu/hostile.sh"
# shellcheck source=tests/qemu/passthrough.sh
. "$HERE/qemu/passthrough.sh"
# shellcheck source=tests/qemu/linux.sh
. "$HERE/qemu/linux.sh"
qemu_run_all

# ---- summary ---------------------------------------------------------------
upass=$(grep -c ': PASS ' "$RESULTS/unit" 2>/dev/null)
ufail=$(grep -c ': FAIL ' "$RESULTS/unit" 2>/dev/null)
qpass=$(cat "$RESULTS"/qemu-* 2>/dev/null | grep -c '^PASS')
qfail=$(cat "$RESULTS"/qemu-* 2>/dev/null | grep -c '^FAIL')
echo "unit: $upass passed, $ufail failed; qemu: $qpass passed, $qfail failed"
pass=$((upass + qpass))
fail=$((ufail + qfail))
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
