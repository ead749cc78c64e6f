import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A callable gc(). `npm run bench` starts node with --expose-gc; when the file is run some other way
 * (plain `tsx bench/run.ts`) the flag is switched on at run time so heap figures still mean something.
 */
function resolveGc(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  setFlagsFromString('--expose-gc');
  const fromContext = runInNewContext('gc') as unknown;
  if (typeof fromContext === 'function') return fromContext as () => void;
  throw new Error('cannot reach gc(): run with node --expose-gc');
}

const gc = resolveGc();

/** heapUsed after a full collection (run twice: the first pass may only queue finalisers). */
export function settledHeapBytes(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Bytes retained by what `build` returns: heap after gc with the result alive, minus heap before.
 * The result is handed back so the caller keeps the reference until it is done with it.
 */
export function retainedBy<T>(build: () => T): { value: T; bytes: number } {
  const before = settledHeapBytes();
  const value = build();
  const after = settledHeapBytes();
  return { value, bytes: after - before };
}
