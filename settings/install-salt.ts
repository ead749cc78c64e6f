import type { SettingsArea } from './store';

/**
 * The per-installation salt of pseudonymous patient keys (adapters/patient-key.ts): keys from two
 * hospitals' browsers cannot be joined. Made once, on first use, and kept in `storage.local`.
 */
export const INSTALL_SALT_KEY = 'preflight.installSalt';

function randomSalt(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function installSalt(area: SettingsArea): Promise<string> {
  const stored = (await area.get(INSTALL_SALT_KEY))[INSTALL_SALT_KEY];
  if (typeof stored === 'string' && /^[0-9a-f]{32}$/.test(stored)) return stored;
  const salt = randomSalt();
  await area.set({ [INSTALL_SALT_KEY]: salt });
  return salt;
}
