import type { ActivePackStore } from './pack-store';
import type { LastCheck } from './pack-types';
import { recheckStoredPack, type AcceptanceInputs } from './stored-pack-check';

export interface InitialPackDeps {
  store: ActivePackStore;
  /** The trusted keys and expected pack id in force now. */
  readAcceptance: () => Promise<AcceptanceInputs>;
  loadBuiltin: () => Promise<string | undefined>;
  now: () => Date;
  /** Called after a stored pack was dropped, with the record of why. */
  onDropped?: (why: LastCheck) => void;
  onError?: (message: string, error?: unknown) => void;
}

/**
 * The pack a fresh engine starts with: the stored active pack if it still passes acceptance with
 * today's keys, else the built-in pack (a failing stored pack is dropped, see recheckStoredPack).
 * Returns the pack JSON text for the worker.
 */
export async function loadInitialPack(deps: InitialPackDeps): Promise<string | undefined> {
  let stored;
  try {
    stored = await deps.store.readActive();
  } catch (error) {
    deps.onError?.('cannot read the stored rule pack; starting with the built-in pack', error);
    return deps.loadBuiltin();
  }
  if (!stored) return deps.loadBuiltin();

  let inputs: AcceptanceInputs;
  try {
    inputs = await deps.readAcceptance();
  } catch (error) {
    // Not knowing the keys is not evidence against the pack: keep it stored, run the built-in this time.
    deps.onError?.('cannot read the trusted keys; starting with the built-in pack this time', error);
    return deps.loadBuiltin();
  }

  try {
    const checked = await recheckStoredPack(deps.store, stored, inputs, deps.now());
    if (checked.ok) return checked.payload;
    if (checked.dropped) deps.onDropped?.(checked.why);
  } catch (error) {
    deps.onError?.('cannot check the stored rule pack; starting with the built-in pack this time', error);
  }
  return deps.loadBuiltin();
}
