import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generateSigningKeys, importTrustedKey, serializeSignedPack, signPayload, type GeneratedKeys, type TrustedKey } from '../../../rules/pack/signature';

/** Real rules from the committed demo pack (generated from ../shared/data by scripts/build-demo-pack.ts). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const DEMO_PACK_PATH = path.join(REPO_ROOT, 'rules/packs/demo-pack.json');

let demoText: string | undefined;
export function demoPackText(): string {
  demoText ??= readFileSync(DEMO_PACK_PATH, 'utf8');
  return demoText;
}

/** A fresh, mutable copy of the demo pack as parsed JSON. */
export function demoPackJson(): any {
  return JSON.parse(demoPackText());
}

/**
 * About n real rules of the demo pack, taken round-robin over kinds so that every kind appears,
 * with the pack's own fields — small enough to sign and mutate a thousand times quickly.
 */
export function smallRealPack(n = 50): any {
  const demo = demoPackJson();
  const byKind = new Map<string, any[]>();
  for (const rule of demo.rules) byKind.set(rule.kind, [...(byKind.get(rule.kind) ?? []), rule]);
  const rules: any[] = [];
  for (let round = 0; rules.length < n; round++) {
    const before = rules.length;
    for (const list of byKind.values()) if (round < list.length && rules.length < n) rules.push(list[round]);
    if (rules.length === before) break;
  }
  return { ...demo, rules };
}

export interface TestKey extends GeneratedKeys {
  trusted: TrustedKey;
}

export async function newKey(): Promise<TestKey> {
  const keys = await generateSigningKeys();
  const trusted = await importTrustedKey(keys.publicKey);
  if (!trusted.ok) throw new Error(trusted.error);
  return { ...keys, trusted: trusted.value };
}

/** The signed envelope text of a pack (an object is written as compact JSON first). */
export async function signedText(pack: unknown, key: TestKey): Promise<string> {
  const payload = typeof pack === 'string' ? pack : JSON.stringify(pack);
  return serializeSignedPack(await signPayload(payload, key.privateJwk));
}
