import { columnReader, type CsvRecord } from './csv';
import { readCsvForImport, type CsvRead } from './csv-input';
import { firstText, isTrailerRow, looksLikeCode } from './trailer';
import { batchFromFileName, batchFromNumber, fileTitle, type BatchName } from './batch-name';
import { FileReportBuilder } from './report';
import { baseName, type ImportFile, type ImportOptions, type ImportOutcome } from './import-file';
import { numericCodeProblem, splitCodes } from './codes';
import { classByGzCode, classByName, type RuleClass } from './classes/rule-classes';
import type { KnowledgePoint } from './classes/knowledge-point';
import { finishKnowledgeFiles, type KnowledgeFile } from './classes/finish';
import { dateOf } from './local-values';

/**
 * Imports the one-row-per-knowledge-point layout (the 2026 batches, a structured extraction of
 * the whole knowledge base, and update publications): batch, published_at, rule_class, gz_code,
 * item_name, constraint, detect_logic, med_codes, attachment_file, row. A row's rule class comes
 * from rule_class (else gz_code, else the file title), and that class's reader reads it; the
 * constraint text is a limit only where the class says it is one.
 */

export const BATCH_CSV_COLUMNS = ['batch', 'published_at', 'rule_class', 'gz_code', 'item_name', 'constraint', 'detect_logic', 'med_codes', 'attachment_file', 'row'] as const;
const REQUIRED = ['rule_class', 'item_name', 'constraint', 'med_codes'] as const;

/** A header with these columns is a batch CSV (used to tell it from the catalogue). */
export function isBatchCsvHeader(header: readonly string[]): boolean {
  return REQUIRED.every((c) => header.includes(c));
}

type Row = Record<(typeof BATCH_CSV_COLUMNS)[number], string>;

/** A note row in the table ("说明：性别不清…不纳入此规则范畴。"): no codes, a note word first. */
const NOTE_ROW = /^(说明|注|备注)[:：]/;

function batchOf(row: Row, fileBatch: BatchName | undefined, numbered: (n: number) => BatchName): BatchName | undefined {
  const n = Number((row.batch ?? '').trim());
  if (Number.isInteger(n) && n > 0) return numbered(n);
  return (row.batch ?? '').trim() === '' && !(row.published_at ?? '').trim() ? fileBatch : undefined;
}

function classOf(row: Row, title: string, named: (name: string) => RuleClass | undefined): RuleClass | undefined {
  const cell = row.rule_class?.trim();
  if (cell) return named(cell) ?? (row.gz_code?.trim() ? classByGzCode(row.gz_code) : undefined);
  if (row.gz_code?.trim()) return classByGzCode(row.gz_code);
  return title ? named(title) : undefined;
}

/**
 * A file's cells repeat (a class, a date, a batch number on every row): each distinct one is
 * read once per file.
 */
function onceEach<K, T>(read: (key: K) => T): (key: K) => T {
  const known = new Map<K, T>();
  return (key) => {
    if (known.has(key)) return known.get(key)!;
    const value = read(key);
    known.set(key, value);
    return value;
  };
}

/** A record's cells by column, in one object of a fixed shape rather than one key added per cell. */
function rowReader(header: readonly string[]): (record: CsvRecord) => Row {
  const cell = columnReader(header);
  return (record) =>
    ({
      batch: cell(record, 'batch'),
      published_at: cell(record, 'published_at'),
      rule_class: cell(record, 'rule_class'),
      gz_code: cell(record, 'gz_code'),
      item_name: cell(record, 'item_name'),
      constraint: cell(record, 'constraint'),
      detect_logic: cell(record, 'detect_logic'),
      med_codes: cell(record, 'med_codes'),
      attachment_file: cell(record, 'attachment_file'),
      row: cell(record, 'row'),
    }) as Row;
}

/** Reads one batch CSV into knowledge points. Never throws for bad input: problems go into the report. */
export function readNhsaCsvPoints(path: string, read: CsvRead): KnowledgeFile {
  const fileName = baseName(path);
  const report = new FileReportBuilder(fileName, 'nhsa-batch-csv');
  const title = fileTitle(fileName);
  const fileBatch = batchFromFileName(fileName);
  const points: KnowledgePoint[] = [];
  if (!read.ok) {
    report.fail(read.code, read.detail);
    return { points, readReport: report };
  }
  const { table } = read;
  for (const w of read.warnings) report.warn(w);
  const missing = REQUIRED.filter((c) => !table.header.includes(c));
  if (missing.length > 0) {
    report.fail('missing-columns', `missing columns: ${missing.join(', ')}; header: ${table.header.join(', ')}`);
    return { points, readReport: report };
  }

  const batchLabels = new Set<string>();
  const classes = new Set<string>();
  const misfiled = new Map<string, { attachment: string; ruleClass: string }>();
  const rowOf = rowReader(table.header);
  const named = onceEach(classByName);
  const publishedOn = onceEach((cell: string) => dateOf(cell, '发布日期'));
  const numbered = onceEach((n: number) => batchFromNumber(n));
  /** One `batch` member per batch, shared by its points. */
  const pointBatch = onceEach((b: BatchName) => ({ label: b.label, slug: b.slug }));
  for (const record of table.records) {
    const row = rowOf(record);
    const name = row.item_name.trim();
    const text = row.constraint.trim();
    const codes = splitCodes(row.med_codes);
    const identifies = codes.some(looksLikeCode);
    if (isTrailerRow(record.fields, identifies) || (!identifies && NOTE_ROW.test(name))) {
      report.skip({ row: record.row, text: name || firstText(record.fields), reason: 'note or total line under the table' });
      continue;
    }
    report.read();
    const cls = classOf(row, title, named);
    if (!cls) {
      report.notUnderstoodRow({
        row: record.row,
        ...(name ? { name } : {}),
        reason: row.rule_class.trim() ? `规则类别“${row.rule_class.trim()}”不在国家规则库（2025年版）中` : '没有规则类别（rule_class、gz_code 和文件名都未指明）',
      });
      continue;
    }
    classes.add(cls.name);
    // An attachment titled for another class is a known publishing slip: say so, the rule_class decides.
    const attachmentClass = /“([^”]+)”/.exec(row.attachment_file ?? '')?.[1];
    if (attachmentClass && named(attachmentClass) && named(attachmentClass) !== cls) {
      misfiled.set(`${row.attachment_file}\u0000${cls.name}`, { attachment: row.attachment_file!.trim(), ruleClass: cls.name });
    }
    if (!name || codes.length === 0) {
      report.notUnderstoodRow({ row: record.row, ...(name ? { name } : {}), ...(text ? { text } : {}), reason: name ? '没有国家医保编码（med_codes）' : '没有项目名称' });
      continue;
    }
    const numeric = codes.map(numericCodeProblem).find((p) => p !== undefined);
    if (numeric) {
      report.notUnderstoodRow({ row: record.row, name, text: row.med_codes, reason: numeric });
      continue;
    }
    const published = (row.published_at ?? '').trim();
    const date = publishedOn(published);
    const publishedAt = date.ok ? date.value : undefined;
    if (!date.ok) report.warn(`${date.reason}，按未注明日期处理`, record.row);
    const batch = batchOf(row, fileBatch, numbered);
    if (batch) batchLabels.add(batch.label);
    const sourceRow = Number(row.row);
    // Members set one by one, in the order a point's members are listed, without a spread per row.
    const point = {
      classSeq: cls.national.seq,
      classLabel: row.rule_class.trim() || cls.name,
      name,
      text,
      detectLogic: (row.detect_logic ?? '').trim(),
      codes,
    } as KnowledgePoint;
    if (publishedAt) point.publishedAt = publishedAt;
    if (batch) point.batch = pointBatch(batch);
    const gzCode = row.gz_code?.trim();
    if (gzCode) point.gzCode = gzCode;
    point.file = row.attachment_file?.trim() || fileName;
    point.row = Number.isInteger(sourceRow) && sourceRow > 0 ? sourceRow : record.row;
    point.readFile = fileName;
    point.readRow = record.row;
    points.push(point);
  }
  for (const m of misfiled.values()) {
    report.warn(`附件“${m.attachment}”的标题是另一规则类别，该行的规则类别为“${m.ruleClass}”，按规则类别读取；请核对`);
  }
  if (batchLabels.size > 0) report.batch = [...batchLabels].join(', ');
  else if (points.some((p) => p.publishedAt)) report.batch = `更新（${[...new Set(points.map((p) => p.publishedAt).filter(Boolean))].join(', ')}）`;
  if (classes.size > 0) report.detected = [...classes].join(', ');
  return { points, readReport: report };
}

/** Imports one batch CSV on its own. */
export function importNhsaCsvBatch(file: ImportFile, options: ImportOptions = {}): ImportOutcome {
  const bytes = file.bytes instanceof Uint8Array ? file.bytes : new Uint8Array(file.bytes);
  return importNhsaCsvTable(file.name, readCsvForImport(bytes), options);
}

/** The batch import of a CSV already read (import-any reads it once to tell the kind of file). */
export function importNhsaCsvTable(path: string, read: CsvRead, options: ImportOptions = {}): ImportOutcome {
  const knowledge = readNhsaCsvPoints(path, read);
  const [finished] = finishKnowledgeFiles([knowledge], options.parseText);
  return { ...finished!, knowledge };
}
