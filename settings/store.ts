import { browser } from 'wxt/browser';
import { parseSettings, PreflightSettingsSchema, type PreflightSettings } from './schema';

/** The `storage.local` key the settings live under. */
export const SETTINGS_KEY = 'preflight.settings';

/** The slice of a `storage.StorageArea` used here. */
export interface SettingsArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export function localArea(): SettingsArea {
  return browser.storage.local as unknown as SettingsArea;
}

export async function loadSettings(area: SettingsArea = localArea()): Promise<PreflightSettings> {
  const stored = await area.get(SETTINGS_KEY);
  return parseSettings(stored[SETTINGS_KEY]);
}

/** Merges `patch` into the stored settings; an invalid patch value is replaced by its default. */
export async function saveSettings(patch: Partial<PreflightSettings>, area: SettingsArea = localArea()): Promise<PreflightSettings> {
  const next = PreflightSettingsSchema.parse({ ...(await loadSettings(area)), ...patch });
  await area.set({ [SETTINGS_KEY]: next });
  return next;
}

/** Calls `onChange` with complete settings whenever another context changes them; returns the unsubscribe. */
export function watchSettings(onChange: (settings: PreflightSettings) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, areaName: string): void => {
    if (areaName !== 'local' || !(SETTINGS_KEY in changes)) return;
    onChange(parseSettings(changes[SETTINGS_KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
