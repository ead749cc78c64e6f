import { recordObject } from './csv';
import { readCsvForImport, type CsvRead } from './csv-input';
import { firstText, isTrailerRow, looksLikeCode } from './trailer';
import { batchFromFileName, batchFromNumber, fileTitle, type BatchName } from './batch-name';
import { FileReportBuilder } from './report';
import { RuleCollector, idPart } from './rule-collector';
import { baseName, type ImportFile, type ImportOptions, type ImportOutcome } from './import-file';
import { draftsFromText, leftoverMessages } from './drafts';
import type { RuleDraft } from './restriction-text';
import { splitCodes } from './codes';

/**
 * Imports the 2026 two-libs batches (第九批 onward) in their structured CSV shape, one row per
 * knowledge point: batch, published_at, rule_class, gz_code, item_name, constraint, detect_logic,
 * med_codes, attachment_file, row. What a row means is decided by its rule_class.
 */

export const BATCH_CSV_COLUMNS = ['batch', 'published_at', 'rule_class', 'gz_code', 'item_name', 'constraint', 'detect_logic', 'med_codes', 'attachment_file', 'row'] as const;
const REQUIRED = ['rule_class', 'item_name', 'constraint', 'med_codes'] as const;

/** A header with these columns is a batch CSV (used to tell it from the catalogue). */
export function isBatchCsvHeader(header: readonly string[]): boolean {
  return REQUIRED.every((c) => header.includes(c));
}

type Row = Record<(typeof BATCH_CSV_COLUMNS)[number], string>;

type RuleClass = 'second-line' | 'internet' | 'herbal-self-pay' | 'indication' | 'other';

export function ruleClassOf(ruleClass: string): RuleClass {
  if (/二线/.test(ruleClass)) return 'second-line';
  if (/互联网/.test(ruleClass)) return 'internet';
  if (/中药饮片/.test(ruleClass) && /不予支付/.test(ruleClass)) return 'herbal-self-pay';
  if (/适应症|支付范围/.test(ruleClass)) return 'indication';
  return 'other';
}

/**
 * 中药饮片: "单独使用时统筹基金不予支付，且全部由这些饮片组成的处方…也不予支付" is the sole-use
 * condition; "不得纳入基金支付范围" (单复方均不予支付) is never paid. The text decides; the class
 * name is the fallback.
 */
export function herbalCondition(ruleClass: string, constraint: string): 'sole-use' | 'always' {
  if (/单独使用|单方使用/.test(constraint)) return 'sole-use';
  if (/不得纳入|均不予支付|单复方/.test(constraint)) return 'always';
  return /单复方均/.test(ruleClass) ? 'always' : 'sole-use';
}

function batchOf(row: Row, fileBatch: BatchName | undefined, title: string): BatchName | undefined {
  const n = Number(row.batch);
  if (Number.isInteger(n) && n > 0) return batchFromNumber(n, row.rule_class || title);
  return fileBatch;
}

/** Imports one batch CSV. Never throws for bad input: problems go into the report. */
export function importNhsaCsvBatch(file: ImportFile, options: ImportOptions = {}): ImportOutcome {
  const bytes = file.bytes instanceof Uint8Array ? file.bytes : new Uint8Array(file.bytes);
  return importNhsaCsvTable(file.name, readCsvForImport(bytes), options);
}

/** The batch import of a CSV already read (import-any reads it once to tell the kind of file). */
export function importNhsaCsvTable(path: string, read: CsvRead, options: ImportOptions = {}): ImportOutcome {
  const fileName = baseName(path);
  const report = new FileReportBuilder(fileName, 'nhsa-batch-csv');
  const collector = new RuleCollector(report);
  const title = fileTitle(fileName);
  const fileBatch = batchFromFileName(fileName);

  if (!read.ok) {
    report.fail(read.code, read.detail);
    return { rules: [], report: report.build([]) };
  }
  const { table } = read;
  for (const w of read.warnings) report.warn(w);
  const missing = REQUIRED.filter((c) => !table.header.includes(c));
  if (missing.length > 0) {
    report.fail('missing-columns', `missing columns: ${missing.join(', ')}; header: ${table.header.join(', ')}`);
    return { rules: [], report: report.build([]) };
  }

  const classes = new Set<string>();
  const herbal = new Map<'sole-use' | 'always', { ruleClass: string; text: string; gzCode: string; attachment: string; sourceRow: number; batch: BatchName; codes: string[]; rows: number[] }>();
  const batchLabels = new Set<string>();

  for (const record of table.records) {
    const row = recordObject(table.header, record) as Row;
    const name = row.item_name.trim();
    const constraint = row.constraint.trim();
    const codes = splitCodes(row.med_codes);
    if (isTrailerRow(record.fields, codes.some(looksLikeCode) || Boolean(row.gz_code?.trim()))) {
      report.skip({ row: record.row, text: firstText(record.fields), reason: 'note or total line under the table' });
      continue;
    }
    report.read();
    const batch = batchOf(row, fileBatch, title);
    if (!batch) {
      report.notUnderstoodRow({ row: record.row, name, reason: 'no batch number in the row or the file name' });
      continue;
    }
    batchLabels.add(batch.label);
    if (!name || codes.length === 0) {
      report.notUnderstoodRow({ row: record.row, ...(name ? { name } : {}), ...(constraint ? { text: constraint } : {}), reason: name ? 'no national codes (med_codes)' : 'no item name' });
      continue;
    }
    const ruleClass = row.rule_class.trim();
    classes.add(ruleClass);
    const cls = ruleClassOf(ruleClass);
    const sourceRow = Number(row.row);
    const source = {
      batch: batch.label,
      ...(row.gz_code?.trim() ? { gzCode: row.gz_code.trim() } : {}),
      file: row.attachment_file?.trim() || fileName,
      row: Number.isInteger(sourceRow) && sourceRow > 0 ? sourceRow : record.row,
    };
    const basis = `国家医保局两库 ${batch.label} ${ruleClass || title}`.trim();
    const seed = (draft: RuleDraft) =>
      collector.add({
        id: `nhsa-${batch.slug}-${draft.kind}-${idPart(name)}`,
        draft,
        name,
        basis,
        ...(constraint ? { text: constraint } : {}),
        source,
        codes,
        rows: [record.row],
      });

    if (cls === 'herbal-self-pay') {
      const condition = herbalCondition(ruleClass, constraint);
      const group = herbal.get(condition);
      if (group) {
        for (const c of codes) if (!group.codes.includes(c)) group.codes.push(c);
        group.rows.push(record.row);
      } else {
        herbal.set(condition, { ruleClass, text: constraint, gzCode: row.gz_code?.trim() ?? '', attachment: row.attachment_file?.trim() ?? '', sourceRow: source.row, batch, codes: [...codes], rows: [record.row] });
      }
      continue;
    }
    if (cls === 'internet') {
      seed({ kind: 'visit-type', params: { forbidInternet: true } } as RuleDraft);
      continue;
    }
    const read = draftsFromText(constraint, options.parseText);
    const leftovers = leftoverMessages(read);
    if (cls === 'second-line') {
      // The class itself says 二线; the parser may add the first-line therapy it found in the text.
      seed(read.drafts.find((d) => d.kind === 'second-line') ?? ({ kind: 'second-line', params: {} } as RuleDraft));
      for (const d of read.drafts) if (d.kind !== 'second-line') seed(d);
      for (const note of leftovers) report.warn(note, record.row);
      continue;
    }
    if (read.drafts.length === 0) {
      const why = read.leftovers.map((l) => l.reason).join('; ');
      const base = cls === 'indication' ? 'indication text not understood' : `rule class "${ruleClass}" is not known and its text was not understood`;
      report.notUnderstoodRow({ row: record.row, name, ...(constraint ? { text: constraint } : {}), reason: why ? `${base} (${why})` : base });
      continue;
    }
    for (const d of read.drafts) seed(d);
    for (const note of leftovers) report.warn(note, record.row);
  }

  for (const [condition, g] of herbal) {
    const attachmentClass = /“([^”]+)”/.exec(g.attachment)?.[1];
    if (attachmentClass && attachmentClass !== g.ruleClass) {
      report.warn(`attachment "${g.attachment}" names 「${attachmentClass}」 but rule_class is 「${g.ruleClass}」; the constraint text decided: ${condition}`);
    }
    collector.add({
      id: `nhsa-${g.batch.slug}-self-pay-${condition}`,
      draft: { kind: 'self-pay', params: { condition, familyPrefix: 'T' } } as RuleDraft,
      name: g.ruleClass,
      basis: `国家医保局两库 ${g.batch.label} ${g.ruleClass}`,
      ...(g.text ? { text: g.text } : {}),
      source: { batch: g.batch.label, ...(g.gzCode ? { gzCode: g.gzCode } : {}), file: g.attachment || fileName, row: g.sourceRow },
      codes: g.codes,
      rows: g.rows,
    });
  }

  if (batchLabels.size > 0) report.batch = [...batchLabels].join(', ');
  if (classes.size > 0) report.detected = [...classes].join(', ');
  const rules = collector.finish();
  return { rules, report: report.build(rules) };
}
