import { createHash } from 'node:crypto';
import type { Queryable } from '../db/db';
import { toIso } from '../db/time';

/**
 * Published packs, kept as the signed envelope text exactly as the 医保办 uploaded it: the hub
 * serves those bytes and never re-serialises them, so the signature stays valid end to end.
 */

export interface StoredPack {
  seq: number;
  packId: string;
  version: string;
  envelope: string;
  etag: string;
  publishedAt: string;
  publisher: string;
  /** What changed, as the 医保办 wrote it when publishing through the hub; null for packs uploaded signed. */
  changelog: string | null;
  /** The key that signed the envelope. */
  keyId: string | null;
  /**
   * Set when the 医保办 withdrew this version: it is kept on record but never served as latest.
   * `signed`: a signed withdrawal notice was posted, which reaches the workstations that installed it.
   */
  withdrawn: { at: string; by: string | null; reason: string; signed: boolean } | null;
}

/** A strong validator: the SHA-256 of the envelope bytes. */
export function etagOf(envelope: string): string {
  return `"${createHash('sha256').update(envelope, 'utf8').digest('base64url')}"`;
}

const COLUMNS = 'seq, pack_id, version, envelope, etag, published_at, publisher, withdrawn_at, withdrawn_by, withdraw_reason, withdrawal_notice IS NOT NULL AS signed_withdrawal, changelog, key_id';

/**
 * Version order in SQL, as compareVersions orders them: part by part, numerically. Versions are
 * dotted digits (checked before they are stored), so the cast cannot fail.
 */
const VERSION_ORDER = "string_to_array(version, '.')::numeric[]";

/**
 * The pack workstations should run: the highest version not withdrawn, whatever its pack id
 * (versions are monotonic per hub across ids, see publish.ts).
 */
export async function latestPack(db: Queryable): Promise<StoredPack | undefined> {
  const result = await db.query<PackRow>(`SELECT ${COLUMNS} FROM packs WHERE withdrawn_at IS NULL ORDER BY ${VERSION_ORDER} DESC, seq DESC LIMIT 1`);
  return result.rows[0] && toStored(result.rows[0]);
}

/** The latest pack's identity without its envelope: what a cache of the compiled pack polls. */
export async function latestPackHead(db: Queryable): Promise<{ seq: number; packId: string; version: string; etag: string } | undefined> {
  const result = await db.query<{ seq: string | number; pack_id: string; version: string; etag: string }>(
    `SELECT seq, pack_id, version, etag FROM packs WHERE withdrawn_at IS NULL ORDER BY ${VERSION_ORDER} DESC, seq DESC LIMIT 1`,
  );
  const row = result.rows[0];
  return row && { seq: Number(row.seq), packId: row.pack_id, version: row.version, etag: row.etag };
}

/** One publication by its sequence number (the row latestPackHead named). */
export async function packBySeq(db: Queryable, seq: number): Promise<StoredPack | undefined> {
  const result = await db.query<PackRow>(`SELECT ${COLUMNS} FROM packs WHERE seq = $1`, [seq]);
  return result.rows[0] && toStored(result.rows[0]);
}

/** Every publication, newest version first, without the envelopes: the 医保办's history. */
export async function listPacks(db: Queryable): Promise<Omit<StoredPack, 'envelope'>[]> {
  const result = await db.query<PackRow>(`SELECT ${COLUMNS.replace('envelope, ', "'' AS envelope, ")} FROM packs ORDER BY ${VERSION_ORDER} DESC, seq DESC`);
  return result.rows.map((row) => {
    const { envelope: _none, ...rest } = toStored(row);
    return rest;
  });
}

/** Marks `version` withdrawn; undefined when there is no such version or it is withdrawn already. */
export async function withdrawPack(db: Queryable, version: string, by: string | null, reason: string): Promise<StoredPack | undefined> {
  const result = await db.query<PackRow>(
    `UPDATE packs SET withdrawn_at = now(), withdrawn_by = $2, withdraw_reason = $3 WHERE version = $1 AND withdrawn_at IS NULL RETURNING ${COLUMNS}`,
    [version, by, reason],
  );
  return result.rows[0] && toStored(result.rows[0]);
}

/**
 * Records a verified signed withdrawal notice for pack `packId` `version`, withdrawing it if it was
 * not yet (an earlier unsigned withdrawal keeps its time, author and reason). Undefined when there
 * is no such publication or it already has a notice.
 */
export async function recordWithdrawalNotice(
  db: Queryable,
  input: { packId: string; version: string; notice: string; by: string | null; reason: string },
): Promise<StoredPack | undefined> {
  const result = await db.query<PackRow>(
    `UPDATE packs SET withdrawal_notice = $3,
       withdrawn_at = COALESCE(withdrawn_at, now()),
       withdrawn_by = CASE WHEN withdrawn_at IS NULL THEN $4 ELSE withdrawn_by END,
       withdraw_reason = COALESCE(withdraw_reason, $5)
     WHERE pack_id = $1 AND version = $2 AND withdrawal_notice IS NULL
     RETURNING ${COLUMNS}`,
    [input.packId, input.version, input.notice, input.by, input.reason],
  );
  return result.rows[0] && toStored(result.rows[0]);
}

/** Every signed withdrawal notice, as posted, oldest first: what workstations fetch beside the latest pack. */
export async function withdrawalNotices(db: Queryable): Promise<string[]> {
  const result = await db.query<{ withdrawal_notice: string }>('SELECT withdrawal_notice FROM packs WHERE withdrawal_notice IS NOT NULL ORDER BY seq');
  return result.rows.map((row) => row.withdrawal_notice);
}

/** The publication of exactly this pack id and version. */
export async function packByIdVersion(db: Queryable, packId: string, version: string): Promise<StoredPack | undefined> {
  const result = await db.query<PackRow>(`SELECT ${COLUMNS} FROM packs WHERE pack_id = $1 AND version = $2`, [packId, version]);
  return result.rows[0] && toStored(result.rows[0]);
}

/** The newest publication of `version` (of any pack id). */
export async function packByVersion(db: Queryable, version: string): Promise<StoredPack | undefined> {
  const result = await db.query<PackRow>(`SELECT ${COLUMNS} FROM packs WHERE version = $1 ORDER BY seq DESC LIMIT 1`, [version]);
  return result.rows[0] && toStored(result.rows[0]);
}

/** Stores a verified envelope; undefined when this id and version were already published. */
export async function insertPack(
  db: Queryable,
  input: { packId: string; version: string; envelope: string; publisher: string; changelog?: string | null; keyId?: string | null },
): Promise<StoredPack | undefined> {
  const result = await db.query<PackRow>(
    `INSERT INTO packs (pack_id, version, envelope, etag, publisher, changelog, key_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (pack_id, version) DO NOTHING
     RETURNING ${COLUMNS}`,
    [input.packId, input.version, input.envelope, etagOf(input.envelope), input.publisher, input.changelog ?? null, input.keyId ?? null],
  );
  return result.rows[0] && toStored(result.rows[0]);
}

/** True when `If-None-Match` names the current representation (RFC 9110 §13.1.2, weak comparison). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

interface PackRow {
  seq: string | number;
  pack_id: string;
  version: string;
  envelope: string;
  etag: string;
  published_at: Date;
  publisher: string;
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
  withdraw_reason: string | null;
  signed_withdrawal: boolean;
  changelog: string | null;
  key_id: string | null;
}

function toStored(row: PackRow): StoredPack {
  return {
    seq: Number(row.seq),
    packId: row.pack_id,
    version: row.version,
    envelope: row.envelope,
    etag: row.etag,
    publishedAt: toIso(row.published_at),
    publisher: row.publisher,
    changelog: row.changelog,
    keyId: row.key_id,
    withdrawn:
      row.withdrawn_at === null ? null : { at: toIso(row.withdrawn_at), by: row.withdrawn_by, reason: row.withdraw_reason ?? '', signed: row.signed_withdrawal },
  };
}
