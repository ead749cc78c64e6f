import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePackText } from '../../../rules/pack/load';
import { compilePack } from '../../../rules/engine/compile';
import { evaluate } from '../../../rules/engine/evaluate';
import type { Pack } from '../../../rules/pack/schema';
import { ImportReportSchema } from '../../../rules/import/report';
import { serializePack, serializeReport } from '../../../rules/import/build-pack';
import { buildDemoPack, DEMO_PACK_ID, DEMO_PACK_VERSION, DEMO_PUBLISHER } from '../../../rules/import/demo-pack';
import { DEMO_LIST_FILES, DEMO_PACK_PATH, DEMO_REPORT_PATH, readDemoInputs } from '../../../scripts/build-demo-pack';
import { makeOrder } from '../../support/builders';
import { SHARED } from '../import/xlsx-fixture';

const committedText = readFileSync(DEMO_PACK_PATH, 'utf8');
const loaded = parsePackText(committedText);
const committed = (loaded.ok ? loaded.pack : undefined) as Pack;
const regenerated = buildDemoPack(readDemoInputs(SHARED));
const compiled = compilePack(committed);
const REGENERATE = 'the committed demo pack is stale: run `npm run pack:demo` and commit rules/packs/';

const kindCounts = (pack: Pack) => {
  const counts: Record<string, number> = {};
  for (const r of pack.rules) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  return counts;
};
const findingsOf = (parts: Parameters<typeof makeOrder>[0], ruleId?: string) => {
  const { findings } = evaluate(compiled, makeOrder(parts));
  return ruleId ? findings.filter((f) => f.ruleId === ruleId) : findings;
};

describe('committed demo pack (rules/packs/demo-pack.json)', () => {
  it('validates, names itself and stays small', () => {
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
    expect(committed).toMatchObject({ id: DEMO_PACK_ID, version: DEMO_PACK_VERSION, publisher: { name: DEMO_PUBLISHER } });
    expect(committed.publishedAt).toBeUndefined();
    expect(committedText.length).toBeLessThan(5 * 1024 * 1024);
    expect(committed.rules.length).toBeGreaterThan(2000);
    expect(compiled.ruleCount).toBe(committed.rules.filter((r) => r.enabled).length);
  });

  it('is exactly what the generator makes from ../shared now', () => {
    expect(regenerated.pack.rules.map((r) => r.id), REGENERATE).toEqual(committed.rules.map((r) => r.id));
    expect(kindCounts(regenerated.pack), REGENERATE).toEqual(kindCounts(committed));
    expect(serializePack(regenerated.pack) === committedText, REGENERATE).toBe(true);
    expect(serializeReport(regenerated.report) === readFileSync(DEMO_REPORT_PATH, 'utf8'), REGENERATE).toBe(true);
  });

  it('lists every input file as a source with its provenance note', () => {
    const inputs = readDemoInputs(SHARED).map((f) => f.name.split('/').pop());
    // 19 files of ../shared, then the example lists of rules/import/templates.
    expect(inputs).toHaveLength(19 + DEMO_LIST_FILES.length);
    expect(inputs.slice(19)).toEqual([...DEMO_LIST_FILES]);
    const sources = new Map(committed.sources.map((s) => [s.id, s]));
    for (const name of inputs) {
      expect(sources.get(name!)?.note, name).toMatch(/jdzwq\/MediModel|rachelzzz1921\/yingyan|rules\/import\/templates\/.+-example\.csv/);
    }
    expect(sources.get('drug-restrictions-structured.csv')?.note).toContain('b.2.01-生成药品限制规则.sql');
    // The hospital's 医用耗材 lists are the repository's examples: said so, with how the codes were made.
    for (const name of ['consumable-items-example.csv', 'consumable-limits-example.csv']) {
      expect(sources.get(name)).toMatchObject({ title: expect.stringContaining('本院医用耗材清单（示例）'), note: expect.stringContaining('27-character format') });
    }
    expect(sources.has('prescription-rules')).toBe(true);
  });

  it('accounts for every row of every input in the report', () => {
    const report = ImportReportSchema.parse(JSON.parse(readFileSync(DEMO_REPORT_PATH, 'utf8')));
    expect(report.files).toHaveLength(19 + DEMO_LIST_FILES.length);
    for (const file of report.files) {
      expect(file.error, file.file).toBeUndefined();
      const rowsNotUsed = new Set(file.notUnderstood.map((n) => n.row)).size;
      expect(file.rowsUsed + rowsNotUsed, file.file).toBeGreaterThanOrEqual(file.rowsRead);
    }
    expect(report.pack?.rules).toBe(committed.rules.length);
  });

  it('carries the example 医用耗材 lists’ rules', () => {
    const byId = new Map(committed.rules.map((r) => [r.id, r]));
    expect(byId.get('local-consumable-quantity-C14010300201010000001000456')).toMatchObject({ kind: 'consumable-quantity', params: { max: 1, unit: '支', per: 'day' } });
    expect(byId.get('local-consumable-item-C14010100101010000001000123')).toMatchObject({ kind: 'consumable-item', params: { items: ['001204000060000', '001204000070000'] } });
    expect(byId.get('local-duplicate-charge-001201000130000-C15010100501010000001000111')).toMatchObject({ kind: 'duplicate-charge', params: { mode: 'pair' } });
  });

  it('carries the 处方管理办法 rules', () => {
    const byId = new Map(committed.rules.map((r) => [r.id, r]));
    expect(byId.get('rx-day-limits')).toMatchObject({ kind: 'quantity', match: { lineKinds: ['drug'] }, params: { dayLimits: true, checkDispensed: true } });
    expect(byId.get('rx-duplicate-ingredient')).toMatchObject({ kind: 'duplicate-drug', params: { by: 'ingredient' } });
    expect(byId.get('rx-duplicate-class-ppi')).toMatchObject({ kind: 'duplicate-drug', params: { by: 'class', classes: ['A02BC'], classLabel: '质子泵抑制剂' } });
  });
});

describe('demo pack on real orders', () => {
  it('阿帕他胺片 for a woman: one sex finding, from the 两库 batch, naming the catalogue too (its copy was folded in)', () => {
    const line = { id: '1', code: 'XL02BBA326A001010102180', name: '阿帕他胺片', quantity: 1, price: 1200 };
    const sex = findingsOf({ patient: { sex: 'F' }, lines: [line] }).filter((f) => f.kind === 'sex');
    const bases = ['国家医保局两库 第一批 药品区分性别使用', '医保药品目录 限定支付范围（结构化整理）'];
    expect(sex).toMatchObject([{ ruleId: 'nhsa-r67-sex-阿帕他胺片', basis: bases.join('；'), bases }]);
    expect(findingsOf({ patient: { sex: 'M' }, lines: [line] }).filter((f) => f.kind === 'sex')).toEqual([]);
  });

  it('two proton pump inhibitors, and the same one twice', () => {
    const ilaprazole = { id: '1', code: 'XA02BCA084A012010100453', name: '艾普拉唑肠溶片', quantity: 1 };
    const omeprazole = { id: '2', code: 'XA02BCA348X006010104145', name: '奥美拉唑碳酸氢钠干混悬剂(Ⅰ)', quantity: 1 };
    expect(findingsOf({ lines: [ilaprazole, omeprazole] }, 'rx-duplicate-class-ppi')).toMatchObject([{ lineId: '2', kind: 'duplicate-drug' }]);
    expect(findingsOf({ lines: [ilaprazole, omeprazole] }, 'rx-duplicate-ingredient')).toEqual([]);
    const again = { ...omeprazole, id: '3', code: 'XA02BCA348X006010104193' };
    expect(findingsOf({ lines: [omeprazole, again] }, 'rx-duplicate-ingredient')).toMatchObject([{ lineId: '3' }]);
  });

  it('丁香 alone is a sole-use 饮片; 芬太尼 in an internet visit is not paid', () => {
    expect(findingsOf({ lines: [{ id: '1', code: 'T000700200', name: '丁香', quantity: 6 }] }, 'nhsa-r4-self-pay-sole-use')).toHaveLength(1);
    const fentanyl = { id: '1', code: 'XN02ABF027V002010101389', name: '芬太尼透皮贴剂', quantity: 1 };
    expect(findingsOf({ encounter: { internet: true }, lines: [fentanyl] }, 'nhsa-r47-visit-type-芬太尼透皮贴剂')).toHaveLength(1);
    expect(findingsOf({ lines: [fentanyl] }, 'nhsa-r47-visit-type-芬太尼透皮贴剂')).toEqual([]);
  });

  it('every rule runs on a line of its own first code without an engine error', () => {
    const failures: string[] = [];
    for (const rule of committed.rules) {
      const code = rule.match.codes?.[0] ?? (rule.match.prefixes?.[0] ? `${rule.match.prefixes[0]}001010100001` : undefined);
      if (!code) continue;
      const kind = /^\d{15}$/.test(code) ? ('item' as const) : ('drug' as const);
      const { findings } = evaluate(compiled, makeOrder({ lines: [{ id: '1', code, name: rule.name ?? code, kind, quantity: 1, days: 3 }] }));
      for (const f of findings) if (f.message.includes('执行出错')) failures.push(`${rule.id}: ${f.detail}`);
    }
    expect(failures).toEqual([]);
  });
});
