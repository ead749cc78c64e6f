import { beforeAll, describe, expect, it } from 'vitest';
import { acceptPack, REJECT_MESSAGES, REJECT_REASONS, type AcceptOptions, type AcceptResult, type RejectReason } from '../../../rules/pack/accept';
import { signPayload, serializeSignedPack } from '../../../rules/pack/signature';
import { newKey, signedText, smallRealPack, type TestKey } from './signed-fixtures';

let trusted: TestKey;
let stranger: TestKey;
beforeAll(async () => {
  [trusted, stranger] = await Promise.all([newKey(), newKey()]);
});

/** Noon in Beijing on 2026-11-25: far from a date boundary in any time zone's reading. */
const NOW = new Date('2026-11-25T04:00:00Z');
const options = (extra: Partial<AcceptOptions> = {}): AcceptOptions => ({ trustedKeys: [trusted.trusted], now: NOW, ...extra });

/** A small pack of real demo-pack rules; `edit` changes it before signing. */
function pack(edit: (p: any) => void = () => {}): any {
  const p = smallRealPack(30);
  p.version = '2026.11.2';
  edit(p);
  return p;
}

async function rejection(result: Promise<AcceptResult>, reason: RejectReason) {
  const r = await result;
  if (r.ok) throw new Error(`expected ${reason}, but the pack was accepted`);
  expect(r.reason, r.details.map((d) => `${d.path}: ${d.message}`).join('; ')).toBe(reason);
  expect(r.message).toContain(REJECT_MESSAGES[reason].zh);
  expect(r.message).toContain(REJECT_MESSAGES[reason].en);
  expect(r.details.length).toBeGreaterThan(0);
  return r;
}

describe('acceptPack: a good pack', () => {
  it('accepts a signed real pack given as text, bytes or an ArrayBuffer', async () => {
    const text = await signedText(pack(), trusted);
    const bytes = new TextEncoder().encode(text);
    for (const input of [text, bytes, bytes.buffer]) {
      const r = await acceptPack(input, options({ active: { id: 'demo-nhsa-2026', version: '2026.11.1' } }));
      expect(r).toMatchObject({ ok: true, keyId: trusted.publicKey.keyId, pack: { id: 'demo-nhsa-2026', version: '2026.11.2' } });
      if (r.ok) expect(r.pack.rules).toHaveLength(30);
    }
  });

  it('accepts a pack published ahead of its start date (the engine applies it from then)', async () => {
    const r = await acceptPack(await signedText(pack((p) => (p.effective = { from: '2027-01-01' })), trusted), options());
    expect(r).toMatchObject({ ok: true, pack: { effective: { from: '2027-01-01' } } });
  });

  it('compares versions numerically: 2026.11.10 is newer than 2026.11.9', async () => {
    const r = await acceptPack(await signedText(pack((p) => (p.version = '2026.11.10')), trusted), options({ active: { id: 'demo-nhsa-2026', version: '2026.11.9' } }));
    expect(r.ok).toBe(true);
  });

  it('takes a newer pack with another id; refuses any other id when an id is expected', async () => {
    const text = await signedText(pack((p) => ((p.id = 'hospital-pack'), (p.version = '2026.12.1'))), trusted);
    expect((await acceptPack(text, options({ active: { id: 'demo-nhsa-2026', version: '2026.11.1' } }))).ok).toBe(true);
    // The same version under another id is another pack, not a replay of this one.
    expect((await acceptPack(text, options({ active: { id: 'demo-nhsa-2026', version: '2026.12.1' } }))).ok).toBe(true);
    const r = await rejection(acceptPack(text, options({ expectedId: 'demo-nhsa-2026' })), 'id-mismatch');
    expect(r.details[0]).toMatchObject({ path: 'id' });
  });

  it('refuses an older pack under another id, unless the deployment now expects that id', async () => {
    const old = await signedText(pack((p) => ((p.id = 'hospital-pack'), (p.version = '2025.3.1'))), trusted);
    const active = { id: 'demo-nhsa-2026', version: '2026.11.1' };
    const r = await rejection(acceptPack(old, options({ active })), 'rollback');
    expect(r.message).toContain('hospital-pack 2025.3.1 < demo-nhsa-2026 2026.11.1');
    expect(r.details[0]).toMatchObject({ path: 'version' });
    // The deployment still expecting the active id: refused as well (by id).
    await rejection(acceptPack(old, options({ active, expectedId: 'demo-nhsa-2026' })), 'id-mismatch');
    // The deployment explicitly moved to the other id: its lower version is the way in.
    expect(await acceptPack(old, options({ active, expectedId: 'hospital-pack' }))).toMatchObject({ ok: true, pack: { id: 'hospital-pack', version: '2025.3.1' } });
  });

  it('accepts a bare pack only when signatures are not required, and still checks a signature that is there', async () => {
    const bare = JSON.stringify(pack());
    expect(await acceptPack(bare, options({ requireSignature: false }))).toMatchObject({ ok: true, keyId: null });
    const foreign = await signedText(pack(), stranger);
    await rejection(acceptPack(foreign, options({ requireSignature: false })), 'unknown-key');
  });
});

describe('acceptPack: each rejection reason', () => {
  it('oversized: counts UTF-8 bytes, not characters, against maxBytes', async () => {
    const text = await signedText(pack(), trusted);
    const bytes = new TextEncoder().encode(text).length;
    expect(bytes).toBeGreaterThan(text.length); // the real pack holds Chinese text
    expect((await acceptPack(text, options({ maxBytes: bytes }))).ok).toBe(true);
    await rejection(acceptPack(text, options({ maxBytes: bytes - 1 })), 'oversized');
    await rejection(acceptPack(new TextEncoder().encode(text), options({ maxBytes: bytes - 1 })), 'oversized');
    await rejection(acceptPack(text, options({ maxBytes: text.length - 1 })), 'oversized');
    // Characters outside the BMP are 4 bytes (one surrogate pair); lone surrogates 3, as TextEncoder writes them.
    for (const odd of ['𠀀限', '\ud800x', 'x\udc00', '\ud800\ud800']) {
      const size = new TextEncoder().encode(odd).length;
      await rejection(acceptPack(odd, options({ maxBytes: size - 1 })), 'oversized');
      expect(await acceptPack(odd, options({ maxBytes: size }))).toMatchObject({ ok: false, reason: 'not-json' });
    }
  });

  it('not-json: broken text, invalid UTF-8, a byte-order mark, an unsigned-payload that is not JSON', async () => {
    const text = await signedText(pack(), trusted);
    await rejection(acceptPack(text.slice(0, -10), options()), 'not-json');
    await rejection(acceptPack('', options()), 'not-json');
    await rejection(acceptPack(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), options()), 'not-json');
    const bom = await rejection(acceptPack(`\ufeff${text}`, options()), 'not-json');
    expect(bom.details[0]!.message).toContain('byte-order mark');
    await rejection(acceptPack(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]), options()), 'not-json');
    const payload = await rejection(acceptPack(await signedText('{"schemaVersion":1,', trusted), options()), 'not-json');
    expect(payload.details[0]!.message).toContain('signed payload');
  });

  it('not-envelope: JSON that is neither a signed pack nor a pack, and malformed envelopes', async () => {
    const envelope = JSON.parse(await signedText(pack(), trusted));
    await rejection(acceptPack('[1,2,3]', options()), 'not-envelope');
    await rejection(acceptPack('null', options()), 'not-envelope');
    await rejection(acceptPack('"pack"', options()), 'not-envelope');
    await rejection(acceptPack('{"hello":"world"}', options()), 'not-envelope');
    for (const field of ['signature', 'payload', 'keyId', 'algorithm', 'version']) {
      const { [field]: _dropped, ...rest } = envelope;
      const r = await rejection(acceptPack(JSON.stringify(rest), options()), 'not-envelope');
      expect(r.details.map((d) => d.path)).toContain(field);
    }
    await rejection(acceptPack(JSON.stringify({ ...envelope, format: 'preflight-pack' }), options()), 'not-envelope');
    await rejection(acceptPack(JSON.stringify({ ...envelope, version: 2 }), options()), 'not-envelope');
    await rejection(acceptPack(JSON.stringify({ ...envelope, note: 'extra' }), options()), 'not-envelope');
  });

  it('unsigned: a valid bare pack', async () => {
    await rejection(acceptPack(JSON.stringify(pack()), options()), 'unsigned');
  });

  it('unknown-key: signed by a key that is not trusted, or with no trusted keys', async () => {
    const r = await rejection(acceptPack(await signedText(pack(), stranger), options()), 'unknown-key');
    expect(r.message).toContain(stranger.publicKey.keyId);
    await rejection(acceptPack(await signedText(pack(), trusted), options({ trustedKeys: [] })), 'unknown-key');
  });

  it('bad-signature: a payload changed after signing, another key under the trusted keyId, a cut signature', async () => {
    const envelope = JSON.parse(await signedText(pack(), trusted));
    const raised = { ...envelope, payload: envelope.payload.replace('"maxDays":90', '"maxDays":900') };
    expect(raised.payload).not.toBe(envelope.payload);
    await rejection(acceptPack(JSON.stringify(raised), options()), 'bad-signature');
    const forged = { ...(await signPayload(envelope.payload, stranger.privateJwk)), keyId: trusted.publicKey.keyId };
    await rejection(acceptPack(serializeSignedPack(forged), options()), 'bad-signature');
    await rejection(acceptPack(JSON.stringify({ ...envelope, signature: envelope.signature.slice(0, 40) }), options()), 'bad-signature');
  });

  it('schema-invalid: names the field path, refuses prototype keys and over-deep nesting', async () => {
    const badParam = await rejection(acceptPack(await signedText(pack((p) => (p.rules[5].params = { maxDays: -3 })), trusted), options()), 'schema-invalid');
    expect(badParam.details.map((d) => d.path).some((path) => path.startsWith('rules[5].params'))).toBe(true);
    const version = await rejection(acceptPack(await signedText(pack((p) => (p.schemaVersion = 2)), trusted), options()), 'schema-invalid');
    expect(version.details[0]).toMatchObject({ path: 'schemaVersion' });
    // Written as text: JSON.parse makes "__proto__" an own key, as an attacker's file would.
    const proto = JSON.stringify(pack()).replace('"settings":{', '"settings":{"__proto__":{"polluted":true},');
    const polluted = await rejection(acceptPack(await signedText(proto, trusted), options()), 'schema-invalid');
    expect(polluted.details[0]).toMatchObject({ path: 'settings.__proto__' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const deep = await rejection(acceptPack(await signedText(pack((p) => (p.rules[0].params.extra = JSON.parse('['.repeat(100) + ']'.repeat(100)))), trusted), options()), 'schema-invalid');
    expect(deep.details[0]!.message).toContain('nested deeper');
  });

  it('rollback: an older version of the active pack; not-newer: the same version', async () => {
    const active = { id: 'demo-nhsa-2026', version: '2026.11.2' };
    const r = await rejection(acceptPack(await signedText(pack((p) => (p.version = '2026.11.1')), trusted), options({ active })), 'rollback');
    expect(r.message).toContain('2026.11.1 < 2026.11.2');
    await rejection(acceptPack(await signedText(pack((p) => (p.version = '2026.9.30')), trusted), options({ active })), 'rollback');
    await rejection(acceptPack(await signedText(pack(), trusted), options({ active })), 'not-newer');
    await rejection(acceptPack(await signedText(pack((p) => (p.version = '2026.11.2.0')), trusted), options({ active })), 'not-newer');
  });

  it('expired: the last effective day counts in Beijing time, inclusive', async () => {
    const text = await signedText(pack((p) => (p.effective = { from: '2026-01-01', to: '2026-11-30' })), trusted);
    // 2026-11-30 23:59:59 and 2026-12-01 00:00:00 in Beijing.
    expect((await acceptPack(text, options({ now: new Date('2026-11-30T15:59:59Z') }))).ok).toBe(true);
    const r = await rejection(acceptPack(text, options({ now: new Date('2026-11-30T16:00:00Z') })), 'expired');
    expect(r.details[0]).toMatchObject({ path: 'effective.to', message: expect.stringContaining('today is 2026-12-01') });
    expect((await acceptPack(text, options({ now: new Date('2026-11-30T16:00:00Z'), timeZone: 'UTC' }))).ok).toBe(true);
  });

  it('keepExpired (the stored pack at start): an expired pack is accepted and reported as expired', async () => {
    const text = await signedText(pack((p) => (p.effective = { from: '2026-01-01', to: '2026-11-30' })), trusted);
    const later = new Date('2026-12-05T04:00:00Z');
    await rejection(acceptPack(text, options({ now: later })), 'expired');
    expect(await acceptPack(text, options({ now: later, keepExpired: true }))).toMatchObject({ ok: true, expiredOn: '2026-11-30' });
    const inForce = await acceptPack(text, options({ keepExpired: true }));
    expect(inForce.ok && inForce.expiredOn).toBeUndefined();
    // Everything else is still checked.
    await rejection(acceptPack(text, options({ now: later, keepExpired: true, trustedKeys: [stranger.trusted] })), 'unknown-key');
  });

  it('gives every reason a Chinese and an English message', () => {
    for (const reason of REJECT_REASONS) {
      expect(REJECT_MESSAGES[reason].zh).toMatch(/[\u4e00-\u9fff]/);
      expect(REJECT_MESSAGES[reason].en).toMatch(/^[\x20-\x7e’]+$/);
    }
  });

  it('never throws, whatever it is given', async () => {
    const odd: unknown[] = [undefined, null, 42, {}, new Uint8Array(0), '   ', 'NaN', '{"format":"preflight-signed-pack"}'];
    for (const input of odd) {
      const r = await acceptPack(input as string, options());
      expect(r.ok, String(input)).toBe(false);
    }
    const badKey = { keyId: trusted.publicKey.keyId, key: {} as CryptoKey };
    await rejection(acceptPack(await signedText(pack(), trusted), options({ trustedKeys: [badKey] })), 'bad-signature');
  });
});
