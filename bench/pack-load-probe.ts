/**
 * Run in a child process by measure-pack.ts: loads one pack file the way the engine worker does
 * (JSON.parse → validatePack → compilePack) in a fresh heap, so first-call times are truly cold and
 * heap deltas count only this pack. Prints one JSON object on stdout.
 */
import { readFileSync } from 'node:fs';
import { compilePack } from '../rules/engine/compile';
import { validatePack } from '../rules/pack/load';
import { settledHeapBytes } from './heap';
import { timeOnce } from './timing';

const file = process.argv[2];
if (!file) throw new Error('usage: pack-load-probe.ts <pack.json>');

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

const text = readFileSync(file, 'utf8');
const empty = settledHeapBytes();
const parsed = timeOnce(() => JSON.parse(text) as unknown);
const validated = timeOnce(() => validatePack(parsed.value));
if (!validated.value.ok) throw new Error(`pack does not validate: ${JSON.stringify(validated.value.errors.slice(0, 3))}`);
const pack = validated.value.pack;
parsed.value = undefined;
const withPack = settledHeapBytes();
const compiled = timeOnce(() => compilePack(pack));
const withCompiled = settledHeapBytes();

const compileWarmMs: number[] = [];
for (let i = 0; i < 5; i++) compileWarmMs.push(timeOnce(() => compilePack(pack)).ms);
const validateWarmMs: number[] = [];
for (let i = 0; i < 2; i++) {
  const raw = JSON.parse(text) as unknown;
  validateWarmMs.push(timeOnce(() => validatePack(raw)).ms);
}

process.stdout.write(
  JSON.stringify({
    rules: compiled.value.ruleCount,
    jsonBytes: Buffer.byteLength(text),
    jsonParseMs: parsed.ms,
    validateColdMs: validated.ms,
    validateWarmMs,
    compileColdMs: compiled.ms,
    compileWarmMs: median(compileWarmMs),
    packRetainedBytes: withPack - empty,
    compiledRetainedBytes: withCompiled - withPack,
  }),
);
