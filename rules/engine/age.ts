import type { Patient } from '../../contract/order';

/** Age at a date: completed years and days. Either may be unknown. */
export interface Age {
  years?: number;
  /** Completed months (月龄): 6月龄以下 limits need them. */
  months?: number;
  days?: number;
}

const DAY_MS = 86_400_000;

function parseUtc(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function ageOf(patient: Patient, onDate: string): Age {
  if (patient.birthDate) {
    const birth = parseUtc(patient.birthDate);
    const at = parseUtc(onDate);
    if (Number.isFinite(birth) && Number.isFinite(at) && at >= birth) {
      const b = new Date(birth);
      const a = new Date(at);
      let years = a.getUTCFullYear() - b.getUTCFullYear();
      const beforeBirthday =
        a.getUTCMonth() < b.getUTCMonth() || (a.getUTCMonth() === b.getUTCMonth() && a.getUTCDate() < b.getUTCDate());
      if (beforeBirthday) years -= 1;
      let months = (a.getUTCFullYear() - b.getUTCFullYear()) * 12 + a.getUTCMonth() - b.getUTCMonth();
      if (a.getUTCDate() < b.getUTCDate()) months -= 1;
      return { years, months, days: Math.round((at - birth) / DAY_MS) };
    }
  }
  if (patient.ageDays !== undefined) {
    return { days: patient.ageDays, months: Math.floor(patient.ageDays / 30.4375), years: Math.floor(patient.ageDays / 365.25) };
  }
  if (patient.ageYears !== undefined) {
    return { years: Math.floor(patient.ageYears) };
  }
  return {};
}
