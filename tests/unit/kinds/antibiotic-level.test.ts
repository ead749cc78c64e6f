import { describe, expect, it } from 'vitest';
import { check, makeOrder, makePack, type OrderParts } from '../../support/builders';
import { buildPackImage, compilePackImage } from '../../../rules/engine/image';
import { evaluate } from '../../../rules/engine/evaluate';
import { validatePack } from '../../../rules/pack/load';
import type { PackInput } from '../../../rules/pack/schema';
import type { PrescriberPrivilege } from '../../../rules/pack/prescribers';

/**
 * 抗菌药物分级使用管理: the antibiotic's grade against the prescriber's 抗菌药物处方权, from the page
 * or from the pack's privilege list; 特殊使用级 never in 门诊 (抗菌药物临床应用管理办法).
 */

const BASIS = '抗菌药物临床应用管理办法；本院抗菌药物分级管理目录';
// Real 12-character catalogue keys (../shared/data/drug-restrictions-structured.csv).
const MOXIFLOXACIN = 'XJ01MAM122B0';
const MEROPENEM = 'XJ01DHM046B0';
const rules: PackInput['rules'] = [
  { id: 'abx-moxi', kind: 'antibiotic-level', name: '莫西沙星', severity: 'critical', basis: BASIS, match: { prefixes: [MOXIFLOXACIN] }, params: { level: 'restricted' } },
  { id: 'abx-mero', kind: 'antibiotic-level', name: '美罗培南', severity: 'critical', basis: BASIS, match: { prefixes: [MEROPENEM] }, params: { level: 'special' } },
];
const ROSTER: PrescriberPrivilege[] = [
  { id: '1031', nhsaCode: 'D110105002001', name: '李明', antibioticLevel: 'unrestricted' },
  { id: '2048', antibioticLevel: 'special' },
  { id: 'N77', narcoticPrivilege: true },
];
const pack = makePack(rules, { settings: { prescribers: ROSTER } as never });

const moxi = { id: '1', code: `${MOXIFLOXACIN}01010100001`, name: '盐酸莫西沙星氯化钠注射液', kind: 'drug' as const, price: 60, quantity: 1 };
const mero = { id: '2', code: `${MEROPENEM}01010100001`, name: '注射用美罗培南', kind: 'drug' as const };
const findingsOf = (parts: OrderParts) => {
  const order = makeOrder({ lines: [moxi], ...parts });
  // makeOrder gives every order a prescriber; `prescriber: undefined` means the page showed none.
  if ('prescriber' in parts && parts.prescriber === undefined) delete order.prescriber;
  if (parts.unread) order.unread = parts.unread;
  return check(pack, order).findings;
};

describe('antibiotic-level (抗菌药物分级管理)', () => {
  it('flags an antibiotic above the privilege the page shows, with the fix, as not payable', () => {
    const findings = findingsOf({ prescriber: { id: '9', antibioticLevel: 'unrestricted' }, encounter: { visitType: 'inpatient' } });
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({ kind: 'antibiotic-level', lineId: '1', severity: 'critical', ruleId: 'abx-moxi', basis: BASIS, amountAtRisk: 60 });
    expect(f.message).toBe(
      '盐酸莫西沙星氯化钠注射液 为限制使用级抗菌药物，开单医生（工号 9）仅有非限制使用级处方权，属越级使用，医保不予支付：' +
        '请由具有限制使用级处方权的医师开具，或改用非限制使用级抗菌药物',
    );
    expect(f.actions.map((a) => a.type)).toEqual(['confirm', 'remove-line']);
  });

  it('lets a doctor prescribe at and below the granted level', () => {
    for (const antibioticLevel of ['restricted', 'special'] as const) {
      expect(findingsOf({ prescriber: { id: '9', antibioticLevel }, encounter: { visitType: 'inpatient' } })).toEqual([]);
    }
    expect(findingsOf({ prescriber: { id: '9', antibioticLevel: 'special' }, lines: [mero], encounter: { visitType: 'inpatient' } })).toEqual([]);
  });

  it('names a doctor without any privilege and offers no other antibiotic to switch to', () => {
    const [f] = findingsOf({ prescriber: { id: '9', antibioticLevel: 'none' } });
    expect(f!.message).toContain('开单医生（工号 9）无抗菌药物处方权');
    expect(f!.message).not.toContain('改用');
  });

  it('refuses 特殊使用级 in 门诊 whatever the privilege, and only in 门诊', () => {
    const outpatient = findingsOf({ prescriber: { id: '9', antibioticLevel: 'special' }, lines: [mero] });
    expect(outpatient).toMatchObject([{ kind: 'antibiotic-level', lineId: '2', severity: 'critical', ruleId: 'abx-mero' }]);
    expect(outpatient[0]!.message).toBe('注射用美罗培南 为特殊使用级抗菌药物，门诊不得使用，医保不予支付：请改用限制或非限制使用级抗菌药物，或收入院治疗');
    // A restricted doctor in 门诊: one finding, the 门诊 one, whose fix covers both.
    expect(findingsOf({ prescriber: { id: '9', antibioticLevel: 'restricted' }, lines: [mero] })).toMatchObject([{ message: expect.stringContaining('门诊不得使用') }]);
    const ward = findingsOf({ prescriber: { id: '9', antibioticLevel: 'restricted' }, lines: [mero], encounter: { visitType: 'inpatient' } });
    expect(ward[0]!.message).toContain('仅有限制使用级处方权');
    expect(ward[0]!.message).toContain('或改用限制或非限制使用级抗菌药物');
  });

  it('takes the level from the pack list by 工号 or 医保医师代码, written in any width or case', () => {
    expect(findingsOf({ prescriber: { id: '1031' } })).toMatchObject([{ kind: 'antibiotic-level', message: expect.stringContaining('工号 1031）仅有非限制使用级') }]);
    expect(findingsOf({ prescriber: { id: 'd110105002001' } })).toMatchObject([{ kind: 'antibiotic-level', severity: 'critical' }]);
    expect(findingsOf({ prescriber: { id: '２０４８' } })).toEqual([]);
  });

  it('lets the page win over the list for the order’s own prescriber', () => {
    expect(findingsOf({ prescriber: { id: '1031', antibioticLevel: 'restricted' } })).toEqual([]);
    expect(findingsOf({ prescriber: { id: '2048', antibioticLevel: 'unrestricted' } })).toHaveLength(1);
  });

  it('judges a line another doctor wrote by that doctor, from the list', () => {
    const byOther = { ...moxi, prescriberId: '1031' };
    expect(findingsOf({ prescriber: { id: '2048', antibioticLevel: 'special' }, lines: [byOther] })).toMatchObject([{ message: expect.stringContaining('工号 1031') }]);
    expect(findingsOf({ prescriber: { id: '1031', antibioticLevel: 'unrestricted' }, lines: [{ ...moxi, prescriberId: '2048' }] })).toEqual([]);
  });

  it('does not guess an unknown level: a data gap naming what is missing, never a finding about the doctor', () => {
    const gap = (parts: OrderParts) => {
      const findings = findingsOf(parts);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ kind: 'data', severity: 'info', ruleId: 'abx-moxi', lineId: '1' });
      expect(findings[0]!.amountAtRisk).toBeUndefined();
      return findings[0]!.message;
    };
    // 主任医师 is a title, not a privilege.
    expect(gap({ prescriber: { id: '4096', title: '主任医师' } })).toBe('盐酸莫西沙星氯化钠注射液 为限制使用级抗菌药物，医生 4096 不在本院抗菌药物处方权名单中，未核对抗菌药物处方权');
    expect(gap({ prescriber: { id: 'N77' } })).toContain('本院处方权名单未登记医生 N77 的抗菌药物处方权级别');
    const noPrescriber = { prescriber: undefined };
    expect(gap(noPrescriber)).toContain('页面未提供开单医生');
    expect(gap({ ...noPrescriber, unread: ['prescriber.id'] })).toContain('页面未读取「医生工号」');
    expect(gap({ prescriber: { id: '4096' }, unread: ['prescriber.antibioticLevel'] })).toContain('页面未读取「抗菌药物处方权」');
  });

  it('asks for the 抢救 confirmation as a warning in an 急诊 visit', () => {
    const [f] = findingsOf({ prescriber: { id: '1031' }, encounter: { visitType: 'emergency' } });
    expect(f).toMatchObject({ kind: 'antibiotic-level', severity: 'warning' });
    expect(f!.message).toContain('抢救越级使用须记录指征并于24小时内补办手续');
    expect(f!.actions[0]).toMatchObject({ type: 'confirm', label: expect.stringContaining('24小时内补办手续') });
  });

  it('still checks a 自费 line (转自费 does not make 越级 allowed), without saying 医保不予支付', () => {
    const findings = findingsOf({ prescriber: { id: '1031' }, lines: [{ ...moxi, selfPay: true }] });
    expect(findings).toMatchObject([{ kind: 'antibiotic-level', severity: 'critical' }]);
    expect(findings[0]!.message).not.toContain('医保');
    expect(findingsOf({ prescriber: { id: '1031' }, encounter: { insuranceType: 'self-pay' } })).toHaveLength(1);
  });

  it('keeps the list through the stored pack image', () => {
    const image = compilePackImage(buildPackImage(pack, 'test'));
    const order = makeOrder({ prescriber: { id: 'D110105002001' }, lines: [moxi] });
    expect(evaluate(image, order).findings).toEqual(check(pack, order).findings);
    expect(evaluate(image, order).findings).toHaveLength(1);
  });

  it('refuses a list naming one doctor twice, at the entry', () => {
    const raw = { schemaVersion: 1, id: 'p', version: '1', publisher: { name: 'x' }, rules: [], settings: { prescribers: [{ id: '1031' }, { id: 'x', nhsaCode: ' 1031' }] } };
    const result = validatePack(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.path).toBe('settings.prescribers[1].nhsaCode');
  });
});
