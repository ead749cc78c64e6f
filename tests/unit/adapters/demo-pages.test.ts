import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, type BrowserPage } from 'happy-dom';
import { extractOrder } from '../../../adapters/extract';
import { extractRow } from '../../../adapters/extract-table';
import { selectProfile } from '../../../adapters/match';
import { BUILT_IN_PROFILES } from '../../../adapters/profiles';
import { rowKeyOf } from '../../../adapters/row-key';
import { writeBack } from '../../../adapters/write-back';
import { DEMO_DIR, loadProfile, settleSelects } from './support';

/**
 * The demo pages with their own scripts running, in happy-dom. Files are served by happy-dom's
 * virtual server: its script loading is synchronous, so an HTTP server in this same process could
 * never answer it (the HTTP server is tested in demo-server.test.ts).
 */

const ORIGIN = 'http://127.0.0.1:5173';
const outpatient = loadProfile('demo-outpatient');
const inpatient = loadProfile('demo-inpatient');
const fhir = loadProfile('demo-fhir');
const herbal = loadProfile('demo-herbal');

let browser: Browser;

beforeAll(() => {
  browser = new Browser({
    settings: {
      enableJavaScriptEvaluation: true,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      enableIframePageLoading: true,
      enableCSSFileLoading: true,
      fetch: { virtualServers: [{ url: `${ORIGIN}/`, directory: DEMO_DIR }] },
    },
  });
});

afterAll(async () => {
  await browser.close();
});

interface DemoWindow extends Window {
  __submitted: Array<{ page: string; lines: Array<Record<string, string>> }>;
  __hostileRemoved: number;
  __hostileSweep(): void;
}

interface Opened {
  page: BrowserPage;
  window: DemoWindow;
  document: Document;
}

/** Opens a page; pages that poll with setInterval are not waited for beyond their load. */
async function open(path: string, waitForTimers = true): Promise<Opened> {
  const page = browser.newPage();
  await page.goto(`${ORIGIN}${path}`);
  if (waitForTimers) await page.waitUntilComplete();
  const window = page.mainFrame.window as unknown as DemoWindow;
  return { page, window, document: settleSelects(window.document as unknown as Document) };
}

function fire(el: Element, type: string, init: Record<string, unknown> = {}): void {
  const view = el.ownerDocument.defaultView as unknown as typeof globalThis;
  const Ctor = type.startsWith('key') ? view.KeyboardEvent : view.Event;
  el.dispatchEvent(new Ctor(type, { bubbles: true, cancelable: true, ...init }));
}

function type(input: Element, text: string): void {
  (input as HTMLInputElement).value = text;
  fire(input, 'input');
}

function consoleErrors(page: BrowserPage): string {
  return page.virtualConsolePrinter
    .read()
    .filter((entry) => entry.type === 'error')
    .map((entry) => entry.message.map(String).join(' '))
    .join('\n');
}

describe('outpatient page with its scripts', () => {
  it('loads without script errors and reads as the static page does', async () => {
    const { page, document } = await open('/outpatient.html');
    expect(consoleErrors(page)).toBe('');
    const { order, problems } = extractOrder(document, outpatient);
    expect(problems).toEqual([]);
    expect(order!.lines.map((l) => [l.id, l.code, l.frequency, l.days, l.quantity])).toEqual([
      ['1', 'XC09CAA284A001010100553', 'qd', 14, 2],
      ['2', 'XC10BAR128A001010100177', 'qn', 7, 1],
      ['3', 'XN07XXD130E002010102774', 'tid', 7, 2],
    ]);
    await page.close();
  });

  it('adds a row, finds a drug by name and works out the total; a blank row is no line', async () => {
    const { page, document } = await open('/outpatient.html');
    document.getElementById('btnAddRow')!.dispatchEvent(new (document.defaultView as unknown as typeof globalThis).MouseEvent('click', { bubbles: true }));
    const row = document.getElementById('jqg1')!;
    expect(row).not.toBeNull();
    expect(extractOrder(document, outpatient).order!.lines).toHaveLength(3);

    const name = row.querySelector('input.drug-name')!;
    type(name, '丁苯');
    const suggestions = [...document.querySelectorAll('#drugSuggest li .s-name')].map((li) => li.textContent);
    expect(suggestions).toEqual(['丁苯酞软胶囊']);
    fire(name, 'keydown', { key: 'Enter' });
    const days = row.querySelector('td[aria-describedby="rxGrid_days"] input')!;
    (days as HTMLInputElement).value = '14';
    fire(days, 'change');

    const { line, problems } = extractRow(row, outpatient);
    expect(problems).toEqual([]);
    // 0.2 g three times a day for 14 days is 84 capsules of 0.1 g: 4 boxes of 24.
    expect(line).toMatchObject({
      id: 'jqg1', code: 'XN07XXD130E002010102774', name: '丁苯酞软胶囊', spec: '0.1g*24粒',
      dose: 0.2, doseUnit: 'g', frequency: 'tid', days: 14, quantity: 4, unit: '盒', price: 98.5,
    });
    await page.close();
  });

  it('lets a write-back of days drive the page’s own total', async () => {
    const { page, document } = await open('/outpatient.html');
    const row = document.getElementById('1')!;
    expect(writeBack(row, 'days', 7, outpatient)).toEqual({ ok: true });
    // 240 mg once a day for 7 days is 7 tablets: one box of 7, so the prescription total drops by 53.20.
    expect(extractRow(row, outpatient).line).toMatchObject({ days: 7, quantity: 1 });
    expect(document.getElementById('rxTotal')!.textContent).toBe('288.70');
    await page.close();
  });

  it('deletes ticked rows', async () => {
    const { page, document } = await open('/outpatient.html');
    (document.querySelector('[id="2"] input.cbox') as HTMLInputElement).checked = true;
    (document.getElementById('btnDelRow') as HTMLButtonElement).click();
    expect(extractOrder(document, outpatient).order!.lines.map((l) => l.id)).toEqual(['1', '3']);
    await page.close();
  });

  it('records its own submission from the button and from Ctrl+Enter, and refuses an unchosen drug', async () => {
    const { page, window, document } = await open('/outpatient.html');
    expect(window.__submitted).toEqual([]);
    expect(document.querySelector(outpatient.submit.controls[0]!)).toBe(document.getElementById('btnSubmitRx'));
    (document.getElementById('btnSubmitRx') as HTMLButtonElement).click();
    expect(window.__submitted).toHaveLength(1);
    expect(window.__submitted[0]!.lines.map((l) => l.code)).toEqual([
      'XC09CAA284A001010100553', 'XC10BAR128A001010100177', 'XN07XXD130E002010102774',
    ]);
    expect(document.getElementById('statusMsg')!.textContent).toBe('处方已提交');

    fire(document.querySelector('#gbox_rxGrid input.drug-name')!, 'keydown', { key: 'Enter', ctrlKey: true });
    expect(window.__submitted).toHaveLength(2);

    type(document.querySelector('[id="3"] input.drug-name')!, '阿莫西林');
    (document.getElementById('btnSubmitRx') as HTMLButtonElement).click();
    expect(window.__submitted).toHaveLength(2);
    expect(document.getElementById('statusMsg')!.textContent).toBe('第3行未选择药品');
    await page.close();
  });
});

describe('inpatient SPA inside the iframe', () => {
  /** The SPA's rows carry no id: the profile keys them by code, name and group. */
  const key = (code: string, name: string, group: string) => rowKeyOf({ code, name, group }, inpatient.orders.rowKey!);
  const firstRow = (doc: Document) => [...extractOrder(doc, inpatient).rows.values()][0]!;

  async function frame(): Promise<Opened & { frameWindow: DemoWindow; frameDoc: Document }> {
    const opened = await open('/inpatient.html');
    const iframe = opened.document.getElementById('mainFrame') as HTMLIFrameElement;
    const frameWindow = iframe.contentWindow as unknown as DemoWindow;
    return { ...opened, frameWindow, frameDoc: frameWindow.document };
  }

  it('is picked by the frame URL and reads the long-term orders', async () => {
    const { page, frameWindow, frameDoc } = await frame();
    expect(consoleErrors(page)).toBe('');
    expect(selectProfile(BUILT_IN_PROFILES, { url: frameWindow.location.href, inFrame: true })?.id).toBe('demo-inpatient');
    const { order, rows, problems } = extractOrder(frameDoc, inpatient);
    expect(problems).toEqual([]);
    expect(order!.patient).toMatchObject({ sex: 'M', ageYears: 68 });
    expect(order!.encounter).toMatchObject({
      visitType: 'inpatient', date: '2026-11-22', department: '神经内科', insuranceType: 'employee', institutionLevel: 3,
    });
    expect(order!.encounter.diagnoses).toEqual([
      { code: 'I63.900', name: '脑梗死', primary: true },
      { code: 'I10.x05', name: '高血压3级', primary: false },
      { code: 'E11.900', name: '2型糖尿病', primary: false },
    ]);
    expect(order!.lines[0]).toEqual({
      id: key('XB01AXA223B001010100269', '注射用奥扎格雷钠', '1'), code: 'XB01AXA223B001010100269', name: '注射用奥扎格雷钠', kind: 'drug', spec: '40mg',
      dose: 80, doseUnit: 'mg', route: '静脉滴注', frequency: '每日两次', quantity: 4, unit: '支',
      price: 18.6, selfPay: false, group: '1', date: '2026-11-18',
    });
    expect(order!.lines.map((l) => [l.code, l.dose, l.doseUnit, l.frequency])).toEqual([
      ['XB01AXA223B001010100269', 80, 'mg', '每日两次'],
      ['XN07XXD130E002010102774', 0.2, 'g', '每日三次'],
      ['XC01EBG072B002010100151', 0.4, 'g', '每日一次'],
      ['XB05AAR021B001010100348', 10, 'g', '每日一次'],
    ]);
    // Rows come from the body table, not from the fixed-column overlay that repeats them.
    expect(frameDoc.querySelectorAll('#orderTable tr.el-table__row')).toHaveLength(8);
    expect([...rows.values()].every((tr) => tr.closest('.el-table__body-wrapper'))).toBe(true);
    await page.close();
  });

  it('re-renders on a tab switch; 出院带药 reads as discharge with days and boxes', async () => {
    const { page, frameDoc } = await frame();
    const before = firstRow(frameDoc);
    (frameDoc.getElementById('tab-discharge') as HTMLElement).click();
    expect(before.isConnected).toBe(false);
    const { order, problems } = extractOrder(frameDoc, inpatient);
    expect(problems).toEqual([]);
    expect(order!.encounter.visitType).toBe('discharge');
    expect(order!.lines.map((l) => [l.id, l.name, l.frequency, l.days, l.quantity, l.unit])).toEqual([
      [key('XN07XXD130E002010102774', '丁苯酞软胶囊', '1'), '丁苯酞软胶囊', '每日三次', 14, 4, '盒'],
      [key('XC09CAA284A001010100553', '阿利沙坦酯片', '2'), '阿利沙坦酯片', '每日一次', 30, 5, '盒'],
      [key('XA10BKH120A001010101445', '脯氨酸恒格列净片', '3'), '脯氨酸恒格列净片', '每日一次', 30, 3, '盒'],
    ]);
    await page.close();
  });

  it('takes a write-back of days and recomputes the boxes in place', async () => {
    const { page, frameDoc } = await frame();
    (frameDoc.getElementById('tab-discharge') as HTMLElement).click();
    const row = firstRow(frameDoc);
    expect(writeBack(row, 'days', 7, inpatient)).toEqual({ ok: true });
    expect(row.isConnected).toBe(true);
    // 0.2 g three times a day for 7 days: 42 capsules, 2 boxes of 24.
    expect(extractRow(row, inpatient).line).toMatchObject({ days: 7, quantity: 2 });
    await page.close();
  });

  it('keeps each line’s key through a delete and a sort, and does not count adding a row as submitting', async () => {
    const { page, frameWindow, frameDoc } = await frame();
    (frameDoc.getElementById('tab-discharge') as HTMLElement).click();
    const read = () => extractOrder(frameDoc, inpatient).order!.lines.map((l) => [l.id, l.name]);
    const [, second, third] = read();
    (frameDoc.querySelector('.el-table__fixed-right tr.el-table__row [data-action="delete"]') as HTMLElement).click();
    // The first line gone, the others move up a row and keep their keys (by position they would not).
    expect(read()).toEqual([second, third]);
    // 开始时间 sorted twice: descending, the rows drawn anew in the other order, same keys.
    const sortHeader = frameDoc.querySelector('.el-table__header-wrapper th.is-sortable') as HTMLElement;
    sortHeader.click();
    sortHeader.click();
    expect(sortHeader.classList.contains('descending')).toBe(true);
    expect(read()).toEqual([third, second]);
    sortHeader.click();
    expect(read()).toEqual([second, third]);

    const drug = frameDoc.getElementById('noDrug') as HTMLInputElement;
    drug.value = '非那雄胺片';
    fire(drug, 'change');
    (frameDoc.getElementById('noDays') as HTMLInputElement).value = '30';
    fire(frameDoc.getElementById('newOrderForm')!, 'submit');
    const lines = extractOrder(frameDoc, inpatient).order!.lines;
    // 5 mg once a day for 30 days: 30 tablets, 3 boxes of 10.
    expect(lines[2]).toMatchObject({ id: key('XG04CBF019A001010100030', '非那雄胺片', '4'), code: 'XG04CBF019A001010100030', days: 30, quantity: 3, unit: '盒', dose: 5, doseUnit: 'mg' });
    expect(frameWindow.__submitted).toEqual([]);

    (frameDoc.getElementById('btnSaveOrders') as HTMLElement).click();
    expect(frameWindow.__submitted).toHaveLength(1);
    expect(frameWindow.__submitted[0]!.lines.map((l) => l.code)).toEqual([
      'XC09CAA284A001010100553', 'XA10BKH120A001010101445', 'XG04CBF019A001010100030',
    ]);
    await page.close();
  });
});

describe('FHIR-shaped order form', () => {
  it('reads Patient, Encounter, Conditions and MedicationRequests', async () => {
    const { page, document } = await open('/fhir-order.html');
    expect(consoleErrors(page)).toBe('');
    const { order, problems } = extractOrder(document, fhir);
    expect(problems).toEqual([]);
    expect(order!.patient).toMatchObject({ sex: 'M', birthDate: '1958-03-14' });
    expect(order!.patient.key).toMatch(/^p-[0-9a-f]{16}$/);
    expect(order!.encounter).toMatchObject({ visitType: 'outpatient', date: '2026-11-22', department: '心血管内科', insuranceType: 'employee' });
    expect(order!.prescriber).toEqual({ id: 'Practitioner/pr-3307', title: 'Attending physician' });
    expect(order!.encounter.diagnoses).toEqual([
      { code: 'I48.000', name: '阵发性心房颤动', primary: true },
      { code: 'I10.x09', name: '原发性高血压', primary: false },
    ]);
    expect(order!.lines).toEqual([
      { id: 'medreq-1', code: 'XB01AFA319A001010101748', name: '甲苯磺酸艾多沙班片', kind: 'drug', dose: 60, doseUnit: 'mg', frequency: 'QD', days: 30, quantity: 5, unit: '盒' },
      { id: 'medreq-2', code: 'XC09CAA284A001010100553', name: '阿利沙坦酯片', kind: 'drug', dose: 240, doseUnit: 'mg', frequency: 'QD', days: 30, quantity: 5, unit: '盒' },
      { id: 'medreq-3', code: 'XG04CBF019A001010100030', name: '非那雄胺片', kind: 'drug', dose: 5, doseUnit: 'mg', frequency: 'QD', days: 30, quantity: 3, unit: '盒' },
    ]);
    await page.close();
  });

  it('follows edits: encounter class, gender and a new MedicationRequest', async () => {
    const { page, document } = await open('/fhir-order.html');
    (document.getElementById('encounterClass') as HTMLSelectElement).value = 'EMER';
    (document.getElementById('patientGender') as HTMLSelectElement).value = 'female';
    (document.getElementById('addMedication') as HTMLButtonElement).click();
    expect(extractOrder(document, fhir).order!.lines).toHaveLength(3);
    const code = document.querySelector('[data-request-id="medreq-4"] .med-code')!;
    (code as HTMLInputElement).value = 'XA02BCF721A001010100239';
    fire(code, 'change');
    const { order } = extractOrder(document, fhir);
    expect(order!.encounter.visitType).toBe('emergency');
    expect(order!.patient.sex).toBe('F');
    expect(order!.lines[3]).toMatchObject({ id: 'medreq-4', code: 'XA02BCF721A001010100239', name: '富马酸伏诺拉生片', dose: 20, doseUnit: 'mg', frequency: 'QD' });
    await page.close();
  });

  it('signs through the form’s submit event', async () => {
    const { page, window, document } = await open('/fhir-order.html');
    expect(document.querySelector(fhir.submit.forms![0]!)).toBe(document.getElementById('orderForm'));
    (document.getElementById('signOrder') as HTMLButtonElement).click();
    expect(window.__submitted).toHaveLength(1);
    expect(window.__submitted[0]!.lines.map((l) => l.requestId)).toEqual(['medreq-1', 'medreq-2', 'medreq-3']);
    await page.close();
  });
});

describe('herbal prescription page with its scripts', () => {
  const packetsOf = (document: Document) => extractOrder(document, herbal).order!.lines.map((l) => [l.id, l.days, l.quantity]);

  it('loads without script errors; one 付数 typed above the grid is every row’s, with 总量 = 剂量 × 付数', async () => {
    const { page, document } = await open('/herbal.html');
    expect(consoleErrors(page)).toBe('');
    expect(extractOrder(document, herbal).problems).toEqual([]);
    expect(document.getElementById('herbCount')!.textContent).toBe('10');
    expect(document.getElementById('doseWeight')!.textContent).toBe('103');
    type(document.getElementById('rxPackets')!, '14');
    expect(packetsOf(document)[0]).toEqual(['1', 14, 42]);
    expect(new Set(packetsOf(document).map(([, days]) => days))).toEqual(new Set([14]));
    // A fix written into one row's 付数 is the prescription's again.
    expect(writeBack(document.getElementById('3')!, 'days', 7, herbal)).toEqual({ ok: true });
    expect(packetsOf(document)[9]).toEqual(['10', 7, 63]);
    expect((document.getElementById('rxPackets') as HTMLInputElement).value).toBe('7');
    await page.close();
  });

  it('adds a 味 found by name with its 剂量 and the prescription’s 付数, deletes ticked rows and records its submission', async () => {
    const { page, window, document } = await open('/herbal.html');
    (document.getElementById('btnAddRow') as HTMLButtonElement).click();
    const row = document.getElementById('11')!;
    type(row.querySelector('input.herb-name')!, '甘遂');
    fire(row.querySelector('input.herb-name')!, 'keydown', { key: 'Enter' });
    expect(extractRow(row, herbal).line).toMatchObject({ id: '11', code: 'T000300931', name: '甘遂', dose: 1, doseUnit: 'g', days: 7, quantity: 7 });
    expect(document.getElementById('herbCount')!.textContent).toBe('11');
    (document.querySelector('[id="10"] input.cbox') as HTMLInputElement).checked = true;
    (document.getElementById('btnDelRow') as HTMLButtonElement).click();
    expect(extractOrder(document, herbal).order!.lines.map((l) => l.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '11']);
    (document.getElementById('btnSubmitRx') as HTMLButtonElement).click();
    expect(window.__submitted).toHaveLength(1);
    expect(window.__submitted[0]!.lines).toHaveLength(10);
    await page.close();
  });
});

describe('strict-CSP and hostile copies of the outpatient page', () => {
  it('csp.html reads exactly like outpatient.html', async () => {
    const a = await open('/outpatient.html');
    const b = await open('/csp.html');
    expect(selectProfile(BUILT_IN_PROFILES, { url: `${ORIGIN}/csp.html` })?.id).toBe('demo-outpatient');
    const opts = { today: '2030-01-01' };
    expect(extractOrder(b.document, outpatient, opts)).toEqual(extractOrder(a.document, outpatient, opts));
    await a.page.close();
    await b.page.close();
  });

  it('hostile.html removes elements added under body and html, and still reads', async () => {
    const { page, window, document } = await open('/hostile.html', false);
    const ours = document.createElement('preflight-ui');
    document.body.appendChild(ours);
    const stray = document.createElement('div');
    document.documentElement.appendChild(stray);
    const inside = document.createElement('span');
    document.querySelector('.his-root')!.appendChild(inside);
    window.__hostileSweep();
    expect(ours.isConnected).toBe(false);
    expect(stray.isConnected).toBe(false);
    expect(inside.isConnected).toBe(true);
    expect(window.__hostileRemoved).toBe(2);
    expect(document.head.lastElementChild!.getAttribute('href')).toBe('hostile.css');
    expect(extractOrder(document, outpatient).order!.lines).toHaveLength(3);
    await page.close();
  });
});
