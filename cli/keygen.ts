import { access } from 'node:fs/promises';
import { generateSigningKeys } from '../rules/pack/signature';
import { fsErrorText, writeFilesAtomically } from './atomic-write';
import type { CliIO } from './io';

/** File names written by `preflight pack keygen -o <prefix>`. */
export const keyFiles = (prefix: string) => ({ privateKey: `${prefix}.private.jwk`, publicKey: `${prefix}.public.json` });

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/** `preflight pack keygen`: 0 written, 2 when a key file is already there (a signing key is never overwritten). */
export async function runKeygen(io: CliIO, prefix: string): Promise<number> {
  const files = keyFiles(prefix);
  for (const path of [files.privateKey, files.publicKey]) {
    if (await exists(path)) {
      io.err(`${path} already exists; not overwriting a key (packs signed with it would no longer be verifiable by a new one)`);
      return 2;
    }
  }
  const keys = await generateSigningKeys();
  try {
    await writeFilesAtomically([
      { path: files.privateKey, content: `${JSON.stringify(keys.privateJwk, null, 1)}\n`, mode: 0o600 },
      { path: files.publicKey, content: `${JSON.stringify(keys.publicKey, null, 1)}\n` },
    ]);
  } catch (e) {
    io.err(`cannot write the key files: ${fsErrorText(e)}`);
    return 2;
  }
  io.out(
    [
      `key ${keys.publicKey.keyId}`,
      `  ${files.privateKey}  private: keep it secret, off the workstations; sign with it`,
      `  ${files.publicKey}  public: configure it in the extension as a trusted key`,
    ].join('\n'),
  );
  return 0;
}
