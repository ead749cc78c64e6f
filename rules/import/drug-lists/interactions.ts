import type { RuleDraft } from '../restriction-text';
import { idPart, type RuleSeed } from '../rule-collector';
import { DrugRow, seedOf, type Drugs } from './row';
import { INTERACTION_BASIS, type InteractionColumn } from './templates';

/**
 * A row of the 药品相互作用表 → one `drug-interaction` rule matching the drugs of both sides, so the
 * engine hands it every line of either. Its id follows the pair's first codes (`ddi-<A>-<B>`), so a
 * new edition of the list updates the same rule; a pair written again (or the other way round) is
 * refused with the row it repeats.
 */

const RULE_CLASS = '药品相互作用';

const sideKey = (d: Drugs) => [...d.codes, ...d.prefixes].sort().join(',');

/** The pair's drug keys in a fixed order, so A×B and B×A are one pair. */
const pairKey = (a: Drugs, b: Drugs): string => [sideKey(a), sideKey(b)].sort().join(' × ');

const label = (row: DrugRow<InteractionColumn>, name: InteractionColumn, drugs: Drugs): string =>
  row.cell(name) || (drugs.codes[0] ?? (drugs.prefixes[0]!.length <= 6 ? `ATC ${drugs.prefixes[0]!.slice(1)}` : drugs.prefixes[0]!));

/** Rows read so far: pair key → row. */
export type SeenPairs = Map<string, number>;

export function readInteractionRow(row: DrugRow<InteractionColumn>, fileName: string, seen: SeenPairs): RuleSeed | undefined {
  const a = row.drugs({ codes: 'aCodes', prefixes: 'aPrefixes', atc: 'aAtc', name: 'aName' }, '药品A');
  const b = row.drugs({ codes: 'bCodes', prefixes: 'bPrefixes', atc: 'bAtc', name: 'bName' }, '药品B');
  const level = row.level('level', '相互作用程度');
  const days = historyDays(row);
  const effective = row.effective('from', 'to');
  if (!a || !b || !level || days === undefined || row.reasons.length > 0) return undefined;
  const key = pairKey(a, b);
  const earlier = seen.get(key);
  if (earlier !== undefined) {
    row.reasons.push(`与第 ${earlier} 行为同一对药品`);
    return undefined;
  }
  const aLabel = label(row, 'aName', a);
  const bLabel = label(row, 'bName', b);
  if (sideKey(a) === sideKey(b)) {
    row.reasons.push('药品A与药品B相同：一种药品不会与自己相互作用（同一药品重复开具由“重复开药”审核）');
    return undefined;
  }
  seen.set(key, row.row.row);
  const note = row.cell('note');
  const side = (d: Drugs, text: string) => ({ ...(d.codes.length ? { codes: d.codes } : {}), ...(d.prefixes.length ? { prefixes: d.prefixes } : {}), label: text });
  return seedOf(
    row,
    fileName,
    {
      id: `ddi-${idPart(a.key)}-${idPart(b.key)}`,
      draft: {
        kind: 'drug-interaction',
        params: { a: side(a, aLabel), b: side(b, bLabel), level, ...(note ? { note } : {}), historyDays: days },
      } as RuleDraft,
      name: `${aLabel} × ${bLabel}`,
      basis: row.cell('basis') || INTERACTION_BASIS,
      text: `${aLabel}与${bLabel}${level === 'contraindicated' ? '禁止合用' : '合用须谨慎'}${note ? `：${note}` : ''}`,
      ruleClass: RULE_CLASS,
      drugs: { codes: [...new Set([...a.codes, ...b.codes])], prefixes: [...new Set([...a.prefixes, ...b.prefixes])] },
    },
    effective,
  );
}

/** 回溯天数: empty is 0 (this order only); "7" or "7天". */
function historyDays(row: DrugRow<InteractionColumn>): number | undefined {
  const v = row.cell('historyDays').normalize('NFKC').replace(/\s+/g, '');
  if (!v) return 0;
  const m = /^(\d+)(?:天|日)?$/.exec(v);
  const n = m ? Number(m[1]) : NaN;
  if (Number.isInteger(n) && n >= 0 && n <= 365) return n;
  row.reasons.push(`回溯天数“${row.cell('historyDays')}”应为 0 到 365 的整数天数`);
  return undefined;
}
