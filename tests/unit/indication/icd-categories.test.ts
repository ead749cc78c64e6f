import { describe, expect, it } from 'vitest';
import { ICD_CATEGORIES } from '../../../rules/data/icd-categories';
import { buildCategoryNames, plainNames } from '../../../scripts/icd/category-names';
import { categoriesNamed } from '../../../rules/indication/categories';
import { SHARED_DATA } from './shared-data';

describe('generated ICD category names', () => {
  it('are what the generator makes of the shared data today', () => {
    expect(ICD_CATEGORIES).toEqual(buildCategoryNames(SHARED_DATA));
  });

  it('unfold bracketed synonyms and drop qualified leftovers', () => {
    expect(plainNames('特发性（原发性）高血压').sort()).toEqual(['原发性高血压', '特发性高血压']);
    expect(plainNames('烟酸缺乏[糙皮病]').sort()).toEqual(['烟酸缺乏', '糙皮病'].sort());
    expect(plainNames('其他听觉丧失')).toEqual([]);
    expect(plainNames('肺炎，病原体未特指')).toEqual(['肺炎']);
  });

  it('place a disease word by exact name, allowing for 症/病', () => {
    expect(categoriesNamed('前列腺增生症')).toEqual(['N40']);
    expect(categoriesNamed('糙皮病')).toEqual(['E52']);
    expect(categoriesNamed('增生')).toEqual([]);
  });
});
