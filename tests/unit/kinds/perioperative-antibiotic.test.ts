import { describe, expect, it } from 'vitest';
import { check, makeOrder, makePack } from '../../support/builders';

// 吗啉硝唑氯化钠注射液 (national code from the demo pack); ICD-9-CM-3 医保版 operation codes.
const MORINIDAZOLE = 'XJ01XDM152B002010100318';
const CHOLECYSTECTOMY = { code: '51.2300', name: '腹腔镜胆囊切除术', date: '2026-11-20' };
const pack = (hours?: number) =>
  makePack([{ id: 'periop', kind: 'perioperative-antibiotic', match: { prefixes: ['XJ01'], lineKinds: ['drug'] }, params: hours ? { hours } : {} }]);
const order = (line: { date?: string; days?: number; selfPay?: boolean }, encounter: Record<string, unknown> = {}) =>
  makeOrder({
    encounter: { visitType: 'inpatient', date: '2026-11-22', diagnoses: [{ code: 'K80.200x003', name: '胆囊结石' }], operations: [CHOLECYSTECTOMY], ...encounter },
    lines: [{ id: '1', code: MORINIDAZOLE, name: '吗啉硝唑氯化钠注射液', kind: 'drug', date: '2026-11-22', ...line }],
  });

describe('perioperative-antibiotic (围手术期预防用药)', () => {
  it('a course running past 48 hours after the operation is asked to end at the window, with 改为 N 天', () => {
    const [finding, ...rest] = check(pack(), order({ days: 3 })).findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ kind: 'perioperative-antibiotic', severity: 'warning', lineId: '1' });
    expect(finding!.message).toContain('51.2300 腹腔镜胆囊切除术，2026-11-20');
    expect(finding!.actions[0]).toEqual({ type: 'set-days', value: 1, label: '改为 1 天' });
  });
  it('with 24 hours (清洁手术), a line from the day after the operation on is already beyond it', () => {
    const [finding] = check(pack(24), order({ date: '2026-11-22', days: 1 })).findings;
    expect(finding!.message).toContain('不超过 24 小时，本行为术后第 2 天用药');
    expect(finding!.actions.map((a) => a.type)).toEqual(['add-diagnosis', 'remove-line']);
  });
  it('says nothing within the window, for an infection, a procedure that is not an operation, an undated one, or an outpatient order', () => {
    expect(check(pack(), order({ date: '2026-11-20', days: 3 })).findings).toEqual([]);
    expect(check(pack(), order({ days: 3 }, { diagnoses: [{ code: 'K81.000', name: '急性胆囊炎' }] })).findings).toEqual([]);
    expect(check(pack(), order({ days: 3 }, { diagnoses: [{ code: 'A41.900', name: '脓毒症' }] })).findings).toEqual([]);
    expect(check(pack(), order({ days: 3 }, { operations: [{ code: '88.4100', name: '脑动脉造影', date: '2026-11-20' }] })).findings).toEqual([]);
    expect(check(pack(), order({ days: 3 }, { operations: [{ code: '51.2300', name: '腹腔镜胆囊切除术' }] })).findings).toEqual([]);
    expect(check(pack(), order({ days: 3 }, { visitType: 'outpatient' })).findings).toEqual([]);
    expect(check(pack(), order({ days: 3 }, { operations: [] })).findings).toEqual([]);
  });
  it('judges against the latest operation before the line, not one after it', () => {
    const second = { code: '54.1100', name: '剖腹探查术', date: '2026-11-23' };
    expect(check(pack(), order({ days: 3 }, { operations: [CHOLECYSTECTOMY, second] })).findings).toHaveLength(1);
    const earlierFirst = { code: '47.0900', name: '阑尾切除术', date: '2026-11-21' };
    expect(check(pack(), order({ days: 2 }, { operations: [CHOLECYSTECTOMY, earlierFirst] })).findings).toEqual([]);
  });
  it('an unread operations list is a data gap; a 自费 line is the patient\'s', () => {
    const unread = check(pack(), { ...order({ days: 3 }), unread: ['encounter.operations'] }).findings;
    expect(unread.map((f) => [f.kind, f.severity])).toEqual([['data', 'info']]);
    expect(check(pack(), order({ days: 3, selfPay: true })).findings).toEqual([]);
  });
});
