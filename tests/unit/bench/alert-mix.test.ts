import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OrderSchema } from '../../../contract/order';
import { compilePack, rulesForLine } from '../../../rules/engine/compile';
import { parsePackText } from '../../../rules/pack/load';
import type { Pack } from '../../../rules/pack/schema';
import { DEMO_PACK_PATH } from '../../../scripts/build-demo-pack';
import { allDrugs, drug } from '../../../bench/alert-mix/catalogue';
import { readIcdNames } from '../../../bench/alert-mix/diagnoses';
import { generateMix, MIX_DATE, serializeMix } from '../../../bench/alert-mix/generate';
import { administrations, drugLine } from '../../../bench/alert-mix/lines';
import { MIX_PATH, readMix } from '../../../bench/alert-mix/mix-file';

const icd = readIcdNames();
const committedText = readFileSync(MIX_PATH, 'utf8');
const mix = readMix();
const REGENERATE = 'bench/data/alert-mix.json is stale: run `npm run bench:alert-mix` and commit it';

describe('alert mix (bench/data/alert-mix.json)', () => {
  it('is exactly what the generator makes from its seed', () => {
    expect(serializeMix(generateMix(icd)) === committedText, REGENERATE).toBe(true);
  });

  it('holds ≥ 300 contract orders of one day, 门诊 most, 住院 some with 长期医嘱 lines without days', () => {
    expect(mix.orders.length).toBeGreaterThanOrEqual(300);
    const ids = new Set<string>();
    for (const { order } of mix.orders) {
      const parsed = OrderSchema.parse(order);
      expect(parsed.encounter.date).toBe(MIX_DATE);
      ids.add(parsed.id);
      for (const h of parsed.history ?? []) expect(h.date < MIX_DATE, `${parsed.id} history ${h.date}`).toBe(true);
    }
    expect(ids.size).toBe(mix.orders.length);
    const visits = mix.orders.map((e) => e.order.encounter.visitType);
    const share = (v: string) => visits.filter((x) => x === v).length / visits.length;
    expect(share('outpatient')).toBeGreaterThan(0.6);
    expect(share('inpatient')).toBeGreaterThan(0.05);
    const standing = mix.orders.flatMap((e) => (e.order.encounter.visitType === 'inpatient' ? e.order.lines : [])).filter((l) => l.kind === 'drug' && l.days === undefined);
    expect(standing.length).toBeGreaterThan(20);
  });

  it('plants one known violation in 5–10% of the orders, on a line the order has', () => {
    const planted = mix.orders.filter((e) => e.planted);
    const share = planted.length / mix.orders.length;
    expect(share).toBeGreaterThanOrEqual(0.05);
    expect(share).toBeLessThanOrEqual(0.1);
    for (const { order, planted: p } of planted) expect(order.lines.map((l) => l.id), order.id).toContain(p!.lineId);
    expect(new Set(planted.map((e) => e.planted!.kind)).size).toBeGreaterThanOrEqual(8);
  });

  it('uses real ICD-10 医保版 2.0 diagnoses with their official names', () => {
    for (const { order } of mix.orders) {
      for (const dx of order.encounter.diagnoses ?? []) expect(dx.name, `${order.id} ${dx.code}`).toBe(icd.get(dx.code));
    }
  });
});

describe('alert-mix catalogue and lines', () => {
  const loaded = parsePackText(readFileSync(DEMO_PACK_PATH, 'utf8'));
  const compiled = compilePack((loaded.ok ? loaded.pack : undefined) as Pack);

  it('made-up codes name drugs the demo pack has no rule of their own for (only 处方 and drug-class rules apply)', () => {
    const illustrative = allDrugs().filter((d) => d.illustrative);
    expect(illustrative.length).toBeGreaterThan(5);
    for (const d of illustrative) {
      expect(d.code, d.name).toMatch(/^X[A-Z]\d{2}[A-Z]{2}[A-Z]9\d{2}[A-Z]\d{3}010100000$/);
      // A class rule (质子泵抑制剂重复使用, prefix XA02BC) is keyed on the ATC class, not on the drug:
      // the drug must not be matched by its own code or by a prefix longer than a class, whatever
      // else the rule matches (an interaction pair names one drug and a class of the other).
      const ownRules = rulesForLine(compiled, d.code, 'drug').filter(
        (r) => (r.rule.match.codes ?? []).includes(d.code) || (r.rule.match.prefixes ?? []).some((p) => p.length > 6 && d.code.startsWith(p)),
      );
      expect(ownRules.map((r) => r.rule.id), d.name).toEqual([]);
    }
    // Two different medicines never share the 通用名 segment the duplicate-ingredient rule keys on.
    const segments = illustrative.map((d) => d.code.slice(0, 10));
    expect(new Set(segments).size).toBe(segments.length);
  });

  it('fills quantity as dose × administrations over the days, in whole packages', () => {
    expect(administrations('qd', 28)).toBe(28);
    expect(administrations('qod', 7)).toBe(4);
    expect(administrations('tiw', 28)).toBe(12);
    expect(administrations('q72h', 15)).toBe(5);
    expect(administrations('st', 1)).toBe(1);
    expect(drugLine('1', drug('阿利沙坦酯片'), { days: 28 })).toMatchObject({ quantity: 4, unit: '盒', days: 28 });
    // 0.2 g of 0.1 g capsules is exactly two per dose: 42 capsules are two boxes of 24.
    expect(drugLine('1', drug('丁苯酞软胶囊'), { days: 7 })).toMatchObject({ quantity: 2, unit: '盒' });
    expect(drugLine('1', drug('葛根素注射液'), { days: 7 })).toMatchObject({ quantity: 28, unit: '支' });
    expect(drugLine('1', drug('罗沙司他胶囊'), { days: 28 })).toMatchObject({ quantity: 8, unit: '盒' });
  });

  it('leaves an inpatient 长期医嘱 without days or quantity', () => {
    const line = drugLine('1', drug('注射用奥扎格雷钠'));
    expect(line).toMatchObject({ dose: 80, doseUnit: 'mg', frequency: 'bid' });
    expect(line.days).toBeUndefined();
    expect(line.quantity).toBeUndefined();
  });
});
