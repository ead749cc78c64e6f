import { z } from 'zod';
import { LineKindSchema, type Order } from './order';
import { storableText } from './storable-text';

/**
 * The prescription as the flag log keeps it beside a finding (issue #11): its lines as the page
 * showed them (name, 医保编码, 规格, 用量, 天数, 数量) and its diagnoses (code and name), so the 质控
 * reviewing the order later sees what was prescribed for what. The patient appears nowhere here:
 * no name, no record number, no age or sex (the event's context carries only the salted key).
 *
 * Bounded like every record text (contract/flag-event.ts): numbers within plain limits, texts cut
 * by `orderSummary` before they reach the schema, lines and diagnoses capped in number.
 */

/** Lines kept of one order: more than any prescription, and bounded so a record stays small. */
export const MAX_SUMMARY_LINES = 100;
export const MAX_SUMMARY_DIAGNOSES = 30;

const Amount = z.number().min(0).max(1e6);
const short = (max: number) => z.string().max(max);

export const LoggedLineSchema = z.object({
  id: z.string().min(1).max(100),
  code: short(64),
  name: short(200),
  kind: LineKindSchema.optional(),
  spec: short(100).optional(),
  dose: Amount.optional(),
  doseUnit: short(20).optional(),
  frequency: short(40).optional(),
  days: Amount.optional(),
  quantity: Amount.optional(),
  unit: short(20).optional(),
  /**
   * 单价 (yuan per unit of `quantity`) when the page shows one: the monthly report values a line as
   * price × quantity (hub/src/stats/monthly-report.ts); without it the line's amount is unknown.
   */
  price: Amount.optional(),
  /** 处方号, when the page holds several prescriptions. */
  prescription: short(64).optional(),
  selfPay: z.boolean().optional(),
});

export const LoggedDiagnosisSchema = z.object({
  code: short(64),
  name: short(200).optional(),
  primary: z.boolean().optional(),
});

export const OrderSummarySchema = z.object({
  lines: z.array(LoggedLineSchema).max(MAX_SUMMARY_LINES),
  diagnoses: z.array(LoggedDiagnosisSchema).max(MAX_SUMMARY_DIAGNOSES),
});

export type LoggedLine = z.infer<typeof LoggedLineSchema>;
export type LoggedDiagnosis = z.infer<typeof LoggedDiagnosisSchema>;
export type OrderSummary = z.infer<typeof OrderSummarySchema>;

/** A trimmed text cut to its bound and made storable; undefined when nothing is left. */
const cut = (text: string | undefined, max: number): string | undefined => {
  const trimmed = text?.trim();
  return trimmed ? storableText(trimmed, max) || undefined : undefined;
};

const amount = (value: number | undefined): number | undefined => (value !== undefined && Number.isFinite(value) && value >= 0 && value <= 1e6 ? value : undefined);

function loggedLine(line: Order['lines'][number]): LoggedLine {
  const logged: LoggedLine = { id: storableText(line.id, 100), code: storableText(line.code, 64), name: storableText(line.name, 200) };
  // Only the fields that have a value: a record carries no empty keys.
  if (line.kind !== undefined) logged.kind = line.kind;
  const spec = cut(line.spec, 100);
  if (spec !== undefined) logged.spec = spec;
  const dose = amount(line.dose);
  if (dose !== undefined) logged.dose = dose;
  const doseUnit = cut(line.doseUnit, 20);
  if (doseUnit !== undefined) logged.doseUnit = doseUnit;
  const frequency = cut(line.frequency, 40);
  if (frequency !== undefined) logged.frequency = frequency;
  const days = amount(line.days);
  if (days !== undefined) logged.days = days;
  const quantity = amount(line.quantity);
  if (quantity !== undefined) logged.quantity = quantity;
  const unit = cut(line.unit, 20);
  if (unit !== undefined) logged.unit = unit;
  const price = amount(line.price);
  if (price !== undefined) logged.price = price;
  const prescription = cut(line.prescription, 64);
  if (prescription !== undefined) logged.prescription = prescription;
  if (line.selfPay !== undefined) logged.selfPay = line.selfPay;
  return logged;
}

function loggedDiagnosis(d: Order['encounter']['diagnoses'][number]): LoggedDiagnosis {
  const logged: LoggedDiagnosis = { code: storableText(d.code, 64) };
  const name = cut(d.name, 200);
  if (name !== undefined) logged.name = name;
  if (d.primary !== undefined) logged.primary = d.primary;
  return logged;
}

/**
 * What the log keeps of an order: lines and diagnoses only, texts cut to their bounds and made
 * storable (a cut text is still the text the doctor saw; a refused record would be nothing at
 * all). The result fits OrderSummarySchema, except that a line id made only of NULs is left
 * empty: such an order has no summary to keep (summaryFits).
 */
export function orderSummary(order: Pick<Order, 'lines' | 'encounter'>): OrderSummary {
  return {
    lines: order.lines.slice(0, MAX_SUMMARY_LINES).map(loggedLine),
    diagnoses: order.encounter.diagnoses.slice(0, MAX_SUMMARY_DIAGNOSES).map(loggedDiagnosis),
  };
}

/** Whether a summary made by orderSummary fits the schema: the one thing it cannot make fit is an empty line id. */
export function summaryFits(summary: OrderSummary): boolean {
  return summary.lines.every((line) => line.id !== '');
}
