import { normalizeHeader } from '../columns';
import { KIND_NAMES } from '../../kinds/names';
import { LOCAL_COLUMNS, type LocalColumnSpec } from '../local-template';

/**
 * The hospital's two 医用耗材 lists, one row per consumable (or per consumable and its items):
 *
 * - 项目与耗材对照 (`pairs`): a consumable and the 诊疗项目 it belongs to — 须同时收取 (charged
 *   without one of them: 耗材与项目不符, `consumable-item`) or 项目已含 (the item's price includes
 *   it: 医疗服务项目与医用耗材重复收费, a `duplicate-charge` pair);
 * - 耗材限定 (`limits`): per consumable, 数量上限, 限性别, 限年龄 (新生儿/儿童), 限科室, 限疾病 —
 *   each filled cell one rule of its kind.
 *
 * The columns, their other wordings and what each holds are defined once here; the importers, the
 * committed template files (templates/consumable-*) and the README follow this list. The rule
 * fields every row may set (严重程度 … 启用) are the local rules template's own columns.
 */

export type ConsumableTable = 'pairs' | 'limits';

export type ConsumableColumn =
  | 'codes'
  | 'prefixes'
  | 'name'
  | 'items'
  | 'itemNames'
  | 'relation'
  | 'within'
  | 'maxQuantity'
  | 'sex'
  | 'age'
  | 'department'
  | 'indication'
  | 'severity'
  | 'interruptive'
  | 'text'
  | 'basis'
  | 'from'
  | 'to'
  | 'enabled';

export interface ConsumableColumnSpec {
  column: ConsumableColumn;
  header: string;
  aliases: readonly string[];
  help: string;
}

const CODES: ConsumableColumnSpec = {
  column: 'codes',
  header: '耗材医保编码',
  aliases: ['医用耗材代码', '医保耗材编码', '耗材编码', '耗材代码', '国家医保耗材代码'],
  help: 'C 开头的 27 位国家医保耗材代码（或其前 20 位分类代码）；多个用分号分隔。请把此列设为“文本”格式。',
};
const NAME: ConsumableColumnSpec = { column: 'name', header: '耗材名称', aliases: ['医用耗材名称', '耗材通用名'], help: '耗材名称，用于提示和查找。' };

/** The rule fields of the local rules template, with their help (one wording for both). */
const ruleField = (column: LocalColumnSpec['column'] & ConsumableColumn, help?: string): ConsumableColumnSpec => {
  const spec = LOCAL_COLUMNS.find((c) => c.column === column)!;
  return { column, header: spec.header, aliases: spec.aliases, help: help ?? spec.help };
};

const RULE_FIELDS: readonly ConsumableColumnSpec[] = [
  ruleField('severity', '可空，按类型定：数量超标、限性别、限年龄、重复收费为“严重”，须医生确认的（与项目不符、限科室、限疾病）为“警告”。严重 / 警告 / 提示。'),
  ruleField('interruptive'),
  ruleField('text'),
  ruleField('basis'),
  ruleField('from'),
  ruleField('to'),
  ruleField('enabled'),
];

export const PAIR_COLUMNS: readonly ConsumableColumnSpec[] = [
  CODES,
  NAME,
  {
    column: 'items',
    header: '诊疗项目医保编码',
    aliases: ['医疗服务项目编码', '诊疗项目编码', '项目医保编码', '项目编码'],
    help: '必填。15 位医疗服务项目编码；多个用分号分隔，收取其中之一即可（须同时收取），或其中任一已含此耗材（项目已含）。',
  },
  { column: 'itemNames', header: '诊疗项目名称', aliases: ['医疗服务项目名称', '项目名称'], help: '项目名称，显示在提示中，如 静脉输液。' },
  {
    column: 'relation',
    header: '关系',
    aliases: ['对照关系', '收费关系'],
    help: '必填。“须同时收取”：单独收取耗材、未收取所列项目时提示；“项目已含”：项目价格已含此耗材，同日同时收取为重复收费。',
  },
  { column: 'within', header: '时间范围', aliases: ['范围'], help: '可空，仅用于“须同时收取”：同日（默认）或 同次就诊（住院期间任一天收取项目即可）。' },
  ...RULE_FIELDS,
];

export const LIMIT_COLUMNS: readonly ConsumableColumnSpec[] = [
  CODES,
  {
    column: 'prefixes',
    header: '耗材编码前缀',
    aliases: ['耗材代码前缀'],
    help: '可空。按编码开头匹配，如前 20 位分类代码（同一耗材的各生产企业产品）；与耗材医保编码至少填一项。',
  },
  NAME,
  { column: 'maxQuantity', header: '数量上限', aliases: ['限量', '最大数量', '数量限制'], help: '可空。写明计数范围和单位：每日2支、每次住院1根、每次2个。' },
  // The restriction columns are headed by their kind's name (rules/kinds/names.ts): one wording.
  { column: 'sex', header: KIND_NAMES.sex.zh, aliases: ['性别限制'], help: '可空。男 或 女。' },
  { column: 'age', header: KIND_NAMES.age.zh, aliases: ['年龄限制', '限新生儿/儿童'], help: '可空。新生儿、儿童、18岁及以上、14岁及以下、6至17岁。' },
  { column: 'department', header: KIND_NAMES.department.zh, aliases: ['科室限制'], help: '可空。开单科室名称含其中之一即可，如 肾内科、血液净化。' },
  {
    column: 'indication',
    // 医用耗材限疾病使用 is the national rule's own wording for a consumable's 限定支付范围.
    header: '限疾病',
    aliases: [KIND_NAMES.indication.zh, '疾病限制', '限定支付范围'],
    help: '可空。ICD-10 编码、编码范围或诊断名称，任一符合即可，如 E10-E14;糖尿病。',
  },
  ...RULE_FIELDS,
];

export const TABLE_COLUMNS: Readonly<Record<ConsumableTable, readonly ConsumableColumnSpec[]>> = { pairs: PAIR_COLUMNS, limits: LIMIT_COLUMNS };

/** The sheet name and the Chinese name of each list (report, download link). */
export const TABLE_NAMES: Readonly<Record<ConsumableTable, string>> = { pairs: '项目与耗材对照', limits: '耗材限定' };

const LIMIT_CELLS: readonly ConsumableColumn[] = ['maxQuantity', 'sex', 'age', 'department', 'indication'];

export interface ConsumableHeader {
  table: ConsumableTable;
  columns: Partial<Record<ConsumableColumn, number>>;
  unknown: string[];
}

function lookupFor(specs: readonly ConsumableColumnSpec[]): Map<string, ConsumableColumn> {
  const lookup = new Map<string, ConsumableColumn>();
  for (const spec of specs) for (const h of [spec.header, ...spec.aliases]) lookup.set(normalizeHeader(h).toLowerCase(), spec.column);
  return lookup;
}
const LOOKUPS: Readonly<Record<ConsumableTable, Map<string, ConsumableColumn>>> = { pairs: lookupFor(PAIR_COLUMNS), limits: lookupFor(LIMIT_COLUMNS) };

function readHeader(table: ConsumableTable, cells: readonly string[]): ConsumableHeader {
  const columns: Partial<Record<ConsumableColumn, number>> = {};
  const unknown: string[] = [];
  cells.forEach((raw, index) => {
    const h = normalizeHeader(raw).toLowerCase();
    if (!h) return;
    const column = LOOKUPS[table].get(h);
    if (column === undefined) unknown.push(raw.trim());
    else if (columns[column] === undefined) columns[column] = index;
  });
  return { table, columns, unknown };
}

/**
 * Which list a header row is, if either: the pairs need the consumable, the items and the
 * relation; the limits a consumable column and at least one limit column.
 */
export function readConsumableHeader(cells: readonly string[]): ConsumableHeader | undefined {
  const pairs = readHeader('pairs', cells);
  const c = pairs.columns;
  if (c.codes !== undefined && c.items !== undefined && c.relation !== undefined) return pairs;
  const limits = readHeader('limits', cells);
  const l = limits.columns;
  if ((l.codes !== undefined || l.prefixes !== undefined) && LIMIT_CELLS.some((k) => l[k] !== undefined)) return limits;
  return undefined;
}

export const tableHeader = (table: ConsumableTable): string[] => TABLE_COLUMNS[table].map((c) => c.header);

/** The empty template as CSV: a UTF-8 byte order mark (Excel in China reads it as UTF-8) and the header. */
export function consumableTemplateCsv(table: ConsumableTable): string {
  return `\uFEFF${tableHeader(table).join(',')}\r\n`;
}

/** Rows of the template's 填写说明 sheet. */
export function consumableInstructionRows(table: ConsumableTable): string[][] {
  const note =
    table === 'pairs'
      ? '每行一个耗材与其诊疗项目；必填：耗材医保编码、诊疗项目医保编码、关系。表格下方的“合计”“说明”行不会导入。'
      : '每行一个耗材；必填：耗材医保编码或耗材编码前缀，以及数量上限、限性别、限年龄、限科室、限疾病中至少一项，每项生成一条规则。';
  return [['列名', '填写说明'], ...TABLE_COLUMNS[table].map((c) => [c.header, c.help]), [], ['注意', note]];
}
