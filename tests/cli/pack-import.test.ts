import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateVersion } from '../../cli/pack-import';
import { CheckResultSchema } from '../../contract/findings';
import { ImportReportSchema } from '../../rules/import/report';
import { parsePackText } from '../../rules/pack/load';
import type { Pack } from '../../rules/pack/schema';
import { run, SHARED_DATA, tempDir, TWO_LIBS, type Run } from './pack-run';

const dir = tempDir('preflight-pack-import-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => path.join(dir, name);

// Two real batches: an xlsx workbook (第三批 限定保险类型, 12 drugs) and a batch CSV (第九批 限二线使用).
const INSURANCE_XLSX = path.join(TWO_LIBS, '【第三批】药品规则库（限定保险类型）.xlsx');
const SECOND_LINE_CSV = path.join(TWO_LIBS, '【第九批】药品限二线使用.csv');

function packAt(file: string): Pack {
  const loaded = parsePackText(readFileSync(file, 'utf8'));
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return loaded.pack;
}

describe('preflight pack import', () => {
  let imported: Run;
  beforeAll(async () => {
    imported = await run([
      'pack', 'import', INSURANCE_XLSX, SECOND_LINE_CSV,
      '-o', at('hospital.json'), '--report', at('hospital.report.json'),
      '--id', 'hospital-pack', '--version', '2026.12.1', '--publisher', '某市人民医院医保办',
    ]);
  });

  it('builds a valid pack from real batch files, with the given id, version and publisher', () => {
    expect(imported.code, imported.stderr).toBe(0);
    const pack = packAt(at('hospital.json'));
    expect(pack).toMatchObject({ id: 'hospital-pack', version: '2026.12.1', publisher: { name: '某市人民医院医保办' } });
    expect(pack.sources.map((s) => s.id)).toEqual(['【第三批】药品规则库（限定保险类型）.xlsx', '【第九批】药品限二线使用.csv', 'prescription-rules', 'herbal-prescription', 'icd-sex-age', 'icd9-operations', 'icd10-chs-codes', 'herb-incompatibility']);
    // Imported rules cite their batch; the 处方管理办法 and fixed-knowledge rules have none.
    expect(new Set(pack.rules.map((r) => r.source?.batch ?? '(none)'))).toEqual(new Set(['第三批', '第九批', '(none)']));
    // 益母草注射液 is 限生育保险 in the 第三批 workbook.
    const motherwort = pack.rules.find((r) => r.kind === 'insurance-type' && r.name === '益母草注射液');
    expect(motherwort).toMatchObject({ params: { allowed: ['maternity'] }, match: { codes: expect.arrayContaining(['ZD01BAY0323010102065']) } });
    expect(pack.rules.filter((r) => r.kind === 'insurance-type')).toHaveLength(12);
    expect(pack.rules.filter((r) => r.kind === 'second-line').length).toBeGreaterThan(0);
    expect(pack.rules.map((r) => r.id)).toEqual(
      expect.arrayContaining(['rx-day-limits', 'rx-duplicate-ingredient', 'rx-duplicate-class-ppi', 'rx-drug-count', 'rx-herb-oversize', 'icd-sex-female', 'icd-age-pregnancy', 'tcm-eighteen-incompatible']),
    );
  });

  it('writes the import report and prints a summary per file', () => {
    const report = ImportReportSchema.parse(JSON.parse(readFileSync(at('hospital.report.json'), 'utf8')));
    expect(report.files.map((f) => [f.file, f.importer])).toEqual([
      [path.basename(INSURANCE_XLSX), 'nhsa-batch-xlsx'],
      [path.basename(SECOND_LINE_CSV), 'nhsa-batch-csv'],
    ]);
    expect(report.pack?.rules).toBe(packAt(at('hospital.json')).rules.length);
    expect(imported.stdout).toContain(`${path.basename(INSURANCE_XLSX)}: 12 rows, 12 rules (insurance-type 12)`);
    expect(imported.stdout).toContain(`pack hospital-pack 2026.12.1: ${report.pack?.rules} rules`);
    expect(imported.stdout).toContain(`→ ${at('hospital.json')}`);
  });

  it('makes a pack that preflight check uses: 益母草注射液 for a resident is not paid', async () => {
    const order = {
      id: 'rx-import',
      patient: { key: 'p-1', sex: 'F', ageYears: 30 },
      encounter: { date: '2026-12-02', visitType: 'inpatient', insuranceType: 'resident' },
      lines: [{ id: '1', code: 'ZD01BAY0323010102065', name: '益母草注射液', kind: 'drug', quantity: 2, price: 12.5 }],
    };
    writeFileSync(at('order.json'), JSON.stringify(order));
    const r = await run(['check', at('order.json'), '--pack', at('hospital.json')]);
    expect(r.code, r.stderr).toBe(0);
    const result = CheckResultSchema.parse(JSON.parse(r.stdout));
    expect(result).toMatchObject({ packVersion: '2026.12.1' });
    expect(result.findings.filter((f) => f.kind === 'insurance-type').map((f) => f.lineId)).toEqual(['1']);
  });

  it('defaults the id to local-pack and the version to today', async () => {
    const r = await run(['pack', 'import', INSURANCE_XLSX, '-o', at('default.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(packAt(at('default.json'))).toMatchObject({ id: 'local-pack', version: dateVersion(new Date()), publisher: { name: '本院医保办' } });
    expect(r.stdout).toContain('add --report <file>');
  });

  it('writes nothing, and leaves an earlier pack alone, when a file is missing, unreadable or not a rule file', async () => {
    writeFileSync(at('existing.json'), 'earlier pack');
    writeFileSync(at('broken.xlsx'), 'not a workbook');
    const cases: [string[], string][] = [
      [[INSURANCE_XLSX, at('missing.xlsx')], 'cannot read'],
      [[INSURANCE_XLSX, at('broken.xlsx')], 'broken.xlsx: '],
      [[path.join(SHARED_DATA, 'order-frequency.csv'), SECOND_LINE_CSV], 'order-frequency.csv: 无法识别的文件'],
      [[INSURANCE_XLSX, '--version', 'v2'], '--version v2'],
      [[INSURANCE_XLSX, '--id', ' '], '--id must not be empty'],
    ];
    const before = readdirSync(dir).sort();
    const results = await Promise.all(cases.map(([args]) => run(['pack', 'import', ...args, '-o', at('existing.json'), '--report', at('existing.report.json')])));
    results.forEach((r, i) => {
      expect(r.code, cases[i]![0].join(' ')).toBe(2);
      expect(r.stderr).toContain(cases[i]![1]);
    });
    expect(readFileSync(at('existing.json'), 'utf8')).toBe('earlier pack');
    expect(readdirSync(dir).sort()).toEqual(before); // no report, no temporary files left behind
  });
});
