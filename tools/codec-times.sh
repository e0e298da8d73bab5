#!/usr/bin/env bash
# Wall time and peak memory of the command line, as a user meets them: per image, one `rdpc compress
# --bpp R` and one `rdpc decompress` (default settings: interp, perception 0), each in a fresh JVM
# through the launcher (its -Xmx4g heap). Prints one line per image and, per target, the medians of
# encode and decode seconds and the largest resident set. Usage, from the repository root after a build:
#   tools/codec-times.sh [IMAGE_DIR] [BPP...]      (defaults: ../shared/data/eval/kodak, 0.3)
# docs/measurements.md §20 quotes its output.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-../shared/data/eval/kodak}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(0.3)
[ -x /usr/bin/time ] || { echo "codec-times.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for bpp in "${targets[@]}"; do
    : > "$work/times"
    for image in "$dir"/*.png; do
        name="$(basename "$image" .png)"
        /usr/bin/time -f "%e %M" -o "$work/enc" ./rdpc compress -f "$image" "$work/$name.rdpc" --bpp "$bpp" >/dev/null
        /usr/bin/time -f "%e %M" -o "$work/dec" ./rdpc decompress -f "$work/$name.rdpc" "$work/$name.png" >/dev/null
        read -r es ek < "$work/enc"
        read -r ds dk < "$work/dec"
        bytes="$(stat -c %s "$work/$name.rdpc")"
        printf '%s %s: %d bytes, encode %s s (max RSS %d MB), decode %s s (max RSS %d MB)\n' \
            "$bpp" "$name" "$bytes" "$es" "$((ek / 1024))" "$ds" "$((dk / 1024))"
        echo "$es $ds $ek $dk" >> "$work/times"
    done
    awk -v bpp="$bpp" '{e[NR]=$1; d[NR]=$2; if ($3>me) me=$3; if ($4>md) md=$4}
        function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
            return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
        END { printf "bpp %s: %d images, median encode %.2f s, median decode %.2f s, max RSS encode %d MB, decode %d MB\n",
            bpp, NR, median(e, NR), median(d, NR), me / 1024, md / 1024 }' "$work/times"
done
