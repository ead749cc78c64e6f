import { writeFileSync } from 'node:fs';
import { readIcdNames } from './alert-mix/diagnoses';
import { generateMix, serializeMix } from './alert-mix/generate';
import { MIX_PATH } from './alert-mix/mix-file';

/** Regenerates bench/data/alert-mix.json from the scenarios and plants (needs ../shared for the ICD names). */
const mix = generateMix(readIcdNames());
writeFileSync(MIX_PATH, serializeMix(mix));
const planted = mix.orders.filter((e) => e.planted).length;
console.log(`${MIX_PATH}: ${mix.orders.length} orders, ${planted} planted (${((100 * planted) / mix.orders.length).toFixed(1)}%)`);
