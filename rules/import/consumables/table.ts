import { lostLeadingZeros, numericCodeProblem, splitCodes } from '../codes';
import type { ListTemplate } from '../hospital-lists';
import { baseName, type ImportOutcome } from '../import-file';
import { eachListRow, type ListRow, type ListTableRead } from '../list-table';
import { dateOf, severityOf, yesNoOf, type Reading } from '../local-values';
import { LOCAL_BASIS } from '../local-rules';
import { FileReportBuilder, type Importer } from '../report';
import { RuleCollector, type RuleSeed } from '../rule-collector';
import type { CommonColumn } from './template';
import { CONSUMABLE_CODE } from './values';

/**
 * What every row of the two 医用耗材 lists shares, after the checks of every hospital list
 * (list-table.ts: 合计 lines, Excel error values): the consumable codes, the rule fields (严重程度 …
 * 启用) and what each seed carries. A row's own reader (pairs.ts, limits.ts) adds its reasons; a
 * row with any is listed with its number and every reason at once, never dropped.
 */
export class RowReader<C extends string> {
  readonly reasons: string[] = [];
  readonly warnings: string[] = [];

  constructor(private readonly row: ListRow<C>) {}

  get number(): number {
    return this.row.row;
  }

  /** Both lists have the common columns (template.ts), so they are this list's columns too. */
  cell(column: C | CommonColumn): string {
    return this.row.cell(column as C);
  }

  take<T>(reading: Reading<T>): T | undefined {
    if (reading.ok) return reading.value;
    this.reasons.push(reading.reason);
    return undefined;
  }

  /** The consumable codes (or prefixes): C codes only, with a reason naming what else was written. */
  consumableCodes(column: C & ('codes' | 'prefixes')): string[] {
    const codes = splitCodes(this.cell(column).normalize('NFKC').toUpperCase());
    for (const code of codes) {
      const problem = numericCodeProblem(code);
      if (problem) this.reasons.push(problem);
      else if (/^\d{15}$/.test(code) || lostLeadingZeros(code)) this.reasons.push(`“${code}”是医疗服务项目编码，不是耗材编码`);
      else if (/^[XZT]/.test(code)) this.reasons.push(`“${code}”是药品编码，不是耗材编码`);
      else if (column === 'codes' && !CONSUMABLE_CODE.test(code)) this.reasons.push(`耗材医保编码“${code}”不是 C 开头的 27 位（或 20 位）国家医保耗材代码`);
      else if (column === 'prefixes' && !/^C[0-9A-Z]{1,25}$/.test(code)) this.reasons.push(`耗材编码前缀“${code}”应为 C 开头、短于 27 位的代码开头`);
    }
    return codes;
  }

  /** 严重程度, 是否拦截, 启用 and the dates, as the local rules template reads them. */
  ruleFields(): NonNullable<RuleSeed['fields']> {
    const severity = this.take(severityOf(this.cell('severity')));
    const interruptive = this.take(yesNoOf(this.cell('interruptive'), '是否拦截'));
    const enabled = this.take(yesNoOf(this.cell('enabled'), '启用'));
    const from = this.take(dateOf(this.cell('from'), '生效日期'));
    const to = this.take(dateOf(this.cell('to'), '失效日期'));
    if (from && to && from > to) this.reasons.push(`生效日期 ${from} 晚于失效日期 ${to}`);
    const effective = from || to ? { ...(from ? { from } : {}), ...(to ? { to } : {}) } : undefined;
    return {
      ...(severity ? { severity } : {}),
      ...(interruptive !== undefined ? { interruptive } : {}),
      ...(enabled !== undefined ? { enabled } : {}),
      ...(effective ? { effective } : {}),
    };
  }

  /** What every seed of the row carries: name, 依据, 提示语, its place in the file, its fields. */
  seedBase(fileName: string, fields: NonNullable<RuleSeed['fields']>): Pick<RuleSeed, 'basis' | 'source' | 'rows'> & Partial<Pick<RuleSeed, 'name' | 'text' | 'fields'>> {
    const name = this.cell('name');
    const text = this.cell('text');
    return {
      ...(name ? { name } : {}),
      basis: this.cell('basis') || LOCAL_BASIS,
      ...(text ? { text } : {}),
      source: { file: fileName, row: this.row.row },
      rows: [this.row.row],
      ...(Object.keys(fields).length ? { fields } : {}),
    };
  }
}

/** Reads one row into seeds, or leaves its reasons on the reader. */
export type RowSeeds<C extends string> = (reader: RowReader<C>, fileName: string) => RuleSeed[];

export function importConsumableList<C extends string>(
  template: ListTemplate<C>,
  importer: Importer,
  path: string,
  read: ListTableRead<C>,
  readRow: RowSeeds<C>,
): ImportOutcome {
  const fileName = baseName(path);
  const report = new FileReportBuilder(fileName, importer);
  if (!read.ok) {
    report.fail(read.code, read.detail);
    return { rules: [], report: report.build([]) };
  }
  report.batch = `本院${template.title}`;
  for (const w of read.warnings) report.warn(w);
  const collector = new RuleCollector(report);
  const kinds = new Set<string>();
  const keys = template.columns.filter((c) => c.column === 'codes' || c.column === 'prefixes').map((c) => c.column);
  eachListRow(template, read.table, report, keys, (row) => {
    const reader = new RowReader(row);
    const seeds = readRow(reader, fileName);
    if (reader.reasons.length > 0 || seeds.length === 0) {
      const name = reader.cell('name');
      report.notUnderstoodRow({ row: row.row, ...(name ? { name } : {}), text: row.text, reason: reader.reasons.join('；') || '没有可生成的规则' });
      return undefined;
    }
    for (const w of reader.warnings) report.warn(w, row.row);
    for (const seed of seeds) {
      kinds.add(seed.draft.kind);
      collector.add(seed);
    }
    return seeds;
  });
  report.detected = [...kinds].join(', ') || undefined;
  const rules = collector.finish();
  return { rules, report: report.build(rules) };
}
