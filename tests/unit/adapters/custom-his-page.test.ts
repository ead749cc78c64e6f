// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractOrder } from '../../../adapters/extract';
import { checkProfile } from '../../../adapters/runtime-profiles';
import { compilePack } from '../../../rules/engine/compile';
import { evaluate } from '../../../rules/engine/evaluate';
import { parsePackText } from '../../../rules/pack/load';
import type { Pack } from '../../../rules/pack/schema';
import { demoFile, parsePage, REPO } from './support';

/**
 * demo/emr/custom-his.html read through demo/emr/custom-his.profile.json: the page the runtime
 * profile browser test uses, checked here against the committed demo pack.
 */

const checked = checkProfile(JSON.parse(demoFile('custom-his.profile.json')));
if (!checked.ok) throw new Error(`custom-his.profile.json: ${JSON.stringify(checked.issues)}`);
const profile = checked.profile;
const loaded = parsePackText(readFileSync(path.join(REPO, 'rules/packs/demo-pack.json'), 'utf8'));
const compiled = compilePack((loaded.ok ? loaded.pack : undefined) as Pack);

/** Without its stylesheets, which happy-dom would try (and fail) to fetch. */
const html = demoFile('custom-his.html').replace(/<link rel="stylesheet"[^>]*>/g, '');
function page(): Document {
  return parsePage(html);
}

function setDays(doc: Document, days: string): void {
  doc.querySelector<HTMLInputElement>('tr[data-line="L1"] input[aria-label="疗程"]')!.value = days;
}

describe('the custom HIS demo page', () => {
  it('reads into a complete order with the renamed columns', () => {
    const { order, problems } = extractOrder(page(), profile, { keySalt: 'test' });
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(order).toMatchObject({
      id: 'CF-118204-01',
      patient: { sex: 'F', ageYears: 45 },
      encounter: { date: '2026-11-22', visitType: 'outpatient', insuranceType: 'employee', department: '心血管内科', diagnoses: [{ code: 'I10.x03', primary: true }] },
      prescriber: { id: 'D0387', title: '副主任医师' },
      lines: [{ id: 'L1', code: 'XC09CAA284A001010100553', name: '阿利沙坦酯片', days: 7, quantity: 1, frequency: 'qd' }],
    });
    expect(order!.encounter.institutionLevel).toBeUndefined();
  });

  it('takes the institution level from the deployment only when the page gives none', () => {
    expect(extractOrder(page(), profile, { institutionLevel: 2 }).order!.encounter.institutionLevel).toBe(2);
    const shown = { ...profile, encounter: { ...profile.encounter, institutionLevel: { value: 3 } } };
    expect(extractOrder(page(), shown, { institutionLevel: 2 }).order!.encounter.institutionLevel).toBe(3);
  });

  it('is clean at 7 days and flagged by the outpatient day limit at 10', () => {
    const clean = extractOrder(page(), profile).order!;
    expect(evaluate(compiled, clean).findings.filter((f) => f.lineId === 'L1')).toEqual([]);
    const doc = page();
    setDays(doc, '10');
    const over = extractOrder(doc, profile).order!;
    const findings = evaluate(compiled, over).findings.filter((f) => f.lineId === 'L1');
    expect(findings.map((f) => f.ruleId)).toEqual(['rx-day-limits']);
    // The page's I10.x03 (高血压) lets the doctor extend an antihypertensive with a stated reason.
    expect(findings[0]).toMatchObject({ severity: 'warning' });
    expect(findings[0]!.message).toContain('门诊处方 10 天，超过 7 天');
  });
});
