#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: its own folder, a Unix socket only (nothing
# listens on the network), trust authentication for the `postgres` user inside it.
#
#   tools/pg-test-server.sh start DIR     initdb and start; DIR/uri gets the connection string
#                                         (database `postgres`; a test makes its own database)
#   tools/pg-test-server.sh stop DIR      stop it and remove its data
#   tools/pg-test-server.sh crash DIR     stop it as a crash would (pg_ctl -m immediate)
#   tools/pg-test-server.sh restart DIR   start it again on the same data
#
# With SUFLER_PG_OWNER_PID, `start` also stops the server once that process is gone.
# As root (CI) the server runs as the `postgres` user the Debian package makes: initdb refuses
# root. Without PostgreSQL installed, `start` fails when CI is set; elsewhere it writes the
# reason to DIR/unavailable and succeeds, and the tests that need a server say so and skip.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "использование: $0 start|stop|crash|restart ПАПКА" >&2
  exit 2
fi
port=${SUFLER_TEST_PG_PORT:-54329}

# The newest server installed (Debian 12: /usr/lib/postgresql/15/bin).
pgbin=${SUFLER_PG_BIN:-}
if [ -z "$pgbin" ]; then
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi

as_server() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

server_options() {
  # fsync off: a test server's data need not survive a power cut, and a crash of the server
  # (what `crash` does) loses nothing the system already has. The journal's benchmark turns
  # it on (SUFLER_TEST_PG_FSYNC=on), as a real server runs.
  echo "-k $1/sock -c listen_addresses='' -c port=$port -c fsync=${SUFLER_TEST_PG_FSYNC:-off} -c max_connections=200"
}

case "$cmd" in
start)
  mkdir -p "$dir"
  rm -f "$dir/uri" "$dir/unavailable"
  if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
    why="PostgreSQL не установлен (нет /usr/lib/postgresql/*/bin/initdb): tools/install-deps.sh --tests"
    if [ -n "${CI:-}" ]; then
      echo "$why" >&2
      exit 1
    fi
    echo "$why" >"$dir/unavailable"
    echo "$why — тесты журнала на PostgreSQL будут пропущены" >&2
    exit 0
  fi
  # The data and the socket in a short path of their own: a socket's path has at most 107
  # bytes, and the server's user must be able to reach it.
  data=$(mktemp -d /tmp/sufler-pg.XXXXXX)
  chmod 755 "$data"
  mkdir "$data/sock"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres "$data"
  fi
  echo "$data" >"$dir/data-dir"
  as_server "$pgbin/initdb" -D "$data/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 -N \
    >"$data/initdb.log" 2>&1 || { cat "$data/initdb.log" >&2; exit 1; }
  as_server "$pgbin/pg_ctl" -D "$data/data" -l "$data/log" -w -t 60 \
    -o "$(server_options "$data")" start >/dev/null || { cat "$data/log" >&2; exit 1; }
  echo "postgresql:///postgres?host=$data/sock&port=$port&user=postgres" >"$dir/uri"
  # A test program that dies without stopping its own server (a crash) leaves none behind.
  if [ -n "${SUFLER_PG_OWNER_PID:-}" ]; then
    nohup setsid bash -c 'while kill -0 "$0" 2>/dev/null; do sleep 2; done; "$1" stop "$2"; rmdir "$2"' \
      "$SUFLER_PG_OWNER_PID" "$(readlink -f "$0")" "$dir" >/dev/null 2>&1 &
  fi
  ;;
stop)
  [ -f "$dir/data-dir" ] || exit 0
  data=$(cat "$dir/data-dir")
  # Immediate: the data goes with the folder anyway, and a clean shutdown's checkpoint takes
  # seconds.
  as_server "$pgbin/pg_ctl" -D "$data/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$data"
  rm -f "$dir/data-dir" "$dir/uri"
  ;;
crash)
  data=$(cat "$dir/data-dir")
  as_server "$pgbin/pg_ctl" -D "$data/data" -m immediate -w stop >/dev/null
  ;;
restart)
  data=$(cat "$dir/data-dir")
  as_server "$pgbin/pg_ctl" -D "$data/data" -l "$data/log" -w -t 60 \
    -o "$(server_options "$data")" start >/dev/null || { cat "$data/log" >&2; exit 1; }
  ;;
*)
  echo "неизвестная команда «$cmd»: start, stop, crash или restart" >&2
  exit 2
  ;;
esac
