import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { RuleStoreDb } from '../../../rules/store/db';
import { startRuleStore } from '../../../rules/store/start';
import { countRules, listBatches, RuleSummaries, searchRules } from '../../../rules/store/search';
import { removeLocalRule, saveRule, setRuleEnabled } from '../../../rules/store/working-set';
import { initialsVariants } from '../../../rules/store/initials';
import { DEMO_PACK_TEXT, demoPack } from './support';

// The whole demo pack once for the file: searching 2,600 rules is the point.
const db = new RuleStoreDb(`rules-search-${crypto.randomUUID()}`);
const pack = demoPack();
let summaries: RuleSummaries;

beforeAll(async () => {
  await startRuleStore(db, DEMO_PACK_TEXT);
  // A local rule for 丙硫氧嘧啶 (not in the demo pack), written by the 医保办. National 西药 codes
  // carry the ATC class after the X: H03BA is 硫脲嘧啶类 (丙硫氧嘧啶 is H03BA02).
  const saved = await saveRule(
    db,
    { id: 'local-age-丙硫氧嘧啶', kind: 'age', name: '丙硫氧嘧啶片', match: { prefixes: ['XH03BA'] }, params: { group: 'adult' } },
    { mode: 'create' },
  );
  if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
  summaries = await RuleSummaries.load(db);
  return async () => {
    await db.delete();
  };
}, 60_000);

const ids = async (text: string, extra: Parameters<typeof searchRules>[2] = {}) =>
  (await searchRules(db, summaries, { text, pageSize: 1000, ...extra })).records.map((r) => r.id);

describe('pinyin initials', () => {
  it('are the first letters of each character, with letters and digits kept and specs dropped', () => {
    expect(initialsVariants('丙硫氧嘧啶')).toEqual(['blymd']);
    expect(initialsVariants('儿童清肺口服液')).toEqual(['etqfkfy']);
    expect(initialsVariants('维生素B6片')).toEqual(['wssb6p']);
    expect(initialsVariants('阿莫西林胶囊（0.25g）')).toContain('amxljn');
  });

  it('include the other reading of a polyphone', () => {
    // 重 is zhòng or chóng; 重组 is read chóng zǔ.
    expect(initialsVariants('重组人干扰素')).toEqual(expect.arrayContaining(['czrgrs', 'zzrgrs']));
  });
});

describe('searching the working set', () => {
  it('finds a rule by pinyin initials, at the start or inside the name', async () => {
    expect(await ids('blymd')).toEqual(['local-age-丙硫氧嘧啶']);
    // 贝利尤单抗 (blydk) starts the same way; case does not matter.
    expect(await ids('BLY')).toEqual(['cat-indication-贝利尤单抗', 'local-age-丙硫氧嘧啶']);
    const inside = await ids('qfkfy');
    expect(inside).toContain('nhsa-r65-age-儿童清肺口服液');
    for (const id of inside) {
      const name = pack.rules.find((r) => r.id === id)?.name ?? '';
      expect(initialsVariants(name).some((v) => v.includes('qfkfy'))).toBe(true);
    }
  });

  it('finds rules by code prefix, and catalogue rules by a full code', async () => {
    const apalutamide = 'XL02BBA326A001010102180';
    // The 两库 rule lists the full code; the catalogue rule is keyed by its first 12 characters.
    expect(await ids(apalutamide)).toEqual(expect.arrayContaining(['nhsa-r67-sex-阿帕他胺片', 'cat-indication-阿帕他胺片']));
    expect(await ids('xl02bba326a0')).toEqual(expect.arrayContaining(['nhsa-r67-sex-阿帕他胺片', 'cat-indication-阿帕他胺片']));
    const expected = pack.rules
      .filter((r) => [...(r.match.codes ?? []), ...(r.match.prefixes ?? [])].some((c) => c.startsWith('XN07XXD130')))
      .map((r) => r.id);
    expect(expected.length).toBeGreaterThan(0);
    expect((await ids('XN07XXD130')).sort()).toEqual(expected.sort());
  });

  it('finds rules by a substring of the name or id', async () => {
    const expected = pack.rules.filter((r) => (r.name ?? '').includes('丁苯酞') || r.id.includes('丁苯酞')).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(1);
    expect((await ids('丁苯酞')).sort()).toEqual(expected.sort());
    expect(await ids('rx-day-limits')).toEqual(['rx-day-limits']);
    expect(await ids('没有这个药')).toEqual([]);
  });

  it('filters by kind, batch, enabled and severity', async () => {
    const sexFirstBatch = pack.rules.filter((r) => r.kind === 'sex' && r.source?.batch === '第一批');
    const page = await searchRules(db, summaries, { kind: 'sex', batch: '第一批', pageSize: 10_000 });
    expect(page.total).toBe(sexFirstBatch.length);
    expect(page.records.map((r) => r.id)).toEqual(sexFirstBatch.map((r) => r.id));

    await setRuleEnabled(db, 'nhsa-r67-sex-阿帕他胺片', false);
    await summaries.refresh();
    expect(await ids('阿帕他胺', { enabled: false })).toEqual(['nhsa-r67-sex-阿帕他胺片']);
    expect(await ids('阿帕他胺', { enabled: true })).toEqual(['cat-indication-阿帕他胺片']);
    expect(await ids('阿帕他胺', { severity: 'critical' })).toEqual(['nhsa-r67-sex-阿帕他胺片']);
    await setRuleEnabled(db, 'nhsa-r67-sex-阿帕他胺片', true);
    await summaries.refresh();
    expect(await ids('阿帕他胺', { enabled: false })).toEqual([]);
  });

  it('pages through all rules in pack order', async () => {
    const { total } = await countRules(db);
    expect(total).toBe(pack.rules.length + 1);
    const first = await searchRules(db, summaries, { pageSize: 50 });
    expect(first.pageCount).toBe(Math.ceil(total / 50));
    expect(first.records.map((r) => r.id)).toEqual(pack.rules.slice(0, 50).map((r) => r.id));
    const last = await searchRules(db, summaries, { pageSize: 50, page: 999 });
    expect(last.page).toBe(first.pageCount - 1);
    expect(last.records.at(-1)!.id).toBe('local-age-丙硫氧嘧啶');
  });

  it('keep up with writes: new, edited and removed rules', async () => {
    const local = { id: 'local-sex-前列腺液', kind: 'sex', name: '前列腺液常规检查（本院）', match: { codes: ['002501040130000'] }, params: { allowed: 'M' } };
    expect((await saveRule(db, local, { mode: 'create' })).ok).toBe(true);
    expect(await ids('qlxy')).not.toContain('local-sex-前列腺液');
    await summaries.refresh();
    expect(await ids('qlxy')).toContain('local-sex-前列腺液');
    expect(summaries.get('local-sex-前列腺液')).toMatchObject({ kind: 'sex', enabled: true, codeCount: 1, origin: 'local' });
    await saveRule(db, { ...local, severity: 'critical' }, { mode: 'update' });
    await summaries.refresh();
    expect(summaries.get('local-sex-前列腺液')!.severity).toBe('critical');
    expect(await removeLocalRule(db, 'local-sex-前列腺液')).toBe(true);
    await summaries.refresh();
    expect(summaries.get('local-sex-前列腺液')).toBeUndefined();
    expect(summaries.all()).toHaveLength(pack.rules.length + 1);
  });

  it('lists batches in publication order', async () => {
    const batches = await listBatches(db);
    expect(batches.slice(0, 4)).toEqual(['第一批', '第二批', '第三批', '第七批']);
    expect(batches.indexOf('第八批-1')).toBeLessThan(batches.indexOf('第八批-2'));
    expect(batches.at(-1)).toBe('');
  });
});
