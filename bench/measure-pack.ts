import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Pack } from '../rules/pack/schema';
import { REPO_ROOT } from './base-pack';
import { runProbe } from './probe';

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
    return runProbe(PROBE, [file]) as PackLoadFigure;
  } finally {
    rmSync(file, { force: true });
  }
}
