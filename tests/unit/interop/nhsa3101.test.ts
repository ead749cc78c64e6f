import { describe, expect, it } from 'vitest';
import { parse3101, looksLike3101 } from '../../../rules/interop/nhsa3101-request';
import { ordersFrom3101, DISCHARGE_ORDER_SUFFIX, type Conversion3101 } from '../../../rules/interop/nhsa3101';
import { formatPath } from '../../../rules/pack/load';
import { request3101 } from './fixtures';

function convert(raw: unknown = request3101()): Conversion3101 {
  const parsed = parse3101(raw);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return ordersFrom3101(parsed.data);
}

function errorPaths(raw: unknown): string[] {
  const parsed = parse3101(raw);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => formatPath(i.path));
}

const OUTPATIENT = 'MD-OP-20261122-0101';
const INPATIENT = 'MD-IP-20261118-0457';
const DISCHARGE = `${INPATIENT}${DISCHARGE_ORDER_SUFFIX}`;

describe('3101 request detection and validation', () => {
  it('recognises the wrapped and the bare form, and nothing else', () => {
    const wrapped = request3101();
    expect(looksLike3101(wrapped)).toBe(true);
    expect(looksLike3101(wrapped.input.data)).toBe(true);
    expect(looksLike3101({ id: 'rx-1', patient: {}, encounter: {}, lines: [] })).toBe(false);
    expect(looksLike3101([wrapped])).toBe(false);
  });

  it('converts the bare data object exactly like the wrapped request', () => {
    const wrapped = request3101();
    expect(convert(wrapped.input.data)).toEqual(convert(wrapped));
  });

  it('names the bad field with the caller’s own path', () => {
    const raw = request3101();
    raw.input.data.patient_dtos[0]!.gend = '3';
    expect(errorPaths(raw)).toEqual(['input.data.patient_dtos[0].gend']);
    expect(errorPaths(raw.input.data)).toEqual(['patient_dtos[0].gend']);
  });

  it('requires adm_date and a code on every order', () => {
    const raw = request3101();
    const enc = raw.input.data.patient_dtos[1]!.fsi_encounter_dtos[0];
    delete enc.adm_date;
    enc.fsi_order_dtos[1].hilist_code = null;
    expect(errorPaths(raw).sort()).toEqual([
      'input.data.patient_dtos[1].fsi_encounter_dtos[0].adm_date',
      'input.data.patient_dtos[1].fsi_encounter_dtos[0].fsi_order_dtos[1].hilist_code',
    ]);
  });

  it('rejects a non-numeric quantity and an empty patient list', () => {
    const raw = request3101();
    raw.input.data.patient_dtos[0]!.fsi_encounter_dtos[0].fsi_order_dtos[0].cnt = '两盒';
    expect(errorPaths(raw)).toEqual(['input.data.patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].cnt']);
    expect(errorPaths({ patient_dtos: [] })).toEqual(['patient_dtos']);
  });
});

describe('3101 request → canonical orders', () => {
  const { orders, notes, links } = convert();
  const byId = new Map(orders.map((o) => [o.id, o]));
  const outpatient = byId.get(OUTPATIENT)!;
  const inpatient = byId.get(INPATIENT)!;
  const discharge = byId.get(DISCHARGE)!;

  it('makes one order per encounter with current lines, and splits off 出院带药', () => {
    expect(orders.map((o) => o.id)).toEqual([OUTPATIENT, INPATIENT, DISCHARGE]);
    expect(outpatient.lines.map((l) => l.id)).toEqual(['R1-01', 'R1-02']);
    expect(inpatient.lines.map((l) => l.id)).toEqual(['R2-07', 'R2-08']);
    expect(discharge.lines.map((l) => l.id)).toEqual(['R2-09']);
  });

  it('never uses patn_id as the patient key, but keeps one key per patient', () => {
    expect(outpatient.patient.key).toMatch(/^p-[0-9a-f]{16}$/);
    expect(outpatient.patient.key).not.toContain('110101195803070011');
    expect(inpatient.patient.key).not.toContain('32010219930415262X');
    expect(inpatient.patient.key).toBe(discharge.patient.key);
    expect(inpatient.patient.key).not.toBe(outpatient.patient.key);
    expect(convert().orders[0]!.patient.key).toBe(outpatient.patient.key);
  });

  it('maps patient and encounter fields of a 门诊慢特病 visit', () => {
    expect(outpatient.patient).toMatchObject({ sex: 'M', birthDate: '1958-03-07' });
    expect(outpatient.encounter).toEqual({
      visitType: 'outpatient',
      date: '2026-11-22',
      department: '泌尿外科',
      insuranceType: 'employee',
      institutionLevel: 3,
      diagnoses: [
        { code: 'C61.x00', name: '前列腺恶性肿瘤', primary: true },
        { code: 'I10.x00x002', name: '高血压', primary: false },
      ],
      chronicConditions: ['前列腺恶性肿瘤'],
    });
    expect(outpatient.prescriber).toEqual({ id: 'D1101050021', title: '主治医师' });
  });

  it('maps a drug line with the provincial dose, frequency and days, spec_unt as the unit of cnt, and rxno as its prescription', () => {
    expect(outpatient.lines[0]).toEqual({
      id: 'R1-01',
      code: 'XL02BBB085A001010100662',
      name: '比卡鲁胺片',
      kind: 'drug',
      spec: '50mg*28片',
      dose: 50,
      doseUnit: 'mg',
      frequency: 'qd',
      days: 56,
      quantity: 2,
      unit: '盒',
      price: 56.3,
      group: '1',
      prescription: 'RX202611220101',
    });
  });

  it('maps items and consumables by hilist_type, falling back to the hospital code', () => {
    expect(outpatient.lines[1]).toMatchObject({ code: '002501020210000', kind: 'item', quantity: 1, price: 5 });
    expect(outpatient.lines[1]!.days).toBeUndefined();
    expect(inpatient.lines[1]).toMatchObject({ code: 'HC-0451', name: '一次性使用无菌导尿管', kind: 'material' });
  });

  it('maps an inpatient encounter of a resident at a 二级 hospital, dating later lines', () => {
    expect(inpatient.patient.sex).toBe('F');
    expect(inpatient.encounter).toMatchObject({
      visitType: 'inpatient',
      date: '2026-11-18',
      department: '妇产科',
      insuranceType: 'resident',
      institutionLevel: 2,
    });
    expect(inpatient.encounter.chronicConditions).toBeUndefined();
    // The discharge main diagnosis repeats the listed one: kept once, as primary.
    expect(inpatient.encounter.diagnoses).toEqual([{ code: 'O72.101', name: '产后即时出血', primary: true }]);
    expect(inpatient.lines[0]).toMatchObject({ date: '2026-11-22', quantity: 6, price: 12.5, group: '3' });
    expect(inpatient.prescriber).toEqual({ id: 'D3201020107', title: '副主任医师' });
  });

  it('keeps the doctor of a current line another doctor wrote (drord_dr_codg), for 抗菌药物处方权', () => {
    expect(inpatient.lines.map((l) => l.prescriberId)).toEqual([undefined, undefined]);
    const raw = request3101();
    const orders = raw.input.data.patient_dtos[1]!.fsi_encounter_dtos[0]!.fsi_order_dtos;
    orders.find((o: { rx_id: string }) => o.rx_id === 'R2-08')!.drord_dr_codg = 'D3201020299';
    const changed = convert(raw).orders.find((o) => o.id === INPATIENT)!;
    expect(changed.prescriber).toEqual({ id: 'D3201020107', title: '副主任医师' });
    expect(changed.lines.map((l) => [l.id, l.prescriberId])).toEqual([['R2-07', undefined], ['R2-08', 'D3201020299']]);
  });

  it('judges 出院带药 as a discharge order in the discharge department', () => {
    expect(discharge.encounter).toMatchObject({ visitType: 'discharge', department: '产科', date: '2026-11-18' });
    expect(discharge.lines[0]).toMatchObject({ code: 'ZD01BAY0318010100281', name: '益母草颗粒', quantity: 3 });
  });

  it('turns non-current orders of all the patient’s encounters into history', () => {
    expect(outpatient.history).toEqual([
      { date: '2026-10-25', code: 'XL02BBB085A001010100662', days: 28, quantity: 1, visitType: 'outpatient' },
      { date: '2026-09-20', code: 'XL02BBB085A001010100662', days: 56, quantity: 2, visitType: 'outpatient' },
    ]);
    expect(inpatient.history).toEqual([
      { date: '2026-11-19', code: 'ZD01BAY0323010102065', quantity: 2, visitType: 'inpatient' },
    ]);
    expect(discharge.history).toEqual(inpatient.history);
  });

  it('links each order back to the caller’s patient, encounter and task ids', () => {
    expect(links).toEqual([
      { orderId: OUTPATIENT, patnId: '110101195803070011', mdtrtId: OUTPATIENT, taskId: 'T20261122-0001' },
      { orderId: INPATIENT, patnId: '32010219930415262X', mdtrtId: INPATIENT, taskId: 'T20261122-0001' },
      { orderId: DISCHARGE, patnId: '32010219930415262X', mdtrtId: INPATIENT, taskId: 'T20261122-0001' },
    ]);
  });

  it('says which checks the 3101 data does not allow, line by line', () => {
    const of = (id: string | undefined) => notes.filter((n) => n.orderId === id).map((n) => n.message);
    // Only the drug line of the outpatient order matters for days, and it has the provincial fields.
    expect(of(OUTPATIENT)).toEqual([]);
    expect(of(INPATIENT)).toEqual(expect.arrayContaining([expect.stringContaining('全部药品明细无用药天数(prd_days)')]));
    expect(of(INPATIENT).join()).toContain('sin_dos_dscr');
    expect(of(undefined)).toEqual([expect.stringContaining('MD-OP-20260920-0033')]);
  });

  it('names only the drug lines that lack the provincial fields', () => {
    const raw = request3101();
    const enc = raw.input.data.patient_dtos[0]!.fsi_encounter_dtos[0];
    enc.fsi_order_dtos.push({ ...enc.fsi_order_dtos[0], rx_id: 'R1-03', prd_days: null, sin_dos_dscr: '', used_frqu_dscr: undefined });
    const messages = convert(raw).notes.filter((n) => n.orderId === OUTPATIENT).map((n) => n.message);
    expect(messages).toHaveLength(3);
    for (const m of messages) expect(m).toMatch(/^药品明细 R1-03 无/);
  });

  it('reports unknown sex, missing level and missing diagnoses as gaps instead of guessing', () => {
    const raw = request3101();
    const patient = raw.input.data.patient_dtos[1]!;
    patient.gend = '9';
    patient.fsi_encounter_dtos[0].medins_lv = '11';
    patient.fsi_encounter_dtos[0].fsi_diagnose_dtos = [];
    delete patient.fsi_encounter_dtos[0].dscg_main_dise_codg;
    const { orders: converted, notes: gaps } = convert(raw);
    const order = converted.find((o) => o.id === INPATIENT)!;
    expect(order.patient.sex).toBe('U');
    expect(order.encounter.institutionLevel).toBeUndefined();
    expect(order.encounter.diagnoses).toEqual([]);
    const text = gaps.filter((n) => n.orderId === INPATIENT).map((n) => n.message).join('\n');
    expect(text).toContain('gend');
    expect(text).toContain('medins_lv');
    expect(text).toContain('fsi_diagnose_dtos');
  });

  it('treats orders without curr_drord_flag as current, and says so', () => {
    const raw = request3101();
    const orders3101 = raw.input.data.patient_dtos[1]!.fsi_encounter_dtos[0].fsi_order_dtos;
    delete orders3101[1].curr_drord_flag;
    const converted = convert(raw);
    expect(converted.orders.find((o) => o.id === INPATIENT)!.lines.map((l) => l.id)).toContain('R2-07');
    expect(converted.notes).toContainEqual({ orderId: INPATIENT, message: expect.stringContaining('curr_drord_flag') });
  });

  it('keeps one order when every current line is 出院带药', () => {
    const raw = request3101();
    const orders3101 = raw.input.data.patient_dtos[1]!.fsi_encounter_dtos[0].fsi_order_dtos;
    for (const o of orders3101) if (o.curr_drord_flag === '1') o.drord_bhvr = '1';
    const ids = convert(raw).orders.map((o) => [o.id, o.encounter.visitType]);
    expect(ids).toEqual([
      [OUTPATIENT, 'outpatient'],
      [INPATIENT, 'discharge'],
    ]);
  });
});
