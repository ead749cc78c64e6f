import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateSettings, SETTINGS_VERSION } from '../../../settings/migrations';
import { parseSettings } from '../../../settings/schema';

const examples = path.join(__dirname, '../../../settings/examples');
const example = (version: number): unknown => JSON.parse(readFileSync(path.join(examples, `v${version}.json`), 'utf8'));

/** Frozen examples of every settings version, read through the migration chain together. */
describe('settings migrations', () => {
  it('keeps one frozen example for every version up to the current one', () => {
    const versions = readdirSync(examples).map((f) => Number(/^v(\d+)\.json$/.exec(f)?.[1])).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: SETTINGS_VERSION }, (_, i) => i + 1));
  });

  it('reads every example as complete current settings, keeping what the doctor chose', () => {
    for (let v = 1; v <= SETTINGS_VERSION; v++) {
      const settings = parseSettings(example(v));
      expect(settings.version).toBe(SETTINGS_VERSION);
      expect(settings.kindModes).toEqual({ data: 'passive' });
    }
    expect(parseSettings(example(2)).language).toBe('en');
  });

  it('version 1 → 2: the stored warningBlocksSubmit (the old default as often as a choice) gives way to the new default', () => {
    expect(parseSettings(example(1)).warningBlocksSubmit).toBe(false);
    expect(parseSettings(example(2)).warningBlocksSubmit).toBe(true);
  });

  it('reads garbage as defaults and a newer build’s object field by field', () => {
    expect(migrateSettings('garbage')).toEqual({ version: SETTINGS_VERSION });
    expect(migrateSettings([1, 2])).toEqual({ version: SETTINGS_VERSION });
    const newer = parseSettings({ version: SETTINGS_VERSION + 1, silent: true, someFutureField: 1 });
    expect(newer).toMatchObject({ version: SETTINGS_VERSION, silent: true });
  });
});
