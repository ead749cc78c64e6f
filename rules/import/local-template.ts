import type { PackRuleKind } from '../kinds';
import { KIND_NAMES } from '../kinds/names';
import { normalizeHeader } from './columns';

/**
 * The hospital's own rules template: one row per rule of an existing kind. The columns, their
 * other wordings and what each holds are defined once here; the importer, the committed template
 * files and the README all follow this list.
 */

export type LocalColumn =
  | 'id'
  | 'codes'
  | 'prefixes'
  | 'name'
  | 'lineKinds'
  | 'kind'
  | 'value'
  | 'params'
  | 'severity'
  | 'interruptive'
  | 'text'
  | 'basis'
  | 'from'
  | 'to'
  | 'enabled';

export interface LocalColumnSpec {
  column: LocalColumn;
  /** The header as the template writes it. */
  header: string;
  /** Other wordings accepted for the same column. */
  aliases: readonly string[];
  /** What to write in it, for the template's instructions sheet and the README. */
  help: string;
}

export const LOCAL_COLUMNS: readonly LocalColumnSpec[] = [
  { column: 'id', header: '规则编号', aliases: ['规则ID', 'id'], help: '可空。填写后作为规则编号（不能重复、不能有空格）；空着时按 local-规则类型-编码 自动生成。同编号再次导入会替换原规则。' },
  { column: 'codes', header: '医保编码', aliases: ['国家医保编码', '医保目录编码', '国家编码', '医保代码', '编码', 'codes'], help: '药品 20/23 位、诊疗项目 15 位国家医保编码；多个用分号分隔。请把此列设为“文本”格式，以免 Excel 去掉前导零。' },
  { column: 'prefixes', header: '编码前缀', aliases: ['前缀', 'prefixes'], help: '可空。按编码开头匹配，如药品编码前 12 位（同一药品的所有规格、厂家）。' },
  { column: 'name', header: '项目名称', aliases: ['药品名称', '名称', '通用名', 'name'], help: '药品通用名或诊疗项目名称，用于提示和查找。' },
  { column: 'lineKinds', header: '项目类别', aliases: ['类别', 'lineKinds'], help: '可空。药品 / 诊疗项目 / 材料；没有编码和前缀时，规则用于该类别的全部明细。' },
  { column: 'kind', header: '规则类型', aliases: ['规则种类', 'kind'], help: '必填。见下方“规则类型”表，中文名或英文代号均可。' },
  { column: 'value', header: '限定值', aliases: ['限定内容', '取值', 'value'], help: '按规则类型填写的简短取值，如 女、18岁及以上、住院、二级及以上、14天、1次/7天、I10;I11-I15;高血压。' },
  { column: 'params', header: '参数(JSON)', aliases: ['参数JSON', 'JSON参数', 'params'], help: '可空，供高级设置：按该规则类型的参数写 JSON，如 {"maxDays":7}；与限定值同时填写时，JSON 中的字段优先。' },
  { column: 'severity', header: '严重程度', aliases: ['级别', '严重级别', 'severity'], help: '可空，按类型定：订单信息即可确定不予支付的（性别、年龄、险种、机构级别、就医方式、疗程、频次、重复收费、自费、超量）为“严重”，需医生确认条件的为“警告”。严重 / 警告 / 提示。' },
  { column: 'interruptive', header: '是否拦截', aliases: ['拦截', 'interruptive'], help: '可空，默认“是”：提交前弹出确认；“否”只在明细旁标记。' },
  { column: 'text', header: '提示语', aliases: ['提示内容', '限定说明', 'text'], help: '可空。政策原文或给医生看的说明，原样显示。' },
  { column: 'basis', header: '依据', aliases: ['政策依据', '文件依据', 'basis'], help: '可空，默认“本院医保管理规定”。写文件名和文号。' },
  { column: 'from', header: '生效日期', aliases: ['开始日期', 'from'], help: '可空。2026-01-01、2026/1/1 或 2026年1月1日。' },
  { column: 'to', header: '失效日期', aliases: ['截止日期', '结束日期', 'to'], help: '可空，含当天。' },
  { column: 'enabled', header: '启用', aliases: ['是否启用', 'enabled'], help: '可空，默认“是”；“否”导入但不生效。' },
];

/** Columns only this template has: with 规则类型 they tell it from a two-libs batch. */
const OWN_COLUMNS: ReadonlySet<LocalColumn> = new Set(['id', 'params', 'severity', 'interruptive', 'from', 'to', 'enabled']);

const LOOKUP = new Map<string, LocalColumn>();
for (const spec of LOCAL_COLUMNS) for (const h of [spec.header, ...spec.aliases]) LOOKUP.set(normalizeHeader(h).toLowerCase(), spec.column);

export interface LocalHeader {
  columns: Partial<Record<LocalColumn, number>>;
  /** Headers no column claimed. */
  unknown: string[];
}

export function readLocalHeader(cells: readonly string[]): LocalHeader {
  const columns: Partial<Record<LocalColumn, number>> = {};
  const unknown: string[] = [];
  cells.forEach((raw, index) => {
    const h = normalizeHeader(raw).toLowerCase();
    if (!h) return;
    const column = LOOKUP.get(h);
    if (column === undefined) unknown.push(raw.trim());
    else if (columns[column] === undefined) columns[column] = index;
  });
  return { columns, unknown };
}

export function isLocalRulesHeader(cells: readonly string[]): boolean {
  const { columns } = readLocalHeader(cells);
  return columns.kind !== undefined && Object.keys(columns).some((c) => OWN_COLUMNS.has(c as LocalColumn));
}

/** The template's header row, in order. */
export const LOCAL_HEADER: readonly string[] = LOCAL_COLUMNS.map((c) => c.header);

/**
 * The empty template as CSV text: a UTF-8 byte order mark (so Excel in China opens it as UTF-8,
 * not GBK) and the header row. The committed local-rules-template.csv is this text.
 */
export function localTemplateCsv(): string {
  return `\uFEFF${LOCAL_HEADER.join(',')}\r\n`;
}

/** What 限定值 holds per rule type, for the instructions sheet and the README; named from rules/kinds/names.ts. */
export const KIND_VALUE_HELP: readonly [kind: PackRuleKind, example: string, meaning: string][] = [
  ['sex', '男 / 女', '限男性或女性患者'],
  ['age', '18岁及以上 / 14岁及以下 / 6至17岁 / 儿童 / 新生儿', '以上、以下含本数；不满、超过不含'],
  ['visit-type', '住院 / 门诊、急诊 / 非互联网', '限住院、门急诊；“非互联网”为互联网诊疗不予支付'],
  ['institution-level', '二级及以上 / 三级', '本院级别低于此级别时不予支付'],
  ['insurance-type', '工伤 / 生育 / 职工 / 居民', '限该险种参保人'],
  ['department', '肿瘤科 / 精神、心理', '开单科室名称含其中之一'],
  ['indication', 'I10;I11-I15;高血压（或整句限定支付范围）', 'ICD-10 编码前缀、编码范围或诊断名称，任一符合即可；诊断名称按疾病术语表补上对应的 ICD 编码'],
  ['course', '14天 / 2周 / 90天', '累计使用天数上限'],
  ['frequency', '1次/7天 / 每日2次 / 每周1次', '周期内最多次数'],
  ['quantity', '7天（或参数(JSON)：{"maxDays":7}、{"maxQuantity":{"value":2,"unit":"盒"}}）', '单张处方天数或数量上限'],
  ['second-line', '一线药品名称，可空', '须有一线治疗无效或不能耐受'],
  ['approval', '审批部门，可空', '使用前须经审批'],
  ['self-pay', '单独使用 / 空', '空为一律不予支付；“单独使用”为单独使用时不予支付'],
  ['duplicate-drug', '同成分（按分类判断请用参数(JSON)）', '同一处方重复开同成分药品'],
  ['duplicate-charge', '从项编码（主项为本行医保编码）/ 手术组名称', '与主项同日收取的从项不予支付'],
  ['diagnosis-sex', '女;N70-N98;C51-C58 / 男;N40-N50', '这些诊断编码只用于该性别的患者（项目类别填 药品、诊疗项目、医用耗材）'],
  ['diagnosis-age', '10至60岁;O00-O99 / 17岁及以下;P00-P96', '这些诊断编码只用于该年龄段的患者'],
  ['herb-incompatibility', '甘草;海藻', '两味饮片同方时提示，须医师双签名'],
  ['drug-count', '空', '每张门急诊处方的西药、中成药种数超过规则包设置（默认 5 种）时提示'],
  ['herb-oversize', '空', '每张中药饮片处方的味数、每剂总重或付数超过规则包设置（默认 25 味、400 克，付数同处方天数）时提示'],
  ['antibiotic-level', '非限制使用级 / 限制使用级 / 特殊使用级', '开单医生的抗菌药物处方权低于此级时提示；特殊使用级门诊不得使用。整份分级目录请用“抗菌药物分级目录”模板'],
  ['consumable-item', '001204000060000;静脉输液（可加 同次就诊）', '医用耗材须与所列诊疗项目之一同日（或同次就诊）收取；项目类别填 材料'],
  ['consumable-quantity', '每日2支 / 每次住院1根 / 每次2个', '医用耗材每次、每日或每次住院的数量上限'],
  ['contraindication', 'I50;心力衰竭 / K25-K28;消化性溃疡;慎用', '本次诊断在这些 ICD-10 编码内时禁用（或慎用）。整份清单请用“药品禁忌症表”模板'],
  ['drug-item', '001204000060000;静脉输液', '当日未收取其中任一诊疗项目时提示。整份清单请用“药品与诊疗项目对照表”模板'],
  ['indication-list', 'E10-E14;O24;糖尿病;检验检查 / I27.0;肺动脉高压;说明书', '本次诊断均不在这些 ICD-10 编码内时提示，医保不予支付；类别写 说明书、检验检查、治疗 或 项目适应症。整份清单请用“药品说明书适应症表”“诊疗项目指征表”模板'],
  ['drug-interaction', '（不可用）', '涉及两种药品，请用“药品相互作用表”模板'],
  ['operation-sex', '（不可用）', '由内置的 ICD-9-CM-3 章节结构生成（60–64 男性、65–75 女性与产科），规则包自带'],
  ['operation-diagnosis', '（不可用）', '由内置知识生成：产科操作（72–75）须有妊娠、分娩或产褥期诊断'],
  ['operation-code', '空', '手术操作编码不是 ICD-9-CM-3 格式时提示；项目类别填 药品、诊疗项目、医用耗材'],
  ['diagnosis-code', '空', '诊断编码不在 ICD-10 医保版 2.0 中时提示；规则包设置 diagnosisCodeCheck 开启时才核对'],
  ['perioperative-antibiotic', '48（术后预防用药小时数，空即 48）', '住院手术后抗菌药物用药超过所填小时数、且无感染诊断时提示；编码填抗菌药物'],
  ['herb-dose', '1～3g / 3g', '中药饮片每剂（每付）剂量超过上限时提示，确需超量须在该药上方再次签名；编码填饮片（T 开头）。整份清单请用“中药饮片最大剂量表”模板'],
  ['chronic-drug', '（不可用）', '涉及每个病种的整份药品清单，请用“门诊慢特病病种用药范围表”模板'],
  ['maternity', '妊娠期禁用;哺乳期慎用 / 孕妇禁用', '患者在妊娠期或哺乳期时禁用（或慎用）。整份清单请用“妊娠期哺乳期用药表”模板'],
];

/** Rows of the template's 填写说明 sheet. */
export function templateInstructionRows(): string[][] {
  return [
    ['列名', '填写说明'],
    ...LOCAL_COLUMNS.map((c) => [c.header, c.help]),
    [],
    ['规则类型', '限定值示例', '含义'],
    ...KIND_VALUE_HELP.map(([kind, example, meaning]) => [KIND_NAMES[kind].zh, example, meaning]),
    [],
    ['注意', '每行一条规则；必填：规则类型，以及医保编码、编码前缀、项目类别三者之一。表格下方的“合计”“说明”行不会导入。'],
  ];
}
