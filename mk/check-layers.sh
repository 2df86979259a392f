#!/bin/sh
# mk/check-layers.sh - refuses any #include that goes up a layer (docs/architecture.md): lib < hyp < platform < guestmem, loader < kernel.
#
#   sh mk/check-layers.sh [ROOT]
#
# Every "..."-include in a module's .c, .h and .S files may name a file of
# its own module or of a lower layer; guestmem and loader, side by side,
# may not include each other. Prints one line per offence and exits 1 if
# there is any; prints a one-line summary and exits 0 otherwise.
set -eu
root=${1:-.}
cd "$root"

rank() {
	case $1 in
	lib) echo 0 ;;
	hyp) echo 1 ;;
	platform) echo 2 ;;
	guestmem | loader) echo 3 ;;
	kernel) echo 4 ;;
	*) echo - ;;
	esac
}

bad=0 files=0 includes=0
for mod in lib hyp platform guestmem loader kernel; do
	[ -d "$mod" ] || continue
	r=$(rank "$mod")
	for f in $(find "$mod" -type f \( -name '*.c' -o -name '*.h' -o -name '*.S' \) | sort); do
		files=$((files + 1))
		# "N:target" for every quoted include
		for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
			includes=$((includes + 1))
			top=${inc%%/*}
			[ "$top" = "$inc" ] && continue # same-folder include
			tr=$(rank "$top")
			[ "$tr" = - ] && continue # not a module (a generated file)
			if [ "$tr" -gt "$r" ]; then
				line=$(grep -n "#[[:space:]]*include[[:space:]]*\"$inc\"" "$f" | head -n 1 | cut -d: -f1)
				echo "$f:$line: includes $inc: $top is above $mod (layers: lib < hyp < platform < guestmem, loader < kernel)"
				bad=$((bad + 1))
			elif [ "$tr" -eq "$r" ] && [ "$top" != "$mod" ]; then
				line=$(grep -n "#[[:space:]]*include[[:space:]]*\"$inc\"" "$f" | head -n 1 | cut -d: -f1)
				echo "$f:$line: includes $inc: $top and $mod are side by side and stay independent"
				bad=$((bad + 1))
			fi
		done
	done
done
if [ "$bad" -gt 0 ]; then
	echo "layers: $bad upward include(s)"
	exit 1
fi
echo "layers: $files files, $includes includes, none goes up a layer"
