import { z } from 'zod';
import { zodErrors } from './load';
import { VisibleIdSchema } from './rule-base';
import { compareVersions, PackVersionSchema } from './schema';
import { KeyIdSchema, SIGNATURE_ALGORITHM, signPayload, verifySignedPack, type TrustedKey } from './signature';

/**
 * A 医保办's signed word that one published pack version was a mistake (issue #13 R5). Rollback
 * protection keeps a workstation on the highest version it ever installed, so a typo such as
 * 20261201 for 2026.12.1 would otherwise hold every workstation that took it above every later
 * correct version. An unsigned "withdrawn" flag from the network cannot be allowed to lower that
 * bar — anyone between the workstation and the hub could then roll it back — so the notice is
 * signed with the pack-signing key, like the pack itself, and verified with the same trusted keys.
 *
 * Same envelope shape and crypto as signed packs (signature.ts: Ed25519 over the payload's UTF-8
 * bytes), under its own `format`; the payload names its `type` too, so a signed notice can never
 * pass for a pack nor a pack for a notice.
 */

export const SIGNED_WITHDRAWAL_FORMAT = 'preflight-signed-withdrawal';
export const WITHDRAWAL_NOTICE_TYPE = 'preflight-pack-withdrawal';

/** A notice is a few hundred bytes; the bound keeps a huge payload from being verified or stored. */
export const MAX_NOTICE_PAYLOAD_CHARS = 4096;
/** Notices one list (the hub's answer, a workstation's store) holds at most. */
export const MAX_WITHDRAWALS = 1000;

export const WithdrawalNoticeSchema = z.strictObject({
  type: z.literal(WITHDRAWAL_NOTICE_TYPE),
  packId: VisibleIdSchema.max(200),
  version: PackVersionSchema,
  withdrawnAt: z.string().datetime({ offset: true }),
  /** Why, for the record and the workstation's log: e.g. 版本号输错，应为 2026.12.1. */
  reason: z.string().trim().min(1).max(500),
});
export type WithdrawalNotice = z.infer<typeof WithdrawalNoticeSchema>;

export const SignedWithdrawalSchema = z.strictObject({
  format: z.literal(SIGNED_WITHDRAWAL_FORMAT),
  version: z.literal(1),
  keyId: KeyIdSchema,
  algorithm: z.literal(SIGNATURE_ALGORITHM),
  signature: z.string().min(1).max(200),
  /** The notice JSON text, exactly as signed. */
  payload: z.string().max(MAX_NOTICE_PAYLOAD_CHARS),
});
export type SignedWithdrawal = z.infer<typeof SignedWithdrawalSchema>;

/** `GET /api/v1/packs/withdrawals` on the hub: every signed notice it holds, as the 医保办 posted them. */
export const WithdrawalListSchema = z.object({ withdrawals: z.array(SignedWithdrawalSchema).max(MAX_WITHDRAWALS) });
export type WithdrawalList = z.infer<typeof WithdrawalListSchema>;

/** Signs a notice; throws on a key that is not a private Ed25519 JWK or a notice that is not valid. */
export async function signWithdrawal(notice: Omit<WithdrawalNotice, 'type'>, privateJwk: unknown): Promise<SignedWithdrawal> {
  const valid = WithdrawalNoticeSchema.parse({ type: WITHDRAWAL_NOTICE_TYPE, ...notice });
  // Fields in a fixed order, so the same notice always reads the same.
  const { type, packId, version, withdrawnAt, reason } = valid;
  const signed = await signPayload(JSON.stringify({ type, packId, version, withdrawnAt, reason }), privateJwk);
  return { ...signed, format: SIGNED_WITHDRAWAL_FORMAT };
}

export function serializeSignedWithdrawal(envelope: SignedWithdrawal): string {
  const { format, version, keyId, algorithm, signature, payload } = envelope;
  return `${JSON.stringify({ format, version, keyId, algorithm, signature, payload }, null, 1)}\n`;
}

export type WithdrawalRefusal = 'not-envelope' | 'unknown-key' | 'bad-signature' | 'schema-invalid';

export type WithdrawalVerdict =
  | { ok: true; notice: WithdrawalNotice; keyId: string; envelope: SignedWithdrawal }
  | { ok: false; reason: WithdrawalRefusal; message: string };

/** Chinese first for the 医保办, English for the vendor's support desk, as REJECT_MESSAGES. */
const REFUSALS: Record<WithdrawalRefusal, { zh: string; en: string }> = {
  'not-envelope': { zh: '撤回通知不是签名的撤回通知格式，已忽略', en: 'not a signed withdrawal notice; ignored' },
  'unknown-key': { zh: '撤回通知的签名密钥不在受信任列表中，已忽略', en: 'the withdrawal notice is signed with a key that is not trusted; ignored' },
  'bad-signature': { zh: '撤回通知签名校验失败（可能被伪造或篡改），已忽略', en: 'the withdrawal notice’s signature does not verify (forged or altered); ignored' },
  'schema-invalid': { zh: '撤回通知内容不符合格式要求，已忽略', en: 'the withdrawal notice’s content is not valid; ignored' },
};

function refuse(reason: WithdrawalRefusal, detail: string): WithdrawalVerdict {
  const { zh, en } = REFUSALS[reason];
  return { ok: false, reason, message: `${zh}（${detail}）/ ${en} (${detail})` };
}

/** What a refused notice claims to withdraw, for the message: read from the unverified payload, never acted on. */
function claimed(payload: string): string {
  try {
    const raw = JSON.parse(payload) as { packId?: unknown; version?: unknown };
    const text = [raw.packId, raw.version].filter((v): v is string => typeof v === 'string').join(' ').slice(0, 120);
    return text || 'unnamed';
  } catch {
    return 'unreadable';
  }
}

/** Checks one notice as received (parsed JSON): envelope, signature by a trusted key, then content. Never throws. */
export async function verifyWithdrawal(raw: unknown, trustedKeys: readonly TrustedKey[]): Promise<WithdrawalVerdict> {
  try {
    const envelope = SignedWithdrawalSchema.safeParse(raw);
    if (!envelope.success) return refuse('not-envelope', zodErrors(envelope.error, 3).map((e) => `${e.path}: ${e.message}`).join('; '));
    const verified = await verifySignedPack(envelope.data, trustedKeys);
    if (!verified.ok) return refuse(verified.reason, `${claimed(envelope.data.payload)}: ${verified.detail}`);
    let json: unknown;
    try {
      json = JSON.parse(envelope.data.payload);
    } catch {
      return refuse('schema-invalid', 'the signed payload is not JSON');
    }
    const notice = WithdrawalNoticeSchema.safeParse(json);
    if (!notice.success) return refuse('schema-invalid', zodErrors(notice.error, 3).map((e) => `${e.path}: ${e.message}`).join('; '));
    return { ok: true, notice: notice.data, keyId: verified.keyId, envelope: envelope.data };
  } catch (error) {
    return refuse('bad-signature', `the notice could not be checked: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The notice withdrawing exactly this pack (same id and version), if any: a notice for another id leaves it alone. */
export function withdrawalOf<N extends Pick<WithdrawalNotice, 'packId' | 'version'>>(
  notices: readonly N[] | undefined,
  pack: { id: string; version: string },
): N | undefined {
  // compareVersions: 2026.12.1 and 2026.12.1.0 are one version.
  return notices?.find((n) => n.packId === pack.id && compareVersions(n.version, pack.version) === 0);
}
