import type { Rule } from '../../pack/schema';
import type { TextParser } from '../drafts';
import { FileReportBuilder } from '../report';
import { rulesFromPoints } from './build-rules';
import type { KnowledgeFile } from './finish';
import { itemKey, pointPlace, type KnowledgePoint } from './knowledge-point';
import { publicationKey, type Replacement } from './ledger';
import { classByName } from './rule-classes';

/**
 * An import into a working set that already holds earlier publications: the earlier points of the
 * classes the import touches take part in the ledger, so an update imported on its own replaces
 * what it names and nothing else, and the rules of replaced points that the new publication does
 * not make again are retired.
 */

export const EARLIER_FILE = '此前导入的知识点';

export interface RetiredRule {
  id: string;
  reason: string;
}

export function touchedClasses(files: readonly (KnowledgeFile | undefined)[]): number[] {
  const seqs = new Set<number>();
  for (const f of files) for (const p of f?.points ?? []) seqs.add(p.classSeq);
  return [...seqs].sort((a, b) => a - b);
}

/** The earlier points as one more input file of the import. */
export function earlierKnowledgeFile(points: readonly KnowledgePoint[]): KnowledgeFile {
  const report = new FileReportBuilder(EARLIER_FILE, 'nhsa-batch-csv');
  report.read(points.length);
  return { points: [...points], readReport: report };
}

/**
 * The stored points that stay in the ledger: a publication the import brings again (the same
 * batch re-imported, perhaps corrected) replaces its earlier import wholesale.
 */
export function stillInForce(stored: readonly KnowledgePoint[], incoming: readonly KnowledgePoint[]): KnowledgePoint[] {
  const brought = new Set(incoming.map((p) => `${p.classSeq}\u0000${publicationKey(p)}`));
  return stored.filter((p) => !brought.has(`${p.classSeq}\u0000${publicationKey(p)}`));
}

/**
 * Rules the earlier points made that the import no longer makes: their point was replaced by a
 * later publication (whose rules may be of other kinds or carry another name).
 */
export function retiredFromEarlier(stored: readonly KnowledgePoint[], replaced: readonly Replacement[], builtIds: ReadonlySet<string>, parse?: TextParser): RetiredRule[] {
  if (stored.length === 0) return [];
  const replacedBy = new Map(replaced.map((r) => [r.point, r.by]));
  const scratch = new FileReportBuilder(EARLIER_FILE, 'nhsa-batch-csv');
  const { built } = rulesFromPoints(stored, { reportOf: () => scratch, ...(parse ? { parse } : {}) });
  const out: RetiredRule[] = [];
  for (const b of built) {
    if (builtIds.has(b.rule.id)) continue;
    const by = b.points.map((p) => replacedBy.get(p)).find((x) => x !== undefined);
    out.push({ id: b.rule.id, reason: by ? `知识点已由 ${pointPlace(by)} 取代` : '重新导入的同一发布中已没有该知识点' });
  }
  return out;
}

const SET_READERS = new Set(['herbal', 'operation-group', 'charge-pair']);

/**
 * Working rules of a class no stored point covers (the built-in pack was not imported from files
 * here): a rule of the same class and item (name or a shared code) that the new, later
 * publication does not make again is retired. Set rules (中药饮片, 手术组, 重复收费) cannot be
 * split back into points: those classes are reported instead.
 */
export function retiredFromRules(
  rules: readonly Rule[],
  incoming: readonly KnowledgePoint[],
  classesWithPoints: ReadonlySet<number>,
  builtIds: ReadonlySet<string>,
): { retired: RetiredRule[]; unsplittable: string[] } {
  const byClass = new Map<number, KnowledgePoint[]>();
  // A class this import brings a batch of (not only updates) is complete in the import itself.
  const withBatch = new Set(incoming.filter((p) => p.batch).map((p) => p.classSeq));
  for (const p of incoming) {
    if (classesWithPoints.has(p.classSeq)) continue;
    const list = byClass.get(p.classSeq);
    if (list) list.push(p);
    else byClass.set(p.classSeq, [p]);
  }
  const retired: RetiredRule[] = [];
  const unsplittable = new Set<string>();
  for (const rule of rules) {
    const cls = rule.source?.ruleClass ? classByName(rule.source.ruleClass) : undefined;
    const points = cls ? byClass.get(cls.national.seq) : undefined;
    if (!cls || !points) continue;
    // A set rule of the same id would be replaced whole by the update's few items.
    if (cls.reader && SET_READERS.has(cls.reader)) {
      if (!withBatch.has(cls.national.seq)) unsplittable.add(cls.name);
      continue;
    }
    if (builtIds.has(rule.id)) continue;
    const name = rule.name ? itemKey(rule.name) : undefined;
    const codes = new Set(rule.match.codes ?? []);
    const by = points.find(
      (p) => (name !== undefined && itemKey(p.name) === name) || p.codes.some((c) => codes.has(c)),
    );
    if (!by) continue;
    const earlierDate = rule.source?.publishedAt ?? '';
    if ((by.publishedAt ?? '') < earlierDate) continue;
    retired.push({ id: rule.id, reason: `知识点已由 ${pointPlace(by)} 取代` });
  }
  return { retired, unsplittable: [...unsplittable] };
}
