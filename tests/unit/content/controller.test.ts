// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_PROFILES, type SiteProfile } from '../../../adapters';
import { PreflightController } from '../../../entrypoints/content/controller';
import type { SubmitOutcome, SubmitVerdict } from '../../../entrypoints/content/submit-guard';
import { OVERRIDE_REASONS, type Decision, type ReasonCode } from '../../../contract/decision';
import { DEFAULT_SETTINGS, type PreflightSettings } from '../../../settings/schema';
import { EngineError } from '../../../workers/engine-client';
import {
  APALUTAMIDE,
  DAY_LIMIT_RULE_ID,
  FakeView,
  ManualTimers,
  RecordingLog,
  SEX_RULE_ID,
  cell,
  control,
  fakeEngine,
  gridRow,
  loadDemoPage,
  prescribeApalutamide,
  settleAsync,
  typeInto,
  type FakeEngine,
} from './support';

const outpatient = BUILT_IN_PROFILES.find((p) => p.id === 'demo-outpatient')!;
const ORDER_ID = 'RX202611220037-01';

interface Harness {
  controller: PreflightController;
  engine: FakeEngine;
  view: FakeView;
  log: RecordingLog;
  timers: ManualTimers;
}

let harness: Harness | undefined;

function start(settings: Partial<PreflightSettings> = {}, profile: SiteProfile = outpatient, engine = fakeEngine()): Harness {
  const timers = new ManualTimers();
  const view = new FakeView();
  const log = new RecordingLog();
  const controller = new PreflightController({
    document,
    profile,
    engine,
    // These tests were written for critical-only review; the warning default is tested in settings.
    settings: { ...DEFAULT_SETTINGS, warningBlocksSubmit: false, ...settings },
    recorder: log,
    createView: view.bind,
    sessionKey: profile.id,
    keySalt: 'test-salt',
    now: timers.now,
    clock: () => new Date('2026-11-22T09:30:00+08:00'),
    timers,
  });
  harness = { controller, engine, view, log, timers };
  controller.start();
  return harness;
}

/** Lets the debounce run out and the engine answer. */
async function afterPause(h: Harness, ms = 150): Promise<void> {
  await settleAsync(); // MutationObserver records
  h.timers.advance(ms);
  await settleAsync(); // engine answer
}

function held(verdict: SubmitVerdict): Promise<SubmitOutcome> {
  if (verdict.kind !== 'hold') throw new Error('expected the submission to be held');
  return verdict.until;
}

/** What the review dialog hands back when the doctor continues every finding with one preset reason. */
function continueAll(h: Harness, reason: ReasonCode = OVERRIDE_REASONS[0].display): Decision[] {
  const review = h.view.last.review!;
  return review.findings.map((f) => ({
    findingRef: { orderId: review.orderId, ruleId: f.ruleId, ...(f.lineId ? { lineId: f.lineId } : {}) },
    decision: 'continued',
    reason,
    reasonCode: reason,
    at: '2026-11-22T01:30:00.000Z',
  }));
}

beforeEach(() => {
  loadDemoPage();
});

afterEach(() => {
  harness?.controller.dispose();
  harness = undefined;
});

describe('checking while the doctor types', () => {
  it('checks the order read from the page once at start and marks the day-limit finding', async () => {
    const h = start();
    await settleAsync();
    expect(h.engine.check).toHaveBeenCalledTimes(1);
    const order = h.engine.orders()[0]!;
    expect(order.id).toBe(ORDER_ID);
    expect(order.lines.map((l) => l.id)).toEqual(['1', '2', '3']);
    // Row 1 is 阿利沙坦酯片 for 14 days in an outpatient prescription (limit 7).
    expect(h.view.marked()).toContain(`1:${DAY_LIMIT_RULE_ID}`);
    expect(h.view.last.status).toEqual({ state: 'checked' });
    expect(h.view.last.packVersion).toBe('2026.11.20');
    expect(h.view.last.lineNames['1']).toBe('阿利沙坦酯片');
    expect(h.view.last.rows.get('1')).toBe(gridRow('1'));
  });

  it('waits for a pause in typing, then sends one check with only the edited row re-read', async () => {
    const h = start();
    await settleAsync();
    // The banner changes behind our back; a row-only re-read must not pick it up.
    const sexCell = [...document.querySelectorAll('#patientBanner .val')].find((el) => el.textContent === '女')!;
    sexCell.textContent = '男';
    for (const days of ['1', '10', '10']) typeInto(gridRow('2'), 'days', days);
    await settleAsync();
    h.timers.advance(100);
    await settleAsync();
    expect(h.engine.check).toHaveBeenCalledTimes(1);
    h.timers.advance(50);
    await settleAsync();
    expect(h.engine.check).toHaveBeenCalledTimes(2);
    const order = h.engine.orders()[1]!;
    expect(order.lines.find((l) => l.id === '2')!.days).toBe(10);
    expect(order.patient.sex).toBe('F');
    expect(h.view.marked()).toContain(`2:${DAY_LIMIT_RULE_ID}`);
  });

  it('keeps checking during a long burst of typing (at most every 600 ms)', async () => {
    const h = start();
    await settleAsync();
    for (let i = 0; i < 8; i++) {
      typeInto(gridRow('2'), 'days', String(8 + i));
      await settleAsync();
      h.timers.advance(100);
    }
    await settleAsync();
    expect(h.engine.check.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it('re-reads the whole order when a row is added, and ignores edits that change nothing', async () => {
    const h = start();
    await settleAsync();
    const copy = gridRow('3').cloneNode(true) as HTMLTableRowElement;
    copy.id = 'jqg1';
    prescribeApalutamide(copy);
    gridRow('3').after(copy);
    await afterPause(h);
    expect(h.engine.orders()[1]!.lines.map((l) => l.id)).toEqual(['1', '2', '3', 'jqg1']);
    expect(h.view.marked()).toContain(`jqg1:${SEX_RULE_ID}`);
    typeInto(gridRow('2'), 'days', '7'); // it already says 7
    await afterPause(h);
    expect(h.engine.check).toHaveBeenCalledTimes(2);
  });

  it('shows 审核中 only when the engine takes longer than a moment', async () => {
    const h = start();
    await settleAsync();
    h.engine.hang();
    typeInto(gridRow('2'), 'days', '9');
    await afterPause(h);
    expect(h.view.last.status).toEqual({ state: 'checked' });
    h.timers.advance(150);
    expect(h.view.last.status).toEqual({ state: 'checking' });
    // Markers stay while the re-check runs.
    expect(h.view.marked()).toContain(`1:${DAY_LIMIT_RULE_ID}`);
  });

  it('says 审核未完成 when the engine does not answer within a second, and recovers when it does', async () => {
    const h = start();
    await settleAsync();
    h.engine.hang();
    typeInto(gridRow('2'), 'days', '9');
    await afterPause(h);
    h.timers.advance(999);
    expect(h.view.last.status.state).toBe('checking');
    h.timers.advance(1);
    expect(h.view.last.status).toMatchObject({ state: 'incomplete', reason: expect.stringContaining('1 秒') });
    expect(h.log.ofType('check-incomplete')).toEqual([
      expect.objectContaining({ reason: 'slow', during: 'typing', orderId: ORDER_ID, elapsedMs: 1000 }),
    ]);
    h.engine.revive();
    h.engine.answerHeld();
    await settleAsync();
    expect(h.view.last.status).toEqual({ state: 'checked' });
    expect(h.view.marked()).toContain(`2:${DAY_LIMIT_RULE_ID}`);
  });

  it('says 审核未完成 with the engine error, once per stretch of failures', async () => {
    const h = start({}, outpatient);
    await settleAsync();
    h.engine.failWith(new EngineError('disconnected', 'engine port closed'));
    typeInto(gridRow('2'), 'days', '9');
    await afterPause(h);
    typeInto(gridRow('2'), 'days', '10');
    await afterPause(h);
    expect(h.view.last.status).toMatchObject({ state: 'incomplete', reason: '与审核引擎的连接中断，将自动重新审核' });
    expect(h.view.last.findings).toEqual([]);
    expect(h.log.ofType('check-incomplete')).toHaveLength(1);
    expect(h.log.ofType('check-incomplete')[0]).toMatchObject({ reason: 'disconnected' });
  });

  it('asks again by itself while the engine is away, and shows the findings once it is back', async () => {
    const engine = fakeEngine();
    // The page opened while the engine was still starting: its first check finds nobody there.
    engine.failWith(new EngineError('disconnected', 'engine port closed'));
    const h = start({}, outpatient, engine);
    await settleAsync();
    expect(h.view.last.status).toMatchObject({ state: 'incomplete' });
    const failedCalls = engine.check.mock.calls.length;

    // First retry after 2 s: still away.
    await afterPause(h, 1999);
    expect(engine.check.mock.calls.length).toBe(failedCalls);
    await afterPause(h, 1 + 150);
    expect(engine.check.mock.calls.length).toBe(failedCalls + 1);
    expect(h.view.last.status).toMatchObject({ state: 'incomplete' });

    // The next wait is longer (4 s); the engine is back before it ends and nobody touched the page.
    engine.revive();
    await afterPause(h, 3999);
    expect(engine.check.mock.calls.length).toBe(failedCalls + 1);
    await afterPause(h, 1 + 150);
    expect(h.view.last.status).toEqual({ state: 'checked' });
    expect(h.view.marked()).toContain(`1:${DAY_LIMIT_RULE_ID}`);
    // Answered: no more asking, and one incomplete record for the whole stretch.
    const answered = engine.check.mock.calls.length;
    await afterPause(h, 60_000);
    expect(engine.check.mock.calls.length).toBe(answered);
    expect(h.log.ofType('check-incomplete')).toHaveLength(1);
  });

  it('does not ask again about an order the engine refused as such', async () => {
    const engine = fakeEngine();
    engine.failWith(new EngineError('bad-request', 'order rejected'));
    const h = start({}, outpatient, engine);
    await settleAsync();
    const calls = engine.check.mock.calls.length;
    engine.revive();
    await afterPause(h, 60_000);
    expect(engine.check.mock.calls.length).toBe(calls);
    expect(h.view.last.status).toMatchObject({ state: 'incomplete', reason: '医嘱数据无法发送给审核引擎' });
  });
});

describe('alert fatigue: once per order', () => {
  it('logs each finding as shown once per order, after it was painted, with its timings', async () => {
    const h = start();
    await settleAsync();
    expect(h.log.ofType('finding-shown')).toEqual([]);
    h.view.paint();
    const shown = h.log.ofType('finding-shown');
    expect(shown.map((e) => `${e.finding.lineId}:${e.finding.ruleId}`)).toContain(`1:${DAY_LIMIT_RULE_ID}`);
    const dayLimit = shown.find((e) => e.finding.ruleId === DAY_LIMIT_RULE_ID && e.finding.lineId === '1')!;
    expect(dayLimit).toMatchObject({
      orderId: ORDER_ID,
      mode: 'interruptive',
      finding: { kind: 'quantity', severity: 'warning', lineCode: 'XC09CAA284A001010100553' },
    });
    expect(dayLimit.timings.totalMs).toBeGreaterThanOrEqual(dayLimit.timings.extractMs);
    const count = shown.length;
    // The same findings again (days 14 → 13 still over the limit): nothing new is logged.
    typeInto(gridRow('1'), 'days', '13');
    await afterPause(h);
    h.view.paint();
    expect(h.log.ofType('finding-shown')).toHaveLength(count);
    expect(h.engine.check).toHaveBeenCalledTimes(2);
  });

  it('logs a fixed line as modified and a deleted line as removed, once each', async () => {
    const h = start();
    await settleAsync();
    typeInto(gridRow('1'), 'days', '7');
    typeInto(gridRow('1'), 'total', '1');
    await afterPause(h);
    expect(h.view.marked()).not.toContain(`1:${DAY_LIMIT_RULE_ID}`);
    const modified = h.log.ofType('decision').filter((e) => e.finding.lineId === '1');
    expect(modified.map((e) => e.decision.decision)).toEqual(['modified']);
    expect(modified[0]!.decision).toMatchObject({ findingRef: { orderId: ORDER_ID, ruleId: DAY_LIMIT_RULE_ID, lineId: '1' } });

    typeInto(gridRow('2'), 'days', '30');
    await afterPause(h);
    gridRow('2').remove();
    await afterPause(h);
    // Every finding line 2 had when it was deleted is logged once, as removed.
    const removed = h.log.ofType('decision').filter((e) => e.finding.lineId === '2');
    expect(removed.map((e) => e.decision.decision)).toEqual(removed.map(() => 'removed-line'));
    const keys = removed.map((e) => `${e.finding.ruleId}|${e.finding.kind}`);
    expect(keys).toContain(`${DAY_LIMIT_RULE_ID}|quantity`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('hides a dismissed finding for the rest of the order and logs it as ignored', async () => {
    const h = start();
    await settleAsync();
    const finding = h.view.last.findings.find((f) => f.ruleId === DAY_LIMIT_RULE_ID && f.lineId === '1')!;
    h.view.callbacks.onDismiss(finding);
    expect(h.view.marked()).not.toContain(`1:${DAY_LIMIT_RULE_ID}`);
    h.view.callbacks.onDismiss(finding);
    expect(h.log.ofType('decision').map((e) => e.decision.decision)).toEqual(['ignored']);
    typeInto(gridRow('1'), 'days', '20');
    await afterPause(h);
    expect(h.view.marked()).not.toContain(`1:${DAY_LIMIT_RULE_ID}`);
  });

  it('starts over when the page shows another order', async () => {
    const h = start();
    await settleAsync();
    h.view.paint();
    const before = h.log.ofType('finding-shown').length;
    document.getElementById('rxNo')!.textContent = 'RX202611220038-01';
    // An event outside the rows makes the controller read the whole page again.
    document.getElementById('patientBanner')!.dispatchEvent(new Event('change', { bubbles: true }));
    await afterPause(h);
    h.view.paint();
    const again = h.log.ofType('finding-shown').filter((e) => e.orderId === 'RX202611220038-01');
    expect(again.length).toBe(before);
  });
});

describe('the pre-submit review', () => {
  it('lets a submission through at once when nothing blocks (warnings do not by default)', async () => {
    const h = start();
    await settleAsync();
    expect(h.controller.onSubmitAttempt()).toEqual({ kind: 'pass' });
    expect(h.log.ofType('submit-check')).toEqual([expect.objectContaining({ outcome: 'clean', waitedMs: 0 })]);
  });

  it('holds a submission with a critical finding for review and lets it go once every finding has a reason', async () => {
    prescribeApalutamide(gridRow('3'));
    const h = start();
    await settleAsync();
    const until = held(h.controller.onSubmitAttempt());
    const review = h.view.last.review!;
    expect(review.orderId).toBe(ORDER_ID);
    expect(review.findings.map((f) => `${f.lineId}:${f.ruleId}`)).toEqual([`3:${SEX_RULE_ID}`]);
    h.view.callbacks.onContinue(continueAll(h, '患者同意自费'));
    await expect(until).resolves.toBe('submit');
    expect(h.view.last.review).toBeUndefined();
    const decisions = h.log.ofType('decision');
    expect(decisions).toEqual([
      expect.objectContaining({
        orderId: ORDER_ID,
        finding: expect.objectContaining({ ruleId: SEX_RULE_ID, severity: 'critical', lineCode: APALUTAMIDE.code }),
        decision: expect.objectContaining({ decision: 'continued', reason: '患者同意自费' }),
      }),
    ]);
    expect(h.log.ofType('review')).toEqual([expect.objectContaining({ outcome: 'continued', findingCount: 1 })]);
    // Continued findings are not asked about again in this order.
    expect(h.controller.onSubmitAttempt()).toEqual({ kind: 'pass' });
  });

  it('drops the submission when the doctor goes back to edit', async () => {
    prescribeApalutamide(gridRow('3'));
    const h = start();
    await settleAsync();
    const until = held(h.controller.onSubmitAttempt());
    h.view.callbacks.onReturn([]);
    await expect(until).resolves.toBe('cancel');
    expect(h.log.ofType('review')).toEqual([expect.objectContaining({ outcome: 'returned' })]);
    expect(h.log.ofType('decision')).toEqual([]);
    // Asked again next time.
    expect(h.controller.onSubmitAttempt().kind).toBe('hold');
  });

  it('reviews warnings too when configured, leaving out passive kinds', async () => {
    const h = start({ warningBlocksSubmit: true, kindModes: { indication: 'passive' } });
    await settleAsync();
    void held(h.controller.onSubmitAttempt());
    const kinds = new Set(h.view.last.review!.findings.map((f) => f.kind));
    expect(kinds.has('quantity')).toBe(true);
    expect(kinds.has('indication')).toBe(false);
  });

  it('records a reason for each of two findings one rule raises on one line', async () => {
    // 14 days (over 7) and 3 boxes where 14 days of 240 mg qd need 2: the day-limit rule twice.
    control(gridRow('1'), 'total').value = '3';
    const h = start({ warningBlocksSubmit: true, kindModes: { indication: 'passive', data: 'passive' } });
    await settleAsync();
    const until = held(h.controller.onSubmitAttempt());
    const asked = h.view.last.review!.findings.filter((f) => f.lineId === '1');
    expect(asked.map((f) => f.ruleId)).toEqual([DAY_LIMIT_RULE_ID, DAY_LIMIT_RULE_ID]);
    h.view.callbacks.onContinue(continueAll(h));
    await expect(until).resolves.toBe('submit');
    expect(h.log.ofType('decision').filter((e) => e.finding.lineId === '1')).toHaveLength(2);
    expect(h.controller.onSubmitAttempt()).toEqual({ kind: 'pass' });
  });

  it('waits for the engine when the order changed since the last result', async () => {
    const h = start();
    await settleAsync();
    prescribeApalutamide(gridRow('3'));
    // No event yet reached the debounce: the guard reads the page itself and asks the engine.
    const until = held(h.controller.onSubmitAttempt());
    await settleAsync();
    expect(h.engine.check).toHaveBeenCalledTimes(2);
    expect(h.view.last.review?.findings.map((f) => f.ruleId)).toEqual([SEX_RULE_ID]);
    h.view.callbacks.onContinue(continueAll(h));
    await expect(until).resolves.toBe('submit');
  });

  it('never holds a submission longer than a second when the engine is gone', async () => {
    const h = start();
    await settleAsync();
    h.engine.hang();
    typeInto(gridRow('1'), 'days', '3');
    const until = held(h.controller.onSubmitAttempt());
    let outcome: SubmitOutcome | undefined;
    void until.then((o) => (outcome = o));
    h.timers.advance(999);
    await settleAsync();
    expect(outcome).toBeUndefined();
    h.timers.advance(1);
    await settleAsync();
    expect(outcome).toBe('submit');
    expect(h.view.last.status.state).toBe('incomplete');
    expect(h.log.ofType('check-incomplete')).toEqual([expect.objectContaining({ during: 'submit', reason: 'slow', elapsedMs: 1000 })]);
    expect(h.log.ofType('submit-check')).toContainEqual(expect.objectContaining({ outcome: 'incomplete', waitedMs: 1000 }));
  });

  it('lets the submission through when the engine fails', async () => {
    const h = start();
    await settleAsync();
    h.engine.failWith(new EngineError('engine-failed', 'worker died'));
    typeInto(gridRow('1'), 'days', '3');
    await expect(held(h.controller.onSubmitAttempt())).resolves.toBe('submit');
    expect(h.log.ofType('submit-check').at(-1)).toMatchObject({ outcome: 'incomplete' });
  });

  it('asks the engine again at the submission when the last check failed, and reviews what it finds', async () => {
    const h = start();
    await settleAsync();
    h.engine.failWith(new EngineError('disconnected', 'engine port closed'));
    prescribeApalutamide(gridRow('3'));
    await afterPause(h);
    expect(h.view.last.status).toMatchObject({ state: 'incomplete' });
    // Back before the next try; the doctor submits the same order at once.
    h.engine.revive();
    const until = held(h.controller.onSubmitAttempt());
    await settleAsync();
    expect(h.view.last.review?.findings.map((f) => f.ruleId)).toEqual([SEX_RULE_ID]);
    h.view.callbacks.onContinue(continueAll(h));
    await expect(until).resolves.toBe('submit');
  });
});

describe('one-click fixes', () => {
  it('writes 改为 7 天 into the row, lets the page react, re-checks at once and logs one decision', async () => {
    const h = start();
    await settleAsync();
    const finding = h.view.last.findings.find((f) => f.ruleId === DAY_LIMIT_RULE_ID && f.lineId === '1' && f.actions.some((a) => a.type === 'set-days'))!;
    const setDays = finding.actions.find((a) => a.type === 'set-days')!;
    expect(setDays).toMatchObject({ value: 7, label: '改为 7 天' });
    expect(h.view.callbacks.canApply(setDays, finding)).toBe(true);
    // The page recomputes the total from the days, as outpatient.js does.
    control(gridRow('1'), 'days').addEventListener('change', () => (control(gridRow('1'), 'total').value = '1'));
    h.view.callbacks.onAction(finding, setDays);
    expect(control(gridRow('1'), 'days').value).toBe('7');
    await settleAsync();
    expect(h.engine.check).toHaveBeenCalledTimes(2);
    expect(h.view.marked()).not.toContain(`1:${DAY_LIMIT_RULE_ID}`);
    const decisions = h.log.ofType('decision').filter((e) => e.finding.ruleId === DAY_LIMIT_RULE_ID && e.finding.lineId === '1');
    expect(decisions.map((e) => [e.decision.decision, e.decision.action])).toEqual([['modified', 'set-days']]);
  });

  it('takes 已确认 as the doctor continuing with that attestation, not asked again at the review', async () => {
    prescribeApalutamide(gridRow('3'));
    const h = start();
    await settleAsync();
    // The engine gives "已确认：…" to indication conditions; here one is applied to the critical sex finding.
    const finding = h.view.last.findings.find((f) => f.ruleId === SEX_RULE_ID)!;
    const confirm = { type: 'confirm' as const, label: '已确认：患者为男性' };
    expect(h.view.callbacks.canApply(confirm, finding)).toBe(true);
    h.view.callbacks.onAction(finding, confirm);
    const decisions = h.log.ofType('decision').filter((e) => e.finding.ruleId === SEX_RULE_ID);
    expect(decisions.map((e) => [e.decision.decision, e.decision.action, e.decision.reason])).toEqual([['continued', 'confirm', '已确认：患者为男性']]);
    expect(h.view.marked()).not.toContain(`3:${SEX_RULE_ID}`);
    expect(h.controller.onSubmitAttempt()).toEqual({ kind: 'pass' });
  });

  it('offers a fix only where the profile allows writing the field', async () => {
    const readOnly: SiteProfile = { ...outpatient, writeBack: ['selfPay'] };
    const h = start({}, readOnly);
    await settleAsync();
    const finding = h.view.last.findings.find((f) => f.ruleId === DAY_LIMIT_RULE_ID && f.lineId === '1')!;
    expect(h.view.callbacks.canApply(finding.actions.find((a) => a.type === 'set-days')!, finding)).toBe(false);
    expect(h.view.callbacks.canApply(finding.actions.find((a) => a.type === 'mark-self-pay')!, finding)).toBe(true);
  });
});

describe('silent mode', () => {
  it('logs what it finds but shows nothing and never holds a submission', async () => {
    prescribeApalutamide(gridRow('3'));
    const h = start({ silent: true });
    await settleAsync();
    h.view.paint();
    expect(h.view.last.status).toEqual({ state: 'silent' });
    expect(h.view.last.findings).toEqual([]);
    const shown = h.log.ofType('finding-shown');
    expect(shown.length).toBeGreaterThan(0);
    expect(new Set(shown.map((e) => e.mode))).toEqual(new Set(['silent']));
    expect(h.controller.onSubmitAttempt()).toEqual({ kind: 'pass' });
    expect(h.log.ofType('submit-check')).toEqual([expect.objectContaining({ outcome: 'silent' })]);
  });

  it('can be switched on and off without a reload', async () => {
    const h = start();
    await settleAsync();
    h.controller.applySettings({ ...DEFAULT_SETTINGS, silent: true });
    expect(h.view.last.findings).toEqual([]);
    h.controller.applySettings(DEFAULT_SETTINGS);
    expect(h.view.marked()).toContain(`1:${DAY_LIMIT_RULE_ID}`);
  });
});

describe('页面适配失效', () => {
  it('shows the adapter state when a column is renamed, logs it once, and never blocks', async () => {
    prescribeApalutamide(gridRow('3'));
    const h = start();
    await settleAsync();
    document.querySelector('#rxGrid_insCode .ui-jqgrid-sortable')!.textContent = '国家编码';
    await afterPause(h);
    expect(h.view.last.status).toMatchObject({ state: 'adapter-broken', missing: [expect.stringContaining('医保编码')] });
    expect(h.view.last.findings).toEqual([]);
    typeInto(gridRow('1'), 'days', '5');
    await afterPause(h);
    expect(h.log.ofType('adapter-broken')).toHaveLength(1);
    expect(h.log.ofType('adapter-broken')[0]!.problems[0]).toMatchObject({ code: 'column-missing', field: 'lines.code' });
    expect(h.controller.onSubmitAttempt()).toEqual({ kind: 'pass' });
    // Fixed again (the page changed back): checking resumes.
    document.querySelector('#rxGrid_insCode .ui-jqgrid-sortable')!.textContent = '医保编码';
    await afterPause(h);
    expect(h.view.last.status.state).toBe('checked');
  });

  it('checks on without a renamed optional column, names it on the badge and logs it once', async () => {
    const h = start();
    await settleAsync();
    document.querySelector('#rxGrid_freq .ui-jqgrid-sortable')!.textContent = '用药频率';
    await afterPause(h);
    expect(h.view.last.status).toEqual({ state: 'checked', unread: ['频次'] });
    // The day limit needs no 频次: still found on line 1.
    expect(h.view.marked()).toContain(`1:${DAY_LIMIT_RULE_ID}`);
    expect(h.engine.check).toHaveBeenLastCalledWith(expect.objectContaining({ unread: ['lines.frequency'] }), expect.anything());
    typeInto(gridRow('1'), 'days', '5');
    await afterPause(h);
    expect(h.log.ofType('adapter-broken')).toEqual([]);
    expect(h.log.ofType('profile-problem')).toHaveLength(1);
    expect(h.log.ofType('profile-problem')[0]!.problems).toEqual([
      { code: 'column-missing', severity: 'warning', message: '频次：表头中没有「频次」列，页面可能已改版', field: 'lines.frequency' },
    ]);
    h.controller.onSubmitAttempt();
    expect(h.log.ofType('submit-check').map((e) => e.outcome)).toEqual(['clean']);
    document.querySelector('#rxGrid_freq .ui-jqgrid-sortable')!.textContent = '频次';
    await afterPause(h);
    expect(h.view.last.status).toEqual({ state: 'checked' });
  });

  it('waits briefly for a table that is not there yet, then says so', async () => {
    const table = document.getElementById('gbox_rxGrid')!;
    const parent = table.parentElement!;
    table.remove();
    const h = start();
    await settleAsync();
    expect(h.view.last.status.state).toBe('checking');
    h.timers.advance(2000);
    await afterPause(h);
    expect(h.view.last.status).toMatchObject({ state: 'adapter-broken' });
    expect(h.log.ofType('adapter-broken')[0]!.problems[0]).toMatchObject({ code: 'table-missing' });
    parent.append(table);
    await afterPause(h);
    expect(h.view.last.status.state).toBe('checked');
  });

  it('checks a table that appears during the grace period without ever showing the broken state', async () => {
    const table = document.getElementById('gbox_rxGrid')!;
    const parent = table.parentElement!;
    table.remove();
    const h = start();
    await settleAsync();
    h.timers.advance(500);
    parent.append(table);
    await afterPause(h);
    expect(h.view.last.status.state).toBe('checked');
    expect(h.view.models.some((m) => m.status.state === 'adapter-broken')).toBe(false);
    expect(h.log.ofType('adapter-broken')).toEqual([]);
  });
});

describe('our own UI', () => {
  it('ignores input typed into the overlay', async () => {
    const h = start();
    await settleAsync();
    document.body.append(h.view.host);
    const input = document.createElement('input');
    h.view.host.append(input);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await afterPause(h);
    expect(h.engine.check).toHaveBeenCalledTimes(1);
    expect(cell(gridRow('1'), 'days')).toBeTruthy();
  });
});
