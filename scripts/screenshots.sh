#!/usr/bin/env bash
# Renders margin-gui's main views of the example study to docs/screenshots/
# (English) and docs/screenshots/zh_CN/ (Simplified Chinese), offscreen.
# usage: scripts/screenshots.sh [BUILD_DIR]   (default: build)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build="${1:-build}"
bash scripts/deps.sh
bash scripts/build.sh "$build" RelWithDebInfo
project="out/screenshots/example.margin"
bash examples/build-example.sh "$build/app/margin" "$project" >/dev/null
export QT_QPA_PLATFORM=offscreen
rm -rf docs/screenshots
LANG=en_US.UTF-8 LC_ALL=C.UTF-8 "$build/app/gui/margin-gui" --lang en \
  --screenshots docs/screenshots "$project"
LANG=zh_CN.UTF-8 "$build/app/gui/margin-gui" --lang zh_CN \
  --screenshots docs/screenshots/zh_CN "$project"
