// @vitest-environment happy-dom
import { h, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { language } from '../../../components/i18n';
import { ReviewContext } from '../../../components/review/context';
import { EventDetail } from '../../../components/review/EventDetail';
import { EventTable } from '../../../components/review/EventTable';
import { eventFacts, exportTable, LineNames } from '../../../components/review/event-facts';
import { NameBook, prescriberText, ruleText, unnamedRuleText } from '../../../components/review/names';
import type { FlagEvent } from '../../../contract/flag-event';
import type { ReviewDataSource } from '../../../contract/review/data-source';
import type { EventDetail as Detail, ListedEvent } from '../../../contract/review/events';
import type { Names } from '../../../contract/review/names';
import { KIND_NAMES } from '../../../rules/kinds/names';
import { mount } from '../components/fixtures';
import { latinWords } from './latin-words';
import { stubSource } from './stub-source';

/**
 * A review with no rule directory and no doctor directory loaded (a hub nobody uploaded packs or
 * a 医师目录 to): rules are called by their kind and the drug they fired on, doctors by 工号, and
 * the raw ids stay as quiet secondary text, never as the name.
 */

const RULE_ID = 'maxdose-XB01AFA319';
const CODE = 'XB01AFA319B001010101234';
const WS = { id: 'a1b2c3d4e5f60718', label: '门诊3诊室' };
const base = { sessionId: 's-1', profileId: 'demo-outpatient', page: 'http://127.0.0.1/outpatient.html', packVersion: '2026.11.1', orderId: 'RX-1', context: { department: '心血管内科', prescriberId: 'd-17' } };
const finding = { ruleId: RULE_ID, kind: 'quantity' as const, severity: 'critical' as const, lineId: '2', lineCode: CODE };
const order = {
  lines: [
    { id: '1', code: 'XC10AAA001', name: '阿托伐他汀钙片' },
    { id: '2', code: CODE, name: ' 西洛他唑片 ' },
  ],
  diagnoses: [{ code: 'I73.900', name: '周围血管病' }],
};
const shown: FlagEvent = { ...base, id: 'ev-shown-0001', at: '2026-11-22T02:15:00.000Z', type: 'finding-shown', finding, mode: 'interruptive', timings: { extractMs: 1, engineMs: 1, renderMs: 1, totalMs: 3 }, order };
const decided: FlagEvent = {
  ...base,
  id: 'ev-decided-0002',
  at: '2026-11-22T02:16:00.000Z',
  type: 'decision',
  finding,
  decision: { findingRef: { orderId: 'RX-1', ruleId: RULE_ID, lineId: '2' }, decision: 'continued', reason: '患者同意自费', reasonCode: '患者同意自费', at: '2026-11-22T02:16:00.000Z' },
};
const listed = (event: FlagEvent): ListedEvent => ({ event, workstation: WS, source: 'extension', receivedAt: event.at, verdict: null });

const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.splice(0).forEach((f) => f());
  language.value = 'zh-CN';
});

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
}

const NO_NAMES: Names = { rules: {}, prescribers: {}, workstations: {} };


function view(node: ComponentChild, data: ReviewDataSource): HTMLElement {
  const mounted = mount(h(ReviewContext.Provider, { value: { source: data, roleLabel: '质控' } }, node));
  cleanups.push(mounted.unmount);
  return mounted.container;
}

/** The detail's value beside a label (时间, 规则 …). */
function fact(root: HTMLElement, label: string): HTMLElement | undefined {
  const row = [...root.querySelectorAll('.rv-facts > div')].find((div) => div.querySelector('dt')?.textContent === label);
  return row?.querySelector('dd') ?? undefined;
}

describe('a rule no pack names', () => {
  it('is its kind and the drug it fired on, from the kind registry', () => {
    expect(unnamedRuleText('quantity', '西洛他唑片')).toBe(`${KIND_NAMES.quantity.zh} · 西洛他唑片`);
    expect(unnamedRuleText('quantity', '西洛他唑片')).toBe('超量 · 西洛他唑片');
    expect(unnamedRuleText('chronic-drug', '  ')).toBe(KIND_NAMES['chronic-drug'].zh);
    expect(unnamedRuleText('sex', undefined)).toBe('限性别');
    // A kind this build does not know is no name: the id stays what the view shows.
    expect(unnamedRuleText('made-up-kind', '西洛他唑片')).toBeUndefined();
    expect(unnamedRuleText(undefined, '西洛他唑片')).toBeUndefined();
    language.value = 'en';
    expect(unnamedRuleText('quantity', '西洛他唑片')).toBe('Over quantity · 西洛他唑片');
  });

  it('keeps the packs’ name when the book has one, and the id only as the last resort', async () => {
    const book = new NameBook(stubSource({ names: async () => ({ ...NO_NAMES, rules: { [RULE_ID]: { name: '甲苯磺酸艾多沙班', kind: 'quantity' } } }) }));
    expect(ruleText(book, RULE_ID, 'quantity', '西洛他唑片')).toBe('超量 · 西洛他唑片');
    await book.load({ rules: [RULE_ID] });
    expect(ruleText(book, RULE_ID, 'quantity', '西洛他唑片')).toBe('甲苯磺酸艾多沙班（超量）');
    expect(ruleText(book, 'rule-of-unknown-kind', 'made-up-kind')).toBe('rule-of-unknown-kind');
  });

  it('a doctor without a name is 医师 with the 工号 labelled, in every language', () => {
    const book = new NameBook(stubSource());
    expect(prescriberText(book, 'd-17')).toBe('医师（工号 d-17）');
    expect(prescriberText(book, undefined)).toBeUndefined();
    language.value = 'en';
    expect(prescriberText(book, 'd-17')).toBe('Doctor (staff no. d-17)');
  });
});

describe('line names across a page of records', () => {
  it('gives a decision the drug of the finding shown on the same order line, only while the code matches', () => {
    const lines = new LineNames([listed(shown), listed(decided)]);
    expect(eventFacts(listed(decided)).lineName).toBeUndefined();
    expect(lines.of(eventFacts(listed(decided)))).toBe('西洛他唑片');
    // The row now holds another drug: no name rather than the wrong one.
    const moved = { ...decided, finding: { ...finding, lineCode: 'XOTHERCODE' } } as FlagEvent;
    expect(lines.of(eventFacts(listed(moved)))).toBeUndefined();
    // Another workstation's order of the same number is another order.
    expect(lines.of(eventFacts({ ...listed(decided), workstation: { id: 'ffffeeeeddddcccc', label: '急诊' } }))).toBeUndefined();
  });

  it('exports the fallback names, the ids in their own columns', () => {
    const table = exportTable([listed(shown), listed(decided)], 'Asia/Shanghai', new NameBook(stubSource()));
    const rows = table.rows.map((row) => Object.fromEntries(table.header.map((name, i) => [name, row[i]])));
    expect(rows.map((r) => r['规则名称'])).toEqual(['超量 · 西洛他唑片', '超量 · 西洛他唑片']);
    expect(rows.map((r) => r['规则编号'])).toEqual([RULE_ID, RULE_ID]);
    expect(rows.map((r) => r['医生'])).toEqual(['医师（工号 d-17）', '医师（工号 d-17）']);
    expect(rows.map((r) => r['医生编号'])).toEqual(['d-17', 'd-17']);
  });
});

describe('the 事件复核 views without directories', () => {
  it('names the rule by kind and drug and the doctor by 工号 in the detail; ids only as secondary text', async () => {
    const detail: Detail = { ...listed(shown), history: [] };
    const root = view(h(EventDetail, { eventId: shown.id, onClose: () => {} }), stubSource({ eventDetail: async () => detail }));
    await settle();
    const rule = fact(root, '规则')!;
    expect(rule.querySelector('.rv-name')!.textContent).toBe('超量 · 西洛他唑片');
    expect(rule.querySelector('.rv-id')!.textContent).toBe(RULE_ID);
    // A narrow column may break the id at its hyphen, and only there (maxdose-|XB01AFA319).
    expect(rule.querySelector('.rv-id')!.innerHTML).toBe('maxdose-<wbr>XB01AFA319');
    expect(rule.querySelector('[title]')!.getAttribute('title')).toContain(RULE_ID);
    expect(fact(root, '药品/项目')!.textContent).toBe('西洛他唑片');
    const doctor = fact(root, '医生')!;
    expect(doctor.textContent).toBe('医师（工号 d-17）');
    expect(doctor.querySelector('.rv-id')!.textContent).toBe('d-17');
    // No id stands as a name anywhere in the facts, and no English word is on the Chinese screen.
    expect([...root.querySelectorAll('.rv-facts .rv-name')].map((n) => n.textContent)).not.toContain(RULE_ID);
    expect(latinWords(root.querySelector('.rv-facts')!)).toEqual([]);
  });

  it('names a decision’s rule by the drug the page’s finding-shown record names', async () => {
    const root = view(h(EventTable, { events: [listed(decided), listed(shown)], timeZone: 'Asia/Shanghai', onOpen: () => {} }), stubSource());
    await settle();
    const names = [...root.querySelectorAll('tbody .rv-rule .rv-name')].map((n) => n.textContent);
    expect(names).toEqual(['超量 · 西洛他唑片', '超量 · 西洛他唑片']);
    const doctors = [...root.querySelectorAll('tbody tr')].map((tr) => tr.children[6]!.textContent);
    expect(doctors).toEqual(['医师（工号 d-17）', '医师（工号 d-17）']);
    expect(latinWords(root)).toEqual([]);
  });

  it('shows the directory’s names once they are loaded', async () => {
    const names: Names = { rules: { [RULE_ID]: { name: '西洛他唑', kind: 'quantity' } }, prescribers: { 'd-17': { name: '张伟', department: '心血管内科' } }, workstations: {} };
    const root = view(h(EventTable, { events: [listed(shown)], timeZone: 'Asia/Shanghai', onOpen: () => {} }), stubSource({ names: async () => names }));
    await settle();
    expect(root.querySelector('tbody .rv-rule .rv-name')!.textContent).toBe('西洛他唑（超量）');
    expect(root.querySelector('tbody tr')!.children[6]!.querySelector('.rv-name')!.textContent).toBe('张伟');
  });
});
