import { ANTIBIOTIC_LEVEL_CHOICES } from '../kinds/antibiotic-levels';
import { normalizeHeader } from './columns';

/**
 * The hospital-maintained lists of 抗菌药物分级使用管理, each with a template like the local rules
 * template: the 抗菌药物分级目录 (drug → grade, one rule per row) and the doctors' 处方权 list
 * (工号 → level, into the pack's settings). Columns, their other wordings and what each holds are
 * defined once here; the importers, the committed template files and the README follow them.
 */

export interface ListColumn<C extends string> {
  column: C;
  /** The header as the template writes it. */
  header: string;
  /** Other wordings accepted for the same column. */
  aliases: readonly string[];
  /** What to write in it, for the 填写说明 sheet and the README. */
  help: string;
}

export interface ListTemplate<C extends string> {
  /** Sheet name of the template workbook, and the list's name in messages. */
  title: string;
  columns: readonly ListColumn<C>[];
  /** Columns without which a header is not this list. */
  required: readonly C[];
  /** …and at least one of these. */
  oneOf: readonly C[];
  /** Code-like columns written as text, so Excel keeps leading zeros. */
  textColumns: readonly C[];
  widths: Partial<Record<C, number>>;
  /** Closing rows of the 填写说明 sheet. */
  notes: readonly (readonly string[])[];
}

export type AntibioticColumn = 'codes' | 'prefixes' | 'name' | 'level' | 'basis' | 'from' | 'to' | 'note';

export const ANTIBIOTIC_LIST: ListTemplate<AntibioticColumn> = {
  title: '抗菌药物分级目录',
  columns: [
    { column: 'codes', header: '医保编码', aliases: ['国家医保编码', '医保目录编码', '国家编码', '医保代码', '编码'], help: '药品 20/23 位国家医保编码；多个用分号分隔。请把此列设为“文本”格式。' },
    { column: 'prefixes', header: '编码前缀', aliases: ['前缀'], help: '可空。按编码开头匹配，如药品编码前 12 位（同一药品的所有规格、厂家）。医保编码与编码前缀至少填一个：审核按编码匹配医嘱，只有名称无法匹配。' },
    { column: 'name', header: '药品名称', aliases: ['通用名', '药品通用名', '名称', '项目名称'], help: '通用名（可含剂型），用于提示。' },
    { column: 'level', header: '抗菌药物分级', aliases: ['分级', '分级管理级别', '管理级别', '使用级别', '抗菌药物级别'], help: '必填。非限制使用级 / 限制使用级 / 特殊使用级（也可写 非限制级、限制级、特殊级）。' },
    { column: 'basis', header: '依据', aliases: ['政策依据', '目录文号'], help: '可空，默认“本院抗菌药物分级管理目录”。写目录名称和文号。' },
    { column: 'from', header: '生效日期', aliases: ['开始日期'], help: '可空。2026-01-01、2026/1/1 或 2026年1月1日。' },
    { column: 'to', header: '失效日期', aliases: ['截止日期', '结束日期'], help: '可空，含当天。' },
    { column: 'note', header: '备注', aliases: ['说明'], help: '可空，原样显示在提示的说明中。' },
  ],
  required: ['level'],
  oneOf: ['codes', 'prefixes', 'name'],
  textColumns: ['codes', 'prefixes', 'from', 'to'],
  widths: { codes: 28, prefixes: 16, name: 26, level: 14, basis: 32, from: 12, to: 12, note: 30 },
  notes: [
    ['分级', '含义'],
    ['非限制使用级', '经长期临床应用证明安全、有效，对病原菌耐药性影响较小，价格相对较低：具有非限制使用级及以上处方权的医师可开具'],
    ['限制使用级', '须具有限制使用级或特殊使用级处方权的医师开具'],
    ['特殊使用级', '须具有特殊使用级处方权的医师开具，且门诊不得使用（《抗菌药物临床应用管理办法》第二十七条）'],
    [],
    ['注意', '每行一种抗菌药物；同一编码只能出现一次。表格下方的“合计”“说明”行不会导入。重新导入时，同一编码的规则按新目录更新。'],
  ],
};

export type PrescriberColumn = 'id' | 'nhsaCode' | 'name' | 'department' | 'title' | 'antibioticLevel' | 'narcoticPrivilege';

export const PRESCRIBER_LIST: ListTemplate<PrescriberColumn> = {
  title: '医师处方权',
  columns: [
    { column: 'id', header: '工号', aliases: ['医师工号', '医生工号', '员工号', '职工号', '人员编号'], help: '必填。医生在 HIS 中的工号，与医嘱页面上显示的一致。' },
    { column: 'nhsaCode', header: '医保医师代码', aliases: ['医保医师编码', '国家医保医师代码', '医保医生代码', '医师代码'], help: '可空。国家医保医师代码（3101 事前审核请求中的 dr_codg），填写后 HIS 接口请求也能按此找到医生。' },
    { column: 'name', header: '姓名', aliases: ['医师姓名', '医生姓名'], help: '可空，仅供核对。' },
    { column: 'department', header: '科室', aliases: ['所在科室'], help: '可空，仅供核对。' },
    { column: 'title', header: '职称', aliases: ['专业技术职务', '技术职称'], help: '可空，仅供核对；审核不按职称推断处方权。' },
    { column: 'antibioticLevel', header: '抗菌药物处方权', aliases: ['抗菌药物处方权级别', '抗菌处方权', '抗菌药物权限'], help: `${ANTIBIOTIC_LEVEL_CHOICES}。` },
    { column: 'narcoticPrivilege', header: '麻精药品处方权', aliases: ['麻精处方权', '麻醉药品处方权', '麻醉精神药品处方权'], help: '可空。有 / 无。' },
  ],
  required: ['id'],
  oneOf: ['antibioticLevel', 'narcoticPrivilege'],
  textColumns: ['id', 'nhsaCode'],
  widths: { id: 12, nhsaCode: 18, name: 10, department: 14, title: 12, antibioticLevel: 16, narcoticPrivilege: 14 },
  notes: [
    ['注意', '每行一位医师；工号、医保医师代码不能重复。抗菌药物处方权与麻精药品处方权至少填一项。导入后整份名单替换规则包中的原名单：不在新名单中的医师视为名单外（页面未显示其处方权时，抗菌药物处方权不做核对并提示）。'],
  ],
};

export interface ListHeader<C extends string> {
  columns: Partial<Record<C, number>>;
  /** Headers no column claimed. */
  unknown: string[];
}

const lookups = new WeakMap<object, Map<string, string>>();

function lookupOf<C extends string>(template: ListTemplate<C>): Map<string, C> {
  let lookup = lookups.get(template);
  if (!lookup) {
    lookup = new Map();
    for (const spec of template.columns) for (const h of [spec.header, ...spec.aliases]) lookup.set(normalizeHeader(h).toLowerCase(), spec.column);
    lookups.set(template, lookup);
  }
  return lookup as Map<string, C>;
}

export function readListHeader<C extends string>(template: ListTemplate<C>, cells: readonly string[]): ListHeader<C> {
  const lookup = lookupOf(template);
  const columns: Partial<Record<C, number>> = {};
  const unknown: string[] = [];
  cells.forEach((raw, index) => {
    const h = normalizeHeader(raw).toLowerCase();
    if (!h) return;
    const column = lookup.get(h);
    if (column === undefined) unknown.push(raw.trim());
    else if (columns[column] === undefined) columns[column] = index;
  });
  return { columns, unknown };
}

export function isListHeader<C extends string>(template: ListTemplate<C>, cells: readonly string[]): boolean {
  const { columns } = readListHeader(template, cells);
  return template.required.every((c) => columns[c] !== undefined) && template.oneOf.some((c) => columns[c] !== undefined);
}

/** The empty template as CSV text, with a UTF-8 byte order mark so Excel in China opens it as UTF-8. */
export function listTemplateCsv<C extends string>(template: ListTemplate<C>): string {
  return `\uFEFF${template.columns.map((c) => c.header).join(',')}\r\n`;
}

/** Rows of the template's 填写说明 sheet. */
export function listInstructionRows<C extends string>(template: ListTemplate<C>): string[][] {
  return [['列名', '填写说明'], ...template.columns.map((c) => [c.header, c.help]), [], ...template.notes.map((r) => [...r])];
}
