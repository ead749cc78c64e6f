// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { OrderSchema } from '../../../../contract/order';
import { chronicDiseasesOf, matchChronicDiseases } from '../../../../components/options/trial/chronic-search';
import { emptyForm, emptyLine, formToOrder, orderToForm, type OrderFormState } from '../../../../components/options/trial/order-form';
import { createOptionsStore, StoreContext } from '../../../../components/options/store-context';
import { TrialConsole } from '../../../../components/options/TrialConsole';
import type { Rule } from '../../../../rules/pack/schema';
import { RuleSummaries } from '../../../../rules/store/search';
import { startRuleStore } from '../../../../rules/store/start';
import { check, makePack } from '../../../support/builders';
import { demoPack, openTestDb, smallPackText } from '../../store/support';
import { mount, press, typeInto, waitFor } from '../support';

/**
 * 门诊慢特病 病种 in the 试算 form (encounter.chronicDiseases): the 医保办 registers the test visit
 * under one or more 病种, by code and/or name, and the order the form builds carries them to the
 * 病种用药范围 rule (kind chronic-drug).
 */

const CHRONIC_RULE = 'chronic-drugs';
/** 丁苯酞软胶囊: a 西药 in neither the demo's 高血压病 nor its 糖尿病 list. */
const BUTYLPHTHALIDE = 'XN07XXD130E0';

function chronicRule(): Rule {
  const rule = demoPack().rules.find((r) => r.id === CHRONIC_RULE);
  if (!rule || rule.kind !== 'chronic-drug') throw new Error(`the demo pack has no ${CHRONIC_RULE} rule`);
  return rule;
}

function filled(chronicDiseases: OrderFormState['chronicDiseases']): OrderFormState {
  const form = emptyForm();
  return {
    ...form,
    values: { ...form.values, sex: 'M', age: '66 year', visitType: 'outpatient', date: '2026-11-22' },
    diagnoses: [{ code: 'I10.x00x002', name: '高血压', primary: true }],
    chronicDiseases,
    lines: [{ ...emptyLine(), code: BUTYLPHTHALIDE, name: '丁苯酞软胶囊', days: '7' }],
  };
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('试算 form → encounter.chronicDiseases', () => {
  it('writes every 病种 with the code and/or name given, trimmed, in order', () => {
    const result = formToOrder(
      filled([
        { code: ' M03900 ', name: '高血压病' },
        { code: '', name: ' 糖尿病' },
        { code: 'M01600', name: '' },
      ]),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(OrderSchema.parse(result.order)).toEqual(result.order);
    expect(result.order.encounter.chronicDiseases).toEqual([{ code: 'M03900', name: '高血压病' }, { name: '糖尿病' }, { code: 'M01600' }]);
  });

  it('leaves the key out when no 病种 is registered: not a 门诊慢特病 visit', () => {
    const result = formToOrder(filled([]));
    expect(result.ok && 'chronicDiseases' in result.order.encounter).toBe(false);
  });

  it('refuses an empty 病种 row beside the row, in Chinese', () => {
    const result = formToOrder(filled([{ code: 'M03900', name: '高血压病' }, { code: ' ', name: '' }]));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(['chronic.1']);
    expect(result.errors[0]!.message).toContain('病种');
  });

  it('reads an order’s 病种 back into rows and writes the same order again', () => {
    const order = OrderSchema.parse({
      id: 'json-chronic',
      patient: { key: 'p1', sex: 'F', ageYears: 70 },
      encounter: { visitType: 'outpatient', date: '2026-11-22', diagnoses: [], chronicDiseases: [{ code: 'M03900' }, { name: '糖尿病' }], chronicConditions: ['高血压'] },
      lines: [{ id: '1', code: BUTYLPHTHALIDE, name: '丁苯酞软胶囊' }],
    });
    const form = orderToForm(order);
    expect(form.chronicDiseases).toEqual([
      { code: 'M03900', name: '' },
      { code: '', name: '糖尿病' },
    ]);
    // The rows own the key: it is not also carried over untouched.
    expect('chronicDiseases' in form.carry.encounter).toBe(false);
    const back = formToOrder(form);
    expect(back.ok && back.order).toEqual(order);
    // A row removed in the form is gone from the order.
    const fewer = formToOrder({ ...form, chronicDiseases: form.chronicDiseases.slice(1) });
    expect(fewer.ok && fewer.order.encounter.chronicDiseases).toEqual([{ name: '糖尿病' }]);
  });

  it('gives the chronic-drug rule what it judges: a drug outside the registered 病种 lists is refused, one inside is paid', () => {
    const pack = makePack([chronicRule()]);
    const registered = formToOrder(filled([{ code: 'M03900', name: '高血压病' }]));
    const unregistered = formToOrder(filled([]));
    if (!registered.ok || !unregistered.ok) throw new Error('the filled forms are valid');
    expect(check(pack, registered.order).findings.map((f) => f.ruleId)).toEqual([CHRONIC_RULE]);
    expect(check(pack, unregistered.order).findings).toEqual([]);
    // By name alone the visit finds its list too (高血压 and 高血压病 are one 病种).
    const byName = formToOrder(filled([{ code: '', name: '高血压' }]));
    expect(byName.ok && check(pack, byName.order).findings.map((f) => f.ruleId)).toEqual([CHRONIC_RULE]);
    // A 硝苯地平-class drug (XC08CA) is in the 高血压病 list.
    const inList = formToOrder({ ...filled([{ code: 'M03900', name: '高血压病' }]), lines: [{ ...emptyLine(), code: 'XC08CAN123A001010100001', name: '硝苯地平控释片' }] });
    expect(inList.ok && check(pack, inList.order).findings).toEqual([]);
  });
});

describe('病种 search over the working set', () => {
  it('lists each 病种 of the chronic-drug rules once and finds it by name or code', () => {
    const rule = chronicRule();
    const all = chronicDiseasesOf([rule, rule, { kind: 'sex', params: {} } as unknown as Rule]);
    expect(all.map((d) => [d.code, d.name])).toEqual([
      ['M03900', '高血压病'],
      ['M01600', '糖尿病'],
    ]);
    // Listed twice over, the drug counts add up.
    expect(all[0]!.drugCount).toBe(10);
    expect(matchChronicDiseases(all, '高血压').map((d) => d.name)).toEqual(['高血压病']);
    expect(matchChronicDiseases(all, 'm016').map((d) => d.name)).toEqual(['糖尿病']);
    expect(matchChronicDiseases(all, '尿')).toHaveLength(1);
    expect(matchChronicDiseases(all, '  ')).toEqual([]);
    expect(matchChronicDiseases(all, '肾病')).toEqual([]);
  });

  it('in the 试算 tab: add a 病种, pick it from the working set, and the run shows the 病种 rule', async () => {
    const db = openTestDb();
    await startRuleStore(db, smallPackText([CHRONIC_RULE]));
    const store = createOptionsStore(db, await RuleSummaries.load(db));
    const view = mount(h(StoreContext.Provider, { value: store }, h(TrialConsole, { onOpenRule: () => {} })));
    cleanups.push(view.unmount);
    const root = view.container;
    await waitFor(() => root.querySelector('#trial-sex'));
    expect(root.querySelector('.op-trial-chronic')!.textContent).toContain('未登记病种');

    await press(root.querySelector('#trial-chronic-add'));
    await typeInto(root.querySelector('#trial-chronic-0'), '高血压');
    const option = await waitFor(() => root.querySelector('#trial-chronic-0-list [role="option"]'));
    expect(option.textContent).toContain('M03900');
    await act(async () => {
      option.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true }));
    });
    expect((root.querySelector('#trial-chronic-0') as HTMLInputElement).value).toBe('高血压病');
    expect((root.querySelector('#trial-chronic-0-code') as HTMLInputElement).value).toBe('M03900');

    await typeInto(root.querySelector('#trial-line-0-name'), '丁苯酞软胶囊');
    await typeInto(root.querySelector('#trial-line-0-code'), BUTYLPHTHALIDE);
    await press(root.querySelector('#trial-run'));
    const finding = await waitFor(() => root.querySelector(`.op-findings tr[data-rule-id="${CHRONIC_RULE}"]`));
    expect(finding.textContent).toContain('高血压病');
  });
});
