import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { signal, type Signal } from '@preact/signals';
import type { RuleStoreDb } from '../../rules/store/db';
import type { RuleSummaries } from '../../rules/store/search';

/** The rule store as the options components reach it, with a counter bumped after each write. */
export interface OptionsStore {
  db: RuleStoreDb;
  /** The rule list's in-memory summaries; refreshed by the list when `revision` moves. */
  summaries: RuleSummaries;
  /** Read while rendering or in effects, so views reload after another view wrote. */
  revision: Signal<number>;
  changed(): void;
}

export function createOptionsStore(db: RuleStoreDb, summaries: RuleSummaries): OptionsStore {
  const revision = signal(0);
  return { db, summaries, revision, changed: () => (revision.value += 1) };
}

export const StoreContext = createContext<OptionsStore | null>(null);

export function useOptionsStore(): OptionsStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('options components need a StoreContext provider');
  return store;
}
