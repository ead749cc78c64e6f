import type { PackRuleKind } from '../../rules/kinds';
import type { Bilingual } from './options-i18n';
import { ORDER_KIND_FORMS } from './kind-fields-order';
import { CONSUMABLE_KIND_FORMS } from './kind-fields-consumable';
import { LIST_KIND_FORMS } from './kind-fields-lists';
import { FACT_KIND_FORMS } from './kind-fields-facts';

/**
 * What the rule editor shows for each kind's `params`: a short description per field, from which
 * the form is generated. Validation is not here: the form's values go through the pack's own
 * RuleSchema, so an error's path (`params.maxDays`) finds its field by `path`.
 */

export interface ChoiceOption {
  value: string | number;
  label: Bilingual;
}

interface FieldBase {
  /** Path inside `params`. */
  path: readonly string[];
  label: Bilingual;
  hint?: Bilingual;
  /** Shown only when this returns true for the current params (duplicate-charge modes). */
  showIf?: (params: Record<string, unknown>) => boolean;
}

export type FieldSpec =
  | (FieldBase & { type: 'number'; integer?: boolean })
  | (FieldBase & { type: 'text' })
  /** A list of strings, one per line; commas and 、 also separate unless `lines` (sentences). */
  | (FieldBase & { type: 'list'; lines?: boolean })
  /** ICD-10 ranges, one "C00-C97" per line, optionally followed by the range's title. */
  | (FieldBase & { type: 'ranges' })
  /** Named groups of words, one "name：a、b、c" per line (配伍禁忌 families). */
  | (FieldBase & { type: 'groups' })
  /** Pairs of names, one "a + b（note）" per line (配伍禁忌 pairs). */
  | (FieldBase & { type: 'pairs' })
  /** 病种 with their drugs, one "M03900 高血压病：XC09*、X…" per line (慢特病用药范围). */
  | (FieldBase & { type: 'diseases' })
  | (FieldBase & { type: 'select'; options: readonly ChoiceOption[]; optional?: boolean })
  | (FieldBase & { type: 'multi'; options: readonly ChoiceOption[] })
  | (FieldBase & { type: 'checkbox' })
  /** Which numbered alternative each condition belongs to: shown, edited in the JSON below. */
  | (FieldBase & { type: 'scopes' });

export interface KindForm {
  fields: readonly FieldSpec[];
  /** Params of a new rule of this kind: the choices filled in, the numbers left for the 医保办. */
  newParams: () => Record<string, unknown>;
}

export const INSURANCE: readonly ChoiceOption[] = [
  { value: 'employee', label: { zh: '职工医保', en: 'Employee' } },
  { value: 'resident', label: { zh: '居民医保', en: 'Resident' } },
  { value: 'work-injury', label: { zh: '工伤保险', en: 'Work injury' } },
  { value: 'maternity', label: { zh: '生育保险', en: 'Maternity' } },
  { value: 'self-pay', label: { zh: '自费', en: 'Self-pay' } },
  { value: 'other', label: { zh: '其他', en: 'Other' } },
];

export const VISIT_TYPES: readonly ChoiceOption[] = [
  { value: 'outpatient', label: { zh: '门诊', en: 'Outpatient' } },
  { value: 'emergency', label: { zh: '急诊', en: 'Emergency' } },
  { value: 'inpatient', label: { zh: '住院', en: 'Inpatient' } },
  { value: 'discharge', label: { zh: '出院带药', en: 'Discharge' } },
];

const isPair = (p: Record<string, unknown>) => p['mode'] !== 'group';

export const KIND_FORMS: Record<PackRuleKind, KindForm> = {
  indication: {
    fields: [
      { path: ['icdPrefixes'], type: 'list', label: { zh: 'ICD-10 编码前缀', en: 'ICD-10 prefixes' }, hint: { zh: '如 J18、C34、H91.2', en: 'e.g. J18, C34, H91.2' } },
      { path: ['icdRanges'], type: 'ranges', label: { zh: 'ICD-10 编码范围', en: 'ICD-10 ranges' }, hint: { zh: '每行一个，如 C00-C97', en: 'one per line, e.g. C00-C97' } },
      { path: ['keywords'], type: 'list', label: { zh: '诊断关键词', en: 'Diagnosis keywords' } },
      { path: ['excludeKeywords'], type: 'list', label: { zh: '排除关键词', en: 'Excluded keywords' }, hint: { zh: '诊断名称含这些词时不算（如 良性）', en: 'diagnoses containing these never count' } },
      { path: ['conditions'], type: 'list', lines: true, label: { zh: '需医生确认的条件', en: 'Conditions the doctor confirms' }, hint: { zh: '如 基因突变阳性、既往治疗失败', en: 'e.g. mutation positive' } },
      {
        path: ['conditionScopes'],
        type: 'scopes',
        label: { zh: '条件所属的适应症（原文编号的各项）', en: 'Which numbered item each condition belongs to' },
        hint: { zh: '导入时按原文编号生成：只有诊断属于该项时才需确认该条件；不含疾病的一项是另一种支付途径。可在下方“参数 JSON”中修改', en: 'set at import from the numbered text; edit in the params JSON below' },
      },
      { path: ['label'], type: 'text', label: { zh: '提示中显示为', en: 'Shown in messages as' } },
      { path: ['orInsuranceTypes'], type: 'multi', options: INSURANCE, label: { zh: '这些险种不限诊断', en: 'Paid regardless of diagnosis for' } },
    ],
    newParams: () => ({ icdPrefixes: [], icdRanges: [], keywords: [], excludeKeywords: [], conditions: [] }),
  },
  quantity: {
    fields: [
      { path: ['dayLimits'], type: 'checkbox', label: { zh: '按处方管理办法天数限制（门诊7天、急诊3天…）', en: 'Apply prescription day limits by visit type' } },
      { path: ['maxDays'], type: 'number', label: { zh: '每张处方最多天数', en: 'Max days per line' } },
      { path: ['maxDailyDose', 'value'], type: 'number', label: { zh: '日剂量上限', en: 'Max daily dose' } },
      { path: ['maxDailyDose', 'unit'], type: 'text', label: { zh: '日剂量单位（g、mg、ml、片…）', en: 'Daily dose unit' } },
      { path: ['maxDailyDose', 'fromLabel'], type: 'checkbox', label: { zh: '日剂量上限为说明书最大剂量（超说明书用量）', en: 'The daily maximum is the label’s (off-label dose)' } },
      { path: ['maxQuantity', 'value'], type: 'number', label: { zh: '每行最多数量', en: 'Max quantity per line' } },
      { path: ['maxQuantity', 'unit'], type: 'text', label: { zh: '数量单位（盒、支…，可空）', en: 'Quantity unit (optional)' } },
      { path: ['checkDispensed'], type: 'checkbox', label: { zh: '核对发药量与剂量×频次×天数', en: 'Compare dispensed quantity with dose × frequency × days' } },
      {
        path: ['exceptPrefixes'],
        type: 'list',
        label: { zh: '不核对的编码前缀', en: 'Code prefixes left out' },
        hint: { zh: '如 T（中药饮片的付数由中药饮片超大处方规则按整张处方核对）', en: 'e.g. T: herbal prescriptions are checked as a whole by the oversize rule' },
      },
    ],
    newParams: () => ({ dayLimits: false, checkDispensed: false }),
  },
  course: {
    fields: [
      { path: ['maxDays'], type: 'number', label: { zh: '医保支付最多天数', en: 'Max payable days' } },
      { path: ['windowDays'], type: 'number', integer: true, label: { zh: '回溯天数（空=规则包默认）', en: 'Look-back days (empty = pack default)' } },
      { path: ['span'], type: 'checkbox', label: { zh: '按自首次使用起的总时间计（而非累计天数）', en: 'Count calendar time since first use (not days billed)' } },
    ],
    newParams: () => ({}),
  },
  'antibiotic-level': {
    fields: [
      {
        path: ['level'],
        type: 'select',
        label: { zh: '抗菌药物分级', en: 'Antibiotic grade' },
        hint: { zh: '开单医生的抗菌药物处方权须达到此级；特殊使用级门诊不得使用', en: 'the prescriber needs this privilege; special-grade is never given in outpatient visits' },
        options: [
          { value: 'unrestricted', label: { zh: '非限制使用级', en: 'Unrestricted' } },
          { value: 'restricted', label: { zh: '限制使用级', en: 'Restricted' } },
          { value: 'special', label: { zh: '特殊使用级', en: 'Special' } },
        ],
      },
    ],
    newParams: () => ({ level: 'restricted' }),
  },
  sex: {
    fields: [
      {
        path: ['allowed'],
        type: 'select',
        label: { zh: '限定性别', en: 'Paid only for' },
        options: [
          { value: 'M', label: { zh: '男性', en: 'Male' } },
          { value: 'F', label: { zh: '女性', en: 'Female' } },
        ],
      },
    ],
    newParams: () => ({ allowed: 'M' }),
  },
  age: {
    fields: [
      {
        path: ['group'],
        type: 'select',
        label: { zh: '年龄限定', en: 'Age group' },
        options: [
          { value: 'range', label: { zh: '按范围', en: 'Range' } },
          { value: 'child', label: { zh: '儿童', en: 'Child' } },
          { value: 'newborn', label: { zh: '新生儿', en: 'Newborn' } },
          { value: 'adult', label: { zh: '成人', en: 'Adult' } },
        ],
      },
      { path: ['minYears'], type: 'number', label: { zh: '最小年龄（岁）', en: 'Min age (years)' } },
      { path: ['maxYears'], type: 'number', label: { zh: '最大年龄（岁）', en: 'Max age (years)' } },
      { path: ['minDays'], type: 'number', integer: true, label: { zh: '最小日龄（天）', en: 'Min age (days)' } },
      { path: ['maxDays'], type: 'number', integer: true, label: { zh: '最大日龄（天）', en: 'Max age (days)' } },
      { path: ['minMonths'], type: 'number', integer: true, label: { zh: '最小月龄', en: 'Min age (months)' } },
      { path: ['maxMonths'], type: 'number', integer: true, label: { zh: '最大月龄', en: 'Max age (months)' } },
      { path: ['label'], type: 'text', label: { zh: '提示中显示为', en: 'Shown in messages as' }, hint: { zh: '如 儿童、2至11岁', en: 'e.g. 2–11 years' } },
      {
        path: ['use'],
        type: 'select',
        optional: true,
        label: { zh: '范围以外（禁用/慎用清单）', en: 'Outside the range (contraindication lists)' },
        hint: { zh: '空为医保限年龄支付；禁用、慎用来自本院儿童禁用、老年人用药清单', en: 'empty: a payment limit; otherwise from the hospital’s lists' },
        options: [
          { value: 'contraindicated', label: { zh: '禁用', en: 'Contraindicated' } },
          { value: 'caution', label: { zh: '慎用', en: 'Use with caution' } },
        ],
      },
      { path: ['population'], type: 'text', label: { zh: '禁用/慎用人群', en: 'Population' }, hint: { zh: '如 不满18岁儿童、60岁及以上老年人', en: 'e.g. children under 18' } },
    ],
    newParams: () => ({ group: 'range' }),
  },
  'visit-type': {
    fields: [
      { path: ['allowed'], type: 'multi', options: VISIT_TYPES, label: { zh: '限就医方式', en: 'Paid only for visit types' } },
      { path: ['forbidInternet'], type: 'checkbox', label: { zh: '互联网诊疗不予支付', en: 'Not paid in internet visits' } },
      {
        path: ['orConfirm'],
        type: 'text',
        label: { zh: '其他就医方式经医生确认后支付', en: 'Otherwise paid when the doctor confirms' },
        hint: { zh: '如 急救、抢救时使用', en: 'e.g. used in a rescue (急救、抢救时使用)' },
      },
    ],
    newParams: () => ({ allowed: ['inpatient'] }),
  },
  'institution-level': {
    fields: [
      {
        path: ['minLevel'],
        type: 'select',
        label: { zh: '最低医疗机构级别', en: 'Minimum hospital level' },
        options: [
          { value: 1, label: { zh: '一级', en: 'Level 1' } },
          { value: 2, label: { zh: '二级', en: 'Level 2' } },
          { value: 3, label: { zh: '三级', en: 'Level 3' } },
        ],
      },
    ],
    newParams: () => ({ minLevel: 2 }),
  },
  'insurance-type': {
    fields: [{ path: ['allowed'], type: 'multi', options: INSURANCE, label: { zh: '限险种', en: 'Paid only for insurance types' } }],
    newParams: () => ({ allowed: ['work-injury'] }),
  },
  department: {
    fields: [{ path: ['keywords'], type: 'list', label: { zh: '科室关键词', en: 'Department keywords' }, hint: { zh: '如 肿瘤、血液', en: 'e.g. oncology' } }],
    newParams: () => ({}),
  },
  'duplicate-drug': {
    fields: [
      {
        path: ['by'],
        type: 'select',
        label: { zh: '判定方式', en: 'Duplicate by' },
        options: [
          { value: 'ingredient', label: { zh: '同一成分', en: 'Same ingredient' } },
          { value: 'class', label: { zh: '同一药理分类', en: 'Same class' } },
        ],
      },
      { path: ['classes'], type: 'list', label: { zh: 'ATC 分类（按分类时）', en: 'ATC classes (by class)' }, hint: { zh: '如 A02BC', en: 'e.g. A02BC' } },
      { path: ['classLabel'], type: 'text', label: { zh: '分类名称', en: 'Class name' }, hint: { zh: '如 质子泵抑制剂', en: 'e.g. proton pump inhibitors' } },
      {
        path: ['refillDays'],
        type: 'number',
        integer: true,
        label: { zh: '既往处方：剩余不超过几天可续开', en: 'History: refill allowed with at most this many days left' },
        hint: { zh: '留空则只查本张医嘱；填 3 即前次药量剩余超过 3 天又开同药时提示', en: 'Empty: this order only; 3 flags a refill with more than 3 days of the earlier supply left' },
      },
    ],
    newParams: () => ({ by: 'ingredient' }),
  },
  'duplicate-charge': {
    fields: [
      {
        path: ['mode'],
        type: 'select',
        label: { zh: '方式', en: 'Mode' },
        options: [
          { value: 'pair', label: { zh: '主项目含次项目', en: 'Main includes secondary' } },
          { value: 'group', label: { zh: '同组第二项起折价', en: 'Same group, discounted' } },
        ],
      },
      { path: ['main'], type: 'list', label: { zh: '主项目编码', en: 'Main item codes' }, showIf: isPair },
      { path: ['secondary'], type: 'list', label: { zh: '次项目编码', en: 'Secondary item codes' }, showIf: isPair },
      { path: ['note'], type: 'text', label: { zh: '备注（主项目包含的内容）', en: 'Note' }, showIf: isPair },
      { path: ['group'], type: 'text', label: { zh: '组名', en: 'Group' }, showIf: (p) => !isPair(p) },
    ],
    newParams: () => ({ mode: 'pair' }),
  },
  frequency: {
    fields: [
      { path: ['maxCount'], type: 'number', integer: true, label: { zh: '最多次数', en: 'Max count' } },
      { path: ['periodDays'], type: 'number', integer: true, label: { zh: '周期（天）', en: 'Period (days)' } },
    ],
    newParams: () => ({ periodDays: 1 }),
  },
  'second-line': {
    fields: [
      { path: ['firstLine'], type: 'text', label: { zh: '一线药物或治疗（提示用）', en: 'First-line therapy (hint)' } },
      {
        path: ['firstLinePrefixes'],
        type: 'list',
        label: { zh: '一线药物编码前缀（既往用药有其一即视为已用一线）', en: 'First-line drug code prefixes (one in the history satisfies it)' },
        hint: { zh: '西药编码 X+ATC 类别，如 XA10BA（双胍类）', en: 'X + ATC class, e.g. XA10BA (biguanides)' },
      },
    ],
    newParams: () => ({}),
  },
  'self-pay': {
    fields: [
      {
        path: ['condition'],
        type: 'select',
        label: { zh: '何时需自费', en: 'Self-pay when' },
        options: [
          { value: 'always', label: { zh: '总是', en: 'Always' } },
          { value: 'sole-use', label: { zh: '单独使用时', en: 'Used alone' } },
        ],
      },
      { path: ['familyPrefix'], type: 'text', label: { zh: '同类编码前缀（单独使用时）', en: 'Family code prefix (used alone)' }, hint: { zh: 'T = 中药饮片', en: 'T = herbal pieces' } },
    ],
    newParams: () => ({ condition: 'always' }),
  },
  approval: {
    fields: [{ path: ['authority'], type: 'text', label: { zh: '审批部门', en: 'Approving body' } }],
    newParams: () => ({}),
  },
  ...ORDER_KIND_FORMS,
  ...CONSUMABLE_KIND_FORMS,
  ...LIST_KIND_FORMS,
  ...FACT_KIND_FORMS,
};

/** The form path of a params field as the validator reports it: `params.maxDailyDose.value`. */
export function paramsPath(field: FieldSpec): string {
  return ['params', ...field.path].join('.');
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function getAt(target: unknown, path: readonly string[]): unknown {
  let value = target;
  for (const key of path) {
    if (!isRecord(value)) return undefined;
    value = value[key];
  }
  return value;
}

/**
 * A copy of `target` with `value` at `path`. `undefined` removes the key, and an object left empty
 * by that is removed too (clearing both 日剂量 fields removes maxDailyDose).
 */
export function setAt<T extends Record<string, unknown>>(target: T, path: readonly string[], value: unknown): T {
  const [key, ...rest] = path;
  if (key === undefined) return target;
  const copy: Record<string, unknown> = { ...target };
  const next = rest.length === 0 ? value : setAt(isRecord(copy[key]) ? (copy[key] as Record<string, unknown>) : {}, rest, value);
  if (next === undefined || (rest.length > 0 && isRecord(next) && Object.keys(next).length === 0)) delete copy[key];
  else copy[key] = next;
  return copy as T;
}

/** Form text → number; empty is "not set", anything unreadable is kept so validation names it. */
export function numberFromText(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

const LIST_SEPARATORS = /[\n,，;；、]+/;

/** Items of a list field; with `linesOnly`, only line breaks separate (conditions are sentences). */
export function listFromText(text: string, linesOnly = false): string[] | undefined {
  const items = text.split(linesOnly ? '\n' : LIST_SEPARATORS).map((s) => s.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}

export function textFromList(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join('\n') : '';
}

/**
 * "C00-C97" lines → ranges; text after the range is its title (N70-N98 女性盆腔器官炎性疾病). A line
 * without a dash keeps an empty end, which validation reports.
 */
export function rangesFromText(text: string): { from: string; to: string; title?: string }[] | undefined {
  const lines = text.split('\n').map((s) => s.trim()).filter(Boolean);
  if (lines.length === 0) return undefined;
  return lines.map((line) => {
    const m = /^([^\s\-–—~～至]*)(?:\s*[-–—~～至]\s*([^\s]*))?\s*(.*)$/.exec(line)!;
    const title = m[3]!.trim();
    return title ? { from: m[1]!, to: m[2] ?? '', title } : { from: m[1]!, to: m[2] ?? '' };
  });
}

export function textFromRanges(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value
    .map((r) => (isRecord(r) ? `${String(r['from'] ?? '')}-${String(r['to'] ?? '')}${typeof r['title'] === 'string' && r['title'] ? ` ${r['title']}` : ''}` : ''))
    .join('\n');
}
