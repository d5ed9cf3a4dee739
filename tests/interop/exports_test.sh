#!/usr/bin/env bash
# The exports, opened by the programs researchers open them with: the
# example study's XLSX table converted back to CSV by LibreOffice must hold
# exactly the numbers `margin table --format json` computes, and its HTML
# report must render in headless Chromium without a console error.
# usage: exports_test.sh MARGIN_BINARY EXAMPLES_DIR
set -euo pipefail
margin="$(realpath "$1")"
examples="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for tool in libreoffice chromium python3; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (scripts/deps.sh installs it)"; exit 1; }
done

bash "$examples/build-example.sh" "$margin" "$work/example.margin" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log"; echo "FAIL: building the example study"; exit 1; }
project="$work/example.margin"
measures=segments,documents,participants,percent,words,coverage
"$margin" -p "$project" table --by role --measure "$measures" --rollup --format json >"$work/table.json"

# LibreOffice: UTF-8 CSV of the raw cell values (not as displayed).
HOME="$work" timeout 120 libreoffice --headless \
  --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false' \
  --outdir "$work" "$work/example-table.xlsx" >"$work/lo.log" 2>&1 ||
  { cat "$work/lo.log"; echo "FAIL: LibreOffice could not open the XLSX"; exit 1; }
python3 - "$work/example-table.csv" "$work/table.json" <<'PY'
import csv, json, math, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
header = next(i for i, r in enumerate(rows) if r and r[0] == "code")
columns = rows[header]
sheet = [r for r in rows[header + 1:] if r and r[0]]
table = json.load(open(sys.argv[2], encoding="utf-8"))[0]
expected = table["rows"]
assert len(sheet) == len(expected), f"{len(sheet)} rows in the XLSX, {len(expected)} computed"
checked = 0
for got, want in zip(sheet, expected):
    name = got[0].strip().replace("\u00a0", "")
    assert name == want["code"], f"row {name!r} != {want['code']!r}"
    assert got[1] == want["path"], f"row {name}: path {got[1]!r} != {want['path']!r}"
    for column, cell in zip(columns[2:], got[2:]):
        value = want[column]
        # LibreOffice writes percent-formatted cells as "83.3333333333%".
        number = float(cell[:-1]) / 100 if cell.endswith("%") else float(cell)
        assert math.isclose(number, value, rel_tol=1e-9, abs_tol=1e-12), \
            f"{name} / {column}: XLSX has {cell}, margin computed {value}"
        checked += 1
print(f"XLSX via LibreOffice: {len(sheet)} rows, {checked} numbers equal to margin's")
PY

# Chromium: the HTML report renders, with its chart, and logs no error.
html="$work/example-table.html"
timeout 120 chromium --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 \
  --dump-dom "file://$html" >"$work/dom.html" 2>"$work/chromium.log" ||
  { cat "$work/chromium.log"; echo "FAIL: Chromium could not render the HTML report"; exit 1; }
grep -q "<svg" "$work/dom.html" || { echo "FAIL: the rendered report has no chart"; exit 1; }
grep -q "Data-analysis gap" "$work/dom.html" || { echo "FAIL: the rendered report lacks its rows"; exit 1; }
if grep -E "CONSOLE|Uncaught|Failed to load|ERR_FILE_NOT_FOUND" "$work/chromium.log"; then
  echo "FAIL: Chromium reported errors rendering the HTML report"
  exit 1
fi
echo "HTML via Chromium: rendered with its chart, no console errors"
