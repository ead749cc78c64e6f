import { beforeAll, describe, expect, it } from 'vitest';
import { acceptPack, type AcceptOptions } from '../../../rules/pack/accept';
import { SignedPackSchema, signPayload } from '../../../rules/pack/signature';
import {
  serializeSignedWithdrawal,
  signWithdrawal,
  verifyWithdrawal,
  withdrawalOf,
  type SignedWithdrawal,
  type WithdrawalNotice,
} from '../../../rules/pack/withdrawal';
import { newKey, signedText, smallRealPack, type TestKey } from './signed-fixtures';

/**
 * Signed withdrawal notices (issue #13 R5): what verifies, what does not, and how a verified
 * notice changes which pack a workstation accepts — and how little an unverified one changes.
 */

let hospital: TestKey;
let stranger: TestKey;
beforeAll(async () => {
  [hospital, stranger] = await Promise.all([newKey(), newKey()]);
});

const NOW = new Date('2026-12-06T04:00:00Z');
const ID = 'demo-nhsa-2026';
const notice = (version: string, key = hospital, packId = ID): Promise<SignedWithdrawal> =>
  signWithdrawal({ packId, version, withdrawnAt: '2026-12-02T09:00:00+08:00', reason: '版本号输错，应为 2026.12.1' }, key.privateJwk);

async function verifiedNotices(...envelopes: SignedWithdrawal[]): Promise<WithdrawalNotice[]> {
  const out: WithdrawalNotice[] = [];
  for (const envelope of envelopes) {
    const verdict = await verifyWithdrawal(envelope, [hospital.trusted]);
    if (!verdict.ok) throw new Error(verdict.message);
    out.push(verdict.notice);
  }
  return out;
}

function packText(version: string, id = ID): Promise<string> {
  const pack = smallRealPack(20);
  pack.id = id;
  pack.version = version;
  pack.effective = { from: '2026-01-01' };
  return signedText(pack, hospital);
}

describe('verifyWithdrawal', () => {
  it('accepts a notice signed by a trusted key and reads what it withdraws', async () => {
    const signed = await notice('20261201');
    const verdict = await verifyWithdrawal(JSON.parse(serializeSignedWithdrawal(signed)), [hospital.trusted]);
    expect(verdict).toMatchObject({
      ok: true,
      keyId: hospital.publicKey.keyId,
      notice: { type: 'preflight-pack-withdrawal', packId: ID, version: '20261201', reason: '版本号输错，应为 2026.12.1' },
    });
  });

  it('refuses a forged notice: the payload changed after signing, or a signature from another notice', async () => {
    const genuine = await notice('20261201');
    const edited = { ...genuine, payload: genuine.payload.replace('20261201', '2026.12.20') };
    const other = await notice('2026.11.1');
    const transplanted = { ...genuine, signature: other.signature };
    for (const forged of [edited, transplanted]) {
      const verdict = await verifyWithdrawal(forged, [hospital.trusted]);
      expect(verdict).toMatchObject({ ok: false, reason: 'bad-signature' });
      expect(!verdict.ok && verdict.message).toContain('撤回通知签名校验失败');
    }
  });

  it('refuses a notice signed by a key that is not trusted, and one with no key trusted at all', async () => {
    expect(await verifyWithdrawal(await notice('20261201', stranger), [hospital.trusted])).toMatchObject({ ok: false, reason: 'unknown-key' });
    expect(await verifyWithdrawal(await notice('20261201'), [])).toMatchObject({ ok: false, reason: 'unknown-key' });
  });

  it('refuses an unsigned flag, a signed pack passed off as a notice, and a notice with a bad payload', async () => {
    const unsigned = { packId: ID, version: '20261201', withdrawn: true };
    expect(await verifyWithdrawal(unsigned, [hospital.trusted])).toMatchObject({ ok: false, reason: 'not-envelope' });
    const pack = JSON.parse(await packText('2026.12.1'));
    expect(await verifyWithdrawal(pack, [hospital.trusted])).toMatchObject({ ok: false, reason: 'not-envelope' });
    // Something else the hospital signed, relabelled as a notice: the signature holds, the payload is no notice.
    const other = await signPayload(JSON.stringify({ packId: ID, version: '20261201' }), hospital.privateJwk);
    expect(await verifyWithdrawal({ ...other, format: 'preflight-signed-withdrawal' }, [hospital.trusted])).toMatchObject({ ok: false, reason: 'schema-invalid' });
    for (const odd of [null, 42, 'text', [], { format: 'preflight-signed-withdrawal' }]) {
      expect((await verifyWithdrawal(odd, [hospital.trusted])).ok).toBe(false);
    }
  });

  it('a notice is not a pack: acceptPack refuses it', async () => {
    const signed = await notice('20261201');
    expect(SignedPackSchema.safeParse(signed).success).toBe(false);
    const asPack = { ...signed, format: 'preflight-signed-pack' };
    const verdict = await acceptPack(JSON.stringify(asPack), { trustedKeys: [hospital.trusted], now: NOW });
    expect(verdict).toMatchObject({ ok: false, reason: 'schema-invalid' });
  });

  it('refuses to sign a notice with a malformed version or a blank reason', async () => {
    await expect(signWithdrawal({ packId: ID, version: '2026.12.01', withdrawnAt: NOW.toISOString(), reason: 'x' }, hospital.privateJwk)).rejects.toThrow();
    await expect(signWithdrawal({ packId: ID, version: '2026.12.1', withdrawnAt: NOW.toISOString(), reason: '  ' }, hospital.privateJwk)).rejects.toThrow();
  });
});

describe('withdrawalOf', () => {
  it('names a pack only by its own id and version (2026.12.1 and 2026.12.1.0 are one version)', async () => {
    const notices = await verifiedNotices(await notice('2026.12.1'));
    expect(withdrawalOf(notices, { id: ID, version: '2026.12.1' })).toBeDefined();
    expect(withdrawalOf(notices, { id: ID, version: '2026.12.1.0' })).toBeDefined();
    expect(withdrawalOf(notices, { id: 'hospital-local', version: '2026.12.1' })).toBeUndefined();
    expect(withdrawalOf(notices, { id: ID, version: '2026.12.2' })).toBeUndefined();
  });
});

describe('acceptPack with withdrawal notices', () => {
  const options = (extra: Partial<AcceptOptions>): AcceptOptions => ({ trustedKeys: [hospital.trusted], now: NOW, ...extra });
  const mistaken = { id: ID, version: '20261201' };
  const before = [{ id: ID, version: '2026.11.3' }, { id: ID, version: '2026.12.1' }, mistaken];

  it('without a notice a lower version than the installed 20261201 is a rollback', async () => {
    expect(await acceptPack(await packText('2026.12.20'), options({ active: mistaken, earlier: before }))).toMatchObject({ ok: false, reason: 'rollback' });
  });

  it('with the installed version withdrawn, a lower version is accepted — down to the pack in use before it', async () => {
    const withdrawn = await verifiedNotices(await notice('20261201'));
    for (const version of ['2026.12.20', '2026.12.1']) {
      expect(await acceptPack(await packText(version), options({ active: mistaken, earlier: before, withdrawn })), version).toMatchObject({ ok: true, pack: { version } });
    }
    // A replayed older signed pack is still a rollback: the notice lowers the bar to 2026.12.1, not to nothing.
    const replay = await acceptPack(await packText('2026.11.3'), options({ active: mistaken, earlier: before, withdrawn }));
    expect(replay).toMatchObject({ ok: false, reason: 'rollback' });
    expect(!replay.ok && replay.message).toContain('2026.11.3 < demo-nhsa-2026 2026.12.1');
  });

  it('a notice for another pack id, or another version, does not lower the bar', async () => {
    for (const withdrawn of [await verifiedNotices(await notice('20261201', hospital, 'hospital-local')), await verifiedNotices(await notice('20261202'))]) {
      expect(await acceptPack(await packText('2026.12.20'), options({ active: mistaken, earlier: before, withdrawn }))).toMatchObject({ ok: false, reason: 'rollback' });
    }
  });

  it('a withdrawn version is never accepted, not even as an upgrade', async () => {
    const withdrawn = await verifiedNotices(await notice('20261201'));
    const verdict = await acceptPack(await packText('20261201'), options({ active: { id: ID, version: '2026.12.1' }, withdrawn }));
    expect(verdict).toMatchObject({ ok: false, reason: 'withdrawn' });
    expect(!verdict.ok && verdict.message).toContain('已被医保办撤回');
    expect(await acceptPack(await packText('20261201'), options({ withdrawn }))).toMatchObject({ ok: false, reason: 'withdrawn' });
  });

  it('with no earlier pack kept, any validly signed pack may follow the withdrawn one', async () => {
    const withdrawn = await verifiedNotices(await notice('20261201'));
    expect(await acceptPack(await packText('2026.1.1'), options({ active: mistaken, earlier: [mistaken], withdrawn }))).toMatchObject({ ok: true });
  });
});
