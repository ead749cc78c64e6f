import { describe, expect, it } from 'vitest';
import { compileIndication, findSupportingDiagnosis } from '../../../rules/indication/matcher';
import { diagnosis } from './shared-data';

const criteria = (parts: Partial<Parameters<typeof compileIndication>[0]>) => ({
  icdPrefixes: [],
  icdRanges: [],
  keywords: [],
  excludeKeywords: [],
  ...parts,
});

describe('indication matcher', () => {
  it('compiles once per params object', () => {
    const params = criteria({ icdPrefixes: ['J18'] });
    expect(compileIndication(params)).toBe(compileIndication(params));
    expect(compileIndication(criteria({ icdPrefixes: ['J18'] }))).not.toBe(compileIndication(params));
  });

  it('finds a diagnosis by prefix, by range and by name', () => {
    const pneumonia = diagnosis('J18.900');
    const lungCancer = diagnosis('C34.901');
    expect(findSupportingDiagnosis(compileIndication(criteria({ icdPrefixes: ['J18'] })), [pneumonia])).toBe(pneumonia);
    expect(findSupportingDiagnosis(compileIndication(criteria({ icdRanges: [{ from: 'C00', to: 'C97' }] })), [pneumonia, lungCancer])).toBe(lungCancer);
    // A locally coded diagnosis the code test cannot place is still found by its name.
    const local = { code: 'X99.999', name: '社区获得性肺炎（重症）' };
    expect(findSupportingDiagnosis(compileIndication(criteria({ keywords: ['肺炎'] })), [local])).toBe(local);
  });

  it('lets an exclude word disqualify a diagnosis whatever its code', () => {
    const benign = diagnosis('D36.900');
    expect(benign.name).toContain('良性');
    const compiled = compileIndication(criteria({ icdRanges: [{ from: 'D00', to: 'D48' }], keywords: ['肿瘤'], excludeKeywords: ['良性'] }));
    expect(findSupportingDiagnosis(compiled, [benign])).toBeUndefined();
    const uncertain = diagnosis('D48.900');
    expect(findSupportingDiagnosis(compiled, [benign, uncertain])).toBe(uncertain);
  });

  it('counts certified chronic conditions by name', () => {
    const compiled = compileIndication(criteria({ icdRanges: [{ from: 'I10', to: 'I15' }], keywords: ['高血压'] }));
    expect(findSupportingDiagnosis(compiled, [diagnosis('J18.900')], ['高血压'])).toBe('高血压');
    expect(findSupportingDiagnosis(compiled, [diagnosis('J18.900')], ['糖尿病'])).toBeUndefined();
  });

  it('takes a few microseconds per line', () => {
    const compiled = compileIndication(
      criteria({
        icdPrefixes: ['B18.0', 'B18.1', 'B16', 'B17.0'],
        icdRanges: [{ from: 'C00', to: 'C97' }],
        keywords: ['乙型肝炎', '乙型病毒性肝炎', '恶性肿瘤'],
        excludeKeywords: ['良性'],
      }),
    );
    const diagnoses = ['I10.x00x002', 'E11.900', 'J18.900', 'K29.500', 'N18.904'].map((c) => diagnosis(c));
    // Best of a few rounds, so a busy test machine does not decide the outcome.
    const runs = 20_000;
    let best = Infinity;
    for (let round = 0; round < 5; round++) {
      const start = performance.now();
      for (let i = 0; i < runs; i++) findSupportingDiagnosis(compiled, diagnoses);
      best = Math.min(best, ((performance.now() - start) * 1000) / runs);
    }
    expect(best).toBeLessThan(10);
  });
});
