import { parsePackText } from '../../../rules/pack/load';
import type { Pack } from '../../../rules/pack/schema';
import { SignedPackSchema } from '../../../rules/pack/signature';
import type { Queryable } from '../db/db';
import { packBySeq, type StoredPack } from './store';

/**
 * What each rule is called, kept in `rule_names` once per publication (issue #11): the review
 * views show 规则名称 instead of ids, and a lookup by id must not parse a 50,000-rule envelope.
 * A publication writes its rules' names in its own transaction (publish.ts); publications made
 * before this table existed are indexed on first use, oldest first, so the newest name wins.
 */

/** Writes the names of one publication's rules; an older publication never overwrites a newer one. */
export async function indexPackNames(db: Queryable, seq: number, pack: Pick<Pack, 'version' | 'rules'>): Promise<void> {
  const rows = pack.rules.map((rule) => ({ rule_id: rule.id, name: rule.name?.trim() || null, kind: rule.kind }));
  await db.query(
    `INSERT INTO rule_names (rule_id, name, kind, pack_seq, pack_version)
     SELECT rule_id, name, kind, $2, $3 FROM jsonb_to_recordset($1::jsonb) AS r(rule_id text, name text, kind text)
     ON CONFLICT (rule_id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, pack_seq = EXCLUDED.pack_seq, pack_version = EXCLUDED.pack_version
     WHERE rule_names.pack_seq <= EXCLUDED.pack_seq`,
    [JSON.stringify(rows), seq, pack.version],
  );
  await db.query('UPDATE packs SET names_indexed = true WHERE seq = $1', [seq]);
}

/** The pack inside a stored envelope (it was validated when published). */
function packOf(stored: StoredPack): Pack {
  const loaded = parsePackText(SignedPackSchema.parse(JSON.parse(stored.envelope)).payload);
  if (!loaded.ok) throw new Error(loaded.errors[0]?.message ?? 'invalid pack');
  return loaded.pack;
}

/** Indexes every publication not indexed yet (none, after the first call); the number indexed. */
export async function indexMissingNames(db: Queryable): Promise<number> {
  const pending = await db.query<{ seq: string | number }>('SELECT seq FROM packs WHERE NOT names_indexed ORDER BY seq');
  for (const row of pending.rows) {
    const stored = await packBySeq(db, Number(row.seq));
    if (!stored) continue;
    try {
      await indexPackNames(db, stored.seq, packOf(stored));
    } catch (error) {
      // A publication this hub can no longer read (a newer pack format) keeps its ids; the rest are named.
      console.warn(`[hub] 规则包 ${stored.version} 的规则名称无法读取 / cannot read the rule names of pack ${stored.version}: ${(error as Error).message.slice(0, 200)}`);
      await db.query('UPDATE packs SET names_indexed = true WHERE seq = $1', [stored.seq]);
    }
  }
  return pending.rows.length;
}
