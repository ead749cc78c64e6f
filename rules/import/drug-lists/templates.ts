import type { ListColumn, ListTemplate } from '../hospital-lists';

/**
 * The hospital's drug lists of the 2025 rule base's 药品合理使用类 (issue #12), each a hospital list
 * (hospital-lists.ts) with a template of its own: one row, one drug (or one pair of drugs), one
 * rule. Columns, their other wordings and what each holds are defined once here; the importers,
 * the committed template files and rules/import/README.md follow them.
 *
 * - 药品相互作用表 (no. 74) → `drug-interaction`
 * - 药品禁忌症表 (no. 71) → `contraindication`
 * - 儿童与老年人用药表 (nos. 66, 72) → `age` with a 禁用/慎用 use
 * - 药品最大日剂量表 (no. 68) → `quantity` with the 说明书 daily maximum
 * - 药品与诊疗项目对照表 (no. 64) → `drug-item`
 * - 妊娠期哺乳期用药表 (no. 73) → `maternity`
 * - 药品说明书适应症表 (no. 70) → `indication-list` with purpose `label`
 * - 中药饮片最大剂量表 (no. 77) → `herb-dose`
 *
 * A title names the list without its 表 (messages add it). Drug columns are headed 药品… so that no other list (the 医用耗材 lists, the 抗菌药物分级目录)
 * reads as one of these.
 */

type Drug = 'codes' | 'prefixes' | 'atc' | 'name';
type Common = 'note' | 'basis' | 'from' | 'to';

const CODE_HELP = '药品 23 位（西药）或 20 位（中成药）国家医保编码；多个用分号分隔。请把此列设为“文本”格式。';
const PREFIX_HELP = '可空。按编码开头匹配，如药品编码前 12 位（同一药品的所有规格、厂家）。';
const ATC_HELP = '可空。西药的 ATC 分类，至多 5 位（第 4 级，如 B01AC 抗血小板药、G04BE），医保西药编码第 2–6 位即此分类；中成药没有 ATC，请填编码。';

/** The drug columns of a list, headed `who`医保编码 …; `col` names them in the list's column set. */
function drugColumns<C extends string>(who: string, col: (c: Drug) => C, aliases: Partial<Record<Drug, readonly string[]>> = {}): ListColumn<C>[] {
  return [
    { column: col('codes'), header: `${who}医保编码`, aliases: [`${who}编码`, `${who}国家医保编码`, ...(aliases.codes ?? [])], help: CODE_HELP },
    { column: col('prefixes'), header: `${who}编码前缀`, aliases: [`${who}前缀`, ...(aliases.prefixes ?? [])], help: PREFIX_HELP },
    { column: col('atc'), header: `${who} ATC分类`, aliases: [`${who}ATC`, `${who}ATC编码`, ...(aliases.atc ?? [])], help: ATC_HELP },
    {
      column: col('name'),
      header: `${who}名称`,
      aliases: [`${who}通用名`, ...(aliases.name ?? [])],
      help: '通用名或类别名（如 利奥西呱、抗血小板药），用于提示。医保编码、编码前缀、ATC分类至少填一个：审核按编码匹配医嘱，只有名称无法匹配。',
    },
  ];
}

const sideColumn = <S extends 'a' | 'b'>(side: S) => (c: Drug) => `${side}${c[0]!.toUpperCase()}${c.slice(1)}` as `${S}${Capitalize<Drug>}`;

/** One drug per row: the plain wordings (医保编码, 通用名) are taken too, the list's own columns tell the lists apart. */
const DRUG = drugColumns('药品', (c) => c, { codes: ['医保编码', '国家医保编码'], prefixes: ['编码前缀'], atc: ['ATC分类', 'ATC'], name: ['通用名'] });
/** Lists where a class makes no sense (a dose, the items of a dosage form): codes and prefixes only. */
const DRUG_NO_ATC = DRUG.filter((c) => c.column !== 'atc') as ListColumn<Exclude<Drug, 'atc'>>[];

function common(basis: string): ListColumn<Common>[] {
  return [
    { column: 'note', header: '说明', aliases: ['备注', '提示语'], help: '可空，原样显示在提示的说明中（如 说明书【禁忌】原文）。' },
    { column: 'basis', header: '依据', aliases: ['政策依据', '文件依据'], help: `可空，默认“${basis}”。写说明书、指南或本院文件名称。` },
    { column: 'from', header: '生效日期', aliases: ['开始日期'], help: '可空。2026-01-01、2026/1/1 或 2026年1月1日。' },
    { column: 'to', header: '失效日期', aliases: ['截止日期', '结束日期'], help: '可空，含当天。' },
  ];
}

const LEVEL_NOTES = [
  ['程度', '含义'],
  ['禁用', '医嘱中的事实即可确定：严重提示，提交前拦截；自费也提示（处方审核同样不予通过）'],
  ['慎用', '医生评估后可继续：警告提示，医生确认“已评估”即可'],
] as const;

const COMMON_WIDTHS = { note: 36, basis: 28, from: 12, to: 12 } as const;
const DRUG_WIDTHS = { codes: 28, prefixes: 16, atc: 10, name: 20 } as const;

export const INTERACTION_BASIS = '本院药品相互作用表';
export type InteractionColumn = `a${Capitalize<Drug>}` | `b${Capitalize<Drug>}` | 'level' | 'historyDays' | Common;

export const INTERACTION_LIST: ListTemplate<InteractionColumn> = {
  title: '药品相互作用',
  columns: [
    ...drugColumns('药品A', sideColumn('a')),
    ...drugColumns('药品B', sideColumn('b')),
    { column: 'level', header: '相互作用程度', aliases: ['相互作用级别', '合用程度'], help: '必填。禁用（禁止合用）/ 慎用（合用须谨慎）。' },
    { column: 'historyDays', header: '回溯天数', aliases: ['既往用药天数', '历史天数'], help: '可空，默认 0：只查本张医嘱。填 N（1–365）则 N 天内（含当天）开具或仍在服用的另一种药也算（页面或接口须提供既往用药）。' },
    ...common(INTERACTION_BASIS),
  ],
  required: ['level'],
  oneOf: ['aCodes', 'aPrefixes', 'aAtc'],
  textColumns: ['aCodes', 'aPrefixes', 'aAtc', 'bCodes', 'bPrefixes', 'bAtc', 'from', 'to'],
  widths: {
    aCodes: 26, aPrefixes: 14, aAtc: 10, aName: 16, bCodes: 26, bPrefixes: 14, bAtc: 10, bName: 16, level: 12, historyDays: 10, ...COMMON_WIDTHS,
  },
  notes: [
    ...LEVEL_NOTES,
    [],
    ['注意', '每行一对药品，A、B 各自可以是一种药品（编码）或一类药品（编码前缀、ATC 分类）；同一对只写一行（A、B 对调也算同一对）。提示落在同一医嘱中后开的一种药上，并列出两种药。'],
  ],
};

export const CONTRAINDICATION_BASIS = '本院药品禁忌症表';
export type ContraindicationColumn = Drug | 'diagnoses' | 'diagnosisName' | 'level' | Common;

export const CONTRAINDICATION_LIST: ListTemplate<ContraindicationColumn> = {
  title: '药品禁忌症',
  columns: [
    ...DRUG,
    { column: 'diagnoses', header: '禁忌诊断编码', aliases: ['禁忌诊断ICD', '禁忌ICD编码', '禁忌诊断ICD编码'], help: '必填。ICD-10（医保版）编码、类目或范围，多个用分号分隔，如 I50;K25-K28;E27.1（编码含其扩展码）。' },
    { column: 'diagnosisName', header: '禁忌诊断名称', aliases: ['禁忌症', '禁忌证', '禁忌诊断'], help: '禁忌的疾病名称（如 心力衰竭），用于提示；空着时显示编码。' },
    { column: 'level', header: '禁忌程度', aliases: ['禁忌级别'], help: '可空，默认 禁用。禁用 / 慎用。' },
    ...common(CONTRAINDICATION_BASIS),
  ],
  required: ['diagnoses'],
  oneOf: ['codes', 'prefixes', 'atc'],
  textColumns: ['codes', 'prefixes', 'atc', 'diagnoses', 'from', 'to'],
  widths: { ...DRUG_WIDTHS, diagnoses: 22, diagnosisName: 18, level: 10, ...COMMON_WIDTHS },
  notes: [
    ...LEVEL_NOTES,
    [],
    ['注意', '每行一种药品（或一类药品）与一组禁忌诊断。只按医嘱页面上的诊断判断：未录入诊断时不提示。'],
  ],
};

export const AGE_USE_BASIS = '本院儿童与老年人用药表';
export type AgeUseColumn = Drug | 'population' | 'age' | 'level' | Common;

export const AGE_USE_LIST: ListTemplate<AgeUseColumn> = {
  title: '儿童与老年人用药',
  columns: [
    ...DRUG,
    { column: 'population', header: '适用人群', aliases: ['人群', '特殊人群'], help: '儿童 / 老年人 / 新生儿 …，用于提示；年龄范围空着时，儿童按规则包设置（默认不满 18 岁），老年人按 60 岁及以上（《老年人权益保障法》第二条），新生儿按出生 28 天内。' },
    { column: 'age', header: '年龄范围', aliases: ['年龄', '禁用年龄', '限定年龄'], help: '禁用或慎用的年龄，一侧的界限：不满18岁、12岁及以下、出生28天内、不满6个月、60岁及以上、超过65岁。“以上、以下”含本数（18岁以下含 18 岁），不含本数请写“不满”“超过”。' },
    { column: 'level', header: '用药程度', aliases: ['用药级别', '禁用或慎用'], help: '必填。禁用 / 慎用。' },
    ...common(AGE_USE_BASIS),
  ],
  required: ['level'],
  oneOf: ['population', 'age'],
  textColumns: ['codes', 'prefixes', 'atc', 'from', 'to'],
  widths: { ...DRUG_WIDTHS, population: 10, age: 14, level: 10, ...COMMON_WIDTHS },
  notes: [
    ...LEVEL_NOTES,
    [],
    ['注意', '每行一种药品（或一类药品）与一个人群；同一药品对儿童和老年人各写一行。患者年龄未知时只提示“未核对”。'],
  ],
};

export const MAX_DOSE_BASIS = '本院药品最大日剂量表（药品说明书）';
export type MaxDoseColumn = Exclude<Drug, 'atc'> | 'maxDaily' | Common;

export const MAX_DOSE_LIST: ListTemplate<MaxDoseColumn> = {
  title: '药品最大日剂量',
  columns: [
    ...DRUG_NO_ATC,
    { column: 'maxDaily', header: '每日最大剂量', aliases: ['最大日剂量', '日最大剂量', '每日极量'], help: '必填。数值和单位，如 200mg、4g、7.5mg、8片；按说明书成人每日最大剂量填写。医嘱单次剂量 × 每日次数超过即提示。' },
    ...common(MAX_DOSE_BASIS),
  ],
  required: ['maxDaily'],
  oneOf: ['codes', 'prefixes'],
  textColumns: ['codes', 'prefixes', 'from', 'to'],
  widths: { codes: 28, prefixes: 16, name: 20, maxDaily: 14, ...COMMON_WIDTHS },
  notes: [['注意', '每行一种药品；同一编码只能有一个最大剂量。剂量单位与医嘱不同时按规格换算（g↔mg 不需规格，mg↔片 需要规格）；无法换算时只提示“未核对”。']],
};

export const DRUG_ITEM_BASIS = '本院药品与诊疗项目对照表';
export type DrugItemColumn = Exclude<Drug, 'atc'> | 'items' | 'itemNames' | Common;

export const DRUG_ITEM_LIST: ListTemplate<DrugItemColumn> = {
  title: '药品与诊疗项目对照',
  columns: [
    ...DRUG_NO_ATC,
    { column: 'items', header: '须同日收取的诊疗项目编码', aliases: ['诊疗项目编码', '配套诊疗项目编码'], help: '必填。15 位医疗服务项目编码，多个用分号分隔，同日收取其中之一即可。请把此列设为“文本”格式。' },
    { column: 'itemNames', header: '诊疗项目名称', aliases: ['配套诊疗项目名称'], help: '如 静脉输液，用于提示；空着时显示编码。' },
    ...common(DRUG_ITEM_BASIS),
  ],
  required: ['items'],
  oneOf: ['codes', 'prefixes'],
  textColumns: ['codes', 'prefixes', 'items', 'from', 'to'],
  widths: { codes: 28, prefixes: 16, name: 20, items: 34, itemNames: 20, ...COMMON_WIDTHS },
  notes: [['注意', '每行一种药品（或一类药品）。诊疗项目在本张医嘱当日的项目中或当日的既往收费中找；在其他单据收取时医生确认即可。自费药品不提示。']],
};

export const MATERNITY_BASIS = '本院妊娠期哺乳期用药表';
export type MaternityColumn = Drug | 'pregnancy' | 'lactation' | Common;

export const MATERNITY_LIST: ListTemplate<MaternityColumn> = {
  title: '妊娠期哺乳期用药',
  columns: [
    ...DRUG,
    { column: 'pregnancy', header: '妊娠期', aliases: ['妊娠期用药', '孕期', '孕妇'], help: '禁用 / 慎用 / 空（不限）。患者妊娠期（页面或接口 matn_stas=1）时提示。' },
    { column: 'lactation', header: '哺乳期', aliases: ['哺乳期用药', '哺乳'], help: '禁用 / 慎用 / 空（不限）。患者哺乳期（matn_stas=2）时提示。' },
    ...common(MATERNITY_BASIS),
  ],
  required: [],
  oneOf: ['pregnancy', 'lactation'],
  textColumns: ['codes', 'prefixes', 'atc', 'from', 'to'],
  widths: { ...DRUG_WIDTHS, pregnancy: 10, lactation: 10, ...COMMON_WIDTHS },
  notes: [
    ...LEVEL_NOTES,
    [],
    ['注意', '每行一种药品（或一类药品），妊娠期与哺乳期至少填一个。按页面上的妊娠哺乳状态判断；页面不显示该状态时不提示，除非女性患者的诊断表明正在妊娠（如 Z34 妊娠监督、O20–O48），此时只作警告请医生核实。'],
  ],
};

export const LABEL_INDICATION_BASIS = '药品说明书【适应症】（本院药品说明书适应症表）';
export type LabelIndicationColumn = Drug | 'diagnoses' | 'indicationName' | Common;

/** Headers of the indicated diagnoses, shared with the 诊疗项目指征表 (item-lists/templates.ts). */
export const INDICATION_DIAGNOSES_HEADER = '适应症诊断编码';
export const INDICATION_NAME_HEADER = '适应症名称';

export const LABEL_INDICATION_LIST: ListTemplate<LabelIndicationColumn> = {
  title: '药品说明书适应症',
  columns: [
    ...DRUG,
    {
      column: 'diagnoses',
      header: INDICATION_DIAGNOSES_HEADER,
      aliases: ['适应症ICD编码', '适应症编码', '适应诊断编码'],
      help: '必填。说明书【适应症】所对应的全部 ICD-10（医保版）编码、类目或范围，多个用分号分隔，如 E10-E14;O24（编码含其扩展码）。本次诊断都不在其中时提示。',
    },
    { column: 'indicationName', header: INDICATION_NAME_HEADER, aliases: ['说明书适应症', '适应症'], help: '适应症的疾病名称（如 2型糖尿病），用于提示；空着时按 ICD-10 类目名称显示。' },
    ...common(LABEL_INDICATION_BASIS),
  ],
  required: ['diagnoses'],
  oneOf: ['codes', 'prefixes', 'atc'],
  textColumns: ['codes', 'prefixes', 'atc', 'diagnoses', 'from', 'to'],
  widths: { ...DRUG_WIDTHS, diagnoses: 26, indicationName: 24, ...COMMON_WIDTHS },
  notes: [
    ['注意', '每行一种药品（或一类药品），写全说明书的全部适应症：同一药品只能有一行（分两行写会让其中一行把另一行的适应症当作超说明书）。'],
    ['判断', '只按医嘱页面上的诊断判断：未录入诊断时不提示；诊断没有 ICD-10 编码时只提示“无法核对”。自费药品不提示。'],
    ['提示', '说明书适应症不是医保限定支付范围：提示写明“说明书适应症”，医生可补录实际诊断、改用其他药品，或告知患者后转自费。'],
  ],
};

export const HERB_DOSE_BASIS = '《中华人民共和国药典》（2020年版）一部【用法与用量】（本院中药饮片最大剂量表）';
export type HerbDoseColumn = Exclude<Drug, 'atc'> | 'maxDose' | 'source' | Common;

/** 中药饮片最大剂量表 (no. 77 中药饮片超量上传) → `herb-dose`: one 饮片 (its codes) and its largest dose per 剂. */
export const HERB_DOSE_LIST: ListTemplate<HerbDoseColumn> = {
  title: '中药饮片最大剂量',
  columns: [
    { column: 'codes', header: '饮片医保编码', aliases: ['饮片编码', '饮片国家医保编码'], help: '中药饮片国家医保编码（T 开头，如 T000700200）；同一饮片的不同炮制品编码不同，各自要限的都写上，多个用分号分隔。请把此列设为“文本”格式。' },
    { column: 'prefixes', header: '饮片编码前缀', aliases: ['饮片前缀'], help: '可空。按编码开头匹配（同一饮片的几种规格、产地编码开头相同时）。' },
    { column: 'name', header: '饮片名称', aliases: ['饮片', '中药饮片名称'], help: '如 细辛、制川乌，用于提示。医保编码与编码前缀至少填一个：审核按编码匹配处方，只有名称无法匹配。' },
    { column: 'maxDose', header: '每剂最大剂量', aliases: ['最大剂量', '每剂最大用量', '用法与用量', '常用剂量'], help: '必填。克数，或药典【用法与用量】的范围（取其上限）：3g、1～3g、0.03～0.1g。处方中该味每剂剂量超过上限即提示；剂量单位不是重量（袋、包）时只提示“未核对”。' },
    { column: 'source', header: '用量出处', aliases: ['剂量出处', '出处'], help: '可空，默认“药典”；提示中显示，如 部颁标准、省炮制规范、本院规定（20 字以内，文件全称写在“依据”）。' },
    ...common(HERB_DOSE_BASIS),
  ],
  required: ['maxDose'],
  oneOf: ['codes', 'prefixes'],
  textColumns: ['codes', 'prefixes', 'from', 'to'],
  widths: { codes: 26, prefixes: 14, name: 14, maxDose: 14, source: 12, ...COMMON_WIDTHS },
  notes: [
    ['注意', '每行一种饮片（一个或几个编码）；同一编码只能有一个最大剂量。按每剂（一付）克数核对，即处方每味的剂量；付数由“中药饮片超大处方”规则按整张处方核对。'],
    ['超量', '确需超过药典用量时，按《中药处方格式及书写规范》在该药上方再次签名：医生确认即可，不拦截提交。'],
  ],
};
