import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPack } from '../../../rules/import/build-pack';
import type { ImportFile } from '../../../rules/import/import-file';
import { importInSteps, importMetaFor, type ImportProgress } from '../../../components/options/import-steps';
import { startRuleStore } from '../../../rules/store/start';
import { emptyHead, readHead, workingRules } from '../../../rules/store/working-set';
import { applyImportPlan, planImport } from '../../../rules/store/import-merge';
import { openTestDb, smallPackText } from '../store/support';

const SHARED = path.resolve(__dirname, '../../../..', 'shared');
const batchFile = (name: string): ImportFile => ({
  name,
  bytes: new Uint8Array(readFileSync(path.join(SHARED, 'data/nhsa-two-libs', name))),
});

const INTERNET = '【第十批】超互联网医院药品支付范围.csv';
const COURSE = '【第八批-3】项目规则库（限定疗程）.xlsx';
const SEX_ITEMS = '【第一批】项目规则库(限定性别对象).xlsx';

describe('importing files in steps', () => {
  it('makes the same pack as the command, reporting progress file by file', async () => {
    const db = openTestDb();
    await startRuleStore(db, smallPackText());
    const meta = importMetaFor(await readHead(db));
    const files = [batchFile(INTERNET), batchFile(COURSE), batchFile(SEX_ITEMS)];
    const progress: ImportProgress[] = [];
    const result = await importInSteps(files, meta, { onProgress: (p) => progress.push(p), pause: async () => {} });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // The command's buildPack, all files at once: identical rules and report.
    const command = buildPack(files, meta);
    expect(result.built.pack.rules).toEqual(command.pack.rules);
    expect(result.built.report).toEqual(command.report);
    // Batches in publication order, then "assembling".
    expect(progress.map((p) => `${p.done}/${p.total} ${p.current}`)).toEqual([
      `0/3 ${SEX_ITEMS}`,
      `1/3 ${COURSE}`,
      `2/3 ${INTERNET}`,
      '3/3 ',
    ]);
    const internet = result.built.report.files.find((f) => f.file === INTERNET)!;
    expect(internet).toMatchObject({ importer: 'nhsa-batch-csv', batch: '第十批' });
    expect(internet.rowsRead).toBe(22);
    expect(Object.values(internet.rulesMade).reduce((a, b) => a + b, 0)).toBe(22);

    const before = (await workingRules(db)).length;
    const { counts } = await applyImportPlan(db, await planImport(db, { rules: result.built.pack.rules, sources: result.built.pack.sources }));
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(result.built.pack.rules.length);
    expect(counts.added).toBe((await workingRules(db)).length - before);
    expect((await readHead(db)).sources.map((s) => s.id)).toContain(INTERNET);
  });

  it('refuses the whole import when one file cannot be read', async () => {
    const meta = importMetaFor(emptyHead());
    const notes = { name: '会议记录.csv', bytes: new TextEncoder().encode('日期,内容\n2026-11-01,讨论规则\n') };
    const result = await importInSteps([batchFile(INTERNET), notes], meta, { pause: async () => {} });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.files.map((f) => f.file)).toEqual(['会议记录.csv']);
    expect(result.files[0]!.error).toMatch(/not a two-libs batch/);
  });

  it('reports a damaged workbook as unreadable', async () => {
    const meta = importMetaFor(emptyHead());
    const truncated = batchFile(COURSE);
    const damaged = { name: truncated.name, bytes: (truncated.bytes as Uint8Array).slice(0, 200) };
    const result = await importInSteps([damaged], meta, { pause: async () => {} });
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.files[0]!.error).toBeTruthy();
  });
});
