import { describe, expect, it } from 'vitest';
import { AGE_GROUPS, FEMALE_SPANS, MALE_SPANS, SEX_SPAN_EXCEPTIONS, SEX_WORDS, type IcdSpan } from '../../../rules/data/icd-sex-age';
import { SEX_CODES_BY_NAME } from '../../../rules/data/icd-sex-codes';
import { buildSexCodes, sexOfName } from '../../../scripts/icd/sex-codes';
import { compactIcd, inIcdRange } from '../../../rules/indication/icd-code';
import { icdDiagnoses, SHARED_DATA } from '../indication/shared-data';

const codes = [...icdDiagnoses()].map(([code, name]) => ({ code, name, compact: compactIcd(code.split('+')[0]!) }));
const under = (span: IcdSpan) => codes.filter((c) => inIcdRange(c.compact, { from: compactIcd(span.from), to: compactIcd(span.to ?? span.from) }));
const startsWith = (prefix: string) => codes.some((c) => c.compact.startsWith(compactIcd(prefix)));


describe('sex- and age-specific ICD-10 knowledge (rules/data/icd-sex-age.ts)', () => {
  it('names spans whose both ends exist in ICD-10 医保版 2.0, each holding codes', () => {
    for (const span of [...FEMALE_SPANS, ...MALE_SPANS, ...AGE_GROUPS.flatMap((g) => g.spans)]) {
      expect(startsWith(span.from), span.from).toBe(true);
      if (span.to) expect(startsWith(span.to), span.to).toBe(true);
      expect(under(span).length, `${span.from}–${span.to ?? ''}`).toBeGreaterThan(0);
    }
  });

  it('lists exceptions that are real codes inside a span', () => {
    for (const { code } of SEX_SPAN_EXCEPTIONS) {
      expect(icdDiagnoses().has(code), code).toBe(true);
      expect([...FEMALE_SPANS, ...MALE_SPANS].some((s) => under(s).some((c) => c.code === code)), code).toBe(true);
    }
  });

  it('never puts a code under both sexes', () => {
    const female = new Set([...FEMALE_SPANS.flatMap(under).map((c) => c.compact), ...SEX_CODES_BY_NAME.F.map(([c]) => compactIcd(c))]);
    const both = [...MALE_SPANS.flatMap(under).map((c) => c.compact), ...SEX_CODES_BY_NAME.M.map(([c]) => compactIcd(c))].filter((c) => female.has(c));
    expect(both).toEqual([]);
  });

  it('has no code in a female span whose name reads as male, and none the other way round', () => {
    // A code a span covers by ICD structure need not name its sex; one whose name reads as the
    // other sex would mean the span is drawn too wide.
    expect(FEMALE_SPANS.flatMap(under).filter((c) => sexOfName(c.name) === 'M').map((c) => `${c.code} ${c.name}`)).toEqual([]);
    expect(MALE_SPANS.flatMap(under).filter((c) => sexOfName(c.name) === 'F').map((c) => `${c.code} ${c.name}`)).toEqual([]);
  });

  it('ages: the perinatal group is for children, the pregnancy group leaves sequelae (O94–O97) out', () => {
    const perinatal = AGE_GROUPS.find((g) => g.id === 'perinatal')!;
    expect(perinatal).toMatchObject({ maxYears: 17 });
    const pregnancy = AGE_GROUPS.find((g) => g.id === 'pregnancy')!;
    const covered = pregnancy.spans.flatMap(under).map((c) => c.code);
    expect(covered).toContain('O80.000');
    expect(covered.filter((c) => /^O9[4-7]/.test(c))).toEqual([]);
  });
});

describe('sex-specific codes found by name (rules/data/icd-sex-codes.ts)', () => {
  it('are what scripts/icd/gen-icd-sex-codes.ts makes of the shared list today', () => {
    expect(SEX_CODES_BY_NAME).toEqual(buildSexCodes(SHARED_DATA));
  });

  it('are real codes', () => {
    const known = new Set(codes.map((c) => c.compact));
    for (const [code] of [...SEX_CODES_BY_NAME.M, ...SEX_CODES_BY_NAME.F]) expect(known.has(compactIcd(code)), code).toBe(true);
  });

  it('read a name by its explicit sex first, then by organs of one sex only', () => {
    expect(sexOfName('女性前列腺病')).toBe('F');
    expect(sexOfName('男性外阴瘢痕')).toBe('M');
    expect(sexOfName('子宫损伤')).toBe('F');
    expect(sexOfName('阴囊湿疹')).toBe('M');
    expect(sexOfName('既往绝育术后的输卵管或输精管成形术')).toBeUndefined();
    expect(sexOfName('外阴湿疹')).toBeUndefined();
    expect(sexOfName('先天性外阴囊肿')).toBeUndefined();
    expect(sexOfName('前列腺素引产失败')).toBeUndefined();
    expect(sexOfName('男性骨盆难产')).toBeUndefined();
  });

  it('leave out disorders of sex development, gender identity, pattern words and 流产布氏菌病', () => {
    for (const name of ['睾丸女性化', '男性假两性畸形伴睾丸女性化', '男性型多毛症', '易性症,男', '阴茎再造术后随诊医疗', '流产布氏菌病']) {
      expect(sexOfName(name), name).toBeUndefined();
    }
    const listed = new Set([...SEX_CODES_BY_NAME.M, ...SEX_CODES_BY_NAME.F].map(([c]) => c));
    for (const code of ['E34.500x001', 'L68.000', 'F64.000x001', 'A23.100', 'Q56.100', 'P54.600']) expect(listed.has(code), code).toBe(false);
    expect(SEX_WORDS.skipPrefixes).toContain('P');
  });
});
