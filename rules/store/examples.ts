import type { ExampleRecord, RuleStoreDb } from './db';

/** A built-in 试算 example: a name and the order (or 3101 request) as JSON text. */
export interface ExampleSeed {
  id: string;
  name: string;
  input: string;
}

/** Adds the built-in examples that are missing; the 医保办's own examples are left alone. */
export async function seedExamples(db: RuleStoreDb, seeds: readonly ExampleSeed[]): Promise<void> {
  if (seeds.length === 0) return;
  await db.transaction('rw', db.examples, async () => {
    const present = await db.examples.bulkGet(seeds.map((s) => s.id));
    const missing = seeds.filter((_, i) => !present[i]).map((s): ExampleRecord => ({ ...s, builtin: true }));
    if (missing.length > 0) await db.examples.bulkAdd(missing);
  });
}

export async function listExamples(db: RuleStoreDb): Promise<ExampleRecord[]> {
  const all = await db.examples.toArray();
  // Built-in examples first, each group by name.
  return all.sort((a, b) => Number(b.builtin) - Number(a.builtin) || a.name.localeCompare(b.name, 'zh-CN'));
}

/** Saves the 医保办's own example; a name already used is replaced (the same example, edited). */
export async function saveExample(db: RuleStoreDb, name: string, input: string): Promise<ExampleRecord> {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('an example needs a name');
  return db.transaction('rw', db.examples, async () => {
    const same = await db.examples.where('name').equals(trimmed).first();
    const record: ExampleRecord = { id: same && !same.builtin ? same.id : `user-${crypto.randomUUID()}`, name: trimmed, input, builtin: false };
    await db.examples.put(record);
    return record;
  });
}

export async function removeExample(db: RuleStoreDb, id: string): Promise<void> {
  await db.examples.delete(id);
}
