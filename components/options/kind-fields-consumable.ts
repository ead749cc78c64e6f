import type { KindForm } from './kind-fields';

/** Forms of the 医用耗材 kinds: the items a consumable goes with, and its payable quantity. */
export const CONSUMABLE_KIND_FORMS = {
  'consumable-item': {
    fields: [
      { path: ['items'], type: 'list', label: { zh: '配套诊疗项目编码', en: 'Item codes it goes with' }, hint: { zh: '15 位医保项目编码，收取其中之一即可', en: '15-digit item codes; any one of them' } },
      { path: ['itemLabel'], type: 'text', label: { zh: '提示中显示为', en: 'Shown in messages as' }, hint: { zh: '如 静脉输液', en: 'e.g. IV infusion' } },
      {
        path: ['within'],
        type: 'select',
        label: { zh: '项目须在', en: 'Item charged' },
        options: [
          { value: 'day', label: { zh: '同一天', en: 'the same day' } },
          { value: 'visit', label: { zh: '同次就诊（住院）', en: 'the same visit' } },
        ],
      },
    ],
    newParams: () => ({ within: 'day' }),
  },
  'consumable-quantity': {
    fields: [
      { path: ['max'], type: 'number', label: { zh: '数量上限', en: 'Maximum quantity' } },
      { path: ['unit'], type: 'text', label: { zh: '计量单位（支、根、套…，可空）', en: 'Unit (optional)' } },
      {
        path: ['per'],
        type: 'select',
        label: { zh: '计数范围', en: 'Counted per' },
        options: [
          { value: 'line', label: { zh: '每次（每条医嘱）', en: 'line' } },
          { value: 'day', label: { zh: '每日', en: 'day' } },
          { value: 'visit', label: { zh: '每次就诊（住院）', en: 'visit' } },
        ],
      },
    ],
    newParams: () => ({ per: 'day' }),
  },
} satisfies Record<string, KindForm>;
