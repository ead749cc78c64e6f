/**
 * Run in a child process by measure-image.ts, in two steps, each in a fresh heap:
 *
 * `build <pack.json> <image.bin>`: what acceptance adds — the image of a validated pack, written
 * in the structured-clone format IndexedDB keeps it in (v8.serialize).
 * `load <image.bin> <orders.json>`: what every later engine start costs — the stored image read
 * back (deserialize = the IndexedDB read / postMessage to the worker), its schema checked, the
 * engine ready; then the bench orders checked, and the heap the engine holds with the rules those
 * orders needed decoded. Prints one JSON object on stdout.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import type { Order } from '../contract/order';
import { evaluate } from '../rules/engine/evaluate';
import { buildPackImage, compilePackImage, PackImageSchema } from '../rules/engine/image';
import { validatePack } from '../rules/pack/load';
import { settledHeapBytes } from './heap';
import { timeOnce } from './timing';

const [step, input, other] = process.argv.slice(2);

if (step === 'build' && input && other) {
  const validated = validatePack(JSON.parse(readFileSync(input, 'utf8')));
  if (!validated.ok) throw new Error('pack does not validate');
  const built = timeOnce(() => buildPackImage(validated.pack, 'bench'));
  const bytes = serialize(built.value);
  writeFileSync(other, bytes);
  process.stdout.write(JSON.stringify({ buildMs: built.ms, storedBytes: bytes.byteLength }));
} else if (step === 'load' && input && other) {
  let file: Buffer | undefined = readFileSync(input);
  const orders = JSON.parse(readFileSync(other, 'utf8')) as Order[];
  const empty = settledHeapBytes();
  const read = timeOnce(() => deserialize(file!) as unknown);
  file = undefined;
  const checked = timeOnce(() => PackImageSchema.parse(read.value));
  const ready = timeOnce(() => compilePackImage(checked.value));
  const engine = ready.value;
  for (const order of orders) evaluate(engine, order);
  const heapBytes = settledHeapBytes() - empty;
  // Node's deserialize makes typed arrays views into the file it read (a browser's IndexedDB read
  // gives them their own buffers): count what the image's arrays span, not the file behind them.
  const image = checked.value;
  const bufferBytes = [image.recordOffsets, ...[image.codes, image.prefixes].flatMap((t) => [t.keyOffsets, t.postingStarts, t.postings])].reduce(
    (sum, array) => sum + array.byteLength,
    0,
  );
  process.stdout.write(
    JSON.stringify({
      rules: engine.ruleCount,
      readMs: read.ms,
      schemaMs: checked.ms,
      compileMs: ready.ms,
      heapBytes,
      bufferBytes,
      ordersChecked: orders.length,
    }),
  );
} else {
  throw new Error('usage: image-load-probe.ts build <pack.json> <image.bin> | load <image.bin> <orders.json>');
}
