import { readFileSync } from 'node:fs';
import path from 'node:path';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import type { ComponentChild } from 'preact';
import type { Finding } from '../../../contract/findings';
import { EventGateContext, type EventGate } from '../../../components/trusted-event';
import { check, makeOrder, makePack } from '../../support/builders';

const SHARED = path.resolve(__dirname, '../../../..', 'shared');

// 丁苯酞软胶囊: the structured catalogue keys it by its 12-character prefix and limits 疗程 to "20天".
const BUTYLPHTHALIDE_PREFIX = 'XN07XXD130E0';
export const BUTYLPHTHALIDE = 'XN07XXD130E002010102774';
// 阿帕他胺片 — 两库 第一批 药品规则库(限定性别对象): 男.
export const APALUTAMIDE = 'XL02BBA326A001010102180';

/** The 疗程限制 of 丁苯酞软胶囊 as the catalogue publishes it, in days. */
export function butylphthalideCourseDays(): number {
  const csv = readFileSync(path.join(SHARED, 'data/drug-restrictions-structured.csv'), 'utf8');
  const lines = csv.split(/\r?\n/);
  const header = lines[0]!.split(',');
  const row = lines.find((l) => l.startsWith(`${BUTYLPHTHALIDE_PREFIX},丁苯酞软胶囊,`));
  if (!row) throw new Error('丁苯酞软胶囊 not found in the structured catalogue');
  const course = row.split(',')[header.indexOf('疗程限制')]!;
  const days = Number(/^(\d+)天$/.exec(course)?.[1]);
  if (!Number.isFinite(days)) throw new Error(`unexpected 疗程限制 ${course}`);
  return days;
}

export const COURSE_DAYS = butylphthalideCourseDays();

const pack = makePack([
  {
    id: 'catalogue-丁苯酞软胶囊-course',
    kind: 'course',
    name: '丁苯酞软胶囊',
    basis: '国家医保药品目录 限支付疗程',
    text: `限脑卒中、脑梗死患者，支付不超过${COURSE_DAYS}天`,
    match: { prefixes: [BUTYLPHTHALIDE_PREFIX] },
    params: { maxDays: COURSE_DAYS },
  },
  {
    id: 'nhsa-r67-sex-阿帕他胺片',
    kind: 'sex',
    name: '阿帕他胺片',
    // A 医保办 may configure a hard stop; the review dialog always asks about critical findings.
    severity: 'critical',
    basis: '国家医保局两库 第一批 药品规则库(限定性别对象)',
    match: { codes: [APALUTAMIDE] },
    params: { allowed: 'M' },
  },
]);

export const LINE_NAMES = { '1': '丁苯酞软胶囊', '2': '阿帕他胺片', '3': '丁苯酞软胶囊' };

/**
 * A female outpatient with 丁苯酞 one day over its payable course (line 1), 阿帕他胺 (male only,
 * line 2) and a second 丁苯酞 line without days (line 3): a warning, a critical and an info finding.
 */
export function sampleFindings(): Finding[] {
  const order = makeOrder({
    id: 'rx-ui-1',
    patient: { sex: 'F' },
    lines: [
      { id: '1', code: BUTYLPHTHALIDE, name: '丁苯酞软胶囊', days: COURSE_DAYS + 1, quantity: 2, price: 98.5 },
      { id: '2', code: APALUTAMIDE, name: '阿帕他胺片', quantity: 1, price: 1200 },
      { id: '3', code: BUTYLPHTHALIDE, name: '丁苯酞软胶囊', days: 0, quantity: 1, price: 98.5 },
    ],
  });
  return check(pack, order).findings;
}

export function findingOf(findings: readonly Finding[], kind: Finding['kind']): Finding {
  const found = findings.find((f) => f.kind === kind);
  if (!found) throw new Error(`no ${kind} finding in ${JSON.stringify(findings)}`);
  return found;
}

/** A message as a spreadsheet could deliver it: markup that must stay text. */
export const HOSTILE = '<img src=x onerror="globalThis.__pfPwned=1">限儿童<b>粗体</b>';

/** happy-dom makes no trusted events: the components' own tests let theirs through, unless `gate` says otherwise. */
export const ANY_EVENT: EventGate = () => true;

export function withGate(node: ComponentChild, gate: EventGate = ANY_EVENT): ComponentChild {
  return h(EventGateContext.Provider, { value: gate }, node);
}

export function mount(
  node: ComponentChild,
  gate: EventGate = ANY_EVENT,
): { container: HTMLElement; rerender: (node: ComponentChild) => void; unmount: () => void } {
  const container = document.createElement('div');
  document.body.appendChild(container);
  act(() => render(withGate(node, gate), container));
  return {
    container,
    rerender: (next) => act(() => render(withGate(next, gate), container)),
    unmount: () => {
      act(() => render(null, container));
      container.remove();
    },
  };
}

export function buttonByText(root: ParentNode, text: string): HTMLButtonElement | undefined {
  return Array.from(root.querySelectorAll('button')).find((b) => b.textContent?.trim() === text);
}

export function click(el: Element | null | undefined): void {
  if (!el) throw new Error('nothing to click');
  act(() => {
    (el as HTMLElement).click();
  });
}
