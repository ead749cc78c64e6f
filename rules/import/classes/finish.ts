import type { TextParser } from '../drafts';
import type { ClassReport, FileReport, FileReportBuilder } from '../report';
import type { RuleInput } from '../rule-collector';
import { rememberChecked } from '../rule-check';
import type { Rule } from '../../pack/schema';
import { rulesFromPoints } from './build-rules';
import { pointPlace, type KnowledgePoint } from './knowledge-point';
import { resolveLedger } from './ledger';
import { classBySeq, KIND_OF_READER } from './rule-classes';

/**
 * The second half of a knowledge-point import, run once over every file of an import: the ledger
 * decides which points are live, the class readers make the rules, and each file's report gets
 * its per-class figures. A single file goes through the same path on its own.
 */

/** What a point-based importer read from one file: its points and its report so far. */
export interface KnowledgeFile {
  points: KnowledgePoint[];
  /** The report after reading (rows read, skipped …); cloned, never changed, by finishing. */
  readReport: FileReportBuilder;
}

export interface FinishedFile {
  rules: RuleInput[];
  report: FileReport;
}

export function finishKnowledgeFiles(files: readonly KnowledgeFile[], parse?: TextParser): FinishedFile[] {
  const reports = files.map((f) => f.readReport.clone());
  // One file (the usual import) needs no map from each of its points to it.
  const fileMap = files.length > 1 ? new Map<KnowledgePoint, number>() : undefined;
  files.forEach((f, i) => f.points.forEach((p) => fileMap?.set(p, i)));
  const fileOf = (p: KnowledgePoint): number => (fileMap ? fileMap.get(p)! : 0);
  const all = files.length === 1 ? files[0]!.points : files.flatMap((f) => f.points);

  const { live, replaced } = resolveLedger(all);
  for (const { point, by } of replaced) {
    reports[fileOf(point)]!.replaced.push({ row: point.readRow, name: point.name, ruleClass: classBySeq(point.classSeq)?.name ?? point.classLabel, by: pointPlace(by) });
  }
  const { built, failed } = rulesFromPoints(live, { reportOf: (p) => reports[fileOf(p)]!, ...(parse ? { parse } : {}) });

  const rulesOf: RuleInput[][] = files.map(() => []);
  const parsedOf: Rule[][] = files.map(() => []);
  for (const b of built) {
    const i = fileOf(b.points[0]!);
    rulesOf[i]!.push(b.rule);
    parsedOf[i]!.push(b.parsed);
  }
  rulesOf.forEach((rules, i) => rememberChecked(rules, parsedOf[i]!));

  return files.map((f, i) => {
    const stats = new Map<number, ClassReport>();
    const statOf = (p: KnowledgePoint) => {
      let s = stats.get(p.classSeq);
      if (!s) {
        const cls = classBySeq(p.classSeq);
        s = {
          seq: p.classSeq,
          ruleClass: cls?.name ?? p.classLabel,
          ...(cls?.reader ? { kind: KIND_OF_READER[cls.reader] } : {}),
          points: 0,
          rules: 0,
          replaced: 0,
          notUnderstood: 0,
        };
        stats.set(p.classSeq, s);
      }
      return s;
    };
    for (const p of f.points) {
      statOf(p).points++;
      if (failed.has(p)) statOf(p).notUnderstood++;
    }
    for (const { point } of replaced) if (fileOf(point) === i) statOf(point).replaced++;
    for (const b of built) if (fileOf(b.points[0]!) === i) statOf(b.points[0]!).rules++;
    const report = reports[i]!;
    report.classes = [...stats.values()].sort((a, b) => a.seq - b.seq);
    return { rules: rulesOf[i]!, report: report.build(rulesOf[i]!) };
  });
}
