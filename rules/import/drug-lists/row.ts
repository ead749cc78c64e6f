import { lostLeadingZeros, numericCodeProblem, splitCodes } from '../codes';
import type { ListTemplate } from '../hospital-lists';
import { baseName, type ImportOutcome } from '../import-file';
import { eachListRow, type ListRow, type ListTableRead } from '../list-table';
import { dateOf, type Reading } from '../local-values';
import { FileReportBuilder, type Importer } from '../report';
import { RuleCollector, type RuleSeed } from '../rule-collector';

/**
 * What every row of the hospital's drug lists shares, after the checks of every hospital list
 * (list-table.ts: 合计 lines, Excel error values): the drugs a row names (codes, prefixes, an ATC
 * class), 禁用/慎用, the dates, and what each seed carries. A list's own reader adds its reasons;
 * a row with any is listed with its number and every reason at once, never dropped.
 */

/** The drugs a row names: national codes, and prefixes (ATC classes already turned into X + class). */
export interface Drugs {
  codes: string[];
  prefixes: string[];
  /** The first code or prefix: the rule id follows it, so a new edition updates the same rule. */
  key: string;
}

export type Level = 'contraindicated' | 'caution';
export const LEVEL_ZH: Readonly<Record<Level, string>> = { contraindicated: '禁用', caution: '慎用' };

const norm = (cell: string) => cell.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

/** Why a cell's code is not a drug's national code (X 西药, Z 中成药, T 中药饮片), or undefined. */
function drugCodeProblem(code: string, what: string): string | undefined {
  const numeric = numericCodeProblem(code);
  if (numeric) return numeric;
  if (/^\d{15}$/.test(code) || lostLeadingZeros(code)) return `${what}“${code}”是医疗服务项目编码，不是药品编码`;
  if (/^C\d/.test(code)) return `${what}“${code}”是医用耗材编码，不是药品编码`;
  if (!/^[XZT][0-9A-Z]+$/.test(code)) return `${what}“${code}”不是国家医保药品编码（西药 X、中成药 Z、饮片 T 开头）`;
  return undefined;
}

const FULL_LENGTH: Readonly<Record<string, number>> = { X: 23, Z: 20 };

export class DrugRow<C extends string> {
  readonly reasons: string[] = [];
  readonly warnings: string[] = [];

  constructor(readonly row: ListRow<C>) {}

  cell(column: C): string {
    return this.row.cell(column);
  }

  take<T>(reading: Reading<T>): T | undefined {
    if (reading.ok) return reading.value;
    this.reasons.push(reading.reason);
    return undefined;
  }

  /**
   * The drugs of a row's code, prefix and ATC columns (`who` names them in reasons: 药品, 药品A).
   * Undefined, with a reason, when none is filled: a rule is found by code, never by name.
   */
  drugs(columns: { codes: C; prefixes: C; atc?: C; name: C }, who: string): Drugs | undefined {
    const codes = splitCodes(norm(this.cell(columns.codes)));
    const prefixes = splitCodes(norm(this.cell(columns.prefixes)));
    const atcs = columns.atc ? splitCodes(norm(this.cell(columns.atc))) : [];
    for (const code of codes) {
      const problem = drugCodeProblem(code, `${who}医保编码`);
      if (problem) this.reasons.push(problem);
      else if (FULL_LENGTH[code[0]!] !== undefined && code.length !== FULL_LENGTH[code[0]!]) {
        this.warnings.push(`${who}医保编码“${code}”有 ${code.length} 位，国家医保${code[0] === 'X' ? '西药编码为 23' : '中成药编码为 20'} 位；不足时请改填到“编码前缀”列，或核对`);
      }
    }
    for (const prefix of prefixes) {
      const problem = drugCodeProblem(prefix, `${who}编码前缀`);
      if (problem) this.reasons.push(problem);
      else if (prefix.length < 3) this.reasons.push(`${who}编码前缀“${prefix}”太短，会匹配一整类药品；请至少写到 ATC 分类（如 XB01AC）`);
    }
    for (const atc of atcs) {
      const code = atc.replace(/^X(?=[A-Z]\d)/, '');
      if (/^[A-Z]\d{2}[A-Z]{2}\d{2}$/.test(code)) {
        this.reasons.push(`${who} ATC分类“${atc}”是第 5 级（具体药物）：医保西药编码只含到第 4 级（5 位），请改填该药品的医保编码或编码前缀`);
      } else if (/^[A-Z]\d{2}(?:[A-Z]{1,2})?$/.test(code)) prefixes.push(`X${code}`);
      else this.reasons.push(`${who} ATC分类“${atc}”不是 ATC 编码（如 B01AC、G04BE、N02A）`);
    }
    if (codes.length + prefixes.length === 0) {
      if (atcs.length === 0) {
        const name = this.cell(columns.name);
        this.reasons.push(name ? `${who}“${name}”没有医保编码、编码前缀或 ATC 分类：审核按编码匹配医嘱，只有名称无法匹配` : `${who}没有医保编码、编码前缀或 ATC 分类`);
      }
      return undefined;
    }
    return { codes: [...new Set(codes)], prefixes: [...new Set(prefixes)], key: codes[0] ?? prefixes[0]! };
  }

  /** 禁用 or 慎用 (and the words a list uses for them); `fallback` when the cell may stay empty. */
  level(column: C, header: string, fallback?: Level): Level | undefined {
    const v = norm(this.cell(column));
    if (!v) {
      if (fallback) return fallback;
      this.reasons.push(`${header}为空，应为 禁用 或 慎用`);
      return undefined;
    }
    if (/^(禁用|禁止|禁忌|禁止合用|避免合用|禁止使用|CONTRAINDICATED)$/.test(v)) return 'contraindicated';
    if (/^(慎用|谨慎|注意|合用须谨慎|谨慎使用|CAUTION)$/.test(v)) return 'caution';
    this.reasons.push(`${header}“${this.cell(column)}”应为 禁用 或 慎用`);
    return undefined;
  }

  /** 生效日期 and 失效日期, as every template reads them. */
  effective(from: C, to: C): { from?: string; to?: string } | undefined {
    const start = this.take(dateOf(this.cell(from), '生效日期'));
    const end = this.take(dateOf(this.cell(to), '失效日期'));
    if (start && end && start > end) this.reasons.push(`生效日期 ${start} 晚于失效日期 ${end}`);
    return start || end ? { ...(start ? { from: start } : {}), ...(end ? { to: end } : {}) } : undefined;
  }
}

/** Reads one row into a seed, or leaves its reasons on the row. */
export type ReadDrugRow<C extends string> = (row: DrugRow<C>, fileName: string) => RuleSeed | undefined;

/** Seed fields every list's rule has: drug lines only (item lines for the 诊疗项目 lists), its row, its dates. */
export function seedOf<C extends string>(
  row: DrugRow<C>,
  fileName: string,
  seed: Pick<RuleSeed, 'id' | 'draft' | 'basis'> & Partial<Pick<RuleSeed, 'name' | 'text'>> & { ruleClass: string; drugs: { codes: readonly string[]; prefixes: readonly string[] } },
  effective: { from?: string; to?: string } | undefined,
  lineKind: 'drug' | 'item' = 'drug',
): RuleSeed {
  const { ruleClass, drugs, ...rest } = seed;
  return {
    ...rest,
    source: { ruleClass, file: fileName, row: row.row.row },
    ...(drugs.codes.length ? { codes: [...drugs.codes] } : {}),
    ...(drugs.prefixes.length ? { prefixes: [...drugs.prefixes] } : {}),
    lineKinds: [lineKind],
    ...(effective ? { fields: { effective } } : {}),
    rows: [row.row.row],
  };
}

/** A list's table into rules: each row through `readRow`, broken rows reported with every reason. */
export function importDrugList<C extends string>(
  template: ListTemplate<C>,
  importer: Importer,
  path: string,
  read: ListTableRead<C>,
  keys: readonly C[],
  nameColumn: C,
  readRow: ReadDrugRow<C>,
): ImportOutcome {
  const fileName = baseName(path);
  const report = new FileReportBuilder(fileName, importer);
  if (!read.ok) {
    report.fail(read.code, read.detail);
    return { rules: [], report: report.build([]) };
  }
  report.batch = `本院${template.title}表`;
  for (const w of read.warnings) report.warn(w);
  const collector = new RuleCollector(report);
  const kinds = new Set<string>();
  eachListRow(template, read.table, report, keys, (listRow) => {
    const row = new DrugRow(listRow);
    const seed = readRow(row, fileName);
    if (row.reasons.length > 0 || !seed) {
      const name = row.cell(nameColumn);
      report.notUnderstoodRow({ row: listRow.row, ...(name ? { name } : {}), text: listRow.text, reason: row.reasons.join('；') || '没有可生成的规则' });
      return undefined;
    }
    for (const w of row.warnings) report.warn(w, listRow.row);
    kinds.add(seed.draft.kind);
    collector.add(seed);
    return seed;
  });
  report.detected = [...kinds].join(', ') || undefined;
  const rules = collector.finish();
  return { rules, report: report.build(rules) };
}
