import type { Order } from '../contract/order';
import { compilePack, type CompiledPack } from '../rules/engine/compile';
import { evaluate } from '../rules/engine/evaluate';
import type { Pack } from '../rules/pack/schema';
import { JreChecker, type LineHit } from './jre-engine';
import { translateRules } from './jre-translate';
import { sampleAsync, sampleSync, timeOnce, type SampleOptions, type Timing } from './timing';

export interface JreRow {
  lines: number;
  ours: Timing;
  /** Measured json-rules-engine figures, or undefined when the order was too slow to run in the budget. */
  theirs: Timing | undefined;
  /** theirs p50 in µs: measured, or lines × the measured 1-line p50 when `estimated`. */
  theirsP50Us: number;
  estimated: boolean;
  /** theirs p50 / ours p50. */
  ratio: number;
}

export interface JreFigure {
  packRules: number;
  /** Rules both engines hold: the translated subset. */
  rules: number;
  kinds: Record<string, number>;
  engineBuildMs: number;
  /** Timed json-rules-engine runs whose (rule, line) pairs were compared with ours, and how many differed. */
  parityOrders: number;
  parityMismatches: number;
  mismatchExample?: string;
  rows: JreRow[];
}

export interface JreBudget {
  ours: (lines: number) => SampleOptions;
  /** Sampling of json-rules-engine for 1-line orders. */
  theirsOneLine: SampleOptions;
  /** Sampling for longer orders; skipped for an estimate when even `minIterations` would not fit `budgetMs`. */
  theirsOrder: SampleOptions & { budgetMs: number; minIterations: number };
}

const pairKey = (h: LineHit) => `${h.ruleId}@${h.lineId}`;

class Parity {
  orders = 0;
  mismatches = 0;
  example: string | undefined;

  constructor(private readonly ours: CompiledPack) {}

  compare(order: Order, theirs: readonly LineHit[]): void {
    const a = new Set(evaluate(this.ours, order).findings.map((f) => pairKey({ ruleId: f.ruleId, lineId: f.lineId ?? '' })));
    const b = new Set(theirs.map(pairKey));
    const onlyOurs = [...a].filter((k) => !b.has(k));
    const onlyTheirs = [...b].filter((k) => !a.has(k));
    this.orders++;
    if (onlyOurs.length + onlyTheirs.length === 0) return;
    this.mismatches++;
    this.example ??= `${order.id}: only ours [${onlyOurs.slice(0, 3).join(', ')}], only theirs [${onlyTheirs.slice(0, 3).join(', ')}]`;
  }
}

export async function measureJre(pack: Pack, ordersBySize: ReadonlyMap<number, readonly Order[]>, budget: JreBudget): Promise<JreFigure> {
  const translation = translateRules(pack.rules, pack.settings);
  const ours = compilePack({ ...pack, rules: translation.rules });
  const build = timeOnce(() => new JreChecker(translation));
  const theirs = build.value;
  const parity = new Parity(ours);

  const rows: JreRow[] = [];
  let oneLineP50Us = Number.NaN;
  for (const [lines, orders] of [...ordersBySize].sort((a, b) => a[0] - b[0])) {
    const oursTiming = sampleSync((i) => evaluate(ours, orders[i % orders.length]!), budget.ours(lines));
    const opts = lines === 1 ? budget.theirsOneLine : budget.theirsOrder;
    const projectedMs = (lines * oneLineP50Us) / 1000;
    const fits = lines === 1 || !(projectedMs * (opts.minIterations ?? 1) > (opts.budgetMs ?? Infinity));
    let theirsTiming: Timing | undefined;
    if (fits) {
      theirsTiming = await sampleAsync(
        (i) => theirs.check(orders[i % orders.length]!),
        opts,
        (i, hits) => parity.compare(orders[i % orders.length]!, hits),
      );
      if (lines === 1) oneLineP50Us = theirsTiming.p50Us;
    }
    const theirsP50Us = theirsTiming?.p50Us ?? lines * oneLineP50Us;
    rows.push({ lines, ours: oursTiming, theirs: theirsTiming, theirsP50Us, estimated: !theirsTiming, ratio: theirsP50Us / oursTiming.p50Us });
  }
  const kinds: Record<string, number> = {};
  for (const r of translation.rules) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
  return {
    packRules: pack.rules.length,
    rules: translation.rules.length,
    kinds,
    engineBuildMs: build.ms,
    parityOrders: parity.orders,
    parityMismatches: parity.mismatches,
    ...(parity.example ? { mismatchExample: parity.example } : {}),
    rows,
  };
}
