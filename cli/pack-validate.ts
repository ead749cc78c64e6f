import type { Pack } from '../rules/pack/schema';
import type { CliIO } from './io';
import { readPackSource } from './pack-source';

/** "12 rules (by kind: quantity 3, sex 9)", kinds in pack order; disabled rules are counted and named. */
export function summarisePack(pack: Pack): string {
  const byKind = new Map<string, number>();
  for (const rule of pack.rules) byKind.set(rule.kind, (byKind.get(rule.kind) ?? 0) + 1);
  const kinds = [...byKind].map(([kind, n]) => `${kind} ${n}`).join(', ');
  const disabled = pack.rules.filter((r) => !r.enabled).length;
  const count = `${pack.rules.length} rule${pack.rules.length === 1 ? '' : 's'}`;
  return `ok: ${pack.id} ${pack.version}, ${count}${kinds ? ` (by kind: ${kinds})` : ''}${disabled ? `, ${disabled} disabled` : ''}`;
}

/**
 * `preflight pack validate`: returns the exit status (0 valid, 2 invalid). A signed pack's payload
 * is validated; with a public key its signature is verified too.
 */
export async function runPackValidate(io: CliIO, file: string, key?: string): Promise<number> {
  const loaded = await readPackSource(io, file, key);
  if (!loaded.ok) {
    for (const error of loaded.errors) io.err(error);
    return 2;
  }
  const { pack, signed } = loaded.source;
  const signature = !signed ? '' : signed.verified ? `; signed by key ${signed.keyId}, verified` : `; signed by key ${signed.keyId}, signature NOT verified (give --key)`;
  io.out(`${summarisePack(pack)}${signature}`);
  return 0;
}
