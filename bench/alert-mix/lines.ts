import type { OrderInput } from '../../contract/order';
import type { DrugTemplate, ItemTemplate } from './catalogue';

export type LineInput = OrderInput['lines'][number];

/**
 * Order lines as a pharmacy would fill them: quantity = dose × administrations over the days,
 * rounded up to whole packages. Worked out here from the frequency's plain meaning, not with the
 * engine's parsers, so a disagreement shows up as a finding on a clean order instead of hiding.
 */

/** Administrations per cycle of days; `st` is one dose now. */
const FREQUENCIES: Readonly<Record<string, { cycleDays: number; times: number }>> = {
  st: { cycleDays: Infinity, times: 1 },
  qd: { cycleDays: 1, times: 1 },
  qn: { cycleDays: 1, times: 1 },
  bid: { cycleDays: 1, times: 2 },
  q12h: { cycleDays: 1, times: 2 },
  tid: { cycleDays: 1, times: 3 },
  q8h: { cycleDays: 1, times: 3 },
  qid: { cycleDays: 1, times: 4 },
  qod: { cycleDays: 2, times: 1 },
  q72h: { cycleDays: 3, times: 1 },
  biw: { cycleDays: 7, times: 2 },
  tiw: { cycleDays: 7, times: 3 },
  qw: { cycleDays: 7, times: 1 },
};

export function administrations(frequency: string, days: number): number {
  const f = FREQUENCIES[frequency];
  if (!f) throw new Error(`frequency ${frequency} is not in the alert-mix table`);
  // A cycle started is a dose given: qod over 7 days is days 1, 3, 5 and 7.
  return f.cycleDays === Infinity ? f.times : Math.ceil(days / f.cycleDays) * f.times;
}

/** Float division of doses (0.2 g / 0.1 g) must not turn 2 units into 3 by ceiling 2.0000000000000004. */
const ceilUnits = (x: number): number => Math.ceil(Math.round(x * 1e6) / 1e6);

export interface DrugLineOptions {
  /** Days of the prescription; absent for an inpatient 长期医嘱, which runs until stopped. */
  days?: number;
  dose?: number;
  freq?: string;
  /** Dispense this many packages (units for ampoules) instead of what the days need. */
  quantity?: number;
}

export function drugLine(id: string, drug: DrugTemplate, options: DrugLineOptions = {}): LineInput {
  const dose = options.dose ?? drug.dose;
  const frequency = options.freq ?? drug.freq;
  const line: LineInput = {
    id,
    code: drug.code,
    name: drug.name,
    kind: 'drug',
    spec: drug.spec,
    dose,
    doseUnit: drug.doseUnit,
    frequency,
    route: drug.route,
  };
  if (options.days === undefined) return line;
  const perAdministration = dose / drug.strength;
  const given = administrations(frequency, options.days);
  const byPackage = drug.packSize > 1;
  const needed = byPackage ? ceilUnits((perAdministration * given) / drug.packSize) : ceilUnits(perAdministration) * given;
  return {
    ...line,
    days: options.days,
    quantity: options.quantity ?? needed,
    unit: byPackage ? drug.packUnit : drug.form,
    price: drug.price,
  };
}

export function itemLine(id: string, item: ItemTemplate, quantity = 1): LineInput {
  return { id, code: item.code, name: item.name, kind: 'item', quantity, unit: item.unit, price: item.price };
}

/** Ids 1, 2, 3 … in the order lines are added, as an HIS numbers its rows. */
export class LineList {
  readonly lines: LineInput[] = [];

  drug(drug: DrugTemplate, options: DrugLineOptions = {}): string {
    const id = String(this.lines.length + 1);
    this.lines.push(drugLine(id, drug, options));
    return id;
  }

  item(item: ItemTemplate, quantity = 1): string {
    const id = String(this.lines.length + 1);
    this.lines.push(itemLine(id, item, quantity));
    return id;
  }
}
