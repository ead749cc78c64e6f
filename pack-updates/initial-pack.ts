import { buildPackImage, type PackImage } from '../rules/engine/image';
import type { Pack } from '../rules/pack/schema';
import type { ActivePackStore, ExpiredNotice, StoredPack } from './pack-store';
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
  /**
   * Who may load a stored pack image (rules/engine/image.ts): the extension build. Without it no
   * image is read or written and every start parses and validates the stored payload.
   */
  imageStamp?: string;
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
export async function loadInitialPack(deps: InitialPackDeps): Promise<string | object | undefined> {
  let inputs: AcceptanceInputs | undefined;
  try {
    inputs = await deps.readAcceptance();
  } catch (error) {
    deps.onError?.('cannot read the deployment (trusted keys); starting without a rule pack this time', error);
  }
  const fallback = (): Promise<string | object | undefined> =>
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
    const image = await storedImage(deps, stored);
    const checked = await recheckStoredPack(deps.store, stored, inputs, deps.now(), image);
    if (checked.ok) {
      if (checked.expiredOn !== undefined) {
        const notice: ExpiredNotice = { id: stored.meta.id, version: stored.meta.version, on: checked.expiredOn, noticedAt: deps.now().toISOString() };
        const first = await deps.store.noteExpired(notice).catch(() => false);
        deps.onExpired?.(first ? notice : ((await deps.store.readExpired().catch(() => null)) ?? notice), first);
      }
      return checked.pack !== undefined ? await withNewImage(deps, stored, checked.pack, checked.load) : checked.load;
    }
    if (checked.dropped) deps.onDropped?.(checked.why);
  } catch (error) {
    deps.onError?.('cannot check the stored rule pack', error);
  }
  return fallback();
}

/** The kept image of the stored pack when this build wrote it for this very pack. */
async function storedImage(deps: InitialPackDeps, stored: StoredPack): Promise<object | undefined> {
  if (deps.imageStamp === undefined || !deps.store.readImage) return undefined;
  try {
    const image = (await deps.store.readImage(stored.meta.activatedAt)) as Partial<PackImage> | undefined;
    const current = image?.stamp === deps.imageStamp && image.id === stored.meta.id && image.version === stored.meta.version;
    return current ? image : undefined;
  } catch (error) {
    deps.onError?.('cannot read the stored pack image; reading the pack itself', error);
    return undefined;
  }
}

/**
 * The payload was read and validated again (no image yet, or one from another build): keep its
 * image for the next starts and load that. Any failure leaves the payload to load, as before.
 */
async function withNewImage(deps: InitialPackDeps, stored: StoredPack, pack: Pack, payload: string | object): Promise<string | object> {
  if (deps.imageStamp === undefined || !deps.store.saveImage) return payload;
  try {
    const image = buildPackImage(pack, deps.imageStamp);
    await deps.store.saveImage(stored.meta.activatedAt, image);
    return image;
  } catch (error) {
    deps.onError?.('cannot keep an image of the stored pack; the next start reads it again', error);
    return payload;
  }
}
