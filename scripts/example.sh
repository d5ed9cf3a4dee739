#!/usr/bin/env bash
# The main job: install dependencies, build Margin, and build the example
# study's project at out/example.margin from examples/study/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/deps.sh
bash scripts/build.sh build RelWithDebInfo
bash examples/build-example.sh build/app/margin out/example.margin
