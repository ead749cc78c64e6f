/**
 * ICD-9-CM-3 (手术操作分类, as 医保版 2.0 codes it: `65.2500x001`, `74.1x00`) — the knowledge behind
 * the national rules 手术操作编码与性别不符, 手术操作编码异常 and 诊断编码与手术操作编码不符
 * (2025 list nos. 39, 38, 40).
 *
 * Source: the chapter structure of ICD-9-CM Volume 3 (Procedures) itself, which 医保版 2.0 keeps:
 * chapter 11 "Operations on the male genital organs" (categories 60–64), chapter 12 "Operations on
 * the female genital organs" (65–71), chapter 13 "Obstetrical procedures" (72–75). A code's category
 * is its two digits before the dot. No ICD-9-CM-3 code list is shipped (none is in ../shared), so
 * nothing here says whether a well-formed code exists — only which chapter it would belong to.
 */

export interface OperationSpan {
  /** Inclusive two-digit categories ("60", "64"), or a subcategory range ("64.4", "64.4"). */
  readonly from: string;
  readonly to: string;
  /** The chapter's title, as the finding names it. */
  readonly title: string;
}

export const MALE_OPERATION_SPANS: readonly OperationSpan[] = [{ from: '60', to: '64', title: '男性生殖器官手术' }];

export const FEMALE_OPERATION_SPANS: readonly OperationSpan[] = [
  { from: '65', to: '71', title: '女性生殖器官手术' },
  { from: '72', to: '75', title: '产科操作' },
];

/** Obstetrical procedures: a delivery, a caesarean section, an amniocentesis — done on a pregnant or delivering woman. */
export const OBSTETRIC_SPANS: readonly OperationSpan[] = [{ from: '72', to: '75', title: '产科操作' }];

/**
 * Codes inside the sex spans that are right for a patient registered with either sex: the
 * operations of sex reassignment, whose patients are registered with the sex they are changing
 * from or to (ICD-9-CM-3 64.5 "Operations for sex transformation, NEC"; 64.43/64.44 construction
 * of the penis; 70.61–70.64 construction of the vagina, also done in male-to-female surgery).
 */
export const OPERATION_SEX_EXCEPTIONS: readonly { readonly code: string; readonly why: string }[] = [
  { code: '64.5', why: '性别转换手术：患者登记的性别可为任一' },
  { code: '64.43', why: '阴茎构建术：用于女性至男性的性别重置' },
  { code: '64.44', why: '阴茎重建术：用于女性至男性的性别重置' },
  { code: '70.61', why: '阴道构建术：用于男性至女性的性别重置' },
  { code: '70.62', why: '阴道重建术' },
  { code: '70.63', why: '阴道构建术（生物补片）：用于男性至女性的性别重置' },
  { code: '70.64', why: '阴道重建术（生物补片）' },
];

/**
 * ICD-10 diagnoses under which an operation of the other sex's organs is expected: disorders of
 * sex development and gender identity (the same categories the diagnosis-sex word rules leave
 * alone, rules/data/icd-sex-age.ts): a 46,XY woman's gonadectomy is coded as an orchiectomy.
 */
export const SEX_DEVELOPMENT_DIAGNOSES: readonly string[] = ['E25', 'E29.1', 'E34.5', 'F64', 'Q56', 'Q96', 'Q97', 'Q98', 'Q99'];

/**
 * ICD-10 diagnoses that make an obstetrical procedure expected: pregnancy, childbirth and the
 * puerperium (chapter XV, O00–O99), supervision of pregnancy and its outcome (Z32–Z37, Z39), and
 * obstetric tetanus (A34). Z38 (liveborn infants) is the baby's and is not among them.
 */
export const OBSTETRIC_DIAGNOSES: readonly { readonly from: string; readonly to: string; readonly title: string }[] = [
  { from: 'O00', to: 'O99', title: '妊娠、分娩和产褥期' },
  { from: 'Z32', to: 'Z37', title: '妊娠检查、监督与分娩结局' },
  { from: 'Z39', to: 'Z39', title: '产后医疗照顾和检查' },
  { from: 'A34', to: 'A34', title: '产科破伤风' },
];

/**
 * What an ICD-9-CM-3 code looks like, in the international and the 医保版 forms: a two-digit
 * category, optionally a dot and up to four digits (or `x` place-holders: `74.1x00`), optionally a
 * 医保版 extension `x` + 3 digits (`73.5900x001`). A diagnosis code (`C61.x00`), a 医疗服务项目 code
 * (`330100011`) or a hospital's own code does not.
 */
export const OPERATION_CODE_SHAPE = /^\d{2}(?:\.?[\dxX]{1,4}(?:[xX]\d{3})?)?$/;

/** The code as compared: trimmed, full stops and spaces kept out of the digits ("65.2500x001" → "652500X001"). */
export function compactOperation(code: string): string {
  return code.replace(/[\s\u3000.]/g, '').toUpperCase();
}
