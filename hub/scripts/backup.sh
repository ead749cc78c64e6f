#!/usr/bin/env bash
# Backs up a Preflight hub into one archive (hub/docs/部署指南.md, 第八节):
#
#   HUB_DATA_DIR=/var/lib/preflight-hub bash hub/scripts/backup.sh [-o FILE.tar.gz]
#   HUB_DATA_DIR=/var/lib/preflight-hub DATABASE_URL=postgres://… bash hub/scripts/backup.sh
#
# What a restored hub needs, all of it:
#   - the database: PGlite's directory copied while no hub has it open (the hub must be stopped:
#     this script holds the hub's own lock while copying, so it refuses a running hub and a hub
#     cannot start meanwhile); or, with DATABASE_URL, a pg_dump (custom format) taken while the hub
#     runs — pg_dump reads one consistent snapshot;
#   - the token pepper (<data dir>/token-pepper): without it no token authenticates;
#   - the pack signing key (<data dir>/pack-signing/): without it the hub signs with a new key the
#     workstations do not trust.
# The archive therefore holds secrets: it is written readable by its owner only; keep it so.
# Prints the archive's path on stdout.
set -euo pipefail
umask 077
source "$(dirname "${BASH_SOURCE[0]}")/lib-data-dir.sh"

out=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o | --output) out="${2:?-o needs a file}"; shift 2 ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (usage: backup.sh [-o FILE.tar.gz])" ;;
  esac
done

data_dir="$(realpath -m "${HUB_DATA_DIR:-./.hub-data}")"
[ -d "$data_dir" ] || die "数据目录不存在：$data_dir（设置 HUB_DATA_DIR）/ no data directory"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$(realpath -m "${out:-preflight-hub-backup-$stamp.tar.gz}")"
[ -e "$out" ] && die "$out 已存在 / exists already"

stage="$(mktemp -d "${TMPDIR:-/tmp}/hub-backup.XXXXXX")"
trap 'unlock_data_dir; rm -rf "$stage" "$out.partial"' EXIT

if [ -n "${DATABASE_URL:-}" ]; then
  kind=postgresql
  say "pg_dump（中心端可继续运行）/ dumping the PostgreSQL database"
  "$(pg_tool pg_dump)" --format=custom --no-owner --no-privileges --file="$stage/database.dump" --dbname="$DATABASE_URL"
  excludes=(--exclude=./pglite --exclude=./hub.lock)
else
  kind=pglite
  [ -f "$data_dir/pglite/PG_VERSION" ] || die "$data_dir/pglite 不是内置数据库目录；使用 PostgreSQL 时请设置 DATABASE_URL / no PGlite database here"
  lock_data_dir "$data_dir"
  excludes=(--exclude=./hub.lock)
fi
[ -f "$data_dir/token-pepper" ] || say "注意：没有 token-pepper 文件（HUB_TOKEN_PEPPER 由环境变量提供？请另行保管该值）/ no pepper file: keep HUB_TOKEN_PEPPER elsewhere"
[ -d "$data_dir/pack-signing" ] || say "注意：没有 pack-signing 目录（中心端尚未启动过？）/ no pack signing key yet"

{
  echo "format=preflight-hub-backup-1"
  echo "database=$kind"
  echo "created=$stamp"
  echo "source=$data_dir"
} >"$stage/backup-info.txt"

# The data directory's files under data/ in the archive, modes kept (the signing key must stay 0600).
# Names given without ./ are left as they are; the data directory's (./…) go under data/.
stage_files=(backup-info.txt)
[ -f "$stage/database.dump" ] && stage_files+=(database.dump)
tar -czf "$out.partial" --transform='s,^\./,data/,;s,^\.$,data,' -C "$stage" "${stage_files[@]}" \
  -C "$data_dir" "${excludes[@]}" .
unlock_data_dir
chmod 600 "$out.partial"
mv "$out.partial" "$out"
say "备份完成（$kind）：$out — 内含令牌密钥和签名私钥，请妥善保管 / done; the archive holds secrets"
echo "$out"
