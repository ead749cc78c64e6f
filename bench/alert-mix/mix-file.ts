import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AlertMix } from './generate';

/** Where the generated mix is committed, so the orders can be reviewed and the bench needs no ../shared. */
export const MIX_PATH = fileURLToPath(new URL('../data/alert-mix.json', import.meta.url));

export function readMix(path: string = MIX_PATH): AlertMix {
  return JSON.parse(readFileSync(path, 'utf8')) as AlertMix;
}
