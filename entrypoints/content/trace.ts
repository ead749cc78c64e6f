/**
 * Opt-in performance marks for `npm run bench:page`, which measures keystroke → flag painted and
 * needs to know when the debounce ended. Off unless the bench sets `__preflightTrace` in our
 * isolated world over CDP: the EMR page cannot reach that global, and while it is unset a mark
 * costs one property read, so a doctor's browser never collects entries.
 */

declare global {
  var __preflightTrace: boolean | undefined;
}

export const TRACE_FLUSH = 'preflight:flush';

export function traceMark(name: string): void {
  if (globalThis.__preflightTrace === true) performance.mark(name);
}
