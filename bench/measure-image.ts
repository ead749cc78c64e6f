import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Order } from '../contract/order';
import type { Pack } from '../rules/pack/schema';
import { REPO_ROOT } from './base-pack';
import { runProbe } from './probe';

/** What a stored pack image costs: once at acceptance, and at every engine start after that. */
export interface ImageLoadFigure {
  rules: number;
  /** At acceptance: building the image of the validated pack. */
  buildMs: number;
  /** Its size in the structured-clone form IndexedDB keeps. */
  storedBytes: number;
  /** At start: reading it back (structured-clone deserialize), checking its schema, engine ready. */
  readMs: number;
  schemaMs: number;
  compileMs: number;
  /** JS heap and typed-array memory the ready engine holds after checking the bench orders. */
  heapBytes: number;
  bufferBytes: number;
  ordersChecked: number;
}

const PROBE = path.join(import.meta.dirname, 'image-load-probe.ts');

const probe = (args: string[]): unknown => runProbe(PROBE, args);

/** Each step in its own process, so the start is measured cold and its heap counts only the engine. */
export function measureImageLoad(pack: Pack, orders: readonly Order[]): ImageLoadFigure {
  const dir = path.join(REPO_ROOT, 'artifacts');
  mkdirSync(dir, { recursive: true });
  const packFile = path.join(dir, `bench-image-pack-${pack.rules.length}.json`);
  const imageFile = path.join(dir, `bench-image-${pack.rules.length}.bin`);
  const ordersFile = path.join(dir, `bench-image-orders.json`);
  writeFileSync(packFile, JSON.stringify(pack));
  writeFileSync(ordersFile, JSON.stringify(orders));
  try {
    const built = probe(['build', packFile, imageFile]) as Pick<ImageLoadFigure, 'buildMs' | 'storedBytes'>;
    const loaded = probe(['load', imageFile, ordersFile]) as Omit<ImageLoadFigure, 'buildMs' | 'storedBytes'>;
    return { ...built, ...loaded };
  } finally {
    for (const file of [packFile, imageFile, ordersFile]) rmSync(file, { force: true });
  }
}
