#!/usr/bin/env bash
# Restores a backup.sh archive into a new data directory (and, for a PostgreSQL backup, an empty
# database), for a hub that then starts as the one backed up: same tokens, packs, events and
# signing key (hub/docs/部署指南.md, 第八节):
#
#   HUB_DATA_DIR=/var/lib/preflight-hub bash hub/scripts/restore.sh BACKUP.tar.gz [--chown USER[:GROUP]]
#   HUB_DATA_DIR=… DATABASE_URL=postgres://…/empty_db bash hub/scripts/restore.sh BACKUP.tar.gz
#
# Refuses a data directory that is not empty and a database that already holds tables: a restore
# never merges into or overwrites a hub. Start the hub afterwards; it checks the data at start-up.
set -euo pipefail
umask 077
source "$(dirname "${BASH_SOURCE[0]}")/lib-data-dir.sh"

archive=""
owner=""
while [ $# -gt 0 ]; do
  case "$1" in
    --chown) owner="${2:?--chown needs USER[:GROUP]}"; shift 2 ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) die "unknown option: $1" ;;
    *) [ -z "$archive" ] || die "one archive only"; archive="$1"; shift ;;
  esac
done
[ -n "$archive" ] || die "usage: restore.sh BACKUP.tar.gz [--chown USER[:GROUP]]"
[ -f "$archive" ] || die "没有备份文件 $archive / no such archive"

data_dir="$(realpath -m "${HUB_DATA_DIR:-./.hub-data}")"
if [ -e "$data_dir" ] && [ -n "$(ls -A "$data_dir" 2>/dev/null)" ]; then
  die "目标数据目录 $data_dir 不为空：恢复只写入新的空目录 / the target data directory is not empty"
fi

stage="$(mktemp -d "${TMPDIR:-/tmp}/hub-restore.XXXXXX")"
trap 'unlock_data_dir; rm -rf "$stage"' EXIT
tar -xzf "$archive" -C "$stage"
[ -f "$stage/backup-info.txt" ] && grep -qx 'format=preflight-hub-backup-1' "$stage/backup-info.txt" || die "$archive 不是中心端备份 / not a hub backup"
kind="$(sed -n 's/^database=//p' "$stage/backup-info.txt")"
[ -d "$stage/data" ] || die "备份中没有 data/ / no data directory in the archive"

case "$kind" in
  pglite)
    [ -z "${DATABASE_URL:-}" ] || die "这是内置数据库（PGlite）的备份：恢复时不要设置 DATABASE_URL / a PGlite backup: unset DATABASE_URL"
    [ -f "$stage/data/pglite/PG_VERSION" ] || die "备份中的数据库目录不完整 / the archive's database directory is incomplete"
    ;;
  postgresql)
    [ -n "${DATABASE_URL:-}" ] || die "这是 PostgreSQL 的备份：请用 DATABASE_URL 指定一个空数据库 / a PostgreSQL backup: set DATABASE_URL to an empty database"
    [ -f "$stage/database.dump" ] || die "备份中没有 database.dump / no dump in the archive"
    tables="$("$(pg_tool psql)" --dbname="$DATABASE_URL" -X -At -v ON_ERROR_STOP=1 \
      -c "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")"
    [ "$tables" = 0 ] || die "目标数据库已有 $tables 张表：请恢复到新建的空数据库 / the target database is not empty"
    ;;
  *) die "未知的备份类型：$kind / unknown backup kind" ;;
esac

mkdir -p "$data_dir"
chmod 700 "$data_dir"
lock_data_dir "$data_dir"
# Modes as backed up (the hub refuses a signing key others can read).
cp -a "$stage/data/." "$data_dir/"
if [ "$kind" = postgresql ]; then
  say "pg_restore → DATABASE_URL"
  "$(pg_tool pg_restore)" --no-owner --no-privileges --exit-on-error --single-transaction \
    --dbname="$DATABASE_URL" "$stage/database.dump"
fi
unlock_data_dir
[ -z "$owner" ] || chown -R "$owner" "$data_dir"
say "已恢复（$kind，备份于 $(sed -n 's/^created=//p' "$stage/backup-info.txt")）到 $data_dir；启动中心端后访问 /healthz 核对 / restored; start the hub and check /healthz"
