import { Dexie, type EntityTable } from 'dexie';
import { z } from 'zod';
import { MAX_WITHDRAWALS, SignedWithdrawalSchema, type SignedWithdrawal } from '../rules/pack/withdrawal';
import { ActivePackMetaSchema, LastCheckSchema, type ActivePackMeta, type LastCheck, type PackIdentity } from './pack-types';
import type { SourceFingerprint } from './source-fingerprint';

/**
 * The active rule pack of this browser, in the extension origin's IndexedDB. IndexedDB rather than
 * `storage.local`: the offscreen document that owns the engine on Chrome can reach IndexedDB but
 * no extension API other than `runtime`, and it must read the pack at every engine start.
 *
 * What is kept is the signed envelope exactly as accepted, so the pack can be verified again at
 * start against the keys trusted *then* (keys may have been rotated meanwhile).
 */

export const PACK_STORE_DB_NAME = 'preflight-packs';

export interface StoredPack {
  slot: 'active';
  /** The signed envelope text as received (download or options page). */
  envelope: string;
  meta: ActivePackMeta;
}

/** Small records beside the pack, each validated when read (an older build may have written it). */
interface Note {
  key: 'etag' | 'lastCheck' | 'seenSource' | 'expired' | 'history' | 'withdrawals';
  value: unknown;
}

const UrlEtagSchema = z.object({ url: z.string(), etag: z.string() });

const SourceFingerprintSchema: z.ZodType<SourceFingerprint> = z.object({
  url: z.string().nullable(),
  intervalMinutes: z.number(),
  acceptance: z.string(),
  access: z.string(),
});

/** The record of an expired active pack kept in force: when its expiry was first noticed. */
export const ExpiredNoticeSchema = z.object({ id: z.string(), version: z.string(), on: z.string(), noticedAt: z.string() });
export type ExpiredNotice = z.infer<typeof ExpiredNoticeSchema>;

/**
 * The image of the active pack (rules/engine/image.ts): what the engine loads at start instead of
 * parsing and validating the envelope's payload again. Apart from the pack record, so that
 * reading the pack's meta does not read megabytes of tables; tied to the pack by `activatedAt`.
 */
interface StoredImage {
  slot: 'active';
  activatedAt: string;
  image: unknown;
}

/** Packs activated here, oldest first, the active one last: enough to know what came before a withdrawn one. */
const HISTORY_LENGTH = 20;
const HistorySchema = z.array(z.object({ id: z.string(), version: z.string() })).max(HISTORY_LENGTH);

/** Signed withdrawal notices as received; verified again with the keys trusted whenever they are used. */
const WithdrawalsSchema = z.array(SignedWithdrawalSchema).max(MAX_WITHDRAWALS);

export class PackStoreDb extends Dexie {
  packs!: EntityTable<StoredPack, 'slot'>;
  notes!: EntityTable<Note, 'key'>;
  images!: EntityTable<StoredImage, 'slot'>;

  constructor(name = PACK_STORE_DB_NAME) {
    super(name);
    this.version(1).stores({ packs: 'slot', notes: 'key' });
    this.version(2).stores({ packs: 'slot', notes: 'key', images: 'slot' });
  }
}

/** The ETag of the response a pack came in, kept for `If-None-Match` on the same URL only. */
export interface UrlEtag {
  url: string;
  etag: string;
}

export interface ActivePackStore {
  readActive(): Promise<StoredPack | undefined>;
  /**
   * Makes `pack` the active one, in one transaction with the ETag: given → stored for its URL,
   * `null` → cleared, omitted → left as it was (a pack installed by hand does not change what
   * the update URL last served).
   */
  saveActive(pack: Omit<StoredPack, 'slot'>, etag?: UrlEtag | null): Promise<void>;
  /**
   * Drops the active pack and the ETag, and records why — but only while the stored pack is still
   * the one that failed (`activatedAt`), so a pack activated meanwhile is never dropped by mistake.
   */
  dropActive(activatedAt: string, why: LastCheck): Promise<boolean>;
  readEtag(url: string): Promise<string | undefined>;
  saveEtag(etag: UrlEtag): Promise<void>;
  readLastCheck(): Promise<LastCheck | null>;
  saveLastCheck(lastCheck: LastCheck): Promise<void>;
  readSeenSource(): Promise<SourceFingerprint | null>;
  saveSeenSource(seen: SourceFingerprint): Promise<void>;
  /** The expiry notice of the active pack, if any (a notice about another pack counts as none). */
  readExpired(): Promise<ExpiredNotice | null>;
  /** Records that this pack is past its end date; false when it was already recorded for it. */
  noteExpired(notice: ExpiredNotice): Promise<boolean>;
  /** The stored image of the active pack activated at `activatedAt`, if one was kept (not validated here). */
  readImage?(activatedAt: string): Promise<unknown>;
  /** Keeps the image of the active pack, unless another pack was activated meanwhile. */
  saveImage?(activatedAt: string, image: unknown): Promise<void>;
  /** Packs activated before, oldest first (the active one last); saveActive appends. */
  readHistory(): Promise<PackIdentity[]>;
  readWithdrawals(): Promise<SignedWithdrawal[]>;
  saveWithdrawals(notices: readonly SignedWithdrawal[]): Promise<void>;
}

/** A stored record from an older build, or damaged, counts as absent rather than as a pack. */
function validPack(record: StoredPack | undefined): StoredPack | undefined {
  if (!record || typeof record.envelope !== 'string') return undefined;
  const meta = ActivePackMetaSchema.safeParse(record.meta);
  return meta.success ? { slot: 'active', envelope: record.envelope, meta: meta.data } : undefined;
}

export function dexiePackStore(db: PackStoreDb = new PackStoreDb()): ActivePackStore {
  async function readNote<T>(key: Note['key'], schema: z.ZodType<T>): Promise<T | null> {
    const parsed = schema.safeParse((await db.notes.get(key))?.value);
    return parsed.success ? parsed.data : null;
  }
  return {
    async readActive() {
      return validPack(await db.packs.get('active'));
    },
    async saveActive(pack, etag) {
      await db.transaction('rw', db.packs, db.notes, db.images, async () => {
        await db.packs.put({ slot: 'active', envelope: pack.envelope, meta: pack.meta });
        await db.images.delete('active');
        const seen = HistorySchema.safeParse((await db.notes.get('history'))?.value);
        const history = [...(seen.success ? seen.data : []), { id: pack.meta.id, version: pack.meta.version }].slice(-HISTORY_LENGTH);
        await db.notes.put({ key: 'history', value: history });
        if (etag) await db.notes.put({ key: 'etag', value: etag });
        else if (etag === null) await db.notes.delete('etag');
      });
    },
    async dropActive(activatedAt, why) {
      return db.transaction('rw', db.packs, db.notes, db.images, async () => {
        const current = validPack(await db.packs.get('active'));
        if (current?.meta.activatedAt !== activatedAt) return false;
        await db.packs.delete('active');
        await db.images.delete('active');
        await db.notes.delete('etag');
        await db.notes.put({ key: 'lastCheck', value: why });
        return true;
      });
    },
    async readEtag(url) {
      const note = await readNote('etag', UrlEtagSchema);
      return note?.url === url ? note.etag : undefined;
    },
    async saveEtag(etag) {
      await db.notes.put({ key: 'etag', value: etag });
    },
    readLastCheck: () => readNote('lastCheck', LastCheckSchema),
    async saveLastCheck(lastCheck) {
      await db.notes.put({ key: 'lastCheck', value: lastCheck });
    },
    readSeenSource: () => readNote('seenSource', SourceFingerprintSchema),
    async readExpired() {
      const [notice, active] = await Promise.all([readNote('expired', ExpiredNoticeSchema), db.packs.get('active')]);
      const meta = validPack(active)?.meta;
      return notice && meta && notice.id === meta.id && notice.version === meta.version ? notice : null;
    },
    async noteExpired(notice) {
      return db.transaction('rw', db.notes, async () => {
        const seen = ExpiredNoticeSchema.safeParse((await db.notes.get('expired'))?.value);
        if (seen.success && seen.data.id === notice.id && seen.data.version === notice.version && seen.data.on === notice.on) return false;
        await db.notes.put({ key: 'expired', value: notice });
        return true;
      });
    },
    async saveSeenSource(seen) {
      await db.notes.put({ key: 'seenSource', value: seen });
    },
    async readImage(activatedAt) {
      const stored = await db.images.get('active');
      return stored?.activatedAt === activatedAt ? stored.image : undefined;
    },
    async saveImage(activatedAt, image) {
      await db.transaction('rw', db.packs, db.images, async () => {
        const current = validPack(await db.packs.get('active'));
        if (current?.meta.activatedAt === activatedAt) await db.images.put({ slot: 'active', activatedAt, image });
      });
    },
    async readHistory() {
      return (await readNote('history', HistorySchema)) ?? [];
    },
    async readWithdrawals() {
      return (await readNote('withdrawals', WithdrawalsSchema)) ?? [];
    },
    async saveWithdrawals(notices) {
      await db.notes.put({ key: 'withdrawals', value: notices.slice(-MAX_WITHDRAWALS) });
    },
  };
}
