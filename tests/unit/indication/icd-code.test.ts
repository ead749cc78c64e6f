import { describe, expect, it } from 'vitest';
import { compactIcd, hasIcdPrefix, icdCategory, inIcdRange } from '../../../rules/indication/icd-code';

describe('ICD code comparison', () => {
  it('ignores dots, spaces and case', () => {
    expect(compactIcd('i10.x00x002')).toBe('I10X00X002');
    expect(compactIcd(' H91.200x001 ')).toBe('H91200X001');
    expect(compactIcd('B18.103+N08.0*')).toBe('B18103+N080*');
  });

  it('matches a prefix written with or without its dot', () => {
    expect(hasIcdPrefix(compactIcd('J18.900'), compactIcd('J18'))).toBe(true);
    expect(hasIcdPrefix(compactIcd('H91.200x001'), compactIcd('H91.2'))).toBe(true);
    expect(hasIcdPrefix(compactIcd('H91200'), compactIcd('H91.2'))).toBe(true);
    expect(hasIcdPrefix(compactIcd('H91.000'), compactIcd('H91.2'))).toBe(false);
    expect(hasIcdPrefix(compactIcd('J180'), compactIcd('J18.9'))).toBe(false);
  });

  it('compares ranges on each end’s own length, both ends included', () => {
    const malignant = { from: 'C00', to: 'C97' };
    expect(inIcdRange(compactIcd('C00.000'), malignant)).toBe(true);
    expect(inIcdRange(compactIcd('C34.901'), malignant)).toBe(true);
    expect(inIcdRange(compactIcd('C97.x00'), malignant)).toBe(true);
    expect(inIcdRange(compactIcd('D00.000'), malignant)).toBe(false);
    expect(inIcdRange(compactIcd('B99.x00'), malignant)).toBe(false);
    const radioChemo = { from: 'Z510', to: 'Z511' };
    expect(inIcdRange(compactIcd('Z51.100x004'), radioChemo)).toBe(true);
    expect(inIcdRange(compactIcd('Z51.200'), radioChemo)).toBe(false);
  });

  it('never places a code shorter than the range end', () => {
    expect(inIcdRange('C3', { from: 'C00', to: 'C97' })).toBe(false);
  });

  it('reads the category of well-formed codes only', () => {
    expect(icdCategory('c61.x00')).toBe('C61');
    expect(icdCategory('BNG010')).toBe('');
  });
});
