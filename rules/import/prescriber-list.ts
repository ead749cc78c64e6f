import { parseAntibioticLevel } from '../kinds/antibiotic-levels';
import { prescriberKey, type PrescriberPrivilege } from '../pack/prescribers';
import type { CsvRead } from './csv-input';
import { PRESCRIBER_LIST, type PrescriberColumn } from './hospital-lists';
import { baseName, type ImportOutcome } from './import-file';
import { eachListRow, listTableFromCsv, listTableFromSheets, type ListRow, type ListTableRead } from './list-table';
import { FileReportBuilder } from './report';
import type { WorkbookRead } from './workbook-sheets';

/**
 * Imports the doctors' 处方权 list (hospital-lists.ts PRESCRIBER_LIST) into the pack's settings:
 * one row, one doctor, by 工号 and optionally 医保医师代码. The list is a whole roster: it
 * replaces the pack's list, so a doctor who lost a privilege or left is not judged by an old
 * grant. A row that cannot be read is listed with its row number and every reason at once.
 */

const YES = /^(有|是|y|yes|true|1|√)$/i;
const NO = /^(无|否|n|no|false|0|×)$/i;

/** 姓名/科室/职称 are kept for the clerk's eyes, cut to what the schema allows. */
const label = (text: string, max: number): string | undefined => (text ? Array.from(text).slice(0, max).join('') : undefined);

function readRow(r: ListRow<PrescriberColumn>, seen: Map<string, number>, report: FileReportBuilder): PrescriberPrivilege | undefined {
  const reasons: string[] = [];
  const id = r.cell('id');
  const nhsaCode = r.cell('nhsaCode');
  const name = r.cell('name');
  if (!id) reasons.push('工号为空');
  for (const [what, value] of [['工号', id], ['医保医师代码', nhsaCode]] as const) {
    if (!value) continue;
    if (/\s/.test(value)) reasons.push(`${what}“${value}”不能含空格`);
    else if (value.length > 64) reasons.push(`${what}“${value}”超过 64 个字符`);
    else if (/^\d+(\.\d+)?E\+?\d+$/i.test(value)) reasons.push(`${what}“${value}”被 Excel 存成了科学计数法的数字；请把此列设为文本后重新填写`);
  }
  const levelCell = r.cell('antibioticLevel');
  const level = levelCell ? parseAntibioticLevel(levelCell) : undefined;
  if (levelCell && level === undefined) reasons.push(`抗菌药物处方权“${levelCell}”应为 非限制使用级、限制使用级、特殊使用级 或 无`);
  const narcoticCell = r.cell('narcoticPrivilege');
  const narcotic = YES.test(narcoticCell) ? true : NO.test(narcoticCell) ? false : undefined;
  if (narcoticCell && narcotic === undefined) reasons.push(`麻精药品处方权“${narcoticCell}”应为 有 或 无`);
  if (!levelCell && !narcoticCell) reasons.push('抗菌药物处方权、麻精药品处方权都为空，此行不起作用');
  const keys = [id, nhsaCode].filter(Boolean);
  keys.forEach((key, i) => {
    const earlier = seen.get(prescriberKey(key));
    // The doctor's own 工号 and 医保医师代码 may be the same text.
    if (earlier !== undefined && !(i === 1 && prescriberKey(key) === prescriberKey(id))) reasons.push(`“${key}”与第 ${earlier} 行的医师重复`);
  });
  if (reasons.length > 0) {
    report.notUnderstoodRow({ row: r.row, ...(name ? { name } : {}), text: r.text, reason: reasons.join('；') });
    return undefined;
  }
  for (const key of keys) seen.set(prescriberKey(key), r.row);
  report.used(r.row);
  const entry: PrescriberPrivilege = { id };
  if (nhsaCode) entry.nhsaCode = nhsaCode;
  const [n, d, t] = [label(name, 64), label(r.cell('department'), 64), label(r.cell('title'), 32)];
  if (n) entry.name = n;
  if (d) entry.department = d;
  if (t) entry.title = t;
  if (level !== undefined) entry.antibioticLevel = level;
  if (narcotic !== undefined) entry.narcoticPrivilege = narcotic;
  return entry;
}

function importTable(path: string, read: ListTableRead<PrescriberColumn>): ImportOutcome {
  const report = new FileReportBuilder(baseName(path), 'prescribers');
  if (!read.ok) {
    report.fail(read.code, read.detail);
    return { rules: [], report: report.build([]) };
  }
  report.batch = PRESCRIBER_LIST.title;
  for (const w of read.warnings) report.warn(w);
  const seen = new Map<string, number>();
  const prescribers = eachListRow(PRESCRIBER_LIST, read.table, report, ['id', 'nhsaCode'], (row) => readRow(row, seen, report));
  report.prescribers = prescribers.length;
  return { rules: [], report: report.build([]), prescribers };
}

export const importPrescriberListCsv = (path: string, read: CsvRead): ImportOutcome => importTable(path, listTableFromCsv(PRESCRIBER_LIST, read));

export const importPrescriberListSheets = (path: string, read: WorkbookRead): ImportOutcome => importTable(path, listTableFromSheets(PRESCRIBER_LIST, read));
