import { z } from 'zod';
import type { Action, Finding } from '../../contract/findings';
import type { HistoryEntry, OrderLine } from '../../contract/order';
import type { EvalContext } from '../engine/context';
import { clipChars } from '../indication/describe';
import { confirmSeverity, defineOrderKind, type RuleOf } from './define';
import { lineLabel, makeFinding } from './finding';
import { DrugSetSchema, inDrugSet, lineDate, paidByPatient, recentHistory, sameMedicine, type DrugSet } from './drug-lines';

/**
 * 药品相互作用 (2025 list no. 74): one pair of the hospital's interaction list — drug A and drug B,
 * each by codes, code prefixes or an ATC class (the prefix X + class) — on one order. The finding
 * sits on the later line of the pair and names both; with `historyDays`, a drug of the other side
 * prescribed in the history within those days (or still supplied then) makes a pair too.
 *
 * The rule matches the drugs of both sides (its match holds both sets), so the engine hands it
 * every line of either. A drug never pairs with itself (the same medicine in two lines is
 * 重复开药's business), however wide the two sides are.
 *
 * `contraindicated` (禁用): refused, the order's own lines decide it. `caution` (慎用): payable
 * and often needed; the doctor confirms having weighed it. A partner found only in the history
 * may have been stopped, so that finding asks the doctor (warning) whatever the level. Checked
 * whoever pays (《医疗机构处方审核规范》第十五条: 有临床意义的相互作用): the wording says 医保不予支付
 * only for a line 医保 pays for.
 */
const params = z.object({
  a: DrugSetSchema,
  b: DrugSetSchema,
  level: z.enum(['contraindicated', 'caution']),
  /** What happens (合用致严重低血压), from the list's 说明 column. */
  note: z.string().min(1).optional(),
  /** Days of history to look back over (today included); 0: this order only. */
  historyDays: z.number().int().nonnegative().max(365).default(0),
});

type Rule = RuleOf<'drug-interaction', typeof params>;

/** Longest interaction note in a message: the full text is the finding's detail. */
const NOTE_IN_MESSAGE = 36;

export const drugInteractionKind = defineOrderKind({
  kind: 'drug-interaction',
  consequence: (p) => (p.level === 'caution' ? 'confirm' : 'refused'),
  params,
  evaluate(rule, matched, ctx) {
    const { a, b } = rule.params;
    const seen: Sided<OrderLine>[] = [];
    const findings: Finding[] = [];
    for (const line of matched) {
      if (line.kind !== 'drug') continue;
      const mine = sidesOf(a, b, line.code);
      if (!mine.a && !mine.b) continue;
      const partners = seen.filter((s) => pairs(mine, s) && !sameMedicine(s.item.code, line.code)).map((s) => s.item);
      seen.push({ item: line, ...mine });
      const earlier = recentHistory(ctx, lineDate(line, ctx), rule.params.historyDays)
        .map((h) => ({ item: h, ...sidesOf(a, b, h.code) }))
        .filter((h) => pairs(mine, h) && !sameMedicine(h.item.code, line.code));
      if (partners.length > 0) findings.push(onOrder(rule, line, ctx, mine, partners));
      else if (earlier.length > 0) findings.push(fromHistory(rule, line, ctx, mine, earlier));
    }
    return findings;
  },
});

interface Sides {
  a: boolean;
  b: boolean;
}
type Sided<T> = Sides & { item: T };

const sidesOf = (a: DrugSet, b: DrugSet, code: string): Sides => ({ a: inDrugSet(a, code), b: inDrugSet(b, code) });

/** One is of side A and the other of side B. */
const pairs = (x: Sides, y: Sides): boolean => (x.a && y.b) || (x.b && y.a);

/** The other side's name, for a partner known only by its code (history entries have no name). */
const otherSide = (rule: Rule, mine: Sides): string => (mine.a ? rule.params.b.label : rule.params.a.label);

/** The note without a closing source in brackets ("…（利奥西呱说明书【禁忌】）"): the detail has it. */
const shortNote = (note: string): string => note.replace(/\s*[（(][^（）()]*[)）]\s*$/, '') || note;

function what(rule: Rule): string {
  const note = rule.params.note ? `（${clipChars(shortNote(rule.params.note), NOTE_IN_MESSAGE)}）` : '';
  return rule.params.level === 'contraindicated' ? `禁止合用${note}` : `合用须谨慎${note}`;
}

function onOrder(rule: Rule, line: OrderLine, ctx: EvalContext, mine: Sides, partners: readonly OrderLine[]): Finding {
  // Named by drug, not by line id: a page's row ids (jqg3) are not the 序号 the doctor sees; the
  // related lines are marked by the overlay.
  const names = [...new Set(partners.map(lineLabel))].join('、');
  const head = `${lineLabel(line)} 与 ${names} ${what(rule)}`;
  const related = [...partners.map((p) => p.id), line.id];
  if (rule.params.level === 'caution') {
    return makeFinding(rule, line, {
      severity: confirmSeverity(rule),
      message: `${head}：请评估后调整剂量或加强监测，确需合用请确认`,
      actions: [{ type: 'confirm', label: '已评估，确需合用' }, { type: 'remove-line', label: '删除此行' }],
      relatedLineIds: related,
    });
  }
  const other = partners.length === 1 ? lineLabel(partners[0]!) : otherSide(rule, mine);
  return makeFinding(rule, line, {
    message: `${head}：请删除或换用其中一种${paidByPatient(line, ctx) ? '' : '，医保不予支付'}`,
    actions: [{ type: 'remove-line', label: `删除此行（保留${clipChars(other, 12)}）` }],
    relatedLineIds: related,
  });
}

function fromHistory(rule: Rule, line: OrderLine, ctx: EvalContext, mine: Sides, earlier: readonly Sided<HistoryEntry>[]): Finding {
  const latest = earlier.reduce((x, y) => (y.item.date > x.item.date ? y : x));
  const label = otherSide(rule, mine);
  const when = `${latest.item.date} 已开的${label}（${latest.item.code}）`;
  const stopped: Action = { type: 'confirm', label: `已停用${clipChars(label, 12)}` };
  const caution = rule.params.level === 'caution';
  return makeFinding(rule, line, {
    severity: confirmSeverity(rule),
    message:
      `${lineLabel(line)} 与 ${when} ${what(rule)}：` +
      (caution ? '请评估后调整剂量或加强监测，确需合用请确认' : `如仍在服用，请删除或换用其中一种${paidByPatient(line, ctx) ? '' : '，否则医保不予支付'}`),
    actions: caution ? [{ type: 'confirm', label: '已评估，确需合用' }, stopped] : [stopped, { type: 'remove-line', label: '删除此行' }],
    relatedLineIds: [line.id],
  });
}
