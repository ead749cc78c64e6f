import { chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSigningKeys, SIGNING_DIR } from '../../hub/src/packs/signing-key';
import { verifySignedPack } from '../../rules/pack/signature';

const freshDir = () => mkdtempSync(path.join(tmpdir(), 'hub-keys-'));
const DAY = 86_400_000;

describe("the hub's pack signing key", () => {
  it('is made on first start, private to the hub user, and the same key on the next start', async () => {
    const dataDir = freshDir();
    const first = await openSigningKeys(dataDir);
    const keyId = first.describe().current.keyId;
    const dir = path.join(dataDir, SIGNING_DIR);
    const privateFile = readdirSync(dir).find((f) => f.endsWith('.private.jwk'))!;
    expect(statSync(path.join(dir, privateFile)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o077).toBe(0);
    const again = await openSigningKeys(dataDir);
    expect(again.describe().current.keyId).toBe(keyId);
    // What it signs verifies with its own public half, and nothing it describes carries a private part.
    const signed = await again.sign('{"x":1}');
    expect(signed.keyId).toBe(keyId);
    expect((await verifySignedPack(signed, await again.trustedKeys())).ok).toBe(true);
    expect(JSON.stringify(again.describe())).not.toMatch(/"d"/);
  });

  it('refuses to start when other users can read the private key, naming the file and the fix', async () => {
    const dataDir = freshDir();
    await openSigningKeys(dataDir);
    const dir = path.join(dataDir, SIGNING_DIR);
    const privateFile = path.join(dir, readdirSync(dir).find((f) => f.endsWith('.private.jwk'))!);
    chmodSync(privateFile, 0o644);
    await expect(openSigningKeys(dataDir)).rejects.toThrow(/权限为 644.*chmod 600/);
  });

  it('refuses a damaged key ring instead of making a new key (packs signed with the old one would be orphaned)', async () => {
    const dataDir = freshDir();
    await openSigningKeys(dataDir);
    writeFileSync(path.join(dataDir, SIGNING_DIR, 'ring.json'), '{"current":');
    await expect(openSigningKeys(dataDir)).rejects.toThrow(/已损坏/);
  });

  it('rotates with a grace period: the old key signs until the date, then the new one; the old public half stays trusted', async () => {
    const dataDir = freshDir();
    const keys = await openSigningKeys(dataDir);
    const now = new Date('2026-12-06T08:00:00Z');
    const old = keys.describe(now).current.keyId;
    const view = await keys.rotate(7, now);
    const next = view.next!.key.keyId;
    expect(next).not.toBe(old);
    expect(view.next!.from).toBe(new Date(now.getTime() + 7 * DAY).toISOString());
    await expect(keys.rotate(7, now)).rejects.toThrow(/已在进行/);

    expect((await keys.sign('{}', new Date(now.getTime() + 6 * DAY))).keyId).toBe(old);
    const after = new Date(now.getTime() + 8 * DAY);
    const signed = await keys.sign('{}', after);
    expect(signed.keyId).toBe(next);
    expect(keys.describe(after)).toMatchObject({ current: { keyId: next }, retired: [{ keyId: old }] });
    expect(keys.describe(after).next).toBeUndefined();
    // The retired private half is gone; its public half still verifies what it published.
    const files = readdirSync(path.join(dataDir, SIGNING_DIR));
    expect(files).not.toContain(`key-${old}.private.jwk`);
    expect(files).toContain(`key-${old}.public.json`);
    const reopened = await openSigningKeys(dataDir);
    expect(reopened.describe(after).current.keyId).toBe(next);
    expect((await reopened.trustedKeys()).map((k) => k.keyId).sort()).toEqual([old, next].sort());
  });
});
