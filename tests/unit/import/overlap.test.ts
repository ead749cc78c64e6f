import { describe, expect, it } from 'vitest';
import { CodeIndex } from '../../../rules/import/code-index';
import { removeOverlaps } from '../../../rules/import/overlap';
import type { RuleInput } from '../../../rules/import/rule-collector';
import { PackReportSchema } from '../../../rules/import/report';
import { seededRandom } from '../../../bench/prng';

const BATCH_BASIS = '国家医保局两库 第一批 药品区分性别使用';
const CATALOGUE_BASIS = '医保药品目录 限定支付范围（结构化整理）';
// 阿帕他胺片: 两库 第一批 lists its codes; the catalogue keys the drug by the first 12 characters.
const CODE_A = 'XL02BBA326A001010102180';
const CODE_B = 'XL02BBA326A001010178537';
const KEY = CODE_A.slice(0, 12);

/** A rule's kind and params, and any other field to set; the schema checks them where it matters. */
type Over = { kind: RuleInput['kind']; params: unknown; [field: string]: unknown };
const batchRule = (over: Over): RuleInput =>
  ({ id: `nhsa-b1-${over.kind}-阿帕他胺片`, basis: BATCH_BASIS, match: { codes: [CODE_A, CODE_B] }, source: { batch: '第一批' }, ...over }) as RuleInput;
const catalogueRule = (over: Over): RuleInput => ({ id: `cat-${over.kind}-阿帕他胺片`, basis: CATALOGUE_BASIS, match: { prefixes: [KEY] }, ...over }) as RuleInput;
const local = (id: string, match: RuleInput['match'], params: RuleInput['params'] = { allowed: 'M' }): RuleInput =>
  ({ id, kind: 'sex', basis: '', match, params }) as RuleInput;

describe('CodeIndex', () => {
  it('finds stored prefixes a text starts with, at every stored length', () => {
    const index = new CodeIndex<string>();
    index.addPrefix('XL02BBA326A0', 'twelve');
    index.addPrefix('XL02BB', 'six');
    index.addPrefix('ZA06', 'other');
    expect(index.prefixesOf(CODE_A, true).map((h) => h.value).sort()).toEqual(['six', 'twelve']);
    // A prefix is not "shorter than itself" unless asked for.
    expect(index.prefixesOf('XL02BBA326A0', false).map((h) => h.value)).toEqual(['six']);
    expect(index.prefixesOf('XL02B', true)).toEqual([]);
  });

  it('finds codes under a prefix whether they were stored before or after the length was first asked for', () => {
    const index = new CodeIndex<string>();
    index.addCode(CODE_A, 'before');
    expect(index.codesStartingWith(KEY).map((h) => h.value)).toEqual(['before']);
    index.addCode(CODE_B, 'after');
    index.addCode('XL02BBA999A0010', 'elsewhere');
    expect(index.codesStartingWith(KEY).map((h) => h.value)).toEqual(['before', 'after']);
    // A length asked for later is filled in from every code stored so far, in insertion order.
    expect(index.codesStartingWith('XL02BBA').map((h) => h.value)).toEqual(['before', 'after', 'elsewhere']);
    // A code equal to the text counts as starting with it; a longer text matches nothing shorter.
    expect(index.codesStartingWith(CODE_A).map((h) => h.value)).toEqual(['before']);
    expect(index.codesStartingWith(`${CODE_A}9`)).toEqual([]);
  });

  it('finds stored prefixes under a shorter text', () => {
    const index = new CodeIndex<string>();
    index.addPrefix(KEY, 'key');
    expect(index.prefixesStartingWith('XL02BB').map((h) => h.value)).toEqual(['key']);
    expect(index.prefixesStartingWith(KEY).map((h) => h.value)).toEqual(['key']);
    expect(index.prefixesStartingWith('ZA')).toEqual([]);
  });
});

/** The scan removeOverlaps used before the index: the reference its answers must equal. */
function linearReference(rules: readonly RuleInput[]) {
  const buckets = new Map<string, { codes: Map<string, string>; prefixes: Map<string, string> }>();
  const out: RuleInput[] = [];
  const overlaps: { ruleId: string; keptIn: string; dropped: string[] }[] = [];
  const dropped: string[] = [];
  for (const rule of rules) {
    const key = JSON.stringify(rule.params);
    const covered = buckets.get(key) ?? { codes: new Map<string, string>(), prefixes: new Map<string, string>() };
    buckets.set(key, covered);
    const byCode = (code: string) => covered.codes.get(code) ?? [...covered.prefixes].find(([p]) => code.startsWith(p))?.[1];
    const byPrefix = (prefix: string) =>
      covered.prefixes.get(prefix) ?? [...covered.prefixes].find(([p]) => prefix.startsWith(p))?.[1] ?? [...covered.codes].find(([c]) => c.startsWith(prefix))?.[1];
    const removed = new Map<string, string[]>();
    const keep = (list: readonly string[], by: (x: string) => string | undefined) =>
      list.filter((x) => {
        const id = by(x);
        if (id) removed.set(id, [...(removed.get(id) ?? []), x]);
        return !id;
      });
    const codes = keep(rule.match.codes ?? [], byCode);
    const prefixes = keep(rule.match.prefixes ?? [], byPrefix);
    for (const [keptIn, what] of removed) overlaps.push({ ruleId: rule.id, keptIn, dropped: what });
    if (codes.length + prefixes.length === 0) {
      dropped.push(rule.id);
      continue;
    }
    codes.forEach((c) => covered.codes.set(c, rule.id));
    prefixes.forEach((p) => covered.prefixes.set(p, rule.id));
    out.push({ ...rule, match: { ...(codes.length ? { codes } : {}), ...(prefixes.length ? { prefixes } : {}) } });
  }
  return { rules: out, overlaps, dropped };
}

describe('removeOverlaps keeps the scan’s answers', () => {
  it('on random rules over a small alphabet (codes, prefixes of several lengths, two params)', () => {
    const random = seededRandom(9);
    const text = (length: number) => Array.from({ length }, () => random.pick(['A', 'B', 'C'])).join('');
    for (let round = 0; round < 40; round++) {
      const rules: RuleInput[] = Array.from({ length: 30 }, (_, i) => {
        const codes = Array.from({ length: random.int(0, 3) }, () => text(6));
        const prefixes = Array.from({ length: random.int(codes.length ? 0 : 1, 2) }, () => text(random.int(1, 5)));
        return local(`local-${round}-${i}`, { ...(codes.length ? { codes } : {}), ...(prefixes.length ? { prefixes } : {}) }, { allowed: random.pick(['M', 'F']) });
      });
      const ours = removeOverlaps(rules);
      expect(ours.rules).toEqual(linearReference(rules).rules);
      expect(ours.overlaps).toEqual(linearReference(rules).overlaps);
      expect(ours.dropped).toEqual(linearReference(rules).dropped);
      expect(ours.contradictions).toEqual([]);
    }
  });

  it('names the earliest rule when prefixes of two lengths cover a code', () => {
    const rules = [local('local-long', { prefixes: [KEY] }), local('local-short', { prefixes: ['XL02'] }), local('local-code', { codes: [CODE_A] })];
    expect(removeOverlaps(rules).overlaps).toEqual([{ ruleId: 'local-code', keptIn: 'local-long', dropped: [CODE_A] }]);
  });

  it('leaves a shorter prefix after a longer one alone: it covers more than the earlier rule', () => {
    const rules = [local('local-long', { prefixes: [KEY] }), local('local-short', { prefixes: ['XL02'] })];
    expect(removeOverlaps(rules).rules.map((r) => r.match)).toEqual([{ prefixes: [KEY] }, { prefixes: ['XL02'] }]);
  });
});

describe('one finding per problem: the kept rule carries every 依据', () => {
  const sexM = { kind: 'sex', params: { allowed: 'M' } } as const;

  it.each([
    ['batch first', (b: RuleInput, c: RuleInput) => [b, c]],
    ['catalogue first', (b: RuleInput, c: RuleInput) => [c, b]],
  ])('the batch rule keeps the codes and names the catalogue too (%s)', (_, order) => {
    const result = removeOverlaps(order(batchRule(sexM), catalogueRule(sexM)));
    expect(result.rules).toEqual([{ ...batchRule(sexM), alsoBasis: [CATALOGUE_BASIS] }]);
    expect(result.dropped).toEqual(['cat-sex-阿帕他胺片']);
    expect(result.overlaps).toEqual([{ ruleId: 'cat-sex-阿帕他胺片', keptIn: 'nhsa-b1-sex-阿帕他胺片', dropped: [KEY] }]);
    expect(result.contradictions).toEqual([]);
  });

  it('reads params that differ only in their label or an empty list as the same restriction', () => {
    const batch = batchRule({ kind: 'age', params: { group: 'child', label: '儿童' } });
    const catalogue = catalogueRule({ kind: 'age', params: { group: 'child', label: '小儿' } });
    const indicationA = batchRule({ id: 'nhsa-b12-indication-x', kind: 'indication', params: { keywords: ['前列腺癌'], conditions: [], label: '前列腺癌' } });
    const indicationB = catalogueRule({ id: 'cat-indication-x', kind: 'indication', params: { keywords: ['前列腺癌'] } });
    const result = removeOverlaps([batch, catalogue, indicationA, indicationB]);
    expect(result.dropped).toEqual(['cat-age-阿帕他胺片', 'cat-indication-x']);
    expect(result.rules.map((r) => r.alsoBasis)).toEqual([[CATALOGUE_BASIS], [CATALOGUE_BASIS]]);
  });

  it('does not repeat a basis the kept rule already has', () => {
    const first = { ...batchRule(sexM), id: 'nhsa-b1-sex-a' };
    const second = { ...batchRule(sexM), id: 'nhsa-b1-sex-b' };
    const result = removeOverlaps([first, second]);
    expect(result.rules).toEqual([first]);
    expect(result.rules[0]).not.toHaveProperty('alsoBasis');
  });

  it('keeps the rules of a catalogue-only drug as they are', () => {
    const other = catalogueRule({ ...sexM, id: 'cat-sex-other', match: { prefixes: ['ZA06CAX04380'] } });
    expect(removeOverlaps([batchRule(sexM), other]).rules[1]).toBe(other);
  });
});

describe('the catalogue never contradicts an official batch', () => {
  it.each([
    ['sex', { allowed: 'F' }, { allowed: 'M' }],
    ['age', { group: 'child', label: '儿童' }, { group: 'range', maxYears: 12 }],
    ['course', { maxDays: 14 }, { maxDays: 20 }],
  ] as const)('%s: the batch wins whichever file came first, and the report says so', (kind, batchParams, catalogueParams) => {
    const batch = batchRule({ kind, params: batchParams });
    const catalogue = catalogueRule({ kind, params: catalogueParams });
    for (const rules of [[batch, catalogue], [catalogue, batch]]) {
      const result = removeOverlaps(rules);
      expect(result.rules).toEqual([batch]);
      expect(result.dropped).toEqual([catalogue.id]);
      expect(result.overlaps).toEqual([]);
      expect(result.contradictions).toEqual([
        {
          catalogueRuleId: catalogue.id,
          batchRuleId: batch.id,
          kind,
          catalogueParams: expect.any(String),
          batchParams: expect.any(String),
          codes: [KEY],
        },
      ]);
      expect(PackReportSchema.shape.contradictions.parse(result.contradictions)).toEqual(result.contradictions);
    }
    const [entry] = removeOverlaps([batch, catalogue]).contradictions;
    expect(JSON.parse(entry!.batchParams)).toMatchObject(Object.fromEntries(Object.entries(batchParams).filter(([k]) => k !== 'label')));
  });

  it('keeps the catalogue prefixes the batch does not cover', () => {
    const batch = batchRule({ kind: 'sex', params: { allowed: 'F' } });
    const catalogue = catalogueRule({ kind: 'sex', params: { allowed: 'M' }, match: { prefixes: [KEY, 'ZD01AAF02090'] } });
    const result = removeOverlaps([catalogue, batch]);
    expect(result.rules).toEqual([{ ...catalogue, match: { prefixes: ['ZD01AAF02090'] } }, batch]);
    expect(result.contradictions.map((c) => c.codes)).toEqual([[KEY]]);
  });

  it('a 互联网 exclusion and a 限住院 rule are two limits, not a contradiction', () => {
    const internet = batchRule({ kind: 'visit-type', params: { forbidInternet: true } });
    const inpatient = catalogueRule({ kind: 'visit-type', params: { allowed: ['inpatient'] } });
    const result = removeOverlaps([inpatient, internet]);
    expect(result.rules).toEqual([inpatient, internet]);
    expect(result.contradictions).toEqual([]);
  });

  it('local rules are the hospital’s own: they may differ from a batch', () => {
    const batch = batchRule({ kind: 'sex', params: { allowed: 'F' } });
    const mine = local('local-sex-x', { prefixes: [KEY] }, { allowed: 'M' });
    expect(removeOverlaps([batch, mine]).rules).toEqual([batch, mine]);
  });
});
