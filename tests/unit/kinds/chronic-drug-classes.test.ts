import { describe, expect, it } from 'vitest';
import { atcOfDrugCode, chronicAllowanceCovers } from '../../../rules/data/chronic-drug-classes';

// Real national codes: 阿利沙坦酯片 (C09CA), 甲硝唑阴道泡腾片 (G01AF), 阿帕他胺片 (L02BB),
// 康艾注射液 (中成药, no ATC).
const ALLISARTAN = 'XC09CAA284A001010100553';
const METRONIDAZOLE_VAGINAL = 'XG01AFJ070A009010100150';
const APALUTAMIDE = 'XL02BBA326A001010102180';
const KANGAI = 'ZC01AAK00190'; // the catalogue's 12-character key (no full 中成药 code in the shared data)

describe('chronic condition drug classes', () => {
  it('reads the ATC class out of Western drug codes only', () => {
    expect(atcOfDrugCode(ALLISARTAN)).toBe('C09CA');
    expect(atcOfDrugCode(KANGAI)).toBeUndefined();
    expect(atcOfDrugCode('001')).toBeUndefined();
  });

  it('covers the condition’s own drugs and not unrelated ones', () => {
    expect(chronicAllowanceCovers(['高血压'], ALLISARTAN)).toBe(true);
    expect(chronicAllowanceCovers(['原发性高血压'], METRONIDAZOLE_VAGINAL)).toBe(false);
    expect(chronicAllowanceCovers(['恶性肿瘤门诊治疗'], APALUTAMIDE)).toBe(true);
  });

  it('cannot tell for unknown conditions or drugs without an ATC class', () => {
    expect(chronicAllowanceCovers(['高血压', '某罕见病'], METRONIDAZOLE_VAGINAL)).toBeUndefined();
    expect(chronicAllowanceCovers(['高血压'], KANGAI)).toBeUndefined();
  });
});
