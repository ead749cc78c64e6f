import { describe, expect, it } from 'vitest';
import { check, makeOrder, makePack } from '../../support/builders';

// 艾拉莫德片 (两库 第九批 药品限二线使用); 丁香 / 人参片 (第十一批 中药饮片单方使用不予支付).
const IGURATIMOD = 'XM01AXA267A001010101522';
const DINGXIANG = 'T000700200';
const RENSHEN = 'T001700643';
const OTHER_HERB = 'T009999999';

const pack = makePack([
  { id: 'b9-iguratimod', kind: 'second-line', match: { codes: [IGURATIMOD] }, params: { firstLine: '甲氨蝶呤' } },
  { id: 'b11-sole', kind: 'self-pay', match: { codes: [DINGXIANG, RENSHEN] }, params: { condition: 'sole-use' } },
  { id: 'out-of-list', kind: 'self-pay', match: { codes: ['XOUT0000000000000000001'] }, params: { condition: 'always' } },
  { id: 'special', kind: 'approval', match: { codes: ['XSPECIAL00000000000001'] }, params: { authority: '医保经办机构' } },
]);
const herb = (id: string, code: string) => ({ id, code, name: code, kind: 'drug' as const });

describe('second-line rule', () => {
  it('asks the doctor to confirm first-line failure', () => {
    const { findings } = check(pack, makeOrder({ lines: [{ id: '1', code: IGURATIMOD, name: '艾拉莫德片' }] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'second-line' });
    expect(findings[0]!.actions.map((a) => a.type)).toEqual(['confirm', 'mark-self-pay']);
    expect(findings[0]!.message).toContain('甲氨蝶呤');
  });
});

describe('self-pay rule', () => {
  it('中药饮片 used alone: flagged', () => {
    expect(check(pack, makeOrder({ lines: [herb('1', DINGXIANG)] })).findings).toMatchObject([{ kind: 'self-pay', lineId: '1' }]);
  });
  it('a prescription made only of listed herbs: every line flagged', () => {
    const { findings } = check(pack, makeOrder({ lines: [herb('1', DINGXIANG), herb('2', RENSHEN)] }));
    expect(findings.map((f) => f.lineId)).toEqual(['1', '2']);
  });
  it('with a herb that is not listed the prescription is payable', () => {
    expect(check(pack, makeOrder({ lines: [herb('1', DINGXIANG), herb('2', OTHER_HERB)] })).findings).toEqual([]);
  });
  it('a line already marked self-pay needs no reminder', () => {
    const line = { ...herb('1', 'XOUT0000000000000000001'), selfPay: true };
    expect(check(pack, makeOrder({ lines: [line] })).findings).toEqual([]);
    expect(check(pack, makeOrder({ lines: [{ ...line, selfPay: false }] })).findings).toHaveLength(1);
  });
});

describe('approval rule', () => {
  it('needs an approval number', () => {
    const line = { id: '1', code: 'XSPECIAL00000000000001', name: '特药' };
    expect(check(pack, makeOrder({ lines: [line] })).findings).toMatchObject([{ kind: 'approval' }]);
    expect(check(pack, makeOrder({ lines: [{ ...line, approvalNo: 'SP-2026-001' }] })).findings).toEqual([]);
  });
});
