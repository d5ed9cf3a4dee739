#!/usr/bin/env bash
# Builds the example study's project from scratch and prints what it holds.
# usage: examples/build-example.sh MARGIN_BINARY PROJECT
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
margin="$1"
project="$2"

mkdir -p "$(dirname "$project")"
rm -f "$project" "$project-wal" "$project-shm"
"$margin" init "$project"
"$margin" -p "$project" import "$here/study/transcripts"
"$margin" -p "$project" participants import "$here/study/participants.csv"
echo
echo "== documents =="
"$margin" -p "$project" docs
echo
echo "== participants =="
"$margin" -p "$project" participants
echo
"$margin" -p "$project" check
echo
echo "== search: what enterprise representatives said about data analysis =="
"$margin" -p "$project" search '(数据分析 OR "data analysis") role:enterprise speaker:participant' --limit 5
