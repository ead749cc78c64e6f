import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const BIN = path.join(ROOT, 'bin/preflight.mjs');
export const DEMO_PACK = path.join(ROOT, 'rules/packs/demo-pack.json');
/** The shared reference data beside the repository (read-only). */
export const SHARED_DATA = path.resolve(ROOT, '..', 'shared', 'data');
export const TWO_LIBS = path.join(SHARED_DATA, 'nhsa-two-libs');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real bin with the Node running the tests (the pinned one). */
export function run(args: string[], cwd = ROOT): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

export const tempDir = (prefix: string): string => mkdtempSync(path.join(tmpdir(), prefix));
