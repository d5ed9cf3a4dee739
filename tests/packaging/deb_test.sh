#!/usr/bin/env bash
# The Debian package: `cpack -G DEB` in the build folder makes a .deb that
# holds both programs, the desktop entry, the MIME type and the icon, whose
# Depends (from dpkg-shlibdeps) name the Qt 6 and Xapian libraries, and
# whose programs run once extracted.
#
#   tests/packaging/deb_test.sh BUILD_DIR      (ctest: Packaging.Deb)
#
# The package is written to a temporary folder (cpack -B), never into the
# build folder. Needs cpack, dpkg-deb, dpkg-shlibdeps (dpkg-dev) and file;
# the desktop entry is checked with desktop-file-validate
# (desktop-file-utils, scripts/deps.sh --tests) when it is installed.
set -euo pipefail
build="$(realpath "$1")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# In the sanitizer build the programs are instrumented: this test is about
# the package, not about leaks at exit (--version exits from inside Qt).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

echo "cpack -G DEB --config $build/CPackConfig.cmake -B $tmp"
timeout 80 cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp" >"$tmp/cpack.log" 2>&1 ||
  { cat "$tmp/cpack.log" >&2; fail "cpack failed"; }
debs=("$tmp"/margin_*.deb)
[ -f "${debs[0]}" ] || { cat "$tmp/cpack.log" >&2; fail "no margin_*.deb in $tmp"; }
[ "${#debs[@]}" -eq 1 ] || fail "more than one package: ${debs[*]}"
deb="${debs[0]}"
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"

# The files.
dpkg-deb -c "$deb" | awk '{print $6}' >"$tmp/files.txt"
for f in ./usr/bin/margin ./usr/bin/margin-gui \
  ./usr/share/applications/margin-gui.desktop \
  ./usr/share/mime/packages/margin-gui.xml \
  ./usr/share/icons/hicolor/scalable/apps/margin-gui.svg; do
  grep -qxF "$f" "$tmp/files.txt" || { cat "$tmp/files.txt" >&2; fail "$f is not in the package"; }
done
if command -v rsvg-convert >/dev/null; then
  grep -qxF ./usr/share/icons/hicolor/256x256/apps/margin-gui.png "$tmp/files.txt" ||
    fail "rsvg-convert is installed but the package has no 256x256 PNG icon"
fi

# The control fields.
name="$(dpkg-deb -f "$deb" Package)"
[ "$name" = margin ] || fail "Package: '$name', expected 'margin'"
section="$(dpkg-deb -f "$deb" Section)"
[ "$section" = science ] || fail "Section: '$section', expected 'science'"
depends="$(dpkg-deb -f "$deb" Depends)"
echo "Depends: $depends"
for lib in libqt6widgets6 libxapian libicu libsqlite3; do
  grep -q "$lib" <<<"$depends" || fail "Depends does not name $lib: $depends"
done

# The extracted programs run.
dpkg-deb -x "$deb" "$tmp/root"
bin="$tmp/root/usr/bin"
version="$(timeout 20 "$bin/margin" --version)" || fail "margin --version failed"
echo "margin --version: $version"
timeout 20 "$bin/margin" init "$tmp/x.margin" >/dev/null || fail "margin init failed"
timeout 20 "$bin/margin" -p "$tmp/x.margin" check >/dev/null || fail "margin check failed"
gui_version="$(QT_QPA_PLATFORM=offscreen timeout 20 "$bin/margin-gui" --version 2>/dev/null)" ||
  fail "margin-gui --version failed"
echo "margin-gui --version: $gui_version"

# The desktop entry.
desktop="$tmp/root/usr/share/applications/margin-gui.desktop"
grep -qx 'Exec=margin-gui %f' "$desktop" || fail "the desktop entry's Exec is not 'margin-gui %f'"
grep -qx 'Icon=margin-gui' "$desktop" || fail "the desktop entry's Icon is not 'margin-gui'"
if command -v desktop-file-validate >/dev/null; then
  # Hints (such as "more than one main category") are not errors.
  desktop-file-validate --no-hints "$desktop" || fail "desktop-file-validate: $desktop"
  echo "desktop-file-validate: ok"
else
  echo "NOTE: desktop-file-validate not installed (desktop-file-utils); the desktop entry was not validated"
fi
echo "PASS"
