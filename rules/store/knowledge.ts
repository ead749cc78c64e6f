import type { KnowledgePoint } from '../import/classes/knowledge-point';
import type { KnowledgeRecord, RuleStoreDb } from './db';

/**
 * The knowledge points in force in the working set, per rule class. An import reads those of the
 * classes it touches, so a later publication imported on its own replaces exactly the points it
 * names; applying the import writes the classes' live points back.
 */

export interface KnowledgeUpdate {
  /** Classes the import touched: their stored points are replaced by `live`. */
  classes: number[];
  live: KnowledgePoint[];
}

export const pointKey = (p: KnowledgePoint): string => `${p.classSeq}\u0000${p.readFile}\u0000${p.readRow}`;

export async function pointsOfClasses(db: RuleStoreDb, classes: readonly number[]): Promise<KnowledgePoint[]> {
  if (classes.length === 0) return [];
  const records = await db.knowledge.where('classSeq').anyOf([...classes]).toArray();
  return records.map((r) => r.point);
}

/** Call inside a transaction that includes db.knowledge. */
export async function writeKnowledge(db: RuleStoreDb, update: KnowledgeUpdate): Promise<void> {
  if (update.classes.length === 0) return;
  await db.knowledge.where('classSeq').anyOf(update.classes).delete();
  await db.knowledge.bulkPut(update.live.map((point): KnowledgeRecord => ({ key: pointKey(point), classSeq: point.classSeq, point })));
}
