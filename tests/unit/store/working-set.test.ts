import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { startRuleStore } from '../../../rules/store/start';
import { RuleSummaries, searchRules } from '../../../rules/store/search';
import {
  applyToKind, duplicateRule, removeLocalRule, saveRule, validateRule, workingRules,
} from '../../../rules/store/working-set';
import { demoRule, openTestDb, smallPackText } from './support';

const BUTYLPHTHALIDE_COURSE = 'cat-course-丁苯酞软胶囊';

async function startedDb() {
  const db = openTestDb();
  await startRuleStore(db, smallPackText([BUTYLPHTHALIDE_COURSE], 4));
  return db;
}

describe('rule validation', () => {
  it('reports a bad course limit at params.maxDays', () => {
    const rule = demoRule(BUTYLPHTHALIDE_COURSE);
    const result = validateRule({ ...rule, params: { maxDays: -20 } });
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.errors.map((e) => e.path)).toEqual(['params.maxDays']);
    const text = validateRule({ ...rule, params: { maxDays: '二十' } });
    expect(text.ok === false && text.errors.map((e) => e.path)).toEqual(['params.maxDays']);
    expect(validateRule({ ...rule, params: { maxDays: 20 } }).ok).toBe(true);
  });

  it('reports fields of the common part with their path', () => {
    const rule = demoRule(BUTYLPHTHALIDE_COURSE);
    const result = validateRule({ ...rule, severity: 'fatal', effective: { from: '2026/01/01' }, match: {} });
    expect(result.ok === false && result.errors.map((e) => e.path).sort()).toEqual(['effective.from', 'match', 'severity']);
  });
});

describe('editing the working set', () => {
  it('saves a valid edit and refuses an invalid one without writing', async () => {
    const db = await startedDb();
    const rule = demoRule(BUTYLPHTHALIDE_COURSE);
    const bad = await saveRule(db, { ...rule, params: { maxDays: 0 } }, { mode: 'update' });
    expect(bad.ok === false && bad.errors[0]!.path).toBe('params.maxDays');
    expect((await db.rules.get(BUTYLPHTHALIDE_COURSE))!.rule.params).toEqual({ maxDays: 20 });
    const good = await saveRule(db, { ...rule, params: { maxDays: 14 }, effective: { from: '2027-01-01' } }, { mode: 'update' });
    expect(good.ok).toBe(true);
    const stored = (await db.rules.get(BUTYLPHTHALIDE_COURSE))!;
    expect(stored.rule).toMatchObject({ params: { maxDays: 14 }, effective: { from: '2027-01-01' } });
    expect(stored.origin).toBe('baseline');
  });

  it('creates local rules with unique ids at the end of the pack', async () => {
    const db = await startedDb();
    const local = { id: 'local-sex-test', kind: 'sex', name: '前列腺液常规检查', match: { codes: ['002501040130000'] }, params: { allowed: 'M' } };
    expect((await saveRule(db, local, { mode: 'create' })).ok).toBe(true);
    const again = await saveRule(db, local, { mode: 'create' });
    expect(again.ok === false && again.errors[0]).toMatchObject({ path: 'id' });
    const rules = await workingRules(db);
    expect(rules.at(-1)).toMatchObject({ id: 'local-sex-test', enabled: true, severity: 'warning', interruptive: true });
    expect((await db.rules.get('local-sex-test'))!.origin).toBe('local');
    // Updating a rule that does not exist is an error, not a create.
    expect((await saveRule(db, { ...local, id: 'nope' }, { mode: 'update' })).ok).toBe(false);
  });

  it('duplicates a rule as a disabled local copy, and removes only local rules', async () => {
    const db = await startedDb();
    const copy = await duplicateRule(db, BUTYLPHTHALIDE_COURSE);
    expect(copy).toMatchObject({ id: `${BUTYLPHTHALIDE_COURSE}-copy`, enabled: false, params: { maxDays: 20 } });
    expect(copy && 'source' in copy).toBe(false);
    const second = await duplicateRule(db, BUTYLPHTHALIDE_COURSE);
    expect(second!.id).toBe(`${BUTYLPHTHALIDE_COURSE}-copy-2`);
    expect(await removeLocalRule(db, BUTYLPHTHALIDE_COURSE)).toBe(false);
    expect(await removeLocalRule(db, second!.id)).toBe(true);
    expect(await db.rules.get(second!.id)).toBeUndefined();
    expect(await db.rules.get(BUTYLPHTHALIDE_COURSE)).toBeDefined();
  });

  it('sets severity and interruptive for every rule of a kind', async () => {
    const db = await startedDb();
    const before = await workingRules(db);
    const courses = before.filter((r) => r.kind === 'course');
    const severityBefore = new Map(before.map((r) => [r.id, r.severity]));
    expect(courses.length).toBeGreaterThan(1);
    expect(await applyToKind(db, 'course', { severity: 'info', interruptive: false })).toBe(courses.length);
    const after = await workingRules(db);
    expect(after.filter((r) => r.kind === 'course').every((r) => r.severity === 'info' && !r.interruptive)).toBe(true);
    expect(after.filter((r) => r.kind !== 'course').every((r) => r.severity === severityBefore.get(r.id))).toBe(true);
    // The severity index follows the rule.
    const summaries = await RuleSummaries.load(db);
    expect((await searchRules(db, summaries, { severity: 'info', pageSize: 100 })).total).toBe(courses.length);
    expect(await applyToKind(db, 'course', { severity: 'info' })).toBe(0);
  });
});
