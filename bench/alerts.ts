import { readFileSync } from 'node:fs';
import { OrderSchema } from '../contract/order';
import { FindingLedger } from '../entrypoints/content/finding-ledger';
import { findingsToReview } from '../entrypoints/content/finding-policy';
import { compilePack } from '../rules/engine/compile';
import { evaluate } from '../rules/engine/evaluate';
import { parsePackText } from '../rules/pack/load';
import { DEFAULT_SETTINGS } from '../settings/schema';
import { measure, type CheckedOrder } from './alert-metrics';
import { readMix } from './alert-mix/mix-file';
import { report } from './alert-report';

/**
 * `npm run bench:alerts`: the committed order mix (bench/data/alert-mix.json) through the engine
 * with the demo pack and the default settings — how many alerts a day of orders brings, how many
 * would stop the submission, and whether the planted violations are found. Targets are printed,
 * not asserted: they are what the alert work aims at, not a test.
 */

const PACK_PATH = new URL('../rules/packs/demo-pack.json', import.meta.url);

const loaded = parsePackText(readFileSync(PACK_PATH, 'utf8'));
if (!loaded.ok) throw new Error(`demo pack does not load: ${loaded.errors.join('; ')}`);
const compiled = compilePack(loaded.pack);
const mix = readMix();

const checked: CheckedOrder[] = mix.orders.map((entry) => {
  const order = OrderSchema.parse(entry.order);
  const { findings } = evaluate(compiled, order);
  // A fresh ledger: nothing has been continued yet when the doctor first presses 提交.
  const interruptive = findingsToReview(findings, new FindingLedger(), DEFAULT_SETTINGS);
  const result: CheckedOrder = { orderId: order.id, findings, interruptive };
  if (entry.planted) result.planted = { kind: entry.planted.kind, lineId: entry.planted.lineId };
  return result;
});

const what = new Map(mix.orders.flatMap((e) => (e.planted ? [[e.order.id, e.planted.what] as const] : [])));
const lines = report(checked, measure(checked), { pack: `${loaded.pack.id}@${loaded.pack.version}`, what });
console.log(lines.join('\n'));
