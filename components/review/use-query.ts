import { useEffect, useMemo } from 'preact/hooks';
import { QueryTracker } from './progress';

/**
 * A tracked query that reruns when `key` changes (a serialised filter set, usually) and is
 * aborted when the component goes away. `reload` reruns it by hand (after a cancel or an error).
 */
export function useTrackedQuery<T>(load: (signal: AbortSignal) => Promise<T>, key: string): { tracker: QueryTracker<T>; reload: () => void } {
  const tracker = useMemo(() => new QueryTracker<T>(), []);
  useEffect(() => () => tracker.dispose(), [tracker]);
  useEffect(() => {
    void tracker.run(load);
    // `load` changes on every render; `key` says when its meaning changed.
  }, [key, tracker]);
  return { tracker, reload: () => void tracker.run(load) };
}

/** A tracker for queries started by hand (load more, export), stopped when the component goes away. */
export function useTracker<T>(): QueryTracker<T> {
  const tracker = useMemo(() => new QueryTracker<T>(), []);
  useEffect(() => () => tracker.dispose(), [tracker]);
  return tracker;
}
