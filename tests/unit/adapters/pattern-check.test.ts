import { describe, expect, it } from 'vitest';
import { checkPattern, MAX_PATTERN_INPUT } from '../../../adapters/composite/pattern-check';
import { matchPattern } from '../../../adapters/composite/pattern';
import { SiteProfileSchema } from '../../../adapters/profile-schema';
import { profileJson } from './support';

const reason = (source: string) => {
  const checked = checkPattern(source);
  return checked.ok ? 'ok' : checked.reason;
};

describe('profile patterns: accepted', () => {
  it.each([
    String.raw`(?<name>.+?)\((?<code>[A-Z]\d{2}[^)]*)\)`,
    String.raw`(?<name>[^(]+)\((?<code>[^)]+)\)`,
    String.raw`^(?<code>[A-Z]\d{2}(?:\.[0-9A-Za-z]+)?)`,
    String.raw`(?<sex>[男女])\s*/\s*(?<age>\d+岁)`,
    String.raw`\d+\s*,\s*\d+`,
    String.raw`(?<name>[^(]+)(?:\((?<code>[^)]+)\))?`,
    String.raw`(?:ab)+c`,
    String.raw`[\u4e00-\u9fa5]+`,
    String.raw`\p{Script=Han}+\d`,
    '（?<name>.+?）',
  ])('%s', (source) => {
    expect(checkPattern(source)).toMatchObject({ ok: true });
  });

  it('lists the named groups in order; full-width brackets are literal half-width ones', () => {
    const checked = checkPattern('(?<name>[^（]+)（(?<code>[^）；]+)）');
    expect(checked).toEqual({ ok: true, value: { source: String.raw`(?<name>[^\(]+)\((?<code>[^\);]+)\)`, names: ['name', 'code'] } });
    expect(matchPattern('高血压(I10.x00x002)', '(?<name>[^（]+)（(?<code>[^）]+)）', 'code')).toEqual({ ok: true, value: 'I10.x00x002' });
  });
});

describe('profile patterns: refused at load, with the reason', () => {
  it.each([
    ['(a+)+', 'nested'],
    ['(a|aa)*', 'nested'],
    ['(.*)*', 'nested'],
    [String.raw`(\w+\s?)*x`, 'nested'],
    ['(?:a?){20}a{20}', 'nested'],
    [String.raw`\d+\d+`, 'adjacent'],
    ['.*.*x', 'adjacent'],
    [String.raw`.*\s*x`, 'adjacent'],
    [String.raw`(?<name>.+)(?<code>\w+)`, 'adjacent'],
    [String.raw`(?<name>.+?)(?:\s*\((?<code>[^)]+)\))?$`, 'adjacent'],
    ['.*a.*b', 'overlap'],
    [String.raw`(?<a>.+?)-(?<b>.+?)-(?<c>.+)`, 'overlap'],
    ['a?'.repeat(20) + 'a'.repeat(20), 'too-many'],
    [String.raw`(?<x>a)\1`, 'backreference'],
    [String.raw`(?<x>a)\k<x>`, 'backreference'],
    ['(?=a)b', 'lookaround'],
    ['(?!a)b', 'lookaround'],
    ['(?<=a)b', 'lookaround'],
    ['(?<!a)b', 'lookaround'],
    ['(?i:a)', 'unsupported'],
    ['(ab', 'syntax'],
    ['ab)', 'syntax'],
    ['[ab', 'syntax'],
    ['a{2,1}', 'syntax'],
    ['*a', 'syntax'],
    ['', 'syntax'],
    ['a'.repeat(301), 'too-long'],
  ])('%s → %s', (source, why) => {
    expect(reason(source)).toBe(why);
  });

  it('explains the refusal in Chinese', () => {
    const nested = checkPattern('(a+)+');
    expect(!nested.ok && nested.detail).toMatch(/重复.*极慢/);
    const backref = checkPattern(String.raw`(a)\1`);
    expect(!backref.ok && backref.detail).toBe('不支持反向引用（\\1、\\k<名称>）');
  });

  it('refuses a profile carrying such a pattern when it loads, naming the step', () => {
    const raw = structuredClone(profileJson('demo-outpatient')) as Record<string, any>;
    raw.patient.sex.transform = [{ pattern: '(?<s>.+)+' }, { pick: 's' }, 'sex'];
    const parsed = SiteProfileSchema.safeParse(raw);
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues.find((i) => i.path.join('.').startsWith('patient.sex'));
    expect(issue?.message).toMatch(/^模式「\(\?<s>\.\+\)\+」不能使用：分组「s」里又有重复/);
  });

  it('refuses a group option naming a group the pattern lacks', () => {
    const raw = structuredClone(profileJson('demo-outpatient')) as Record<string, any>;
    raw.patient.sex.transform = [{ pattern: '(?<sex>[男女])', group: 'gender' }];
    const parsed = SiteProfileSchema.safeParse(raw);
    expect(parsed.error?.issues.map((i) => i.message)).toContain('模式中没有名为 gender 的分组');
  });
});

describe('running a pattern', () => {
  const DIAGNOSIS = String.raw`(?<name>.+?)\((?<code>[A-Z]\d{2}[^)]*)\)`;

  it('gives the named groups, one group, or the whole match', () => {
    expect(matchPattern('前列腺癌(C61.x00)', DIAGNOSIS)).toEqual({ ok: true, value: { kind: 'groups', groups: { name: '前列腺癌', code: 'C61.x00' } } });
    expect(matchPattern('前列腺癌(C61.x00)', DIAGNOSIS, 'code')).toEqual({ ok: true, value: 'C61.x00' });
    expect(matchPattern('编码 C61.x00 ', String.raw`[A-Z]\d{2}\.\w+`)).toEqual({ ok: true, value: 'C61.x00' });
  });

  it('fails on text that does not fit, and on text over the length cap', () => {
    expect(matchPattern('前列腺癌', DIAGNOSIS)).toMatchObject({ ok: false, reason: 'no-match' });
    const long = '前'.repeat(MAX_PATTERN_INPUT + 1);
    expect(matchPattern(long, DIAGNOSIS)).toMatchObject({ ok: false, reason: 'too-long' });
  });

  it('never runs a refused pattern that reaches it without a profile check', () => {
    const result = matchPattern('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', '(a+)+$');
    expect(result).toMatchObject({ ok: false, reason: 'pattern-refused' });
  });

  it('matches an accepted pattern on hostile text of the capped length quickly', () => {
    // The accepted worst case: one variable part that can also take what follows it.
    const text = '('.repeat(MAX_PATTERN_INPUT);
    const started = performance.now();
    expect(matchPattern(text, DIAGNOSIS).ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
