#!/usr/bin/env bash
# The Debian packages as an administrator gets them: built by CPack from this build tree,
# installed with dpkg into a fresh, empty root (`dpkg --root`, the machine's own system is not
# touched), run from there, checked for paths of the build machine, linted, and purged.
#
#   install_test.sh SOURCE_DIR BUILD_DIR CONSOLE   (CONSOLE: 1 when sufler-app is built)
#
# What it proves: the packages install, upgrade (keeping the edited conffile and the journal)
# and purge cleanly (nothing is left in the root but dpkg's own database); the installed
# `sufler` finds the demo KB it ships under /usr/share/sufler/demo-kb relative to itself (not a
# path compiled in) and reads the shipped /etc/sufler/sufler.conf; the installed console starts
# with no arguments on a configured workstation; no installed file contains the source or build
# folder's path; the man pages render and the bash completion completes subcommands. The
# installed binaries run against the machine's libraries: their package dependencies come from
# dpkg-shlibdeps (tools/test-packages-chroot.sh checks them with apt in a fresh Debian 12).
set -euo pipefail
source_dir=$(cd "$1" && pwd)
build_dir=$(cd "$2" && pwd)
console=${3:-0}
work=$(mktemp -d /tmp/sufler-install-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

version=$(sed -n 's/^project(sufler VERSION \([0-9.]*\).*/\1/p' "$source_dir/CMakeLists.txt")
[ -n "$version" ] || fail "no version in CMakeLists.txt"

# 1. The packages, into a folder of this run (the build tree's packages/ is left alone).
components=()
[ "$console" = 1 ] || components=(-D CPACK_COMPONENTS_ALL=cli)
(cd "$build_dir" && cpack -G DEB -B "$work/packages" "${components[@]}" >"$work/cpack.log" 2>&1) ||
    { tail -n 30 "$work/cpack.log"; fail "cpack -G DEB"; }
cli_deb=$work/packages/sufler_${version}_amd64.deb
app_deb=$work/packages/sufler-app_${version}_amd64.deb
debs=("$cli_deb")
[ -f "$cli_deb" ] || fail "no $cli_deb"
if [ "$console" = 1 ]; then
    [ -f "$app_deb" ] || fail "no $app_deb"
    debs+=("$app_deb")
fi
for deb in "${debs[@]}"; do
    echo "$(basename "$deb"): $(stat -c %s "$deb") байт"
    dpkg-deb -f "$deb" Depends | grep -q 'libc6' || fail "$deb: Depends not computed by shlibdeps"
done
if [ ${#debs[@]} -gt 1 ]; then
    dpkg-deb -f "$app_deb" Depends | grep -q 'fonts-dejavu-core' ||
        fail "sufler-app does not depend on fonts-dejavu-core"
fi

# 2. A fresh root with an empty dpkg database; the libraries are the machine's, so dependency
# checks are for apt on a real system (--force-depends here).
root=$work/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
dpkg_root=(dpkg --root="$root" --force-depends --force-script-chrootless --force-not-root)
"${dpkg_root[@]}" -i "${debs[@]}" >"$work/dpkg-install.log" 2>&1 ||
    { cat "$work/dpkg-install.log"; fail "dpkg -i into $root"; }
[ "$(dpkg-query --root="$root" -W -f='${Status}' sufler)" = "install ok installed" ] ||
    fail "sufler not installed in $root"
grep -qx /etc/sufler/sufler.conf "$root/var/lib/dpkg/info/sufler.conffiles" ||
    fail "/etc/sufler/sufler.conf is not a conffile"

# 3. The installed programs, with a home of their own and the installed system file.
export HOME=$work/home XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_CACHE_HOME=
export SUFLER_SYSTEM_CONFIG=$root/etc/sufler/sufler.conf
mkdir -p "$HOME"
sufler=$root/usr/bin/sufler
out=$("$sufler" --version)
[ "$out" = "sufler $version" ] || fail "sufler --version printed «$out»"
demo=$root/usr/share/sufler/demo-kb
[ -f "$demo/sufler.yaml" ] || fail "no demo KB in $demo"
"$sufler" lint --kb "$demo" >"$work/lint.out" 2>&1 || { cat "$work/lint.out"; fail "lint --kb"; }
# Without --kb: the demo beside the installed program, not the build tree's kb/demo.
"$sufler" lint >"$work/lint-default.out" 2>&1 || { cat "$work/lint-default.out"; fail "lint"; }
grep -q "$demo" "$work/lint-default.out" ||
    { cat "$work/lint-default.out"; fail "sufler lint without --kb did not read $demo"; }
grep -q "$source_dir" "$work/lint-default.out" && fail "sufler lint read the source tree"
"$sufler" config >"$work/config.out" || fail "sufler config with the shipped sufler.conf"
if [ ${#debs[@]} -gt 1 ]; then
    out=$("$root/usr/bin/sufler-app" --version)
    [ "$out" = "sufler-app $version" ] || fail "sufler-app --version printed «$out»"
    # The console from the installed files in a real window under Xvfb, started with no KB or
    # journal on the command line on a workstation configured by sufler.conf: it clones the
    # KB from the central repository (made here from the installed demo), opens the journal
    # and takes the operator's name, and is up and drawing after a few seconds.
    if command -v xvfb-run >/dev/null; then
        git init -q -b main "$work/src" && cp -r "$demo/." "$work/src"
        git -C "$work/src" add -A
        git -C "$work/src" -c user.name=a -c user.email=a@example.org commit -qm kb
        git clone -q --bare "$work/src" "$work/central.git"
        printf 'kb = ~/kb\nrepository = %s\njournal = %s\noperator = Тестова Анна\n' \
            "$work/central.git" "$work/journal.sqlite" >"$work/workstation.conf"
        SUFLER_SYSTEM_CONFIG=$work/workstation.conf LIBGL_ALWAYS_SOFTWARE=1 \
            xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
            "$1" --state-file "$2" 2>"$2.err" & pid=$!
            for _ in $(seq 80); do [ -s "$2" ] && break; sleep 0.25; done
            sleep 1; kill -0 $pid || exit 1
            # A new call (Ctrl+N): its card takes the operator from the configuration.
            if command -v xdotool >/dev/null; then
                window=$(xdotool search --sync --onlyvisible --name "Суфлёр" | head -n 1)
                xdotool windowfocus --sync "$window" key ctrl+n
                for _ in $(seq 40); do grep -q "Тестова" "$2" && break; sleep 0.25; done
            fi
            kill $pid; wait $pid || true' _ "$root/usr/bin/sufler-app" "$work/state.json" ||
            { cat "$work/state.json.err"; fail "installed sufler-app did not stay up under Xvfb"; }
        [ -s "$work/state.json" ] || { cat "$work/state.json.err"; fail "sufler-app drew nothing"; }
        [ -f "$HOME/kb/sufler.yaml" ] || { cat "$work/state.json.err"; fail "sufler-app did not clone the configured KB"; }
        grep -q "склонирована" "$work/state.json.err" || fail "sufler-app did not say it cloned"
        if command -v xdotool >/dev/null; then
            grep -q "Тестова Анна" "$work/state.json" ||
                fail "sufler-app did not take the configured operator"
        fi
    fi
fi

# 4. No path of this machine's source or build tree in any installed file.
if found=$(grep -rlF -e "$source_dir" -e "$build_dir" "$root/usr" "$root/etc" "$root/lib"); then
    fail "build paths in installed files: $found"
fi

# 5. Man pages and completion.
for page in "$root"/usr/share/man/man1/*.1.gz; do
    rendered=$(LC_ALL=C.UTF-8 MANWIDTH=100 man -l "$page" 2>"$work/man.err") || fail "man -l $page"
    [ ! -s "$work/man.err" ] || { cat "$work/man.err"; fail "$page: warnings"; }
    grep -q 'ПАРАМЕТРЫ' <<<"$rendered" || fail "$page: no options section"
done
# Read whole first: with pipefail, `grep -q` quitting early kills zcat with SIGPIPE on a long page.
man_page=$(zcat "$root/usr/share/man/man1/sufler.1.gz")
grep -q 'sufler journal purge' <<<"$man_page" ||
    fail "sufler.1: no «journal purge»"
completed=$(bash -c "source '$root/usr/share/bash-completion/completions/sufler'
    COMP_WORDS=(sufler jour); COMP_CWORD=1; _sufler; echo \"\${COMPREPLY[*]}\"
    COMP_WORDS=(sufler journal pu); COMP_CWORD=2; _sufler; echo \"\${COMPREPLY[*]}\"")
[ "$completed" = $'journal\npurge' ] || fail "bash completion gave «$completed»"

# 6. An upgrade: a newer sufler over this one keeps the administrator's edit of the conffile
# (dpkg asks nothing: the shipped file did not change) and the journal written before it.
echo "operator = Администратор Линии" >>"$root/etc/sufler/sufler.conf"
"$sufler" journal add --journal "$work/upgrade.sqlite" question="До обновления" >/dev/null
(cd "$build_dir" && cpack -G DEB -B "$work/packages-next" -R "$version.1" \
    -D CPACK_COMPONENTS_ALL=cli >"$work/cpack-next.log" 2>&1) ||
    { tail -n 30 "$work/cpack-next.log"; fail "cpack of the next version"; }
"${dpkg_root[@]}" -i "$work/packages-next/sufler_$version.1_amd64.deb" </dev/null \
    >"$work/dpkg-upgrade.log" 2>&1 || { cat "$work/dpkg-upgrade.log"; fail "dpkg -i (upgrade)"; }
[ "$(dpkg-query --root="$root" -W -f='${Version}' sufler)" = "$version.1" ] ||
    fail "sufler was not upgraded"
grep -qx "operator = Администратор Линии" "$root/etc/sufler/sufler.conf" ||
    fail "the upgrade lost the edit of /etc/sufler/sufler.conf"
[ "$("$sufler" config operator)" = "Администратор Линии" ] || fail "sufler config after upgrade"
"$sufler" journal list --journal "$work/upgrade.sqlite" | grep -q "До обновления" ||
    fail "the journal written before the upgrade does not read"

# 7. lintian and the .desktop file's check (tools/install-deps.sh --tests installs both).
if [ "$console" = 1 ]; then
    desktop-file-validate "$root/usr/share/applications/sufler-app.desktop" ||
        fail "sufler-app.desktop is not valid"
    [ -f "$root/usr/share/icons/hicolor/scalable/apps/sufler-app.svg" ] || fail "no icon"
fi
if command -v lintian >/dev/null; then
    lintian --no-tag-display-limit --fail-on error "${debs[@]}" >"$work/lintian.out" 2>&1 ||
        { cat "$work/lintian.out"; fail "lintian reports errors"; }
    echo "lintian: ошибок нет, предупреждений $(grep -c "^W:" "$work/lintian.out" || true)"
else
    echo "lintian не установлен: пакеты не проверены им"
fi

# 8. Purge: nothing is left but dpkg's own database.
"${dpkg_root[@]}" --purge sufler-app sufler >"$work/dpkg-purge.log" 2>&1 ||
    { cat "$work/dpkg-purge.log"; fail "dpkg --purge"; }
left=$(cd "$root" && find . -mindepth 1 -not -path './var' -not -path './var/lib' \
    -not -path './var/lib/dpkg' -not -path './var/lib/dpkg/*')
[ -z "$left" ] || fail "left after purge: $left"
echo "1 passed, 0 failed"
