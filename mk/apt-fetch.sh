#!/bin/sh
# mk/apt-fetch.sh - fetch a Debian source package or a foreign-architecture .deb
# with private apt state, leaving the system's apt configuration untouched.
#
#   apt-fetch.sh source  PKG STATE_DIR OUT_DIR   # apt-get source --download-only
#   apt-fetch.sh arm64   PKG STATE_DIR OUT_DIR   # apt-get download PKG:arm64
#   apt-fetch.sh arm64-dep PKG STATE_DIR OUT_DIR # the package arm64 PKG depends on
#
# arm64-dep is for a metapackage such as linux-image-cloud-arm64: it asks
# apt-cache for the first Depends of PKG's candidate version (the concrete
# package, e.g. linux-image-6.1.0-NN-cloud-arm64), downloads that one like
# arm64 does, and prints its name on stdout (the other modes print nothing).
#
# All use the mirror(s) this machine's apt is already configured with: the
# entries are copied from /etc/apt (never written into the repository).
set -eu
mode=$1 pkg=$2 state=$3 out=$4

mkdir -p "$state/lists/partial" "$state/cache/archives/partial" \
	"$state/sources.list.d" "$out"
state=$(cd "$state" && pwd)
out=$(cd "$out" && pwd)
parts=$state/sources.list.d
rm -f "$parts"/*

# Copy the machine's sources; for source packages turn deb into deb-src.
n=0
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	if [ "$mode" = source ]; then
		sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f"
	else
		grep -E '^[[:space:]]*deb[[:space:]]' "$f" || true
	fi >"$parts/copy$n.list"
done
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	if [ "$mode" = source ]; then
		sed 's/^Types:.*/Types: deb-src/' "$f"
	else
		cat "$f"
	fi >"$parts/copy$n.sources"
done
if [ "$n" = 0 ]; then
	echo "apt-fetch: this machine has no apt sources in /etc/apt; cannot fetch $pkg" >&2
	exit 1
fi

set -- -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$parts" \
	-o Dir::State::Lists="$state/lists" -o Dir::Cache="$state/cache" \
	-o Dir::State::status=/var/lib/dpkg/status -o Debug::NoLocking=1 \
	-o APT::Sandbox::User=root
case $mode in
arm64 | arm64-dep)
	set -- "$@" -o APT::Architecture=arm64 -o APT::Architectures=arm64 ;;
esac

# A repository without deb-src or arm64 indexes only warns; what matters is
# whether the package can then be found.
apt-get "$@" -qq update >"$state/update.log" 2>&1 || true

cd "$out"
case $mode in
source)
	if ! apt-get "$@" -qq source --download-only "$pkg" >"$state/fetch.log" 2>&1; then
		cat "$state/update.log" "$state/fetch.log" >&2
		echo "apt-fetch: could not download the Debian source package '$pkg'." >&2
		echo "  Check that this machine's apt sources reach a Debian mirror (apt-get update)." >&2
		exit 1
	fi ;;
arm64)
	if ! apt-get "$@" -qq download "$pkg:arm64" >"$state/fetch.log" 2>&1; then
		cat "$state/update.log" "$state/fetch.log" >&2
		echo "apt-fetch: could not download the arm64 package '$pkg'." >&2
		echo "  Check that this machine's apt sources reach a Debian mirror (apt-get update)." >&2
		exit 1
	fi ;;
arm64-dep)
	# "  Depends: NAME" (a "|Depends:" line would be an alternative and a
	# "<NAME>" a virtual package: neither names one concrete package).
	if ! apt-cache "$@" depends --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances "$pkg" >"$state/depends.log" 2>&1; then
		cat "$state/update.log" "$state/depends.log" >&2
		echo "apt-fetch: apt-cache knows no arm64 package '$pkg'." >&2
		echo "  Check that this machine's apt sources reach a Debian mirror (apt-get update)." >&2
		exit 1
	fi
	dep=$(sed -n 's/^[[:space:]]*Depends:[[:space:]]*\([^<[:space:]][^[:space:]]*\)$/\1/p' \
		"$state/depends.log" | head -1)
	if [ -z "$dep" ]; then
		cat "$state/depends.log" >&2
		echo "apt-fetch: the arm64 package '$pkg' depends on no concrete package." >&2
		exit 1
	fi
	if ! apt-get "$@" -qq download "$dep:arm64" >"$state/fetch.log" 2>&1; then
		cat "$state/update.log" "$state/fetch.log" >&2
		echo "apt-fetch: could not download the arm64 package '$dep' ($pkg depends on it)." >&2
		echo "  Check that this machine's apt sources reach a Debian mirror (apt-get update)." >&2
		exit 1
	fi
	echo "$dep" ;;
*)
	echo "apt-fetch: unknown mode '$mode'" >&2
	exit 2 ;;
esac
