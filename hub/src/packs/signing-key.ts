import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { KeyRingView } from '../../../contract/pack-publish';
import {
  Ed25519PrivateJwkSchema,
  generateSigningKeys,
  importTrustedKey,
  KeyIdSchema,
  PublicKeyFileSchema,
  signPayload,
  type Ed25519PrivateJwk,
  type PublicKeyFile,
  type SignedPack,
  type TrustedKey,
} from '../../../rules/pack/signature';

/**
 * The hospital's pack signing key, held by the hub so the 医保办 publishes from the dashboard
 * without handling a key file. Made on first start in `<data dir>/pack-signing/`; the private half
 * never leaves that directory (no route returns it) and the hub refuses to start when other users
 * could read it.
 *
 * Rotation: `hub key rotate` makes the next key and a date from which it signs. Until then the
 * current key keeps signing, so IT has the grace period to add the next public key to every
 * workstation's trusted keys (they then trust both); from that date the next key signs and the old
 * one is retired — its private half deleted, its public half kept, because packs already published
 * with it are still verified (the latest pack, the 3101 service).
 */

export const SIGNING_DIR = 'pack-signing';
const RING_FILE = 'ring.json';

const RingSchema = z.strictObject({
  current: KeyIdSchema,
  next: z.strictObject({ keyId: KeyIdSchema, from: z.string().datetime({ offset: true }) }).optional(),
  retired: z.array(KeyIdSchema).default([]),
});
type Ring = z.infer<typeof RingSchema>;

/** What the hub tells IT about its keys: public halves only (contract/pack-publish.ts). */
export type { KeyRingView };

export interface HubSigningKeys {
  /** Signs a pack payload with the key in force at `now`. */
  sign(payload: string, now?: Date): Promise<SignedPack>;
  describe(now?: Date): KeyRingView;
  /** Every public key of this hub (current, next, retired), to verify what it published. */
  trustedKeys(): Promise<TrustedKey[]>;
  /** Makes the next key, taking over after `graceDays`; refused while a rotation is pending. */
  rotate(graceDays: number, now?: Date): Promise<KeyRingView>;
}

const privateFile = (dir: string, keyId: string) => path.join(dir, `key-${keyId}.private.jwk`);
const publicFile = (dir: string, keyId: string) => path.join(dir, `key-${keyId}.public.json`);

/** Replaces a file whole: a crash leaves the old file or the new one, never half of one. */
function writeAtomically(file: string, content: string, mode: number): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  writeFileSync(temp, content, { encoding: 'utf8', flag: 'wx', mode });
  renameSync(temp, file);
}

/** A key readable by others is a key others may have copied: the hub will not sign with it. */
function assertPrivate(file: string): void {
  if (process.platform === 'win32') return;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `签名私钥 ${file} 的权限为 ${mode.toString(8)}，其他用户可读取；请执行 chmod 600 "${file}"（并确认私钥未外泄，否则轮换密钥）/ ` +
        `the signing key ${file} is readable by other users (mode ${mode.toString(8)}): chmod 600 it`,
    );
  }
}

function assertDirectoryPrivate(dir: string): void {
  if (process.platform === 'win32') return;
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o022) !== 0) {
    throw new Error(`签名密钥目录 ${dir} 其他用户可写（权限 ${mode.toString(8)}）；请执行 chmod 700 "${dir}" / ${dir} is writable by other users: chmod 700 it`);
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`无法读取 ${file}：${(error as Error).message} / cannot read ${file}`);
  }
}

function readPublic(dir: string, keyId: string): PublicKeyFile {
  const parsed = PublicKeyFileSchema.safeParse(readJson(publicFile(dir, keyId)));
  if (!parsed.success || parsed.data.keyId !== keyId) throw new Error(`${publicFile(dir, keyId)} 不是密钥 ${keyId} 的公钥 / not the public key of ${keyId}`);
  return parsed.data;
}

function readPrivate(dir: string, keyId: string): Ed25519PrivateJwk {
  const file = privateFile(dir, keyId);
  assertPrivate(file);
  const parsed = Ed25519PrivateJwkSchema.safeParse(readJson(file));
  if (!parsed.success) throw new Error(`${file} 不是 Ed25519 私钥 / not a private Ed25519 JWK`);
  return parsed.data;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function readRing(dir: string): Ring | undefined {
  const file = path.join(dir, RING_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = RingSchema.safeParse(parseOrUndefined(text));
  if (!parsed.success) throw new Error(`${file} 已损坏，请从备份恢复签名密钥目录 / ${file} is damaged: restore the key directory from a backup`);
  return parsed.data;
}

async function makeKey(dir: string): Promise<string> {
  const keys = await generateSigningKeys();
  const keyId = keys.publicKey.keyId;
  writeAtomically(privateFile(dir, keyId), `${JSON.stringify(keys.privateJwk, null, 1)}\n`, 0o600);
  writeAtomically(publicFile(dir, keyId), `${JSON.stringify(keys.publicKey, null, 1)}\n`, 0o644);
  return keyId;
}

/** Opens the hub's key ring, making the first key when there is none. */
export async function openSigningKeys(dataDir: string): Promise<HubSigningKeys> {
  const dir = path.join(dataDir, SIGNING_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  assertDirectoryPrivate(dir);
  let ring = readRing(dir);
  if (!ring) {
    ring = { current: await makeKey(dir), retired: [] };
    writeAtomically(path.join(dir, RING_FILE), `${JSON.stringify(ring, null, 1)}\n`, 0o644);
  }
  // Read everything now: a missing or unsafe file stops the start, not the first publication.
  readPrivate(dir, ring.current);
  if (ring.next) readPrivate(dir, ring.next.keyId);
  const publics = new Map<string, PublicKeyFile>();
  for (const keyId of [ring.current, ...(ring.next ? [ring.next.keyId] : []), ...ring.retired]) publics.set(keyId, readPublic(dir, keyId));

  const save = (next: Ring) => {
    writeAtomically(path.join(dir, RING_FILE), `${JSON.stringify(next, null, 1)}\n`, 0o644);
    ring = next;
  };

  /** Hands over to the next key once its date has come; the old private half is deleted. */
  const settle = (now: Date): Ring => {
    const current = ring!;
    if (!current.next || now.getTime() < Date.parse(current.next.from)) return current;
    const retiredKey = current.current;
    save({ current: current.next.keyId, retired: [...current.retired, retiredKey] });
    rmSync(privateFile(dir, retiredKey), { force: true });
    return ring!;
  };

  const view = (r: Ring): KeyRingView => ({
    current: publics.get(r.current)!,
    ...(r.next ? { next: { key: publics.get(r.next.keyId)!, from: r.next.from } } : {}),
    retired: r.retired.map((id) => publics.get(id)!),
  });

  return {
    async sign(payload, now = new Date()) {
      return signPayload(payload, readPrivate(dir, settle(now).current));
    },
    describe(now = new Date()) {
      return view(settle(now));
    },
    async trustedKeys() {
      const keys: TrustedKey[] = [];
      for (const key of publics.values()) {
        const imported = await importTrustedKey(key);
        if (!imported.ok) throw new Error(`hub signing key ${key.keyId}: ${imported.error}`);
        keys.push(imported.value);
      }
      return keys;
    },
    async rotate(graceDays, now = new Date()) {
      const current = settle(now);
      if (current.next) throw new Error(`密钥轮换已在进行：新密钥 ${current.next.keyId} 将于 ${current.next.from} 启用 / a rotation is already pending`);
      if (!Number.isInteger(graceDays) || graceDays < 0 || graceDays > 365) throw new Error('过渡期应为 0 至 365 天 / grace days must be 0–365');
      const keyId = await makeKey(dir);
      publics.set(keyId, readPublic(dir, keyId));
      save({ ...current, next: { keyId, from: new Date(now.getTime() + graceDays * 86_400_000).toISOString() } });
      return view(settle(now));
    },
  };
}
