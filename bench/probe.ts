import { execFileSync } from 'node:child_process';

/**
 * Runs a probe script in a fresh node process — same loader flags as this one (tsx), plus gc() for
 * heap figures — and returns the JSON object it prints on stdout. A fresh heap makes "first call"
 * and retained-heap figures mean what they say.
 */
export function runProbe(script: string, args: readonly string[]): unknown {
  const flags = process.execArgv.includes('--expose-gc') ? process.execArgv : [...process.execArgv, '--expose-gc'];
  return JSON.parse(execFileSync(process.execPath, [...flags, script, ...args], { encoding: 'utf8', maxBuffer: 1024 * 1024 }));
}
