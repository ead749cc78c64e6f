/**
 * Wait before the next automatic upload after `failures` failed attempts in a row: doubling from
 * `baseMs` up to `maxMs`, with "equal jitter" (half fixed, half random) so that the workstations of
 * a hospital do not all come back at the same second after the hub was down.
 */
export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
}

export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_MAX_MS = 30 * 60_000;

export function backoffDelay(failures: number, random: () => number = Math.random, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? BACKOFF_BASE_MS;
  const max = options.maxMs ?? BACKOFF_MAX_MS;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
