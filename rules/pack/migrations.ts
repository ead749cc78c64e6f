import { CURRENT_SCHEMA_VERSION } from './schema';
import type { FieldError } from './load';

/**
 * One step per schema version: MIGRATIONS[n] turns a version-n pack into a version-(n+1) pack.
 * Steps are pure functions on plain JSON and are never edited once released; every version keeps
 * a frozen example under ./examples, and a test runs all of them through the chain.
 */
type Migration = (pack: Record<string, unknown>) => Record<string, unknown>;
const MIGRATIONS: Record<number, Migration> = {};

export type MigrationResult = { ok: true; value: unknown } | { ok: false; errors: FieldError[] };

export function migratePack(raw: unknown): MigrationResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [{ path: '(root)', message: 'a pack must be a JSON object' }] };
  }
  let pack = raw as Record<string, unknown>;
  let version = pack.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, errors: [{ path: 'schemaVersion', message: 'schemaVersion must be a positive integer' }] };
  }
  if (version > CURRENT_SCHEMA_VERSION) {
    return {
      ok: false,
      errors: [{ path: 'schemaVersion', message: `schemaVersion ${version} is newer than this build reads (${CURRENT_SCHEMA_VERSION}); update Preflight` }],
    };
  }
  while (version < CURRENT_SCHEMA_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) return { ok: false, errors: [{ path: 'schemaVersion', message: `no migration from schemaVersion ${version}` }] };
    pack = { ...step(pack), schemaVersion: version + 1 };
    version += 1;
  }
  return { ok: true, value: pack };
}
