import { describe, expect, it } from 'vitest';
import { parseSpec, SpecSchema, type Spec } from '../../../rules/parse/spec';

function parsed(text: string): Spec {
  const result = parseSpec(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.detail}`);
  // Every success must also satisfy the published schema.
  return SpecSchema.parse(result.value);
}

const sizeOf = (spec: Spec, unit: string) => spec.unitSizes.find((s) => s.unit === unit)?.size;

describe('parseSpec: tablets and capsules', () => {
  it.each([
    ['0.25g*24粒', 0.25, 'g', '粒', 24, undefined],
    ['0.25g×24粒/盒', 0.25, 'g', '粒', 24, '盒'],
    ['0.1g*24粒', 0.1, 'g', '粒', 24, undefined],
    ['20mg*14片', 20, 'mg', '片', 14, undefined],
    ['40mg*7片/盒', 40, 'mg', '片', 7, '盒'],
    ['0.5g×10袋', 0.5, 'g', '袋', 10, undefined],
  ])('%s → %s %s per %s, %s per package', (text, value, unit, dispensing, perPackage, packageUnit) => {
    const spec = parsed(text);
    expect(spec.strength).toEqual({ value, unit });
    expect(spec.dispensingUnit).toBe(dispensing);
    expect(spec.unitsPerPackage).toBe(perPackage);
    expect(spec.packageUnit).toBe(packageUnit);
    expect(sizeOf(spec, dispensing)).toBe(1);
    expect(spec.volume).toBeUndefined();
  });

  it('multiplies nested counts: 10mg×7片×2板 is 14 片 per package, 7 per 板', () => {
    const spec = parsed('10mg×7片×2板');
    expect(spec.strength).toEqual({ value: 10, unit: 'mg' });
    expect(spec.dispensingUnit).toBe('片');
    expect(spec.unitsPerPackage).toBe(14);
    expect(sizeOf(spec, '板')).toBe(7);
    expect(spec.packageUnit).toBeUndefined();
  });

  it('records a named package of nested counts', () => {
    const spec = parsed('2.5mg*14片*2板/盒');
    expect(spec.unitsPerPackage).toBe(28);
    expect(sizeOf(spec, '板')).toBe(14);
    expect(sizeOf(spec, '盒')).toBe(28);
    expect(spec.packageUnit).toBe('盒');
  });

  it('reads 每粒装 / 每袋装 phrasing of 中成药 specs', () => {
    const capsule = parsed('每粒装0.3g*36粒');
    expect(capsule.strength).toEqual({ value: 0.3, unit: 'g' });
    expect(capsule.dispensingUnit).toBe('粒');
    expect(capsule.unitsPerPackage).toBe(36);
    const granule = parsed('每袋装10g');
    expect(granule.strength).toEqual({ value: 10, unit: 'g' });
    expect(granule.dispensingUnit).toBe('袋');
    expect(granule.unitsPerPackage).toBeUndefined();
  });
});

describe('parseSpec: solutions and single units', () => {
  it('5ml:0.1g → 0.1 g in 5 ml, no dispensing unit named', () => {
    const spec = parsed('5ml:0.1g');
    expect(spec.strength).toEqual({ value: 0.1, unit: 'g' });
    expect(spec.volume).toEqual({ value: 5, unit: 'ml' });
    expect(spec.dispensingUnit).toBeUndefined();
    expect(spec.unitsPerPackage).toBeUndefined();
  });

  it('100ml:0.5g/瓶 → per 瓶', () => {
    const spec = parsed('100ml:0.5g/瓶');
    expect(spec.strength).toEqual({ value: 0.5, unit: 'g' });
    expect(spec.volume).toEqual({ value: 100, unit: 'ml' });
    expect(spec.dispensingUnit).toBe('瓶');
    expect(spec.unitsPerPackage).toBeUndefined();
  });

  it('10ml:0.2g*6支 → 0.2 g in 10 ml per 支, 6 支 per package', () => {
    const spec = parsed('10ml:0.2g*6支');
    expect(spec.strength).toEqual({ value: 0.2, unit: 'g' });
    expect(spec.volume).toEqual({ value: 10, unit: 'ml' });
    expect(spec.dispensingUnit).toBe('支');
    expect(spec.unitsPerPackage).toBe(6);
  });

  it.each([
    ['1.6mg', { strength: { value: 1.6, unit: 'mg' } }],
    ['500ml', { volume: { value: 500, unit: 'ml' } }],
    ['1g/支', { strength: { value: 1, unit: 'g' }, dispensingUnit: '支' }],
    ['80万U', { strength: { value: 80, unit: '万IU' } }],
    ['250μg', { strength: { value: 250, unit: 'μg' } }],
    ['0.5mcg*10粒', { strength: { value: 0.5, unit: 'μg' }, dispensingUnit: '粒', unitsPerPackage: 10 }],
  ])('%s', (text, expected) => {
    expect(parsed(text)).toMatchObject(expected);
  });

  it('leaves the strength open when two masses make it ambiguous (ointment 10g:0.1g)', () => {
    const spec = parsed('10g:0.1g');
    expect(spec.content).toHaveLength(2);
    expect(spec.strength).toBeUndefined();
  });
});

describe('parseSpec: normalisation', () => {
  it.each([
    '0.25g*24粒',
    '0.25g×24粒',
    '0.25gx24粒',
    '0.25gX24粒',
    '0.25g＊24粒',
    '0.25g，24粒',
    ' 0.25 g × 24 粒 ',
    '０．２５ｇ×２４粒',
    '0.25G*24粒',
    '0.25g(以C13H16O计)*24粒(铝塑)',
    '规格：0.25g*24粒',
  ])('%s reads as 0.25 g × 24 粒', (text) => {
    const spec = parsed(text);
    expect(spec.strength).toEqual({ value: 0.25, unit: 'g' });
    expect(spec.dispensingUnit).toBe('粒');
    expect(spec.unitsPerPackage).toBe(24);
  });

  it('keeps the text as written for messages', () => {
    expect(parsed(' 0.25g×24粒/盒 ').text).toBe('0.25g×24粒/盒');
  });

  it('spells units canonically', () => {
    expect(parsed('5毫升:100毫克').content).toEqual([
      { value: 5, unit: 'ml' },
      { value: 100, unit: 'mg' },
    ]);
    expect(parsed('2mL:10µg').content).toEqual([
      { value: 2, unit: 'ml' },
      { value: 10, unit: 'μg' },
    ]);
  });
});

describe('parseSpec: failures are typed, never thrown', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['××', 'empty'],
    ['见说明书', 'unrecognised'],
    ['0.1q*24粒', 'unknown-unit'],
    ['0.25g*24粒/罐头', 'unknown-unit'],
    ['24粒*0.25g', 'misplaced-content'],
    ['1g/支*10瓶', 'inconsistent-units'],
    ['7片/板*2盒', 'inconsistent-units'],
    ['0g*24粒', 'unrecognised'],
  ])('%j → %s', (text, reason) => {
    const result = parseSpec(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(reason);
      expect(result.detail.length).toBeGreaterThan(0);
    }
  });

  it('names the spec in the failure detail', () => {
    const result = parseSpec('0.1q*24粒');
    expect(!result.ok && result.detail).toContain('0.1q*24粒');
  });

  it('returns the same result object for a repeated string (memoised)', () => {
    expect(parseSpec('20mg*14片')).toBe(parseSpec('20mg*14片'));
  });
});

describe('combination tablets', () => {
  it('reads "240mg/5mg*7片" as two strengths with 7 片 per package and no single strength', () => {
    const parsed = parseSpec('240mg/5mg*7片');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.content).toEqual([{ value: 240, unit: 'mg' }, { value: 5, unit: 'mg' }]);
    expect(parsed.value.strength).toBeUndefined();
    expect(parsed.value).toMatchObject({ dispensingUnit: '片', unitsPerPackage: 7 });
  });
  it('still rejects a slash followed by something that is neither a count unit nor a strength', () => {
    expect(parseSpec('240mg/abc*7片').ok).toBe(false);
  });
});
