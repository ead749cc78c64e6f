import { describe, expect, it } from 'vitest';
import { diffFields, diffPacks, isEmptyDiff } from '../../../rules/pack/diff';
import { PackSchema, type Pack } from '../../../rules/pack/schema';
import { demoPackJson } from './signed-fixtures';

const parse = (raw: unknown): Pack => PackSchema.parse(raw);
const demo = (): any => demoPackJson();
const ruleIn = (raw: any, id: string): any => {
  const rule = raw.rules.find((r: any) => r.id === id);
  if (!rule) throw new Error(`the demo pack has no rule ${id}; regenerated with other ids?`);
  return rule;
};

// Real rules of the demo pack (generated from ../shared/data): 两库 第一批 age/sex, 第八批-3 course, 第九批 indication.
const AGE_RULE = 'nhsa-r65-age-小儿感冒颗粒';
const SEX_RULE = 'nhsa-r67-sex-阿帕他胺片';
const COURSE_RULE = 'nhsa-r23-course-手功能评定';
const INDICATION_RULE = 'nhsa-r5-indication-巴瑞替尼片';

describe('diffPacks on the demo pack', () => {
  it('finds nothing between a pack and itself, whatever the rule order', () => {
    const a = parse(demo());
    const shuffled = demo();
    shuffled.rules.reverse();
    const diff = diffPacks(a, parse(shuffled));
    expect(isEmptyDiff(diff)).toBe(true);
    expect(diff.unchanged).toBe(a.rules.length);
  });

  it('reports a realistic next version rule by rule and field by field', () => {
    const before = demo();
    const after = demo();
    after.version = '2026.12.1';
    after.settings.dayLimits.outpatient = 5;
    after.rules = after.rules.filter((r: any) => r.id !== 'nhsa-r65-age-儿童清肺口服液' && r.id !== 'rx-duplicate-class-ppi');
    const added = { ...structuredClone(ruleIn(before, SEX_RULE)), id: 'local-sex-阿帕他胺片-新规格', match: { codes: ['XL02BBA344A001010100001'] } };
    after.rules.push(added);
    ruleIn(after, COURSE_RULE).params.maxDays = 60;
    const age = ruleIn(after, AGE_RULE);
    const [dropped] = age.match.codes.splice(17, 1);
    age.match.codes.push('ZA01AAX0001010100001', 'ZA01AAX0001010100002');
    ruleIn(after, SEX_RULE).severity = 'warning';
    ruleIn(after, INDICATION_RULE).params.icdRanges[1].to = 'M14';
    ruleIn(after, INDICATION_RULE).effective = { from: '2027-01-01' };

    const diff = diffPacks(parse(before), parse(after));
    expect(diff.meta.before).toEqual({ id: 'demo-nhsa-2026', version: '2026.11.1' });
    expect(diff.meta.fields).toEqual([{ path: 'version', type: 'value', before: '2026.11.1', after: '2026.12.1' }]);
    expect(diff.settingsChanged).toEqual([{ path: 'dayLimits.outpatient', type: 'value', before: 7, after: 5 }]);
    expect(diff.added.map((r) => r.id)).toEqual(['local-sex-阿帕他胺片-新规格']);
    expect(diff.removed.map((r) => r.id)).toEqual(['nhsa-r65-age-儿童清肺口服液', 'rx-duplicate-class-ppi']);
    const changed = Object.fromEntries(diff.changed.map((c) => [c.id, c.fields]));
    expect(Object.keys(changed).sort()).toEqual([AGE_RULE, COURSE_RULE, INDICATION_RULE, SEX_RULE].sort());
    expect(changed[COURSE_RULE]).toEqual([{ path: 'params.maxDays', type: 'value', before: 90, after: 60 }]);
    // Three codes of a 250-code rule: the change names those three, not the two arrays.
    expect(changed[AGE_RULE]).toEqual([{ path: 'match.codes', type: 'set', added: ['ZA01AAX0001010100001', 'ZA01AAX0001010100002'], removed: [dropped] }]);
    expect(changed[SEX_RULE]).toEqual([{ path: 'severity', type: 'value', before: 'critical', after: 'warning' }]);
    expect(changed[INDICATION_RULE]).toEqual([
      { path: 'effective.from', type: 'value', before: '2026-04-21', after: '2027-01-01' },
      { path: 'params.icdRanges[1].to', type: 'value', before: 'M19', after: 'M14' },
    ]);
    expect(diff.changed.find((c) => c.id === SEX_RULE)).toMatchObject({ kind: 'sex', name: '阿帕他胺片' });
    expect(diff.unchanged).toBe(before.rules.length - 2 - 4);
  });

  it('reports a removed optional field, a kind change and a renamed pack', () => {
    const before = demo();
    const after = demo();
    after.id = 'hospital-pack';
    delete ruleIn(after, SEX_RULE).text;
    Object.assign(ruleIn(after, COURSE_RULE), { kind: 'frequency', params: { maxCount: 2, periodDays: 14 } });
    const diff = diffPacks(parse(before), parse(after));
    expect(diff.meta.fields).toEqual([{ path: 'id', type: 'value', before: 'demo-nhsa-2026', after: 'hospital-pack' }]);
    const fields = Object.fromEntries(diff.changed.map((c) => [c.id, c.fields]));
    expect(fields[SEX_RULE]).toEqual([{ path: 'text', type: 'value', before: ruleIn(before, SEX_RULE).text }]);
    expect(fields[COURSE_RULE]).toEqual([
      { path: 'kind', type: 'value', before: 'course', after: 'frequency' },
      { path: 'params.maxCount', type: 'value', after: 2 },
      { path: 'params.periodDays', type: 'value', after: 14 },
      { path: 'params.maxDays', type: 'value', before: 90 },
      { path: 'params.span', type: 'value', before: true },
    ]);
  });

  it('diffs two 3,000-rule packs quickly', () => {
    const raw = demo();
    const extra = raw.rules.slice(0, 3000 - raw.rules.length).map((r: any) => ({ ...structuredClone(r), id: `${r.id}-copy` }));
    raw.rules.push(...extra);
    const before = parse(raw);
    const next = structuredClone(raw);
    for (let i = 0; i < next.rules.length; i += 30) next.rules[i].enabled = false;
    const after = parse(next);
    expect(before.rules).toHaveLength(3000);
    const started = performance.now();
    const diff = diffPacks(before, after);
    const elapsed = performance.now() - started;
    expect(diff.changed).toHaveLength(100);
    expect(diff.changed[0]!.fields).toEqual([{ path: 'enabled', type: 'value', before: true, after: false }]);
    expect(elapsed).toBeLessThan(1500);
  });
});

describe('diffFields', () => {
  it('ignores key order and compares plain arrays as sets', () => {
    expect(diffFields({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
    expect(diffFields({ codes: ['A', 'B', 'C'] }, { codes: ['C', 'A', 'B'] })).toEqual([{ path: 'codes', type: 'order' }]);
    expect(diffFields({ codes: ['A', 'A'] }, { codes: ['A'] })).toEqual([{ path: 'codes', type: 'value', before: ['A', 'A'], after: ['A'] }]);
    expect(diffFields({ codes: ['A', 'B'] }, { codes: ['B', 'C', 'C'] })).toEqual([{ path: 'codes', type: 'set', added: ['C'], removed: ['A'] }]);
  });

  it('walks arrays of objects of equal length by index, and compares them as sets otherwise', () => {
    const a = { icdRanges: [{ from: 'M05', to: 'M06' }, { from: 'M00', to: 'M19' }] };
    expect(diffFields(a, { icdRanges: [{ from: 'M05', to: 'M06' }, { from: 'M00', to: 'M14' }] })).toEqual([
      { path: 'icdRanges[1].to', type: 'value', before: 'M19', after: 'M14' },
    ]);
    expect(diffFields(a, { icdRanges: [{ to: 'M06', from: 'M05' }] })).toEqual([
      { path: 'icdRanges', type: 'set', added: [], removed: [{ from: 'M00', to: 'M19' }] },
    ]);
  });

  it('reports a change of type as a whole-value change', () => {
    expect(diffFields({ allowed: 'M' }, { allowed: ['M'] })).toEqual([{ path: 'allowed', type: 'value', before: 'M', after: ['M'] }]);
    expect(diffFields({ p: null }, { p: { x: 1 } })).toEqual([{ path: 'p', type: 'value', before: null, after: { x: 1 } }]);
  });
});
