import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PackDiff } from '../../rules/pack/diff';
import { run, tempDir, TWO_LIBS } from './pack-run';

/**
 * `preflight pack import` with a batch and a later update publication of it (no batch number, a
 * later published_at): the update's points replace the batch's, and `pack diff` says which.
 */

const dir = tempDir('preflight-pack-update-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => path.join(dir, name);
const BASE = path.join(TWO_LIBS, '【第十批】超互联网医院药品支付范围.csv');

function baseRow(name: string): string[] {
  const line = readFileSync(BASE, 'utf8').split(/\r?\n/).find((l) => l.split(',')[4] === name);
  if (!line) throw new Error(`${name} not in the 第十批 file`);
  return line.split(',');
}

describe('pack import: an update file after its base', () => {
  it('replaces the points it names; a refused file fails the command', async () => {
    const fentanyl = baseRow('芬太尼透皮贴剂');
    const codes = fentanyl[7]!.split(';');
    const [dropped, ...kept] = codes;
    writeFileSync(
      at('update.csv'),
      'batch,published_at,rule_class,gz_code,item_name,constraint,detect_logic,med_codes,attachment_file,row\n' +
        `,2026-10-15,超互联网医院药品支付范围,,芬太尼透皮贴剂,${fentanyl[5]},${fentanyl[6]},${kept.join(';')},更新.xlsx,1\n`,
    );
    const [baseOnly, both] = await Promise.all([
      run(['pack', 'import', BASE, '-o', at('base.json'), '--version', '2026.10.1']),
      run(['pack', 'import', at('update.csv'), BASE, '-o', at('both.json'), '--version', '2026.10.2', '--report', at('report.json')]),
    ]);
    expect(baseOnly.code, baseOnly.stderr).toBe(0);
    expect(both.code, both.stderr).toBe(0);
    expect(both.stdout).toContain('1 replaced by a later publication');
    expect(both.stdout).toMatch(/第47条 超互联网医院药品支付范围 → visit-type: 22 points, 21 rules, 1 replaced, 0 not understood/);

    const diff = await run(['pack', 'diff', '--json', at('base.json'), at('both.json')]);
    expect(diff.code, diff.stderr).toBe(0);
    const d = JSON.parse(diff.stdout) as PackDiff;
    expect(d.changed.map((c) => c.id)).toEqual(['nhsa-r47-visit-type-芬太尼透皮贴剂']);
    expect(d.changed[0]!.fields).toContainEqual(expect.objectContaining({ path: 'match.codes', type: 'set', removed: [dropped] }));

    // A file of the layout whose every row is refused is not "imported": exit 2, nothing written.
    writeFileSync(
      at('unknown-class.csv'),
      'batch,published_at,rule_class,gz_code,item_name,constraint,detect_logic,med_codes,attachment_file,row\n' +
        `,2026-10-15,药品限星座使用,,芬太尼透皮贴剂,限白羊座,,${kept.join(';')},x.xlsx,1\n`,
    );
    const refused = await run(['pack', 'import', BASE, at('unknown-class.csv'), '-o', at('refused.json')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('unknown-class.csv: 无法导入');
    expect(refused.stderr).toContain('不在国家规则库');
  });
});
