import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Pack } from '../rules/pack/schema';
import { REPO_ROOT } from './base-pack';

/** What loading one pack costs a fresh engine worker. */
export interface PackLoadFigure {
  rules: number;
  jsonBytes: number;
  jsonParseMs: number;
  /** validatePack (migrations + zod parse), first call and later calls. */
  validateColdMs: number;
  validateWarmMs: number[];
  /** compilePack, first call in the process and median of 5 later calls. */
  compileColdMs: number;
  compileWarmMs: number;
  /** Heap held by the validated pack object. */
  packRetainedBytes: number;
  /** Heap the compiled tables add on top of the pack they point into. */
  compiledRetainedBytes: number;
}

const PROBE = path.join(import.meta.dirname, 'pack-load-probe.ts');

/**
 * Measured in a child process: in this one the heap already holds every synthetic pack and the JIT
 * has seen compilePack, which would make "first call" and heap figures meaningless.
 */
export function measurePackLoad(pack: Pack): PackLoadFigure {
  const dir = path.join(REPO_ROOT, 'artifacts');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-pack-${pack.rules.length}.json`);
  writeFileSync(file, JSON.stringify(pack));
  try {
    // Same loader flags as this process (tsx), plus gc() for the heap figures.
    const flags = process.execArgv.includes('--expose-gc') ? process.execArgv : [...process.execArgv, '--expose-gc'];
    const output = execFileSync(process.execPath, [...flags, PROBE, file], { encoding: 'utf8', maxBuffer: 1024 * 1024 });
    return JSON.parse(output) as PackLoadFigure;
  } finally {
    rmSync(file, { force: true });
  }
}
