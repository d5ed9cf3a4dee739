#!/usr/bin/env bash
# Installs what Margin needs to build (and, with --tests, to test), from
# Debian's packages.
# Skips what is installed; runs apt-get (as root, or through sudo) only when
# something is missing.
set -euo pipefail

packages=(
  cmake ninja-build g++ ccache pkg-config
  libicu-dev libsqlite3-dev libssl-dev libxapian-dev
  libgtest-dev libgmock-dev
  libxlsxwriter-dev
  libzip-dev libxml2-dev
  libpoppler-cpp-dev
  librsvg2-bin  # rsvg-convert: margin-gui's PNG icon, rendered from its SVG
  # margin-gui: Qt 6 Widgets and Charts, moc, lupdate/lrelease (the zh_CN
  # translation is compiled at build time); Qt's CMake files need GL headers.
  qt6-base-dev qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
)
# With --tests, also what the tests use: the exports are opened by the
# programs researchers use (LibreOffice, Chromium); CJK fonts so Chinese
# renders.
if [ "${1:-}" = "--tests" ]; then
  packages+=(libreoffice-calc-nogui chromium fonts-noto-cjk python3)
  # The GUI tests: Qt's own strings in Chinese.
  packages+=(qt6-translations-l10n)
  # The Debian package's test (tests/packaging/deb_test.sh): cpack's
  # dpkg-shlibdeps and file, and desktop-file-validate.
  packages+=(dpkg-dev file desktop-file-utils)
  # libFuzzer (scripts/fuzz.sh) comes with clang's runtime.
  packages+=(clang libclang-rt-14-dev)
  # xmllint validates the REFI-QDA exports against their schemas.
  packages+=(libxml2-utils)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
else
  echo "deps: all installed"
fi
