import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportFile } from '../../../rules/import/import-file';
import { importInSteps, importMetaFor } from '../../../components/options/import-steps';
import { startRuleStore } from '../../../rules/store/start';
import { readHead, workingRules } from '../../../rules/store/working-set';
import { applyImportPlan, countPlan, planImport } from '../../../rules/store/import-merge';
import { pointsOfClasses } from '../../../rules/store/knowledge';
import type { RuleStoreDb } from '../../../rules/store/db';
import { openTestDb, smallPackText } from '../store/support';

/**
 * The options page imports an update publication on its own, after its base batch was imported
 * in an earlier session: the knowledge points kept in the store take part in the ledger, so the
 * update replaces exactly what it names — in line classes and in set classes alike.
 */

const SHARED = path.resolve(__dirname, '../../../..', 'shared', 'data', 'nhsa-two-libs');
const shared = (name: string): ImportFile => ({ name, bytes: new Uint8Array(readFileSync(path.join(SHARED, name))) });
const HEADER = 'batch,published_at,rule_class,gz_code,item_name,constraint,detect_logic,med_codes,attachment_file,row';
const csv = (name: string, rows: string[][]): ImportFile => ({
  name,
  bytes: new TextEncoder().encode(`${[HEADER, ...rows.map((r) => r.join(','))].join('\n')}\n`),
});
function row(file: string, item: string): string[] {
  const line = readFileSync(path.join(SHARED, file), 'utf8').split(/\r?\n/).find((l) => l.split(',')[4] === item);
  if (!line) throw new Error(`${item} not in ${file}`);
  return line.split(',');
}

async function importInto(db: RuleStoreDb, files: ImportFile[], choices = {}) {
  const result = await importInSteps(files, importMetaFor(await readHead(db)), {
    pause: async () => {},
    earlierPoints: (classes) => pointsOfClasses(db, classes),
    workingRules: () => workingRules(db),
  });
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.files)}`);
  const plan = await planImport(db, { rules: result.built.pack.rules, retired: result.built.retired, sources: result.built.pack.sources, knowledge: result.built.knowledge });
  await applyImportPlan(db, plan, choices);
  return { built: result.built, plan };
}

const emptyStore = async () => {
  const db = openTestDb();
  await startRuleStore(db, smallPackText([], 0));
  return db;
};

describe('an update imported on its own after its base', () => {
  it('line class: the rewritten point replaces its rules; the 二线 rule it no longer makes is retired', async () => {
    const db = await emptyStore();
    await importInto(db, [shared('【第十二批】药品限适应症.csv')]);
    expect((await pointsOfClasses(db, [8])).length).toBe(57);
    const ilaprazole = row('【第十二批】药品限适应症.csv', '艾普拉唑肠溶片');
    const aprepitant = row('【第十二批】药品限适应症.csv', '阿瑞匹坦注射液');
    const removed = aprepitant[7]!.split(';').at(-1)!;
    const update = csv('药品限适应症更新.csv', [
      ['', '2026-09-01', '药品限适应症', 'GZ10000101008000', '艾普拉唑肠溶片', '限十二指肠溃疡。', '', ilaprazole[7]!, 'u.xlsx', '1'],
      ['', '2026-09-01', '药品限适应症', 'GZ10000101008000', '阿瑞匹坦注射液', '限放化疗。', '', aprepitant[7]!.split(';').slice(0, -1).join(';'), 'u.xlsx', '2'],
    ]);
    const { built, plan } = await importInto(db, [update]);
    expect(built.retired).toEqual([{ id: 'nhsa-r8-second-line-艾普拉唑肠溶片', reason: expect.stringContaining('药品限适应症更新.csv 第2行') }]);
    const counts = countPlan(plan);
    expect(counts).toMatchObject({ added: 0, updated: 2, removed: 1, conflict: 0 });
    const rules = await workingRules(db);
    expect(rules.find((r) => r.id === 'nhsa-r8-second-line-艾普拉唑肠溶片')).toBeUndefined();
    expect(rules.find((r) => r.id === 'nhsa-r8-indication-艾普拉唑肠溶片')).toMatchObject({ text: '限十二指肠溃疡。', effective: { from: '2026-09-01' } });
    expect(rules.find((r) => r.id === 'nhsa-r8-indication-阿瑞匹坦注射液')!.match.codes).not.toContain(removed);
    // Every other point of the batch is still in force, and stored for the next update.
    expect(rules.filter((r) => r.source?.ruleClass === '药品限适应症').length).toBe(70);
    expect((await pointsOfClasses(db, [8])).length).toBe(57);
  });

  it('set class: an update of one 饮片 changes that 饮片 only, the other 115 stay in the set', async () => {
    const db = await emptyStore();
    await importInto(db, [shared('【第十一批】中药饮片不予支付.csv')]);
    const clove = row('【第十一批】中药饮片不予支付.csv', '丁香');
    expect(clove[7]).toBe('T000700200');
    const update = csv('中药饮片更新.csv', [['', '2026-09-01', '中药饮片单方使用不予支付', 'GZ10000101004000', '丁香', clove[5]!, '', 'T000700299', 'u.xlsx', '1']]);
    const { built } = await importInto(db, [update]);
    expect(built.unsplittable).toEqual([]);
    const sole = (await workingRules(db)).find((r) => r.id === 'nhsa-r4-self-pay-sole-use')!;
    expect(sole.match.codes).toContain('T000700299');
    expect(sole.match.codes).not.toContain('T000700200');
    expect(sole.match.codes).toHaveLength(116);
  });

  it('a set class that came from the built-in pack without points is named, not silently cut down', async () => {
    const db = openTestDb();
    await startRuleStore(db, smallPackText(['nhsa-r4-self-pay-sole-use'], 0));
    const clove = row('【第十一批】中药饮片不予支付.csv', '丁香');
    const update = csv('中药饮片更新.csv', [['', '2026-09-01', '中药饮片单方使用不予支付', 'GZ10000101004000', '丁香', clove[5]!, '', 'T000700299', 'u.xlsx', '1']]);
    const result = await importInSteps([update], importMetaFor(await readHead(db)), {
      pause: async () => {},
      earlierPoints: (classes) => pointsOfClasses(db, classes),
      workingRules: () => workingRules(db),
    });
    if (!result.ok) throw new Error('import failed');
    expect(result.built.unsplittable).toEqual(['中药饮片单方使用不予支付']);
    // The set is left as it is, not replaced by the update's one 饮片.
    expect(result.built.pack.rules.find((r) => r.id === 'nhsa-r4-self-pay-sole-use')).toBeUndefined();
    expect(result.built.knowledge.classes).toEqual([]);
  });

  it('the same batch imported again (corrected) replaces its earlier import wholesale', async () => {
    const db = await emptyStore();
    const file = '【第十批】超互联网医院药品支付范围.csv';
    await importInto(db, [shared(file)]);
    const lines = readFileSync(path.join(SHARED, file), 'utf8').trim().split(/\r?\n/);
    const [header, first, ...rest] = lines;
    const firstName = first!.split(',')[4]!;
    // The corrected file drops its first row and keeps the rest unchanged.
    const corrected = { name: file, bytes: new TextEncoder().encode(`${[header, ...rest].join('\n')}\n`) };
    const { built, plan } = await importInto(db, [corrected]);
    expect(built.retired).toEqual([{ id: `nhsa-r47-visit-type-${firstName}`, reason: '重新导入的同一发布中已没有该知识点' }]);
    expect(countPlan(plan)).toMatchObject({ removed: 1, unchanged: rest.length, conflict: 0 });
    expect((await pointsOfClasses(db, [47])).length).toBe(rest.length);
  });
});
