import { describe, expect, it } from 'vitest';
import { FindingSchema, type Finding } from '../../../contract/findings';
import type { OrderInput } from '../../../contract/order';
import type { PackInput } from '../../../rules/pack/schema';
import { compilePack } from '../../../rules/engine/compile';
import { evaluate } from '../../../rules/engine/evaluate';
import { buildPackImage, compilePackImage } from '../../../rules/engine/image';
import { check, makeOrder, makePack } from '../../support/builders';

type LineInput = OrderInput['lines'][number];
type EncounterInput = Partial<OrderInput['encounter']>;

/**
 * 处方管理办法 as written: which limit applies to a line, what unlocks more, and how sure the
 * finding can be. The rule is `critical` as the demo pack has it: a limit the order's own facts
 * decide stays critical, a limit a stated reason can lift becomes a warning that asks for it.
 */
const lawRule = { id: 'rx-day-limits', kind: 'quantity', severity: 'critical', basis: '处方管理办法（卫生部令第53号）第十九条', match: { lineKinds: ['drug'] }, params: { dayLimits: true } };

// Allisartan, oxycodone and fentanyl codes are real (two-libs batches); the morphine, estazolam and
// levofloxacin codes are illustrative: only their ATC part (characters 2–6) matters here.
const line = (code: string, name: string, days: number, extra: Partial<LineInput> = {}): LineInput => ({
  id: '1', code, name, kind: 'drug', days, quantity: 1, unit: '盒', price: 60, ...extra,
});
const ALLISARTAN = (days: number) => line('XC09CAA284A001010100553', '阿利沙坦酯片', days);
const OXYCODONE_SR = (days: number) => line('XN02AAQ033A010010100978', '盐酸羟考酮缓释片', days);
const FENTANYL_PATCH = (days: number) => line('XN02ABF027V002010101389', '芬太尼透皮贴剂', days, { route: '外用' });
const MORPHINE_INJ = (days: number) => line('XN02AAM000B002010100000', '盐酸吗啡注射液', days, { route: '皮下注射' });
const ESTAZOLAM = (days: number) => line('XN05CDA000A001010100000', '艾司唑仑片', days);
const LEVOFLOXACIN = (days: number) => line('XJ01MAL000A001010100000', '左氧氟沙星片', days);

const HYPERTENSION = { code: 'I10.x03', name: '高血压1级' };
const LUNG_CANCER = { code: 'C34.900', name: '肺恶性肿瘤' };
const KNEE_OA = { code: 'M17.000', name: '原发性双侧膝关节病' };
const ANXIETY = { code: 'F41.100', name: '广泛性焦虑障碍' };

function run(l: LineInput, encounter: EncounterInput = {}): Finding[] {
  const pack = makePack([lawRule] as PackInput['rules']);
  const { findings } = check(pack, makeOrder({ encounter: { visitType: 'outpatient', ...encounter }, lines: [l] }));
  for (const f of findings) FindingSchema.parse(f);
  return findings;
}

describe('处方管理办法 第十九条 with the facts that extend it', () => {
  it('a chronic diagnosis the drug treats turns 超7天 into a warning asking for the stated reason', () => {
    const [f, ...rest] = run(ALLISARTAN(14), { diagnoses: [HYPERTENSION] });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'warning', kind: 'quantity' });
    expect(f!.message).toContain('高血压1级属慢性病');
    expect(f!.actions.map((a) => a.type)).toEqual(['set-days', 'confirm', 'mark-self-pay']);
    expect(f!.actions[0]).toMatchObject({ value: 7 });
  });

  it('without a chronic diagnosis the same refill is not paid beyond 7 days, and says what would allow more', () => {
    const [f] = run(ALLISARTAN(14), { diagnoses: [KNEE_OA] });
    expect(f).toMatchObject({ severity: 'critical' });
    expect(f!.message).toContain('超出 7 天医保不予支付');
    expect(f!.message).toContain('录入该诊断后可注明理由延长');
  });

  it('beyond the chronic allowance it is critical again, with 改为 30 天', () => {
    const [f] = run(ALLISARTAN(45), { diagnoses: [HYPERTENSION] });
    expect(f).toMatchObject({ severity: 'critical' });
    expect(f!.actions[0]).toMatchObject({ type: 'set-days', value: 30 });
  });

  it('an antibiotic cannot be a 长期处方 even with a chronic diagnosis on the order', () => {
    const [f] = run(LEVOFLOXACIN(14), { longTermPrescription: true, diagnoses: [HYPERTENSION] });
    expect(f).toMatchObject({ severity: 'critical' });
    expect(f!.message).toContain('抗菌药物不得开具长期处方');
  });
});

describe('麻醉药品 and 精神药品 (第二十一至二十三条)', () => {
  it('控缓释 narcotic: 7 days without a pain diagnosis, 15 days for cancer pain', () => {
    expect(run(OXYCODONE_SR(7), { diagnoses: [KNEE_OA] })).toEqual([]);
    const [f] = run(OXYCODONE_SR(8), { diagnoses: [KNEE_OA] });
    expect(f).toMatchObject({ severity: 'critical', basis: '处方管理办法（卫生部令第53号）第二十一条' });
    expect(f!.message).toContain('麻醉药品控缓释制剂');
    expect(f!.message).toContain('可至 15 天');
    expect(run(OXYCODONE_SR(15), { diagnoses: [LUNG_CANCER] })).toEqual([]);
    const [g] = run(OXYCODONE_SR(16), { diagnoses: [LUNG_CANCER] });
    expect(g).toMatchObject({ severity: 'critical', basis: '处方管理办法（卫生部令第53号）第二十三条' });
  });

  it('a fentanyl patch counts as 控缓释: 15 days of cancer pain pass', () => {
    expect(run(FENTANYL_PATCH(15), { diagnoses: [{ code: 'C79.500x001', name: '骨继发恶性肿瘤' }] })).toEqual([]);
    expect(run(FENTANYL_PATCH(15), { diagnoses: [{ code: 'R52.100', name: '慢性顽固性疼痛' }] })).toEqual([]);
    expect(run(FENTANYL_PATCH(8), { diagnoses: [KNEE_OA] })).toHaveLength(1);
  });

  it('a narcotic injection is one usual dose outside cancer pain, 3 days with it', () => {
    expect(run(MORPHINE_INJ(2), { diagnoses: [KNEE_OA] })[0]?.message).toContain('麻醉药品注射剂');
    expect(run(MORPHINE_INJ(3), { diagnoses: [LUNG_CANCER] })).toEqual([]);
    expect(run(MORPHINE_INJ(4), { diagnoses: [LUNG_CANCER] })).toHaveLength(1);
  });

  it('第二类精神药品: 7 days, extendable with a reason for its chronic condition, never a 长期处方', () => {
    expect(run(ESTAZOLAM(7))).toEqual([]);
    const [f] = run(ESTAZOLAM(8));
    expect(f!.message).toContain('第二类精神药品');
    expect(f).toMatchObject({ severity: 'critical', basis: '处方管理办法（卫生部令第53号）第二十二条' });
    const [g] = run(ESTAZOLAM(14), { diagnoses: [ANXIETY] });
    expect(g).toMatchObject({ severity: 'warning' });
    const [h] = run(ESTAZOLAM(60), { diagnoses: [ANXIETY], longTermPrescription: true });
    expect(h).toMatchObject({ severity: 'critical' });
  });

  it('a visit registered under a 门诊慢特病 病种 allows the 慢特病 days for that 病种’s drugs, as a certified condition does', () => {
    const registered = { chronicDiseases: [{ code: 'M03900', name: '高血压病' }], diagnoses: [HYPERTENSION] };
    // Without the 病种 a 高血压 diagnosis only lets the doctor extend with a stated reason (a warning).
    expect(run(ALLISARTAN(14), { diagnoses: [HYPERTENSION] })[0]).toMatchObject({ severity: 'warning' });
    expect(run(ALLISARTAN(14), registered)).toEqual([]);
    expect(run(ALLISARTAN(30), registered)).toEqual([]);
    const [over] = run(ALLISARTAN(31), registered);
    expect(over!.message).toContain('门诊慢特病处方');
    expect(over!.actions[0]).toMatchObject({ type: 'set-days', value: 30 });
    // A 高血压病 registration says nothing of an antibiotic: the 7 days stand.
    expect(run(LEVOFLOXACIN(8), registered)[0]!.message).toContain('门诊处方');
    // A 病种 given by code alone, in a pack without a 病种用药范围 table to name it, names no
    // condition: nothing is raised on a guess.
    expect(run(ALLISARTAN(14), { chronicDiseases: [{ code: 'M03900' }] })[0]).toMatchObject({ severity: 'critical' });
  });

  it('a 病种 given by code alone is named from the pack’s 病种用药范围 table, compiled or from a stored image', () => {
    const scopeRule = {
      id: 'chronic-drugs', kind: 'chronic-drug', severity: 'critical', basis: '门诊慢特病病种用药范围（本统筹区）', match: { lineKinds: ['drug'] },
      params: { diseases: [{ code: 'M03900', name: '高血压病', prefixes: ['XC09'] }, { code: 'M01600', name: '糖尿病', prefixes: ['XA10'] }] },
    };
    const pack = makePack([lawRule, scopeRule] as PackInput['rules']);
    const order = (days: number, code: string) => makeOrder({ encounter: { visitType: 'outpatient', chronicDiseases: [{ code }] }, lines: [ALLISARTAN(days)] });
    const image = compilePackImage(buildPackImage(pack, 'test'));
    for (const compiled of [compilePack(pack), image]) {
      // 'm03900 ' as a page may write it: codes are compared folded.
      expect(evaluate(compiled, order(14, 'm03900 ')).findings).toEqual([]);
      expect(evaluate(compiled, order(31, 'M03900')).findings[0]!.message).toContain('门诊慢特病处方');
      // 糖尿病 (M01600) is a 病种 too, but 阿利沙坦酯 is no 糖尿病 drug: the 门诊 7 days stand, and
      // it is outside that 病种's 用药范围 as well.
      const other = evaluate(compiled, order(14, 'M01600')).findings;
      expect(other.map((f) => f.ruleId).sort()).toEqual(['chronic-drugs', 'rx-day-limits']);
      // A code the table does not know still names nothing.
      expect(evaluate(compiled, order(14, 'M99999')).findings.map((f) => f.ruleId)).toEqual(['rx-day-limits']);
    }
  });
});
