import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SOURCE, OUTPUT, renderNationalRules } from '../../../scripts/build-national-rules';
import { RULE_CLASSES, classByGzCode, classByName } from '../../../rules/import/classes/rule-classes';
import { plainCsvObjects } from './plain-reading';

/** The 88 national rule classes the importer knows come from the shared 2025 rule list. */
describe('national rule classes', () => {
  it('the committed table is what the generator makes from ../shared now', () => {
    expect(renderNationalRules(new Uint8Array(readFileSync(DEFAULT_SOURCE))) === readFileSync(OUTPUT, 'utf8'), 'run npx tsx scripts/build-national-rules.ts').toBe(true);
  });

  it('every rule of the list is a class, found by its name and by its GZ code', () => {
    const rows = plainCsvObjects(new Uint8Array(readFileSync(path.resolve(DEFAULT_SOURCE))));
    expect(RULE_CLASSES).toHaveLength(rows.length);
    for (const row of rows) {
      expect(classByName(row.name!)?.national.seq).toBe(Number(row.seq));
      if (row.gz_code_1_0) expect(classByGzCode(row.gz_code_1_0)?.national.seq).toBe(Number(row.seq));
    }
  });

  it('published spellings of a few classes find them too', () => {
    expect(classByName('药品限定就医方式')?.name).toBe('药品限就医方式');
    expect(classByName('医疗服务项目限定频次')?.name).toBe('医疗服务项目限定频次');
    expect(classByName('药品限星座使用')).toBeUndefined();
  });
});
