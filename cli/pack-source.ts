import { acceptPack } from '../rules/pack/accept';
import { formatPath, parsePackText } from '../rules/pack/load';
import type { Pack } from '../rules/pack/schema';
import { declaresSignedPack, importTrustedKey, SignedPackSchema, type TrustedKey } from '../rules/pack/signature';
import { fsErrorText } from './atomic-write';
import type { CliIO } from './io';

/**
 * Reads a file that holds either a bare pack or a signed pack, for `pack validate` and
 * `pack diff`. With a public key the file goes through the same acceptPack the extension uses,
 * so "valid" on the command line means "the extension will take it".
 */

export interface PackSource {
  pack: Pack;
  /** Absent for a bare pack. */
  signed?: { keyId: string; verified: boolean };
}

export type PackSourceResult = { ok: true; source: PackSource } | { ok: false; errors: string[] };

const fail = (...errors: string[]): PackSourceResult => ({ ok: false, errors });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // parsePackText reports it with the parser's message
  }
}

/** A public key file ({keyId, publicKey} or a JWK; a private JWK works too, its public half is used). */
export async function loadTrustedKey(io: CliIO, path: string): Promise<{ ok: true; key: TrustedKey } | { ok: false; error: string }> {
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (e) {
    return { ok: false, error: `cannot read key ${path}: ${fsErrorText(e)}` };
  }
  const imported = await importTrustedKey(parseJson(text));
  return imported.ok ? { ok: true, key: imported.value } : { ok: false, error: `key ${path}: ${imported.error}` };
}

function fromPackText(path: string, text: string, signed?: PackSource['signed']): PackSourceResult {
  const loaded = parsePackText(text);
  if (!loaded.ok) return fail(...loaded.errors.map((e) => `pack ${path}: ${e.path}: ${e.message}`));
  return { ok: true, source: signed ? { pack: loaded.pack, signed } : { pack: loaded.pack } };
}

async function verified(path: string, text: string, key: TrustedKey): Promise<PackSourceResult> {
  const result = await acceptPack(text, { trustedKeys: [key], now: new Date() });
  if (result.ok) return { ok: true, source: { pack: result.pack, signed: { keyId: key.keyId, verified: true } } };
  return fail(`pack ${path}: rejected (${result.reason}): ${result.message}`, ...result.details.map((d) => `  ${d.path}: ${d.message}`));
}

export async function readPackSource(io: CliIO, path: string, keyPath?: string): Promise<PackSourceResult> {
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (e) {
    return fail(`cannot read pack ${path}: ${fsErrorText(e)}`);
  }
  if (keyPath !== undefined) {
    const key = await loadTrustedKey(io, keyPath);
    return key.ok ? verified(path, text, key.key) : fail(key.error);
  }
  const raw = parseJson(text);
  if (!declaresSignedPack(raw)) return fromPackText(path, text);
  const envelope = SignedPackSchema.safeParse(raw);
  if (!envelope.success) {
    return fail(...envelope.error.issues.slice(0, 20).map((i) => `signed pack ${path}: ${formatPath(i.path)}: ${i.message}`));
  }
  return fromPackText(path, envelope.data.payload, { keyId: envelope.data.keyId, verified: false });
}
