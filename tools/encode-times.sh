#!/usr/bin/env bash
# Encode (and RCC-decode) wall times of the CLI over an image folder at given bpp targets; prints one
# line per image and a median per target. Usage, from the repository root after a build:
#   tools/encode-times.sh [IMAGE_DIR] [BPP...]      (defaults: ../shared/data/eval/kodak, 0.1 0.5 1)
# docs/measurements.md §6 quotes its output. Each encode runs in a fresh JVM, as a user's would.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-../shared/data/eval/kodak}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(0.1 0.5 1)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for bpp in "${targets[@]}"; do
    : > "$work/times"
    for image in "$dir"/*.png; do
        name="$(basename "$image" .png)"
        line="$(./rdpc compress -f "$image" "$work/$name.rdpc" --bpp "$bpp" -v 2>&1 | tail -1)"
        seconds="$(sed -n 's/.*encode \([0-9.]*\) s.*/\1/p' <<<"$line")"
        attempts="$(sed -n 's/.*rate-control attempts \([0-9]*\).*/\1/p' <<<"$line")"
        echo "$bpp $name $line"
        echo "$seconds $attempts" >> "$work/times"
    done
    sort -n "$work/times" | awk -v bpp="$bpp" '{t[NR]=$1; a+=($2==1)} END {m=(NR%2)?t[(NR+1)/2]:(t[NR/2]+t[NR/2+1])/2;
        printf "bpp %s: %d images, median encode %.2f s (min %.2f, max %.2f), one rate-control attempt on %d\n", bpp, NR, m, t[1], t[NR], a}'
done
