/**
 * Every way into the content script (events, observers, timers, promise callbacks) goes through
 * `guarded`: an exception in our code must never reach the EMR page, break its handlers or show
 * up in its error reporting. Errors are handed to one reporter (the flag log) instead.
 */

export type ErrorReporter = (where: string, error: unknown) => void;

let reporter: ErrorReporter = () => {};
/** Errors reported per place; a broken handler firing on every keystroke must not flood the log. */
const reportedPerPlace = new Map<string, number>();
const MAX_REPORTS_PER_PLACE = 3;

export function setErrorReporter(next: ErrorReporter): void {
  reporter = next;
}

export function reportError(where: string, error: unknown): void {
  const count = reportedPerPlace.get(where) ?? 0;
  if (count >= MAX_REPORTS_PER_PLACE) return;
  reportedPerPlace.set(where, count + 1);
  try {
    reporter(where, error);
  } catch {
    // The reporter itself failed; there is nowhere left to report to.
  }
}

/** Wraps `fn` so it never throws; a failure is reported and `fallback` returned. */
export function guarded<A extends unknown[], R>(where: string, fn: (...args: A) => R, fallback?: R): (...args: A) => R {
  return (...args: A): R => {
    try {
      return fn(...args);
    } catch (error) {
      reportError(where, error);
      return fallback as R;
    }
  };
}

/** Runs `fn` now, reporting instead of throwing. */
export function attempt<R>(where: string, fn: () => R, fallback?: R): R {
  return guarded(where, fn, fallback)();
}

/** Ends a promise chain: a rejection is reported, never left unhandled on the page. */
export function settle(where: string, promise: Promise<unknown>): void {
  promise.catch((error: unknown) => reportError(where, error));
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
  return String(error).slice(0, 500);
}
