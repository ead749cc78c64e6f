import type { ListColumn, ListTemplate } from '../hospital-lists';
import { INDICATION_DIAGNOSES_HEADER, INDICATION_NAME_HEADER } from '../drug-lists/templates';

/**
 * The hospital's 诊疗项目 lists of the 2025 rule base (issue #12), hospital lists like the drug
 * lists (drug-lists/templates.ts), one row per item, one rule per row:
 *
 * - 诊疗项目指征表 (nos. 78 无指征检验检查, 79 无指征治疗, 83 医疗服务项目超适应症使用) →
 *   `indication-list` with the row's 指征类别 as its purpose (检验检查 → `test`, 治疗 → `treatment`,
 *   项目适应症 → `item`)
 * - 诊疗项目禁忌症表 (no. 82 医疗服务项目禁忌症) → `contraindication` on item lines
 *
 * Item columns are headed 项目… (项目医保编码), never 医保编码 or 诊疗项目编码 alone: those are the
 * drug lists' and the 药品与诊疗项目对照表's columns, and a header must be one list only.
 */

export type Item = 'codes' | 'prefixes' | 'name';
type Common = 'note' | 'basis' | 'from' | 'to';

const ITEM: ListColumn<Item>[] = [
  {
    column: 'codes',
    header: '项目医保编码',
    aliases: ['医疗服务项目医保编码', '项目国家医保编码', '医疗服务项目编码'],
    help: '15 位国家医保医疗服务项目编码（如 002503020030000 糖化血红蛋白测定）；多个用分号分隔。请把此列设为“文本”格式，以免丢掉前导零。',
  },
  { column: 'prefixes', header: '项目编码前缀', aliases: ['医疗服务项目编码前缀'], help: '可空。按编码开头匹配（至少 9 位，如 002503020 一组检验项目）。项目医保编码与编码前缀至少填一个。' },
  { column: 'name', header: '项目名称', aliases: ['医疗服务项目名称'], help: '项目名称，用于提示；审核按编码匹配医嘱，只有名称无法匹配。' },
];

function common(basis: string): ListColumn<Common>[] {
  return [
    { column: 'note', header: '说明', aliases: ['备注', '提示语'], help: '可空，原样显示在提示的说明中（如 诊疗规范原文）。' },
    { column: 'basis', header: '依据', aliases: ['政策依据', '文件依据'], help: `可空，默认“${basis}”。写诊疗规范、指南或本院文件名称。` },
    { column: 'from', header: '生效日期', aliases: ['开始日期'], help: '可空。2026-01-01、2026/1/1 或 2026年1月1日。' },
    { column: 'to', header: '失效日期', aliases: ['截止日期', '结束日期'], help: '可空，含当天。' },
  ];
}

const COMMON_WIDTHS = { note: 36, basis: 28, from: 12, to: 12 } as const;
const ITEM_WIDTHS = { codes: 22, prefixes: 14, name: 24 } as const;

export const ITEM_INDICATION_BASIS = '本院诊疗项目指征表';
export type ItemIndicationColumn = Item | 'purpose' | 'diagnoses' | 'indicationName' | Common;

export const ITEM_INDICATION_LIST: ListTemplate<ItemIndicationColumn> = {
  title: '诊疗项目指征',
  columns: [
    ...ITEM,
    { column: 'purpose', header: '指征类别', aliases: ['类别', '指征类型'], help: '必填。检验检查（无指征检验检查）/ 治疗（无指征治疗）/ 项目适应症（医疗服务项目超适应症使用）。决定提示用语。' },
    {
      column: 'diagnoses',
      header: INDICATION_DIAGNOSES_HEADER,
      aliases: ['指征诊断编码', '适应症ICD编码', '适应诊断编码'],
      help: '必填。该项目全部指征（适应症）所对应的 ICD-10（医保版）编码、类目或范围，多个用分号分隔，如 E10-E14;O24;R73（编码含其扩展码）。本次诊断都不在其中时提示。',
    },
    { column: 'indicationName', header: INDICATION_NAME_HEADER, aliases: ['指征名称', '指征', '适应症'], help: '指征的疾病名称（如 糖尿病），用于提示；空着时按 ICD-10 类目名称显示。' },
    ...common(ITEM_INDICATION_BASIS),
  ],
  required: ['purpose', 'diagnoses'],
  oneOf: ['codes', 'prefixes'],
  textColumns: ['codes', 'prefixes', 'diagnoses', 'from', 'to'],
  widths: { ...ITEM_WIDTHS, purpose: 12, diagnoses: 26, indicationName: 24, ...COMMON_WIDTHS },
  notes: [
    ['指征类别', '提示'],
    ['检验检查', '无指征检验检查，医保不予支付：有相应诊断请补录；体检、筛查等自愿检查请告知患者自费'],
    ['治疗', '无指征治疗，医保不予支付：有相应诊断请补录，否则改用其他治疗或告知患者后转自费'],
    ['项目适应症', '医疗服务项目超适应症使用，医保不予支付：有相应诊断请补录，否则改开其他项目或转自费'],
    [],
    ['注意', '每行一个项目（或一组项目），写全其全部指征：同一项目只能有一行（分两行写会让其中一行把另一行的指征当作无指征）。'],
    ['判断', '只按医嘱页面上的诊断判断：未录入诊断时不提示；诊断没有 ICD-10 编码时只提示“无法核对”。自费项目不提示。是警告，不拦截提交。'],
  ],
};

export const ITEM_CONTRAINDICATION_BASIS = '本院诊疗项目禁忌症表';
export type ItemContraindicationColumn = Item | 'diagnoses' | 'diagnosisName' | 'level' | Common;

export const ITEM_CONTRAINDICATION_LIST: ListTemplate<ItemContraindicationColumn> = {
  title: '诊疗项目禁忌症',
  columns: [
    ...ITEM,
    { column: 'diagnoses', header: '禁忌诊断编码', aliases: ['禁忌诊断ICD', '禁忌ICD编码', '禁忌诊断ICD编码'], help: '必填。ICD-10（医保版）编码、类目或范围，多个用分号分隔，如 I21;I20.0;I71.0（编码含其扩展码）。' },
    { column: 'diagnosisName', header: '禁忌诊断名称', aliases: ['禁忌症', '禁忌证', '禁忌诊断'], help: '禁忌的疾病名称（如 急性心肌梗死），用于提示；空着时按 ICD-10 类目名称显示。' },
    { column: 'level', header: '禁忌程度', aliases: ['禁忌级别'], help: '可空，默认 禁用。禁用 / 慎用。' },
    ...common(ITEM_CONTRAINDICATION_BASIS),
  ],
  required: ['diagnoses'],
  oneOf: ['codes', 'prefixes'],
  textColumns: ['codes', 'prefixes', 'diagnoses', 'from', 'to'],
  widths: { ...ITEM_WIDTHS, diagnoses: 22, diagnosisName: 22, level: 10, ...COMMON_WIDTHS },
  notes: [
    ['程度', '含义'],
    ['禁用', '医嘱中的诊断即可确定：严重提示，提交前拦截；自费也提示（禁忌与谁付费无关）'],
    ['慎用', '医生评估后可继续：警告提示，医生确认“已评估”即可'],
    [],
    ['注意', '每行一个项目（或一组项目）与一组禁忌诊断。只按医嘱页面上的诊断判断：未录入诊断时不提示。'],
  ],
};
