#!/usr/bin/env bash
# scripts/test-postgres.sh COMMAND [ARGS...]
#
# Runs COMMAND with a throwaway PostgreSQL cluster for the tests that need one, then stops the
# cluster and deletes it, whatever COMMAND did; exits with COMMAND's status. .ci/run wraps
# `./flotilla test` in it; by hand, e.g.
#   scripts/test-postgres.sh ./mvnw -B -pl coordinator -am test -Dtest='Postgres*Test' -Dsurefire.failIfNoSpecifiedTests=false
#
# COMMAND sees (the names every Postgres-gated test reads):
#   FLOTILLA_TEST_DB_URL    jdbc:postgresql://127.0.0.1:<port>/flotilla_test    (an empty database)
#   FLOTILLA_TEST_DB_URL2   jdbc:postgresql://127.0.0.1:<port>/flotilla_test2   (a second one)
#   FLOTILLA_DB_USER        flotilla (the cluster's superuser, so tests may create more databases)
#   FLOTILLA_DB_PASSWORD    a random password (scram-sha-256 on loopback TCP)
#   FLOTILLA_TEST_PG_BIN    the PostgreSQL binaries (psql, createdb …); with
#   FLOTILLA_TEST_PG_HOST / FLOTILLA_TEST_PG_PORT: e.g.
#     PGPASSWORD=$FLOTILLA_DB_PASSWORD "$FLOTILLA_TEST_PG_BIN/createdb" -h "$FLOTILLA_TEST_PG_HOST" -p "$FLOTILLA_TEST_PG_PORT" -U flotilla another
#
# How: as root on Debian/Ubuntu it installs the `postgresql` package when no server binaries are
# found (without letting it create or start Debian's service cluster); then, as an unprivileged
# user (root: `postgres` if it exists, else `nobody`; anyone else: themselves), initdb into a new
# temporary directory owned by that user, and pg_ctl starts the server on a free loopback port with
# its unix socket inside that directory and the defaults for durability (fsync, synchronous_commit).
# When FLOTILLA_TEST_DB_URL is already set, or PostgreSQL is not installed and cannot be (not
# root, or no apt-get), it prints one line and runs COMMAND as it is (the Postgres tests skip).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi

say() { echo "test-postgres: $*" >&2; }

if [ -n "${FLOTILLA_TEST_DB_URL:-}" ]; then
  say "FLOTILLA_TEST_DB_URL is set; using that database, no cluster started"
  exec "$@"
fi

pg_bin() {
  local d
  # The newest installed major version (Debian layout), else initdb on PATH.
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4,4n -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

BIN="$(pg_bin || true)"
if [ -z "$BIN" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing PostgreSQL (Debian package postgresql) ..."
  # Debian's postinst would create and start a service cluster "main"; these tests use their own.
  if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
  fi
  if ! { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 \
         || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }; }; then
    say "could not install postgresql"
  fi
  BIN="$(pg_bin || true)"
fi
if [ -z "$BIN" ]; then
  say "PostgreSQL is not installed (install it, or run as root on Debian/Ubuntu); the Postgres tests are skipped"
  exec "$@"
fi

if [ "$(id -u)" = 0 ]; then
  if id postgres >/dev/null 2>&1; then OWNER=postgres; else OWNER=nobody; fi
  as_owner() { runuser -u "$OWNER" -- "$@"; }
else
  OWNER="$(id -un)"
  as_owner() { "$@"; }
fi

DIR="$(mktemp -d "${TMPDIR:-/tmp}/flotilla-pg.XXXXXX")"
chmod 0700 "$DIR"
[ "$(id -u)" = 0 ] && chown "$OWNER" "$DIR"
STARTED=""
cleanup() {
  if [ -n "$STARTED" ]; then
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 \
      || as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PASSWORD="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
as_owner sh -c "umask 077; printf '%s\n' '$PASSWORD' > '$DIR/pwfile'"
if ! as_owner "$BIN/initdb" -D "$DIR/data" -U flotilla --pwfile="$DIR/pwfile" -E UTF8 --locale=C \
       --auth-local=trust --auth-host=scram-sha-256 >"$DIR/initdb.log" 2>&1; then
  say "initdb failed; its output:"
  sed 's/^/  | /' "$DIR/initdb.log" >&2
  exit 1
fi
rm -f "$DIR/pwfile"
as_owner mkdir "$DIR/socket"

port_in_use() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=""
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  candidate=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
  port_in_use "$candidate" && continue
  if as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 -s \
       -o "-c listen_addresses=127.0.0.1 -c port=$candidate -c unix_socket_directories=$DIR/socket -c max_connections=200" \
       start >/dev/null 2>&1; then
    PORT="$candidate"
    STARTED=1
    break
  fi
done
if [ -z "$PORT" ]; then
  say "the PostgreSQL server did not start; the end of its log:"
  tail -n 20 "$DIR/server.log" 2>/dev/null | sed 's/^/  | /' >&2
  exit 1
fi
for db in flotilla_test flotilla_test2; do
  as_owner "$BIN/createdb" -h "$DIR/socket" -p "$PORT" -U flotilla "$db"
done

export FLOTILLA_TEST_DB_URL="jdbc:postgresql://127.0.0.1:$PORT/flotilla_test"
export FLOTILLA_TEST_DB_URL2="jdbc:postgresql://127.0.0.1:$PORT/flotilla_test2"
export FLOTILLA_DB_USER=flotilla
export FLOTILLA_DB_PASSWORD="$PASSWORD"
export FLOTILLA_TEST_PG_BIN="$BIN" FLOTILLA_TEST_PG_HOST=127.0.0.1 FLOTILLA_TEST_PG_PORT="$PORT"
say "PostgreSQL $("$BIN/postgres" --version | sed -n "s/^postgres (PostgreSQL) \([0-9.]*\).*/\1/p") on 127.0.0.1:$PORT (databases flotilla_test, flotilla_test2; removed at exit)"

status=0
"$@" || status=$?
exit "$status"
