#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ with clang (AddressSanitizer +
# UndefinedBehaviorSanitizer) and runs each for FUZZ_SECONDS seconds
# (default 10) from its seeds in tests/fuzz/seeds/<target>/. Stops at the
# first crash, leaving the input that crashed in out/fuzz/<target>/.
# usage: [FUZZ_SECONDS=N] [FUZZ_ONLY=name] bash scripts/fuzz.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${FUZZ_SECONDS:-10}"
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMARGIN_FUZZ=ON -DMARGIN_BUILD_TESTS=OFF -DMARGIN_BUILD_BENCH=OFF -DMARGIN_GUI=OFF "${launcher[@]}" >/dev/null
ninja -C build-fuzz fuzz_all
for bin in build-fuzz/tests/fuzz/fuzz_*; do
  name="${bin##*/fuzz_}"
  if [ -n "${FUZZ_ONLY:-}" ] && [ "$name" != "$FUZZ_ONLY" ]; then
    continue
  fi
  work="out/fuzz/$name"
  rm -rf "$work"
  mkdir -p "$work/corpus"
  if [ -d "tests/fuzz/seeds/$name" ]; then
    cp -r "tests/fuzz/seeds/$name/." "$work/corpus/"
  fi
  if ! "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=262144 -timeout=20 \
    -artifact_prefix="$work/" -print_final_stats=1 "$work/corpus" >"$work/log" 2>&1; then
    tail -60 "$work/log"
    echo "fuzz: $name crashed; the input is in $work/"
    exit 1
  fi
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$' || echo '?')"
  echo "fuzz: $name: $runs inputs in $seconds s, no crash"
done
