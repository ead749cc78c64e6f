// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAt, setAt } from '../../../adapters/authoring/draft';
import { pickField } from '../../../adapters/authoring/fields';
import { coveringOrigin, placePick } from '../../../adapters/authoring/frame-picks';
import { LABEL_HINT } from '../../../adapters/authoring/label-check';
import { PICKER_FROM_FRAME, type PickerFrameMessage } from '../../../adapters/authoring/messages';
import { PickerAgent } from '../../../entrypoints/content/picker/agent';
import { PickerFrames } from '../../../entrypoints/content/picker/frame-channel';
import { PickerSession } from '../../../entrypoints/content/picker/session';
import { $, blankDraft, demoFile, fixed, parsePage, pickColumn } from './support';

/**
 * The picker across two frames of frames-his.html: the panel in the order frame, the picker script
 * in the patient frame answering it, and a stand-in for the background between them. A click in
 * the patient frame assigns the panel's armed field with that frame recorded; a label there is
 * refused with the same hint; the preview reads the patient frame's values.
 */

const ORIGIN = 'http://127.0.0.1:5173';
const UP = '/frames-patient.html';
const PATIENT_URL = `${ORIGIN}${UP}`;
const ORDERS_URL = `${ORIGIN}/frames-orders.html`;

function bodyOf(html: string): string {
  return html.slice(html.indexOf('<body'), html.lastIndexOf('</body>')).replace(/^<body[^>]*>/, '').replace(/<script[\s\S]*?<\/script>/g, '');
}

let session: PickerSession;
let agent: PickerAgent;
let frames: PickerFrames | undefined;
let panelTarget: Element | null = null;
let agentTarget: Element | null = null;
let agentHost: HTMLElement | undefined;
let patientDoc: Document;

/** The background: a message from one frame reaches every frame of the tab, stamped with its sender. */
function sendFrom(url: string) {
  return async (message: PickerFrameMessage): Promise<void> => {
    const relayed = { type: PICKER_FROM_FRAME, from: { frameId: url === ORDERS_URL ? 0 : 1, url }, message } as const;
    frames?.receive(relayed);
    if (message.kind === 'sync') agent.sync(message.draft, message.armed, message.closed);
  };
}

beforeEach(() => {
  document.body.innerHTML = bodyOf(demoFile('frames-orders.html'));
  patientDoc = parsePage(demoFile('frames-patient.html'));
  const host = document.createElement('preflight-picker');
  const container = document.createElement('div');
  host.attachShadow({ mode: 'open' }).append(container);
  document.body.append(host);
  agent = new PickerAgent({
    document: patientDoc,
    url: PATIENT_URL,
    send: sendFrom(PATIENT_URL),
    mount: async () => {
      agentHost = patientDoc.createElement('preflight-picker');
      const box = patientDoc.createElement('div');
      agentHost.attachShadow({ mode: 'open' }).append(box);
      patientDoc.body.append(agentHost);
      return { host: agentHost, container: box, remove: () => agentHost?.remove() };
    },
    elementAt: () => agentTarget,
    refreshDelayMs: 0,
  });
  session = new PickerSession({
    document,
    host,
    container,
    start: { draft: { ...blankDraft('frames-orders.html'), frames: true }, mode: 'new' },
    save: async () => ({ ok: true, replaced: false }),
    onClose: () => undefined,
    elementAt: () => panelTarget,
    today: '2026-11-22',
    refreshDelayMs: 0,
    frames: (handlers) => (frames = new PickerFrames(ORDERS_URL, sendFrom(ORDERS_URL), handlers)),
  });
  session.start();
});

afterEach(() => {
  session.dispose();
  agent.stop();
  frames = undefined;
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const valueCell = (label: string) => Array.from(patientDoc.querySelectorAll('#ptBar td.lbl')).find((td) => td.textContent === label)!.nextElementSibling!;
const labelCell = (label: string) => Array.from(patientDoc.querySelectorAll('#ptBar td.lbl')).find((td) => td.textContent === label)!;
const notice = () => document.querySelector('preflight-picker')!.shadowRoot!.querySelector('[data-role="notice"]')?.textContent;

function clickInPatientFrame(el: Element): void {
  agentTarget = el;
  agent.pickerActions.hoverAt(5, 5);
  agent.pickerActions.pickAt(5, 5);
}

describe('picking in another frame', () => {
  it('assigns the panel’s armed field from a click in the patient frame, with that frame recorded', async () => {
    session.pickerActions.arm('patient.sex');
    expect(agent.armedField).toBe('patient.sex');
    clickInPatientFrame(valueCell('性别'));
    expect(getAt(session.currentDraft, ['patient', 'sex'])).toEqual({ label: '性别', within: '#ptBar', transform: ['sex'], frame: UP });
    expect(session.model.armed).toBeUndefined();
    expect(agent.armedField).toBeUndefined();
    expect(notice()).toContain(`（框架 ${UP}）`);
    // The patient frame reads the field and the panel shows it as if it were its own.
    await settle();
    expect(session.model.preview.fields.get('patient.sex')).toMatchObject({ assigned: true, found: true, raw: '男', value: 'M', broken: false });
  });

  it('refuses a label there with the same hint, and assigns nothing', () => {
    session.pickerActions.arm('patient.age');
    agentTarget = labelCell('年龄');
    agentTarget.getBoundingClientRect = () => ({ top: 8, left: 200, width: 30, height: 18, right: 230, bottom: 26, x: 200, y: 8, toJSON: () => ({}) });
    agent.pickerActions.hoverAt(5, 5);
    expect(agent.model.hover).toMatchObject({ ok: false, text: LABEL_HINT });
    agent.pickerActions.pickAt(5, 5);
    expect(notice()).toBe(`年龄：${LABEL_HINT}`);
    expect(getAt(session.currentDraft, ['patient', 'age'])).toBeUndefined();
    expect(session.model.armed).toBe('patient.age');
  });

  it('never lets the order table be picked there', () => {
    session.pickerActions.arm('lines');
    expect(agent.armedField).toBeUndefined();
    expect(agent.model.armed).toBeUndefined();
  });

  it('builds a profile whose preview reads the order with the patient frame’s sex and diagnoses', async () => {
    for (const [id, el] of [
      ['patient.sex', valueCell('性别')],
      ['patient.age', valueCell('年龄')],
      ['patient.key', valueCell('住院号')],
      ['diagnoses.code', $(patientDoc, '.dx-code')],
      ['diagnoses.name', $(patientDoc, '.dx-name')],
    ] as const) {
      session.pickerActions.arm(id);
      clickInPatientFrame(el);
    }
    expect(getAt(session.currentDraft, ['diagnoses'])).toEqual({ within: '#dxTags', rows: 'li.fh-tag', code: { css: '.dx-code' }, name: { css: '.dx-name' }, frame: UP });
    session.pickerActions.arm('lines');
    panelTarget = $(document, 'tr.og-row td.code');
    session.pickerActions.pickAt(1, 1);
    let draft = pickColumn(session.currentDraft, 'lines.code', '医保编码');
    draft = pickColumn(draft, 'lines.name', '医嘱名称');
    draft = fixed(draft, 'encounter.visitType', 'inpatient');
    session.pickerActions.setMeta({ id: 'frames-his' });
    // The column picks above went straight into a draft; give it to the session as a repair would.
    session.restart({ draft: { ...draft, id: 'frames-his' }, mode: 'new' });
    await settle();
    const order = session.model.preview.order;
    expect(order?.patient).toMatchObject({ sex: 'M', ageYears: 71 });
    expect(order?.encounter.diagnoses.map((d) => d.code)).toEqual(['N40.x00', 'I10.x00x002']);
    expect(order?.lines.map((l) => l.name)).toEqual(['非那雄胺片', '阿利沙坦酯片', '地屈孕酮片']);
    // The doctor deletes a diagnosis in the patient frame: the panel's preview follows.
    patientDoc.querySelector('#dxTags li')!.remove();
    agent.sync(session.currentDraft, undefined); // what a mutation in that frame would trigger
    await settle();
    expect(session.model.preview.order?.encounter.diagnoses.map((d) => d.code)).toEqual(['I10.x00x002']);
  });

  it('over an embedded frame the panel’s layer lets the pointer through, for fields that frame may give', () => {
    const iframe = document.createElement('iframe');
    document.body.append(iframe);
    iframe.getBoundingClientRect = () => ({ top: 0, left: 0, width: 800, height: 90, right: 800, bottom: 90, x: 0, y: 0, toJSON: () => ({}) });
    const catcher = () => document.querySelector('preflight-picker')!.shadowRoot!.querySelector<HTMLElement>('[data-role="catcher"]')!;
    session.pickerActions.arm('patient.sex');
    panelTarget = iframe;
    session.pickerActions.hoverAt(3, 3);
    expect(session.model.passThrough).toBe(true);
    expect(catcher().style.pointerEvents).toBe('none');
    // Back over the page itself: the layer takes the pointer again.
    const cell = $(document, 'tr.og-row td');
    panelTarget = cell;
    cell.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: 5, clientY: 120 }));
    expect(session.model.passThrough).toBeUndefined();
    expect(catcher().style.pointerEvents).toBe('');
    // The order table is the panel's own frame's: over a frame it says so instead.
    session.pickerActions.arm('lines');
    panelTarget = iframe;
    session.pickerActions.hoverAt(4, 4);
    expect(session.model.hover).toMatchObject({ ok: false, text: '医嘱表格须在本页面中选取' });
    expect(session.model.passThrough).toBeUndefined();
    // So are the operations (read beside the order table only): no pass-through for them either.
    session.pickerActions.arm('operations.code');
    session.pickerActions.hoverAt(5, 5);
    expect(session.model.hover).toMatchObject({ ok: false, text: '手术操作须在本页面中选取' });
    expect(session.model.passThrough).toBeUndefined();
  });

  it('closing the panel releases the other frame', async () => {
    session.pickerActions.arm('patient.sex');
    await settle();
    expect(agentHost?.isConnected).toBe(true);
    session.pickerActions.close();
    expect(agent.armedField).toBeUndefined();
    expect(agentHost?.isConnected).toBe(false);
  });
});

describe('placing a pick', () => {
  const draft = blankDraft('frames-orders.html');
  const sex = pickField('patient.sex')!;
  const code = pickField('diagnoses.code')!;

  it('a value picked here again drops the frame it had', () => {
    const there = placePick(draft, sex, { label: '性别' }, UP)!;
    expect(getAt(there, ['patient', 'sex'])).toEqual({ label: '性别', frame: UP });
    expect(getAt(placePick(there, sex, { css: '#sex' }, undefined)!, ['patient', 'sex'])).toEqual({ css: '#sex' });
  });

  it('a diagnosis picked in another frame than the others starts the block there', () => {
    const here = setAt(draft, ['diagnoses'], { within: '#dx', rows: 'li', code: { css: '.c' }, name: { css: '.n' } });
    const moved = placePick(here, code, { within: '#dxTags', rows: 'li.fh-tag', code: { css: '.dx-code' }, name: { css: '.n' } }, UP)!;
    expect(getAt(moved, ['diagnoses'])).toEqual({ within: '#dxTags', rows: 'li.fh-tag', code: { css: '.dx-code' }, frame: UP });
    const same = placePick(moved, pickField('diagnoses.name')!, { within: '#dxTags', rows: 'li.fh-tag', code: { css: '.dx-code' }, name: { css: '.dx-name' } }, UP)!;
    expect(getAt(same, ['diagnoses', 'code'])).toEqual({ css: '.dx-code' });
    expect(placePick(draft, pickField('lines')!, { css: 'x' }, UP)).toBeUndefined();
  });

  it('a frame at another origin is added to the URLs the profile runs on', () => {
    expect(getAt(coveringOrigin(draft, `${ORIGIN}/a/b.html`), ['match', 'urls'])).toEqual([`${ORIGIN}/*`]);
    expect(getAt(coveringOrigin(draft, 'http://10.0.0.8:8080/pat.jsp'), ['match', 'urls'])).toEqual([`${ORIGIN}/*`, 'http://10.0.0.8:8080/*']);
  });
});
