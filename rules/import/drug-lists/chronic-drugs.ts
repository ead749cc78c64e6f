import type { CsvRead } from '../csv-input';
import type { ListTemplate } from '../hospital-lists';
import { baseName, type ImportOutcome } from '../import-file';
import { eachListRow, listTableFromCsv, listTableFromSheets, type ListTableRead } from '../list-table';
import { FileReportBuilder } from '../report';
import type { RuleDraft } from '../restriction-text';
import { RuleCollector } from '../rule-collector';
import type { WorkbookRead } from '../workbook-sheets';
import { DrugRow } from './row';
import { diseaseNameKey, foldedCode } from '../../kinds/chronic-drug';

/**
 * The 门诊慢特病病种用药范围表 (2025 list no. 11 药品超限定病种目录范围使用): one row per 病种 and
 * drug (or drug class), as the 统筹区 publishes each 病种's 用药范围 and the hospital keeps it. Unlike
 * the other drug lists, the rows make one rule (`chronic-drugs`, kind `chronic-drug`) holding every
 * 病种's list: whether a drug is outside the scope is decided against all the lists of the visit's
 * 病种 at once, and a drug that no row names is exactly what the rule is about.
 */

export type ChronicDrugColumn = 'diseaseCode' | 'diseaseName' | 'codes' | 'prefixes' | 'atc' | 'name' | 'note' | 'basis';

export const CHRONIC_DRUG_BASIS = '本统筹区门诊慢特病病种用药范围（本院门诊慢特病病种用药范围表）';
const RULE_CLASS = '药品超限定病种目录范围使用';
export const CHRONIC_DRUG_RULE_ID = 'chronic-drugs';

export const CHRONIC_DRUG_LIST: ListTemplate<ChronicDrugColumn> = {
  title: '门诊慢特病病种用药范围',
  columns: [
    { column: 'diseaseCode', header: '病种编码', aliases: ['慢特病病种编码', '门慢特病种编码', '病种代码'], help: '可空。国家门诊慢特病病种编码（如 M03900 高血压病、M01600 糖尿病），与医嘱页面或接口给出的病种编码一致。' },
    { column: 'diseaseName', header: '病种名称', aliases: ['慢特病病种名称', '门慢特病种', '病种'], help: '必填。如 高血压病；页面只显示病种名称时按名称对应（“高血压”与“高血压病”视为同一病种）。' },
    { column: 'codes', header: '药品医保编码', aliases: ['医保编码', '国家医保编码'], help: '药品 23 位（西药）、20 位（中成药）或饮片 T 开头的国家医保编码；多个用分号分隔。请把此列设为“文本”格式。' },
    { column: 'prefixes', header: '药品编码前缀', aliases: ['编码前缀'], help: '可空。按编码开头匹配，如药品编码前 12 位（同一药品的所有规格、厂家）。' },
    { column: 'atc', header: '药品 ATC分类', aliases: ['ATC分类', 'ATC'], help: '可空。按类别列入范围时填西药 ATC 分类（至多 5 位，如 C09 作用于肾素-血管紧张素系统的药物、C08CA）。' },
    { column: 'name', header: '药品名称', aliases: ['通用名', '药品通用名'], help: '用于核对。医保编码、编码前缀、ATC分类至少填一个：审核按编码匹配医嘱。' },
    { column: 'note', header: '说明', aliases: ['备注'], help: '可空，仅供核对。' },
    { column: 'basis', header: '依据', aliases: ['政策依据', '文件依据'], help: `可空，默认“${CHRONIC_DRUG_BASIS}”。写统筹区文件名称和文号（取第一个非空值）。` },
  ],
  required: ['diseaseName'],
  oneOf: ['codes', 'prefixes', 'atc'],
  textColumns: ['diseaseCode', 'codes', 'prefixes', 'atc'],
  widths: { diseaseCode: 12, diseaseName: 16, codes: 28, prefixes: 16, atc: 10, name: 24, note: 24, basis: 30 },
  notes: [
    ['注意', '每行一个病种与一种药品（或一类药品）；同一病种的药品写多行。整张表导入为一条规则，重新导入时整张替换。'],
    ['判断', '只在门诊慢特病就诊、且页面或接口给出了登记病种时判断：该次就诊的每个病种都在本表中，药品却不在其中任何一个病种的范围内，才提示“医保不予支付（超出该慢特病病种用药范围）”。病种不在本表中、不是慢特病就诊、自费药品，都不提示。'],
    ['类别', '一个病种只列了西药时，中成药、饮片不按该病种判断（按编码首字母 X 西药、Z 中成药、T 饮片）；要管到中成药或饮片，就把该病种可用的中成药、饮片也列上。'],
  ],
};


interface Gathered {
  code?: string;
  name: string;
  codes: Set<string>;
  prefixes: Set<string>;
}

function importTable(path: string, read: ListTableRead<ChronicDrugColumn>): ImportOutcome {
  const fileName = baseName(path);
  const report = new FileReportBuilder(fileName, 'chronic-drugs');
  if (!read.ok) {
    report.fail(read.code, read.detail);
    return { rules: [], report: report.build([]) };
  }
  report.batch = `本院${CHRONIC_DRUG_LIST.title}表`;
  for (const w of read.warnings) report.warn(w);
  const diseases = new Map<string, Gathered>();
  /** 病种 key + drug key → the row that first named it. */
  const seen = new Map<string, number>();
  const rows: number[] = [];
  let basis = '';
  eachListRow(CHRONIC_DRUG_LIST, read.table, report, ['diseaseCode', 'codes', 'prefixes', 'atc'], (listRow) => {
    const row = new DrugRow(listRow);
    const code = foldedCode(row.cell('diseaseCode'));
    const name = row.cell('diseaseName').normalize('NFKC').trim();
    if (!name) row.reasons.push('病种名称为空');
    if (code && !/^[A-Z0-9][A-Z0-9.-]{1,19}$/.test(code)) row.reasons.push(`病种编码“${row.cell('diseaseCode')}”不是编码（如 M03900）`);
    const drugs = row.drugs({ codes: 'codes', prefixes: 'prefixes', atc: 'atc', name: 'name' }, '药品');
    const key = code || diseaseNameKey(name);
    const earlierName = diseases.get(key)?.name;
    if (code && earlierName && diseaseNameKey(earlierName) !== diseaseNameKey(name)) row.reasons.push(`病种编码 ${code} 在前面的行名为“${earlierName}”，本行写作“${name}”`);
    if (drugs) {
      for (const drug of [...drugs.codes, ...drugs.prefixes]) {
        const earlier = seen.get(`${key}\u0000${drug}`);
        if (earlier !== undefined) row.reasons.push(`病种“${name}”的“${drug}”在第 ${earlier} 行已列入`);
      }
    }
    if (row.reasons.length > 0 || !drugs) {
      const drugName = row.cell('name');
      report.notUnderstoodRow({ row: listRow.row, ...(drugName ? { name: drugName } : {}), text: listRow.text, reason: row.reasons.join('；') || '没有药品编码' });
      return undefined;
    }
    for (const w of row.warnings) report.warn(w, listRow.row);
    let disease = diseases.get(key);
    if (!disease) {
      disease = { ...(code ? { code } : {}), name, codes: new Set(), prefixes: new Set() };
      diseases.set(key, disease);
    }
    for (const c of drugs.codes) (disease.codes.add(c), seen.set(`${key}\u0000${c}`, listRow.row));
    for (const p of drugs.prefixes) (disease.prefixes.add(p), seen.set(`${key}\u0000${p}`, listRow.row));
    basis ||= row.cell('basis');
    rows.push(listRow.row);
    return true;
  });
  if (diseases.size === 0) {
    report.detected = undefined;
    return { rules: [], report: report.build([]) };
  }
  report.detected = 'chronic-drug';
  const list = [...diseases.values()].map((d) => ({
    ...(d.code ? { code: d.code } : {}),
    name: d.name,
    ...(d.codes.size ? { codes: [...d.codes] } : {}),
    ...(d.prefixes.size ? { prefixes: [...d.prefixes] } : {}),
  }));
  const collector = new RuleCollector(report);
  collector.add({
    id: CHRONIC_DRUG_RULE_ID,
    draft: { kind: 'chronic-drug', params: { diseases: list } } as RuleDraft,
    name: '门诊慢特病病种用药范围',
    basis: basis || CHRONIC_DRUG_BASIS,
    text: `门诊慢特病 ${list.length} 个病种的用药范围：${[...diseases.values()].map((d) => `${d.name}（${d.codes.size + d.prefixes.size} 项）`).join('、')}`,
    source: { ruleClass: RULE_CLASS, file: fileName, row: rows[0]! },
    lineKinds: ['drug'],
    rows,
  });
  const rules = collector.finish();
  return { rules, report: report.build(rules) };
}

export const importChronicDrugsCsv = (path: string, read: CsvRead): ImportOutcome => importTable(path, listTableFromCsv(CHRONIC_DRUG_LIST, read));

export const importChronicDrugsSheets = (path: string, read: WorkbookRead): ImportOutcome => importTable(path, listTableFromSheets(CHRONIC_DRUG_LIST, read));
