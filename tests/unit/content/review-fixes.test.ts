// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BUILT_IN_PROFILES } from '../../../adapters';
import type { ConsentSheet } from '../../../components/consent/sheet';
import { PreflightController } from '../../../entrypoints/content/controller';
import type { SubmitOutcome, SubmitVerdict } from '../../../entrypoints/content/submit-guard';
import { DEFAULT_SETTINGS } from '../../../settings/schema';
import {
  APALUTAMIDE,
  FakeView,
  ManualTimers,
  RecordingLog,
  SEX_RULE_ID,
  control,
  fakeEngine,
  gridRow,
  loadDemoPage,
  prescribeApalutamide,
  settleAsync,
} from './support';

/** The content script's side of issue 10: fixes from the review, 补录诊断, 报告误报, places and the consent sheet. */

const outpatient = BUILT_IN_PROFILES.find((p) => p.id === 'demo-outpatient')!;
let controller: PreflightController | undefined;

function start(openConsent?: (sheet: ConsentSheet) => void) {
  const timers = new ManualTimers();
  const view = new FakeView();
  const log = new RecordingLog();
  const engine = fakeEngine();
  controller = new PreflightController({
    document,
    profile: outpatient,
    engine,
    settings: { ...DEFAULT_SETTINGS, warningBlocksSubmit: false },
    recorder: log,
    createView: view.bind,
    sessionKey: outpatient.id,
    keySalt: 'test-salt',
    hospitalName: '示例市第一人民医院',
    openConsent,
    now: timers.now,
    clock: () => new Date('2026-11-22T09:30:00+08:00'),
    timers,
  });
  controller.start();
  return { controller, view, log, engine, timers };
}

function held(verdict: SubmitVerdict): Promise<SubmitOutcome> {
  if (verdict.kind !== 'hold') throw new Error('expected the submission to be held');
  return verdict.until;
}

beforeEach(() => {
  loadDemoPage();
  // happy-dom lays nothing out: give every element a box, as a rendered page does.
  const box = { x: 10, y: 10, top: 10, left: 10, width: 40, height: 20, right: 50, bottom: 30, toJSON: () => ({}) };
  vi.spyOn(Element.prototype, 'getBoundingClientRect').mockReturnValue(box as DOMRect);
});
afterEach(() => {
  controller?.dispose();
  controller = undefined;
  vi.restoreAllMocks();
});

describe('the review dialog’s fixes', () => {
  it('writes 转自费 from the review, re-checks, marks the item resolved and offers the consent sheet', async () => {
    prescribeApalutamide(gridRow('3'));
    const sheets: ConsentSheet[] = [];
    const h = start((sheet) => sheets.push(sheet));
    await settleAsync();
    const until = held(h.controller.onSubmitAttempt());
    const review = h.view.last.review!;
    const sex = review.findings.find((f) => f.ruleId === SEX_RULE_ID)!;
    expect(review.resolved ?? []).not.toContain(true);
    expect(review.selfPayCount).toBe(0);
    const selfPay = sex.actions.find((a) => a.type === 'mark-self-pay')!;
    expect(h.view.callbacks.canApply(selfPay, sex)).toBe(true);
    h.view.callbacks.onAction(sex, selfPay);
    expect(control(gridRow('3'), 'selfPay').checked).toBe(true);
    await settleAsync();
    const after = h.view.last.review!;
    expect(after.findings.map((f) => f.ruleId)).toContain(SEX_RULE_ID);
    expect(after.resolved![after.findings.findIndex((f) => f.ruleId === SEX_RULE_ID)]).toBe(true);
    expect(after.selfPayCount).toBe(1);
    expect(h.log.ofType('decision').map((e) => [e.finding.ruleId, e.decision.decision, e.decision.action])).toEqual([[SEX_RULE_ID, 'modified', 'mark-self-pay']]);

    h.view.callbacks.onConsent!();
    expect(sheets).toHaveLength(1);
    expect(sheets[0]).toMatchObject({
      hospital: '示例市第一人民医院',
      patient: { name: '张秀兰', id: 'MZ202611220037', sex: '女', age: '45岁' },
      department: '心血管内科',
      date: '2026-11-22',
      items: [{ name: APALUTAMIDE.name, reason: sex.message }],
    });
    // Nothing of the sheet reached the flag log.
    expect(JSON.stringify(h.log.events)).not.toContain('张秀兰');

    h.view.callbacks.onContinue([]);
    await expect(until).resolves.toBe('submit');
  });

  it('补录诊断 goes back to editing and outlines the diagnoses on the page', async () => {
    prescribeApalutamide(gridRow('3'));
    const h = start();
    await settleAsync();
    const until = held(h.controller.onSubmitAttempt());
    const sex = h.view.last.review!.findings[0]!;
    h.view.callbacks.onAddDiagnosis!(sex, []);
    await expect(until).resolves.toBe('cancel');
    await settleAsync();
    expect(h.view.last.review).toBeUndefined();
    expect(h.view.last.highlight).toBe(document.querySelector('#diagTable'));
    expect(h.log.ofType('review')).toEqual([expect.objectContaining({ outcome: 'returned' })]);
    expect(h.log.ofType('decision').map((e) => e.decision.action)).toEqual(['add-diagnosis']);
  });
});

describe('places and objections', () => {
  it('names rows by the page’s 序号 and outlines the focused finding’s field', async () => {
    prescribeApalutamide(gridRow('3'));
    const h = start();
    await settleAsync();
    expect(h.view.last.lineLabels).toMatchObject({ '1': '序号 1', '2': '序号 2', '3': '序号 3' });
    const sex = h.view.last.findings.find((f) => f.ruleId === SEX_RULE_ID)!;
    h.view.callbacks.onFocusFinding!(sex);
    await settleAsync();
    // 性别 in the patient banner: the value's element the profile reads.
    expect(h.view.last.highlight?.textContent).toBe('女');
    const days = h.view.last.findings.find((f) => f.lineId === '1' && f.kind === 'quantity')!;
    h.view.callbacks.onFocusFinding!(days);
    await settleAsync();
    expect(h.view.last.highlight).toBe(control(gridRow('1'), 'days'));
    h.view.callbacks.onFocusFinding!(undefined);
    await settleAsync();
    expect(h.view.last.highlight).toBeUndefined();
    // The submit control is what our boxes keep off.
    expect(h.view.last.avoid).toEqual([document.querySelector('#btnSubmitRx')]);
  });

  it('records 报告误报 as an objection with the doctor’s note, the finding staying', async () => {
    const h = start();
    await settleAsync();
    const finding = h.view.last.findings.find((f) => f.lineId === '1')!;
    h.view.callbacks.onReport!(finding, '慢性病长期处方，已备案');
    expect(h.log.ofType('objection')).toEqual([
      expect.objectContaining({
        orderId: 'RX202611220037-01',
        finding: expect.objectContaining({ ruleId: finding.ruleId, lineId: '1' }),
        reason: '慢性病长期处方，已备案',
      }),
    ]);
    expect(h.view.last.findings).toContain(finding);
  });

  it('never lets an error in our UI callbacks reach the page', async () => {
    const h = start(() => {
      throw new Error('boom');
    });
    await settleAsync();
    prescribeApalutamide(gridRow('3'));
    control(gridRow('3'), 'selfPay').checked = true;
    expect(() => h.view.callbacks.onConsent!()).not.toThrow();
    expect(() => h.view.callbacks.onFocusFinding!({ ruleId: 'x', kind: 'data', severity: 'info', message: 'm', actions: [] })).not.toThrow();
  });
});
