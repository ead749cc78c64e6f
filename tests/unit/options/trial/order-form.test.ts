import { describe, expect, it } from 'vitest';
import { OrderSchema } from '../../../../contract/order';
import { emptyForm, emptyLine, formToOrder, orderToForm, type OrderFormState } from '../../../../components/options/trial/order-form';
import { ORDER_FIELDS } from '../../../../components/options/trial/order-fields';

/** A form as a clerk fills it: the values typed, one diagnosis picked, one line picked. */
function filled(): OrderFormState {
  const form = emptyForm();
  return {
    ...form,
    values: { ...form.values, sex: 'M', age: '70 year', visitType: 'outpatient', insuranceType: 'employee', institutionLevel: '3', department: '神经内科', date: '2026-11-22' },
    diagnoses: [{ code: 'I63.900', name: '脑梗死', primary: true }],
    lines: [{ ...emptyLine(), code: 'XN07XXD130E0', name: '丁苯酞软胶囊', dose: '0.2', doseUnit: 'g', frequency: 'tid', days: '10', quantity: '3', unit: '盒' }],
  };
}

describe('试算 form → canonical order', () => {
  it('builds the contract order from what was typed, numbers as numbers', () => {
    const result = formToOrder(filled());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(OrderSchema.parse(result.order)).toEqual(result.order);
    expect(result.order.patient).toEqual({ key: 'trial-patient', sex: 'M', ageYears: 70 });
    expect(result.order.encounter).toEqual({ visitType: 'outpatient', insuranceType: 'employee', institutionLevel: 3, department: '神经内科', date: '2026-11-22', diagnoses: [{ code: 'I63.900', name: '脑梗死', primary: true }] });
    expect(result.order.lines).toEqual([{ id: '1', code: 'XN07XXD130E0', name: '丁苯酞软胶囊', kind: 'drug', dose: 0.2, doseUnit: 'g', frequency: 'tid', days: 10, quantity: 3, unit: '盒' }]);
  });

  it('writes an age in months or days as days, the way the engine counts infants', () => {
    const months = formToOrder({ ...filled(), values: { ...filled().values, age: '3 month' } });
    const days = formToOrder({ ...filled(), values: { ...filled().values, age: '12 day' } });
    expect(months.ok && months.order.patient).toEqual({ key: 'trial-patient', sex: 'M', ageDays: 91 });
    expect(days.ok && days.order.patient).toEqual({ key: 'trial-patient', sex: 'M', ageDays: 12 });
  });

  it('leaves out what was not given', () => {
    const form = filled();
    const result = formToOrder({ ...form, values: { ...form.values, sex: '', age: ' year', visitType: '', institutionLevel: '' } });
    expect(result.ok && result.order.patient).toEqual({ key: 'trial-patient' });
    expect(result.ok && 'visitType' in result.order.encounter).toBe(false);
    expect(result.ok && 'institutionLevel' in result.order.encounter).toBe(false);
  });

  it('says in Chinese, next to the field, what is wrong', () => {
    const form = filled();
    const result = formToOrder({
      ...form,
      values: { ...form.values, age: '七十 year', date: '' },
      diagnoses: [{ code: '', name: '脑梗', primary: true }],
      lines: [{ ...form.lines[0]!, days: '-1' }, { ...emptyLine(), name: '阿莫西林' }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = Object.fromEntries(result.errors.map((e) => [e.path, e.message]));
    expect(Object.keys(byPath).sort()).toEqual(['diagnosis.0', 'field.age', 'field.date', 'line.0.days', 'line.1.code']);
    for (const message of Object.values(byPath)) expect(message).toMatch(/[\u4e00-\u9fff]/);
    expect(byPath['field.date']).toContain('就诊日期');
  });
});

describe('canonical order → 试算 form → order', () => {
  it('round-trips an order with fields the form does not show (history, prescriber, 规格, birth date)', () => {
    const order = OrderSchema.parse({
      id: 'g-crs-002',
      patient: { key: 'p-4413', sex: 'M', birthDate: '1950-12-12' },
      encounter: { visitType: 'discharge', date: '2026-11-22', department: '神经内科', insuranceType: 'employee', institutionLevel: 3, diagnoses: [{ code: 'I63.900', name: '脑梗死', primary: true }], chronicConditions: ['高血压'] },
      prescriber: { id: 'd-1024', title: '主治医师' },
      lines: [{ id: '1', code: 'XN07XXD130E002010102774', name: '丁苯酞软胶囊', kind: 'drug', spec: '0.1g*24粒', dose: 0.2, doseUnit: 'g', frequency: 'tid', days: 14, quantity: 4, unit: '盒', route: '口服' }],
      history: [{ date: '2026-11-12', code: 'XN07XXD130E002010102774', days: 10, quantity: 3, unit: '盒', visitType: 'inpatient' }],
    });
    const form = orderToForm(order);
    expect(form.values['visitType']).toBe('discharge');
    expect(form.lines[0]!.days).toBe('14');
    const back = formToOrder(form);
    expect(back.ok && back.order).toEqual(order);
  });

  it('reads every field of the table back to the value it wrote', () => {
    const result = formToOrder(filled());
    if (!result.ok) throw new Error('filled form is valid');
    const again = orderToForm(result.order);
    for (const field of ORDER_FIELDS) expect(again.values[field.key], field.key).toBe(filled().values[field.key]);
  });
});

describe('the built-in 试算 examples in the form', () => {
  it('each single-order example comes back from the form as the same order', async () => {
    const { BUILTIN_EXAMPLES } = await import('../../../../entrypoints/options/examples');
    const { parseTrialInput } = await import('../../../../components/options/trial-run');
    let singles = 0;
    for (const example of BUILTIN_EXAMPLES) {
      const parsed = parseTrialInput(example.input);
      if (!parsed.ok || parsed.format !== 'order') continue;
      singles++;
      const back = formToOrder(orderToForm(parsed.orders[0]!));
      expect(back.ok, example.name).toBe(true);
      expect(back.ok && back.order, example.name).toEqual(parsed.orders[0]);
    }
    expect(singles).toBeGreaterThan(10);
  });
});
