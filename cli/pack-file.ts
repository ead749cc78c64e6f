import { fileURLToPath } from 'node:url';
import { parsePackText } from '../rules/pack/load';
import { PackSchema, type Pack } from '../rules/pack/schema';
import type { CliIO } from './io';

/** The pack `check` uses when none is given, built into the repository by `npm run pack:demo`. */
export const DEFAULT_PACK_PATH = fileURLToPath(new URL('../rules/packs/demo-pack.json', import.meta.url));

export const EMPTY_PACK: Pack = PackSchema.parse({
  schemaVersion: 1,
  id: 'empty',
  version: '0',
  publisher: { name: 'Preflight' },
  rules: [],
});

export type PackFileResult = { ok: true; pack: Pack } | { ok: false; errors: string[] };

const isMissing = (e: unknown): boolean => (e as NodeJS.ErrnoException)?.code === 'ENOENT';

function readError(path: string, e: unknown): PackFileResult {
  return { ok: false, errors: [`cannot read pack ${path}: ${isMissing(e) ? 'no such file' : (e as Error).message}`] };
}

function fromText(path: string, text: string): PackFileResult {
  const loaded = parsePackText(text);
  if (loaded.ok) return loaded;
  return { ok: false, errors: loaded.errors.map((e) => `pack ${path}: ${e.path}: ${e.message}`) };
}

/** Reads and validates a pack file; errors name the file and the bad field path. */
export async function loadPackFile(io: CliIO, path: string): Promise<PackFileResult> {
  try {
    return fromText(path, await io.readFile(path));
  } catch (e) {
    return readError(path, e);
  }
}

/** The pack named on the command line, or the demo pack; an empty pack (with a warning) until the demo pack exists. */
export async function resolvePack(io: CliIO, path: string | undefined): Promise<PackFileResult> {
  if (path !== undefined) return loadPackFile(io, path);
  let text: string;
  try {
    text = await io.readFile(DEFAULT_PACK_PATH);
  } catch (e) {
    if (!isMissing(e)) return readError(DEFAULT_PACK_PATH, e);
    io.err('warning: built-in demo pack rules/packs/demo-pack.json not found; checking with an empty pack (no findings)');
    return { ok: true, pack: EMPTY_PACK };
  }
  return fromText(DEFAULT_PACK_PATH, text);
}
