import { describe, expect, it } from 'vitest';
import {
  getAt, KIND_FORMS, listFromText, numberFromText, rangesFromText, setAt, textFromList, textFromRanges, type FieldSpec,
} from '../../../components/options/kind-fields';
import { KINDS } from '../../../rules/kinds';
import { diseasesFromText, groupsFromText, pairsFromText, textFromDiseases, textFromGroups, textFromPairs } from '../../../components/options/table-fields';
import { validateRule } from '../../../rules/store/working-set';
import { demoPack } from '../store/support';

/** What a field's control shows for a value, and what it gives back when that text is left as is. */
function roundTrip(field: FieldSpec, value: unknown): unknown {
  switch (field.type) {
    case 'number':
      return numberFromText(value === undefined ? '' : String(value));
    case 'list':
      return listFromText(textFromList(value), field.lines);
    case 'ranges':
      return rangesFromText(textFromRanges(value));
    case 'groups':
      return groupsFromText(textFromGroups(value));
    case 'pairs':
      return pairsFromText(textFromPairs(value));
    case 'diseases':
      return diseasesFromText(textFromDiseases(value));
    default:
      return value;
  }
}

const leafPaths = (value: unknown, prefix: string[] = []): string[][] =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]))
    : [prefix];

describe('kind field descriptions', () => {
  const pack = demoPack();

  it('cover every kind, and a new rule of each kind needs only its numbers or codes filled in', () => {
    expect(Object.keys(KIND_FORMS).sort()).toEqual(KINDS.map((k) => k.kind).sort());
    for (const def of KINDS) {
      const result = validateRule({ id: 'x', kind: def.kind, match: { codes: ['XL02BBA326A001010102180'] }, params: KIND_FORMS[def.kind].newParams() });
      // Whatever is still missing is reported inside params, where the form shows it.
      if (!result.ok) for (const e of result.errors) expect(e.path, `${def.kind}: ${e.path}`).toMatch(/^params(\.|$)/);
    }
  });

  it('show every parameter the importers write, and give it back unchanged', () => {
    for (const rule of pack.rules) {
      const form = KIND_FORMS[rule.kind];
      const params = rule.params as Record<string, unknown>;
      const shown = form.fields.filter((f) => !f.showIf || f.showIf(params));
      for (const path of leafPaths(params)) {
        // Empty default lists (keywords: []) have no leaf to show.
        const field = shown.find((f) => f.path.join('.') === path.join('.'));
        const value = getAt(params, path);
        if (Array.isArray(value) && value.length === 0) continue;
        expect(field, `${rule.id}: params.${path.join('.')} has no field`).toBeDefined();
        if (!field) continue;
        const back = setAt(params, field.path, roundTrip(field, value));
        expect(back, `${rule.id}: params.${path.join('.')}`).toEqual(params);
      }
    }
  });
});

describe('form value conversions', () => {
  it('read numbers, lists and ICD ranges as typed', () => {
    expect(numberFromText(' 14 ')).toBe(14);
    expect(numberFromText('')).toBeUndefined();
    expect(numberFromText('二十')).toBe('二十');
    expect(listFromText('J18\nC34，H91.2、 ')).toEqual(['J18', 'C34', 'H91.2']);
    expect(listFromText(' \n ')).toBeUndefined();
    expect(listFromText('既往对糖皮质激素、免疫球蛋白治疗反应不佳\n重型再障', true)).toEqual(['既往对糖皮质激素、免疫球蛋白治疗反应不佳', '重型再障']);
    expect(rangesFromText('C00-C97\nZ51.0～Z51.1\nC61')).toEqual([
      { from: 'C00', to: 'C97' },
      { from: 'Z51.0', to: 'Z51.1' },
      { from: 'C61', to: '' },
    ]);
    expect(rangesFromText('N70-N98 女性盆腔器官炎性疾病\nC79.6 - C79.6 卵巢继发性恶性肿瘤')).toEqual([
      { from: 'N70', to: 'N98', title: '女性盆腔器官炎性疾病' },
      { from: 'C79.6', to: 'C79.6', title: '卵巢继发性恶性肿瘤' },
    ]);
  });

  it('read 配伍禁忌 families and pairs one per line, and write them back the same', () => {
    const families = [{ name: '乌头', members: ['川乌', '草乌', '附子'] }, { name: '半夏', members: ['半夏'] }];
    expect(groupsFromText('乌头：川乌、草乌，附子\n半夏:半夏')).toEqual(families);
    expect(groupsFromText(textFromGroups(families))).toEqual(families);
    const pairs = [{ a: '乌头', b: '半夏', verse: '半蒌贝蔹及攻乌' }, { a: '甘草', b: '海藻' }];
    expect(pairsFromText('乌头 + 半夏（半蒌贝蔹及攻乌）\n甘草＋海藻')).toEqual(pairs);
    expect(pairsFromText(textFromPairs(pairs))).toEqual(pairs);
    expect(pairsFromText('甘草 海藻')).toEqual([{ a: '甘草 海藻', b: '' }]);
  });

  it('drop an object once its last field is cleared', () => {
    const params = { maxDailyDose: { value: 3, unit: 'g' }, checkDispensed: true };
    const noUnit = setAt(params, ['maxDailyDose', 'unit'], undefined);
    expect(noUnit).toEqual({ maxDailyDose: { value: 3 }, checkDispensed: true });
    expect(setAt(noUnit, ['maxDailyDose', 'value'], undefined)).toEqual({ checkDispensed: true });
    expect(params.maxDailyDose.unit).toBe('g');
  });
});
