import { describe, expect, it } from 'vitest';
import { buildPack, type PackMeta } from '../../../rules/import/build-pack';
import { diffPacks } from '../../../rules/pack/diff';
import type { Pack } from '../../../rules/pack/schema';
import { check, makeOrder } from '../../support/builders';
import { sharedFile } from './xlsx-fixture';
import { plainCsvObjects } from './plain-reading';

/**
 * An official update publication: a later `published_at`, no batch number, the same layout. It
 * replaces the knowledge points it names whole — here three points of 第十二批 药品限适应症: one
 * loses a code, one gains a code, one has its restriction rewritten.
 */

const BASE = '【第十二批】药品限适应症.csv';
const META: PackMeta = { id: 'update-test', version: '2026.9.1', publisher: { name: '测试' }, sourceFor: (f) => ({ title: f }) };

const base = plainCsvObjects(sharedFile(BASE));
const row = (name: string) => {
  const found = base.find((r) => r.item_name === name);
  if (!found) throw new Error(`${name} is not in ${BASE}`);
  return found;
};
const APREPITANT = row('阿瑞匹坦注射液');
const EXENATIDE = row('艾塞那肽注射液');
const ILAPRAZOLE = row('艾普拉唑肠溶片');
const REMOVED = APREPITANT.med_codes!.split(';').at(-1)!;
/** A new package of the same drug (same 12-character prefix, new 规格 digits and maker). */
const ADDED = `${EXENATIDE.med_codes!.split(';')[0]!.slice(0, 17)}030109999`;

const csvLine = (fields: readonly string[]) => fields.map((f) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
const HEADER = ['batch', 'published_at', 'rule_class', 'gz_code', 'item_name', 'constraint', 'detect_logic', 'med_codes', 'attachment_file', 'row'];
const LOGIC = '使用药品的疾病诊断不符合限定支付适应症';

function updateFile(published = '2026-09-01'): { name: string; bytes: Uint8Array } {
  const lines = [
    HEADER,
    ['', published, '药品限适应症', 'GZ10000101008000', '阿瑞匹坦注射液', '限放化疗。', LOGIC, APREPITANT.med_codes!.split(';').filter((c) => c !== REMOVED).join(';'), '2026年第1次更新.xlsx', '1'],
    ['', published, '药品限适应症', 'GZ10000101008000', '艾塞那肽注射液', '限2型糖尿病。', LOGIC, `${EXENATIDE.med_codes};${ADDED}`, '2026年第1次更新.xlsx', '2'],
    ['', published, '药品限适应症', 'GZ10000101008000', '艾普拉唑肠溶片', '限十二指肠溃疡。', LOGIC, ILAPRAZOLE.med_codes!, '2026年第1次更新.xlsx', '3'],
  ];
  return { name: '药品限适应症（2026年第1次更新）.csv', bytes: new TextEncoder().encode(`${lines.map(csvLine).join('\n')}\n`) };
}

const baseFile = () => ({ name: BASE, bytes: sharedFile(BASE) });
const pack = (files: { name: string; bytes: Uint8Array }[]) => buildPack(files, META);

const order = (code: string, name: string, diagnosis: { code: string; name: string }) =>
  makeOrder({
    encounter: { date: '2026-11-22', visitType: 'outpatient', diagnoses: [{ ...diagnosis, primary: true }] },
    lines: [{ id: '1', code, name, kind: 'drug', quantity: 1 }],
  });
const kindsFor = (p: Pack, o: ReturnType<typeof order>) => check(p, o).findings.filter((f) => f.kind !== 'data').map((f) => `${f.kind}:${f.ruleId}`);

describe('an update publication after its base', () => {
  const before = pack([baseFile()]);
  const after = pack([baseFile(), updateFile()]);

  it('is ordinary input: no batch number, read by its rule_class and date', () => {
    const report = after.report.files.find((f) => f.file.includes('更新'))!;
    expect(report.error).toBeUndefined();
    expect(report.notUnderstood).toEqual([]);
    expect(report.classes).toEqual([{ seq: 8, ruleClass: '药品限适应症', kind: 'indication', points: 3, rules: 3, replaced: 0, notUnderstood: 0 }]);
    const baseReport = after.report.files.find((f) => f.file === BASE)!;
    expect(baseReport.replaced?.map((r) => r.name).sort()).toEqual(['艾塞那肽注射液', '艾普拉唑肠溶片', '阿瑞匹坦注射液'].sort());
    expect(baseReport.classes?.[0]).toMatchObject({ seq: 8, points: 57, replaced: 3 });
  });

  it('the removed code is no longer restricted by the point', () => {
    const o = order(REMOVED, '阿瑞匹坦注射液', { code: 'I10.x00x002', name: '高血压' });
    expect(kindsFor(before.pack, o)).toEqual(['indication:nhsa-r8-indication-阿瑞匹坦注射液']);
    expect(kindsFor(after.pack, o)).toEqual([]);
    // The codes the update kept are still restricted.
    const kept = order(APREPITANT.med_codes!.split(';')[0]!, '阿瑞匹坦注射液', { code: 'I10.x00x002', name: '高血压' });
    expect(kindsFor(after.pack, kept)).toEqual(['indication:nhsa-r8-indication-阿瑞匹坦注射液']);
  });

  it('the added code is restricted', () => {
    const o = order(ADDED, '艾塞那肽注射液', { code: 'E10.900', name: '1型糖尿病' });
    expect(kindsFor(before.pack, o)).toEqual([]);
    expect(kindsFor(after.pack, o)).toEqual(['indication:nhsa-r8-indication-艾塞那肽注射液']);
  });

  it('the rewritten point follows the new text: its 二线 and 反流性食管炎 are gone', () => {
    const code = ILAPRAZOLE.med_codes!.split(';')[0]!;
    const reflux = order(code, '艾普拉唑肠溶片', { code: 'K21.0', name: '胃食管反流病伴有食管炎' });
    expect(kindsFor(before.pack, reflux)).toEqual(['second-line:nhsa-r8-second-line-艾普拉唑肠溶片']);
    expect(kindsFor(after.pack, reflux)).toEqual(['indication:nhsa-r8-indication-艾普拉唑肠溶片']);
    const rule = after.pack.rules.find((r) => r.id === 'nhsa-r8-indication-艾普拉唑肠溶片')!;
    expect(rule).toMatchObject({ text: '限十二指肠溃疡。', effective: { from: '2026-09-01' }, source: { publishedAt: '2026-09-01', ruleClass: '药品限适应症' } });
    expect(rule.source?.batch).toBeUndefined();
  });

  it('publication date decides, not the order the files are given in', () => {
    const reversed = pack([updateFile(), baseFile()]);
    expect(reversed.pack.rules).toEqual(after.pack.rules);
    // Dated before the base, the "update" is the older publication and the base wins.
    const older = pack([baseFile(), updateFile('2026-01-10')]);
    expect(older.pack.rules.find((r) => r.id === 'nhsa-r8-indication-艾普拉唑肠溶片')!.text).toBe(ILAPRAZOLE.constraint);
  });

  it('pack diff shows exactly the three points', () => {
    const diff = diffPacks(before.pack, after.pack);
    expect(diff.added).toEqual([]);
    expect(diff.removed.map((r) => r.id)).toEqual(['nhsa-r8-second-line-艾普拉唑肠溶片']);
    const changed = Object.fromEntries(diff.changed.map((c) => [c.id, c.fields.map((f) => f.path)]));
    expect(Object.keys(changed).sort()).toEqual(
      ['nhsa-r8-indication-阿瑞匹坦注射液', 'nhsa-r8-indication-艾塞那肽注射液', 'nhsa-r8-indication-艾普拉唑肠溶片'].sort(),
    );
    expect(changed['nhsa-r8-indication-阿瑞匹坦注射液']).toContain('match.codes');
    expect(changed['nhsa-r8-indication-艾塞那肽注射液']).toContain('match.codes');
    expect(changed['nhsa-r8-indication-艾普拉唑肠溶片']).toContain('text');
  });
});
