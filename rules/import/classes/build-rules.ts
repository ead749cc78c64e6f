import { zodErrors } from '../../pack/load';
import type { TextParser } from '../drafts';
import type { RuleDraft } from '../restriction-text';
import type { FileReportBuilder } from '../report';
import { checkAssembledRule, idPart, type RuleInput } from '../rule-collector';
import { stableStringify } from '../stable-json';
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
  cls: RuleClass;
  draft: RuleDraft;
  first: KnowledgePoint;
  points: KnowledgePoint[];
  codes: Set<string>;
  basisNote?: string;
}

export interface BuiltRule {
  rule: RuleInput;
  /** The points it was made from (the first one is cited as its source). */
  points: readonly KnowledgePoint[];
}

function publication(p: KnowledgePoint): string {
  return p.batch?.label ?? (p.publishedAt ? `${p.publishedAt} 更新` : '更新');
}

/** The id names the class and the item, not the batch: a later publication of a point keeps it. */
function ruleId(cls: RuleClass, p: KnowledgePoint, d: RuleDraft): string {
  const params = d.params as Record<string, unknown>;
  if (d.kind === 'self-pay') return `nhsa-${cls.slug}-self-pay-${params.condition as string}`;
  if (d.kind === 'duplicate-charge' && params.mode === 'group') return `nhsa-${cls.slug}-group-${idPart(params.group as string)}`;
  if (d.kind === 'duplicate-charge') return `nhsa-${cls.slug}-pair-${idPart((params.main as string[])[0]!)}`;
  return `nhsa-${cls.slug}-${d.kind}-${idPart(p.name)}`;
}

/** Drafts of one text are shared (frozen) objects: their params' key is computed once. */
const paramKeys = new WeakMap<object, string>();
function paramKey(params: object): string {
  let key = paramKeys.get(params);
  if (key === undefined) {
    key = stableStringify(params);
    paramKeys.set(params, key);
  }
  return key;
}

/** Pairs of one main item and note merge their secondary items; everything else by id + params. */
function groupKey(id: string, d: RuleDraft, p: KnowledgePoint): string {
  const params = d.params as Record<string, unknown>;
  if (d.kind === 'duplicate-charge' && params.mode === 'pair') return `${id}\u0000${String(params.note ?? '')}\u0000${p.scope ?? ''}`;
  if (d.kind === 'self-pay' || (d.kind === 'duplicate-charge' && params.mode === 'group')) return id;
  return `${id}\u0000${paramKey(d.params as object)}`;
}

export interface BuiltRules {
  built: BuiltRule[];
  /** Points that made no rule (the reason is in their file's report). */
  failed: Set<KnowledgePoint>;
}

export function rulesFromPoints(points: readonly KnowledgePoint[], options: BuildOptions): BuiltRules {
  const groups = new Map<string, Group>();
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
      const id = ruleId(cls, p, d);
      const key = groupKey(id, d, p);
      const group = groups.get(key);
      if (group) {
        group.points.push(p);
        p.codes.forEach((c) => group.codes.add(c));
        const params = d.params as { mode?: string; secondary?: string[] };
        if (params.mode === 'pair') {
          const held = group.draft.params as { secondary: string[] };
          for (const s of params.secondary ?? []) if (!held.secondary.includes(s)) held.secondary.push(s);
        }
        continue;
      }
      // Only a pair's secondary list grows as rows are added; other drafts are kept as read (shared, frozen).
      const own = d.kind === 'duplicate-charge' && (d.params as { mode?: string }).mode === 'pair' ? structuredClone(d) : d;
      groups.set(key, { id, cls, draft: own, first: p, points: [p], codes: new Set(p.codes), ...(reading.basisNote ? { basisNote: reading.basisNote } : {}) });
    }
  }

  const taken = new Map<string, number>();
  const built: BuiltRule[] = [];
  for (const g of groups.values()) {
    const n = (taken.get(g.id) ?? 0) + 1;
    taken.set(g.id, n);
    const id = n === 1 ? g.id : `${g.id}-${n}`;
    const params = g.draft.params as Record<string, unknown>;
    const isPair = g.draft.kind === 'duplicate-charge' && params.mode === 'pair';
    const isGroupRule = g.draft.kind === 'self-pay' || (g.draft.kind === 'duplicate-charge' && params.mode === 'group');
    const codes = isPair ? [...new Set([...(params.main as string[]), ...(params.secondary as string[])])] : [...g.codes];
    const p = g.first;
    const basis = `国家医保局两库 ${publication(p)} ${g.cls.name}`;
    const texts = isGroupRule ? [] : [p.text, isPair && p.scope ? `频度：${p.scope}` : ''].filter(Boolean);
    const candidate = {
      id,
      kind: g.draft.kind,
      // A pair rule is named by its main item (the point's name is "主项×从项").
      name: isGroupRule ? (params.group as string | undefined) ?? g.cls.name : isPair ? p.name.split('×')[0]! : p.name,
      basis: g.basisNote ? `${basis}（${g.basisNote}）` : basis,
      ...(texts.length ? { text: texts.join('；') } : isGroupRule && p.text ? { text: p.text } : {}),
      ...(p.publishedAt ? { effective: { from: p.publishedAt } } : {}),
      match: { codes },
      params: g.draft.params,
      source: {
        ...(p.batch ? { batch: p.batch.label } : {}),
        ruleClass: g.cls.name,
        ...(p.publishedAt ? { publishedAt: p.publishedAt } : {}),
        ...(p.gzCode ? { gzCode: p.gzCode } : g.cls.national.gzCode ? { gzCode: g.cls.national.gzCode } : {}),
        file: p.file,
        row: p.row,
      },
    };
    const parsed = checkAssembledRule(candidate as RuleInput);
    if (!parsed.success) {
      const why = zodErrors(parsed.error, 3).map((e) => `${e.path}: ${e.message}`).join('; ');
      for (const q of g.points) {
        options.reportOf(q).notUnderstoodRow({ row: q.readRow, name: q.name, reason: `${g.draft.kind} rule is invalid (${why})` });
        failed.add(q);
      }
      continue;
    }
    for (const q of g.points) options.reportOf(q).used(q.readRow);
    built.push({ rule: candidate as RuleInput, points: g.points });
  }
  // A point one of whose rules was valid is not a failure.
  for (const b of built) for (const q of b.points) failed.delete(q);
  return { built, failed };
}
