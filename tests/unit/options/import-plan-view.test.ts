// @vitest-environment happy-dom
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportPlanView } from '../../../components/options/ImportPlanView';
import { RuleSchema, type Rule } from '../../../rules/pack/schema';
import type { ConflictChoice, ImportPlan } from '../../../rules/store/import-merge';
import { mount, press } from './support';

/**
 * The import preview (ImportPlanView) for every merge category: rule names and kinds in Chinese,
 * what changes in words, retired rules with their reason and the 保留本院规则 / 删除 choice.
 */

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const insurance = (id: string, name: string, patch: Partial<Rule> = {}): Rule =>
  RuleSchema.parse({
    id, kind: 'insurance-type', name, basis: '国家医保局两库 第三批 药品限工伤保险', text: '限工伤保险',
    match: { codes: ['ZH01AAB0066010100716'] }, params: { allowed: ['work-injury'] }, ...patch,
  });

const SCAR = insurance('nhsa-r1-insurance-type-疤痕止痒软化膏', '疤痕止痒软化膏');
const CREAM = insurance('nhsa-r1-insurance-type-疤痕止痒软化乳膏', '疤痕止痒软化乳膏');
const VACCINE = insurance('nhsa-r1-insurance-type-冻干人用狂犬病疫苗(Vero细胞)', '冻干人用狂犬病疫苗(Vero细胞)');
const HYDROQUINONE = insurance('nhsa-r1-insurance-type-氢醌乳膏', '氢醌乳膏');
const BOTULINUM = insurance('nhsa-r1-insurance-type-注射用A型肉毒毒素', '注射用A型肉毒毒素');
/** A name with markup: rule texts are data and must show as text. */
const ADDED = insurance('nhsa-b3-insurance-type-<b>新药</b>', '<b>新药</b>', { text: '限工伤保险<script>x</script>' });
const THYMALFASIN = insurance('nhsa-r1-insurance-type-注射用胸腺法新', '注射用胸腺法新');

const PLAN: ImportPlan = {
  sources: [],
  entries: [
    { id: ADDED.id, category: 'added', kind: ADDED.kind, name: ADDED.name!, theirs: ADDED },
    { id: SCAR.id, category: 'updated', kind: SCAR.kind, name: SCAR.name!, base: SCAR, mine: SCAR, theirs: { ...SCAR, text: '限工伤保险参保人员' } },
    { id: CREAM.id, category: 'keptEdit', kind: CREAM.kind, name: CREAM.name!, base: CREAM, mine: { ...CREAM, severity: 'critical' }, theirs: CREAM },
    {
      id: VACCINE.id, category: 'conflict', kind: VACCINE.kind, name: VACCINE.name!,
      base: VACCINE, mine: { ...VACCINE, enabled: false }, theirs: { ...VACCINE, match: { codes: ['ZH01AAB0066010100716', 'XJ07BGR030B014010101246'] } },
    },
    { id: HYDROQUINONE.id, category: 'conflict', kind: HYDROQUINONE.kind, name: HYDROQUINONE.name!, base: HYDROQUINONE, mine: { ...HYDROQUINONE, severity: 'info' }, retiredReason: '第十五批 撤回' },
    { id: BOTULINUM.id, category: 'removed', kind: BOTULINUM.kind, name: BOTULINUM.name!, base: BOTULINUM, mine: BOTULINUM, retiredReason: '第十五批 合并' },
    { id: THYMALFASIN.id, category: 'unchanged', kind: THYMALFASIN.kind, name: THYMALFASIN.name!, base: THYMALFASIN, mine: THYMALFASIN, theirs: THYMALFASIN },
  ],
};

function show(choices: Record<string, ConflictChoice> = {}) {
  const chosen: [string, ConflictChoice][] = [];
  const { container, unmount } = mount(h(ImportPlanView, { plan: PLAN, choices, onChoose: (id, c) => chosen.push([id, c]) }));
  cleanups.push(unmount);
  const entry = (id: string) => container.querySelector(`li[data-rule-id="${CSS.escape(id)}"]`)!;
  return { container, chosen, entry };
}

const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const texts = (root: Element | null, selector: string) => [...(root?.querySelectorAll(selector) ?? [])].map((el) => text(el));

describe('the import preview', () => {
  it('counts every category and lists its rules by name and kind', () => {
    const { container, entry } = show();
    expect(text(container.querySelector('#import-plan-summary'))).toBe('新增 1 条，随新发布更新 1 条，保留本院修改 1 条，冲突待定 2 条，停用或删除 1 条，无变化 1 条');
    const sections = [...container.querySelectorAll('details.op-plan-cat')].map((d) => [d.getAttribute('data-category'), text(d.querySelector('summary')), (d as HTMLDetailsElement).open]);
    expect(sections).toEqual([
      ['added', '新增（1）', false],
      ['updated', '随新发布更新（1）', false],
      ['keptEdit', '保留本院修改（1）', false],
      ['conflict', '冲突待定（2）', true],
      ['removed', '停用或删除（1）', false],
      ['unchanged', '无变化（1）', false],
    ]);
    expect(text(entry(SCAR.id))).toContain('限险种 疤痕止痒软化膏');
    expect(text(entry(SCAR.id).querySelector('[data-path="text"]'))).toBe('限定支付范围原文 限工伤保险 → 限工伤保险参保人员');
    expect(text(entry(CREAM.id).querySelector('[data-path="severity"]'))).toBe('级别 需确认 → 不予支付');
    expect(text(entry(BOTULINUM.id))).toContain('新发布停用：第十五批 合并');
  });

  it('shows rule texts as text, never as markup', () => {
    const { entry } = show();
    const added = entry(ADDED.id);
    expect(added.querySelector('b, script')).toBeNull();
    expect(text(added)).toContain('<b>新药</b>');
    expect(text(added)).toContain('加入：限工伤保险<script>x</script>');
  });

  it('shows a conflict field by field with the side that moved, and takes the choice per rule', async () => {
    const { entry, chosen } = show({ [HYDROQUINONE.id]: 'theirs' });
    const vaccine = entry(VACCINE.id);
    const rows = [...vaccine.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => [text(td), td.classList.contains('op-moved')]));
    expect(rows).toEqual([
      [['启用', false], ['启用', false], ['停用', true], ['启用', false]],
      [['匹配编码 codes', false], ['ZH01AAB0066010100716', false], ['ZH01AAB0066010100716', false], ['ZH01AAB0066010100716、XJ07BGR030B014010101246', true]],
    ]);
    expect(texts(vaccine.querySelector('[role="radiogroup"]'), 'label')).toEqual(['保留本院修改', '采用新发布']);
    expect((vaccine.querySelector('input[value="mine"]') as HTMLInputElement).checked).toBe(true);

    // A retired rule the 医保办 edited: keep it as the hospital's own, or delete it.
    const retired = entry(HYDROQUINONE.id);
    expect(text(retired)).toContain('新发布停用：第十五批 撤回');
    expect(texts(retired.querySelector('[role="radiogroup"]'), 'label')).toEqual(['保留本院规则', '删除']);
    expect(texts(retired.querySelector('tr[data-path="severity"]'), 'td')).toEqual(['级别', '需确认', '提示', '（已停用）']);
    expect((retired.querySelector('input[value="theirs"]') as HTMLInputElement).checked).toBe(true);

    await press(vaccine.querySelector('input[value="theirs"]'));
    await press(retired.querySelector('input[value="mine"]'));
    expect(chosen).toEqual([[VACCINE.id, 'theirs'], [HYDROQUINONE.id, 'mine']]);
  });
});
