import type { Order } from '../contract/order';
import type { Pack } from '../rules/pack/schema';
import { EngineHost } from '../workers/engine-host';
import { cycleThrough, oneLineEdits } from './measure-evaluate';
import { sampleSync, type SampleOptions, type Timing } from './timing';

/**
 * What the engine worker does for one keystroke (EngineHost.check): the order that arrived is
 * validated against the contract, then its session re-judges what changed. The same one-line
 * edits as the session figure, so the difference between the two is the validation.
 */
export interface WorkerCheckFigure {
  rules: number;
  lines: number;
  timing: Timing;
}

export function measureWorkerCheck(pack: Pack, orders: readonly Order[], opts: SampleOptions): WorkerCheckFigure {
  const host = new EngineHost();
  const loaded = host.loadPack(pack);
  if (!loaded.ok) throw new Error(`the bench pack does not load: ${loaded.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  // As a message brings them: plain data, not the objects the bench built.
  const edit = cycleThrough(orders.map((order) => oneLineEdits(order).map((e) => structuredClone(e) as unknown)));
  const next = (i: number) => {
    const { index, item } = edit(i);
    const outcome = host.check(item, `bench-${index}`);
    if (!outcome.ok) throw new Error(`a bench order was refused: ${outcome.reason}`);
    return outcome;
  };
  return { rules: loaded.ruleCount, lines: orders[0]?.lines.length ?? 0, timing: sampleSync(next, opts) };
}
