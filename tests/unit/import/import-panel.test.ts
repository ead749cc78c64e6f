import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importInSteps, importMetaFor } from '../../../components/options/import-steps';
import type { ImportFile } from '../../../rules/import/import-file';
import { TEMPLATE_FILES } from '../../../rules/import/local-template-files';
import { LIST_FILES } from '../../../rules/import/hospital-list-files';
import { CONSUMABLE_FILES } from '../../../rules/import/consumables/files';
import { startRuleStore } from '../../../rules/store/start';
import { readHead, workingRules } from '../../../rules/store/working-set';
import { applyImportPlan, planImport } from '../../../rules/store/import-merge';
import { openTestDb, smallPackText } from '../store/support';
import { makeXlsx, sharedFile } from './xlsx-fixture';

/**
 * The options page's import (import-steps.ts, as ImportPanel runs it): the local rules template
 * goes through like any batch, and one broken file fails the whole import, so the working set
 * is never merged with half a selection.
 */

const TEMPLATES = path.resolve(__dirname, '../../../rules/import/templates');
const template = (name: string): ImportFile => ({ name, bytes: new Uint8Array(readFileSync(path.join(TEMPLATES, name))) });
const batch = (name: string): ImportFile => ({ name, bytes: sharedFile(name) });
const noPause = { pause: async () => {} };

async function workingSet() {
  const db = openTestDb();
  await startRuleStore(db, smallPackText());
  return db;
}

describe('options page import', () => {
  it('takes the local rules example, with a batch, and merges its rules into the working set', async () => {
    const db = await workingSet();
    const before = await workingRules(db);
    const result = await importInSteps([template(TEMPLATE_FILES.exampleXlsx), batch('【第八批-4】项目规则库（限定周期）.xlsx')], importMetaFor(await readHead(db)), noPause);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.built.report.files.map((f) => [f.file, f.importer, f.rowsRead])).toEqual([
      ['【第八批-4】项目规则库（限定周期）.xlsx', 'nhsa-batch-xlsx', 14],
      [TEMPLATE_FILES.exampleXlsx, 'local-rules', 13],
    ]);
    const { counts } = await applyImportPlan(db, await planImport(db, { rules: result.built.pack.rules, sources: result.built.pack.sources }));
    const after = await workingRules(db);
    expect(after.length).toBe(before.length + counts.added);
    expect(after.find((r) => r.id === 'hosp-pn-inpatient')).toMatchObject({ kind: 'visit-type', match: { prefixes: ['XB05BAF160B0'] } });
    expect((await readHead(db)).sources.map((s) => s.id)).toContain(TEMPLATE_FILES.exampleXlsx);
  });

  it('takes the 抗菌药物分级目录 and the 医师处方权 list: grades become rules, the doctors the working set’s list', async () => {
    // A working set without the lists (the demo pack it starts from carries both examples).
    const db = openTestDb();
    const start = JSON.parse(smallPackText()) as { settings: { prescribers?: unknown }; rules: { kind: string }[] };
    delete start.settings.prescribers;
    start.rules = start.rules.filter((r) => r.kind !== 'antibiotic-level');
    await startRuleStore(db, JSON.stringify(start));
    const result = await importInSteps([template(LIST_FILES.antibiotic.exampleXlsx), template(LIST_FILES.prescribers.exampleXlsx)], importMetaFor(await readHead(db)), noPause);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.built.report.files.map((f) => [f.importer, f.rowsRead, f.prescribers])).toEqual([
      ['antibiotic-levels', 17, undefined],
      ['prescribers', 7, 7],
    ]);
    // As ImportPanel plans it.
    const { rules, sources, settings } = result.built.pack;
    const plan = await planImport(db, { rules, sources, prescribers: settings.prescribers });
    expect(plan.prescribers?.change).toEqual({ total: 7, added: 7, changed: 0, removed: 0 });
    const applied = await applyImportPlan(db, plan);
    expect(applied).toMatchObject({ counts: { added: 17 }, prescribers: 7 });
    expect((await workingRules(db)).filter((r) => r.kind === 'antibiotic-level')).toHaveLength(17);
    expect((await readHead(db)).settings.prescribers?.map((p) => p.id)).toEqual(['1024', '1031', '2048', '2050', '3072', '4096', '5001']);
  });

  it('takes the two 医用耗材 lists and merges their rules, with the lists as sources', async () => {
    const db = await workingSet();
    const files = [template(CONSUMABLE_FILES.items.exampleXlsx), template(CONSUMABLE_FILES.limits.exampleCsv)];
    const result = await importInSteps(files, importMetaFor(await readHead(db)), noPause);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.built.report.files.map((f) => [f.file, f.importer, f.rowsRead, f.notUnderstood.length])).toEqual([
      [CONSUMABLE_FILES.items.exampleXlsx, 'consumable-items', 4, 0],
      [CONSUMABLE_FILES.limits.exampleCsv, 'consumable-limits', 6, 0],
    ]);
    await applyImportPlan(db, await planImport(db, { rules: result.built.pack.rules, sources: result.built.pack.sources }));
    const after = await workingRules(db);
    expect(after.find((r) => r.id === 'local-consumable-quantity-C14010300201010000001000456')).toMatchObject({ kind: 'consumable-quantity', params: { max: 1, per: 'day' } });
    expect(after.find((r) => r.id === 'local-consumable-item-C14010100101010000001000123')).toMatchObject({ kind: 'consumable-item' });
    expect((await readHead(db)).sources.map((s) => s.id)).toEqual(expect.arrayContaining([CONSUMABLE_FILES.items.exampleXlsx, CONSUMABLE_FILES.limits.exampleCsv]));
  });

  it.each([
    ['a renamed text file', '规则.xlsx', strToU8('药品通用名,限定类型\n阿帕他胺片,限定性别对象\n'), /^规则\.xlsx$/, /^扩展名是 Excel/],
    ['an empty file', '空文件.csv', new Uint8Array(0), /^空文件\.csv$/, /^文件是空的/],
    ['a workbook of codes only', '编码.xlsx', makeXlsx([{ name: 'Sheet2', rows: [['药品通用名', '序号', '国标代码'], ['阿帕他胺片', '1', 'XL02BBA326A001010102180']] }]), /^编码\.xlsx$/, /^工作簿只有编码表/],
  ])('%s fails the whole import; the good file beside it is not merged either', async (_, name, bytes, file, error) => {
    const db = await workingSet();
    const before = await workingRules(db);
    const result = await importInSteps([template(TEMPLATE_FILES.exampleCsv), { name, bytes }], importMetaFor(await readHead(db)), noPause);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.files).toHaveLength(1);
    expect(result.files[0]!.file).toMatch(file);
    expect(result.files[0]!.error).toMatch(error);
    // ImportPanel merges only an ok result: the working set is as it was.
    expect(await workingRules(db)).toEqual(before);
  });
});
