// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getAt } from '../../../adapters/authoring/draft';
import { PickerSession } from '../../../entrypoints/content/picker/session';
import type { SiteProfile } from '../../../adapters/profile-schema';
import { $, afterLabel, blankDraft, demoFile, settleSelectsIn } from './support';

/**
 * The session in a page: clicks while a field is armed assign it and never reach the page, Esc
 * disarms, edits to the page re-read the preview, and closing removes every trace.
 */

let target: Element | null = null;
let session: PickerSession;
let host: HTMLElement;
let container: HTMLElement;
const saved: SiteProfile[] = [];
const onClose = vi.fn();

function bodyOf(html: string): string {
  return html.slice(html.indexOf('<body'), html.lastIndexOf('</body>')).replace(/^<body[^>]*>/, '').replace(/<script[\s\S]*?<\/script>/g, '');
}

beforeEach(() => {
  document.body.innerHTML = bodyOf(demoFile('outpatient.html'));
  settleSelectsIn(document);
  host = document.createElement('preflight-picker');
  const shadow = host.attachShadow({ mode: 'open' });
  container = document.createElement('div');
  shadow.append(container);
  document.body.append(host);
  saved.length = 0;
  onClose.mockClear();
  session = new PickerSession({
    document,
    host,
    container,
    start: { draft: blankDraft('outpatient.html'), mode: 'new' },
    save: async (profile) => {
      saved.push(profile);
      return { ok: true, replaced: false };
    },
    onClose,
    elementAt: () => target,
    today: '2030-01-01',
    refreshDelayMs: 0,
  });
  session.start();
});

afterEach(() => {
  session.dispose();
  host.remove();
});

const actions = () => session.pickerActions;
const panel = () => container.querySelector('.pk-panel')!;

function pickNow(fieldId: string, el: Element): void {
  actions().arm(fieldId);
  target = el;
  actions().hoverAt(1, 1);
  actions().pickAt(1, 1);
}

describe('picker session', () => {
  it('assigns the armed field from a click and shows what it read', () => {
    actions().arm('patient.sex');
    expect(container.querySelector('[data-role="catcher"]')).not.toBeNull();
    target = afterLabel(document, '性别：');
    // happy-dom has no layout: give the hovered element the box a browser would.
    target.getBoundingClientRect = () => ({ top: 40, left: 100, width: 30, height: 18, right: 130, bottom: 58, x: 100, y: 40, toJSON: () => ({}) });
    actions().hoverAt(10, 10);
    expect(session.model.hover).toMatchObject({ ok: true, text: '性别 ← 「性别」旁边的值' });
    actions().pickAt(10, 10);
    expect(getAt(session.currentDraft, ['patient', 'sex'])).toEqual({ label: '性别', within: '#patientBanner', transform: ['sex'] });
    expect(session.model.armed).toBeUndefined();
    expect(container.querySelector('[data-role="catcher"]')).toBeNull();
    expect(panel().querySelector('[data-field="patient.sex"] [data-role="value"]')?.textContent).toBe('女 → F');
  });

  it('keeps a refused click armed and says why', () => {
    actions().arm('lines');
    target = $(document, '#clinicNo');
    actions().pickAt(1, 1);
    expect(session.model.armed).toBe('lines');
    expect(panel().querySelector('[data-role="notice"]')?.textContent).toContain('请点击医嘱表格中的一个单元格');
  });

  it('a click on a label hints at the value and assigns nothing', () => {
    actions().arm('patient.sex');
    target = Array.from(document.querySelectorAll('span.lbl')).find((el) => el.textContent === '性别：')!;
    target.getBoundingClientRect = () => ({ top: 40, left: 60, width: 36, height: 18, right: 96, bottom: 58, x: 60, y: 40, toJSON: () => ({}) });
    actions().hoverAt(2, 2);
    expect(session.model.hover).toMatchObject({ ok: false, text: '请点击数值本身，而不是标签' });
    actions().pickAt(2, 2);
    expect(getAt(session.currentDraft, ['patient', 'sex'])).toBeUndefined();
    expect(session.model.armed).toBe('patient.sex');
    expect(panel().querySelector('[data-role="notice"]')?.textContent).toBe('性别：请点击数值本身，而不是标签');
  });

  it('while armed the page does not see clicks; Esc disarms and the page works again', () => {
    const pageClicks = vi.fn();
    $(document, '#btnSubmitRx').addEventListener('click', pageClicks);
    actions().arm('submit.controls');
    ($(document, '#btnSubmitRx') as HTMLElement).click();
    expect(pageClicks).not.toHaveBeenCalled();
    const esc = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    document.body.dispatchEvent(esc);
    expect(esc.defaultPrevented).toBe(true);
    expect(session.model.armed).toBeUndefined();
    ($(document, '#btnSubmitRx') as HTMLElement).click();
    expect(pageClicks).toHaveBeenCalledTimes(1);
  });

  it('re-reads the preview when the doctor edits the page', async () => {
    pickNow('lines', $(document, 'tr[id="1"] td[aria-describedby="rxGrid_spec"]'));
    actions().chooseColumn('lines.code', { column: '医保编码' });
    pickNow('lines.days', $(document, 'tr[id="1"] td[aria-describedby="rxGrid_days"] input'));
    expect(session.model.preview.order?.lines.map((l) => l.days)).toEqual([14, 7, 7]);
    expect(container.querySelectorAll('[data-role="lines"] tbody tr')).toHaveLength(3);
    const days = $(document, 'tr[id="2"] td[aria-describedby="rxGrid_days"] input') as HTMLInputElement;
    days.value = '21';
    days.dispatchEvent(new Event('input', { bubbles: true }));
    await vi.waitFor(() => expect(session.model.preview.order?.lines[1]?.days).toBe(21));
    expect(container.querySelector('tr[data-line-id="2"]')?.textContent).toContain('21');
  });

  it('refuses to save an invalid draft with the zod paths, then saves a valid one', async () => {
    actions().save();
    expect(session.model.save.kind).toBe('invalid');
    expect(panel().querySelector('[data-role="issues"]')?.textContent).toContain('orders');
    expect(saved).toEqual([]);

    pickNow('lines', $(document, 'tr[id="1"] td[aria-describedby="rxGrid_spec"]'));
    actions().chooseColumn('lines.code', { column: '医保编码' });
    actions().setMeta({ id: 'my-his', name: '我院门诊', urls: ['http://his.example/*'], paths: [] });
    actions().save();
    await vi.waitFor(() => expect(session.model.save.kind).toBe('saved'));
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ id: 'my-his', name: '我院门诊', match: { urls: ['http://his.example/*'] } });
    expect(saved[0]!.match.paths).toBeUndefined();
    expect(panel().querySelector('[data-role="saved"]')?.textContent).toContain('已保存「my-his」');
  });

  it('closing removes the panel and the listeners', () => {
    const pageClicks = vi.fn();
    $(document, '#btnSubmitRx').addEventListener('click', pageClicks);
    actions().arm('submit.controls');
    actions().close();
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(container.innerHTML).toBe('');
    ($(document, '#btnSubmitRx') as HTMLElement).click();
    expect(pageClicks).toHaveBeenCalledTimes(1);
  });
});
