import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { suggestChangelog } from '../../../components/options/changelog';
import { importMetaFor } from '../../../components/options/import-steps';
import { buildPack } from '../../../rules/import/build-pack';
import { diffPacks, type PackDiff } from '../../../rules/pack/diff';
import { applyImportPlan, planImport, type ImportInput } from '../../../rules/store/import-merge';
import { startRuleStore } from '../../../rules/store/start';
import { latestVersion, packOfVersion, publish } from '../../../rules/store/versions';
import { readHead, saveRule, setRuleEnabled, workingPack } from '../../../rules/store/working-set';
import { openTestDb, smallPackText } from '../store/support';

/**
 * The changelog offered at publish time is written from the diff between the last published
 * version and the working set, so after an import with conflicts decided both ways it names
 * exactly the changes the published pack holds.
 */

const SHARED = path.resolve(__dirname, '../../../..', 'shared');
const FILE = '【第三批】药品限工伤保险.csv';
const [HEADER, ...ROWS] = readFileSync(path.join(SHARED, 'data/nhsa-kb-csv', FILE), 'utf8').trim().split(/\r?\n/);

const SCAR = 'nhsa-r1-insurance-type-疤痕止痒软化膏';
const CREAM = 'nhsa-r1-insurance-type-疤痕止痒软化乳膏';
const VACCINE = 'nhsa-r1-insurance-type-冻干人用狂犬病疫苗(人二倍体细胞)';

/** The batch CSV with some of its rows (0-based), the constraint text optionally rewritten. */
function batchFile(rows: number[], constraint?: string) {
  const lines = rows.map((i) => ROWS[i]!).map((line) => (constraint ? line.replace(',限工伤保险,', `,${constraint},`) : line));
  return { name: FILE, bytes: new TextEncoder().encode(`${[HEADER, ...lines].join('\n')}\n`) };
}

const countsOf = (changelog: string) => {
  const m = /^新增 (\d+) 条，删除 (\d+) 条，修改 (\d+) 条$/m.exec(changelog);
  if (!m) throw new Error(`no counts line in ${changelog}`);
  return { added: Number(m[1]), removed: Number(m[2]), changed: Number(m[3]) };
};
const countsOfDiff = (d: PackDiff) => ({ added: d.added.length, removed: d.removed.length, changed: d.changed.length });

describe('the suggested changelog', () => {
  it('counts and names what the published pack changed, after an import with conflicts decided both ways', async () => {
    const db = openTestDb();
    await startRuleStore(db, smallPackText([SCAR, CREAM], 1));
    expect(await db.rules.get(VACCINE)).toBeUndefined();
    const meta = importMetaFor(await readHead(db));
    const importFile = async (input: Omit<ImportInput, 'sources'>, choices = {}) => applyImportPlan(db, await planImport(db, input), choices);

    // The batch as first imported: both rules follow it.
    const first = buildPack([batchFile([0, 1])], meta);
    expect((await importFile({ rules: first.pack.rules })).counts).toMatchObject({ updated: 2 });
    // The 医保办 edits both …
    const scar = (await db.rules.get(SCAR))!.rule;
    expect((await saveRule(db, { ...scar, severity: 'info' }, { mode: 'update' })).ok).toBe(true);
    expect(await setRuleEnabled(db, CREAM, false)).toBe(true);
    // … then the publication rewrites both, adds a third and retires another rule of the set.
    const retiredId = (await db.rules.where('kind').equals('sex').first())!.id;
    const second = buildPack([batchFile([0, 1, 3], '限工伤保险参保人员')], meta);
    const plan = await planImport(db, { rules: second.pack.rules, retired: [{ id: retiredId, reason: '撤回' }] });
    expect(plan.entries.map((e) => [e.id, e.category])).toEqual([
      [SCAR, 'conflict'],
      [CREAM, 'conflict'],
      [VACCINE, 'added'],
      [retiredId, 'removed'],
    ]);
    await applyImportPlan(db, plan, { [SCAR]: 'mine', [CREAM]: 'theirs' });

    const previous = (await latestVersion(db))!;
    const suggestion = suggestChangelog(diffPacks(packOfVersion(previous), await workingPack(db, '2026.11.2')));
    const published = await publish(db, { version: '2026.11.2', changelog: suggestion });
    expect(published.ok).toBe(true);
    if (!published.ok) return;

    const actual = diffPacks(packOfVersion(previous), packOfVersion(published.record));
    expect(countsOf(published.record.changelog)).toEqual(countsOfDiff(actual));
    expect(countsOfDiff(actual)).toEqual({ added: 1, removed: 1, changed: 2 });
    expect(actual.changed.map((c) => c.id)).toEqual([SCAR, CREAM]);
    // The kept edit is in the pack (级别), the taken publication is too (原文), the disabling is not.
    const lines = published.record.changelog.split('\n');
    expect(lines).toContain('新增：冻干人用狂犬病疫苗(人二倍体细胞)（限险种）');
    expect(lines.find((l) => l.startsWith('修改：'))).toMatch(/^修改：疤痕止痒软化膏（限险种）：[^；]*级别[^；]*；疤痕止痒软化乳膏（限险种）：[^；]*限定支付范围原文/);
    expect(lines.find((l) => l.startsWith('修改：'))).not.toContain('启用');
    expect(lines.find((l) => l.startsWith('删除：'))).toContain(actual.removed[0]!.name ?? retiredId);
    const packCream = packOfVersion(published.record).rules.find((r) => r.id === CREAM)!;
    expect(packCream).toMatchObject({ enabled: true, text: '限工伤保险参保人员' });
    const packScar = packOfVersion(published.record).rules.find((r) => r.id === SCAR)!;
    expect(packScar).toMatchObject({ severity: 'info', text: '限工伤保险' });

    // Nothing left to describe once published.
    expect(suggestChangelog(diffPacks(packOfVersion(published.record), await workingPack(db, '2026.11.3')))).toBe('');
  });

  it('names the first rules of a long section and counts all of them', () => {
    const rule = (i: number) => ({ id: `r${i}`, kind: 'sex', name: `规则${i}`, match: { codes: [`C${i}`] }, params: { allowed: 'M' } });
    const diff = { meta: { before: { id: 'p', version: '1' }, after: { id: 'p', version: '2' }, fields: [] }, settingsChanged: [], added: Array.from({ length: 12 }, (_, i) => rule(i)), removed: [], changed: [], unchanged: 0 } as unknown as PackDiff;
    const text = suggestChangelog(diff);
    expect(countsOf(text)).toEqual({ added: 12, removed: 0, changed: 0 });
    expect(text).toContain('规则9（限性别）、等 12 条');
    expect(text).not.toContain('规则10');
  });
});
