import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { Queryable } from '../db/db';
import { toIso } from '../db/time';
import type { Role } from '../../../contract/roles';

/**
 * Bearer tokens: `pfh_<id>_<secret>`. The id is the row key, stored in clear so a token can be
 * found without comparing against every hash; the secret is stored only as HMAC-SHA256 under a
 * pepper kept outside the database, so a leaked table yields no usable token.
 */

const TOKEN_PATTERN = /^pfh_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface TokenRecord {
  id: string;
  role: Role;
  label: string;
  /** The department a 科室 lead's token speaks for; null for every other role. */
  department: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export interface IssuedToken extends TokenRecord {
  /** The only time the full token exists outside the client: show it once, never log it. */
  token: string;
}

/** The pepper as a key, made once per pepper: made on every call it was half the cost of a hash. */
const pepperKeys = new WeakMap<Buffer, KeyObject>();

export function hashSecret(pepper: Buffer, secret: string): string {
  let key = pepperKeys.get(pepper);
  if (!key) pepperKeys.set(pepper, (key = createSecretKey(pepper)));
  return createHmac('sha256', key).update(secret, 'utf8').digest('hex');
}

export async function createToken(
  db: Queryable,
  pepper: Buffer,
  input: { role: Role; label: string; department?: string | null; createdBy?: string | null },
): Promise<IssuedToken> {
  const department = input.department ?? null;
  // The table checks it too; saying it here gives the caller a message instead of a constraint name.
  if ((input.role === 'department-lead') !== (department !== null)) throw new Error('a department-lead token needs a department, and only it takes one');
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const result = await db.query<{ created_at: Date }>(
    'INSERT INTO tokens (id, secret_hash, role, label, department, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING created_at',
    [id, hashSecret(pepper, secret), input.role, input.label, department, input.createdBy ?? null],
  );
  return {
    id,
    role: input.role,
    label: input.label,
    department,
    createdAt: toIso(result.rows[0]!.created_at),
    revokedAt: null,
    token: `pfh_${id}_${secret}`,
  };
}

/** The token's record when the presented string is a live token, else undefined. */
export async function authenticate(db: Queryable, pepper: Buffer, presented: string): Promise<TokenRecord | undefined> {
  const match = TOKEN_PATTERN.exec(presented);
  if (!match) return undefined;
  const [, id, secret] = match as unknown as [string, string, string];
  const result = await db.query<TokenRow & { secret_hash: string }>(
    'SELECT id, secret_hash, role, label, department, created_at, revoked_at FROM tokens WHERE id = $1',
    [id],
  );
  const row = result.rows[0];
  // Hash even when the id is unknown, so response time does not tell which ids exist.
  const expected = Buffer.from(row?.secret_hash ?? hashSecret(pepper, 'no such token'), 'hex');
  const actual = Buffer.from(hashSecret(pepper, secret), 'hex');
  const same = timingSafeEqual(expected, actual);
  if (!row || !same || row.revoked_at !== null) return undefined;
  return toRecord(row);
}

export async function revokeToken(db: Queryable, id: string): Promise<boolean> {
  const result = await db.query('UPDATE tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
  return result.affected > 0;
}

/** A listed token: its record and how it reads with the secret masked. */
export interface ListedToken extends TokenRecord {
  /** `pfh_<id>_…`: enough to tell which workstation holds it, nothing that authenticates. */
  masked: string;
}

/** The secret exists only in the answer that created the token; a listing can show no more than this. */
export function maskToken(id: string): string {
  return `pfh_${id}_…`;
}

export async function listTokens(db: Queryable): Promise<ListedToken[]> {
  const result = await db.query<TokenRow>('SELECT id, role, label, department, created_at, revoked_at FROM tokens ORDER BY created_at, id');
  return result.rows.map((row) => ({ ...toRecord(row), masked: maskToken(row.id) }));
}

interface TokenRow {
  id: string;
  role: Role;
  label: string;
  department: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

function toRecord(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    role: row.role,
    label: row.label,
    department: row.department ?? null,
    createdAt: toIso(row.created_at),
    revokedAt: row.revoked_at === null ? null : toIso(row.revoked_at),
  };
}
