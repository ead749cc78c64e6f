// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SiteProfileSchema } from '../../../adapters/profile-schema';
import { rowKeyOf } from '../../../adapters/row-key';
import { PreflightController } from '../../../entrypoints/content/controller';
import { DEFAULT_SETTINGS } from '../../../settings/schema';
import { DAY_LIMIT_RULE_ID, FakeView, ManualTimers, RecordingLog, fakeEngine, settleAsync } from './support';

/**
 * A Vue/Element-like grid without row ids that draws all its rows anew on every change: with
 * content keys the doctor's decisions and the markers stay on their lines when a line above is
 * deleted or the table is sorted. (By position, deleting line 1 would hand line 2's dismissal to
 * line 3, and hide a finding the doctor never saw.)
 */

const profile = SiteProfileSchema.parse({
  profileVersion: 1,
  id: 'spa-grid',
  name: 'SPA 表格',
  match: { urls: ['http://localhost/*'] },
  encounter: { visitType: { value: 'outpatient' } },
  orders: {
    table: '#grid',
    rows: 'tbody tr',
    headerRow: 'thead tr',
    rowKey: ['code', 'name', 'group'],
    fields: {
      group: { column: '组' },
      name: { column: '药品' },
      code: { column: '医保编码' },
      days: { column: '天数', css: 'input', transform: ['days'] },
    },
  },
});

interface Line {
  group: string;
  name: string;
  code: string;
  days: string;
}

const A: Line = { group: '1', name: '阿利沙坦酯片', code: 'XC09CAA284A001010100553', days: '7' };
const B: Line = { group: '2', name: '瑞舒伐他汀依折麦布片(I)', code: 'XC10BAR128A001010100177', days: '14' };
const C: Line = { group: '3', name: '苯磺酸氨氯地平片', code: 'XC08CAA017A001010100151', days: '10' };
const keyOf = (l: Line) => rowKeyOf({ code: l.code, name: l.name, group: l.group }, profile.orders.rowKey!)!;

/** The SPA's render: every row replaced by a new element, as a virtual-DOM re-render does. */
function render(lines: Line[]): void {
  const body = document.querySelector('#grid tbody')!;
  body.replaceChildren(
    ...lines.map((l) => {
      const tr = document.createElement('tr');
      for (const text of [l.group, l.name, l.code]) tr.append(Object.assign(document.createElement('td'), { textContent: text }));
      const days = document.createElement('td');
      days.append(Object.assign(document.createElement('input'), { value: l.days }));
      tr.append(days);
      return tr;
    }),
  );
}

let controller: PreflightController | undefined;
const timers = new ManualTimers();
const view = new FakeView();
const log = new RecordingLog();

beforeEach(() => {
  document.body.innerHTML = '<div id="grid"><table><thead><tr><th>组</th><th>药品</th><th>医保编码</th><th>天数</th></tr></thead><tbody></tbody></table></div>';
  render([A, B, C]);
  controller = new PreflightController({
    document,
    profile,
    engine: fakeEngine(),
    settings: { ...DEFAULT_SETTINGS, warningBlocksSubmit: false },
    recorder: log,
    createView: view.bind,
    sessionKey: profile.id,
    keySalt: 'salt',
    now: timers.now,
    clock: () => new Date('2026-11-22T09:30:00+08:00'),
    timers,
  });
  controller.start();
});

afterEach(() => {
  controller?.dispose();
  log.events.length = 0;
});

async function afterPause(): Promise<void> {
  await settleAsync();
  timers.advance(1000);
  await settleAsync();
}

/** Lines marked with the day limit (the page shows no 频次, so each line also has a data note). */
const overDays = () => view.last.findings.filter((f) => f.ruleId === DAY_LIMIT_RULE_ID && f.kind === 'quantity').map((f) => f.lineId);
const rowText = (l: Line) => view.last.rows.get(keyOf(l))?.textContent ?? '';

describe('decisions and markers on a grid that redraws its rows', () => {
  it('stay on their lines when a line above is deleted and when the rows are sorted', async () => {
    await settleAsync();
    expect(overDays()).toEqual([keyOf(B), keyOf(C)]);
    // The doctor dismisses 14 days of B (a chronic patient, say); C's 10 days stay flagged.
    view.callbacks.onDismiss(view.last.findings.find((f) => f.lineId === keyOf(B) && f.kind === 'quantity')!);
    expect(overDays()).toEqual([keyOf(C)]);

    render([B, C]); // A deleted: B and C move up a row, in new elements
    await afterPause();
    expect(overDays()).toEqual([keyOf(C)]);
    expect(rowText(C)).toContain(C.name);
    expect(view.last.rows.get(keyOf(C))!.isConnected).toBe(true);

    render([C, B]); // sorted the other way
    await afterPause();
    expect(overDays()).toEqual([keyOf(C)]);
    expect(document.querySelector('tbody tr')).toBe(view.last.rows.get(keyOf(C)));

    // The dismissal, and A's note going with A; B and C never looked removed.
    const decisions = log.ofType('decision').map((e) => [e.decision.findingRef.lineId, e.decision.decision]);
    expect(decisions).toEqual([
      [keyOf(B), 'ignored'],
      [keyOf(A), 'removed-line'],
    ]);
  });

  it('a fix typed into a redrawn row clears that line’s finding only', async () => {
    await settleAsync();
    render([C, B, A]);
    await afterPause();
    const days = view.last.rows.get(keyOf(C))!.querySelector('input')!;
    days.value = '7';
    days.dispatchEvent(new Event('input', { bubbles: true }));
    await afterPause();
    expect(overDays()).toEqual([keyOf(B)]);
    const resolved = log.ofType('decision').map((e) => [e.decision.findingRef.lineId, e.decision.decision]);
    expect(resolved).toEqual([[keyOf(C), 'modified']]);
  });
});
