import { PackVersionSchema } from '../rules/pack/schema';
import { VisibleIdSchema } from '../rules/pack/rule-base';
import { Ed25519PrivateJwkSchema, importTrustedKey } from '../rules/pack/signature';
import { serializeSignedWithdrawal, signWithdrawal, verifyWithdrawal, type SignedWithdrawal } from '../rules/pack/withdrawal';
import { fsErrorText, writeFilesAtomically } from './atomic-write';
import type { CliIO } from './io';

export interface WithdrawNoticeOptions {
  packId: string;
  version: string;
  key: string;
  reason?: string | undefined;
  /** Written here; without it the notice goes to standard output. */
  output?: string | undefined;
  now?: Date;
}

/** Said when the 医保办 gives no reason; the notice must carry one (the workstations log it). */
export const DEFAULT_WITHDRAW_REASON = '版本发布有误，已撤回 / published in error';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * `preflight pack withdraw-notice`: a withdrawal notice for one published version, signed with the
 * pack-signing key (rules/pack/withdrawal.ts). Posted to the hub (`POST /api/v1/packs/withdrawals`),
 * it lets the workstations that installed that version leave it for the highest one not withdrawn.
 * 0 written, 2 for a bad id, version or key.
 */
export async function runWithdrawNotice(io: CliIO, options: WithdrawNoticeOptions): Promise<number> {
  const version = PackVersionSchema.safeParse(options.version);
  if (!version.success) {
    io.err(`--version ${options.version}: ${version.error.issues[0]?.message ?? 'not a pack version'}`);
    return 2;
  }
  const packId = VisibleIdSchema.max(200).safeParse(options.packId);
  if (!packId.success) {
    io.err(`--pack-id: ${packId.error.issues[0]?.message ?? 'not a pack id'}`);
    return 2;
  }
  let keyText: string;
  try {
    keyText = await io.readFile(options.key);
  } catch (e) {
    io.err(`cannot read key ${options.key}: ${fsErrorText(e)}`);
    return 2;
  }
  const jwk = Ed25519PrivateJwkSchema.safeParse(parseJson(keyText));
  if (!jwk.success) {
    io.err(`key ${options.key}: not a private Ed25519 JWK (as written by preflight pack keygen)`);
    return 2;
  }
  const reason = options.reason?.trim() || DEFAULT_WITHDRAW_REASON;
  let signed: SignedWithdrawal;
  try {
    signed = await signWithdrawal({ packId: packId.data, version: version.data, withdrawnAt: (options.now ?? new Date()).toISOString(), reason }, jwk.data);
  } catch (e) {
    io.err(`cannot sign with ${options.key}: ${(e as Error).message}`);
    return 2;
  }
  // Verified with the key's public half, as a workstation will: nothing is written that it would refuse.
  const publicKey = await importTrustedKey({ kty: jwk.data.kty, crv: jwk.data.crv, x: jwk.data.x });
  const check = publicKey.ok ? await verifyWithdrawal(signed, [publicKey.value]) : undefined;
  if (!check?.ok) {
    io.err(`not written: ${check ? check.message : publicKey.ok ? '' : publicKey.error}`);
    return 2;
  }
  const content = serializeSignedWithdrawal(signed);
  const summary = `withdrawal of ${packId.data} ${version.data} signed with key ${signed.keyId}`;
  if (options.output === undefined) {
    io.out(content);
    io.err(summary);
    return 0;
  }
  try {
    await writeFilesAtomically([{ path: options.output, content }]);
  } catch (e) {
    io.err(`cannot write ${options.output}: ${fsErrorText(e)}`);
    return 2;
  }
  io.out(`${summary} → ${options.output}`);
  return 0;
}
