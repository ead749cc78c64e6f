import { parsePackText } from '../rules/pack/load';
import { acceptPack } from '../rules/pack/accept';
import { declaresSignedPack, Ed25519PrivateJwkSchema, importTrustedKey, serializeSignedPack, signPayload } from '../rules/pack/signature';
import { fsErrorText, writeFilesAtomically } from './atomic-write';
import type { CliIO } from './io';

export interface PackSignOptions {
  file: string;
  key: string;
  output: string;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * `preflight pack sign`: 0 signed, 2 for an unreadable or invalid pack or key. The pack text is
 * signed as it is in the file (less a BOM), so what was reviewed is byte for byte what is
 * distributed; a pack that would not validate is never signed.
 */
export async function runPackSign(io: CliIO, options: PackSignOptions): Promise<number> {
  let text: string;
  let keyText: string;
  try {
    text = await io.readFile(options.file);
  } catch (e) {
    io.err(`cannot read pack ${options.file}: ${fsErrorText(e)}`);
    return 2;
  }
  try {
    keyText = await io.readFile(options.key);
  } catch (e) {
    io.err(`cannot read key ${options.key}: ${fsErrorText(e)}`);
    return 2;
  }
  if (declaresSignedPack(parseJson(text))) {
    io.err(`${options.file} is already a signed pack; sign the pack itself`);
    return 2;
  }
  const loaded = parsePackText(text);
  if (!loaded.ok) {
    for (const e of loaded.errors) io.err(`pack ${options.file}: ${e.path}: ${e.message}`);
    io.err('not signed: fix the pack first');
    return 2;
  }
  const jwk = Ed25519PrivateJwkSchema.safeParse(parseJson(keyText));
  if (!jwk.success) {
    io.err(`key ${options.key}: not a private Ed25519 JWK (as written by preflight pack keygen)`);
    return 2;
  }
  let signed: Awaited<ReturnType<typeof signPayload>>;
  try {
    signed = await signPayload(text, jwk.data);
  } catch (e) {
    io.err(`cannot sign with ${options.key}: ${(e as Error).message}`);
    return 2;
  }
  // The extension's own acceptance check, with the key's public half: nothing is written that it would refuse (expired, unsafe keys …).
  const content = serializeSignedPack(signed);
  const publicKey = await importTrustedKey({ kty: jwk.data.kty, crv: jwk.data.crv, x: jwk.data.x });
  if (!publicKey.ok) {
    io.err(`key ${options.key}: ${publicKey.error}`);
    return 2;
  }
  const check = await acceptPack(content, { trustedKeys: [publicKey.value], now: new Date() });
  if (!check.ok) {
    io.err(`not signed: the extension would reject it (${check.reason}): ${check.message}`);
    for (const d of check.details) io.err(`  ${d.path}: ${d.message}`);
    return 2;
  }
  try {
    await writeFilesAtomically([{ path: options.output, content }]);
  } catch (e) {
    io.err(`cannot write ${options.output}: ${fsErrorText(e)}`);
    return 2;
  }
  io.out(`signed ${loaded.pack.id} ${loaded.pack.version} (${loaded.pack.rules.length} rules) with key ${signed.keyId} → ${options.output}`);
  return 0;
}
