#!/usr/bin/env bash
# Coded bits over total KL, and the share of each file that is side information (every byte that is
# not payload: records, framing, checksum), per bpp target over an image folder. Usage, from the
# repository root after a build:
#   tools/rate-table.sh [IMAGE_DIR] [BPP...]      (defaults: ../shared/data/eval/kodak, 0.1 0.25 1)
# Prints one line per image and a summary per target; docs/measurements.md §16-17 quote it.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-../shared/data/eval/kodak}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(0.1 0.25 1)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for bpp in "${targets[@]}"; do
    : > "$work/rows"
    for image in "$dir"/*.png; do
        name="$(basename "$image" .png)"
        line="$(./rdpc compress -f "$image" "$work/$name.rdpc" --bpp "$bpp" -v 2>&1 | tail -1)"
        kl="$(sed -n 's/.*KL bits \([0-9.]*\),.*/\1/p' <<<"$line")"
        payload="$(sed -n 's/.*payload bits \([0-9]*\),.*/\1/p' <<<"$line")"
        real="$(sed -n 's/.*bpp \([0-9.]*\) (target.*/\1/p' <<<"$line")"
        bytes="$(stat -c %s "$work/$name.rdpc")"
        if [ -z "$kl" ] || [ -z "$payload" ]; then
            echo "cannot parse the encoder's report for $image: $line" >&2
            exit 1
        fi
        echo "$bpp $name bpp $real KL $kl payload $payload file $((bytes * 8)) coded/KL $(awk -v p="$payload" -v k="$kl" 'BEGIN {printf "%.4f", p / k}')"
        echo "$kl $payload $((bytes * 8)) $real" >> "$work/rows"
    done
    awk '{print $2 / $1}' "$work/rows" | sort -g > "$work/ratio"
    awk '{print ($3 - $2) / $3}' "$work/rows" | sort -g > "$work/side"
    awk -v bpp="$bpp" -v ratio="$work/ratio" -v side="$work/side" '
        function median(file,    n, v, i) { n = 0; while ((getline v < file) > 0) a[++n] = v; close(file);
            lo = a[1]; hi = a[n]; return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
        { kl += $1; pay += $2; file += $3; b += $4 }
        END {
            mr = median(ratio); rlo = lo; rhi = hi; ms = median(side); slo = lo; shi = hi
            printf "bpp %s: %d images, mean bpp %.4f, coded/KL median %.3f (%.3f-%.3f), pooled %.3f; " \
                "side information median %.2f%% (%.2f-%.2f%%), pooled %.2f%%\n", bpp, NR, b / NR, mr, rlo, rhi,
                pay / kl, 100 * ms, 100 * slo, 100 * shi, 100 * (file - pay) / file }' "$work/rows"
done
