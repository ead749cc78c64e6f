import type { z } from 'zod';
import { PackSchema, type Pack } from './schema';
import { migratePack } from './migrations';

/** Packs above this size are refused before parsing (a 50k-rule pack is about 15 MB). */
export const MAX_PACK_BYTES = 64 * 1024 * 1024;

export interface FieldError {
  /** Path of the bad field, e.g. `rules[12].params.maxDays`. */
  path: string;
  message: string;
}

export type PackLoadResult = { ok: true; pack: Pack } | { ok: false; errors: FieldError[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

export function zodErrors(error: z.ZodError, max = 20): FieldError[] {
  return error.issues.slice(0, max).map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/** Parses JSON text into a pack; never throws. */
export function parsePackText(text: string): PackLoadResult {
  if (text.length > MAX_PACK_BYTES) {
    return { ok: false, errors: [{ path: '(root)', message: `pack is larger than ${MAX_PACK_BYTES} bytes` }] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [{ path: '(root)', message: `not valid JSON: ${(e as Error).message}` }] };
  }
  return validatePack(raw);
}

/** Migrates an older pack to the current schema, then validates it; never throws. */
export function validatePack(raw: unknown): PackLoadResult {
  const migrated = migratePack(raw);
  if (!migrated.ok) return migrated;
  const parsed = PackSchema.safeParse(migrated.value);
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error) };
  return { ok: true, pack: parsed.data };
}
