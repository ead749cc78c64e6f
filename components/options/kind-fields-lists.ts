import type { ChoiceOption, FieldSpec, KindForm } from './kind-fields';

/**
 * Forms of the kinds the hospital's drug lists make (issue #12): 药品相互作用 (two drug sets and
 * the level), 药品禁忌症 (a drug's contraindicated diagnosis codes) and 药品与项目不符 (the items a
 * drug is charged with), and the indication lists' kind (说明书适应症, 检验检查/治疗指征, 项目适应症).
 * The lists' templates fill them; the 医保办 may adjust a rule here.
 */

const LEVELS: readonly ChoiceOption[] = [
  { value: 'contraindicated', label: { zh: '禁用', en: 'Contraindicated' } },
  { value: 'caution', label: { zh: '慎用', en: 'Use with caution' } },
];

const drugSet = (side: 'a' | 'b', zh: string, en: string): FieldSpec[] => [
  { path: [side, 'label'], type: 'text', label: { zh: `${zh}名称`, en: `${en} name` }, hint: { zh: '提示中显示，如 利奥西呱', en: 'shown in messages' } },
  { path: [side, 'codes'], type: 'list', label: { zh: `${zh}医保编码`, en: `${en} codes` } },
  {
    path: [side, 'prefixes'],
    type: 'list',
    label: { zh: `${zh}编码前缀`, en: `${en} code prefixes` },
    hint: { zh: '药品编码前 12 位，或 X+ATC 类别（如 XB01AC 抗血小板药）', en: 'first 12 characters, or X + ATC class' },
  },
];

const diagnosisCodes = (zh: string): FieldSpec[] => [
  { path: ['icdRanges'], type: 'ranges', label: { zh: `${zh} ICD-10 编码范围`, en: 'ICD-10 ranges' }, hint: { zh: '每行一个，如 K25-K28', en: 'one per line, e.g. K25-K28' } },
  { path: ['icdPrefixes'], type: 'list', label: { zh: `${zh} ICD-10 编码（含其扩展码）`, en: 'ICD-10 codes (with extensions)' } },
  { path: ['exceptCodes'], type: 'list', label: { zh: '除外编码', en: 'Codes left out' } },
];

const PURPOSES: readonly ChoiceOption[] = [
  { value: 'label', label: { zh: '说明书适应症（药品）', en: 'Label indication (drug)' } },
  { value: 'test', label: { zh: '检验检查指征', en: 'Indication for a test' } },
  { value: 'treatment', label: { zh: '治疗指征', en: 'Indication for a treatment' } },
  { value: 'item', label: { zh: '项目适应症', en: 'Item indication' } },
];

export const LIST_KIND_FORMS = {
  'drug-interaction': {
    fields: [
      ...drugSet('a', '药品A', 'Drug A'),
      ...drugSet('b', '药品B', 'Drug B'),
      { path: ['level'], type: 'select', options: LEVELS, label: { zh: '相互作用程度', en: 'Level' }, hint: { zh: '禁用：不予支付；慎用：医生确认后继续', en: 'contraindicated is refused; caution asks the doctor' } },
      { path: ['note'], type: 'text', label: { zh: '相互作用说明', en: 'What happens' }, hint: { zh: '如 合用可致严重低血压', en: 'e.g. severe hypotension' } },
      { path: ['historyDays'], type: 'number', integer: true, label: { zh: '回溯天数（0=只查本张医嘱）', en: 'Look-back days (0 = this order only)' } },
    ],
    newParams: () => ({ level: 'contraindicated', historyDays: 0 }),
  },
  contraindication: {
    fields: [
      { path: ['label'], type: 'text', label: { zh: '禁忌诊断名称', en: 'Contraindicated in' }, hint: { zh: '提示中显示，如 心力衰竭', en: 'shown in messages, e.g. heart failure' } },
      { path: ['level'], type: 'select', options: LEVELS, label: { zh: '禁忌程度', en: 'Level' } },
      ...diagnosisCodes('禁忌诊断'),
    ],
    newParams: () => ({ level: 'contraindicated', icdRanges: [], icdPrefixes: [], exceptCodes: [] }),
  },
  'drug-item': {
    fields: [
      { path: ['itemLabel'], type: 'text', label: { zh: '诊疗项目名称', en: 'Item name' }, hint: { zh: '提示中显示，如 静脉注射或静脉输液', en: 'shown in messages' } },
      { path: ['items'], type: 'list', label: { zh: '诊疗项目医保编码（同日收取其一即可）', en: 'Item codes (one of them the same day)' } },
      { path: ['itemPrefixes'], type: 'list', label: { zh: '诊疗项目编码前缀', en: 'Item code prefixes' } },
    ],
    newParams: () => ({ items: [], itemPrefixes: [] }),
  },
  'indication-list': {
    fields: [
      { path: ['purpose'], type: 'select', options: PURPOSES, label: { zh: '清单类别', en: 'List' }, hint: { zh: '决定提示用语', en: 'decides the wording' } },
      { path: ['label'], type: 'text', label: { zh: '适应症（指征）名称', en: 'Indicated in' }, hint: { zh: '提示中显示，如 2型糖尿病、妊娠期糖尿病', en: 'shown in messages' } },
      ...diagnosisCodes('适应诊断'),
    ],
    newParams: () => ({ purpose: 'test', icdRanges: [], icdPrefixes: [], exceptCodes: [] }),
  },
  'herb-dose': {
    fields: [
      { path: ['maxGrams'], type: 'number', label: { zh: '每剂最大剂量（g）', en: 'Max grams per dose' }, hint: { zh: '药典【用法与用量】的上限，如 细辛 3', en: 'the pharmacopoeia’s upper bound, e.g. 3' } },
      { path: ['minGrams'], type: 'number', label: { zh: '常用量下限（g，可空）', en: 'Lower bound (g, optional)' }, hint: { zh: '与上限一起显示，如 1～3g', en: 'shown with the maximum' } },
      { path: ['source'], type: 'text', label: { zh: '用量出处', en: 'Source of the range' }, hint: { zh: '提示中显示，空为“药典”；如 部颁标准、本院规定', en: 'shown in messages; empty = pharmacopoeia' } },
    ],
    newParams: () => ({}),
  },
  // Every 病种 with its drugs, as the 门诊慢特病病种用药范围表 imports them.
  'chronic-drug': {
    fields: [
      {
        path: ['diseases'],
        type: 'diseases',
        label: { zh: '病种及其用药范围', en: 'Diseases and their drugs' },
        hint: { zh: '每行一个病种：病种编码 病种名称：药品编码、编码前缀*（前缀后加 *），如 M03900 高血压病：XC09*、XC08CA*', en: 'one per line: code name：drug codes, prefixes marked *' },
      },
    ],
    newParams: () => ({ diseases: [] }),
  },
} satisfies Record<string, KindForm>;
