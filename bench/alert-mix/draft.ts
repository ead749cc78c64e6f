import type { HistoryEntry, InsuranceType, InstitutionLevel, OrderInput, VisitType } from '../../contract/order';
import type { Random } from '../prng';
import { allDrugs } from './catalogue';
import { diagnosesOf, type IcdNames } from './diagnoses';
import { inStyle, pickStyle } from './his-style';
import { drugLine, LineList, type LineInput } from './lines';

/** An order being put together by a scenario, before a plant (maybe) changes one thing in it. */
export interface Draft {
  sex: 'M' | 'F';
  ageYears: number;
  visitType: VisitType;
  department: string;
  insuranceType: InsuranceType;
  institutionLevel: InstitutionLevel;
  diagnosisCodes: string[];
  chronicConditions?: string[];
  internet?: boolean;
  longTermPrescription?: boolean;
  lines: LineList;
  history: HistoryEntry[];
  /** Lines a plant may act on, by role ("refill", "hba1c"): the scenario knows which row is which. */
  roles: Record<string, string>;
}

export interface BuildContext {
  readonly rnd: Random;
  readonly icd: IcdNames;
  /** The day of the mix, YYYY-MM-DD. */
  readonly date: string;
}

const DAY_MS = 86_400_000;

export function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
}

export function newDraft(fields: Omit<Draft, 'lines' | 'history' | 'roles'>): Draft {
  return { ...fields, lines: new LineList(), history: [], roles: {} };
}

export function lineById(draft: Draft, id: string): LineInput {
  const line = draft.lines.lines.find((l) => l.id === id);
  if (!line) throw new Error(`no line ${id}`);
  return line;
}

/** Re-fills a drug line for other days, dose × frequency × days rounded to packages as before. */
export function setDays(draft: Draft, id: string, days: number): void {
  const old = lineById(draft, id);
  const template = allDrugs().find((d) => d.code === old.code);
  if (!template) throw new Error(`line ${id} (${old.code}) is not a catalogue drug`);
  const index = draft.lines.lines.indexOf(old);
  const options = { days, ...(old.dose !== undefined ? { dose: old.dose } : {}), ...(old.frequency ? { freq: old.frequency } : {}) };
  draft.lines.lines[index] = drugLine(id, template, options);
}

/** A birth date that makes the patient `ageYears` old on `date`, somewhere within that year of age. */
function birthDateFor(date: string, ageYears: number, rnd: Random): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const birthday = Date.UTC(y - ageYears, m - 1, d);
  return new Date(birthday - rnd.int(1, 360) * DAY_MS).toISOString().slice(0, 10);
}

export function finishOrder(draft: Draft, id: string, ctx: BuildContext, prescriber: string): OrderInput {
  const style = pickStyle(ctx.rnd);
  const encounter: OrderInput['encounter'] = {
    visitType: draft.visitType,
    date: ctx.date,
    department: draft.department,
    insuranceType: draft.insuranceType,
    institutionLevel: draft.institutionLevel,
    diagnoses: diagnosesOf(ctx.icd, draft.diagnosisCodes),
  };
  if (draft.chronicConditions) encounter.chronicConditions = draft.chronicConditions;
  if (draft.internet) encounter.internet = true;
  if (draft.longTermPrescription) encounter.longTermPrescription = true;
  const order: OrderInput = {
    id,
    patient: { key: `p-${id}`, sex: draft.sex, birthDate: birthDateFor(ctx.date, draft.ageYears, ctx.rnd) },
    encounter,
    prescriber: { id: prescriber },
    lines: draft.lines.lines.map((line) => inStyle(line, style)),
  };
  if (draft.history.length > 0) order.history = draft.history;
  return order;
}
