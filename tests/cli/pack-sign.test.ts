import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptPack } from '../../rules/pack/accept';
import { importTrustedKey, SignedPackSchema } from '../../rules/pack/signature';
import { DEMO_PACK, run, tempDir } from './pack-run';

const dir = tempDir('preflight-pack-sign-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => path.join(dir, name);

/** A small real pack: the demo pack's pack fields with its first 40 rules. */
function writePack(name: string, edit: (pack: any) => void = () => {}): string {
  const pack = JSON.parse(readFileSync(DEMO_PACK, 'utf8'));
  pack.rules = pack.rules.slice(0, 40);
  edit(pack);
  writeFileSync(at(name), JSON.stringify(pack));
  return at(name);
}

beforeAll(async () => {
  const [alice, bob] = await Promise.all([run(['pack', 'keygen', '-o', at('alice')]), run(['pack', 'keygen', '-o', at('bob')])]);
  expect(alice.code, alice.stderr).toBe(0);
  expect(bob.code, bob.stderr).toBe(0);
});

describe('preflight pack keygen', () => {
  it('writes a private JWK readable only by its owner and a public key file named by its keyId', () => {
    const publicKey = JSON.parse(readFileSync(at('alice.public.json'), 'utf8'));
    const privateJwk = JSON.parse(readFileSync(at('alice.private.jwk'), 'utf8'));
    expect(privateJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), d: expect.any(String) });
    expect(statSync(at('alice.private.jwk')).mode & 0o077).toBe(0);
    const raw = Buffer.from(publicKey.publicKey, 'base64');
    expect(raw).toHaveLength(32);
    expect(Buffer.from(privateJwk.x, 'base64url')).toEqual(raw);
    expect(publicKey.keyId).toBe(createHash('sha256').update(raw).digest('hex').slice(0, 16));
    const other = JSON.parse(readFileSync(at('bob.public.json'), 'utf8'));
    expect(other.keyId).not.toBe(publicKey.keyId);
  });

  it('never overwrites an existing key', async () => {
    const before = readFileSync(at('alice.private.jwk'), 'utf8');
    const r = await run(['pack', 'keygen', '-o', at('alice')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists');
    expect(readFileSync(at('alice.private.jwk'), 'utf8')).toBe(before);
  });
});

describe('preflight pack sign', () => {
  it('signs the pack text as it is; the extension accepts the result with the public key', async () => {
    const packFile = writePack('good.json');
    const r = await run(['pack', 'sign', packFile, '--key', at('alice.private.jwk'), '-o', at('good.signed.json')]);
    expect(r.code, r.stderr).toBe(0);
    const { keyId } = JSON.parse(readFileSync(at('alice.public.json'), 'utf8'));
    expect(r.stdout).toContain(`signed demo-nhsa-2026 2026.11.1 (40 rules) with key ${keyId}`);
    const text = readFileSync(at('good.signed.json'), 'utf8');
    const envelope = SignedPackSchema.parse(JSON.parse(text));
    expect(envelope.payload).toBe(readFileSync(packFile, 'utf8'));
    const trusted = await importTrustedKey(JSON.parse(readFileSync(at('alice.public.json'), 'utf8')));
    if (!trusted.ok) throw new Error(trusted.error);
    const accepted = await acceptPack(text, { trustedKeys: [trusted.value], now: new Date() });
    expect(accepted).toMatchObject({ ok: true, keyId, pack: { id: 'demo-nhsa-2026' } });
  });

  it('refuses an invalid pack, an already signed pack, a public key and an expired pack, writing nothing', async () => {
    const invalid = writePack('invalid.json', (p) => (p.rules[3].severity = 'fatal'));
    const expired = writePack('expired.json', (p) => (p.effective = { to: '2020-12-31' }));
    const cases: [string[], string][] = [
      [[invalid, '--key', at('alice.private.jwk')], 'rules[3].severity'],
      [[at('good.signed.json'), '--key', at('alice.private.jwk')], 'already a signed pack'],
      [[writePack('ok.json'), '--key', at('alice.public.json')], 'not a private Ed25519 JWK'],
      [[expired, '--key', at('alice.private.jwk')], '(expired)'],
      [[at('missing.json'), '--key', at('alice.private.jwk')], 'cannot read pack'],
    ];
    const results = await Promise.all(cases.map(([args], i) => run(['pack', 'sign', ...args, '-o', at(`not-written-${i}.json`)])));
    results.forEach((r, i) => {
      expect(r.code, cases[i]![0].join(' ')).toBe(2);
      expect(r.stderr).toContain(cases[i]![1]);
      expect(existsSync(at(`not-written-${i}.json`))).toBe(false);
    });
  });
});

describe('preflight pack validate with signed packs', () => {
  it('validates the payload and says whether the signature was verified', async () => {
    const [unverified, verified] = await Promise.all([
      run(['pack', 'validate', at('good.signed.json')]),
      run(['pack', 'validate', at('good.signed.json'), '--key', at('alice.public.json')]),
    ]);
    expect(unverified.code).toBe(0);
    expect(unverified.stdout).toMatch(/^ok: demo-nhsa-2026 2026\.11\.1, 40 rules .*signature NOT verified/);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/signed by key [0-9a-f]{16}, verified/);
  });

  it('rejects another key, a tampered payload and an unsigned pack when a key is given', async () => {
    const envelope = JSON.parse(readFileSync(at('good.signed.json'), 'utf8'));
    const tamperedPayload = envelope.payload.replace(/"severity":"(warning|critical)"/, '"severity":"info"');
    expect(tamperedPayload).not.toBe(envelope.payload);
    envelope.payload = tamperedPayload;
    writeFileSync(at('tampered.signed.json'), JSON.stringify(envelope));
    const [wrongKey, tampered, unsigned] = await Promise.all([
      run(['pack', 'validate', at('good.signed.json'), '--key', at('bob.public.json')]),
      run(['pack', 'validate', at('tampered.signed.json'), '--key', at('alice.public.json')]),
      run(['pack', 'validate', writePack('bare.json'), '--key', at('alice.public.json')]),
    ]);
    expect(wrongKey).toMatchObject({ code: 2, stderr: expect.stringContaining('rejected (unknown-key)') });
    expect(tampered).toMatchObject({ code: 2, stderr: expect.stringContaining('rejected (bad-signature)') });
    expect(tampered.stderr).toContain('签名校验失败');
    expect(unsigned).toMatchObject({ code: 2, stderr: expect.stringContaining('rejected (unsigned)') });
  });

  it('names the field path of an invalid payload inside a signed pack', async () => {
    const envelope = JSON.parse(readFileSync(at('good.signed.json'), 'utf8'));
    const pack = JSON.parse(envelope.payload);
    pack.version = 'v2';
    writeFileSync(at('bad-payload.signed.json'), JSON.stringify({ ...envelope, payload: JSON.stringify(pack) }));
    const r = await run(['pack', 'validate', at('bad-payload.signed.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(': version: ');
  });
});
