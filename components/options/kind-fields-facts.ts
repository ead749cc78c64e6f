import type { ChoiceOption, KindForm } from './kind-fields';

/**
 * Forms of the kinds about encounter facts the page may show (issue #12): operations (ICD-9-CM-3)
 * against the patient's sex and the diagnoses, operation and diagnosis codes themselves, and the
 * 妊娠期哺乳期用药表's drugs. The spans and code lists come with the pack; the JSON below the form
 * edits what the fields leave out.
 */

const LEVELS: readonly ChoiceOption[] = [
  { value: 'contraindicated', label: { zh: '禁用', en: 'Contraindicated' } },
  { value: 'caution', label: { zh: '慎用', en: 'Use with caution' } },
];

export const FACT_KIND_FORMS = {
  'operation-sex': {
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
      { path: ['operations'], type: 'ranges', label: { zh: '手术操作类目范围（ICD-9-CM-3）', en: 'Operation categories (ICD-9-CM-3)' }, hint: { zh: '每行一个，如 65-71 女性生殖器官手术', en: 'one per line, e.g. 65-71' } },
      { path: ['exceptCodes'], type: 'list', label: { zh: '不核对的手术操作编码（含其扩展码）', en: 'Operation codes left out' }, hint: { zh: '如 64.5（性别转换手术）', en: 'e.g. 64.5 (sex transformation)' } },
      { path: ['exceptDiagnoses'], type: 'list', label: { zh: '有这些诊断时不核对（ICD-10 前缀）', en: 'Not checked with these diagnoses' }, hint: { zh: '性发育异常、性别认同障碍，如 E34.5、Q96', en: 'disorders of sex development' } },
    ],
    newParams: () => ({ allowed: 'M', operations: [{ from: '60', to: '64', title: '男性生殖器官手术' }], exceptCodes: [], exceptDiagnoses: [] }),
  },
  'operation-diagnosis': {
    fields: [
      { path: ['operations'], type: 'ranges', label: { zh: '手术操作类目范围（ICD-9-CM-3）', en: 'Operation categories (ICD-9-CM-3)' }, hint: { zh: '每行一个，如 72-75 产科操作', en: 'one per line, e.g. 72-75' } },
      { path: ['label'], type: 'text', label: { zh: '应有的诊断', en: 'Expected diagnoses' }, hint: { zh: '提示中显示，如 妊娠、分娩或产褥期', en: 'shown in messages' } },
      { path: ['diagnoses'], type: 'ranges', label: { zh: '应有诊断的 ICD-10 范围', en: 'ICD-10 ranges expected' }, hint: { zh: '每行一个，如 O00-O99', en: 'one per line, e.g. O00-O99' } },
    ],
    newParams: () => ({ operations: [{ from: '72', to: '75', title: '产科操作' }], diagnoses: [{ from: 'O00', to: 'O99' }], label: '妊娠、分娩或产褥期' }),
  },
  'operation-code': { fields: [], newParams: () => ({}) },
  'diagnosis-code': {
    fields: [
      { path: ['exceptCodes'], type: 'list', label: { zh: '视为有效的编码（含其扩展码）', en: 'Codes taken as valid' }, hint: { zh: '医保版新增而本列表尚无的编码；规则包设置“诊断编码核对”开启时才核对', en: 'checked only when the pack setting is on' } },
    ],
    newParams: () => ({ exceptCodes: [] }),
  },
  'perioperative-antibiotic': {
    fields: [
      { path: ['hours'], type: 'number', integer: true, label: { zh: '术后预防用药不超过（小时）', en: 'Prophylaxis after surgery, hours' }, hint: { zh: '清洁手术 24，心脏手术或污染手术可 48', en: '24 for clean surgery, 48 for cardiac or contaminated' } },
      { path: ['infectionRanges'], type: 'ranges', label: { zh: '视为治疗感染的诊断（ICD-10 范围）', en: 'Infection diagnoses (ICD-10 ranges)' }, hint: { zh: '每行一个，如 A00-B99', en: 'one per line, e.g. A00-B99' } },
      { path: ['infectionKeywords'], type: 'list', label: { zh: '视为感染的诊断用词', en: 'Infection words in diagnosis names' }, hint: { zh: '如 感染、炎、脓', en: 'e.g. infection' } },
    ],
    newParams: () => ({ hours: 48 }),
  },
  maternity: {
    fields: [
      { path: ['pregnancy'], type: 'select', options: LEVELS, optional: true, label: { zh: '妊娠期', en: 'Pregnancy' } },
      { path: ['lactation'], type: 'select', options: LEVELS, optional: true, label: { zh: '哺乳期', en: 'Lactation' } },
    ],
    newParams: () => ({ pregnancy: 'contraindicated' }),
  },
} satisfies Record<string, KindForm>;
