import { browser } from 'wxt/browser';
import { mergeDeployment, parseDeployment, type Deployment, type EffectiveDeployment } from './deployment';
import { localArea, type SettingsArea } from './store';
import { parseSettings, type PreflightSettings } from './schema';

/** The `storage.local` key of the locally set deployment fields (the options page writes it). */
export const LOCAL_DEPLOYMENT_KEY = 'preflight.deployment';

/** The slice of `storage.managed` used here: read-only, and absent or throwing where no policy exists. */
export interface ManagedArea {
  get(): Promise<Record<string, unknown>>;
}

function managedArea(): ManagedArea | undefined {
  return (browser.storage as unknown as { managed?: ManagedArea }).managed;
}

/**
 * The policy values, or `{}`: Chrome throws "Managed storage manifest not found" without a schema,
 * Firefox rejects when no policies.json names the extension, and neither means a broken browser.
 */
export async function readManaged(area: ManagedArea | undefined = managedArea()): Promise<Deployment> {
  if (!area) return {};
  try {
    return parseDeployment(await area.get());
  } catch {
    return {};
  }
}

export async function readLocalDeployment(area: SettingsArea = localArea()): Promise<Deployment> {
  return parseDeployment((await area.get(LOCAL_DEPLOYMENT_KEY))[LOCAL_DEPLOYMENT_KEY]);
}

export async function loadDeployment(local: SettingsArea = localArea(), managed: ManagedArea | undefined = managedArea()): Promise<EffectiveDeployment> {
  const [l, m] = await Promise.all([readLocalDeployment(local), readManaged(managed)]);
  return mergeDeployment(l, m);
}

export class LockedFieldError extends Error {
  constructor(readonly fields: readonly string[]) {
    super(`set by hospital policy, cannot be changed here: ${fields.join(', ')}`);
  }
}

/**
 * Merges `patch` into the local fields (a field set to `undefined` is cleared). Refuses, and
 * changes nothing, when the patch touches a field hospital policy has locked.
 */
export async function saveLocalDeployment(
  patch: Partial<Deployment>,
  local: SettingsArea = localArea(),
  managed: ManagedArea | undefined = managedArea(),
): Promise<EffectiveDeployment> {
  const current = await loadDeployment(local, managed);
  const lockedTouched = Object.keys(patch).filter((k) => current.locked.has(k as keyof Deployment));
  const policyTouched = Object.keys(patch.policy ?? {}).filter((k) => current.lockedPolicy.has(k as keyof NonNullable<Deployment['policy']>));
  if (lockedTouched.length + policyTouched.length > 0) throw new LockedFieldError([...lockedTouched, ...policyTouched.map((k) => `policy.${k}`)]);
  const next = parseDeployment({ ...(await readLocalDeployment(local)), ...patch });
  await local.set({ [LOCAL_DEPLOYMENT_KEY]: next });
  return loadDeployment(local, managed);
}

/** Calls `onChange` when local or managed deployment values change; returns the unsubscribe. */
export function watchDeployment(onChange: (deployment: EffectiveDeployment) => void): () => void {
  const listener = (changes: Record<string, unknown>, areaName: string): void => {
    if (areaName === 'managed' || (areaName === 'local' && LOCAL_DEPLOYMENT_KEY in changes)) {
      loadDeployment().then(onChange, () => undefined);
    }
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** The doctor-facing settings with the hospital's pinned toggles applied over the local ones. */
export function applyPolicy(settings: PreflightSettings, deployment: Deployment): PreflightSettings {
  const policy = deployment.policy ?? {};
  return parseSettings({
    ...settings,
    ...(policy.silent !== undefined ? { silent: policy.silent } : {}),
    ...(policy.warningBlocksSubmit !== undefined ? { warningBlocksSubmit: policy.warningBlocksSubmit } : {}),
    ...(policy.kindModes !== undefined ? { kindModes: { ...settings.kindModes, ...policy.kindModes } } : {}),
    ...(policy.language !== undefined ? { language: policy.language } : {}),
  });
}
