// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractOrder } from '../../../adapters/extract';
import { probeWriteBack } from '../../../adapters/write-back';
import { compilePack } from '../../../rules/engine/compile';
import { evaluate } from '../../../rules/engine/evaluate';
import { parsePackText } from '../../../rules/pack/load';
import type { Pack } from '../../../rules/pack/schema';
import { demoFile, loadProfile, parsePage, REPO } from './support';

/**
 * demo/emr/legacy-his.html through the built-in demo-legacy profile: one cell for 性别/年龄, one
 * line for every diagnosis, a grid that edits on click. The profile needs no workaround.
 */

const profile = loadProfile('demo-legacy');
const loaded = parsePackText(readFileSync(path.join(REPO, 'rules/packs/demo-pack.json'), 'utf8'));
const compiled = compilePack((loaded.ok ? loaded.pack : undefined) as Pack);
const html = demoFile('legacy-his.html').replace(/<link rel="stylesheet"[^>]*>/g, '');
const page = () => parsePage(html);
const findingsOf = (doc: Document) => evaluate(compiled, extractOrder(doc, profile, { today: '2026-11-22' }).order!).findings;

describe('the legacy HIS demo page', () => {
  it('reads a complete order without problems', () => {
    const { order, problems } = extractOrder(page(), profile, { keySalt: 'test' });
    expect(problems).toEqual([]);
    expect(order).toMatchObject({
      id: 'CF20261122-0457',
      patient: { sex: 'M', ageYears: 58 },
      encounter: {
        date: '2026-11-22',
        visitType: 'outpatient',
        insuranceType: 'employee',
        department: '泌尿外科',
        diagnoses: [
          { code: 'C61.x00', name: '前列腺癌', primary: true },
          { code: 'I10.x00x002', name: '高血压', primary: false },
        ],
      },
    });
    expect(order!.lines.map((l) => [l.id, l.name, l.days, l.quantity, l.frequency])).toEqual([
      ['101', '阿利沙坦酯片', 7, 1, 'qd'],
      ['102', '阿帕他胺片', 7, 1, 'qd'],
      ['103', '他达拉非片', 14, 1, 'qd'],
    ]);
    expect(order!.unread).toBeUndefined();
  });

  it('raises no indication warning on drugs the diagnosis codes cover, and none on sex for a man', () => {
    const findings = findingsOf(page());
    expect(findings.filter((f) => f.severity !== 'info').map((f) => [f.lineId, f.ruleId])).toEqual([['103', 'rx-day-limits']]);
    expect(findings.some((f) => f.kind === 'sex' || (f.kind === 'data' && f.message.includes('性别')))).toBe(false);
  });

  it('would raise them if the codes or the sex were not read', () => {
    const noCodes = page();
    noCodes.getElementById('dxLine')!.textContent = '诊断：前列腺癌；高血压';
    expect(findingsOf(noCodes).filter((f) => f.kind === 'data' && f.message.includes('诊断')).length).toBeGreaterThan(0);
    const woman = page();
    woman.getElementById('sexAge')!.textContent = '性别/年龄：女 / 58岁';
    expect(findingsOf(woman)).toContainEqual(expect.objectContaining({ lineId: '102', kind: 'sex', severity: 'critical' }));
  });

  it('offers the day fix on cells that open an editor on click', () => {
    const doc = page();
    expect(probeWriteBack(doc.getElementById('101')!, 'days', profile)).toMatchObject({ ok: true, mode: 'editor' });
    const fix = findingsOf(doc).find((f) => f.lineId === '103' && f.ruleId === 'rx-day-limits')!;
    expect(fix.actions).toContainEqual({ type: 'set-days', value: 7, label: '改为 7 天' });
  });
});
