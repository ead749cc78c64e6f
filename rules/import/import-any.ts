import { FileReportBuilder } from './report';
import { baseName, type ImportFile, type ImportOptions, type ImportOutcome } from './import-file';
import { importNhsaSheets } from './nhsa-batch';
import { importNhsaCsvTable, isBatchCsvHeader } from './nhsa-batch-csv';
import { importCatalogueTable, isCatalogueHeader } from './catalogue';
import { findLocalRulesTable, importLocalRulesCsv, importLocalRulesSheets } from './local-rules';
import { isLocalRulesHeader } from './local-template';
import { isZipBytes } from './sniff';
import { ANTIBIOTIC_LIST, isListHeader, PRESCRIBER_LIST } from './hospital-lists';
import { findListTable } from './list-table';
import { importAntibioticListCsv, importAntibioticListSheets } from './antibiotic-list';
import { importPrescriberListCsv, importPrescriberListSheets } from './prescriber-list';
import {
  CONSUMABLE_ITEMS_LIST, CONSUMABLE_LIMITS_LIST, importConsumableItemsCsv, importConsumableItemsSheets, importConsumableLimitsCsv, importConsumableLimitsSheets,
} from './consumables';
import { readWorkbookSheets } from './workbook-sheets';
import { readCsvForImport } from './csv-input';
import { drugListOfHeader, drugListOfWorkbook, importDrugListCsv, importDrugListSheets } from './drug-lists';
import { CHRONIC_DRUG_LIST, importChronicDrugsCsv, importChronicDrugsSheets } from './drug-lists/chronic-drugs';

const bytesOf = (data: Uint8Array | ArrayBuffer) => (data instanceof Uint8Array ? data : new Uint8Array(data));

/** Names that promise a workbook: the bytes decide what it really is, and say so if it is not one. */
const WORKBOOK_NAME = /\.(xlsx|xlsm|xls)$/i;

/**
 * Picks the importer for a file by its content, reading it once: a workbook is the local rules
 * template or a hospital list when a sheet has its header, else a two-libs batch; a CSV by its header.
 */
export function importAnyFile(file: ImportFile, options: ImportOptions = {}): ImportOutcome {
  const bytes = bytesOf(file.bytes);
  if (WORKBOOK_NAME.test(file.name) || isZipBytes(bytes)) {
    const read = readWorkbookSheets(bytes);
    if (read.ok && findLocalRulesTable(read.sheets)) return importLocalRulesSheets(file.name, read);
    if (read.ok && findListTable(ANTIBIOTIC_LIST, read.sheets)) return importAntibioticListSheets(file.name, read);
    if (read.ok && findListTable(PRESCRIBER_LIST, read.sheets)) return importPrescriberListSheets(file.name, read);
    if (read.ok && findListTable(CONSUMABLE_ITEMS_LIST, read.sheets)) return importConsumableItemsSheets(file.name, read);
    if (read.ok && findListTable(CONSUMABLE_LIMITS_LIST, read.sheets)) return importConsumableLimitsSheets(file.name, read);
    if (read.ok && findListTable(CHRONIC_DRUG_LIST, read.sheets)) return importChronicDrugsSheets(file.name, read);
    const drugList = drugListOfWorkbook(read);
    if (drugList) return importDrugListSheets(drugList, file.name, read);
    return importNhsaSheets(file.name, read, options);
  }
  const read = readCsvForImport(bytes);
  const header = read.ok ? read.table.header : [];
  if (isBatchCsvHeader(header)) return importNhsaCsvTable(file.name, read, options);
  if (isCatalogueHeader(header)) return importCatalogueTable(file.name, read, options);
  if (isLocalRulesHeader(header)) return importLocalRulesCsv(file.name, read);
  if (isListHeader(ANTIBIOTIC_LIST, header)) return importAntibioticListCsv(file.name, read);
  if (isListHeader(PRESCRIBER_LIST, header)) return importPrescriberListCsv(file.name, read);
  if (isListHeader(CONSUMABLE_ITEMS_LIST, header)) return importConsumableItemsCsv(file.name, read);
  if (isListHeader(CONSUMABLE_LIMITS_LIST, header)) return importConsumableLimitsCsv(file.name, read);
  if (isListHeader(CHRONIC_DRUG_LIST, header)) return importChronicDrugsCsv(file.name, read);
  const drugList = drugListOfHeader(header);
  if (drugList) return importDrugListCsv(drugList, file.name, read);
  const report = new FileReportBuilder(baseName(file.name), 'unknown');
  if (!read.ok) report.fail(read.code, read.detail);
  else {
    for (const w of read.warnings) report.warn(w);
    report.fail(
      'unknown-format',
      `not a two-libs batch workbook, a batch CSV (rule_class, item_name, constraint, med_codes), the structured catalogue (药品编码 + 限制 columns), the local rules template (规则类型 + 严重程度 …), the 抗菌药物分级目录 (抗菌药物分级 + 医保编码), the 医师处方权 list (工号 + 抗菌药物处方权), the consumable lists (耗材医保编码 + 诊疗项目医保编码 + 关系, or + 数量上限/限性别/限年龄/限科室/限疾病) or a drug list (药品相互作用表, 药品禁忌症表, 儿童与老年人用药表, 药品最大日剂量表, 药品与诊疗项目对照表, 药品说明书适应症表: 药品医保编码 + the list's own column; 中药饮片最大剂量表: 饮片医保编码 + 每剂最大剂量; 门诊慢特病病种用药范围表: 病种名称 + 药品医保编码) or an item list (诊疗项目指征表, 诊疗项目禁忌症表: 项目医保编码 + the list's own column); header: ${header.join(', ')}`,
    );
  }
  return { rules: [], report: report.build([]) };
}
