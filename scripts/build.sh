#!/usr/bin/env bash
# Configures and builds Margin with Ninja (and ccache when present).
# usage: scripts/build.sh BUILD_DIR BUILD_TYPE [extra cmake arguments...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$1"
type="$2"
shift 2
cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" -DMARGIN_WERROR=ON "$@" >/dev/null
ninja -C "$dir"
