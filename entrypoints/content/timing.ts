/** Milliseconds as logged: two decimals, never negative (a clock step back must not log -3 ms). */
export function roundMs(ms: number): number {
  return Math.max(0, Math.round(ms * 100) / 100);
}
