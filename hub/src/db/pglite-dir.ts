import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * What PGlite does with a data directory it does not like is not what an operator wants: a
 * directory without PG_VERSION is silently initialised as a new, empty database (every token and
 * event gone, the hub answering as if nothing happened), and a missing control file or WAL can
 * abort the WebAssembly runtime with no useful message. So the directory is looked at before
 * PGlite opens it.
 */

export class DamagedDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DamagedDataError';
  }
}

const RESTORE = '请停止中心端，从备份恢复数据目录后再启动 / stop the hub and restore the data directory from a backup';

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return -1;
  }
}

/**
 * Prepares `<dataDir>/pglite` for opening: creates it (and its parents) when this is a new
 * installation, and throws DamagedDataError when it is not one and is incomplete. `usedMarker`
 * is a file whose presence beside the database says "this data directory was already in use"
 * (the token pepper): then an empty or missing database means data was lost, not a fresh start.
 */
export function preparePgliteDir(dir: string, usedMarker?: string): void {
  const present = entries(dir);
  if (present.length === 0) {
    if (usedMarker !== undefined && existsSync(usedMarker)) {
      throw new DamagedDataError(
        `数据库目录 ${dir} 为空或不存在，但该数据目录已在使用（有 ${path.basename(usedMarker)}）：令牌和记录可能已丢失。${RESTORE}；` +
          `若确是全新安装，请删除 ${usedMarker} 后再启动 / the database directory is empty although this data directory was in use`,
      );
    }
    mkdirSync(dir, { recursive: true });
    return;
  }
  const problems: string[] = [];
  if (!present.includes('PG_VERSION')) problems.push('缺少 PG_VERSION');
  if (sizeOf(path.join(dir, 'global', 'pg_control')) !== 8192) problems.push('控制文件 global/pg_control 缺失或大小不对');
  const wal = entries(path.join(dir, 'pg_wal')).filter((name) => /^[0-9A-F]{24}$/.test(name));
  if (wal.length === 0) problems.push('预写日志 pg_wal 中没有日志段');
  else if (wal.some((name) => sizeOf(path.join(dir, 'pg_wal', name)) !== 16 * 1024 * 1024)) problems.push('pg_wal 中有不完整的日志段');
  if (entries(path.join(dir, 'base')).length === 0) problems.push('缺少 base 目录（数据文件）');
  if (problems.length > 0) {
    throw new DamagedDataError(`数据库目录 ${dir} 已损坏：${problems.join('；')}。${RESTORE}`);
  }
}
