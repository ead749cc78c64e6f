import type { FieldSpec, KindForm } from './kind-fields';

/**
 * Forms of the kinds judged over the whole order (issue #12): the diagnosis code sets, the
 * 配伍禁忌 families and pairs (one per line), the drug count's scope and the 饮片 codes of 超大处方.
 */

const diagnosisCodes: readonly FieldSpec[] = [
  { path: ['icdRanges'], type: 'ranges', label: { zh: 'ICD-10 编码范围', en: 'ICD-10 ranges' }, hint: { zh: '每行一个，如 N70-N98；单个类目写 C79.6-C79.6', en: 'one per line, e.g. N70-N98' } },
  { path: ['icdPrefixes'], type: 'list', label: { zh: 'ICD-10 编码（含其扩展码）', en: 'ICD-10 codes (with extensions)' } },
  { path: ['exceptCodes'], type: 'list', label: { zh: '除外编码', en: 'Codes left out' }, hint: { zh: '范围内不适用的编码，如性发育异常', en: 'codes inside a range the rule does not cover' } },
];

export const ORDER_KIND_FORMS = {
  'diagnosis-sex': {
    fields: [
      {
        path: ['allowed'],
        type: 'select',
        label: { zh: '只用于', en: 'Only for' },
        options: [
          { value: 'F', label: { zh: '女性', en: 'Female' } },
          { value: 'M', label: { zh: '男性', en: 'Male' } },
        ],
      },
      ...diagnosisCodes,
    ],
    newParams: () => ({ allowed: 'F', icdRanges: [], icdPrefixes: [], exceptCodes: [] }),
  },
  'diagnosis-age': {
    fields: [
      { path: ['minYears'], type: 'number', integer: true, label: { zh: '最小年龄（岁，含）', en: 'Minimum age (years, inclusive)' } },
      { path: ['maxYears'], type: 'number', integer: true, label: { zh: '最大年龄（岁，含）', en: 'Maximum age (years, inclusive)' } },
      { path: ['label'], type: 'text', label: { zh: '提示中显示为', en: 'Shown in messages as' }, hint: { zh: '如 妊娠、分娩和产褥期', en: 'e.g. pregnancy and childbirth' } },
      ...diagnosisCodes,
    ],
    newParams: () => ({ icdRanges: [], icdPrefixes: [], exceptCodes: [] }),
  },
  'herb-incompatibility': {
    fields: [
      {
        path: ['group'],
        type: 'text',
        label: { zh: '配伍禁忌类别', en: 'Group' },
        hint: { zh: '如 十八反、十九畏', en: 'e.g. 十八反' },
      },
      {
        path: ['families'],
        type: 'groups',
        label: { zh: '饮片类别', en: 'Herb families' },
        hint: { zh: '每行一类：类别名：饮片名、饮片名（炮制品如 制川乌、炙甘草 自动归入）', en: 'one per line: name：herb、herb' },
      },
      { path: ['pairs'], type: 'pairs', label: { zh: '不宜同用的类别', en: 'Pairs not to combine' }, hint: { zh: '每行一对：类别 + 类别（歌诀）', en: 'one per line: family + family (verse)' } },
    ],
    newParams: () => ({ group: '配伍禁忌' }),
  },
  'drug-count': {
    fields: [
      {
        path: ['visitTypes'],
        type: 'multi',
        label: { zh: '适用的就医方式', en: 'Visit types' },
        options: [
          { value: 'outpatient', label: { zh: '门诊', en: 'Outpatient' } },
          { value: 'emergency', label: { zh: '急诊', en: 'Emergency' } },
          { value: 'discharge', label: { zh: '出院带药', en: 'Discharge' } },
        ],
      },
      { path: ['exceptPrefixes'], type: 'list', label: { zh: '不计入的编码前缀', en: 'Code prefixes not counted' }, hint: { zh: 'T 为中药饮片；每张处方的种数上限在规则包设置中', en: 'T = herbal pieces; the limit is a pack setting' } },
      { path: ['exceptNames'], type: 'list', label: { zh: '名称含这些词时不计入', en: 'Names not counted' } },
      { path: ['solventNames'], type: 'list', label: { zh: '溶媒（与他药同组时不计入）', en: 'Solvents (not counted within an infusion group)' } },
    ],
    newParams: () => ({ visitTypes: ['outpatient', 'emergency'] }),
  },
  'herb-oversize': {
    fields: [
      {
        path: ['herbPrefixes'],
        type: 'list',
        label: { zh: '饮片编码前缀', en: 'Herbal code prefixes' },
        hint: { zh: 'T 为中药饮片；味数、每剂总重和付数的上限在规则包设置中', en: 'T = herbal pieces; the limits are pack settings' },
      },
    ],
    newParams: () => ({ herbPrefixes: ['T'] }),
  },
} satisfies Record<string, KindForm>;
