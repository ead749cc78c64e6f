import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/**
 * Test policy files in Chromium's managed policy directory. Chromium on Linux reads every JSON file
 * there at start and watches it, so a file left behind would force-install into every browser on
 * the machine, the other e2e specs' included: each test file is named for the process that wrote
 * it, removed in `finally`, and the global setup removes those whose process is gone.
 */

export const POLICY_DIR = process.env.PREFLIGHT_POLICY_DIR ?? '/etc/chromium/policies/managed';
const PREFIX = 'preflight-test-';
const NAME = /^preflight-test-(\d+)-[0-9a-f]+\.json$/;

export interface TestPolicy {
  file: string;
  remove(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes test policy files whose writer has exited; returns what it removed. */
export function removeStaleTestPolicies(dir = POLICY_DIR): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = NAME.exec(name);
    if (match && !alive(Number(match[1]))) {
      rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    }
  }
  return removed;
}

/**
 * Writes `policy` as a uniquely named file, or returns why it cannot (not root, read-only /etc):
 * the caller skips with that reason. Directories it had to make are removed with the file when empty.
 */
export function writeTestPolicy(policy: unknown, dir = POLICY_DIR): TestPolicy | { skip: string } {
  let made: string | undefined;
  const file = path.join(dir, `${PREFIX}${process.pid}-${randomBytes(4).toString('hex')}.json`);
  try {
    made = existsSync(dir) ? undefined : mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(policy), { flag: 'wx', mode: 0o644 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      return { skip: `cannot write Chromium's managed policy directory ${dir} (${code}; run as root to test a forced install)` };
    }
    throw error;
  }
  return {
    file,
    remove() {
      rmSync(file, { force: true });
      if (!made) return;
      // Up to the first directory this call made, only while empty.
      for (let d = dir; d.length >= made.length; d = path.dirname(d)) {
        try {
          rmdirSync(d);
        } catch {
          break;
        }
      }
    },
  };
}
