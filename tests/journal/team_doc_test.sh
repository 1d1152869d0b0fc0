#!/usr/bin/env bash
# docs/team.md done step by step, as the hotline's IT staff would, on throwaway servers:
#
#   team_doc_test.sh SOURCE_DIR BIN_DIR
#
# What it proves: `sufler journal init-server` as the database's owner, login roles in the
# groups it makes, the pg_hba.conf lines of the doc (scram-sha-256, only members of the two
# groups), passwords only in ~/.pgpass (0600) with `--journal service=sufler` from
# ~/.pg_service.conf; operators write calls and are refused what is the manager's (purge,
# migrate); the manager migrates two desks' SQLite files (twice: the second run adds nothing)
# and purges; a nightly `pg_dump -Fc` restored with `pg_restore` into a new database of the
# same server and, with `pg_dumpall --roles-only`, onto a second server reads back exactly the
# same calls, outgoing calls, callbacks, flags, status and monthly report, and numbering goes
# on after the last number; TLS with the doc's own CA and `sslmode=verify-full` reads the same
# (a name other than the certificate's, or no TLS, is refused); the SQLite file's `.backup`
# copy reads back the same.
# Any lost or changed row fails it: every read is compared whole.
#
# Without PostgreSQL installed it exits 77 (skipped), except under CI, where
# tools/pg-test-server.sh fails.
set -euo pipefail
source_dir=$(cd "$1" && pwd)
bin_dir=$(cd "$2" && pwd)
server=$source_dir/tools/pg-test-server.sh
work=$(mktemp -d /tmp/sufler-team-doc.XXXXXX)
cleanup() {
    "$server" stop "$work/main" >/dev/null 2>&1 || true
    "$server" stop "$work/spare" >/dev/null 2>&1 || true
    [ -n "${KEEP:-}" ] && { echo "kept $work"; return; }; rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# A workstation of its own: nothing read from the machine's or the user's settings.
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share
export XDG_CACHE_HOME=$work/home/.cache SUFLER_SYSTEM_CONFIG=$work/no-system.conf
unset PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE PGSERVICEFILE PGPASSFILE PGSSLMODE
mkdir -p "$HOME"
kb=$source_dir/kb/demo
sufler() { "$bin_dir/sufler" "$@"; }
# A value of a JSON file, `d` being its document (python3 is among the build's packages; the
# system's own first: a version manager's shim costs a second a call).
python=/usr/bin/python3
[ -x "$python" ] || python=python3
json_get() { # FILE PYTHON_EXPRESSION
    "$python" -c 'import json, sys; d = json.load(open(sys.argv[1])); print(json.dumps(eval(sys.argv[2]), ensure_ascii=False, separators=(",", ":")))' "$1" "$2"
}

# --- two servers: the hotline's, and a spare one the backup is restored onto -------------------
"$server" start "$work/main" >"$work/main.log" 2>&1 &
main_pid=$!
"$server" start "$work/spare" >"$work/spare.log" 2>&1 &
spare_pid=$!
wait "$main_pid" || { cat "$work/main.log"; fail "the test server did not start"; }
wait "$spare_pid" || { cat "$work/spare.log"; fail "the spare test server did not start"; }
if [ -f "$work/main/unavailable" ]; then
    echo "пропущено: $(cat "$work/main/unavailable")"
    exit 77
fi
# The script's URI: postgresql:///postgres?host=SOCKET_DIR&port=PORT&user=postgres
socket_of() { sed -n 's/.*host=\([^&]*\).*/\1/p' "$1/uri"; }
port_of() { sed -n 's/.*port=\([0-9]*\).*/\1/p' "$1/uri"; }
main_host=$(socket_of "$work/main")
main_port=$(port_of "$work/main")
spare_host=$(socket_of "$work/spare")
spare_port=$(port_of "$work/spare")
# The administrator: `sudo -u postgres …` on Debian; here the test server's postgres user.
main_admin=(-h "$main_host" -p "$main_port" -U postgres)
spare_admin=(-h "$spare_host" -p "$spare_port" -U postgres)
psql_main() { psql -X -q -v ON_ERROR_STOP=1 "${main_admin[@]}" "$@"; }

# --- 2. the server: database, tables and groups, people, pg_hba.conf --------------------------
createdb "${main_admin[@]}" sufler
out=$(sufler journal init-server --journal "postgresql:///sufler?host=$main_host&port=$main_port&user=postgres") ||
    fail "init-server: $out"
psql_main -d sufler <<'SQL'
CREATE ROLE anna LOGIN IN ROLE sufler_operator;
CREATE ROLE petrov LOGIN IN ROLE sufler_operator;
CREATE ROLE head LOGIN IN ROLE sufler_manager;
CREATE ROLE stranger LOGIN;
-- docs: \password anna in psql, so that the password is in no shell history
ALTER ROLE anna PASSWORD 'anna-pw';
ALTER ROLE petrov PASSWORD 'petrov-pw';
ALTER ROLE head PASSWORD 'head-pw';
ALTER ROLE stranger PASSWORD 'stranger-pw';
SQL
# The doc's lines, `local` instead of `hostssl … 192.168.10.0/24` (the test server listens on
# its socket only); the administrator's own line stays first, as Debian's `local all postgres peer`.
hba() {
    local data
    data=$(cat "$1/data-dir")/data
    printf '%s\n' 'local all postgres trust' \
        'local sufler,sufler_check +sufler_operator,+sufler_manager scram-sha-256' >"$data/pg_hba.conf"
}
hba "$work/main"
psql_main -d postgres -c 'SELECT pg_reload_conf()' >/dev/null

# Each workstation: ~/.pg_service.conf names the server, ~/.pgpass holds the password.
cat >"$HOME/.pg_service.conf" <<EOF
[sufler]
host=$main_host
port=$main_port
dbname=sufler
user=anna

[sufler-spare]
host=$spare_host
port=$spare_port
dbname=sufler
user=anna
EOF
anna=service=sufler
petrov="service=sufler user=petrov"
head="service=sufler user=head"

# No password anywhere: refused, and told where it goes.
if out=$(sufler journal list --journal "$anna" 2>&1); then fail "connected without a password"; fi
grep -q 'pgpass' <<<"$out" || fail "no password: «$out» does not name ~/.pgpass"
printf '%s\n' '*:*:*:anna:anna-pw' '*:*:*:petrov:petrov-pw' '*:*:*:head:head-pw' \
    '*:*:*:stranger:stranger-pw' >"$HOME/.pgpass"
chmod 644 "$HOME/.pgpass"
# libpq ignores a ~/.pgpass others can read
if sufler journal list --journal "$anna" >/dev/null 2>&1; then
    fail "a ~/.pgpass readable by others was used"
fi
chmod 600 "$HOME/.pgpass"
sufler journal list --journal "$anna" >/dev/null || fail "anna cannot read the journal"
# Only the groups' members get through pg_hba.conf.
if out=$(sufler journal list --journal "service=sufler user=stranger" 2>&1); then
    fail "a role outside sufler_operator and sufler_manager connected"
fi
grep -q 'pg_hba.conf' <<<"$out" || fail "stranger refused: «$out» does not name pg_hba.conf"

# --- operators at work ---------------------------------------------------------------------------
add() {
    local who=$1
    shift
    sufler journal add --kb "$kb" --journal "$who" "$@" >/dev/null || fail "journal add $*"
}
add "$anna" time="2026-11-03 10:15" phone="+7 900 123-45-67" gender=ж \
    name="Иванова Мария Петровна" birth_year=1956 municipality=Энск question="Как получить ЕДВ?" \
    operator="Сидорова А. В." department=family-payments answered=да satisfaction=удовлетворен
add "$anna" time="2026-11-03 11:40" phone="+7 900 765-43-21" gender=м question="Субсидия на ЖКУ" \
    operator="Сидорова А. В." answered=нет satisfaction="частично удовлетворен"
add "$petrov" time="2026-11-05 09:05" phone="+7 900 111-22-33" question="Путёвка в санаторий" \
    operator="Петров А. А." answered=да satisfaction=удовлетворен
add "$petrov" time="2025-12-30 16:00" question="Прошлогодний звонок" operator="Петров А. А."
add "$anna" time="2020-01-15 12:00" phone="+7 900 000-00-00" question="Звонок старше пяти лет" \
    operator="Сидорова А. В."
sufler journal add --kb "$kb" --journal "$anna" --outgoing time="2026-11-03 12:00" \
    contact="Орлова Е. Е., 2-22-22" question="Уточнение по ЕДВ" organization="УСЗН г. Энска" \
    operator="Сидорова А. В." >/dev/null || fail "outgoing call"
sufler journal list --journal "$anna" --month 2026-11 --json >"$work/november.json"
first=$(json_get "$work/november.json" '[c["id"] for c in d if c["question"] == "Как получить ЕДВ?"][0]')
sufler journal defer "$first" --kb "$kb" --journal "$anna" --hours "после 14:00" >/dev/null ||
    fail "defer"
sufler journal claim "$first" --kb "$kb" --journal "$petrov" --operator "Петров А. А." >/dev/null ||
    fail "claim"
sufler journal flag --no-answer --department family-payments --note "нет записи о ЕДВ" \
    --kb "$kb" --journal "$anna" >/dev/null || fail "flag"

# --- 5. two desks' SQLite files moved in by the manager, twice -------------------------------------
for desk in 1 2; do
    add "$work/desk$desk.sqlite" time="2026-10-0$desk 09:00" question="Вопрос стола $desk" \
        operator="Оператор $desk" answered=да satisfaction=удовлетворен
    add "$work/desk$desk.sqlite" time="2026-11-02 09:0$desk" question="Второй вопрос стола $desk" \
        operator="Оператор $desk"
done
if out=$(sufler journal migrate --from "$work/desk1.sqlite" --to "$anna" 2>&1); then
    fail "an operator moved a desk's journal in"
fi
grep -q 'нужна роль sufler_manager' <<<"$out" || fail "an operator's migrate: «$out»"
for desk in 1 2; do
    out=$(sufler journal migrate --from "$work/desk$desk.sqlite" --to "$head") || fail "migrate: $out"
    grep -q 'входящих 2' <<<"$out" || fail "desk $desk: «$out»"
done
out=$(sufler journal migrate --from "$work/desk1.sqlite" --to "$head") || fail "migrate again: $out"
grep -q 'входящих 0.*пропущено 2' <<<"$out" || fail "the second run moved something: «$out»"

# --- 6. the purge is the manager's --------------------------------------------------------------
if out=$(sufler journal purge --kb "$kb" --journal "$anna" --older-than 5y 2>&1); then
    fail "an operator purged the journal"
fi
grep -q 'нужна роль sufler_manager' <<<"$out" || fail "an operator's purge: «$out»"
out=$(sufler journal purge --kb "$kb" --journal "$head" --older-than 5y) || fail "purge: $out"
grep -q 'входящих 1' <<<"$out" || fail "purge of the 2020 call: «$out»"

# --- what the register holds now, every read compared whole after each restore ------------------
# (sufler writes JSON with its keys sorted, so two reads compare line by line)
read_all() { # JOURNAL OUT_DIR
    local j=$1 dir=$2
    mkdir -p "$dir"
    sufler journal list --kb "$kb" --journal "$j" --json >"$dir/incoming.json"
    sufler journal list --kb "$kb" --journal "$j" --outgoing --json >"$dir/outgoing.json"
    sufler journal callbacks --kb "$kb" --journal "$j" --today 2026-11-03 --ahead 5 --json \
        >"$dir/callbacks.json"
    sufler journal flags --kb "$kb" --journal "$j" --json >"$dir/flags.json"
    sufler journal status --kb "$kb" --journal "$j" --now "2026-11-05 12:00:00" --json \
        >"$dir/status.json"
    sufler report --kb "$kb" --journal "$j" --month 2026-11 --format json >"$dir/report.json"
}
same() { # WHAT BEFORE_DIR AFTER_DIR
    local f
    for f in incoming outgoing callbacks flags status report; do
        diff -u "$2/$f.json" "$3/$f.json" >&2 || fail "$1: $f differs from before the backup"
    done
}
read_all "$anna" "$work/before"
# The register as built above, so that an empty or short read cannot pass as «the same».
before=$work/before
[ "$(json_get "$before/incoming.json" 'len(d)')" = 8 ] || fail "incoming: not 8 calls"
[ "$(json_get "$before/outgoing.json" 'len(d)')" = 1 ] || fail "outgoing: not 1 call"
[ "$(json_get "$before/callbacks.json" '[c["claimed_by"] for c in d]')" = '["Петров А. А."]' ] ||
    fail "the callback claimed by Петров is not the queue"
[ "$(json_get "$before/report.json" 'd["incoming"]["total"]')" = 5 ] ||
    fail "the November report does not count 5 calls"
# One numbering per year: 2026 has 1..7, 2025 its own 1.
[ "$(json_get "$before/incoming.json" 'sorted(c["number"] for c in d if c["received_at"] >= "2026")')" = '[1,2,3,4,5,6,7]' ] ||
    fail "2026 is not numbered 1..7"

# --- 4. the nightly backup ------------------------------------------------------------------------
(
    umask 077
    pg_dump "${main_admin[@]}" -Fc -f "$work/sufler.dump" sufler
    pg_dumpall "${main_admin[@]}" --roles-only -f "$work/roles.sql"
) || fail "pg_dump"
[ "$(stat -c %a "$work/sufler.dump")" = 600 ] || fail "the dump is readable by others"

# The routine check: restored into a new database beside the journal, read as an operator.
createdb "${main_admin[@]}" sufler_check
pg_restore "${main_admin[@]}" -d sufler_check --exit-on-error "$work/sufler.dump" ||
    fail "pg_restore into sufler_check"
read_all "service=sufler dbname=sufler_check" "$work/check"
same "restored into sufler_check" "$work/before" "$work/check"
# Numbering goes on after the restored numbers, and a moved desk stays moved.
out=$(sufler journal add --kb "$kb" --journal "service=sufler dbname=sufler_check" \
    time="2026-11-06 10:00" question="После восстановления" operator="Сидорова А. В.") ||
    fail "add after the restore: $out"
grep -q '№ 8 ' <<<"$out" || fail "after the restore: «$out», not № 8"
out=$(sufler journal migrate --from "$work/desk2.sqlite" --to "service=sufler dbname=sufler_check user=head") ||
    fail "migrate into the restored journal: $out"
grep -q 'входящих 0.*пропущено 2' <<<"$out" || fail "the restored journal forgot what was moved: «$out»"

# The server lost: the roles, then the database, onto another server.
psql -X -q "${spare_admin[@]}" -d postgres -f "$work/roles.sql" >/dev/null 2>"$work/roles.log" || true
# (only «role "postgres" already exists» may be said)
if grep -v 'role "postgres" already exists' "$work/roles.log" | grep -q ERROR; then
    cat "$work/roles.log" >&2
    fail "roles.sql on the spare server"
fi
hba "$work/spare"
psql -X -q "${spare_admin[@]}" -d postgres -c 'SELECT pg_reload_conf()' >/dev/null
createdb "${spare_admin[@]}" sufler
pg_restore "${spare_admin[@]}" -d sufler --exit-on-error "$work/sufler.dump" ||
    fail "pg_restore onto the spare server"
read_all "service=sufler-spare" "$work/spare-read"
same "restored onto another server" "$work/before" "$work/spare-read"

# --- the SQLite file's backup ---------------------------------------------------------------------
(
    umask 077
    sqlite3 "$work/desk1.sqlite" ".backup '$work/desk1-copy.sqlite'"
) || fail "sqlite3 .backup"
diff -u <(sufler journal list --journal "$work/desk1.sqlite" --json) \
    <(sufler journal list --journal "$work/desk1-copy.sqlite" --json) >&2 ||
    fail "the SQLite copy differs"
sufler journal list --journal "$work/desk1-copy.sqlite" --json >"$work/desk1-copy.json"
[ "$(json_get "$work/desk1-copy.json" 'len(d)')" = 2 ] ||
    fail "the SQLite copy does not hold the desk's 2 calls"

# --- 2.5. TLS: the doc's own CA and server certificate, sslmode=verify-full -------------------
# The main server again, now on 127.0.0.1 (a free port) with TLS; only `hostssl` lets people in.
tls=$work/tls
mkdir -p "$tls"
(
    cd "$tls"
    openssl req -new -x509 -days 3650 -nodes -subj "/CN=Hotline journal CA" \
        -keyout ca.key -out journal-ca.crt
    openssl req -new -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
    printf 'subjectAltName=DNS:localhost\n' >san.ext
    openssl x509 -req -in server.csr -CA journal-ca.crt -CAkey ca.key -CAcreateserial \
        -days 825 -extfile san.ext -out server.crt
) >"$work/openssl.log" 2>&1 || { cat "$work/openssl.log"; fail "openssl"; }
main_data=$(cat "$work/main/data-dir")/data
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_server() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
install -m 600 "$tls/server.key" "$main_data/server.key"
install -m 644 "$tls/server.crt" "$main_data/server.crt"
[ "$(id -u)" -ne 0 ] || chown postgres "$main_data/server.key" "$main_data/server.crt"
printf '%s\n' 'local all postgres trust' \
    'hostssl sufler +sufler_operator,+sufler_manager 127.0.0.1/32 scram-sha-256' \
    >"$main_data/pg_hba.conf"
tcp_port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_server "$pgbin/pg_ctl" -D "$main_data" -m fast -w stop >/dev/null
tls_log=$main_data/../tls.log # where the server's user may write
as_server "$pgbin/pg_ctl" -D "$main_data" -l "$tls_log" -w -t 60 -o "-k $main_host \
    -c listen_addresses=127.0.0.1 -c port=$tcp_port -c fsync=off -c ssl=on -c ssl_cert_file=server.crt \
    -c ssl_key_file=server.key" start >/dev/null || { cat "$tls_log"; fail "the TLS server"; }
# tools/pg-test-server.sh stops it by its data folder, whatever it listens on
printf '%s\n' '[sufler-tls]' host=localhost "port=$tcp_port" dbname=sufler user=anna \
    sslmode=verify-full "sslrootcert=$tls/journal-ca.crt" >>"$HOME/.pg_service.conf"
read_all "service=sufler-tls" "$work/tls-read"
same "over TLS" "$work/before" "$work/tls-read"
# The name in the certificate is what the workstation checks: the address alone is refused.
if out=$(sufler journal list --journal "service=sufler-tls host=127.0.0.1" 2>&1); then
    fail "verify-full accepted a certificate for another name"
fi
grep -q 'сертификат сервера выдан на другое имя' <<<"$out" || fail "wrong name: «$out»"
# A workstation without the CA file is told so, not that the database is missing.
if out=$(sufler journal list --journal "service=sufler-tls sslrootcert=$tls/absent.crt" 2>&1); then
    fail "verify-full without the CA file connected"
fi
grep -q 'нет файла сертификата центра сертификации' <<<"$out" || fail "no CA file: «$out»"
# Without TLS no pg_hba.conf line lets an operator in.
if out=$(sufler journal list --journal "service=sufler-tls sslmode=disable" 2>&1); then
    fail "an operator connected without TLS"
fi
grep -q 'pg_hba.conf' <<<"$out" || fail "without TLS: «$out»"

echo "docs/team.md: сервер, роли, pg_hba.conf, TLS, ~/.pgpass, перенос, удаление, копия и восстановление — проверено"
