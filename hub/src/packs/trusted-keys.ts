import { readFileSync } from 'node:fs';
import { importTrustedKey, type TrustedKey } from '../../../rules/pack/signature';

/**
 * The public keys packs must be signed with (`preflight pack keygen` writes them). Without any,
 * the hub still serves packs already published but refuses to publish new ones.
 */
export async function loadTrustedKeys(file: string | undefined): Promise<TrustedKey[]> {
  if (file === undefined) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read trusted keys from ${file}: ${(error as Error).message}`);
  }
  const keys: TrustedKey[] = [];
  for (const [index, input] of (Array.isArray(raw) ? raw : [raw]).entries()) {
    const imported = await importTrustedKey(input);
    if (!imported.ok) throw new Error(`trusted key ${index} in ${file}: ${imported.error}`);
    keys.push(imported.value);
  }
  return keys;
}
