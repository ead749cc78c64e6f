import { describe, expect, it } from 'vitest';
import {
  institutionLevelFromMedinsLv, insuranceTypeFromInsutype, lineKindFrom, prescriberTitleFrom, sexFromGend, visitTypeFrom,
} from '../../../rules/interop/nhsa-codes';

describe('3101 code dictionaries', () => {
  it('maps gend, with 0 and 9 as unknown', () => {
    expect(['1', '2', '0', '9'].map(sexFromGend)).toEqual(['M', 'F', 'U', 'U']);
  });

  it('maps medins_lv at the band boundaries', () => {
    const codes = ['01', '04', '05', '07', '08', '10', '11', '1', '12', 'A1', undefined];
    expect(codes.map(institutionLevelFromMedinsLv)).toEqual([3, 3, 2, 2, 1, 1, undefined, 3, undefined, undefined, undefined]);
  });

  it('maps med_mdtrt_type and med_type to visit types', () => {
    expect(visitTypeFrom('1', '11')).toBe('outpatient');
    expect(visitTypeFrom('1', '14')).toBe('outpatient');
    expect(visitTypeFrom('2', '21')).toBe('inpatient');
    expect(visitTypeFrom('1', '13')).toBe('emergency');
    expect(visitTypeFrom('3', undefined)).toBe('outpatient');
    expect(visitTypeFrom(undefined, '21')).toBe('inpatient');
    expect(visitTypeFrom('4', undefined)).toBeUndefined();
    expect(visitTypeFrom(undefined, undefined)).toBeUndefined();
  });

  it('maps insutype 310/390 and leaves others as "other"', () => {
    expect(['310', '390', '320', '340'].map(insuranceTypeFromInsutype)).toEqual(['employee', 'resident', 'other', 'other']);
    expect(insuranceTypeFromInsutype('510')).toBe('maternity'); // *verify* in nhsa-codes.ts
    expect(insuranceTypeFromInsutype(undefined)).toBeUndefined();
  });

  it('maps hilist_type to line kinds, falling back to the code shape', () => {
    expect(lineKindFrom('101', 'XL02BBB085A001010100662')).toBe('drug');
    expect(lineKindFrom('102', 'T000700200')).toBe('drug');
    expect(lineKindFrom('201', '002501020210000')).toBe('item');
    expect(lineKindFrom('301', 'HC-0451')).toBe('material');
    expect(lineKindFrom('105', '002501020210000')).toBe('item');
    expect(lineKindFrom(undefined, 'ZD01BAY0323010102065')).toBe('drug');
    // 医用耗材 filed as 105 其他, or with a hospital code: chrg_type 08 卫生材料费 says what it is.
    expect(lineKindFrom('105', 'HC-0451', '08')).toBe('material');
    expect(lineKindFrom(undefined, 'C14010100101010000001000123')).toBe('material');
    expect(lineKindFrom('105', 'HC-0451', '09')).toBe('drug');
    // hilist_type, when it names a list, wins over the charge type.
    expect(lineKindFrom('201', '001204000060000', '08')).toBe('item');
  });

  it('maps professional titles and drops 无/其他', () => {
    expect(['1', '3', '5', '6', '9'].map(prescriberTitleFrom)).toEqual(['医士', '主治医师', '主任医师', undefined, undefined]);
  });
});
