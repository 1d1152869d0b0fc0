#!/usr/bin/env bash
# The backups of docs/install.md, made and restored exactly as written there, and read back by
# sufler: the journal file (sqlite3 .backup), the journal on a PostgreSQL server (pg_dump and
# pg_restore; on the tests' throwaway server when it runs), the central repository of the KB
# (git bundle and git clone --mirror).
#
#   backup_test.sh BUILD_DIR PG_TEST_DIR
set -euo pipefail
build_dir=$(cd "$1" && pwd)
pg_dir=$2
sufler=$build_dir/bin/sufler
work=$(mktemp -d /tmp/sufler-backup-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_CACHE_HOME=
export SUFLER_SYSTEM_CONFIG=$work/none.conf
mkdir -p "$HOME"
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
passed=0

# 1. The journal file: an online backup while the journal is in use, restored in place of a
# lost file, read and written on.
journal=$work/journal.sqlite
"$sufler" journal add --journal "$journal" question="Единое пособие" operator="Анна" >/dev/null
"$sufler" journal add --journal "$journal" question="Субсидия ЖКУ" operator="Анна" >/dev/null
# The copy holds personal data: readable by its owner only, as the journal is.
(umask 077 && sqlite3 "$journal" ".backup '$work/journal-backup.sqlite'")
[ "$(stat -c %a "$work/journal-backup.sqlite")" = 600 ] || fail "the backup is readable by others"
"$sufler" journal add --journal "$journal" question="После копии" operator="Анна" >/dev/null
rm -f "$journal"
sqlite3 "$work/journal-backup.sqlite" "PRAGMA integrity_check" | grep -qx ok ||
    fail "the backup copy is damaged"
install -m 600 "$work/journal-backup.sqlite" "$journal"
listed=$("$sufler" journal list --journal "$journal")
grep -q "Единое пособие" <<<"$listed" && grep -q "Субсидия ЖКУ" <<<"$listed" ||
    fail "restored journal lacks its calls: $listed"
grep -q "После копии" <<<"$listed" && fail "restored journal has a call made after the backup"
added=$("$sufler" journal add --journal "$journal" question="После восстановления")
grep -q "№ 3" <<<"$added" || fail "numbering after the restore: $added"
passed=$((passed + 1))

# 2. The journal on the server: pg_dump of its database, restored into a new one.
if [ -f "$pg_dir/uri" ]; then
    uri=$(cat "$pg_dir/uri")
    db=sufler_backup_$$
    psql() { PGOPTIONS="-c client_min_messages=warning" command psql "$@"; }
    at() { sed "s|///postgres?|///$1?|" <<<"$uri"; }
    psql -q -v ON_ERROR_STOP=1 "$uri" -c "DROP DATABASE IF EXISTS ${db}" \
        -c "DROP DATABASE IF EXISTS ${db}_restored" -c "CREATE DATABASE ${db}" >/dev/null
    "$sufler" journal init-server --journal "$(at "$db")" >/dev/null
    "$sufler" journal add --journal "$(at "$db")" question="Звонок на сервере" >/dev/null
    pg_dump --format=custom --file="$work/journal.dump" "$(at "$db")"
    psql -q -v ON_ERROR_STOP=1 "$uri" -c "CREATE DATABASE ${db}_restored" >/dev/null
    pg_restore --no-owner --dbname="$(at "${db}_restored")" "$work/journal.dump"
    listed=$("$sufler" journal list --journal "$(at "${db}_restored")")
    grep -q "Звонок на сервере" <<<"$listed" || fail "restored server journal: $listed"
    added=$("$sufler" journal add --journal "$(at "${db}_restored")" question="Второй")
    grep -q "№ 2" <<<"$added" || fail "server numbering after the restore: $added"
    psql -q -v ON_ERROR_STOP=1 "$uri" -c "DROP DATABASE ${db}" -c "DROP DATABASE ${db}_restored" >/dev/null
    passed=$((passed + 1))
else
    echo "нет тестового сервера PostgreSQL ($pg_dir/uri): копия журнала на сервере не проверена"
fi

# 3. The central repository: a bundle and a mirror, each restored to a bare repository that
# holds the same history and hook, and whose clone is a KB sufler reads.
central=$work/kb.git
git init -q -b main "$work/src"
cp -r "$build_dir/share/sufler/demo-kb/." "$work/src"
git -C "$work/src" add -A
git -C "$work/src" -c user.name=Админ -c user.email=admin@example.org commit -qm "База знаний"
git clone -q --bare "$work/src" "$central"
"$sufler" hook install "$central" >/dev/null
git -C "$central" bundle create -q "$work/kb.bundle" --all
git clone -q --mirror "$central" "$work/kb-mirror.git"
for copy in "$work/kb.bundle" "$work/kb-mirror.git"; do
    restored=$work/restored.git
    rm -rf "$restored" "$work/clone"
    git clone -q --bare "$copy" "$restored"
    [ "$(git -C "$restored" rev-parse main)" = "$(git -C "$central" rev-parse main)" ] ||
        fail "$copy: main differs after the restore"
    "$sufler" hook install "$restored" >/dev/null
    [ -x "$restored/hooks/pre-receive" ] || fail "$copy: no hook after the restore"
    git clone -q "$restored" "$work/clone"
    "$sufler" lint --kb "$work/clone" >/dev/null 2>&1 || fail "$copy: the restored KB does not lint"
    passed=$((passed + 1))
done
echo "$passed passed, 0 failed"
