/**
 * The doctor's settings as stored in `storage.local` carry a `version`; an object written by an
 * older build is brought forward one step at a time before the schema reads it, so a renamed or
 * re-meant field keeps what the doctor chose instead of silently falling back to its default.
 * Steps are pure functions on plain JSON and are never edited once released; every version keeps
 * a frozen example under ./examples, and a test runs all of them through the chain.
 */

export const SETTINGS_VERSION = 2;

type Stored = Record<string, unknown>;
type Migration = (settings: Stored) => Stored;

const MIGRATIONS: Readonly<Record<number, Migration>> = {
  /**
   * Version 1 (no `version` field) stored every field whenever anything was saved, so its
   * `warningBlocksSubmit: true` is the old default as often as a choice. Version 2 interrupts the
   * submit for `critical` findings only by default; a ward that wants warnings reviewed too says
   * so again (or the deployment policy does, which always wins).
   */
  1: ({ warningBlocksSubmit: _dropped, ...rest }) => rest,
};

/** The stored object at the current version; anything that is not an object reads as empty. */
export function migrateSettings(raw: unknown): Stored {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { version: SETTINGS_VERSION };
  let settings = raw as Stored;
  const stated = settings.version;
  let version = typeof stated === 'number' && Number.isInteger(stated) && stated >= 1 ? stated : 1;
  // A newer build's object: read what this build knows, field by field, as the schema always does.
  if (version > SETTINGS_VERSION) return { ...settings, version: SETTINGS_VERSION };
  for (; version < SETTINGS_VERSION; version++) settings = MIGRATIONS[version]?.(settings) ?? settings;
  return { ...settings, version: SETTINGS_VERSION };
}
