import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse3101 } from '../../../rules/interop/nhsa3101-request';
import { ordersFrom3101 } from '../../../rules/interop/nhsa3101';
import { orderTo3101 } from '../../../rules/interop/order-to-3101';
import { to3101Response } from '../../../rules/interop/nhsa3101-result';
import { importAnyFile } from '../../../rules/import/import-any';
import { CONSUMABLE_FILES } from '../../../rules/import/consumables/files';
import { compilePack } from '../../../rules/engine/compile';
import { evaluate } from '../../../rules/engine/evaluate';
import { makePack } from '../../support/builders';

/**
 * 医用耗材 in the national 3101 request: fee details (fsi_order_dtos) of hilist_type 301 — or
 * filed as 105 其他 with chrg_type 08 卫生材料费 — become `material` lines with their count and
 * unit, and the consumable rules answer on them with the caller's rx_id and 违规项目类型 301.
 */

const TEMPLATES = path.resolve(__dirname, '../../../rules/import/templates');
const consumableRules = () =>
  (['items', 'limits'] as const).flatMap((t) => importAnyFile({ name: t, bytes: new Uint8Array(readFileSync(path.join(TEMPLATES, CONSUMABLE_FILES[t].exampleCsv))) }).rules);

const CANNULA = 'C14010300201010000001000456';
const INFUSION_SET = 'C14010100101010000001000123';

const fee = (rx_id: string, extra: Record<string, unknown>) => ({ rx_id, curr_drord_flag: '1', drord_begn_date: '2026-11-22 08:30:00', ...extra });

function request(orders: Record<string, unknown>[]) {
  return {
    input: {
      data: {
        trig_scen: '5',
        patient_dtos: [
          {
            patn_id: 'P-3301',
            gend: '1',
            brdy: '1958-04-02',
            fsi_encounter_dtos: [
              {
                mdtrt_id: 'MD-IP-20261120-0099',
                adm_date: '2026-11-20 10:12:00',
                med_mdtrt_type: '2',
                med_type: '21',
                medins_lv: '01',
                insutype: '310',
                adm_dept_name: '神经内科',
                fsi_diagnose_dtos: [{ dise_codg: 'I63.900', dise_name: '脑梗死', maindise_flag: '1' }],
                fsi_order_dtos: orders,
              },
            ],
          },
        ],
      },
    },
  };
}

function convert(raw: unknown) {
  const parsed = parse3101(raw);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return ordersFrom3101(parsed.data);
}

describe('3101 fee details with 医用耗材', () => {
  const raw = request([
    fee('F-01', { hilist_type: '201', chrg_type: '05', hilist_code: '001204000060000', hilist_name: '静脉输液', cnt: 2, pric: 8, spec_unt: '次' }),
    fee('F-02', { hilist_type: '301', chrg_type: '08', hilist_code: CANNULA, hilist_name: '一次性使用静脉留置针', cnt: 3, pric: 18, spec_unt: '支' }),
    // A HIS that files the consumable as 105 其他: the 卫生材料费 charge type says what it is.
    fee('F-03', { hilist_type: '105', chrg_type: '08', hilist_code: INFUSION_SET, hilist_name: '一次性使用输液器（带针）', cnt: 2, pric: 4.5, spec_unt: '套' }),
  ]);

  it('maps them to material lines with count, unit, price and date', () => {
    const { orders, notes } = convert(raw);
    expect(orders).toHaveLength(1);
    const [, cannula, set] = orders[0]!.lines;
    expect(cannula).toMatchObject({ id: 'F-02', kind: 'material', code: CANNULA, quantity: 3, unit: '支', price: 18, date: '2026-11-22' });
    expect(set).toMatchObject({ id: 'F-03', kind: 'material', quantity: 2, unit: '套' });
    // Consumables carry no days or dose: nothing is said about them missing, only about the drugs'.
    expect(notes.filter((n) => n.message.includes('耗材'))).toEqual([]);
  });

  it('answers 耗材数量超标 on the 留置针, and nothing on the 输液器 charged with its 静脉输液', () => {
    const { orders, links } = convert(raw);
    const pack = makePack(consumableRules() as never);
    const results = orders.map((o) => evaluate(compilePack(pack), o));
    const response = to3101Response(results, { links, rules: pack.rules, orders });
    expect(response.output.result.map((r) => [r.rule_id, r.rule_name, r.judge_result_detail_dtos.map((d) => [d.rx_id, d.vola_item_type])])).toEqual([
      [`local-consumable-quantity-${CANNULA}`, '耗材数量超标：一次性使用静脉留置针', [['F-02', '301']]],
    ]);
    expect(response.output.result[0]!.vola_cont).toContain('医保限每日 1支，累计 3支');
    expect(response.output.result[0]!.vola_amt).toBe(36);
  });

  it('answers 耗材与项目不符 when the 静脉输液 is not among the fee details', () => {
    const withoutItem = request([fee('F-03', { hilist_type: '301', hilist_code: INFUSION_SET, hilist_name: '一次性使用输液器（带针）', cnt: 1, spec_unt: '套' })]);
    const { orders } = convert(withoutItem);
    const findings = evaluate(compilePack(makePack(consumableRules() as never)), orders[0]!).findings;
    expect(findings.map((f) => [f.kind, f.lineId, f.severity])).toEqual([['consumable-item', 'F-03', 'warning']]);
  });

  it('says which consumable checks a request without count or unit cannot make', () => {
    const { notes } = convert(
      request([
        fee('F-04', { hilist_type: '301', hilist_code: CANNULA, hilist_name: '一次性使用静脉留置针' }),
        fee('F-05', { hilist_type: '301', hilist_code: INFUSION_SET, hilist_name: '一次性使用输液器（带针）', cnt: 1 }),
      ]),
    );
    expect(notes.map((n) => n.message)).toEqual(
      expect.arrayContaining([
        '耗材明细 F-04 无数量(cnt)：耗材数量上限核对无法完成',
        '耗材明细 F-05 无单位(spec_unt)：按单位限定的耗材数量上限核对无法完成',
      ]),
    );
  });

  it('round-trips a material line through the request a HIS would send', () => {
    const { orders } = convert(raw);
    const draft = orderTo3101(orders[0]!);
    const back = convert({ input: { data: draft.data } }).orders[0]!;
    expect(back.lines.map((l) => [l.id, l.kind, l.quantity, l.unit])).toEqual(orders[0]!.lines.map((l) => [l.id, l.kind, l.quantity, l.unit]));
    const sent = (draft.data['patient_dtos'] as { fsi_encounter_dtos: { fsi_order_dtos: Record<string, unknown>[] }[] }[])[0]!.fsi_encounter_dtos[0]!.fsi_order_dtos;
    expect(sent.filter((o) => o['hilist_type'] === '301').map((o) => o['chrg_type'])).toEqual(['08', '08']);
  });
});
