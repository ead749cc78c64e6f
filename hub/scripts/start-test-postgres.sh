#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the hub's tests and benchmark, and prints its URL:
#
#   export HUB_TEST_DATABASE_URL="$(bash hub/scripts/start-test-postgres.sh)"
#   bash hub/scripts/start-test-postgres.sh --stop [URL]  # stops the cluster of URL ($HUB_TEST_DATABASE_URL)
#   bash hub/scripts/start-test-postgres.sh --stop-all    # stops every cluster this script started
#
# Several test runs may share a machine (CI jobs, worktrees), each with its own cluster: --stop
# stops only the one it is given, found by the port in its URL.
#
# Installs Debian's `postgresql` if missing (needs root, as on CI), makes a cluster in a fresh
# temporary directory owned by the postgres user, listens on 127.0.0.1 on a free port with a
# random password, and creates the database `hub_test`. Nothing of the system's own clusters is
# touched. Progress goes to stderr; stdout carries only the URL.
set -euo pipefail

STATE_GLOB="${TMPDIR:-/tmp}/hub-test-pg.*"

log() { echo "[start-test-postgres] $*" >&2; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_bin() {
  # Newest installed server version; Debian keeps binaries out of PATH under /usr/lib/postgresql/N/bin.
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

stop_cluster() {
  local bin="$1" state="$2"
  as_postgres "$bin/pg_ctl" -D "$state/data" -m fast stop >&2 || true
  rm -rf "$state"
  log "stopped and removed $state"
}

# The port a cluster of ours was started on: the fourth line of its postmaster.pid.
cluster_port() {
  sed -n 4p "$1/data/postmaster.pid" 2>/dev/null || true
}

if [ "${1:-}" = "--stop-all" ]; then
  bin="$(pg_bin)" || { log "no PostgreSQL installed"; exit 0; }
  for state in $STATE_GLOB; do
    [ -d "$state/data" ] || continue
    stop_cluster "$bin" "$state"
  done
  exit 0
fi

if [ "${1:-}" = "--stop" ]; then
  url="${2:-${HUB_TEST_DATABASE_URL:-}}"
  if [ -z "$url" ]; then
    log "--stop needs the cluster's URL (argument or HUB_TEST_DATABASE_URL); --stop-all stops every cluster this script started"
    exit 1
  fi
  port="$(printf '%s' "$url" | sed -nE 's#^postgres(ql)?://[^@]*@127\.0\.0\.1:([0-9]+)/.*$#\2#p')"
  if [ -z "$port" ]; then
    log "not a URL this script printed: ${url%%://*}://…"
    exit 1
  fi
  bin="$(pg_bin)" || { log "no PostgreSQL installed"; exit 0; }
  for state in $STATE_GLOB; do
    [ -d "$state/data" ] || continue
    if [ "$(cluster_port "$state")" = "$port" ]; then
      stop_cluster "$bin" "$state"
      exit 0
    fi
  done
  log "no cluster of this script listens on port $port"
  exit 0
fi

if ! bin="$(pg_bin)"; then
  if [ "$(id -u)" != 0 ]; then
    log "PostgreSQL is not installed and installing it needs root"
    exit 1
  fi
  log "installing postgresql from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # The package's own cluster is not used; policy-rc.d keeps it from being started where possible.
  apt-get install -y -qq --no-install-recommends postgresql >&2
  bin="$(pg_bin)"
fi

if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
  log "the postgres user is missing (the postgresql-common package creates it)"
  exit 1
fi

free_port() {
  local port
  for port in $(seq 55432 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

state="$(mktemp -d "${TMPDIR:-/tmp}/hub-test-pg.XXXXXX")"
password="$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$password" >"$state/pwfile"
chmod 700 "$state"
chmod 600 "$state/pwfile"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$state"

log "initialising a cluster in $state/data"
as_postgres "$bin/initdb" -D "$state/data" -U postgres --pwfile="$state/pwfile" \
  --auth-local=scram-sha-256 --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-sync >&2
rm -f "$state/pwfile"

port="$(free_port)" || { log "no free port between 55432 and 55532"; exit 1; }
log "starting on 127.0.0.1:$port"
as_postgres "$bin/pg_ctl" -D "$state/data" -l "$state/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$state -c max_connections=100" start >&2 ||
  { cat "$state/server.log" >&2; exit 1; }

PGPASSWORD="$password" "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE DATABASE hub_test" >&2

log "ready; stop with: bash hub/scripts/start-test-postgres.sh --stop"
echo "postgres://postgres:${password}@127.0.0.1:${port}/hub_test"
