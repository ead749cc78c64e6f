import type { Order } from '../contract/order';
import type { CompiledPack } from '../rules/engine/compile';
import type { Pack } from '../rules/pack/schema';
import { benchDate, candidatePools, makeOrder } from './orders';
import { seededRandom } from './prng';

export const ORDER_SIZES = [1, 20, 100] as const;
export type OrderSize = (typeof ORDER_SIZES)[number];
/** Distinct orders per size, cycled through while sampling so no single order's shape dominates. */
const ORDERS_PER_SIZE: Record<OrderSize, number> = { 1: 64, 20: 64, 100: 32 };

/** One pack size with its compiled tables and the orders drawn from its codes. */
export interface Scenario {
  rules: number;
  pack: Pack;
  compiled: CompiledPack;
  orders: ReadonlyMap<OrderSize, readonly Order[]>;
  /** Candidate line codes by how many code-keyed rules they hit. */
  pools: { few: number; many: number; none: number };
  /** Rules that match no code (day limits, duplicate drugs). */
  codeless: number;
  kinds: Record<string, number>;
}

const isCodeless = (r: Pack['rules'][number]) => (r.match.codes?.length ?? 0) + (r.match.prefixes?.length ?? 0) === 0;

export function buildScenario(pack: Pack, compiled: CompiledPack, seed: number): Scenario {
  const rnd = seededRandom(seed);
  const pools = candidatePools(pack, compiled, rnd);
  const date = benchDate(pack);
  const orders = new Map<OrderSize, Order[]>();
  for (const size of ORDER_SIZES) {
    orders.set(size, Array.from({ length: ORDERS_PER_SIZE[size] }, (_, n) => makeOrder(pools, size, date, rnd, n)));
  }
  const kinds: Record<string, number> = {};
  for (const r of pack.rules) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
  return {
    rules: pack.rules.length,
    pack,
    compiled,
    orders,
    pools: { few: pools.few.length, many: pools.many.length, none: pools.none.length },
    codeless: pack.rules.filter(isCodeless).length,
    kinds,
  };
}

export function ordersOf(scenario: Scenario, size: OrderSize): readonly Order[] {
  const orders = scenario.orders.get(size);
  if (!orders) throw new Error(`no ${size}-line orders in the ${scenario.rules}-rule scenario`);
  return orders;
}
