import { z } from 'zod';
import type { OrderLine } from '../../contract/order';
import { confirmSeverity, defineOrderKind } from './define';
import { lineLabel, makeFinding, removeLineAction } from './finding';

/**
 * 重复收费. `pair` (两库 第七批): a main item already includes the secondary items; charging both
 * on the same day is a duplicate, reported on the secondary line. `group` (两库 第二批 限定主次操作):
 * two or more operations of one group through the same incision; the second and later must be
 * charged at the reduced rate.
 */
type PairParams = { main: readonly string[]; secondary: readonly string[] };

/** The pair's code lists as sets, built once per rule rather than on every evaluation. */
const setsByParams = new WeakMap<PairParams, { main: ReadonlySet<string>; secondary: ReadonlySet<string> }>();

function pairSets(p: PairParams): { main: ReadonlySet<string>; secondary: ReadonlySet<string> } {
  let sets = setsByParams.get(p);
  if (!sets) {
    sets = { main: new Set(p.main), secondary: new Set(p.secondary) };
    setsByParams.set(p, sets);
  }
  return sets;
}

export const duplicateChargeKind = defineOrderKind({
  kind: 'duplicate-charge',
  consequence: (p) => (p.mode === 'group' ? 'confirm' : 'refused'),
  params: z.discriminatedUnion('mode', [
    z.object({
      mode: z.literal('pair'),
      main: z.array(z.string().min(1)).min(1),
      secondary: z.array(z.string().min(1)).min(1),
      /** What the main item includes, from the 备注 column. */
      note: z.string().optional(),
    }),
    z.object({
      mode: z.literal('group'),
      group: z.string().min(1),
    }),
  ]),
  evaluate(rule, matched, ctx) {
    const p = rule.params;
    const today = ctx.date;
    if (p.mode === 'group') {
      // One operation session = one day: operations of the group on other days are separate surgeries.
      const byDay = new Map<string, OrderLine[]>();
      for (const line of matched) {
        const date = line.date ?? today;
        const day = byDay.get(date);
        if (day) day.push(line);
        else byDay.set(date, [line]);
      }
      const findings = [];
      for (const sameDay of byDay.values()) {
        if (sameDay.length < 2) continue;
        const [first, ...rest] = sameDay as [OrderLine, ...OrderLine[]];
        for (const line of rest) {
          findings.push(
            makeFinding(rule, line, {
              severity: confirmSeverity(rule),
              message: `${lineLabel(line)} 与 ${lineLabel(first)} 同属${p.group}，第二项及以后须按规定折价计收`,
              actions: [{ type: 'confirm', label: '已按折价收费' }, removeLineAction],
              relatedLineIds: sameDay.map((l) => l.id),
            }),
          );
        }
      }
      return findings;
    }
    const { main, secondary } = pairSets(p);
    const mains = matched.filter((l) => main.has(l.code));
    const historyMainDates = new Set((ctx.order.history ?? []).filter((h) => main.has(h.code)).map((h) => h.date));
    const findings = [];
    for (const line of matched) {
      if (!secondary.has(line.code)) continue;
      const date = line.date ?? today;
      const sameDayMain = mains.find((m) => m !== line && (m.date ?? today) === date);
      const mainLabel = sameDayMain ? lineLabel(sameDayMain) : historyMainDates.has(date) ? '当日已收费的主项' : undefined;
      if (!mainLabel) continue;
      const includes = p.note ? `（${p.note}）` : '';
      findings.push(
        makeFinding(rule, line, {
          message: `${lineLabel(line)} 与同日 ${mainLabel} 重复收费${includes}，医保不予支付`,
          actions: [removeLineAction],
          relatedLineIds: sameDayMain ? [sameDayMain.id, line.id] : [line.id],
        }),
      );
    }
    return findings;
  },
});
