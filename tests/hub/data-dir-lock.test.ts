import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirBusyError, LOCK_FILE, lockDataDir } from '../../hub/src/db/data-dir-lock';

/** The lock that keeps a second process off a PGlite data directory, and how it tells a stale lock from a live one. */

describe('data directory lock', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'hub-lock-'));
  let n = 0;
  const dir = () => {
    const d = path.join(root, String(n++));
    spawnSync('mkdir', ['-p', d]);
    return d;
  };
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is refused to a second opener in this process and free again once released', () => {
    const d = dir();
    const lock = lockDataDir(d);
    expect(readFileSync(lock.file, 'utf8').split('\n')[0]).toBe(String(process.pid));
    expect(() => lockDataDir(d)).toThrow(DataDirBusyError);
    lock.release();
    expect(existsSync(path.join(d, LOCK_FILE))).toBe(false);
    lockDataDir(d).release();
  });

  it('is refused while another live process holds it, naming that process', async () => {
    const d = dir();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const stat = readFileSync(`/proc/${holder.pid}/stat`, 'utf8');
      const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
      writeFileSync(path.join(d, LOCK_FILE), `${holder.pid}\n${ticks}\n`);
      let error: unknown;
      try {
        lockDataDir(d);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DataDirBusyError);
      expect((error as DataDirBusyError).holderPid).toBe(holder.pid);
      expect((error as Error).message).toContain(`正被进程 ${holder.pid}`);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes a holder in another PID namespace (another container on the volume) as live, unless it was this container', () => {
    const host = readFileSync('/proc/sys/kernel/hostname', 'utf8').trim();
    const elsewhere = dir();
    writeFileSync(path.join(elsewhere, LOCK_FILE), `1\n99\n2026-12-01T00:00:00Z\npid:[1]\nother-container\n`);
    expect(() => lockDataDir(elsewhere)).toThrow(/另一容器（主机名 other-container）中的进程 1.*删除/);

    // Same host name, another namespace: this container before its restart (a container runs once at a time).
    const restarted = dir();
    writeFileSync(path.join(restarted, LOCK_FILE), `1\n99\n2026-12-01T00:00:00Z\npid:[1]\n${host}\n`);
    lockDataDir(restarted).release();
  });

  it('takes over a lock left by a process that is gone, or by another process that had the same pid', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const d1 = dir();
    writeFileSync(path.join(d1, LOCK_FILE), `${dead}\n1\n`);
    lockDataDir(d1).release();

    // A container's hub is pid 1 on every start: the same pid with another start time is not the holder.
    const d2 = dir();
    writeFileSync(path.join(d2, LOCK_FILE), `${process.ppid}\n1\n`);
    lockDataDir(d2).release();

    // Our own pid, left by an earlier process: not a lock this process holds.
    const d3 = dir();
    writeFileSync(path.join(d3, LOCK_FILE), `${process.pid}\n\n`);
    lockDataDir(d3).release();

    const d4 = dir();
    writeFileSync(path.join(d4, LOCK_FILE), 'garbage');
    lockDataDir(d4).release();
  });
});
