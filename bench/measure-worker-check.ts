import type { Order } from '../contract/order';
import type { Pack } from '../rules/pack/schema';
import { EngineHost } from '../workers/engine-host';
import { oneLineEdits } from './measure-evaluate';
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
  const edits = orders.map((order) => oneLineEdits(order).map((edit) => structuredClone(edit) as unknown));
  const steps = orders.map(() => 0);
  const next = (i: number) => {
    const j = i % edits.length;
    const cycle = edits[j]!;
    const step = steps[j]!;
    steps[j] = step + 1;
    const outcome = host.check(cycle[step % cycle.length], `bench-${j}`);
    if (!outcome.ok) throw new Error(`a bench order was refused: ${outcome.reason}`);
    return outcome;
  };
  for (let i = 0; i < edits.length; i++) next(i);
  return { rules: loaded.ruleCount, lines: orders[0]?.lines.length ?? 0, timing: sampleSync(next, opts) };
}
