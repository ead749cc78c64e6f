import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db, Queryable } from '../db/db';
import { toIso } from '../db/time';
import { hashSecret } from '../auth/tokens';
import type { AppealLink } from '../../../contract/review/appeals';

/**
 * Per-doctor appeal links (issue #11, item 5): the 质控 makes one for a doctor and sends it; the
 * doctor opens the hub's appeal page with it and sees, and may appeal, only their own open
 * 确认违规 findings. The link is a credential like a token — `pfa_<id>_<secret>`, only the id in
 * clear, the secret as an HMAC under the token pepper — but a different prefix, so no route that
 * takes a role token accepts it (their pattern is `pfh_`). It expires after APPEAL_LINK_DAYS, and a
 * new link for the same doctor revokes the previous one: only the latest one sent works.
 */

export const APPEAL_LINK_PATTERN = /^pfa_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** Long enough for a month of verdicts on one link; a doctor who lost it asks for a new one. */
export const APPEAL_LINK_DAYS = 30;

/** The page that takes the link: the token rides in the fragment, which browsers never send. */
export const APPEAL_PAGE = '/appeal.html';

export async function createAppealLink(db: Db, pepper: Buffer, prescriberId: string, createdBy: string): Promise<AppealLink> {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const expires = await db.transaction(async (tx) => {
    await tx.query('UPDATE appeal_links SET revoked_at = now() WHERE prescriber_id = $1 AND revoked_at IS NULL', [prescriberId]);
    const row = await tx.query<{ expires_at: Date }>(
      `INSERT INTO appeal_links (id, secret_hash, prescriber_id, created_by, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(days => $5::int)) RETURNING expires_at`,
      [id, hashSecret(pepper, secret), prescriberId, createdBy, APPEAL_LINK_DAYS],
    );
    return row.rows[0]!.expires_at;
  });
  const token = `pfa_${id}_${secret}`;
  return { token, prescriberId, expiresAt: toIso(expires), path: `${APPEAL_PAGE}#${token}` };
}

export interface AppealLinkRecord {
  id: string;
  prescriberId: string;
}

/** The link's doctor when `presented` is a live, unexpired link; else undefined. */
export async function authenticateAppealLink(db: Queryable, pepper: Buffer, presented: string): Promise<AppealLinkRecord | undefined> {
  const match = APPEAL_LINK_PATTERN.exec(presented);
  if (!match) return undefined;
  const [, id, secret] = match as unknown as [string, string, string];
  const result = await db.query<{ id: string; secret_hash: string; prescriber_id: string; live: boolean }>(
    'SELECT id, secret_hash, prescriber_id, (revoked_at IS NULL AND expires_at > now()) AS live FROM appeal_links WHERE id = $1',
    [id],
  );
  const row = result.rows[0];
  // Hash even for an unknown id, so response time does not tell which ids exist.
  const expected = Buffer.from(row?.secret_hash ?? hashSecret(pepper, 'no such link'), 'hex');
  const same = timingSafeEqual(expected, Buffer.from(hashSecret(pepper, secret), 'hex'));
  if (!row || !same || !row.live) return undefined;
  return { id: row.id, prescriberId: row.prescriber_id };
}
