import { importTrustedKey, type TrustedKey } from '../rules/pack/signature';

export interface ImportedKeys {
  keys: TrustedKey[];
  /** One line per configured key that could not be used; that key simply trusts nothing. */
  errors: string[];
}

/**
 * Imports the deployment's trusted keys one by one: a mistyped key in a policy disables that key,
 * not the others — and an empty result means no signed pack is accepted at all.
 */
export async function importTrustedKeys(inputs: readonly unknown[] | undefined): Promise<ImportedKeys> {
  const keys: TrustedKey[] = [];
  const errors: string[] = [];
  for (const [i, input] of (inputs ?? []).entries()) {
    const imported = await importTrustedKey(input);
    if (imported.ok) keys.push(imported.value);
    else errors.push(`trustedKeys[${i}]: ${imported.error}`);
  }
  return { keys, errors };
}
