import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { extensionIdOfPem, idFromBytes, readCrx3 } from '../../../scripts/package/crx';
import { HUB_TOKEN_PLACEHOLDER, parseTrustedKeys, policyExample, TRUSTED_KEY_PLACEHOLDER } from '../../../scripts/package/deployment-files';
import { normaliseBaseUrl, packageExtension } from '../../../scripts/package/package-extension';
import { parseDeployment } from '../../../settings/deployment';
import { generateSigningKeys } from '../../../rules/pack/signature';

/**
 * `npm run package` on a small extension, packed by the real Chromium: the id in update.xml and the
 * policy is the one inside the signed CRX, the key is made once and reused, and the example policy
 * holds only settings the extension's managed schema declares.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CHROMIUM = process.env.PREFLIGHT_CHROMIUM ?? '/usr/bin/chromium';

describe('extension ids', () => {
  it('spells the first 16 bytes of the key hash with a–p', () => {
    expect(idFromBytes(Uint8Array.from([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10]))).toBe('abcdefghijklmnopponmlkjihgfedcba');
  });

  it('derives the id from the public key of a PEM private key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const expected = idFromBytes(createHash('sha256').update(der).digest().subarray(0, 16));
    expect(extensionIdOfPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toBe(expected);
  });
});

describe('base URLs', () => {
  it('ends the base URL with a slash and refuses what is not http(s)', () => {
    expect(normaliseBaseUrl('https://h.example/extension')).toBe('https://h.example/extension/');
    expect(normaliseBaseUrl('http://10.0.0.5:8080/')).toBe('http://10.0.0.5:8080/');
    expect(() => normaliseBaseUrl('ftp://h.example/')).toThrow(/http/);
    expect(() => normaliseBaseUrl('https://h.example/x?y=1')).toThrow(/query/);
    expect(() => normaliseBaseUrl('not a url')).toThrow(/invalid/);
  });
});

describe('the example policy', () => {
  const schema = JSON.parse(readFileSync(path.join(ROOT, 'public/managed_schema.json'), 'utf8')) as { properties: Record<string, unknown> };

  it('names only settings of the managed schema, and all of them read back once the placeholders are filled', async () => {
    const key = await generateSigningKeys();
    const policy = policyExample({ appId: 'a'.repeat(32), updateXmlUrl: 'https://h.example/extension/update.xml', hubUrl: 'https://h.example/', trustedKeys: [key.publicKey] });
    expect(policy.ExtensionInstallForcelist).toEqual([`${'a'.repeat(32)};https://h.example/extension/update.xml`]);
    const settings = (policy['3rdparty'] as { extensions: Record<string, Record<string, unknown>> }).extensions['a'.repeat(32)]!;
    for (const name of Object.keys(settings)) expect(Object.keys(schema.properties), name).toContain(name);
    expect(settings.packUpdateUrl).toBe('https://h.example/api/v1/packs/latest');
    const filled = { ...settings, hubToken: 'pfh_0123456789abcdef_' + 'x'.repeat(43) };
    expect(Object.keys(parseDeployment(filled)).sort()).toEqual(Object.keys(settings).sort());
  });

  it('keeps placeholders the extension refuses, so an unedited example uploads nothing and trusts no key', () => {
    const policy = policyExample({ appId: 'b'.repeat(32), updateXmlUrl: 'https://h.example/u.xml', hubUrl: 'https://h.example', trustedKeys: undefined });
    const settings = (policy['3rdparty'] as { extensions: Record<string, Record<string, unknown>> }).extensions['b'.repeat(32)]!;
    expect(settings.trustedKeys).toEqual([TRUSTED_KEY_PLACEHOLDER]);
    expect(settings.hubToken).toBe(HUB_TOKEN_PLACEHOLDER);
    const read = parseDeployment(settings);
    expect(read.hubToken).toBeUndefined();
    expect(read.hospitalName).toBe('某市第一人民医院');
  });

  it('reads the hub key file as `hub key show` prints it, one key or several', async () => {
    const one = (await generateSigningKeys()).publicKey;
    const two = (await generateSigningKeys()).publicKey;
    expect(parseTrustedKeys(JSON.stringify(one), 'k.json')).toEqual([one]);
    expect(parseTrustedKeys(JSON.stringify([one, two]), 'k.json')).toEqual([one, two]);
    expect(() => parseTrustedKeys('{"kty":"RSA"}', 'k.json')).toThrow(/key show/);
  });
});

describe.skipIf(!existsSync(CHROMIUM))('packing with Chromium', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'package-test-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const extensionDir = path.join(work, 'ext');
  mkdirSync(extensionDir);
  writeFileSync(path.join(extensionDir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: '测试', version: '1.2.3', background: { service_worker: 'sw.js' } }));
  writeFileSync(path.join(extensionDir, 'sw.js'), '// empty\n');
  const keyPath = path.join(work, 'keys', 'extension.pem');
  const base = 'https://preflight.hospital.example/extension';

  it('writes a CRX3 whose signed id is the key id, update.xml and the policy naming it, and a key only its owner reads', () => {
    const result = packageExtension({ extensionDir, outDir: path.join(work, 'out'), keyPath, baseUrl: base, chromium: CHROMIUM });
    expect(result.keyCreated).toBe(true);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    const pem = readFileSync(keyPath, 'utf8');
    expect(result.id).toBe(extensionIdOfPem(pem));

    const bytes = readFileSync(result.crxPath);
    const crx = readCrx3(bytes);
    expect(crx.id).toBe(result.id);
    expect(crx.proofs).toContainEqual({ id: result.id, valid: true });
    const manifest = JSON.parse(strFromU8(unzipSync(new Uint8Array(crx.archive))['manifest.json']!)) as Record<string, unknown>;
    expect(manifest.update_url).toBe(`${base}/update.xml`);
    expect(manifest.version).toBe('1.2.3');

    const xml = readFileSync(result.updateXmlPath, 'utf8');
    expect(xml).toContain(`appid='${result.id}'`);
    expect(xml).toContain(`codebase='${base}/preflight-1.2.3.crx'`);
    expect(xml).toContain(`version='1.2.3'`);
    expect(xml).toContain(`hash_sha256='${createHash('sha256').update(bytes).digest('hex')}'`);
    const policy = JSON.parse(readFileSync(result.policyPath, 'utf8')) as { ExtensionInstallForcelist: string[] };
    expect(policy.ExtensionInstallForcelist).toEqual([`${result.id};${base}/update.xml`]);
    // Nothing secret among the files to publish.
    expect(readFileSync(result.crxPath).includes(pem.split('\n')[1]!)).toBe(false);
  }, 60_000);

  it('packs the next release with the same key under the same id', () => {
    const first = extensionIdOfPem(readFileSync(keyPath, 'utf8'));
    writeFileSync(path.join(extensionDir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: '测试', version: '1.2.4', background: { service_worker: 'sw.js' } }));
    const result = packageExtension({ extensionDir, outDir: path.join(work, 'out'), keyPath, baseUrl: base, chromium: CHROMIUM });
    expect(result.keyCreated).toBe(false);
    expect(result.id).toBe(first);
    expect(readCrx3(readFileSync(result.crxPath)).id).toBe(first);
    expect(readFileSync(result.updateXmlPath, 'utf8')).toContain(`version='1.2.4'`);
  }, 60_000);

  it('finds a CRX whose archive was altered after signing', () => {
    const bytes = Buffer.from(readFileSync(path.join(work, 'out', 'preflight-1.2.4.crx')));
    bytes[bytes.length - 30] = bytes[bytes.length - 30]! ^ 0xff;
    expect(readCrx3(bytes).proofs.every((p) => !p.valid)).toBe(true);
    expect(() => readCrx3(Buffer.from('PK\x03\x04 not a crx'))).toThrow(/Cr24/);
  });

  it('refuses a key path inside the repository that git would commit, before making the key', () => {
    const inRepo = path.join(ROOT, 'scripts', 'package', `would-be-committed-${process.pid}.pem`);
    expect(() => packageExtension({ extensionDir, outDir: path.join(work, 'out2'), keyPath: inRepo, baseUrl: base, chromium: CHROMIUM, repoRoot: ROOT })).toThrow(/会被提交/);
    expect(existsSync(inRepo)).toBe(false);
  });
});
