#!/usr/bin/env bash
# Builds the example study's project from scratch: imports the transcripts,
# the participant sheet, the codebook and the codings made by reading the
# transcripts; prints what it holds and the theme-by-role table computed from
# the codings; writes the table as XLSX and HTML beside the project.
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
"$margin" -p "$project" codes import "$here/study/codebook.csv"
"$margin" -p "$project" codings import "$here/study/codings.csv"
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
echo
echo "== the predicaments by role: participants who raised each, and their share =="
"$margin" -p "$project" table --by role --measure participants,percent --codes Predicaments --rollup
echo
echo "== what enterprise representatives said about the data-analysis gap =="
"$margin" -p "$project" quotes --code "Data-analysis gap" --where role=enterprise --format md
# The exports that go into the paper: every code by role, as a spreadsheet
# and as a self-contained HTML report with a bar chart.
out="$(dirname "$project")"
"$margin" -p "$project" table --by role --measure segments,documents,participants,percent,words,coverage \
  --rollup --format xlsx -o "$out/example-table.xlsx" --force
"$margin" -p "$project" table --by role --measure participants,percent --codes Predicaments \
  --rollup --format html -o "$out/example-table.html" --force
