import type { SettingsArea } from './store';
import { bytesToHex } from '../rules/pack/hex';

/**
 * The per-installation salt of pseudonymous patient keys (adapters/patient-key.ts): keys from two
 * hospitals' browsers cannot be joined. Made once, on first use, and kept in `storage.local`.
 */
export const INSTALL_SALT_KEY = 'preflight.installSalt';

function randomSalt(): string {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(16)));
}

export async function installSalt(area: SettingsArea): Promise<string> {
  const stored = (await area.get(INSTALL_SALT_KEY))[INSTALL_SALT_KEY];
  if (typeof stored === 'string' && /^[0-9a-f]{32}$/.test(stored)) return stored;
  const salt = randomSalt();
  await area.set({ [INSTALL_SALT_KEY]: salt });
  return salt;
}
