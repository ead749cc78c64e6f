import { LineKindSchema, OrderSchema, type LineKind, type Order } from '../../../contract/order';
import type { FieldError } from '../../../rules/pack/load';
import { pick } from '../options-i18n';
import { ORDER_FIELDS, type Draft, type Section } from './order-fields';

/**
 * The 试算 form's state and its two conversions: form → canonical Order (validated with the
 * contract's own OrderSchema, errors keyed by the form field that caused them) and Order → form.
 * Values are kept as typed (strings); what the form does not show (history, prescriber, 规格, 用法
 * …) is carried over unchanged, so JSON → form → JSON loses nothing.
 */

export interface DiagnosisRow {
  code: string;
  name: string;
  primary: boolean;
}

/** A 门诊慢特病 病种 the visit is registered under: code, name or both, as the 统筹区 lists them. */
export interface ChronicDiseaseRow {
  code: string;
  name: string;
}

export interface LineRow {
  /** Stable key of the row while it is edited (the order's line id is its position). */
  key: string;
  kind: LineKind;
  code: string;
  name: string;
  /** 规格 as the page writes it (0.1g*24粒): the engine converts 盒 to doses with it. */
  spec: string;
  dose: string;
  doseUnit: string;
  frequency: string;
  days: string;
  quantity: string;
  unit: string;
  selfPay: boolean;
  /** The line's other fields (spec, route, price, group …), written back as they were. */
  carry: Draft;
}

export interface OrderFormState {
  id: string;
  /** Values of ORDER_FIELDS, by key. */
  values: Record<string, string>;
  diagnoses: DiagnosisRow[];
  /** encounter.chronicDiseases; none means not a 门诊慢特病 visit (the key is left out). */
  chronicDiseases: ChronicDiseaseRow[];
  lines: LineRow[];
  /** The order's own fields beside patient, encounter and lines (prescriber, history …). */
  carry: { order: Draft; patient: Draft; encounter: Draft };
}

let rowSeq = 0;
export const newRowKey = (): string => `row-${++rowSeq}`;

export function emptyLine(): LineRow {
  return { key: newRowKey(), kind: 'drug', code: '', name: '', spec: '', dose: '', doseUnit: '', frequency: '', days: '', quantity: '', unit: '', selfPay: false, carry: {} };
}

export function emptyForm(): OrderFormState {
  return {
    id: 'trial-1',
    values: Object.fromEntries(ORDER_FIELDS.map((f) => [f.key, f.initial()])),
    diagnoses: [],
    chronicDiseases: [],
    lines: [emptyLine()],
    carry: { order: {}, patient: { key: 'trial-patient' }, encounter: {} },
  };
}

/** The encounter's lists the form edits row by row (the other encounter facts are ORDER_FIELDS). */
const ENCOUNTER_LISTS = ['diagnoses', 'chronicDiseases'] as const;

const LINE_NUMBERS = ['dose', 'days', 'quantity'] as const;
const LINE_TEXTS = ['spec', 'doseUnit', 'frequency', 'unit'] as const;
const LINE_OWNED = new Set(['id', 'code', 'name', 'kind', 'selfPay', ...LINE_NUMBERS, ...LINE_TEXTS]);

const without = (draft: Draft, owned: Iterable<string>): Draft => {
  const out = { ...draft };
  for (const key of owned) delete out[key];
  return out;
};

/** Form paths: `field.<key>`, `diagnosis.<i>`, `chronic.<i>`, `line.<i>.<property>`, `order` for the rest. */
export type FormResult = { ok: true; order: Order } | { ok: false; errors: FieldError[] };

function numberError(text: string): string | undefined {
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? undefined : pick({ zh: '须为不小于 0 的数字', en: 'must be a number of 0 or more' });
}

/** Where a contract path lands in the form (an error the schema found). */
export function formPathOf(path: readonly PropertyKey[]): string {
  const [head, second, third] = path.map(String);
  if (head === 'lines' && second !== undefined) return third ? `line.${second}.${third}` : `line.${second}.code`;
  if (head === 'encounter' && second === 'diagnoses') return third !== undefined ? `diagnosis.${third}` : 'diagnoses';
  if (head === 'encounter' && second === 'chronicDiseases') return third !== undefined ? `chronic.${third}` : 'chronicDiseases';
  if ((head === 'patient' || head === 'encounter') && second) {
    const field = ORDER_FIELDS.find((f) => f.section === head && f.owns.includes(second));
    if (field) return `field.${field.key}`;
  }
  return 'order';
}

export function formToOrder(form: OrderFormState): FormResult {
  const errors: FieldError[] = [];
  const sections: Record<Section, Draft> = {
    patient: without(form.carry.patient, ORDER_FIELDS.filter((f) => f.section === 'patient').flatMap((f) => f.owns)),
    encounter: without(form.carry.encounter, [...ORDER_FIELDS.filter((f) => f.section === 'encounter').flatMap((f) => f.owns), ...ENCOUNTER_LISTS]),
  };
  for (const field of ORDER_FIELDS) {
    const message = field.write(form.values[field.key] ?? '', sections[field.section]);
    if (message) errors.push({ path: `field.${field.key}`, message });
  }
  sections.encounter['diagnoses'] = form.diagnoses.map((d, i) => {
    if (!d.code.trim()) errors.push({ path: `diagnosis.${i}`, message: pick({ zh: '请搜索并选择诊断，或填写 ICD-10 编码', en: 'search and pick a diagnosis, or enter its ICD-10 code' }) });
    return { code: d.code.trim(), ...(d.name.trim() ? { name: d.name.trim() } : {}), ...(d.primary ? { primary: true } : {}) };
  });
  const chronic = form.chronicDiseases.map((d, i) => {
    const code = d.code.trim();
    const name = d.name.trim();
    if (!code && !name) errors.push({ path: `chronic.${i}`, message: pick({ zh: '请搜索并选择病种，或填写病种名称或编码', en: 'search and pick a condition, or enter its name or code' }) });
    return { ...(code ? { code } : {}), ...(name ? { name } : {}) };
  });
  if (chronic.length > 0) sections.encounter['chronicDiseases'] = chronic;
  const lines = form.lines.map((row, i) => {
    const line: Draft = { ...without(row.carry, LINE_OWNED), id: String(i + 1), code: row.code.trim(), name: row.name.trim(), kind: row.kind };
    if (!row.code.trim()) errors.push({ path: `line.${i}.code`, message: pick({ zh: '请搜索并选择药品或项目，或填写医保编码', en: 'search and pick a drug or item, or enter its code' }) });
    for (const key of LINE_NUMBERS) {
      const text = row[key].trim();
      if (!text) continue;
      const message = numberError(text);
      if (message) errors.push({ path: `line.${i}.${key}`, message });
      else line[key] = Number(text);
    }
    for (const key of LINE_TEXTS) if (row[key].trim()) line[key] = row[key].trim();
    if (row.selfPay) line['selfPay'] = true;
    return line;
  });
  if (errors.length > 0) return { ok: false, errors };
  const parsed = OrderSchema.safeParse({ ...form.carry.order, id: form.id.trim() || 'trial-1', patient: sections.patient, encounter: sections.encounter, lines });
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: formPathOf(issue.path), message: issue.message })) };
  return { ok: true, order: parsed.data };
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export function orderToForm(order: Order): OrderFormState {
  const { patient, encounter, lines, id, ...rest } = order;
  const { diagnoses, chronicDiseases, ...encounterRest } = encounter;
  const sections: Record<Section, Draft> = { patient: { ...patient }, encounter: { ...encounterRest } };
  return {
    id,
    values: Object.fromEntries(ORDER_FIELDS.map((f) => [f.key, f.read(sections[f.section])])),
    diagnoses: diagnoses.map((d) => ({ code: d.code, name: d.name ?? '', primary: d.primary === true })),
    chronicDiseases: (chronicDiseases ?? []).map((d) => ({ code: d.code ?? '', name: d.name ?? '' })),
    lines: lines.map((line) => ({
      key: newRowKey(),
      kind: LineKindSchema.catch('drug').parse(line.kind),
      code: line.code,
      name: line.name,
      spec: text(line.spec),
      dose: text(line.dose),
      doseUnit: text(line.doseUnit),
      frequency: text(line.frequency),
      days: text(line.days),
      quantity: text(line.quantity),
      unit: text(line.unit),
      selfPay: line.selfPay === true,
      carry: without(line as Draft, LINE_OWNED),
    })),
    carry: { order: rest as Draft, patient: sections.patient, encounter: sections.encounter },
  };
}
