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
)
# With --tests, also what the tests use: the exports are opened by the
# programs researchers use (LibreOffice, Chromium); CJK fonts so Chinese
# renders.
if [ "${1:-}" = "--tests" ]; then
  packages+=(libreoffice-calc-nogui chromium fonts-noto-cjk python3)
  # libFuzzer (scripts/fuzz.sh) comes with clang's runtime.
  packages+=(clang libclang-rt-14-dev)
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
