#!/usr/bin/env bash
# On demand, not in ctest (it downloads a minimal Debian 12 from Debian's mirror, a few
# minutes): the .deb packages installed with apt into a fresh Debian 12 that has nothing else,
# as on a new workstation. Proves that the dependencies dpkg-shlibdeps computed are complete:
# apt brings every library the programs load, the programs run, and purging leaves nothing.
#
#   tools/test-packages-chroot.sh [BUILD_DIR]     (as root; needs mmdebstrap)
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
cd "$build"
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' CMakeCache.txt)
debs=(packages/sufler_"$version"_amd64.deb packages/sufler-app_"$version"_amd64.deb)
for deb in "${debs[@]}"; do
    [ -f "$deb" ] || { echo "нет $build/$deb: сначала cmake --build $build --target packages" >&2; exit 2; }
done
work=$(mktemp -d /var/tmp/sufler-chroot.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/debs"
cp "${debs[@]}" "$work/debs/"

# Everything runs inside mmdebstrap's hooks, where /proc and /dev are mounted.
check='set -e
apt-get install -y -q /tmp/debs/*.deb
sufler --version
sufler lint --kb /usr/share/sufler/demo-kb
HOME=/root sufler lint 2>&1 | grep -q /usr/share/sufler/demo-kb
sufler-app --version
man -w sufler >/dev/null 2>&1 || true
test -f /usr/share/applications/sufler-app.desktop
ldd /usr/bin/sufler /usr/bin/sufler-app | grep "not found" && exit 1
apt-get purge -y -q sufler-app sufler
test ! -e /usr/bin/sufler && test ! -e /etc/sufler && test ! -e /usr/share/sufler
echo "чистый Debian 12: пакеты поставлены apt, программы запущены, удалены без остатка"'

mmdebstrap --variant=apt --skip=cleanup/apt \
    --customize-hook="copy-in $work/debs /tmp" \
    --customize-hook="chroot \"\$1\" sh -c '$check'" \
    bookworm "$work/root" \
    "deb http://deb.debian.org/debian bookworm main" \
    "deb http://deb.debian.org/debian bookworm-updates main" \
    "deb http://deb.debian.org/debian-security bookworm-security main"
echo "1 passed, 0 failed"
