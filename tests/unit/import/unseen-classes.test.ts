import { describe, expect, it } from 'vitest';
import { importAnyFile } from '../../../rules/import/import-any';
import { BATCH_CSV_COLUMNS } from '../../../rules/import/nhsa-batch-csv';
import type { RuleInput } from '../../../rules/import/rule-collector';
import { writeXlsx, type CellValue } from '../../../rules/import/xlsx-write';
import type { OrderInput } from '../../../contract/order';
import { check, makeOrder, makePack } from '../../support/builders';
import { plainCsvObjects } from './plain-reading';
import { sharedFile } from './xlsx-fixture';

/**
 * The three drug classes the shared data has no knowledge point of yet — 药品限支付疗程 (2025
 * list no. 10), 药品限医疗机构级别 (12), 药品限就医方式 (13) — as a later publication would bring
 * them: a one-row-per-point CSV and a batch workbook (rules sheet + code sheet), one point per
 * wording the family uses. Each wording is checked by what it does to orders, from the wording's
 * plain meaning: 限支付14天 pays 14 days and not 15; 总时间不超过90天 counts calendar days from the
 * first use; 限门诊和住院使用 refuses an emergency visit; 二级及以上 refuses a 一级 hospital.
 * The drugs are real (第十四批 names and codes); the restriction given to each is made up.
 */

interface Drug {
  name: string;
  codes: string[];
}
const DRUGS: Drug[] = plainCsvObjects(sharedFile('【第十四批】药品限适应症.csv'))
  .map((r) => ({ name: r.item_name!.trim(), codes: r.med_codes!.split(';').filter(Boolean) }))
  .filter((d) => d.codes.length > 0);

type Visit = NonNullable<OrderInput['encounter']['visitType']>;

interface Wording {
  text: string;
  /** Orders that must be flagged and orders that must pass, as encounter / line / history parts. */
  flagged: Case[];
  passes: Case[];
}
interface Case {
  label: string;
  visitType?: Visit;
  level?: 1 | 2 | 3;
  days?: number;
  /** A first use of the drug this many days before the order. */
  firstUseDaysAgo?: number;
}

interface UnseenClass {
  seq: number;
  ruleClass: string;
  /** 限定类型 cell of the workbook, as the batches word it. */
  restrictionType: string;
  kind: string;
  wordings: Wording[];
}

const course14: Omit<Wording, 'text'> = {
  flagged: [{ label: '15 days', days: 15 }],
  passes: [{ label: '14 days', days: 14 }],
};
const inAndOut: Omit<Wording, 'text'> = {
  flagged: [{ label: 'emergency', visitType: 'emergency' }],
  passes: [{ label: 'outpatient', visitType: 'outpatient' }, { label: 'inpatient', visitType: 'inpatient' }],
};
const levelTwoUp: Omit<Wording, 'text'> = {
  flagged: [{ label: '一级', level: 1 }],
  passes: [{ label: '二级', level: 2 }, { label: '三级', level: 3 }],
};

const CLASSES: UnseenClass[] = [
  {
    seq: 10,
    ruleClass: '药品限支付疗程',
    restrictionType: '限定支付疗程',
    kind: 'course',
    wordings: [
      { text: '14天', ...course14 },
      { text: '限支付14天', ...course14 },
      { text: '支付不超过14天', ...course14 },
      // The value column holding the number alone: days are the unit of a 疗程.
      { text: '14', ...course14 },
      {
        // A calendar span from the first use, whatever the days billed in between.
        text: '总时间不超过90天',
        flagged: [{ label: 'first use 80 days ago, 14 more days (day 94)', days: 14, firstUseDaysAgo: 80 }],
        passes: [{ label: 'first use 80 days ago, 10 more days (day 90)', days: 10, firstUseDaysAgo: 80 }, { label: 'no earlier use, 30 days', days: 30 }],
      },
    ],
  },
  {
    seq: 12,
    ruleClass: '药品限医疗机构级别',
    restrictionType: '限定医疗机构级别',
    kind: 'institution-level',
    wordings: [
      { text: '二级及以上', ...levelTwoUp },
      { text: '限三级医院', flagged: [{ label: '一级', level: 1 }, { label: '二级', level: 2 }], passes: [{ label: '三级', level: 3 }] },
      { text: '二级及以上医疗机构', ...levelTwoUp },
    ],
  },
  {
    seq: 13,
    ruleClass: '药品限就医方式',
    restrictionType: '限定就医方式',
    kind: 'visit-type',
    wordings: [
      { text: '门诊、住院', ...inAndOut },
      { text: '限门诊和住院使用', ...inAndOut },
      {
        text: '住院或急诊',
        flagged: [{ label: 'outpatient', visitType: 'outpatient' }],
        passes: [{ label: 'inpatient', visitType: 'inpatient' }, { label: 'emergency', visitType: 'emergency' }],
      },
      {
        text: '限门急诊',
        flagged: [{ label: 'inpatient', visitType: 'inpatient' }],
        passes: [{ label: 'outpatient', visitType: 'outpatient' }, { label: 'emergency', visitType: 'emergency' }],
      },
    ],
  },
];

/** Wordings the importer reads wrongly today: `${seq}|${text}` → why (the case is `it.fails`). */
const KNOWN_WRONG: Record<string, string> = {};

/** One drug per point, different for every point of every class, so no two rules share a code. */
const points = CLASSES.flatMap((c) => c.wordings.map((w) => ({ cls: c, wording: w })));
const drugOf = new Map(points.map((p, i) => [p, DRUGS[i]!]));

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
function knowledgeCsv(): Uint8Array {
  const lines = [BATCH_CSV_COLUMNS.join(',')];
  points.forEach((p, i) => {
    const d = drugOf.get(p)!;
    const row: Record<(typeof BATCH_CSV_COLUMNS)[number], string> = {
      batch: '',
      // Before the orders' date: a rule is in force from its publication.
      published_at: '2026-11-01',
      rule_class: p.cls.ruleClass,
      gz_code: '',
      item_name: d.name,
      constraint: p.wording.text,
      detect_logic: '',
      med_codes: d.codes.join(';'),
      attachment_file: '药品限定支付范围更新.xlsx',
      row: String(i + 1),
    };
    lines.push(BATCH_CSV_COLUMNS.map((c) => csvCell(row[c])).join(','));
  });
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

function batchWorkbook(): Uint8Array {
  const rules: CellValue[][] = [['序号', '药品名称', '限定类型', '限定内容']];
  const codes: CellValue[][] = [['药品名称', '序号', '国家医保编码']];
  points.forEach((p, i) => {
    const d = drugOf.get(p)!;
    rules.push([i + 1, d.name, p.cls.restrictionType, p.wording.text]);
    d.codes.forEach((c, n) => codes.push([d.name, n + 1, c]));
  });
  return writeXlsx([{ name: '规则', rows: rules }, { name: '编码', rows: codes }]);
}

/** One workbook per class whose value column is headed by the restriction itself (限定支付疗程 …), no 限定类型. */
function valueHeaderWorkbook(cls: UnseenClass): Uint8Array {
  const mine = points.filter((p) => p.cls === cls);
  const rules: CellValue[][] = [['药品名称', cls.restrictionType], ...mine.map((p) => [drugOf.get(p)!.name, p.wording.text])];
  const codes: CellValue[][] = [['药品名称', '国家医保编码'], ...mine.flatMap((p) => drugOf.get(p)!.codes.map((c) => [drugOf.get(p)!.name, c]))];
  return writeXlsx([{ name: '规则', rows: rules }, { name: '编码', rows: codes }]);
}

const FORMATS = [
  { format: 'knowledge-point CSV', outcomes: [importAnyFile({ name: '药品限定支付范围更新.csv', bytes: knowledgeCsv() })] },
  { format: 'batch workbook with 限定类型', outcomes: [importAnyFile({ name: '【第十六批】药品规则库（限定支付范围）.xlsx', bytes: batchWorkbook() })] },
  {
    format: 'batch workbook per class, value column headed by the restriction',
    outcomes: CLASSES.map((c) => importAnyFile({ name: `【第十七批】药品规则库（${c.restrictionType}）.xlsx`, bytes: valueHeaderWorkbook(c) })),
  },
];

const DAY_MS = 86_400_000;
const ORDER_DATE = '2026-11-22';
const daysBefore = (n: number) => new Date(Date.parse(`${ORDER_DATE}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);

function orderFor(drug: Drug, c: Case) {
  return makeOrder({
    encounter: { date: ORDER_DATE, visitType: c.visitType ?? 'outpatient', institutionLevel: c.level ?? 3 },
    lines: [{ id: '1', code: drug.codes[0]!, name: drug.name, kind: 'drug', quantity: 1, days: c.days ?? 3 }],
    ...(c.firstUseDaysAgo !== undefined ? { history: [{ date: daysBefore(c.firstUseDaysAgo), code: drug.codes[0]!, days: 1, quantity: 1 }] } : {}),
  });
}

describe.each(FORMATS)('classes the shared data lacks, as a $format', ({ outcomes }) => {
  const rules = outcomes.flatMap((o) => o.rules);
  const reports = outcomes.map((o) => o.report);
  const pack = makePack(rules as never);

  it('every point is read and accounted for, by its class', () => {
    for (const report of reports) {
      expect(report.error).toBeUndefined();
      expect(report.rowsUsed + report.notUnderstood.length).toBe(report.rowsRead);
    }
    expect(reports.reduce((n, r) => n + r.rowsRead, 0)).toBe(points.length);
    expect(Object.fromEntries(reports.flatMap((r) => r.classes ?? []).map((c) => [c.seq, c.points]))).toEqual(
      Object.fromEntries(CLASSES.map((c) => [c.seq, c.wordings.length])),
    );
  });

  for (const p of points) {
    const known = KNOWN_WRONG[`${p.cls.seq}|${p.wording.text}`];
    const run = known ? it.fails : it;
    run(`${p.cls.ruleClass} “${p.wording.text}”${known ? ` — read wrongly: ${known}` : ''}`, () => {
      const drug = drugOf.get(p)!;
      const own = rules.filter((r: RuleInput) => r.match.codes?.includes(drug.codes[0]!));
      expect(own.map((r) => [r.kind, r.source?.ruleClass, r.id])).toEqual([[p.cls.kind, p.cls.ruleClass, `nhsa-r${p.cls.seq}-${p.cls.kind}-${drug.name}`]]);
      for (const c of p.wording.flagged) {
        expect(check(pack, orderFor(drug, c)).findings.map((f) => [f.kind, f.lineId]), c.label).toEqual([[p.cls.kind, '1']]);
      }
      for (const c of p.wording.passes) {
        expect(check(pack, orderFor(drug, c)).findings, c.label).toEqual([]);
      }
    });
  }
});
