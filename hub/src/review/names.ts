import type { Names, NamesQuerySchema } from '../../../contract/review/names';
import type { z } from 'zod';
import type { Queryable } from '../db/db';
import { indexMissingNames } from '../packs/rule-names';

/**
 * Names for the ids on a review screen: rules from `rule_names`, doctors from the 医保办's
 * directory, workstations from their token labels. Only ids that have a name are answered.
 */
export async function lookupNames(db: Queryable, query: z.infer<typeof NamesQuerySchema>): Promise<Names> {
  const names: Names = { rules: {}, prescribers: {}, workstations: {} };
  const ids = (list: readonly string[]) => JSON.stringify([...new Set(list)]);
  const IN = 'IN (SELECT value FROM jsonb_array_elements_text($1::jsonb))';
  if (query.rules.length > 0) {
    // Publications from before the names table (or from another hub process) are read once, here.
    await indexMissingNames(db);
    const rows = await db.query<{ rule_id: string; name: string | null; kind: string }>(`SELECT rule_id, name, kind FROM rule_names WHERE rule_id ${IN}`, [ids(query.rules)]);
    for (const r of rows.rows) names.rules[r.rule_id] = { name: r.name, kind: r.kind };
  }
  if (query.prescribers.length > 0) {
    const rows = await db.query<{ id: string; name: string; department: string | null }>(`SELECT id, name, department FROM prescribers WHERE id ${IN}`, [ids(query.prescribers)]);
    for (const r of rows.rows) names.prescribers[r.id] = { name: r.name, department: r.department };
  }
  if (query.workstations.length > 0) {
    const rows = await db.query<{ id: string; label: string }>(`SELECT id, label FROM tokens WHERE id ${IN}`, [ids(query.workstations)]);
    for (const r of rows.rows) names.workstations[r.id] = r.label;
  }
  return names;
}
