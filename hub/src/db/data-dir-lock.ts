import { readFileSync, readlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * One process at a time on a PGlite data directory. PGlite is PostgreSQL in this process's memory:
 * a second process (the CLI beside a running hub) opens the same files with its own buffers, so what
 * it writes is invisible to the hub until a restart (a token made that way answers 401) and the two
 * overwrite each other's pages. Nothing in PGlite prevents that, so the hub and the CLI take this
 * lock file before opening the directory, and a second opener is refused with what to do instead.
 * hub/scripts/lib-data-dir.sh takes the same lock for backups and restores.
 *
 * The file holds, one per line: pid, its start time from /proc (clock ticks since boot), when, the
 * PID namespace and the host name. A lock left by a killed process is stale when that pid is gone,
 * a zombie, or a different process now (pids are reused — in a container the hub is pid 1 on every
 * start). A holder in another PID namespace (another container on the same volume) cannot be seen:
 * with the same host name it was an earlier start of this container (one runs at a time), else it
 * is taken as live, and the message says how to clear a lock known to be dead.
 */

export const LOCK_FILE = 'hub.lock';

export class DataDirBusyError extends Error {
  constructor(
    message: string,
    readonly holderPid: number,
  ) {
    super(message);
    this.name = 'DataDirBusyError';
  }
}

/** Lock files this process holds: a second open in the same process is refused too. */
const held = new Set<string>();

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

interface Holder {
  pid: number;
  /** Clock ticks since boot, /proc/<pid>/stat field 22; absent where /proc is not readable. */
  startTicks: string | undefined;
  pidNamespace: string | undefined;
  host: string | undefined;
}

/** Field 3 (state) and field 22 (start time) of /proc/<pid>/stat; the name in field 2 may hold spaces. */
function procStat(pid: number): { state: string; startTicks: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const startTicks = fields[19];
  return state && startTicks ? { state, startTicks } : undefined;
}

function ourPidNamespace(): string | undefined {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
}

function ourHost(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/hostname', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function readHolder(file: string): Holder | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const [pidLine, ticksLine, , nsLine, hostLine] = text.split('\n');
  const pid = Number(pidLine);
  const orUndefined = (line: string | undefined) => (line ? line : undefined);
  // Unreadable content: no live holder can be named, so it is treated as stale.
  if (!Number.isInteger(pid) || pid <= 0) return { pid: 0, startTicks: undefined, pidNamespace: undefined, host: undefined };
  return { pid, startTicks: ticksLine && /^\d+$/.test(ticksLine) ? ticksLine : undefined, pidNamespace: orUndefined(nsLine), host: orUndefined(hostLine) };
}

type Liveness = 'alive' | 'stale' | 'elsewhere';

function judge(holder: Holder, file: string): Liveness {
  if (holder.pid === 0) return 'stale';
  const namespace = ourPidNamespace();
  if (holder.pidNamespace && namespace && holder.pidNamespace !== namespace) {
    return holder.host !== undefined && holder.host === ourHost() ? 'stale' : 'elsewhere';
  }
  // Our own pid but not a lock we hold: left by an earlier process that had this pid (a container's pid 1).
  if (holder.pid === process.pid) return held.has(file) ? 'alive' : 'stale';
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the pid exists but belongs to another user — alive.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return 'stale';
  }
  const stat = procStat(holder.pid);
  if (!stat) return 'alive';
  if (stat.state === 'Z' || stat.state === 'X') return 'stale';
  return holder.startTicks === undefined || holder.startTicks === stat.startTicks ? 'alive' : 'stale';
}

function busyMessage(dataDir: string, holder: Holder, liveness: Liveness): string {
  const who =
    liveness === 'elsewhere'
      ? `另一容器（主机名 ${holder.host ?? '未知'}）中的进程 ${holder.pid}`
      : `进程 ${holder.pid}`;
  const clear =
    liveness === 'elsewhere'
      ? `若确认该容器中已没有中心端在运行，删除 ${path.join(dataDir, LOCK_FILE)} 后重试；`
      : '';
  return (
    `数据目录 ${dataDir} 正被${who}（运行中的中心端）使用。内置数据库同一时间只能由一个进程打开：` +
    `请改用管理令牌调用接口（如 POST /api/v1/tokens 创建令牌，立即生效），或先停止中心端再运行本命令；${clear}/ ` +
    `the data directory is in use by process ${holder.pid}${liveness === 'elsewhere' ? ` in another container (${holder.host ?? '?'})` : ''} (a running hub): use the API with an admin token, or stop the hub first`
  );
}

/** Takes the lock on `dataDir` (which must exist) or throws DataDirBusyError naming the holder. */
export function lockDataDir(dataDir: string): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE);
  const content = [process.pid, procStat(process.pid)?.startTicks ?? '', new Date().toISOString(), ourPidNamespace() ?? '', ourHost() ?? '', ''].join('\n');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, content, { flag: 'wx', mode: 0o600 });
      held.add(file);
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          held.delete(file);
          try {
            // Only our own lock: never remove one a later holder wrote after ours was judged stale.
            if (readHolder(file)?.pid === process.pid) unlinkSync(file);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(file);
    const liveness = holder ? judge(holder, file) : 'stale';
    if (holder && liveness !== 'stale') throw new DataDirBusyError(busyMessage(dataDir, holder, liveness), holder.pid);
    // Stale (a killed hub): remove it and try once more; losing that race to another opener means busy.
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const holder = readHolder(file) ?? { pid: 0, startTicks: undefined, pidNamespace: undefined, host: undefined };
  throw new DataDirBusyError(busyMessage(dataDir, holder, 'alive'), holder.pid);
}
