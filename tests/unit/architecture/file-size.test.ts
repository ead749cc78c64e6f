import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './import-graph';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Lines a file of logic may have: past this it does more than one job and is split. */
const MAX_LINES = 400;

/**
 * Data, not logic: tables that grow with what they list and are read top to bottom, not
 * reasoned through. Each must still be over the limit (else it drops off this list) and is
 * named with why it is data.
 */
const DATA_FILES: Readonly<Record<string, string>> = {
  // ICD-10 categories with their Chinese names, one line each.
  'rules/data/icd-categories.ts': 'ICD-10 category table',
  // Disease words of the 限适应症 texts and the ICD codes they stand for, curated by hand.
  'rules/data/disease-terms.ts': 'disease term table',
  // Every string of the options page, zh then en, and the lookup.
  'components/options/options-i18n.ts': 'options page strings',
  // Every string of the review views, zh then en, and the labels of data values.
  'components/review/review-i18n.ts': 'review view strings',
  // The bench's clean order templates (patients, drugs, diagnoses per scenario).
  'bench/alert-mix/scenarios.ts': 'bench scenario data',
};

function lineCount(file: string): number {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

describe('file size', () => {
  const files = sourceFiles(ROOT).filter((file) => /\.(ts|tsx|mts)$/.test(file));

  it('reads the sources it is meant to check', () => {
    for (const file of ['entrypoints/content/controller.ts', 'adapters/extract.ts', 'hub/src/hub.ts', 'cli/main.ts', 'bench/run.ts']) expect(files).toContain(file);
  });

  it(`keeps every file of logic at ${MAX_LINES} lines or fewer`, () => {
    const over = files.filter((file) => !(file in DATA_FILES) && lineCount(file) > MAX_LINES).map((file) => `${file}: ${lineCount(file)} lines`);
    expect(over).toEqual([]);
  });

  it('lists as data only files that exist and need it', () => {
    for (const file of Object.keys(DATA_FILES)) {
      expect(files, file).toContain(file);
      expect(lineCount(file), `${file} is within ${MAX_LINES} lines: take it off the data list`).toBeGreaterThan(MAX_LINES);
    }
  });
});
