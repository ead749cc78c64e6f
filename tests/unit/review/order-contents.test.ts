// @vitest-environment happy-dom
import { h, type ComponentChild } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DiagnosisList, OrderLinesTable } from '../../../components/review/OrderContents';
import type { LoggedLine } from '../../../contract/order-summary';
import { mount } from '../components/fixtures';

/**
 * The recorded order as the 质控's order detail and the appeal cards both show it: the lines a
 * finding is on marked, and with `withCodes` each code under its name and the 自费 mark.
 */

const LINES: LoggedLine[] = [
  { id: '1', code: 'XN07XXD130E002010102774', name: '丁苯酞软胶囊', spec: '0.1g*24粒', dose: 0.2, doseUnit: 'g', frequency: 'tid', days: 14, quantity: 2, unit: '盒' },
  { id: '2', code: 'XC09CAA284A001010100553', name: '', selfPay: true },
];

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function shown(node: ComponentChild): HTMLElement {
  const mounted = mount(node);
  cleanups.push(mounted.unmount);
  return mounted.container;
}

const cells = (row: Element) => Array.from(row.querySelectorAll('td')).map((td) => td.textContent);

describe('OrderLinesTable', () => {
  it('marks the flagged lines and writes each value as recorded', () => {
    const root = shown(h(OrderLinesTable, { lines: LINES, flagged: (id: string) => id === '1' }));
    const [first, second] = Array.from(root.querySelectorAll('tbody tr'));
    expect(first!.className).toBe('rv-line-flagged');
    expect(first!.getAttribute('data-line-id')).toBe('1');
    expect(cells(first!)).toEqual(['丁苯酞软胶囊有提示', '0.1g*24粒', '0.2g', 'tid', '14', '2盒']);
    expect(second!.className).toBe('');
    // Without codes shown, a line with no name is named by its code; the 自费 mark is the detail's.
    expect(cells(second!)[0]).toBe('XC09CAA284A001010100553');
    expect(root.querySelectorAll('.rv-id')).toHaveLength(0);
  });

  it('withCodes: the code under each name, 自费 marked, a missing name said as such', () => {
    const root = shown(h(OrderLinesTable, { lines: LINES, flagged: () => false, withCodes: true }));
    const [first, second] = Array.from(root.querySelectorAll('tbody tr'));
    expect(first!.querySelector('.rv-id')!.textContent).toBe('XN07XXD130E002010102774');
    expect(second!.querySelector('td')!.textContent).toBe('—自费XC09CAA284A001010100553');
    expect(root.querySelectorAll('.rv-line-flagged')).toHaveLength(0);
  });
});

describe('DiagnosisList', () => {
  it('lists each code with its name, the primary one tagged', () => {
    const root = shown(h(DiagnosisList, { diagnoses: [{ code: 'I63.900', name: '脑梗死', primary: true }, { code: 'I10.x05' }] }));
    expect(Array.from(root.querySelectorAll('li')).map((li) => li.textContent)).toEqual(['I63.900 脑梗死主诊断', 'I10.x05 ']);
  });
});
