import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OrderSchema, type Order } from '../../../contract/order';
import { compilePack } from '../../../rules/engine/compile';
import { evaluate } from '../../../rules/engine/evaluate';
import { EngineSession } from '../../../rules/engine/session';
import { parsePackText } from '../../../rules/pack/load';

const ROOT = path.resolve(__dirname, '../../..');
const loaded = parsePackText(readFileSync(path.join(ROOT, 'rules/packs/demo-pack.json'), 'utf8'));
if (!loaded.ok) throw new Error('demo pack does not load');
const compiled = compilePack(loaded.pack);

// 他达拉非片 (限男性, 两库 第一批) and 前列腺增生 N40.x00 (male-only ICD category) for a patient entered as a woman.
const TADALAFIL = { id: '1', kind: 'drug', code: 'XG04BET001A001010100299', name: '他达拉非片', spec: '5mg*28片', dose: 5, doseUnit: 'mg', frequency: 'qd', days: 7, quantity: 1, unit: '盒', price: 126 };
const order = (lines: unknown[]): Order =>
  OrderSchema.parse({
    id: 'sex-question',
    patient: { key: 'p-1', sex: 'F', birthDate: '1956-04-12' },
    encounter: { visitType: 'outpatient', date: '2026-11-22', insuranceType: 'employee', diagnoses: [{ code: 'N40.x00', name: '前列腺增生', primary: true }] },
    lines,
  });

const interrupting = (o: Order) => evaluate(compiled, o).findings.filter((f) => f.severity === 'critical' && !f.passive).map((f) => f.kind);

describe('one question about the recorded sex', () => {
  it('a male-only drug and a male-only diagnosis on a woman: the drug line asks, the diagnosis is listed without stopping the submission again', () => {
    const findings = evaluate(compiled, order([TADALAFIL])).findings;
    expect(findings.map((f) => f.kind)).toEqual(expect.arrayContaining(['sex', 'diagnosis-sex']));
    expect(interrupting(order([TADALAFIL]))).toEqual(['sex']);
    const dx = findings.find((f) => f.kind === 'diagnosis-sex')!;
    expect(dx).toMatchObject({ severity: 'critical', passive: true });
    expect(dx.message).toContain('N40.x00 前列腺增生');
  });

  it('the diagnosis alone still stops the submission', () => {
    const item = { id: '1', kind: 'item', code: '002503020030000', name: '糖化血红蛋白测定', quantity: 1, unit: '次', price: 60 };
    expect(interrupting(order([item]))).toEqual(['diagnosis-sex']);
  });

  it('an incremental session answers the same, edit after edit', () => {
    const session = new EngineSession(compiled);
    for (const o of [order([TADALAFIL]), order([{ ...TADALAFIL, days: 8 }]), order([TADALAFIL])]) {
      const strip = (findings: ReturnType<typeof evaluate>['findings']) => JSON.stringify(findings);
      expect(strip(session.evaluate(o).findings)).toEqual(strip(evaluate(compiled, o).findings));
    }
  });
});
