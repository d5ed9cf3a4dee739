#!/usr/bin/env bash
# The search benchmark (bench/): installs what is missing (the build's
# dependencies, ripgrep), builds Release into build-release, generates the
# corpus into out/bench-corpus unless it is there already from the same
# generator version, seed and sizes, and runs margin-bench-search on it.
#
# Environment (defaults in brackets):
#   BENCH_ENGLISH_MB [100]  BENCH_CHINESE_MB [10]  BENCH_SEED [1]
#   BENCH_QUERIES [50]      BENCH_CORPUS [out/bench-corpus]
#   BENCH_WORK [out/bench-work]    BENCH_ARGS   more arguments for
#   margin-bench-search, e.g. "--breakdown"
# Quick run: BENCH_ENGLISH_MB=5 BENCH_CHINESE_MB=1 bash scripts/bench.sh
#
# Then the coding-analysis benchmark (margin-bench-table): a generated project
# of BENCH_TABLE_DOCS documents and BENCH_TABLE_CODINGS codings over 200 codes
# in BENCH_TABLE_DIR (made once and reused while its stamp matches; it takes
# about half a minute at full size), `margin table` against one SQL query per
# cell, and `margin code` from the command line.
#   BENCH_TABLE_DOCS [10000]  BENCH_TABLE_CODINGS [1000000]
#   BENCH_TABLE_DIR [out/bench-table]  BENCH_TABLE_ARGS  more arguments for
#   margin-bench-table, e.g. "--reps 7 --naive-reps 3"
# BENCH_ONLY=search or BENCH_ONLY=table runs one of the two.
# Quick run: BENCH_ONLY=table BENCH_TABLE_DOCS=1000 BENCH_TABLE_CODINGS=100000 bash scripts/bench.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

english_mb="${BENCH_ENGLISH_MB:-100}"
chinese_mb="${BENCH_CHINESE_MB:-10}"
seed="${BENCH_SEED:-1}"
queries="${BENCH_QUERIES:-50}"
corpus="${BENCH_CORPUS:-out/bench-corpus}"
work="${BENCH_WORK:-out/bench-work}"
only="${BENCH_ONLY:-}"
table_docs="${BENCH_TABLE_DOCS:-10000}"
table_codings="${BENCH_TABLE_CODINGS:-1000000}"
table_dir="${BENCH_TABLE_DIR:-out/bench-table}"

bash scripts/deps.sh
if [ "$only" != "table" ] && ! command -v rg >/dev/null 2>&1; then
  echo "bench: installing ripgrep"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends ripgrep
fi

bash scripts/build.sh build-release Release -DMARGIN_BUILD_BENCH=ON

changes="$(git status --short -- app corpus indexer codebook 2>/dev/null | wc -l)"
echo "bench: Margin at $(git rev-parse --short HEAD 2>/dev/null || echo 'unknown commit')," \
  "$changes uncommitted changes in app/ corpus/ indexer/ codebook/"

if [ "$only" != "table" ]; then
  generate=build-release/bench/margin-bench-generate
  search=build-release/bench/margin-bench-search
  stamp="generator $("$generate" --version) seed $seed english-mb $english_mb chinese-mb $chinese_mb"
  if [ -f "$corpus/.stamp" ] && [ "$(cat "$corpus/.stamp")" = "$stamp" ]; then
    echo "bench: reusing $corpus ($stamp)"
  else
    rm -rf "$corpus"
    mkdir -p "$corpus"
    "$generate" "$corpus" --english-mb "$english_mb" --chinese-mb "$chinese_mb" --seed "$seed"
    echo "$stamp" >"$corpus/.stamp"
  fi

  rm -rf "$work"
  mkdir -p "$work"
  echo "bench: $search $corpus $work --queries $queries --seed $seed ${BENCH_ARGS:-}"
  # shellcheck disable=SC2086  # BENCH_ARGS is a list of arguments
  "$search" "$corpus" "$work" --queries "$queries" --seed "$seed" ${BENCH_ARGS:-}
fi

if [ "$only" != "search" ]; then
  table=build-release/bench/margin-bench-table
  echo "bench: $table $table_dir --documents $table_docs --codings $table_codings ${BENCH_TABLE_ARGS:-}"
  # shellcheck disable=SC2086  # BENCH_TABLE_ARGS is a list of arguments
  "$table" "$table_dir" --documents "$table_docs" --codings "$table_codings" ${BENCH_TABLE_ARGS:-}
fi
