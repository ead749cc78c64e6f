// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createOptionsStore, StoreContext } from '../../../../components/options/store-context';
import { TrialConsole } from '../../../../components/options/TrialConsole';
import { RuleSummaries } from '../../../../rules/store/search';
import { startRuleStore } from '../../../../rules/store/start';
import { listCases } from '../../../../rules/store/trial-cases';
import { LATIN_ALLOWED } from '../../review/latin-words';
import { openTestDb, smallPackText } from '../../store/support';
import { choose, mount, press, typeInto, waitFor } from '../support';

const COURSE = 'cat-course-丁苯酞软胶囊';
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function open() {
  const db = openTestDb();
  await startRuleStore(db, smallPackText([COURSE]));
  const store = createOptionsStore(db, await RuleSummaries.load(db));
  const view = mount(h(StoreContext.Provider, { value: store }, h(TrialConsole, { onOpenRule: () => {} })));
  cleanups.push(view.unmount);
  const root = view.container;
  await waitFor(() => root.querySelector('#trial-sex'));
  return { db, root };
}

/** Latin words of our own in the tab; codes and ids (code), frequency codes (option) are data. */
function latin(root: HTMLElement): string[] {
  const found: string[] = [];
  const walker = document.createTreeWalker(root, 4);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement?.closest('code, option, textarea')) continue;
    for (const token of (node.textContent ?? '').split(/[^A-Za-z0-9_.\-/:]+/)) if (/^[A-Za-z]{2,}$/.test(token) && !LATIN_ALLOWED.has(token) && token !== 'JSON') found.push(token);
  }
  return found;
}

const ORDER = {
  id: 'json-1',
  patient: { key: 'p1', sex: 'F', ageYears: 52 },
  encounter: { visitType: 'inpatient', date: '2026-11-22', diagnoses: [{ code: 'I63.900', name: '脑梗死', primary: true }] },
  lines: [{ id: '1', code: 'XN07XXD130E0', name: '丁苯酞软胶囊', days: 30, frequency: 'tid' }],
};

describe('the 试算 tab', () => {
  it('refuses an incomplete form with Chinese errors beside the fields, and runs once it is fixed', async () => {
    const { root } = await open();
    await press(root.querySelector('#trial-run'));
    const lineError = await waitFor(() => root.querySelector('[data-error-path="line.0.code"]'));
    expect(lineError.textContent).toContain('请搜索并选择药品或项目');
    expect(root.querySelector('#trial-problem')!.textContent).toContain('表单有 1 处需要修改');
    expect(root.querySelector('.op-trial-results')).toBeNull();
    expect(latin(root)).toEqual([]);

    await typeInto(root.querySelector('#trial-line-0-name'), '丁苯酞软胶囊');
    await typeInto(root.querySelector('#trial-line-0-code'), 'XN07XXD130E0');
    await typeInto(root.querySelector('#trial-line-0-days'), '30');
    expect(root.querySelector('[data-error-path]')).toBeNull();
    await press(root.querySelector('#trial-run'));
    const course = await waitFor(() => root.querySelector(`.op-findings tr[data-rule-id="${COURSE}"]`));
    expect(course.textContent).toContain('不予支付');
    expect(course.textContent).toContain('20 天');
  });

  it('loads valid JSON into the form and shows the form’s order as JSON, keeping fields the form does not show', async () => {
    const { root } = await open();
    await press(root.querySelector('#trial-mode-json'));
    await typeInto(root.querySelector('#trial-input'), '{"id": "x"');
    await press(root.querySelector('#trial-json-to-form'));
    expect(root.querySelector('.op-field-errors')!.textContent).toContain('不是有效的 JSON');
    expect(root.querySelector('#trial-mode-json')!.getAttribute('aria-selected')).toBe('true');

    await typeInto(root.querySelector('#trial-input'), JSON.stringify(ORDER));
    await press(root.querySelector('#trial-json-to-form'));
    expect(root.querySelector('#trial-mode-form')!.getAttribute('aria-selected')).toBe('true');
    expect(root.querySelector<HTMLSelectElement>('#trial-sex')!.value).toBe('F');
    expect(root.querySelector<HTMLInputElement>('#trial-age')!.value).toBe('52');
    expect(root.querySelector<HTMLSelectElement>('#trial-visitType')!.value).toBe('inpatient');
    expect(root.querySelector<HTMLInputElement>('#trial-dx-0-code')!.value).toBe('I63.900');
    expect(root.querySelector<HTMLInputElement>('#trial-line-0-days')!.value).toBe('30');

    await choose(root.querySelector('#trial-line-0-frequency'), 'bid');
    await press(root.querySelector('#trial-mode-json'));
    const shown = JSON.parse(root.querySelector<HTMLTextAreaElement>('#trial-input')!.value) as typeof ORDER;
    expect(shown).toEqual({ ...ORDER, lines: [{ ...ORDER.lines[0], kind: 'drug', frequency: 'bid' }] });
  });

  it('saves the order as a 试算用例 with the findings it has now', async () => {
    const { db, root } = await open();
    await press(root.querySelector('#trial-mode-json'));
    await typeInto(root.querySelector('#trial-input'), JSON.stringify(ORDER));
    await press(root.querySelector('#trial-json-to-form'));
    await typeInto(root.querySelector('#trial-save-name'), '住院 丁苯酞 30 天');
    await press(root.querySelector('#trial-save'));
    await waitFor(() => root.querySelector('.op-notice')?.textContent?.includes('已保存用例'));
    const [saved] = await listCases(db);
    expect(saved!.name).toBe('住院 丁苯酞 30 天');
    expect(saved!.order.lines[0]!.days).toBe(30);
    expect(saved!.expected.map((f) => f.ruleId)).toContain(COURSE);
    expect(saved!.expectedFrom).toBe('');
  });
});
