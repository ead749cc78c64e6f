import type { DirectoryEntry, DirectoryImportAnswer, DirectoryList } from '../../../contract/review/directory';
import type { Db, Queryable } from '../db/db';
import { toIso } from '../db/time';
import { parseDirectoryCsv } from './parse';

/**
 * The doctor directory: imported whole or not at all (one transaction, nothing stored when any row
 * is wrong), listed for the 医保办, and read by id for the names the review views show.
 */

export async function importDirectory(db: Db, csv: string, options: { replace: boolean; by: string | null }): Promise<DirectoryImportAnswer> {
  const parsed = parseDirectoryCsv(csv);
  const rows = parsed.rows;
  if (parsed.errors.length > 0) return { stored: false, rows, added: 0, updated: 0, unchanged: 0, removed: 0, errors: parsed.errors };
  return db.transaction(async (tx) => {
    // One importer at a time: two 医保办 uploads racing would mix their files.
    await tx.query('LOCK TABLE prescribers IN SHARE ROW EXCLUSIVE MODE');
    const before = await tx.query<{ id: string; name: string; department: string | null }>('SELECT id, name, department FROM prescribers');
    const existing = new Map(before.rows.map((r) => [r.id, r]));
    let added = 0;
    let updated = 0;
    let unchanged = 0;
    for (const entry of parsed.entries) {
      const old = existing.get(entry.id);
      if (!old) added += 1;
      else if (old.name === entry.name && old.department === entry.department) unchanged += 1;
      else updated += 1;
    }
    let removed = 0;
    if (options.replace) {
      const keep = JSON.stringify(parsed.entries.map((e) => e.id));
      removed = (await tx.query('DELETE FROM prescribers WHERE id NOT IN (SELECT value FROM jsonb_array_elements_text($1::jsonb))', [keep])).affected;
    }
    await tx.query(
      `INSERT INTO prescribers (id, name, department, updated_by)
       SELECT id, name, department, $2 FROM jsonb_to_recordset($1::jsonb) AS r(id text, name text, department text)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, department = EXCLUDED.department, updated_at = now(), updated_by = EXCLUDED.updated_by
       WHERE prescribers.name IS DISTINCT FROM EXCLUDED.name OR prescribers.department IS DISTINCT FROM EXCLUDED.department`,
      [JSON.stringify(parsed.entries.map(({ id, name, department }) => ({ id, name, department }))), options.by],
    );
    return { stored: true, rows, added, updated, unchanged, removed, errors: [] };
  });
}

export async function listDirectory(db: Queryable, options: { limit: number; offset: number; search?: string | undefined }): Promise<DirectoryList> {
  const search = options.search ? `%${options.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = 'WHERE $1::text IS NULL OR id ILIKE $1 OR name ILIKE $1 OR department ILIKE $1';
  const [rows, total] = await Promise.all([
    db.query<{ id: string; name: string; department: string | null; updated_at: Date }>(
      `SELECT id, name, department, updated_at FROM prescribers ${where} ORDER BY department COLLATE "C" NULLS LAST, id COLLATE "C" LIMIT $2 OFFSET $3`,
      [search, options.limit, options.offset],
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM prescribers ${where}`, [search]),
  ]);
  const entries: DirectoryEntry[] = rows.rows.map((r) => ({ id: r.id, name: r.name, department: r.department, updatedAt: toIso(r.updated_at) }));
  return { entries, total: total.rows[0]!.n };
}
