#!/usr/bin/env bash
# Installs dependencies, builds Margin and runs every test suite twice: in a
# normal build, then in an AddressSanitizer + UndefinedBehaviorSanitizer
# build; then the concurrency tests under ThreadSanitizer; then runs every
# libFuzzer target for a bounded time (FUZZ_SECONDS, default 10 s each).
# Exits non-zero if anything fails.
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

echo "== build (ThreadSanitizer: the concurrency tests) =="
# Only what the multi-process tests run: margin (whose index builds use
# worker threads), the torture child and the CLI tests. Debian's Xapian,
# ICU and SQLite are not instrumented (tests/tsan.supp says what that
# hides); each thread uses its own Xapian database.
# MARGIN_INDEX_PARALLEL_CHARS=1 sends every index build through the worker
# threads; the torture tests run fewer kills (they look for races here, and
# every process runs several times slower).
cmake -S "$root" -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMARGIN_WERROR=ON \
  -DMARGIN_TSAN=ON -DMARGIN_BUILD_BENCH=OFF -DMARGIN_GUI=OFF >/dev/null
cmake --build build-tsan --target cli_tests margin margin-torture-child
echo "== concurrency tests under ThreadSanitizer =="
TSAN_OPTIONS="halt_on_error=1:exitcode=66:suppressions=$root/tests/tsan.supp" \
  MARGIN_INDEX_PARALLEL_CHARS=1 MARGIN_TORTURE_KILLS=10 MARGIN_TORTURE_IMPORT_KILLS=6 \
  MARGIN_TORTURE_REBUILD_KILLS=6 MARGIN_TORTURE_MAX_LIFETIME_MS=2000 \
  ctest --test-dir build-tsan --output-on-failure -j "$jobs" \
  -R '^(ReliabilityTest|TortureTest|KillTest)\.'

echo "== fuzzing every parser (libFuzzer, clang, ASan + UBSan; ${FUZZ_SECONDS:-10} s each) =="
FUZZ_SECONDS="${FUZZ_SECONDS:-10}" bash scripts/fuzz.sh
