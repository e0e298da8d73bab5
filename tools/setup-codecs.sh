#!/usr/bin/env bash
# Installs the classic codecs that `rdpc curve` measures next to rdpc, from Debian packages:
#   jpeg  cjpeg/djpeg            libjpeg-turbo-progs
#   webp  cwebp/dwebp            webp
#   avif  avifenc/avifdec        libavif-bin
#   jxl   cjxl/djxl              libjxl-tools
#   heic  heif-enc/heif-convert  libheif-examples (heif-enc encodes with x265)
# Usage: tools/setup-codecs.sh [--check]
#   --check  only report which programs are present; install nothing (exit 1 if any is missing)
# Needs root (or sudo) to install. Packages the distribution does not carry are reported and skipped:
# `rdpc curve` then skips that codec with a message. Tested on Debian 12 (bookworm).
set -euo pipefail

packages=(libjpeg-turbo-progs webp libavif-bin libjxl-tools libheif-examples)
# Newer Debian releases (13 and later) ship libheif's HEVC encoder and decoder as plugins; 12 builds them in.
optional=(libheif-plugin-x265 libheif-plugin-libde265)
programs=(cjpeg djpeg cwebp dwebp avifenc avifdec cjxl djxl heif-enc)

report() {
    local missing=0
    for p in "${programs[@]}"; do
        if command -v "$p" >/dev/null 2>&1; then
            echo "setup-codecs: $p: $(command -v "$p")"
        else
            echo "setup-codecs: $p: missing"
            missing=1
        fi
    done
    if command -v heif-dec >/dev/null 2>&1 || command -v heif-convert >/dev/null 2>&1; then
        echo "setup-codecs: heif decoder: $(command -v heif-dec || command -v heif-convert)"
    else
        echo "setup-codecs: heif-dec/heif-convert: missing"
        missing=1
    fi
    return "$missing"
}

if [ "${1:-}" = "--check" ]; then
    report
    exit $?
elif [ $# -gt 0 ]; then
    echo "usage: $0 [--check]" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup-codecs: apt-get not found; install these packages with your package manager: ${packages[*]}" >&2
    exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo="sudo"
    else
        echo "setup-codecs: run as root (or install sudo)" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# A package without an installation candidate is not in this distribution's archives. The policy is
# read whole before matching: `apt-cache policy | grep -q` under pipefail fails when grep stops
# reading early and apt-cache gets SIGPIPE, which made every package look missing.
has_candidate() {
    local policy
    policy="$(apt-cache policy "$1" 2>/dev/null || true)"
    [[ "$policy" =~ Candidate:\ [^\(] ]]
}
available=()
for p in "${packages[@]}"; do
    if has_candidate "$p"; then
        available+=("$p")
    else
        echo "setup-codecs: package $p is not available here; its codec will be skipped" >&2
    fi
done
for p in "${optional[@]}"; do
    if has_candidate "$p"; then
        available+=("$p")
    fi
done
if [ ${#available[@]} -gt 0 ]; then
    $sudo apt-get install -y -qq "${available[@]}" >/dev/null
fi
report
