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
}

/** A strong validator: the SHA-256 of the envelope bytes. */
export function etagOf(envelope: string): string {
  return `"${createHash('sha256').update(envelope, 'utf8').digest('base64url')}"`;
}

const COLUMNS = 'seq, pack_id, version, envelope, etag, published_at, publisher';

/** The most recently published pack. */
export async function latestPack(db: Queryable): Promise<StoredPack | undefined> {
  const result = await db.query<PackRow>(`SELECT ${COLUMNS} FROM packs ORDER BY seq DESC LIMIT 1`);
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
  input: { packId: string; version: string; envelope: string; publisher: string },
): Promise<StoredPack | undefined> {
  const result = await db.query<PackRow>(
    `INSERT INTO packs (pack_id, version, envelope, etag, publisher) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (pack_id, version) DO NOTHING
     RETURNING ${COLUMNS}`,
    [input.packId, input.version, input.envelope, etagOf(input.envelope), input.publisher],
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
  };
}
