import type { Diagnosis, Order, OrderLine } from '../../contract/order';
import type { PackSettings } from '../pack/settings';
import { NO_PRIVILEGES, type PrivilegeTable } from '../pack/prescribers';
import { certifiedChronicNames } from '../kinds/certified-chronic';
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
  /** The 门诊慢特病 the visit is certified for, by name (certified-chronic.ts). */
  readonly certifiedChronic: readonly string[];
  readonly lines: readonly OrderLine[];
  /** Fields the page could not read (Order.unread); absent when it read them all. */
  readonly unread?: ReadonlySet<string>;
  /** The pack's privilege list by 工号 and 医保医师代码, built when the pack was compiled. */
  readonly prescribers: PrivilegeTable;
}

/** What a context takes from the compiled pack besides its settings. */
export interface PackLookups {
  readonly prescribers?: PrivilegeTable;
  readonly chronicDiseaseName?: (code: string) => string | undefined;
}

export function buildContext(order: Order, settings: PackSettings, lookups: PackLookups = {}): EvalContext {
  const prescribers = lookups.prescribers ?? NO_PRIVILEGES;
  return {
    order,
    date: order.encounter.date,
    age: ageOf(order.patient, order.encounter.date),
    settings,
    prescribers,
    diagnoses: order.encounter.diagnoses.map((d) => ({ ...d, code: d.code.trim().toUpperCase() })),
    certifiedChronic: certifiedChronicNames(order.encounter, lookups.chronicDiseaseName),
    lines: order.lines,
    ...(order.unread && order.unread.length > 0 ? { unread: new Set(order.unread) } : {}),
  };
}
