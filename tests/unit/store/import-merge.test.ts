import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { serializePack } from '../../../rules/import/build-pack';
import { RuleSchema, type Pack, type Rule } from '../../../rules/pack/schema';
import { defaultPackSettings } from '../../../rules/pack/settings';
import { startRuleStore } from '../../../rules/store/start';
import {
  applyImportPlan, countPlan, planImport, StalePlanError, threeWayFields, type ImportPlan, type MergeCategory,
} from '../../../rules/store/import-merge';
import { readHead, saveRule, setRuleEnabled, workingRules } from '../../../rules/store/working-set';
import { openTestDb } from './support';

/**
 * The three-way import merge (rules/store/import-merge.ts) on rules shaped like the 两库 batches
 * make them (rules/pack/examples/v1.json): base = last import, mine = working rule, theirs = the
 * new publication.
 */

const SCAR = 'nhsa-r1-insurance-type-疤痕止痒软化膏';
const SCAR_CREAM = 'nhsa-r1-insurance-type-疤痕止痒软化乳膏';
const VACCINE = 'nhsa-r1-insurance-type-冻干人用狂犬病疫苗(Vero细胞)';
const APALUTAMIDE = 'nhsa-r67-sex-阿帕他胺片';
const ASTRAGALUS = 'nhsa-b8-course-注射用黄芪多糖';
const CHILD_SYRUP = 'nhsa-r65-age-儿童清肺口服液';

const work = (id: string, name: string, codes: string[], row: number): Rule =>
  RuleSchema.parse({
    id, kind: 'insurance-type', name, basis: '国家医保局两库 第三批 药品限工伤保险', text: '限工伤保险',
    match: { codes }, source: { batch: '第三批', gzCode: 'GZ10000101001000', file: '第三批-1 药品限工伤保险.xlsx', row },
    params: { allowed: ['work-injury'] },
  });

/** The publication the working set was seeded from (the built-in pack, as import base). */
const PUBLISHED: Rule[] = [
  work(SCAR, '疤痕止痒软化膏', ['ZH01AAB0066010100716', 'ZH01AAB0066010102577'], 1),
  work(SCAR_CREAM, '疤痕止痒软化乳膏', ['ZH01AAB0067010102021'], 2),
  work(VACCINE, '冻干人用狂犬病疫苗(Vero细胞)', ['XJ07BGR030B014010101119'], 3),
  RuleSchema.parse({ id: APALUTAMIDE, kind: 'sex', name: '阿帕他胺片', basis: '国家医保局两库 第一批 药品区分性别使用', match: { codes: ['XL02BBA326A001010102180'] }, params: { allowed: 'M' } }),
  RuleSchema.parse({ id: ASTRAGALUS, kind: 'course', name: '注射用黄芪多糖', basis: '国家医保局两库 第八批 限定疗程', match: { prefixes: ['ZC02AAZ04070'] }, params: { maxDays: 14 } }),
  RuleSchema.parse({ id: CHILD_SYRUP, kind: 'age', name: '儿童清肺口服液', basis: '国家医保局两库 第一批 药品儿童专用', match: { codes: ['ZA04CAE0023010100166'] }, params: { group: 'child' } }),
];

const PACK: Pack = {
  schemaVersion: 1, id: 'test-hospital', version: '2026.11.1', publisher: { name: '示例医院医保办' },
  sources: [{ id: 'nhsa-two-libs', title: '国家医保局两库' }], settings: defaultPackSettings(),
  rules: PUBLISHED,
};

const published = (id: string): Rule => structuredClone(PUBLISHED.find((r) => r.id === id)!);
const changed = (id: string, patch: Partial<Rule>): Rule => ({ ...published(id), ...patch }) as Rule;

async function seeded() {
  const db = openTestDb();
  expect(await startRuleStore(db, serializePack(PACK))).toEqual({ ok: true, started: true });
  return db;
}

async function edit(db: Awaited<ReturnType<typeof seeded>>, id: string, patch: Partial<Rule>) {
  const rule = (await db.rules.get(id))!.rule;
  expect((await saveRule(db, { ...rule, ...patch }, { mode: 'update' })).ok).toBe(true);
}

const working = async (db: Awaited<ReturnType<typeof seeded>>, id: string) => (await db.rules.get(id))?.rule;
const categories = (plan: ImportPlan): Record<string, MergeCategory> => Object.fromEntries(plan.entries.map((e) => [e.id, e.category]));

describe('planning an import against the last one', () => {
  it('lets untouched rules follow the publication, adds new ids, and leaves equal rules alone', async () => {
    const db = await seeded();
    const stricter = changed(SCAR, { text: '限工伤保险（2026 年修订）' });
    const added = work('nhsa-r1-insurance-type-冻干人用狂犬病疫苗(人二倍体细胞)', '冻干人用狂犬病疫苗(人二倍体细胞)', ['XJ07BGR077B001010179275'], 4);
    const plan = await planImport(db, { rules: [stricter, published(SCAR_CREAM), added], sources: [{ id: '【第三批】药品限工伤保险.csv', title: '国家医保局两库 第三批' }] });
    expect(categories(plan)).toEqual({ [SCAR]: 'updated', [SCAR_CREAM]: 'unchanged', [added.id]: 'added' });
    // Planning writes nothing.
    expect(await working(db, SCAR)).toEqual(published(SCAR));

    const applied = await applyImportPlan(db, plan);
    expect(applied.counts).toMatchObject({ added: 1, updated: 1, unchanged: 1, conflict: 0 });
    expect((await working(db, SCAR))!.text).toBe('限工伤保险（2026 年修订）');
    expect((await db.bases.get(SCAR))!.rule).toEqual(stricter);
    expect((await workingRules(db)).at(-1)!.id).toBe(added.id);
    expect((await db.rules.get(added.id))!.origin).toBe('imported');
    expect((await readHead(db)).sources.map((s) => s.id)).toEqual(['nhsa-two-libs', '【第三批】药品限工伤保险.csv']);

    // The same files again: nothing to do, and the source is not listed twice.
    const again = await planImport(db, { rules: [stricter, published(SCAR_CREAM), added], sources: plan.sources });
    expect(countPlan(again)).toMatchObject({ unchanged: 3, added: 0, updated: 0 });
    await applyImportPlan(db, again);
    expect((await readHead(db)).sources).toHaveLength(2);
  });

  it('keeps a local edit when the publication did not change the rule, and re-imports cleanly', async () => {
    const db = await seeded();
    await edit(db, SCAR, { severity: 'critical' });
    const plan = await planImport(db, { rules: [published(SCAR)] });
    expect(categories(plan)).toEqual({ [SCAR]: 'keptEdit' });
    expect(plan.entries[0]).toMatchObject({ base: published(SCAR), theirs: published(SCAR), mine: { severity: 'critical' } });
    await applyImportPlan(db, plan);
    expect((await working(db, SCAR))!.severity).toBe('critical');
    expect(categories(await planImport(db, { rules: [published(SCAR)] }))).toEqual({ [SCAR]: 'keptEdit' });
  });

  it('counts a disabled rule as an edit', async () => {
    const db = await seeded();
    expect(await setRuleEnabled(db, VACCINE, false)).toBe(true);
    const same = await planImport(db, { rules: [published(VACCINE)] });
    expect(categories(same)).toEqual({ [VACCINE]: 'keptEdit' });
    await applyImportPlan(db, same);
    expect((await db.rules.get(VACCINE))!.enabled).toBe(0);

    const moreCodes = changed(VACCINE, { match: { codes: ['XJ07BGR030B014010101119', 'XJ07BGR030B014010101246'] } });
    const plan = await planImport(db, { rules: [moreCodes] });
    expect(categories(plan)).toEqual({ [VACCINE]: 'conflict' });
    expect(threeWayFields(plan.entries[0]!)).toEqual([
      { path: 'enabled', mineChanged: true, theirsChanged: false },
      { path: 'match.codes', mineChanged: false, theirsChanged: true },
    ]);
  });

  it('offers a rule both sides changed as a conflict; keeping the edit makes the publication its base', async () => {
    const db = await seeded();
    await edit(db, ASTRAGALUS, { params: { maxDays: 10 } });
    const theirs = changed(ASTRAGALUS, { params: { maxDays: 7 }, text: '限重症患者，支付不超过 7 天' });
    const plan = await planImport(db, { rules: [theirs] });
    expect(categories(plan)).toEqual({ [ASTRAGALUS]: 'conflict' });
    expect(threeWayFields(plan.entries[0]!)).toEqual([
      { path: 'text', mineChanged: false, theirsChanged: true },
      { path: 'params.maxDays', mineChanged: true, theirsChanged: true },
    ]);

    const applied = await applyImportPlan(db, plan); // no choice given: keep the working rule
    expect(applied).toMatchObject({ conflictsKept: 1, conflictsTaken: 0 });
    expect((await working(db, ASTRAGALUS))!.params).toEqual({ maxDays: 10 });
    expect((await db.bases.get(ASTRAGALUS))!.rule).toEqual(theirs);
    // The same file again keeps the edit without asking.
    expect(categories(await planImport(db, { rules: [theirs] }))).toEqual({ [ASTRAGALUS]: 'keptEdit' });
  });

  it('takes the publication for a conflict when the clerk chooses it', async () => {
    const db = await seeded();
    await edit(db, APALUTAMIDE, { severity: 'critical' });
    await edit(db, ASTRAGALUS, { params: { maxDays: 10 } });
    const sex = changed(APALUTAMIDE, { text: '限男性前列腺癌患者' });
    const course = changed(ASTRAGALUS, { params: { maxDays: 7 } });
    const plan = await planImport(db, { rules: [sex, course] });
    expect(countPlan(plan).conflict).toBe(2);
    const applied = await applyImportPlan(db, plan, { [APALUTAMIDE]: 'theirs', [ASTRAGALUS]: 'mine' });
    expect(applied).toMatchObject({ conflictsKept: 1, conflictsTaken: 1 });
    expect(await working(db, APALUTAMIDE)).toEqual(sex);
    expect((await db.rules.get(APALUTAMIDE))!.severity).toBe('warning');
    expect((await working(db, ASTRAGALUS))!.params).toEqual({ maxDays: 10 });
    expect(countPlan(await planImport(db, { rules: [sex, course] }))).toMatchObject({ unchanged: 1, keptEdit: 1, conflict: 0 });
  });

  it('treats an edit the publication made too as no change', async () => {
    const db = await seeded();
    await edit(db, CHILD_SYRUP, { text: '限儿童' });
    const plan = await planImport(db, { rules: [changed(CHILD_SYRUP, { text: '限儿童' })] });
    expect(categories(plan)).toEqual({ [CHILD_SYRUP]: 'unchanged' });
    await applyImportPlan(db, plan);
    expect((await db.bases.get(CHILD_SYRUP))!.rule.text).toBe('限儿童');
  });

  it('never overwrites silently a rule it has no base for (a local rule with the same id)', async () => {
    const db = await seeded();
    const local = { ...published(SCAR), id: 'hosp-insurance-type-疤痕止痒软化膏', severity: 'info' } as Rule;
    expect((await saveRule(db, local, { mode: 'create' })).ok).toBe(true);
    const plan = await planImport(db, { rules: [{ ...local, severity: 'warning' } as Rule] });
    expect(plan.entries[0]!.category).toBe('conflict');
    expect(plan.entries[0]!.base).toBeUndefined();
    expect(categories(await planImport(db, { rules: [local] }))).toEqual({ [local.id]: 'unchanged' });
  });

  it('removes untouched retired rules and asks about edited ones', async () => {
    const db = await seeded();
    await edit(db, SCAR_CREAM, { severity: 'critical' });
    await edit(db, VACCINE, { severity: 'info' });
    const retired = [
      { id: SCAR, reason: '第十五批 合并为 疤痕止痒软化膏（乳膏）' },
      { id: SCAR_CREAM, reason: '第十五批 合并为 疤痕止痒软化膏（乳膏）' },
      { id: VACCINE, reason: '第十五批 撤回' },
      { id: 'nhsa-b3-insurance-type-never-imported', reason: '撤回' },
      // Brought and retired at once: the publication still brings it.
      { id: CHILD_SYRUP, reason: '撤回' },
    ];
    const plan = await planImport(db, { rules: [published(CHILD_SYRUP)], retired });
    expect(categories(plan)).toEqual({ [CHILD_SYRUP]: 'unchanged', [SCAR]: 'removed', [SCAR_CREAM]: 'conflict', [VACCINE]: 'conflict' });
    const retiredScar = plan.entries.find((e) => e.id === SCAR)!;
    expect(retiredScar).toMatchObject({ retiredReason: '第十五批 合并为 疤痕止痒软化膏（乳膏）', mine: published(SCAR) });
    expect(retiredScar.theirs).toBeUndefined();

    await applyImportPlan(db, plan, { [VACCINE]: 'theirs' });
    const ids = (await workingRules(db)).map((r) => r.id);
    expect(ids).not.toContain(SCAR);
    expect(ids).not.toContain(VACCINE);
    expect(ids).toContain(SCAR_CREAM);
    expect(await db.bases.get(SCAR)).toBeUndefined();
    // Kept against the retirement: the hospital's own rule now, and the next import leaves it be.
    expect((await db.rules.get(SCAR_CREAM))!.origin).toBe('local');
    expect(categories(await planImport(db, { rules: [published(CHILD_SYRUP)], retired }))).toEqual({ [CHILD_SYRUP]: 'unchanged', [SCAR_CREAM]: 'keptEdit' });
  });
});

describe('applying a plan', () => {
  it('writes nothing when the working set changed after planning', async () => {
    const db = await seeded();
    const plan = await planImport(db, { rules: [changed(SCAR, { text: '限工伤保险（修订）' }), changed(ASTRAGALUS, { params: { maxDays: 7 } })] });
    expect(countPlan(plan).updated).toBe(2);
    await edit(db, ASTRAGALUS, { params: { maxDays: 10 } });
    const error = await applyImportPlan(db, plan).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StalePlanError);
    expect((error as StalePlanError).ids).toEqual([ASTRAGALUS]);
    expect(await working(db, SCAR)).toEqual(published(SCAR));
    expect((await db.bases.get(SCAR))!.rule).toEqual(published(SCAR));
  });

  it('refuses an invalid imported rule before planning anything', async () => {
    const db = await seeded();
    await expect(planImport(db, { rules: [changed(ASTRAGALUS, { params: { maxDays: -1 } })] })).rejects.toThrow(ASTRAGALUS);
  });
});
