import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { searchCatalogue, kindOfCode } from '../../../../components/options/trial/line-search';
import { emptyForm, emptyLine, formToOrder } from '../../../../components/options/trial/order-form';
import { caseFindingsOf, changed, diffFindings, packOf, regression } from '../../../../components/options/trial/regression';
import { runTrial } from '../../../../components/options/trial-run';
import type { Order } from '../../../../contract/order';
import type { CaseFinding } from '../../../../rules/store/db';
import { RuleSummaries } from '../../../../rules/store/search';
import { startRuleStore } from '../../../../rules/store/start';
import { acceptResult, listCases, saveCase } from '../../../../rules/store/trial-cases';
import { publish } from '../../../../rules/store/versions';
import { saveRule } from '../../../../rules/store/working-set';
import { demoRule, openTestDb, smallPackText } from '../../store/support';

const COURSE = 'cat-course-丁苯酞软胶囊';
const INDICATION = 'cat-indication-丁苯酞软胶囊';

/** The order of the e2e: 丁苯酞软胶囊 for 10 days, 脑梗死, as the form makes it. */
function butylphthalide(days = '10'): Order {
  const form = emptyForm();
  const built = formToOrder({
    ...form,
    values: { ...form.values, sex: 'M', age: '70 year', date: '2026-11-22', department: '神经内科' },
    diagnoses: [{ code: 'I63.900', name: '脑梗死', primary: true }],
    lines: [{ ...emptyLine(), code: 'XN07XXD130E0', name: '丁苯酞软胶囊', dose: '0.2', doseUnit: 'g', frequency: 'tid', days, quantity: '3', unit: '盒' }],
  });
  if (!built.ok) throw new Error(JSON.stringify(built.errors));
  return built.order;
}

async function seeded() {
  const db = openTestDb();
  await startRuleStore(db, smallPackText([COURSE, INDICATION, 'nhsa-r67-sex-阿帕他胺片', 'nhsa-r65-age-儿童清肺口服液']));
  return db;
}

const f = (ruleId: string, message: string, severity: CaseFinding['severity'] = 'critical'): CaseFinding => ({ ruleId, ruleName: ruleId, kind: 'course', lineId: '1', severity, message });

describe('findings compared case by case', () => {
  it('lists what appeared and what went away, a changed level as both', () => {
    const before = [f('a', '超疗程'), f('b', '限男性', 'warning')];
    const after = [f('b', '限男性', 'critical'), f('c', '限儿童')];
    const diff = diffFindings(before, after);
    expect(diff.added.map((x) => [x.ruleId, x.severity])).toEqual([['b', 'critical'], ['c', 'critical']]);
    expect(diff.removed.map((x) => [x.ruleId, x.severity])).toEqual([['a', 'critical'], ['b', 'warning']]);
    expect(diffFindings(before, [...before].reverse())).toEqual({ added: [], removed: [] });
  });

  it('counts a repeated finding once per time it is said', () => {
    expect(diffFindings([f('a', 'x')], [f('a', 'x'), f('a', 'x')]).added).toHaveLength(1);
  });
});

describe('用例回归 over saved 试算用例', () => {
  it('shows the course finding a tightened rule adds, against the working set and a published version', async () => {
    const db = await seeded();
    const order = butylphthalide();
    const first = runTrial(await packOf(db, { kind: 'working' }), [order]).orders[0]!;
    expect(first.findings.map((x) => x.finding.ruleId)).not.toContain(COURSE);
    await saveCase(db, { name: '脑梗死 丁苯酞 10 天', order, expected: caseFindingsOf(first), expectedFrom: '' });
    await saveCase(db, { name: '脑梗死 丁苯酞 3 天', order: butylphthalide('3'), expected: caseFindingsOf(runTrial(await packOf(db, { kind: 'working' }), [butylphthalide('3')]).orders[0]!), expectedFrom: '' });
    const cases = await listCases(db);

    // Nothing changed yet: every case as saved.
    expect((await regression(db, cases, { kind: 'working' }, { kind: 'saved' })).filter(changed)).toEqual([]);

    await saveRule(db, { ...demoRule(COURSE), params: { maxDays: 5 } }, { mode: 'update' });
    const outcomes = await regression(db, cases, { kind: 'working' }, { kind: 'saved' });
    const ten = outcomes.find((o) => o.record.name === '脑梗死 丁苯酞 10 天')!;
    expect(ten.removed).toEqual([]);
    expect(ten.added.map((x) => [x.ruleId, x.ruleName, x.lineId])).toEqual([[COURSE, '丁苯酞软胶囊', '1']]);
    expect(ten.added[0]!.message).toContain('5 天');
    // Three days are within five: that case is unchanged.
    expect(changed(outcomes.find((o) => o.record.name === '脑梗死 丁苯酞 3 天')!)).toBe(false);

    // Published, the version gives the same answer; compared with the baseline version too.
    const published = await publish(db, { version: '2026.11.2', changelog: '丁苯酞软胶囊 疗程 5 天' });
    expect(published.ok).toBe(true);
    const byVersion = await regression(db, cases, { kind: 'version', version: '2026.11.2' }, { kind: 'version', version: '2026.11.1' });
    expect(byVersion.filter(changed).map((o) => o.record.name)).toEqual(['脑梗死 丁苯酞 10 天']);

    // The change was intended: the new result becomes the expected one.
    await acceptResult(db, ten.record.id, ten.after, '2026.11.2');
    expect((await regression(db, await listCases(db), { kind: 'working' }, { kind: 'saved' })).filter(changed)).toEqual([]);
  });

  it('keeps one case per name: saving under the same name replaces it', async () => {
    const db = await seeded();
    const a = await saveCase(db, { name: '用例一', order: butylphthalide(), expected: [], expectedFrom: '' });
    const b = await saveCase(db, { name: ' 用例一 ', order: butylphthalide('3'), expected: [], expectedFrom: '' });
    expect(b.id).toBe(a.id);
    const all = await listCases(db);
    expect(all).toHaveLength(1);
    expect(all[0]!.order.lines[0]!.days).toBe(3);
  });
});

describe('drug and item search for the form lines', () => {
  it('finds a drug by pinyin initials, name or code, once per name, with the code its rules match', async () => {
    const db = await seeded();
    const summaries = await RuleSummaries.load(db);
    const byInitials = await searchCatalogue(db, summaries, 'dbtrjn');
    expect(byInitials).toEqual([{ name: '丁苯酞软胶囊', code: 'XN07XXD130E0', prefixOnly: true, kind: 'drug', ruleCount: 2 }]);
    expect((await searchCatalogue(db, summaries, '丁苯酞'))[0]!.name).toBe('丁苯酞软胶囊');
    const byCode = await searchCatalogue(db, summaries, 'XL02BBA326');
    expect(byCode.map((h) => [h.name, h.prefixOnly])).toEqual([['阿帕他胺片', false]]);
    expect(byCode[0]!.code).toBe(demoRule('nhsa-r67-sex-阿帕他胺片').match.codes![0]);
    expect(await searchCatalogue(db, summaries, '   ')).toEqual([]);
  });

  it('tells drugs, 诊疗项目 and 耗材 apart by their national code', () => {
    expect(kindOfCode('XN07XXD130E002010102774')).toBe('drug');
    expect(kindOfCode('003402000050000')).toBe('item');
    expect(kindOfCode('C14010100101010000001000123')).toBe('material');
  });
});
