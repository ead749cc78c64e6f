// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { RuleEditor } from '../../../components/options/RuleEditor';
import { createOptionsStore, StoreContext } from '../../../components/options/store-context';
import { RuleSummaries } from '../../../rules/store/search';
import { startRuleStore } from '../../../rules/store/start';
import { openTestDb, smallPackText } from '../store/support';
import { buttonByText, choose, mount, press, typeInto, waitFor } from './support';

const COURSE = 'cat-course-丁苯酞软胶囊';
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function openEditor(ruleId: string | null) {
  const db = openTestDb();
  await startRuleStore(db, smallPackText([COURSE]));
  const store = createOptionsStore(db, await RuleSummaries.load(db));
  const opened: string[] = [];
  const view = mount(h(StoreContext.Provider, { value: store }, h(RuleEditor, { ruleId, onOpen: (id: string) => opened.push(id), onClose: () => {} })));
  cleanups.push(view.unmount);
  const root = view.container;
  await waitFor(() => root.querySelector('form'));
  return { db, store, root, opened };
}

const errorsAtField = (root: HTMLElement, path: string) =>
  [...root.querySelectorAll(`.op-field[data-path="${path}"] .op-field-errors li`)].map((li) => li.getAttribute('data-error-path'));

describe('the rule editor', () => {
  it('shows a bad course limit next to its field with the path params.maxDays, and saves nothing', async () => {
    const { db, root } = await openEditor(COURSE);
    const maxDays = root.querySelector<HTMLInputElement>('#param-maxDays')!;
    expect(maxDays.value).toBe('20');
    await typeInto(maxDays, '-3');
    expect(errorsAtField(root, 'params.maxDays')).toEqual(['params.maxDays']);
    expect(root.querySelector('.op-field[data-path="params.maxDays"]')!.textContent).toContain('params.maxDays');
    expect(root.querySelector('.op-error-summary')!.textContent).toContain('1');
    const save = buttonByText(root, '保存规则')!;
    expect(save.disabled).toBe(true);
    await typeInto(maxDays, '二十');
    expect(errorsAtField(root, 'params.maxDays')).toEqual(['params.maxDays']);
    expect((await db.rules.get(COURSE))!.rule.params).toEqual({ maxDays: 20 });

    await typeInto(maxDays, '14');
    expect(errorsAtField(root, 'params.maxDays')).toEqual([]);
    expect(save.disabled).toBe(false);
    await press(save);
    await waitFor(() => root.querySelector('.op-notice'));
    expect((await db.rules.get(COURSE))!.rule.params).toEqual({ maxDays: 14 });
  });

  it('validates params given as JSON with the same schema', async () => {
    const { root } = await openEditor(COURSE);
    const json = root.querySelector<HTMLTextAreaElement>('#params-json')!;
    await typeInto(json, '{"maxDays": 0, "windowDays": 30}');
    await press(buttonByText(root.querySelector('.op-advanced')!, '应用'));
    expect(errorsAtField(root, 'params.maxDays')).toEqual(['params.maxDays']);
    // The form follows the JSON.
    expect(root.querySelector<HTMLInputElement>('#param-windowDays')!.value).toBe('30');
    // Applying remounted the form: find the box again.
    await typeInto(root.querySelector('#params-json'), '{"maxDays": 14,');
    await press(buttonByText(root.querySelector('.op-advanced')!, '应用'));
    expect(root.querySelector('.op-advanced [role="alert"]')!.textContent).toContain('JSON 格式错误');
  });

  it('creates a local rule of another kind from its own form', async () => {
    const { db, root, opened } = await openEditor(null);
    await choose(root.querySelector('#rule-kind'), 'age');
    // A range with no bound is refused at `params`, shown inside the parameters box.
    expect([...root.querySelectorAll('.op-params > .op-field-errors li')].map((li) => li.getAttribute('data-error-path'))).toEqual(['params']);
    await typeInto(root.querySelector('#param-maxYears'), '17');
    await typeInto(root.querySelector('#rule-name'), '儿童清肺口服液');
    // No code, no prefix, no line kind: the match is refused under the match fields, once.
    expect([...root.querySelectorAll('li[data-error-path="match"]')]).toHaveLength(1);
    expect(root.querySelector('#rule-lineKinds')!.closest('.op-field')!.nextElementSibling!.textContent).toContain('match');
    // The first 11 characters of its national codes (ZA04CAE0023010100166 …), as in the demo pack.
    await typeInto(root.querySelector('#rule-prefixes'), 'ZA04CAE0023');
    await press(buttonByText(root, '保存规则'));
    await waitFor(() => opened.length > 0);
    const saved = (await db.rules.get(opened[0]!))!;
    expect(saved.origin).toBe('local');
    expect(saved.rule).toMatchObject({ kind: 'age', name: '儿童清肺口服液', match: { prefixes: ['ZA04CAE0023'] }, params: { group: 'range', maxYears: 17 } });
  });
});
