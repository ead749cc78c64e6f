import { MAX_PACK_BYTES, validatePack, zodErrors, type FieldError } from './load';
import { findUnsafeJson } from './json-shape';
import { compareVersions, type Pack } from './schema';
import { declaresSignedPack, SignedPackSchema, verifySignedPack, type TrustedKey } from './signature';
import { withdrawalOf, type WithdrawalNotice } from './withdrawal';

/**
 * Whether a downloaded or uploaded pack may replace the active one. The background calls this
 * before handing a pack to the engine, and loads the pack only on `ok`; on any rejection the
 * active pack stays. Checks run cheapest and least trusting first: size, JSON, envelope,
 * signature — nothing inside the payload is parsed before its signature verifies.
 *
 * Effective dates: a pack whose period has ended is rejected (`expired`), but one published ahead
 * of its start date is accepted — the engine already honours `effective.from` and reports the
 * pack as not yet in force, so a 医保办 can distribute the next rules before the day they apply.
 *
 * Rollback: an older version of the active pack is refused — also under another id, so an old
 * pack cannot be replayed by renaming it. Moving to a pack with a lower version and another id
 * takes the deployment naming that id (`expectedId`). Installations that must only ever run one
 * pack set `expectedId`, which refuses every other id outright.
 *
 * Withdrawal: a version the 医保办 withdrew (a verified signed notice, withdrawal.ts) is never
 * accepted; and while the active pack is itself withdrawn it no longer bars lower versions — the
 * bar falls to the highest earlier pack that was not withdrawn, so a mistaken 20261201 gives way to
 * 2026.12.20, yet no notice opens the door to a replayed pack older than what was there before.
 */

export const REJECT_REASONS = [
  'oversized',
  'not-json',
  'not-envelope',
  'unsigned',
  'unknown-key',
  'bad-signature',
  'schema-invalid',
  'id-mismatch',
  'rollback',
  'not-newer',
  'expired',
  'withdrawn',
  /** Should not happen; exists so that acceptPack can promise never to throw. */
  'internal-error',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** What the 医保办 sees: Chinese first, English for the vendor's support desk. */
export const REJECT_MESSAGES: Record<RejectReason, { zh: string; en: string }> = {
  oversized: { zh: '规则包超过大小上限，未启用', en: 'the pack is larger than the size limit' },
  'not-json': { zh: '规则包不是有效的 JSON 文件，未启用', en: 'the pack is not valid JSON' },
  'not-envelope': { zh: '不是可识别的签名规则包格式，未启用', en: 'not a signed pack envelope this version can read' },
  unsigned: { zh: '规则包未签名，只接受签名的规则包', en: 'the pack is not signed; only signed packs are accepted' },
  'unknown-key': { zh: '规则包的签名密钥不在受信任列表中，未启用', en: 'the pack is signed with a key that is not trusted' },
  'bad-signature': { zh: '签名校验失败，规则包可能被篡改，未启用', en: 'the signature does not verify; the pack may have been altered' },
  'schema-invalid': { zh: '规则包内容不符合格式要求，未启用', en: 'the pack content does not match the pack schema' },
  'id-mismatch': { zh: '规则包标识与本机配置不符，未启用', en: 'the pack id is not the one this installation expects' },
  rollback: { zh: '规则包版本低于当前版本（疑似回滚），未启用', en: 'the pack is older than the active pack (possible rollback)' },
  'not-newer': { zh: '规则包与当前版本相同，无需更新', en: 'the pack has the same version as the active pack; nothing to do' },
  expired: { zh: '规则包已过有效期，未启用', en: 'the pack’s effective period has ended' },
  withdrawn: { zh: '该规则包版本已被医保办撤回，未启用', en: 'this pack version was withdrawn by the insurance office' },
  'internal-error': { zh: '规则包检查出错，未启用', en: 'the pack could not be checked' },
};

export interface AcceptOptions {
  /** Imported with importTrustedKey; an empty list accepts no signed pack. */
  trustedKeys: readonly TrustedKey[];
  /** The pack now in use, for rollback protection. */
  active?: { id: string; version: string } | undefined;
  now: Date;
  /** Size limit of the whole input in bytes; defaults to MAX_PACK_BYTES. */
  maxBytes?: number;
  /** Default true. False only for development: a bare pack is then accepted, but a signature present must still verify. */
  requireSignature?: boolean;
  /** Refuse packs with any other id. */
  expectedId?: string;
  /** Where "today" is judged for `effective.to`; pack dates are Chinese policy dates. */
  timeZone?: string;
  /**
   * The stored active pack re-checked at start: past its `effective.to` it stays in force (shown
   * as 规则包已过期) rather than giving way to no rules, so expiry is reported, not rejected.
   */
  keepExpired?: boolean;
  /** Verified withdrawal notices (withdrawal.ts): those versions are refused, and a withdrawn active pack bars nothing. */
  withdrawn?: readonly Pick<WithdrawalNotice, 'packId' | 'version'>[];
  /** Packs installed before the active one: with the active pack withdrawn, the highest of them not withdrawn is the bar. */
  earlier?: readonly { id: string; version: string }[];
}

export type AcceptResult =
  | {
      ok: true;
      pack: Pack;
      keyId: string | null;
      /** The pack JSON text as signed, for storage or a cheaper hand-off to the worker. */
      payload: string;
      /** With keepExpired: the pack's `effective.to` when that day has passed. */
      expiredOn?: string;
    }
  | { ok: false; reason: RejectReason; message: string; details: FieldError[] };

export type Rejection = Extract<AcceptResult, { ok: false }>;

/** `specific` is language-neutral (versions, dates, sizes) and goes into both halves of the message. */
function reject(reason: RejectReason, details: FieldError[], specific?: string): Rejection {
  const { zh, en } = REJECT_MESSAGES[reason];
  const message = specific ? `${zh}（${specific}）/ ${en} (${specific})` : `${zh} / ${en}`;
  return { ok: false, reason, message, details };
}

const root = (message: string): FieldError[] => [{ path: '(root)', message }];

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4; // a surrogate pair; a lone surrogate counts 3, as TextEncoder writes U+FFFD
      i++;
    } else n += 3;
  }
  return n;
}

function byteLength(input: string | Uint8Array | ArrayBuffer): number {
  return typeof input === 'string' ? utf8Length(input) : input.byteLength;
}

// fatal: invalid UTF-8 is an error, not U+FFFD; ignoreBOM: a BOM stays in the text and is reported.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

type Step<T> = { ok: true; value: T } | Rejection;

function parseJson(text: string, what: string): Step<unknown> {
  if (text.charCodeAt(0) === 0xfeff) return reject('not-json', root(`${what} starts with a byte-order mark (U+FEFF)`));
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return reject('not-json', root(`${what}: ${(e as Error).message}`));
  }
}

function decode(input: string | Uint8Array | ArrayBuffer): Step<string> {
  if (typeof input === 'string') return { ok: true, value: input };
  try {
    return { ok: true, value: strictUtf8.decode(input) };
  } catch {
    return reject('not-json', root('the file is not UTF-8 text'));
  }
}

const looksLikePack = (raw: unknown): boolean =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw) && ('rules' in raw || 'schemaVersion' in raw);

/** The payload text and the key that signed it (null for a bare pack allowed by requireSignature: false). */
async function unwrap(raw: unknown, text: string, options: AcceptOptions): Promise<Step<{ payload: string; keyId: string | null }>> {
  if (!declaresSignedPack(raw)) {
    if (options.requireSignature === false) return { ok: true, value: { payload: text, keyId: null } };
    if (looksLikePack(raw)) return reject('unsigned', root('a bare pack without a signed envelope'));
    return reject('not-envelope', root('expected {format: "preflight-signed-pack", …}'));
  }
  const envelope = SignedPackSchema.safeParse(raw);
  if (!envelope.success) return reject('not-envelope', zodErrors(envelope.error));
  const verified = await verifySignedPack(envelope.data, options.trustedKeys);
  if (!verified.ok) return reject(verified.reason, root(verified.detail), verified.reason === 'unknown-key' ? envelope.data.keyId : undefined);
  return { ok: true, value: { payload: envelope.data.payload, keyId: verified.keyId } };
}

/** YYYY-MM-DD of `now` in the given zone (en-CA formats dates that way). */
function dateIn(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The pack's `effective.to` when that day is over (judged in `timeZone`, Beijing by default), else undefined. */
export function packExpiredOn(pack: Pick<Pack, 'effective'>, now: Date, timeZone = 'Asia/Shanghai'): string | undefined {
  const to = pack.effective?.to;
  return to !== undefined && to < dateIn(now, timeZone) ? to : undefined;
}

/** The highest of `packs` not withdrawn, or undefined. */
function highestKept(packs: readonly { id: string; version: string }[] | undefined, options: AcceptOptions): { id: string; version: string } | undefined {
  let best: { id: string; version: string } | undefined;
  for (const p of packs ?? []) {
    if (withdrawalOf(options.withdrawn, p)) continue;
    if (!best || compareVersions(p.version, best.version) > 0) best = p;
  }
  return best;
}

/** Rules about which pack may follow which, once the pack itself is known to be good. */
function checkPolicy(pack: AcceptedIdentity, options: AcceptOptions): Rejection | undefined {
  if (options.expectedId !== undefined && pack.id !== options.expectedId) {
    return reject('id-mismatch', [{ path: 'id', message: `expected ${options.expectedId}, got ${pack.id}` }], pack.id);
  }
  if (withdrawalOf(options.withdrawn, pack)) {
    return reject('withdrawn', [{ path: 'version', message: `${pack.id} ${pack.version} was withdrawn` }], `${pack.id} ${pack.version}`);
  }
  const active = options.active;
  if (active && withdrawalOf(options.withdrawn, active)) {
    // The active pack was a mistake: what came before it is the bar, and a pack equal to it is welcome back.
    const floor = highestKept(options.earlier, options);
    const movesId = floor !== undefined && floor.id !== pack.id && options.expectedId === pack.id;
    if (floor && !movesId && compareVersions(pack.version, floor.version) < 0) {
      return reject(
        'rollback',
        [{ path: 'version', message: `${pack.id} ${pack.version} is older than ${floor.id} ${floor.version}, in use before the withdrawn ${active.version}` }],
        `${pack.id} ${pack.version} < ${floor.id} ${floor.version}`,
      );
    }
  } else if (active && active.id === pack.id) {
    const order = compareVersions(pack.version, active.version);
    if (order < 0) return reject('rollback', [{ path: 'version', message: `${pack.version} is older than the active ${active.version}` }], `${pack.version} < ${active.version}`);
    if (order === 0) return reject('not-newer', [{ path: 'version', message: `${pack.version} is already active` }], pack.version);
  } else if (active && options.expectedId !== pack.id && compareVersions(pack.version, active.version) < 0) {
    // Another id does not make an older pack new: only the deployment naming this id (expectedId) moves to it.
    return reject(
      'rollback',
      [{ path: 'version', message: `${pack.id} ${pack.version} is older than the active ${active.id} ${active.version}` }],
      `${pack.id} ${pack.version} < ${active.id} ${active.version}`,
    );
  }
  const to = pack.effective?.to;
  if (to !== undefined && !options.keepExpired) {
    const today = dateIn(options.now, options.timeZone ?? 'Asia/Shanghai');
    if (to < today) return reject('expired', [{ path: 'effective.to', message: `ended ${to}; today is ${today}` }], `${to}`);
  }
  return undefined;
}

async function accept(input: string | Uint8Array | ArrayBuffer, options: AcceptOptions): Promise<AcceptResult> {
  const maxBytes = options.maxBytes ?? MAX_PACK_BYTES;
  // A string's UTF-8 form is at least as long as its code units: no need to count them all when that already exceeds the limit.
  const atLeast = typeof input === 'string' && input.length > maxBytes;
  const size = atLeast ? input.length : byteLength(input);
  if (size > maxBytes) return reject('oversized', root(`${atLeast ? 'at least ' : ''}${size} bytes; the limit is ${maxBytes}`), `> ${maxBytes} bytes`);

  const text = decode(input);
  if (!text.ok) return text;
  const outer = parseJson(text.value, 'the file');
  if (!outer.ok) return outer;
  const unwrapped = await unwrap(outer.value, text.value, options);
  if (!unwrapped.ok) return unwrapped;
  const { payload, keyId } = unwrapped.value;

  const raw = keyId === null ? outer : parseJson(payload, 'the signed payload');
  if (!raw.ok) return raw;
  const unsafe = findUnsafeJson(raw.value);
  if (unsafe) return reject('schema-invalid', [unsafe]);
  const validated = validatePack(raw.value);
  if (!validated.ok) return reject('schema-invalid', validated.errors);

  const refused = checkPolicy(validated.pack, options);
  if (refused) return refused;
  const expiredOn = packExpiredOn(validated.pack, options.now, options.timeZone);
  return { ok: true, pack: validated.pack, keyId, payload, ...(expiredOn !== undefined ? { expiredOn } : {}) };
}

/** What a stored pack was when it was accepted: enough to judge it again without reading it again. */
export type AcceptedIdentity = Pick<Pack, 'id' | 'version' | 'effective'>;

export type ReverifyResult = { ok: true; keyId: string | null; expiredOn?: string } | Rejection;

/**
 * The stored active pack at start, when its validated form was kept at acceptance (a pack image):
 * the envelope's signature is verified against the keys trusted now and the deployment's policy
 * applied to the identity recorded then — the payload, already validated, is not parsed again.
 * Expiry is reported, never rejected (as `keepExpired`). Never throws.
 */
export async function reverifyAcceptedPack(
  input: string,
  identity: AcceptedIdentity,
  options: Omit<AcceptOptions, 'keepExpired' | 'active'>,
): Promise<ReverifyResult> {
  try {
    const outer = parseJson(input, 'the file');
    if (!outer.ok) return outer;
    const unwrapped = await unwrap(outer.value, input, options);
    if (!unwrapped.ok) return unwrapped;
    const refused = checkPolicy(identity, { ...options, keepExpired: true });
    if (refused) return refused;
    const expiredOn = packExpiredOn(identity, options.now, options.timeZone);
    return { ok: true, keyId: unwrapped.value.keyId, ...(expiredOn !== undefined ? { expiredOn } : {}) };
  } catch (e) {
    return reject('internal-error', root(e instanceof Error ? e.message : String(e)));
  }
}

/** Decides whether a pack (a signed envelope, as bytes or text) may become active. Async for WebCrypto; never throws. */
export async function acceptPack(input: string | Uint8Array | ArrayBuffer, options: AcceptOptions): Promise<AcceptResult> {
  try {
    return await accept(input, options);
  } catch (e) {
    return reject('internal-error', root(e instanceof Error ? e.message : String(e)));
  }
}
