// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_PROFILES } from '../../../adapters';
import type { Action, Finding } from '../../../contract/findings';
import { PreflightController } from '../../../entrypoints/content/controller';
import { manualFixText } from '../../../entrypoints/content/fix-notes';
import { DEFAULT_SETTINGS } from '../../../settings/schema';
import { DAY_LIMIT_RULE_ID, FakeView, ManualTimers, RecordingLog, cell, control, fakeEngine, gridRow, loadDemoPage, settleAsync } from './support';

/** One-click fixes that cannot be made: the popover says why and gives the step to take by hand. */

const outpatient = BUILT_IN_PROFILES.find((p) => p.id === 'demo-outpatient')!;
let controller: PreflightController | undefined;

function start() {
  const timers = new ManualTimers();
  const view = new FakeView();
  const log = new RecordingLog();
  controller = new PreflightController({
    document,
    profile: outpatient,
    engine: fakeEngine(),
    settings: DEFAULT_SETTINGS,
    recorder: log,
    createView: view.bind,
    sessionKey: outpatient.id,
    now: timers.now,
    timers,
  });
  controller.start();
  return { view, log };
}

function dayFix(view: FakeView): { finding: Finding; action: Action } {
  const finding = view.last.findings.find((f) => f.ruleId === DAY_LIMIT_RULE_ID && f.lineId === '1')!;
  return { finding, action: finding.actions.find((a) => a.type === 'set-days')! };
}

beforeEach(() => loadDemoPage());
afterEach(() => {
  controller?.dispose();
  controller = undefined;
});

describe('fixes that cannot be made', () => {
  it('are offered as buttons while the live cell takes them', async () => {
    const { view } = start();
    await settleAsync();
    const { finding, action } = dayFix(view);
    expect(action.value).toBe(7);
    expect(view.callbacks.canApply(action, finding)).toBe(true);
    expect(view.callbacks.fixNote!(action, finding)).toBeUndefined();
  });

  it('give the reason and the manual step when the cell is read-only, before any click', async () => {
    const { view } = start();
    await settleAsync();
    control(gridRow('1'), 'days').readOnly = true;
    const { finding, action } = dayFix(view);
    expect(view.callbacks.canApply(action, finding)).toBe(false);
    expect(view.callbacks.fixNote!(action, finding)).toBe('无法自动修改（该单元格为只读），请在序号 1「天数」中手动改为 7');
  });

  it('give the reason after a write the page refused, and no longer offer the button', async () => {
    const { view, log } = start();
    await settleAsync();
    // A select without the value the fix writes.
    cell(gridRow('1'), 'days').innerHTML = '<select><option>10</option><option>14</option></select>';
    const { finding, action } = dayFix(view);
    expect(view.callbacks.canApply(action, finding)).toBe(true);
    const renders = view.models.length;
    view.callbacks.onAction(finding, action);
    await settleAsync();
    expect(view.models.length).toBeGreaterThan(renders);
    expect(view.callbacks.canApply(action, finding)).toBe(false);
    expect(view.callbacks.fixNote!(action, finding)).toBe('无法自动修改（页面不接受「7」），请在序号 1「天数」中手动改为 7');
    expect(log.ofType('decision')).toEqual([]);
  });

  it('say 勾选 for a flag', () => {
    expect(manualFixText({ why: '该单元格不可编辑', row: '第 2 行 · 组号 1', column: '自费', value: true })).toBe(
      '无法自动修改（该单元格不可编辑），请在第 2 行「自费」中手动勾选',
    );
  });
});
