# Shared by backup.sh and restore.sh (sourced): messages, the PostgreSQL tools, and the data
# directory lock the hub itself takes (hub/src/db/data-dir-lock.ts, same file and same judgement:
# lines pid, start ticks, time, PID namespace, host name).

say() { echo "[$(basename "$0")] $*" >&2; }
die() { say "$*"; exit 1; }

# Newest PostgreSQL client tools: PG_BIN, else Debian's /usr/lib/postgresql/N/bin, else PATH.
# pg_dump must be at least the server's major version.
pg_tool() {
  local name="$1" dir
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN/$name"; return; fi
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$dir" ] && [ -x "$dir/$name" ]; then echo "$dir/$name"; return; fi
  command -v "$name" || die "找不到 $name（apt-get install postgresql-client，或设置 PG_BIN）/ $name not found"
}

# Field 22 (start time, clock ticks since boot) of /proc/PID/stat; the name field may hold spaces.
start_ticks() {
  [ -r "/proc/$1/stat" ] || return 0
  sed 's/.*) //' "/proc/$1/stat" | awk '{print $20}'
}

our_pidns() { readlink /proc/self/ns/pid 2>/dev/null || true; }
our_host() { cat /proc/sys/kernel/hostname 2>/dev/null || true; }

# True when the lock's holder may be live: a process that is still the one that wrote it, or one
# in another PID namespace (another container) that cannot be seen from here.
holder_alive() {
  local pid="$1" ticks="$2" ns="$3" host="$4" state
  case "$pid" in '' | *[!0-9]* | 0) return 1 ;; esac
  if [ -n "$ns" ] && [ -n "$(our_pidns)" ] && [ "$ns" != "$(our_pidns)" ]; then
    # The same host name: an earlier start of this container, which runs once at a time.
    [ -n "$host" ] && [ "$host" = "$(our_host)" ] && return 1
    return 0
  fi
  [ "$pid" != "$$" ] || return 1
  kill -0 "$pid" 2>/dev/null || [ -d "/proc/$pid" ] || return 1
  [ -r "/proc/$pid/stat" ] || return 0
  state="$(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $1}')"
  case "$state" in Z | X) return 1 ;; esac
  [ -z "$ticks" ] || [ "$ticks" = "$(start_ticks "$pid")" ]
}

# Takes <dir>/hub.lock for this script (the hub will not start meanwhile) or dies naming the holder.
LOCKED_FILE=""
lock_data_dir() {
  local lock="$1/hub.lock" holder ticks ns host attempt
  for attempt in 1 2; do
    if (set -C; printf '%s\n%s\n%s\n%s\n%s\n' "$$" "$(start_ticks $$)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(our_pidns)" "$(our_host)" >"$lock") 2>/dev/null; then
      LOCKED_FILE="$lock"
      return 0
    fi
    holder="$(sed -n 1p "$lock" 2>/dev/null || true)"
    ticks="$(sed -n 2p "$lock" 2>/dev/null || true)"
    ns="$(sed -n 4p "$lock" 2>/dev/null || true)"
    host="$(sed -n 5p "$lock" 2>/dev/null || true)"
    if holder_alive "$holder" "$ticks" "$ns" "$host"; then
      die "数据目录 $1 正被进程 $holder 使用（中心端在运行${host:+，主机 $host}）：内置数据库须先停止中心端（如 systemctl stop preflight-hub、docker stop）再备份或恢复；若确认没有中心端在运行，删除 $lock 后重试 / the hub (process $holder) is running on this data directory: stop it first"
    fi
    rm -f "$lock"
  done
  die "无法锁定数据目录 $1 / cannot lock the data directory"
}

unlock_data_dir() {
  if [ -n "$LOCKED_FILE" ] && [ "$(sed -n 1p "$LOCKED_FILE" 2>/dev/null)" = "$$" ]; then rm -f "$LOCKED_FILE"; fi
  LOCKED_FILE=""
}
