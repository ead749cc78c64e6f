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
 * demo/emr/herbal.html through the built-in demo-herbal profile: a 饮片 prescription whose rows
 * give 剂量 (g in one 剂), the prescription's 付数 and 总量, read against the demo pack.
 */

const profile = loadProfile('demo-herbal');
const loaded = parsePackText(readFileSync(path.join(REPO, 'rules/packs/demo-pack.json'), 'utf8'));
const compiled = compilePack((loaded.ok ? loaded.pack : undefined) as Pack);
const html = demoFile('herbal.html').replace(/<link rel="stylesheet"[^>]*>/g, '');
const page = () => parsePage(html);
const findingsOf = (doc: Document) => evaluate(compiled, extractOrder(doc, profile, { today: '2026-11-22' }).order!).findings;

/** Sets the 付数 of every row, as the page does when one is changed. */
function setPackets(doc: Document, packets: number): void {
  for (const row of Array.from(doc.querySelectorAll('#herbGrid tr.jqgrow'))) {
    (row.querySelector('input.packets') as HTMLInputElement).value = String(packets);
    const dose = Number((row.querySelector('input.dose') as HTMLInputElement).value);
    row.querySelector('td.c-total')!.textContent = String(dose * packets);
  }
}

describe('the herbal prescription demo page', () => {
  it('reads a complete order without problems: 剂量 per 剂, 付数 as days, 总量 in g', () => {
    const { order, problems } = extractOrder(page(), profile, { keySalt: 'test' });
    expect(problems).toEqual([]);
    expect(order).toMatchObject({
      id: 'ZY202611220112-01',
      patient: { sex: 'F', ageYears: 62 },
      encounter: { visitType: 'outpatient', department: '中医科', diagnoses: [{ code: 'M17.900x004', name: '单侧膝关节骨性关节病', primary: true }] },
    });
    expect(order!.lines).toHaveLength(10);
    expect(order!.lines[0]).toMatchObject({ id: '1', code: 'T000700930', name: '制川乌', kind: 'drug', dose: 3, doseUnit: 'g', days: 7, quantity: 21, unit: 'g', price: 0.12 });
    for (const line of order!.lines) expect(line.quantity).toBe(line.dose! * line.days!);
    expect(order!.unread).toBeUndefined();
  });

  it('flags only the 十八反 pair, on the later 味 (法半夏 against 制川乌)', () => {
    const findings = findingsOf(page());
    expect(findings.map((f) => [f.kind, f.lineId, f.severity])).toEqual([['herb-incompatibility', '10', 'warning']]);
    expect(findings[0]!.message).toContain('法半夏 与 制川乌 同方，属十八反配伍禁忌（半蒌贝蔹及攻乌）');
  });

  it('is clean without 法半夏, and 超大处方 at 14 付 (one finding, not one per 味)', () => {
    const doc = page();
    doc.getElementById('10')!.remove();
    expect(findingsOf(doc)).toEqual([]);
    setPackets(doc, 14);
    const findings = findingsOf(doc);
    expect(findings.map((f) => [f.kind, f.lineId])).toEqual([['herb-oversize', '1']]);
    expect(findings[0]!.message).toContain('开 14 付（门诊上限 7 付）');
    expect(findings[0]!.actions).toContainEqual({ type: 'set-days', value: 7, label: '改为 7 付' });
  });

  it('can write the 付数 fix into the row, where the page sets it on every row', () => {
    expect(probeWriteBack(page().getElementById('1')!, 'days', profile)).toMatchObject({ ok: true });
  });
});
