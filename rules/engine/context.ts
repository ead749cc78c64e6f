import type { Diagnosis, Order, OrderLine } from '../../contract/order';
import type { PackSettings } from '../pack/settings';
import { ageOf, type Age } from './age';

/** Everything a rule may look at besides its own line, computed once per evaluation. */
export interface EvalContext {
  readonly order: Order;
  /** Evaluation date (the encounter date). */
  readonly date: string;
  readonly age: Age;
  readonly settings: PackSettings;
  /** Diagnoses with codes upper-cased and trimmed, so prefix tests are plain string tests. */
  readonly diagnoses: readonly Diagnosis[];
  readonly lines: readonly OrderLine[];
  /** Fields the page could not read (Order.unread); absent when it read them all. */
  readonly unread?: ReadonlySet<string>;
}

export function buildContext(order: Order, settings: PackSettings): EvalContext {
  return {
    order,
    date: order.encounter.date,
    age: ageOf(order.patient, order.encounter.date),
    settings,
    diagnoses: order.encounter.diagnoses.map((d) => ({ ...d, code: d.code.trim().toUpperCase() })),
    lines: order.lines,
    ...(order.unread && order.unread.length > 0 ? { unread: new Set(order.unread) } : {}),
  };
}
