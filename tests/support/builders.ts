import { OrderSchema, type Order, type OrderInput } from '../../contract/order';
import { PackSchema, type Pack, type PackInput } from '../../rules/pack/schema';
import { compilePack } from '../../rules/engine/compile';
import { evaluate } from '../../rules/engine/evaluate';
import type { CheckResult } from '../../contract/findings';

type LineInput = OrderInput['lines'][number];
export type OrderParts = DeepPartialOrder;
type DeepPartialOrder = Partial<Omit<OrderInput, 'patient' | 'encounter' | 'lines'>> & {
  patient?: Partial<OrderInput['patient']>;
  encounter?: Partial<OrderInput['encounter']>;
  lines?: LineInput[];
};

/** An adult outpatient order on 2026-11-22 at a 三级 hospital, with the given parts replaced. */
export function makeOrder(parts: DeepPartialOrder = {}): Order {
  return OrderSchema.parse({
    id: parts.id ?? 'rx-test',
    patient: { key: 'p-test', sex: 'M', ageYears: 45, ...parts.patient },
    encounter: {
      visitType: 'outpatient',
      date: '2026-11-22',
      department: '心血管内科',
      insuranceType: 'employee',
      institutionLevel: 3,
      diagnoses: [],
      ...parts.encounter,
    },
    prescriber: parts.prescriber ?? { id: 'd-1' },
    lines: parts.lines ?? [],
    history: parts.history,
  });
}

/** A pack with the given rules and the default settings. */
export function makePack(rules: PackInput['rules'], extra: Partial<PackInput> = {}): Pack {
  return PackSchema.parse({
    schemaVersion: 1,
    id: 'test-pack',
    version: '1.0.0',
    publisher: { name: '测试' },
    ...extra,
    rules,
  });
}

export function check(pack: Pack, order: Order): CheckResult {
  return evaluate(compilePack(pack), order);
}
