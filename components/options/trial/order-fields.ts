import { InstitutionLevelSchema, InsuranceTypeSchema, SexSchema, VisitTypeSchema } from '../../../contract/order';
import { INSURANCE, VISIT_TYPES } from '../kind-fields';
import { pick, type Bilingual } from '../options-i18n';

/**
 * The patient and encounter fields of the 试算 form, as a table: each field says how it reads its
 * value from an order and writes it back. A new order fact (a pregnancy flag, an operations list)
 * is one more entry here; the form draws it and the JSON round trip keeps it.
 */

export type Section = 'patient' | 'encounter';
export type Draft = Record<string, unknown>;

export type AgeUnit = 'year' | 'month' | 'day';
export const AGE_UNITS: readonly { value: AgeUnit; label: Bilingual }[] = [
  { value: 'year', label: { zh: '岁', en: 'years' } },
  { value: 'month', label: { zh: '月', en: 'months' } },
  { value: 'day', label: { zh: '天', en: 'days' } },
];

export type FieldControl =
  | { type: 'select'; options: readonly { value: string; label: Bilingual }[] }
  | { type: 'text'; placeholder?: Bilingual; suggestions?: readonly string[] }
  | { type: 'date' }
  /** A number and its unit, the value written "number unit" ("3 month"; " month" with no number). */
  | { type: 'age' };

export interface OrderField {
  /** Form key; the control's id is `trial-<key>`. */
  key: string;
  section: Section;
  label: Bilingual;
  control: FieldControl;
  /** Properties of the section this field writes; the others are carried over unchanged. */
  owns: readonly string[];
  /** The form value of an order's section ('' when absent). */
  read(section: Draft): string;
  /** Writes `value` into the section; returns what is wrong with it, in the page's language. */
  write(value: string, section: Draft): string | undefined;
  /** The value of a new order. */
  initial: () => string;
}

/** Days per month for an age in months: the engine counts infants' ages in days. */
const DAYS_PER_MONTH = 30.4375;

const SEX_OPTIONS = [
  { value: '', label: { zh: '未填', en: 'not given' } },
  { value: 'M', label: { zh: '男', en: 'Male' } },
  { value: 'F', label: { zh: '女', en: 'Female' } },
  { value: 'U', label: { zh: '未知', en: 'Unknown' } },
] as const;

const LEVEL_OPTIONS = [
  { value: '', label: { zh: '未填', en: 'not given' } },
  { value: '1', label: { zh: '一级', en: 'Level 1' } },
  { value: '2', label: { zh: '二级', en: 'Level 2' } },
  { value: '3', label: { zh: '三级', en: 'Level 3' } },
];

const optional = (options: readonly { value: string | number; label: Bilingual }[]) => [{ value: '', label: { zh: '未填', en: 'not given' } }, ...options.map((o) => ({ value: String(o.value), label: o.label }))];

/** A select whose value is written as is, or left out when '' (not given). */
function enumField(key: string, section: Section, label: Bilingual, options: readonly { value: string; label: Bilingual }[], accepts: (v: string) => boolean, initial = ''): OrderField {
  return {
    key,
    section,
    label,
    control: { type: 'select', options },
    owns: [key],
    read: (s) => (typeof s[key] === 'string' ? (s[key] as string) : ''),
    write: (value, s) => {
      if (!value) return undefined;
      if (!accepts(value)) return pick({ zh: '请从列表中选择', en: 'choose from the list' });
      s[key] = value;
      return undefined;
    },
    initial: () => initial,
  };
}

export const todayIso = (now = new Date()): string => {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
};

export function ageOf(patient: Draft): string {
  if (typeof patient['ageDays'] === 'number') return `${patient['ageDays']} day`;
  if (typeof patient['ageYears'] === 'number') return `${patient['ageYears']} year`;
  return '';
}

export const ORDER_FIELDS: readonly OrderField[] = [
  enumField('sex', 'patient', { zh: '性别', en: 'Sex' }, SEX_OPTIONS, (v) => SexSchema.safeParse(v).success),
  {
    key: 'age',
    section: 'patient',
    label: { zh: '年龄', en: 'Age' },
    control: { type: 'age' },
    owns: ['ageYears', 'ageDays'],
    read: ageOf,
    write: (value, s) => {
      const [typed = '', unit = 'year'] = value.split(' ');
      const amount = typed.trim();
      if (!amount) return undefined;
      const n = Number(amount);
      if (!Number.isFinite(n) || n < 0) return pick({ zh: '年龄须为不小于 0 的数字', en: 'age must be a number of 0 or more' });
      if (unit === 'year') {
        if (n > 150) return pick({ zh: '年龄不能超过 150 岁', en: 'age cannot exceed 150 years' });
        s['ageYears'] = n;
      } else if (unit === 'month') {
        if (n > 150 * 12) return pick({ zh: '月龄过大，请改用岁', en: 'too many months: use years' });
        s['ageDays'] = Math.round(n * DAYS_PER_MONTH);
      } else {
        if (!Number.isInteger(n)) return pick({ zh: '天数须为整数', en: 'days must be a whole number' });
        s['ageDays'] = n;
      }
      return undefined;
    },
    initial: () => '',
  },
  enumField('visitType', 'encounter', { zh: '就诊类型', en: 'Visit type' }, optional(VISIT_TYPES), (v) => VisitTypeSchema.safeParse(v).success, 'outpatient'),
  enumField('insuranceType', 'encounter', { zh: '险种', en: 'Insurance' }, optional(INSURANCE), (v) => InsuranceTypeSchema.safeParse(v).success, 'employee'),
  {
    key: 'institutionLevel',
    section: 'encounter',
    label: { zh: '机构等级', en: 'Institution level' },
    control: { type: 'select', options: LEVEL_OPTIONS },
    owns: ['institutionLevel'],
    read: (s) => (typeof s['institutionLevel'] === 'number' ? String(s['institutionLevel']) : ''),
    write: (value, s) => {
      if (!value) return undefined;
      const parsed = InstitutionLevelSchema.safeParse(Number(value));
      if (!parsed.success) return pick({ zh: '请从列表中选择', en: 'choose from the list' });
      s['institutionLevel'] = parsed.data;
      return undefined;
    },
    initial: () => '3',
  },
  {
    key: 'department',
    section: 'encounter',
    label: { zh: '科室', en: 'Department' },
    control: { type: 'text', placeholder: { zh: '如 神经内科', en: 'e.g. 神经内科' }, suggestions: ['内科', '外科', '神经内科', '心血管内科', '呼吸内科', '消化内科', '内分泌科', '儿科', '妇科', '产科', '急诊科', '肿瘤科', '康复医学科', '血液透析室', '中医科'] },
    owns: ['department'],
    read: (s) => (typeof s['department'] === 'string' ? (s['department'] as string) : ''),
    write: (value, s) => {
      if (value.trim()) s['department'] = value.trim();
      return undefined;
    },
    initial: () => '',
  },
  {
    key: 'date',
    section: 'encounter',
    label: { zh: '就诊日期', en: 'Date' },
    control: { type: 'date' },
    owns: ['date'],
    read: (s) => (typeof s['date'] === 'string' ? (s['date'] as string) : ''),
    write: (value, s) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return pick({ zh: '请填写就诊日期（年-月-日）', en: 'enter the date (YYYY-MM-DD)' });
      s['date'] = value.trim();
      return undefined;
    },
    initial: () => todayIso(),
  },
];

export const FIELDS_BY_KEY: ReadonlyMap<string, OrderField> = new Map(ORDER_FIELDS.map((f) => [f.key, f]));
