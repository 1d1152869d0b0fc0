#!/usr/bin/env bash
# Installs the Debian 12 packages Sufler builds and runs with, only those missing;
# `--tests` adds those only the tests use.
# Runs apt-get as root, or through sudo for another user.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git python3
  libxapian-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libgit2-dev
  libyaml-cpp-dev libcli11-dev nlohmann-json3-dev libfmt-dev
  libsqlite3-dev sqlite3 libpq-dev libxlsxwriter-dev libminizip-dev libexpat1-dev catch2
  libhunspell-dev hunspell-ru
  libimgui-dev libstb-dev libglfw3-dev libgl-dev libgl1-mesa-dri fonts-dejavu-core
  xvfb xauth xdotool imagemagick x11-xkb-utils
  pandoc poppler-utils
)
# pandoc and pdftotext (poppler-utils) are what `sufler import-drive` converts documents with.
# hunspell-ru tells the search a real word the KB does not use from a typo of one it does.
# With --tests: what the tests need beyond that (LibreOffice Calc opens the xlsx reports, Writer
# and Calc make the import's fixtures; clang and libFuzzer build the fuzz targets of
# tests/fuzz; the journal's tests start their own PostgreSQL server; lintian and
# desktop-file-validate check the .deb packages, man renders their man pages).
if [ "${1:-}" = "--tests" ]; then
  packages+=(libreoffice-calc-nogui libreoffice-writer-nogui clang libfuzzer-14-dev
             libclang-rt-14-dev postgresql lintian desktop-file-utils man-db)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Устанавливаю пакеты Debian: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
