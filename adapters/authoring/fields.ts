import type { LineField, Transform } from '../profile-schema';

/**
 * What the picker asks the 医保办 to point at. Each entry says where its locator goes in the site
 * profile and which transforms turn the page's wording into the contract's value, so a click
 * becomes a profile entry without the user knowing the profile format.
 */

/** How a click on the page becomes a locator. */
export type PickKind =
  /** A value somewhere on the page (css or label locator). */
  | 'page'
  /** Any cell of the order table: the table, its rows and its header row are inferred. */
  | 'table'
  /** A value in an order row (column header or css inside the row). */
  | 'column'
  /** A diagnosis code or name: the repeated diagnosis rows are inferred. */
  | 'diagnosis'
  /** An operation's code, name or date (手术操作): the repeated operation rows are inferred, as for diagnoses. */
  | 'operation'
  /** A button or link that sends the order. */
  | 'submit';

export type FieldGroup = 'patient' | 'diagnoses' | 'operations' | 'table' | 'columns' | 'submit' | 'more';

/** A contract enum the page's wording must be mapped onto. */
export type MappedEnum = 'visitType' | 'insuranceType';

export interface PickField {
  /** Contract-style path, also used by contract/profile-problems.ts ("patient.sex", "lines.days"). */
  readonly id: string;
  readonly label: string;
  readonly group: FieldGroup;
  readonly kind: PickKind;
  /** Where the locator is stored in the profile. */
  readonly path: readonly string[];
  /** Transforms a fresh pick gets; a repaired field keeps the ones it had. */
  readonly transform?: readonly Transform[];
  /** The field's wording is mapped onto a contract enum with a `map` transform. */
  readonly mapped?: MappedEnum;
  /** The page may not show it: the user can set a fixed value instead. */
  readonly fixedValues?: ReadonlyArray<{ readonly value: string | number; readonly label: string }>;
  /** Shown with a note that it may stay empty. */
  readonly optional?: boolean;
}

const line = (name: LineField, label: string, group: FieldGroup, transform?: Transform[], optional = true): PickField => ({
  id: `lines.${name}`,
  label,
  group,
  kind: 'column',
  path: ['orders', 'fields', name],
  ...(transform ? { transform } : {}),
  optional,
});

export const PICK_FIELDS: readonly PickField[] = [
  { id: 'patient.sex', label: '性别', group: 'patient', kind: 'page', path: ['patient', 'sex'], transform: ['sex'] },
  { id: 'patient.age', label: '年龄', group: 'patient', kind: 'page', path: ['patient', 'age'], transform: ['age'], optional: true },
  { id: 'patient.birthDate', label: '出生日期', group: 'patient', kind: 'page', path: ['patient', 'birthDate'], transform: ['date'], optional: true },
  { id: 'patient.maternity', label: '妊娠哺乳状态', group: 'patient', kind: 'page', path: ['patient', 'maternity'], optional: true },
  { id: 'encounter.insuranceType', label: '医保类型', group: 'patient', kind: 'page', path: ['encounter', 'insuranceType'], mapped: 'insuranceType' },
  {
    id: 'encounter.visitType',
    label: '就诊类型',
    group: 'patient',
    kind: 'page',
    path: ['encounter', 'visitType'],
    mapped: 'visitType',
    fixedValues: [
      { value: 'outpatient', label: '固定为门诊' },
      { value: 'emergency', label: '固定为急诊' },
      { value: 'inpatient', label: '固定为住院' },
      { value: 'discharge', label: '固定为出院带药' },
    ],
  },
  { id: 'encounter.department', label: '科室', group: 'patient', kind: 'page', path: ['encounter', 'department'], optional: true },
  { id: 'encounter.chronicDiseases', label: '门诊慢特病病种', group: 'patient', kind: 'page', path: ['encounter', 'chronicDiseases'], optional: true },
  { id: 'patient.key', label: '患者标识（门诊号/住院号）', group: 'patient', kind: 'page', path: ['patient', 'key'] },

  { id: 'diagnoses.code', label: '诊断编码', group: 'diagnoses', kind: 'diagnosis', path: ['diagnoses', 'code'] },
  { id: 'diagnoses.name', label: '诊断名称', group: 'diagnoses', kind: 'diagnosis', path: ['diagnoses', 'name'], optional: true },

  // Only where the page shows them (an inpatient screen, a surgical ward): unpicked, nothing is said about operations.
  { id: 'operations.code', label: '手术操作编码', group: 'operations', kind: 'operation', path: ['operations', 'code'], optional: true },
  { id: 'operations.name', label: '手术操作名称', group: 'operations', kind: 'operation', path: ['operations', 'name'], optional: true },
  { id: 'operations.date', label: '手术操作日期', group: 'operations', kind: 'operation', path: ['operations', 'date'], transform: ['date'], optional: true },

  { id: 'lines', label: '医嘱表格（点击任一单元格）', group: 'table', kind: 'table', path: ['orders', 'table'] },

  line('code', '药品编码（医保编码）', 'columns', undefined, false),
  line('name', '药品名称', 'columns'),
  line('spec', '规格', 'columns'),
  line('dose', '每次剂量', 'columns', ['number']),
  line('doseUnit', '剂量单位', 'columns'),
  line('route', '用法', 'columns'),
  line('frequency', '频次', 'columns'),
  line('days', '天数', 'columns', ['days']),
  line('quantity', '总量', 'columns', ['number']),
  line('unit', '总量单位', 'columns'),

  { id: 'submit.controls', label: '提交按钮', group: 'submit', kind: 'submit', path: ['submit', 'controls'] },

  { id: 'orderId', label: '处方号', group: 'more', kind: 'page', path: ['orderId'], optional: true },
  { id: 'encounter.date', label: '就诊日期', group: 'more', kind: 'page', path: ['encounter', 'date'], transform: ['date'], optional: true },
  {
    id: 'encounter.institutionLevel',
    label: '医院级别',
    group: 'more',
    kind: 'page',
    path: ['encounter', 'institutionLevel'],
    optional: true,
    fixedValues: [
      { value: 3, label: '固定为三级' },
      { value: 2, label: '固定为二级' },
      { value: 1, label: '固定为一级' },
    ],
  },
  { id: 'prescriber.id', label: '医生工号', group: 'more', kind: 'page', path: ['prescriber', 'id'], optional: true },
  { id: 'prescriber.title', label: '医生职称', group: 'more', kind: 'page', path: ['prescriber', 'title'], optional: true },
  { id: 'prescriber.antibioticLevel', label: '抗菌药物处方权', group: 'more', kind: 'page', path: ['prescriber', 'antibioticLevel'], optional: true },
  { id: 'prescriber.narcoticPrivilege', label: '麻精药品处方权', group: 'more', kind: 'page', path: ['prescriber', 'narcoticPrivilege'], transform: ['flag'], optional: true },
  line('group', '组号', 'more'),
  line('price', '单价', 'more', ['number']),
  line('selfPay', '自费标记', 'more', ['flag']),
  line('date', '医嘱日期', 'more', ['date']),
  // 药品/诊疗/耗材: where the code alone cannot tell (a hospital's own codes), the row's 类别 does.
  line('kind', '项目类别（药品/诊疗/耗材）', 'more', ['line-kind']),
];

export const GROUP_TITLES: Readonly<Record<FieldGroup, string>> = {
  patient: '患者与就诊',
  diagnoses: '诊断',
  operations: '手术操作',
  table: '医嘱表格',
  columns: '医嘱列',
  submit: '提交',
  more: '更多（可选）',
};

/** A block of repeated rows (one per diagnosis, one per operation) that the profile reads alike. */
export type ListBlock = 'diagnoses' | 'operations';

/** The block a diagnosis or operation field is stored in; undefined for the other kinds. */
export function listBlockOf(field: PickField): ListBlock | undefined {
  return field.kind === 'diagnosis' ? 'diagnoses' : field.kind === 'operation' ? 'operations' : undefined;
}

export function pickField(id: string): PickField | undefined {
  return PICK_FIELDS.find((f) => f.id === id);
}

/**
 * The page's usual wordings for the contract enums. These are facts about how Chinese HIS screens
 * label 医保类型 and 就诊类型 (and FHIR's coverage/encounter codes); a page with other wording gets
 * its own entries from the picker's mapping row.
 */
export const ENUM_WORDS: Readonly<Record<MappedEnum, Readonly<Record<string, string>>>> = {
  insuranceType: {
    职工医保: 'employee',
    城镇职工: 'employee',
    职工基本医疗保险: 'employee',
    居民医保: 'resident',
    城乡居民: 'resident',
    城乡居民医保: 'resident',
    城乡居民基本医疗保险: 'resident',
    工伤保险: 'work-injury',
    生育保险: 'maternity',
    自费: 'self-pay',
    自费病人: 'self-pay',
    EMP: 'employee',
    RES: 'resident',
    WI: 'work-injury',
    SELF: 'self-pay',
  },
  visitType: {
    门诊: 'outpatient',
    普通门诊: 'outpatient',
    专家门诊: 'outpatient',
    急诊: 'emergency',
    住院: 'inpatient',
    长期医嘱: 'inpatient',
    临时医嘱: 'inpatient',
    出院带药: 'discharge',
    AMB: 'outpatient',
    EMER: 'emergency',
    IMP: 'inpatient',
  },
};

export const ENUM_OPTIONS: Readonly<Record<MappedEnum, ReadonlyArray<{ readonly value: string; readonly label: string }>>> = {
  insuranceType: [
    { value: 'employee', label: '职工医保' },
    { value: 'resident', label: '居民医保' },
    { value: 'work-injury', label: '工伤保险' },
    { value: 'maternity', label: '生育保险' },
    { value: 'self-pay', label: '自费' },
    { value: 'other', label: '其他' },
  ],
  visitType: [
    { value: 'outpatient', label: '门诊' },
    { value: 'emergency', label: '急诊' },
    { value: 'inpatient', label: '住院' },
    { value: 'discharge', label: '出院带药' },
  ],
};
