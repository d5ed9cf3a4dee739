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
#
# Then the GUI open benchmark (bench/gui_open.sh): margin-gui opening a
# generated 300,000-character transcript with 5,000 codings, against the same
# command on a 1,000-character one; out/bench-gui, about a minute.
#   GUI_BENCH_CHARS [300000]  GUI_BENCH_CODINGS [5000]  GUI_BENCH_RUNS [7]
#
# Then the memory benchmark (margin-bench-memory): peak RSS of `margin`
# importing a BENCH_MEMORY_MB MB file and a folder of BENCH_MEMORY_FILES small
# files, and searching for every passage, against `margin --help` and a 1 MB
# import; in BENCH_MEMORY_DIR (tmpfs by default: the figures are memory, not
# disk speed; it needs about 1.5 GB there).
#   BENCH_MEMORY_MB [200]  BENCH_MEMORY_FILES [20000]
#   BENCH_MEMORY_DIR [/dev/shm/margin-bench-memory]
# BENCH_ONLY=search, table, gui or memory runs one of them.
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
memory_mb="${BENCH_MEMORY_MB:-200}"
memory_files="${BENCH_MEMORY_FILES:-20000}"
memory_dir="${BENCH_MEMORY_DIR:-/dev/shm/margin-bench-memory}"

bash scripts/deps.sh
if { [ -z "$only" ] || [ "$only" = search ]; } && ! command -v rg >/dev/null 2>&1; then
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

if [ -z "$only" ] || [ "$only" = search ]; then
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

if [ -z "$only" ] || [ "$only" = table ]; then
  table=build-release/bench/margin-bench-table
  echo "bench: $table $table_dir --documents $table_docs --codings $table_codings ${BENCH_TABLE_ARGS:-}"
  # shellcheck disable=SC2086  # BENCH_TABLE_ARGS is a list of arguments
  "$table" "$table_dir" --documents "$table_docs" --codings "$table_codings" ${BENCH_TABLE_ARGS:-}
fi

if [ -z "$only" ] || [ "$only" = gui ]; then
  # bench/gui_open.sh times each run with /usr/bin/time and generates its
  # project with python3.
  if [ ! -x /usr/bin/time ] || ! command -v python3 >/dev/null 2>&1; then
    echo "bench: installing time python3"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
      sudo="sudo"
    fi
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends time python3
  fi
  echo "bench: bench/gui_open.sh build-release/app/margin build-release/app/gui/margin-gui"
  # Exit status 3: it ran, and printed FAIL against the target.
  bash bench/gui_open.sh build-release/app/margin build-release/app/gui/margin-gui || [ $? -eq 3 ]
fi

if [ -z "$only" ] || [ "$only" = memory ]; then
  memory=build-release/bench/margin-bench-memory
  echo "bench: $memory $memory_dir --big-mb $memory_mb --files $memory_files"
  "$memory" "$memory_dir" --big-mb "$memory_mb" --files "$memory_files"
  rm -rf "$memory_dir"
fi
