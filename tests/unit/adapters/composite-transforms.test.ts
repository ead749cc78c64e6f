import { describe, expect, it } from 'vitest';
import { applyChain, applyTransforms } from '../../../adapters/transforms';
import { TransformSchema, type Transform } from '../../../adapters/profile-schema';

/** Chains as a profile writes them, validated like one. */
const chain = (...steps: unknown[]): Transform[] => steps.map((s) => TransformSchema.parse(s));
const value = (r: { ok: boolean; value?: unknown }) => (r.ok ? r.value : undefined);
const detail = (r: { ok: boolean; detail?: string }) => (r.ok ? undefined : r.detail);

const DIAGNOSIS = String.raw`(?<name>.+?)\((?<code>[A-Z]\d{2}[^)]*)\)`;

describe('strip', () => {
  it('drops a leading label and its colon, full-width or not, spaced or not', () => {
    expect(value(applyTransforms('诊断：前列腺癌', chain({ strip: '诊断：' })))).toBe('前列腺癌');
    expect(value(applyTransforms('诊断 : 前列腺癌', chain({ strip: '诊断' })))).toBe('前列腺癌');
    expect(value(applyTransforms('性别 / 年龄：男 / 58岁', chain({ strip: ['性别/年龄'] })))).toBe('男 / 58岁');
  });

  it('tries each label, and leaves text without any of them as it is', () => {
    expect(value(applyTransforms('临床诊断：高血压', chain({ strip: ['诊断', '临床诊断'] })))).toBe('高血压');
    expect(value(applyTransforms('高血压', chain({ strip: '诊断' })))).toBe('高血压');
  });
});

describe('split', () => {
  it('splits at any of the separators, full-width ones included, dropping empty parts', () => {
    const parts = value(applyChain('前列腺癌(C61.x00)；高血压(I10.x00x002)；；', chain({ split: ['；', ','] })));
    expect(parts).toEqual({
      kind: 'parts',
      items: [
        { ok: true, value: '前列腺癌(C61.x00)' },
        { ok: true, value: '高血压(I10.x00x002)' },
      ],
    });
  });

  it('runs `each` on every part and keeps a failing part as its failure', () => {
    const parts = value(applyChain('前列腺癌(C61.x00);待查;高血压(I10.x00x002)', chain({ split: ';', each: [{ pattern: DIAGNOSIS }] }))) as {
      items: Array<{ ok: boolean; value?: unknown; reason?: string }>;
    };
    expect(parts.items.map((i) => i.ok)).toEqual([true, false, true]);
    expect(parts.items[0]!.value).toEqual({ kind: 'groups', groups: { name: '前列腺癌', code: 'C61.x00' } });
    expect(parts.items[1]!.reason).toBe('no-match');
  });

  it('cannot end a field: a field needs one value', () => {
    expect(detail(applyTransforms('a;b', chain({ split: ';' })))).toBe('得到 2 个部分，需用 pick 取其中一个');
  });
});

describe('pick', () => {
  it('takes part N of a composite (from 1): 性别/年龄 → sex and age', () => {
    const sex = chain({ strip: '性别/年龄' }, { split: '/' }, { pick: 1 }, 'sex');
    const age = chain({ strip: '性别/年龄' }, { split: '/' }, { pick: 2 }, 'age');
    expect(value(applyTransforms('性别/年龄：男 / 58岁', sex))).toBe('M');
    expect(value(applyTransforms('性别/年龄：男 / 58岁', age))).toEqual({ years: 58 });
    expect(value(applyTransforms('性别/年龄：女 / 3个月', age))).toEqual({ days: 91 });
  });

  it('takes a pattern group by name or position', () => {
    expect(value(applyTransforms('前列腺癌(C61.x00)', chain({ pattern: DIAGNOSIS }, { pick: 'code' })))).toBe('C61.x00');
    expect(value(applyTransforms('前列腺癌(C61.x00)', chain({ pattern: DIAGNOSIS }, { pick: 1 })))).toBe('前列腺癌');
  });

  it('says what is missing', () => {
    expect(detail(applyTransforms('男', chain({ split: '/' }, { pick: 2 })))).toBe('只有 1 个部分，没有第 2 个');
    expect(detail(applyTransforms('前列腺癌(C61.x00)', chain({ pattern: DIAGNOSIS }, { pick: 'icd' })))).toBe('没有分组「icd」（有 name、code）');
    expect(detail(applyTransforms('男 / 58岁', chain({ split: '/' }, { pick: 'sex' })))).toMatch(/需要序号/);
  });

  it('treats a single value as its own first part', () => {
    expect(value(applyTransforms('男', chain({ pick: 1 }, 'sex')))).toBe('M');
  });

  it('returns the failure of a part that failed its own steps', () => {
    const result = applyTransforms('待查;高血压(I10.x00)', chain({ split: ';', each: [{ pattern: DIAGNOSIS, group: 'code' }] }, { pick: 1 }));
    expect(result).toMatchObject({ ok: false, reason: 'no-match' });
  });
});

describe('pattern', () => {
  it('with group gives the group as text, which later steps can read', () => {
    expect(value(applyTransforms('男 58岁', chain({ pattern: '(?<sex>[男女])', group: 'sex' }, 'sex')))).toBe('M');
  });

  it('needs text: other steps cannot follow a composite', () => {
    expect(detail(applyTransforms('a;b', chain({ split: ';' }, { pattern: '(?<x>a)' })))).toBe('pattern 需要文字，得到的是多个部分');
    expect(detail(applyTransforms('a;b', chain({ split: ';' }, 'sex')))).toBe('sex 得到 2 个部分，需用 pick 取其中一个');
    expect(detail(applyTransforms('前列腺癌(C61.x00)', chain({ pattern: DIAGNOSIS }, { map: { a: 1 } })))).toMatch(/^map 得到分组 name、code/);
  });
});

describe('schema', () => {
  it('keeps the existing transforms valid', () => {
    expect(chain('trim', 'number', { map: { 是: true }, default: false })).toHaveLength(3);
  });

  it('refuses misspelt or empty composite steps', () => {
    expect(TransformSchema.safeParse({ split: [] }).success).toBe(false);
    expect(TransformSchema.safeParse({ pick: 0 }).success).toBe(false);
    expect(TransformSchema.safeParse({ strip: '' }).success).toBe(false);
    expect(TransformSchema.safeParse({ split: ';', each: ['gender'] }).success).toBe(false);
    expect(TransformSchema.safeParse({ pattern: '(a)', grup: 'a' }).success).toBe(false);
  });
});
