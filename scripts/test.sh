#!/usr/bin/env bash
# Installs dependencies, builds Margin and runs every test suite twice: in a
# normal build, then in an AddressSanitizer + UndefinedBehaviorSanitizer
# build; then runs every libFuzzer target for a bounded time (FUZZ_SECONDS,
# default 10 s each). Exits non-zero if anything fails.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/deps.sh --tests
jobs="$(nproc)"

echo "== build (RelWithDebInfo) =="
bash scripts/build.sh build RelWithDebInfo
echo "== tests =="
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== build (AddressSanitizer + UndefinedBehaviorSanitizer) =="
bash scripts/build.sh build-asan Debug -DMARGIN_SANITIZE=ON
echo "== tests under sanitizers =="
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"

echo "== fuzzing every parser (libFuzzer, clang, ASan + UBSan; ${FUZZ_SECONDS:-10} s each) =="
FUZZ_SECONDS="${FUZZ_SECONDS:-10}" bash scripts/fuzz.sh
