import { beforeAll, describe, expect, it } from 'vitest';
import { acceptPack, REJECT_MESSAGES, type AcceptOptions, type RejectReason } from '../../../rules/pack/accept';
import { base64ToBytes, bytesToBase64 } from '../../../rules/pack/base64';
import { serializeSignedPack, signPayload, type SignedPack } from '../../../rules/pack/signature';
import { EngineHost } from '../../../workers/engine-host';
import { makeOrder } from '../../support/builders';
import { newKey, smallRealPack, type TestKey } from './signed-fixtures';

/**
 * A deterministic fuzz set of malformed and tampered packs, made from 50 real rules of the demo
 * pack. Every candidate goes through the path the background uses — acceptPack, then loadPack
 * only on ok — into an EngineHost holding a good pack, which must still hold it afterwards.
 */

const SEED = 0x5eed_2026;
const NOW = new Date('2026-11-25T04:00:00Z');
const PACK_ID = 'demo-nhsa-2026';
const ACTIVE_VERSION = '2026.11.1';
const CANDIDATE_VERSION = '2026.11.2';
const MAX_BYTES = 256 * 1024;

/** mulberry32: small, fast and the same on every platform. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: <T>(list: readonly T[]): T => list[int(list.length)]! };
}
type Rng = ReturnType<typeof rng>;

interface Candidate {
  category: string;
  expected: readonly RejectReason[];
  input: string | Uint8Array;
}

let trusted: TestKey;
let stranger: TestKey;
let base: any;
const utf8 = new TextEncoder();

const clone = (): any => structuredClone(base);
const sign = async (payload: string, key: TestKey = trusted): Promise<SignedPack> => signPayload(payload, key.privateJwk);
const signedPack = async (pack: unknown, key: TestKey = trusted): Promise<string> =>
  serializeSignedPack(await sign(typeof pack === 'string' ? pack : JSON.stringify(pack), key));

/** Sets an own property even for "__proto__", as JSON.parse does for a file that contains one. */
function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

/** Every object in a value (the pack itself, publisher, rules, params, match, settings …). */
function objectsIn(value: unknown, out: object[] = []): object[] {
  if (typeof value !== 'object' || value === null) return out;
  if (!Array.isArray(value)) out.push(value);
  for (const child of Object.values(value)) objectsIn(child, out);
  return out;
}

function nested(depth: number, leaf: unknown = 1): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { n: v };
  return v;
}

/** The JSON text of nested(depth), written directly: JSON.stringify itself overflows the stack on it. */
function nestedText(depth: number): string {
  const open: string[] = [];
  const close: string[] = [];
  for (let i = depth - 1; i >= 0; i--) {
    open.push(i % 2 ? '[' : '{"n":');
    close.push(i % 2 ? ']' : '}');
  }
  return `${open.join('')}1${close.reverse().join('')}`;
}

const REQUIRED_TOP = ['schemaVersion', 'id', 'version', 'publisher', 'rules'];
const REQUIRED_RULE = ['id', 'kind', 'match', 'params'];

function deleteRequired(r: Rng): any {
  const p = clone();
  const where = r.int(3);
  if (where === 0) delete p[r.pick(REQUIRED_TOP)];
  else if (where === 1) delete p.publisher.name;
  else delete p.rules[r.int(p.rules.length)][r.pick(REQUIRED_RULE)];
  return p;
}

/** Replaces a field with a value of the wrong type or shape; each entry is invalid whatever the rule. */
const SWAPS: ((p: any, r: Rng) => void)[] = [
  (p, r) => (p.version = r.pick([20261102, '2026-11-02', '', 'v2', '2026.11.x', null])),
  (p, r) => (p.id = r.pick([42, '', null, ['demo'], {}])),
  (p, r) => (p.publisher = r.pick(['本院', null, [], 1])),
  (p, r) => (p.publisher.name = r.pick([7, '', null, false])),
  (p, r) => (p.rules = r.pick([{}, 'rules', null, 3])),
  (p, r) => (p.rules[r.int(p.rules.length)] = r.pick(['rule', null, [], 0])),
  (p, r) => (p.rules[r.int(p.rules.length)].enabled = r.pick(['yes', 1, null])),
  (p, r) => (p.rules[r.int(p.rules.length)].severity = r.pick(['fatal', 3, ''])),
  (p, r) => (p.rules[r.int(p.rules.length)].interruptive = r.pick(['no', 0])),
  (p, r) => (p.rules[r.int(p.rules.length)].kind = r.pick(['colour', 7, '', null])),
  (p, r) => (p.rules[r.int(p.rules.length)].match = r.pick([[], 'XL', {}, null, { codes: [] }])),
  (p, r) => (p.rules[r.int(p.rules.length)].match.lineKinds = r.pick(['drug', ['pill'], [1]])),
  (p, r) => (p.rules[r.int(p.rules.length)].params = r.pick([[], 'x', null, 5])),
  (p, r) => (p.rules[r.int(p.rules.length)].effective = r.pick([{ from: '2026/01/01' }, { to: 20261231 }, 'always'])),
  (p, r) => (p.rules[r.int(p.rules.length)].id = r.pick(['', 0, null])),
  (p, r) => (p.rules[r.int(p.rules.length)].basis = r.pick([1, ['依据'], null])),
  (p, r) => (p.settings.dayLimits.outpatient = r.pick(['7', -1, 0, null])),
  (p, r) => (p.settings.childMaxAgeYears = r.pick([17.5, '17', -1])),
  (p, r) => (p.sources = r.pick(['x', [{ id: 1 }], [{ title: 'no id' }]])),
  (p, r) => (p.publishedAt = r.pick(['yesterday', '2026-11-25', 20261125])),
  (p, r) => (p.effective = r.pick([{ to: '2026-13-45x' }, [], 'forever'])),
  (p, r) => {
    const i = r.int(p.rules.length);
    const j = (i + 1 + r.int(p.rules.length - 1)) % p.rules.length;
    p.rules[j].id = p.rules[i].id; // duplicate rule id
  },
];

async function makeCandidates(): Promise<Candidate[]> {
  const r = rng(SEED);
  const out: Candidate[] = [];
  const add = (category: string, expected: readonly RejectReason[], input: string | Uint8Array) => out.push({ category, expected, input });
  const goodPayload = JSON.stringify(clone());
  const good = await sign(goodPayload);
  const goodText = serializeSignedPack(good);
  const envelope = (changes: Partial<Record<keyof SignedPack, unknown>>) => JSON.stringify({ ...good, ...changes });

  for (let i = 0; i < 150; i++) {
    const at = r.int(goodPayload.length);
    let replacement = String.fromCharCode(32 + r.int(95));
    if (replacement === goodPayload[at]) replacement = replacement === 'a' ? 'b' : 'a';
    add('payload character changed', ['bad-signature'], envelope({ payload: goodPayload.slice(0, at) + replacement + goodPayload.slice(at + 1) }));
  }
  const goodBytes = utf8.encode(goodText);
  for (let i = 0; i < 150; i++) {
    const bytes = goodBytes.slice();
    bytes[r.int(bytes.length - 1)]! ^= 1 << r.int(8); // the final newline is left alone: without it the file is still the same JSON
    add('envelope bit flipped', ['not-json', 'not-envelope', 'unknown-key', 'bad-signature'], bytes);
  }
  const signature = base64ToBytes(good.signature)!;
  for (let i = 0; i < 100; i++) {
    const flipped = signature.slice();
    flipped[r.int(flipped.length)]! ^= 1 << r.int(8);
    add('signature bit flipped', ['bad-signature'], envelope({ signature: bytesToBase64(flipped) }));
  }
  for (let i = 0; i < 30; i++) add('signature truncated', ['bad-signature'], envelope({ signature: good.signature.slice(0, 1 + r.int(good.signature.length - 1)) }));

  for (let i = 0; i < 20; i++) add('signed by an untrusted key', ['unknown-key'], await signedPack(clone(), stranger));
  for (let i = 0; i < 20; i++) {
    add('untrusted key under the trusted keyId', ['bad-signature'], serializeSignedPack({ ...(await sign(goodPayload, stranger)), keyId: trusted.publicKey.keyId }));
  }
  for (let i = 0; i < 20; i++) {
    const keyId = Array.from({ length: 16 }, () => '0123456789abcdef'[r.int(16)]).join('');
    add('random keyId', ['unknown-key'], envelope({ keyId }));
  }

  for (let i = 0; i < 120; i++) add('required field deleted', ['schema-invalid'], await signedPack(deleteRequired(r)));
  for (let i = 0; i < 130; i++) {
    const p = clone();
    r.pick(SWAPS)(p, r);
    add('type swapped', ['schema-invalid'], await signedPack(p));
  }

  for (let i = 0; i < 20; i++) {
    const p = clone();
    p.rules[r.int(p.rules.length)].text = '限'.repeat(MAX_BYTES / 3 + 1 + r.int(1000));
    add('huge string in a rule', ['oversized'], await signedPack(p));
  }
  for (let i = 0; i < 20; i++) {
    const field = r.pick(['keyId', 'signature', 'algorithm', 'format'] as const);
    add('huge string in the envelope', ['not-envelope'], envelope({ [field]: 'A'.repeat(1000 + r.int(100_000)) }));
  }

  for (let i = 0; i < 30; i++) {
    const p = clone();
    setOwn(r.pick(objectsIn(p)), r.pick(['extra', 'x', 'z']), nested(33 + r.int(3000)));
    add('deep nesting inside the pack', ['schema-invalid'], await signedPack(p));
  }
  for (let i = 0; i < 10; i++) add('deep nesting as the payload', ['schema-invalid'], await signedPack(nestedText(1000 + r.int(50_000))));
  for (let i = 0; i < 10; i++) add('deep nesting in the envelope', ['not-envelope'], envelope({ payload: 0 }).replace('"payload":0', `"payload":${nestedText(1000 + r.int(50_000))}`));

  for (let i = 0; i < 60; i++) {
    const p = clone();
    const key = r.pick(['__proto__', 'constructor', 'prototype']);
    const value = r.pick([{ polluted: true }, { prototype: { polluted: true } }, 1, 'x', null]);
    setOwn(r.pick(objectsIn(p)), key, value);
    add('prototype key in the pack', ['schema-invalid'], await signedPack(p));
  }
  for (let i = 0; i < 10; i++) {
    const e: any = { ...good };
    setOwn(e, r.pick(['__proto__', 'constructor']), { polluted: true });
    add('prototype key in the envelope', ['not-envelope'], JSON.stringify(e));
  }

  for (const schemaVersion of [0, 2, 3, 99, -1, 1.5, '1', null, true, [], {}, '']) add('wrong schemaVersion', ['schema-invalid'], await signedPack({ ...clone(), schemaVersion }));
  for (let i = 0; i < 10; i++) add('wrong schemaVersion', ['schema-invalid'], await signedPack({ ...clone(), schemaVersion: 2 + r.int(1000) }));
  add('schemaVersion missing', ['schema-invalid'], await signedPack({ ...clone(), schemaVersion: undefined }));

  const olderVersions = () => r.pick([`2026.${1 + r.int(10)}.${r.int(40)}`, `${2000 + r.int(26)}.${r.int(13)}.${r.int(30)}`, '2026.11.0', '2026.11.0.9', '2026', '1', '0']);
  for (let i = 0; i < 60; i++) add('rollback to an older version', ['rollback'], await signedPack({ ...clone(), version: olderVersions() }));
  for (const version of ['2026.11.1', '2026.11.1.0']) add('same version again', ['not-newer'], await signedPack({ ...clone(), version }));
  // A leading zero would be a second spelling of a version: refused by the schema itself.
  for (const version of ['2026.11.01', '02026.11.1']) add('same version, another spelling', ['schema-invalid'], await signedPack({ ...clone(), version }));

  for (let i = 0; i < 40; i++) {
    const to = `20${10 + r.int(16)}-${String(1 + r.int(12)).padStart(2, '0')}-${String(1 + r.int(28)).padStart(2, '0')}`;
    const expired = to < '2026-11-25' ? to : '2026-11-24';
    add('expired', ['expired'], await signedPack({ ...clone(), effective: { from: '2010-01-01', to: expired } }));
  }

  for (let i = 0; i < 30; i++) add('oversized payload', ['oversized'], await signedPack(goodPayload + ' '.repeat(MAX_BYTES + r.int(MAX_BYTES))));

  const envelopeFields = ['format', 'version', 'keyId', 'algorithm', 'signature', 'payload'] as const;
  for (let i = 0; i < 30; i++) {
    const e: any = { ...good };
    for (let n = 1 + r.int(3); n > 0; n--) delete e[r.pick(envelopeFields)];
    add('envelope field missing', ['not-envelope'], JSON.stringify(e));
  }
  const wrongFields: Partial<Record<keyof SignedPack, unknown>>[] = [
    { format: 'preflight-pack' }, { format: 'PREFLIGHT-SIGNED-PACK' }, { format: null }, { version: 2 }, { version: '1' }, { version: 0 },
    { algorithm: 'RSA-PSS' }, { algorithm: 'ed25519' }, { keyId: 12 }, { keyId: trusted.publicKey.keyId.toUpperCase() },
    { signature: '' }, { signature: 64 }, { payload: null }, { payload: JSON.parse(goodPayload) }, { payload: 1 },
  ];
  for (const changes of wrongFields) add('envelope field wrong', ['not-envelope'], envelope(changes));

  for (let i = 0; i < 30; i++) {
    const bytes = new Uint8Array(1 + r.int(500));
    for (let b = 0; b < bytes.length; b++) bytes[b] = r.int(256);
    add('random bytes', ['not-json', 'not-envelope'], bytes);
  }
  for (let i = 0; i < 20; i++) add('truncated file', ['not-json'], goodText.slice(0, r.int(goodText.length - 2)));
  for (let i = 0; i < 10; i++) {
    const bytes = goodBytes.slice();
    bytes[20 + r.int(bytes.length - 40)] = r.pick([0xff, 0xfe, 0xc0, 0xc1, 0xf8]); // bytes that never occur in UTF-8
    add('invalid UTF-8', ['not-json'], bytes);
  }

  add('BOM before the envelope (text)', ['not-json'], `\ufeff${goodText}`);
  add('BOM before the envelope (bytes)', ['not-json'], new Uint8Array([0xef, 0xbb, 0xbf, ...goodBytes]));
  add('BOM at the start of the signed payload', ['not-json'], await signedPack(`\ufeff${goodPayload}`));
  const utf16 = new Uint8Array(2 + goodText.length * 2);
  utf16.set([0xff, 0xfe]);
  for (let i = 0; i < goodText.length; i++) utf16.set([goodText.charCodeAt(i) & 0xff, goodText.charCodeAt(i) >> 8], 2 + i * 2);
  add('UTF-16 file with BOM', ['not-json'], utf16);

  const numbers = [...goodPayload.matchAll(/:(\d+)(?=[,}\]])/g)];
  for (let i = 0; i < 40; i++) {
    const m = r.pick(numbers);
    const start = m.index! + 1;
    const spelled = r.pick(['NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '"NaN"', '"Infinity"', 'undefined']);
    const payload = goodPayload.slice(0, start) + spelled + goodPayload.slice(start + m[1]!.length);
    add('NaN / Infinity for a number', ['not-json', 'schema-invalid'], await signedPack(payload));
  }

  for (let i = 0; i < 20; i++) add('bare pack, not signed', ['unsigned'], JSON.stringify({ ...clone(), version: `2026.12.${1 + i}` }));
  for (let i = 0; i < 20; i++) add('another pack id', ['id-mismatch'], await signedPack({ ...clone(), id: `other-pack-${r.int(1000)}` }));
  for (let i = 0; i < 10; i++) {
    const at = 10 + r.int(goodPayload.length - 20);
    const lone = goodText.replace(JSON.stringify(goodPayload), JSON.stringify(goodPayload.slice(0, at) + '\ud800' + goodPayload.slice(at)));
    add('lone surrogate in the payload', ['bad-signature'], lone);
  }
  return out;
}

describe('fuzzed packs', () => {
  let candidates: Candidate[];
  let options: AcceptOptions;
  beforeAll(async () => {
    [trusted, stranger] = await Promise.all([newKey(), newKey()]);
    base = { ...smallRealPack(50), id: PACK_ID, version: CANDIDATE_VERSION };
    candidates = await makeCandidates();
    options = { trustedKeys: [trusted.trusted], active: { id: PACK_ID, version: ACTIVE_VERSION }, now: NOW, maxBytes: MAX_BYTES, expectedId: PACK_ID };
  });

  it('makes at least 1,000 candidates in over 30 categories', async () => {
    expect(candidates.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(candidates.map((c) => c.category)).size).toBeGreaterThanOrEqual(30);
  });

  it('rejects every candidate with an expected reason and a message, and the active pack stays', async () => {
    const host = new EngineHost({ now: () => NOW });
    const active = await acceptPack(await signedPack({ ...clone(), version: ACTIVE_VERSION }), { ...options, active: undefined });
    if (!active.ok) throw new Error(`the good pack was rejected: ${active.message}`);
    expect(host.loadPack(active.pack)).toMatchObject({ ok: true, version: ACTIVE_VERSION });
    // The unmodified candidate is accepted by the same options: rejections below are the mutations' doing.
    expect(await acceptPack(await signedPack(clone()), options)).toMatchObject({ ok: true, pack: { version: CANDIDATE_VERSION } });

    const sex = base.rules.find((rule: any) => rule.kind === 'sex' && rule.match.codes?.length);
    const order = makeOrder({
      patient: { sex: sex.params.allowed === 'M' ? 'F' : 'M' },
      lines: [{ id: '1', code: sex.match.codes[0], name: sex.name, kind: 'drug' }],
    });
    const findingsBefore = host.check(order);
    const statusBefore = host.status();
    expect(findingsBefore).toMatchObject({ ok: true, result: { findings: expect.arrayContaining([expect.objectContaining({ ruleId: sex.id, kind: 'sex' })]) } });

    const counts = new Map<string, Map<string, number>>();
    const unexpected: string[] = [];
    for (const [i, candidate] of candidates.entries()) {
      const result = await acceptPack(candidate.input, options);
      if (result.ok) {
        host.loadPack(result.pack); // what the background would do: must never happen here
        unexpected.push(`#${i} ${candidate.category}: accepted`);
        continue;
      }
      if (!candidate.expected.includes(result.reason)) unexpected.push(`#${i} ${candidate.category}: ${result.reason} ${JSON.stringify(result.details[0])}`);
      if (!result.message.includes(REJECT_MESSAGES[result.reason].zh) || result.details.length === 0) unexpected.push(`#${i}: no message or details`);
      const byReason = counts.get(candidate.category) ?? new Map<string, number>();
      byReason.set(result.reason, (byReason.get(result.reason) ?? 0) + 1);
      counts.set(candidate.category, byReason);
    }
    expect(unexpected).toEqual([]);
    expect(host.status()).toEqual(statusBefore);
    const findingsAfter = host.check(order);
    if (!findingsAfter.ok || !findingsBefore.ok) throw new Error('the engine stopped checking');
    expect({ ...findingsAfter.result, elapsedMs: 0 }).toEqual({ ...findingsBefore.result, elapsedMs: 0 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (process.env.FUZZ_REPORT) {
      for (const [category, byReason] of counts) console.log(`${category}: ${[...byReason].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    }
  });
});
