import type { ActivePackStore, ExpiredNotice } from './pack-store';
import type { LastCheck } from './pack-types';
import { recheckStoredPack, type AcceptanceInputs } from './stored-pack-check';
import { isConfiguredSource } from './update-source';

export interface InitialPackDeps {
  store: ActivePackStore;
  /** The trusted keys, expected pack id and whether the workstation is configured, as in force now. */
  readAcceptance: () => Promise<AcceptanceInputs>;
  loadBuiltin: () => Promise<string | undefined>;
  now: () => Date;
  /** Called after a stored pack was dropped, with the record of why. */
  onDropped?: (why: LastCheck) => void;
  /** Called when the stored pack is past its end date and kept in force; `first` the first time it is noticed. */
  onExpired?: (notice: ExpiredNotice, first: boolean) => void;
  onError?: (message: string, error?: unknown) => void;
}

const configuredBy = (inputs: AcceptanceInputs): boolean => inputs.configured ?? isConfiguredSource({ trustedKeys: inputs.trustedKeys });

/**
 * The pack a fresh engine starts with (its JSON text for the worker), or undefined for none:
 *
 * - the stored active pack if it still passes acceptance with today's keys — also past its
 *   `effective.to`: it stays in force, reported as expired (规则包已过期), never silently replaced;
 * - a failing stored pack is dropped (see recheckStoredPack);
 * - the built-in demo pack only on a workstation that is not configured (no update URL, no
 *   trusted keys). A configured one without a valid pack gets none, which every check reports
 *   as 审核未完成 (无可用规则包) — checking a hospital's orders with demo rules would look like
 *   checking while it is not. Not knowing the deployment counts as configured.
 */
export async function loadInitialPack(deps: InitialPackDeps): Promise<string | undefined> {
  let inputs: AcceptanceInputs | undefined;
  try {
    inputs = await deps.readAcceptance();
  } catch (error) {
    deps.onError?.('cannot read the deployment (trusted keys); starting without a rule pack this time', error);
  }
  const fallback = (): Promise<string | undefined> =>
    inputs !== undefined && !configuredBy(inputs) ? deps.loadBuiltin() : Promise.resolve(undefined);

  let stored;
  try {
    stored = await deps.store.readActive();
  } catch (error) {
    deps.onError?.('cannot read the stored rule pack', error);
    return fallback();
  }
  if (!stored || inputs === undefined) return fallback();

  try {
    const checked = await recheckStoredPack(deps.store, stored, inputs, deps.now());
    if (checked.ok) {
      if (checked.expiredOn !== undefined) {
        const notice: ExpiredNotice = { id: stored.meta.id, version: stored.meta.version, on: checked.expiredOn, noticedAt: deps.now().toISOString() };
        const first = await deps.store.noteExpired(notice).catch(() => false);
        deps.onExpired?.(first ? notice : ((await deps.store.readExpired().catch(() => null)) ?? notice), first);
      }
      return checked.payload;
    }
    if (checked.dropped) deps.onDropped?.(checked.why);
  } catch (error) {
    deps.onError?.('cannot check the stored rule pack', error);
  }
  return fallback();
}
