import { importedSeverity } from '../../kinds';
import { zodErrors } from '../../pack/load';
import type { Rule } from '../../pack/schema';
import type { TextParser } from '../drafts';
import type { RuleDraft } from '../restriction-text';
import type { FileReportBuilder } from '../report';
import { idPart, type RuleInput } from '../rule-collector';
import { checkImportedRule } from '../rule-check';
import { paramsKey } from '../params-key';
import { GroupsById } from '../id-groups';
import { readPoint } from './class-readers';
import type { KnowledgePoint } from './knowledge-point';
import { classBySeq, type RuleClass } from './rule-classes';

/**
 * Live knowledge points → rules. Points of one class, item and reading become one rule; a set
 * class (中药饮片, 手术组) gathers its points' codes into one rule, a 重复收费 main item its
 * secondary items. Every rule cites the class, file and row it came from.
 */

export interface BuildOptions {
  reportOf(point: KnowledgePoint): FileReportBuilder;
  parse?: TextParser;
}

interface Group {
  id: string;
  /** What tells groups of one id apart (see subKey). */
  sub: string;
  shape: Shape;
  cls: RuleClass;
  draft: RuleDraft;
  first: KnowledgePoint;
  points: KnowledgePoint[];
  /** The first point's codes; a Set once a second point adds its own (most groups have one point). */
  codes: readonly string[] | Set<string>;
  basisNote?: string;
  /** 1 for the first group of its id, 2 for the next … */
  n: number;
}

export interface BuiltRule {
  rule: RuleInput;
  /** The rule as the pack schema parses it (defaults filled in). */
  parsed: Rule;
  /** The points it was made from (the first one is cited as its source). */
  points: readonly KnowledgePoint[];
}

function publication(p: KnowledgePoint): string {
  return p.batch?.label ?? (p.publishedAt ? `${p.publishedAt} 更新` : '更新');
}

/**
 * What one rule of a draft covers: a set (中药饮片 of one condition, one 手术组) gathers the codes
 * of all its points, a pair one main item's secondary items, a line rule one item.
 */
type Shape = 'set' | 'pair' | 'line';
function shapeOf(d: RuleDraft): Shape {
  if (d.kind === 'self-pay') return 'set';
  if (d.kind !== 'duplicate-charge') return 'line';
  return (d.params as { mode?: string }).mode === 'pair' ? 'pair' : 'set';
}

/** The id names the class and the item, not the batch: a later publication of a point keeps it. */
function ruleId(cls: RuleClass, p: KnowledgePoint, d: RuleDraft, shape: Shape): string {
  const params = d.params as Record<string, unknown>;
  if (d.kind === 'self-pay') return `nhsa-${cls.slug}-self-pay-${params.condition as string}`;
  if (shape === 'set') return `nhsa-${cls.slug}-group-${idPart(params.group as string)}`;
  if (shape === 'pair') return `nhsa-${cls.slug}-pair-${idPart((params.main as string[])[0]!)}`;
  return `nhsa-${cls.slug}-${d.kind}-${idPart(p.name)}`;
}

/**
 * Within one id: pairs of one main item and note merge their secondary items; a set is one group
 * per id; line rules merge when their params are equal. (The id says the shape.)
 */
function subKey(d: RuleDraft, p: KnowledgePoint, shape: Shape): string {
  if (shape === 'pair') return `${String((d.params as { note?: string }).note ?? '')}\u0000${p.scope ?? ''}`;
  if (shape === 'set') return '';
  return paramsKey(d.params as object);
}

/** Rules of one publication date share their `effective` object (checked once, see ../rule-check). */
function effectiveFrom(cache: Map<string, { from: string }>, from: string): { from: string } {
  let effective = cache.get(from);
  if (!effective) {
    effective = Object.freeze({ from });
    cache.set(from, effective);
  }
  return effective;
}

/** A set is named by its 手术组 (or its class), a pair by its main item (the point's name is "主项×从项"). */
function nameOf(g: Group): string {
  if (g.shape === 'set') return ((g.draft.params as { group?: string }).group) ?? g.cls.name;
  return g.shape === 'pair' ? g.first.name.split('×')[0]! : g.first.name;
}

/** The 依据 text, one string per class and publication: 100,000 rules then hold a handful, not one each. */
function basisOf(bases: Map<string, string>, g: Group): string {
  const key = `${g.cls.slug}\u0000${publication(g.first)}\u0000${g.basisNote ?? ''}`;
  let basis = bases.get(key);
  if (basis === undefined) {
    basis = `国家医保局两库 ${publication(g.first)} ${g.cls.name}`;
    if (g.basisNote) basis = `${basis}（${g.basisNote}）`;
    bases.set(key, basis);
  }
  return basis;
}

function sourceOf(g: Group): Record<string, unknown> {
  const p = g.first;
  const source: Record<string, unknown> = {};
  if (p.batch) source.batch = p.batch.label;
  source.ruleClass = g.cls.name;
  if (p.publishedAt) source.publishedAt = p.publishedAt;
  const gzCode = p.gzCode || g.cls.national.gzCode;
  if (gzCode) source.gzCode = gzCode;
  source.file = p.file;
  source.row = p.row;
  return source;
}

const distinct = (codes: readonly string[] | Set<string>): string[] => (codes instanceof Set ? [...codes] : codes.length === 1 ? [codes[0]!] : [...new Set(codes)]);

export interface BuiltRules {
  built: BuiltRule[];
  /** Points that made no rule (the reason is in their file's report). */
  failed: Set<KnowledgePoint>;
}

export function rulesFromPoints(points: readonly KnowledgePoint[], options: BuildOptions): BuiltRules {
  const byId = new GroupsById<Group, string>((g) => g.sub, (a, b) => a === b, (sub) => sub);
  const groups: Group[] = [];
  const failed = new Set<KnowledgePoint>();
  for (const p of points) {
    const report = options.reportOf(p);
    const cls = classBySeq(p.classSeq);
    if (!cls?.reader) {
      report.notUnderstoodRow({
        row: p.readRow,
        name: p.name,
        ...(p.text ? { text: p.text } : {}),
        reason: cls ? `规则类别“${cls.name}”（国家规则库第${cls.national.seq}条）尚无事前审核类型，未生成规则` : `规则类别“${p.classLabel}”不在国家规则库中`,
      });
      failed.add(p);
      continue;
    }
    const reading = readPoint(p, cls, cls.reader, options.parse);
    if ('reason' in reading) {
      report.notUnderstoodRow({ row: p.readRow, name: p.name, ...(p.text || p.value ? { text: p.value || p.text } : {}), reason: reading.reason });
      failed.add(p);
      continue;
    }
    for (const note of reading.notes) report.warn(note, p.readRow);
    for (const d of reading.drafts) {
      const shape = shapeOf(d);
      const id = ruleId(cls, p, d, shape);
      const sub = subKey(d, p, shape);
      const group = byId.find(id, sub);
      if (group) {
        group.points.push(p);
        const codes = group.codes instanceof Set ? group.codes : (group.codes = new Set(group.codes));
        for (const c of p.codes) codes.add(c);
        if (shape === 'pair') {
          const held = group.draft.params as { secondary: string[] };
          for (const s of (d.params as { secondary: string[] }).secondary) if (!held.secondary.includes(s)) held.secondary.push(s);
        }
        continue;
      }
      // Only a pair's secondary list grows as rows are added; other drafts are kept as read (shared, frozen).
      const own = shape === 'pair' ? structuredClone(d) : d;
      const made: Group = { id, sub, shape, cls, draft: own, first: p, points: [p], codes: p.codes, n: 0 };
      if (reading.basisNote) made.basisNote = reading.basisNote;
      made.n = byId.add(id, made);
      groups.push(made);
    }
  }

  const effective = new Map<string, { from: string }>();
  const bases = new Map<string, string>();
  const built: BuiltRule[] = [];
  for (const g of groups) {
    const params = g.draft.params as Record<string, unknown>;
    const p = g.first;
    const candidate: Record<string, unknown> = {
      id: g.n === 1 ? g.id : `${g.id}-${g.n}`,
      kind: g.draft.kind,
      severity: importedSeverity(g.draft.kind, g.draft.params),
      name: nameOf(g),
      basis: basisOf(bases, g),
    };
    const text = g.shape === 'pair' && p.scope ? [p.text, `频度：${p.scope}`].filter(Boolean).join('；') : p.text;
    if (text) candidate.text = text;
    if (p.publishedAt) candidate.effective = effectiveFrom(effective, p.publishedAt);
    candidate.match = { codes: g.shape === 'pair' ? [...new Set([...(params.main as string[]), ...(params.secondary as string[])])] : distinct(g.codes) };
    candidate.params = params;
    candidate.source = sourceOf(g);
    const parsed = checkImportedRule(candidate as RuleInput);
    if (!parsed.success) {
      const why = zodErrors(parsed.error, 3).map((e) => `${e.path}: ${e.message}`).join('; ');
      for (const q of g.points) {
        options.reportOf(q).notUnderstoodRow({ row: q.readRow, name: q.name, reason: `${g.draft.kind} rule is invalid (${why})` });
        failed.add(q);
      }
      continue;
    }
    for (const q of g.points) options.reportOf(q).used(q.readRow);
    built.push({ rule: candidate as RuleInput, parsed: parsed.data, points: g.points });
  }
  // A point one of whose rules was valid is not a failure.
  if (failed.size > 0) for (const b of built) for (const q of b.points) failed.delete(q);
  return { built, failed };
}
