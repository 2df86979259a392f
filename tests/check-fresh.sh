#!/usr/bin/env bash
# tests/check-fresh.sh - make check-fresh: the README's two set-up commands, run as written in a fresh minimal Debian 12 root.
#
# A green run on a developer's machine proves nothing about a new one:
# whatever was installed earlier hides a missing step. This builds a
# minimal bookworm root with mmdebstrap (variant apt, plus make, git and
# ca-certificates: what a newcomer has after installing git and make), from
# this machine's own apt sources (the files are passed through; no mirror
# address is written anywhere in the repository), clones the committed
# HEAD into it and runs the README's set-up commands there, as root, with a
# clean environment, in order. It prints the time and the last lines of
# each, and fails if either fails. Mounts and the root are removed on any
# exit, interrupts included.
#
# Needs root (mmdebstrap --mode=root, chroot, bind mounts). Installs
# mmdebstrap from Debian if it is missing.
#
#   tests/check-fresh.sh            # logs in build/check-fresh/, the root
#                                   # in a new folder under /var/tmp
#   CHECK_FRESH_TMP=/scratch ...    # put the root there instead
#   CHECK_FRESH_KEEP=1 ...          # keep the root afterwards (mounts go)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
dir=$top/build/check-fresh
# Outside the checkout, so nothing that walks the tree (grep -r, tools)
# wanders into a whole Debian root.
tmp=${CHECK_FRESH_TMP:-/var/tmp}
root=
say() { echo "check-fresh: $*"; }
die() { echo "check-fresh: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (it builds a Debian root with mmdebstrap and chroots into it); run it as root"
command -v git >/dev/null || die "needs git to clone the committed HEAD"
head=$(git -C "$top" rev-parse --verify HEAD 2>/dev/null) || die "$top is not a git checkout with a commit"

# The README's set-up commands: the indented 'make ...' lines of its
# "Set-up" section, comments dropped. Run exactly as the README shows them.
mapfile -t cmds < <(awk '/^## /{insec = /^## Set-up/} insec && /^    make /{sub(/ *#.*/, ""); sub(/^ +/, ""); print}' "$top/README.md")
[ "${#cmds[@]}" -ge 2 ] || die "README.md's Set-up section shows ${#cmds[@]} 'make' command(s); expected the two set-up commands"

# This machine's apt sources, passed through as they are.
sources=()
[ -s /etc/apt/sources.list ] && grep -qE '^[[:space:]]*deb' /etc/apt/sources.list && sources+=(/etc/apt/sources.list)
for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] && sources+=("$f")
done
[ "${#sources[@]}" -gt 0 ] || die "this machine has no apt sources in /etc/apt: nothing to build a root from"

if ! command -v mmdebstrap >/dev/null; then
	say "installing mmdebstrap from Debian"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null ||
		die "could not install mmdebstrap (apt-get install mmdebstrap)"
fi

mounted=()
cleanup() {
	local rc=$? pid
	trap - EXIT INT TERM
	[ "$rc" -ge 128 ] && echo "check-fresh: interrupted; removing the root and its mounts" >&2
	# Anything still running inside the root (an interrupted QEMU) goes first.
	[ -n "$root" ] || exit "$rc"
	for pid in /proc/[0-9]*; do
		[ "$(readlink "$pid/root" 2>/dev/null)" = "$root" ] && kill -9 "${pid#/proc/}" 2>/dev/null
	done
	local i
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
		umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" 2>/dev/null || true
	done
	if [ "${CHECK_FRESH_KEEP:-0}" = 1 ]; then
		say "kept the root at $root"
	elif [ -d "$root" ]; then
		# Never follow into something that is still mounted.
		if grep -q " $root/" /proc/mounts; then
			echo "check-fresh: $root still has mounts; not removing it" >&2
		else
			rm -rf "$root"
		fi
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$dir" "$tmp"
rm -f "$dir"/*.log
root=$(mktemp -d "$tmp/microvisor-fresh.XXXXXX")
elapsed() { echo $(($(date +%s) - $1)); }

t=$(date +%s)
say "building a minimal Debian 12 root in $root from ${sources[*]}"
if ! mmdebstrap --mode=root --variant=apt --include=make,git,ca-certificates \
	bookworm "$root" "${sources[@]}" >"$dir/mmdebstrap.log" 2>&1; then
	tail -20 "$dir/mmdebstrap.log"
	die "mmdebstrap failed (log: $dir/mmdebstrap.log)"
fi
say "root built in $(elapsed "$t") s"

git clone -q --no-checkout "$top" "$root/root/microvisor"
git -C "$root/root/microvisor" checkout -q --detach "$head"
say "cloned $head (committed HEAD; uncommitted changes are not part of the check)"

for m in proc sys dev; do
	mount --bind "/$m" "$root/$m"
	mounted+=("$root/$m")
done

fail=0
for cmd in "${cmds[@]}"; do
	log=$dir/$(echo "$cmd" | tr -c 'a-zA-Z0-9\n' '-').log
	say "running '$cmd' in the fresh root (log: $log)"
	t=$(date +%s)
	# In the background, so a signal reaches the trap at once rather than
	# when the command ends (bash defers traps while a foreground child
	# runs); the trap then kills whatever runs inside the root.
	chroot "$root" /usr/bin/env -i HOME=/root \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		/bin/sh -c "cd /root/microvisor && $cmd" </dev/null >"$log" 2>&1 &
	rc=0
	wait $! || rc=$?
	echo "---- last lines of '$cmd' ----"
	tail -12 "$log"
	echo "----"
	if [ $rc -ne 0 ]; then
		say "'$cmd' FAILED (exit $rc) after $(elapsed "$t") s"
		fail=1
		break
	fi
	say "'$cmd' passed in $(elapsed "$t") s"
done
[ $fail -eq 0 ] || die "a set-up command failed on a fresh Debian 12 root"
say "passed: the README's commands work on a fresh Debian 12 root"
