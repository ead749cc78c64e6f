import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTrustedKey } from '../../rules/pack/signature';
import { SignedWithdrawalSchema, verifyWithdrawal } from '../../rules/pack/withdrawal';
import { parseArgs } from '../../cli/args';
import { run, tempDir } from './pack-run';

const dir = tempDir('preflight-withdraw-notice-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => path.join(dir, name);

beforeAll(async () => {
  const keygen = await run(['pack', 'keygen', '-o', at('hospital')]);
  expect(keygen.code, keygen.stderr).toBe(0);
});

async function trustedHospitalKey() {
  const imported = await importTrustedKey(JSON.parse(readFileSync(at('hospital.public.json'), 'utf8')));
  if (!imported.ok) throw new Error(imported.error);
  return imported.value;
}

describe('preflight pack withdraw-notice', () => {
  it('writes a notice signed with the pack key that a workstation verifies with the public key', async () => {
    const r = await run(['pack', 'withdraw-notice', '--pack-id', 'demo-nhsa-2026', '--version', '20261201', '--key', at('hospital.private.jwk'), '--reason', '版本号输错，应为 2026.12.1', '-o', at('notice.json')]);
    expect(r.code, r.stderr).toBe(0);
    const { keyId } = JSON.parse(readFileSync(at('hospital.public.json'), 'utf8'));
    expect(r.stdout).toContain(`withdrawal of demo-nhsa-2026 20261201 signed with key ${keyId} → ${at('notice.json')}`);
    const envelope = SignedWithdrawalSchema.parse(JSON.parse(readFileSync(at('notice.json'), 'utf8')));
    const verdict = await verifyWithdrawal(envelope, [await trustedHospitalKey()]);
    expect(verdict).toMatchObject({ ok: true, notice: { packId: 'demo-nhsa-2026', version: '20261201', reason: '版本号输错，应为 2026.12.1' } });
    expect(verdict.ok && Date.parse(verdict.notice.withdrawnAt)).toBeGreaterThan(Date.parse('2026-01-01'));
  });

  it('prints the notice without -o, with a default reason', async () => {
    const r = await run(['pack', 'withdraw-notice', '--pack-id', 'demo-nhsa-2026', '--version', '2026.12.2', '--key', at('hospital.private.jwk')]);
    expect(r.code, r.stderr).toBe(0);
    const verdict = await verifyWithdrawal(JSON.parse(r.stdout), [await trustedHospitalKey()]);
    expect(verdict).toMatchObject({ ok: true, notice: { version: '2026.12.2', reason: expect.stringContaining('发布有误') } });
  });

  it('refuses a malformed version, an invisible character in the id, a public key and missing options', async () => {
    const base = ['pack', 'withdraw-notice', '--key', at('hospital.private.jwk')];
    const badVersion = await run([...base, '--pack-id', 'demo-nhsa-2026', '--version', '2026.12.01']);
    expect([badVersion.code, badVersion.stderr]).toEqual([2, expect.stringContaining('--version 2026.12.01')]);
    const badId = await run([...base, '--pack-id', 'demo\u200bnhsa', '--version', '2026.12.1']);
    expect([badId.code, badId.stderr]).toEqual([2, expect.stringContaining('--pack-id')]);
    const publicKey = await run(['pack', 'withdraw-notice', '--pack-id', 'p', '--version', '1', '--key', at('hospital.public.json')]);
    expect([publicKey.code, publicKey.stderr]).toEqual([2, expect.stringContaining('not a private Ed25519 JWK')]);
    expect(parseArgs(['pack', 'withdraw-notice', '--version', '1', '--key', 'k'])).toMatchObject({ ok: false, error: expect.stringContaining('--pack-id') });
    expect(parseArgs(['pack', 'withdraw-notice', '--pack-id', 'p', '--version', '1'])).toMatchObject({ ok: false, error: expect.stringContaining('--key') });
    expect(parseArgs(['pack', 'withdraw-notice', 'file.json', '--pack-id', 'p', '--version', '1', '--key', 'k'])).toMatchObject({ ok: false });
  });
});
