import { KIND_NAMES } from '../../kinds/names';
import type { ListColumn, ListTemplate } from '../hospital-lists';
import { LOCAL_COLUMNS } from '../local-template';

/**
 * The hospital's two 医用耗材 lists, one row per consumable (or per consumable and its items), as
 * hospital lists (hospital-lists.ts) with templates of their own:
 *
 * - 项目与耗材对照: a consumable and the 诊疗项目 it belongs to — 须同时收取 (charged without one of
 *   them: 耗材与项目不符, `consumable-item`) or 项目已含 (the item's price includes it: 医疗服务项目与
 *   医用耗材重复收费, a `duplicate-charge` pair);
 * - 耗材限定: per consumable, 数量上限, 限性别, 限年龄 (新生儿/儿童), 限科室, 限疾病 — each filled cell
 *   one rule of its kind.
 *
 * The rule fields every row may set (严重程度 … 启用) are the local rules template's own columns.
 */

/** Columns both lists have: the consumable, its name and the rule fields. */
export type CommonColumn = 'codes' | 'name' | 'severity' | 'interruptive' | 'text' | 'basis' | 'from' | 'to' | 'enabled';
export type PairColumn = CommonColumn | 'items' | 'itemNames' | 'relation' | 'within';
export type LimitColumn = CommonColumn | 'prefixes' | 'maxQuantity' | 'sex' | 'age' | 'department' | 'indication';

const CODES: ListColumn<'codes'> = {
  column: 'codes',
  header: '耗材医保编码',
  aliases: ['医用耗材代码', '医保耗材编码', '耗材编码', '耗材代码', '国家医保耗材代码'],
  help: 'C 开头的 27 位国家医保耗材代码（或其前 20 位分类代码）；多个用分号分隔。请把此列设为“文本”格式。',
};
const NAME: ListColumn<'name'> = { column: 'name', header: '耗材名称', aliases: ['医用耗材名称', '耗材通用名'], help: '耗材名称，用于提示和查找。' };

type RuleFieldColumn = Exclude<CommonColumn, 'codes' | 'name'>;

/** A rule field of the local rules template, with its wording (one wording for both). */
function ruleField(column: RuleFieldColumn, help?: string): ListColumn<RuleFieldColumn> {
  const spec = LOCAL_COLUMNS.find((c) => c.column === column)!;
  return { column, header: spec.header, aliases: spec.aliases, help: help ?? spec.help };
}

const RULE_FIELDS: readonly ListColumn<RuleFieldColumn>[] = [
  ruleField('severity', '可空，按类型定：数量超标、限性别、限年龄、重复收费为“严重”，须医生确认的（与项目不符、限科室、限疾病）为“警告”。严重 / 警告 / 提示。'),
  ruleField('interruptive'),
  ruleField('text'),
  ruleField('basis'),
  ruleField('from'),
  ruleField('to'),
  ruleField('enabled'),
];

const WIDTHS = { codes: 30, name: 28, severity: 9, interruptive: 9, text: 36, basis: 36, from: 12, to: 12, enabled: 6 } as const;

export const CONSUMABLE_ITEMS_LIST: ListTemplate<PairColumn> = {
  title: '项目与耗材对照',
  columns: [
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
  ],
  required: ['codes', 'items', 'relation'],
  oneOf: ['codes'],
  textColumns: ['codes', 'items', 'from', 'to'],
  widths: { ...WIDTHS, items: 34, itemNames: 24, relation: 12, within: 10 },
  notes: [['注意', '每行一个耗材与其诊疗项目；必填：耗材医保编码、诊疗项目医保编码、关系。表格下方的“合计”“说明”行不会导入。']],
};

/** The limit columns: each filled one is a rule. */
export const LIMIT_CELLS = ['maxQuantity', 'sex', 'age', 'department', 'indication'] as const;

export const CONSUMABLE_LIMITS_LIST: ListTemplate<LimitColumn> = {
  title: '耗材限定',
  columns: [
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
  ],
  // The template has the code column even when a row uses only a prefix.
  required: ['codes'],
  oneOf: LIMIT_CELLS,
  textColumns: ['codes', 'prefixes', 'from', 'to'],
  widths: { ...WIDTHS, prefixes: 24, maxQuantity: 16, sex: 8, age: 14, department: 16, indication: 22 },
  notes: [['注意', '每行一个耗材；必填：耗材医保编码或耗材编码前缀，以及数量上限、限性别、限年龄、限科室、限疾病中至少一项，每项生成一条规则。表格下方的“合计”“说明”行不会导入。']],
};
