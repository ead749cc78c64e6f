// @vitest-environment happy-dom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAt, setAt, type DraftProfile } from '../../../adapters/authoring/draft';
import { pickField } from '../../../adapters/authoring/fields';
import { LABEL_HINT } from '../../../adapters/authoring/label-check';
import { previewDraft } from '../../../adapters/authoring/preview';
import { proposePick } from '../../../adapters/authoring/propose';
import { loadProfile } from '../adapters/support';
import { $, afterLabel, blankDraft, demoFile, parsePage, pick, runningPage } from './support';

/**
 * The 手术操作 block and 妊娠哺乳 are picked like the diagnoses and the patient values: one click on
 * an operation's code places the whole block (its container, its rows, the code inside a row), as
 * the hand-written demo-inpatient profile has it, and the preview reads the operations.
 */

function attempt(draft: DraftProfile, fieldId: string, el: Element) {
  return proposePick(pickField(fieldId)!, el, draft, el.ownerDocument);
}

function byText(root: ParentNode, css: string, text: string): Element {
  const el = Array.from(root.querySelectorAll(css)).find((e) => e.textContent?.trim() === text);
  if (!el) throw new Error(`no ${css} reading ${text}`);
  return el;
}

describe('inpatient-frame.html: the 手术操作 list beside the diagnoses', () => {
  let page: Awaited<ReturnType<typeof runningPage>>;
  beforeAll(async () => {
    page = await runningPage('inpatient-frame.html');
  });
  afterAll(() => page.close());

  it('a click on an operation code places the block as the built-in profile writes it', () => {
    const doc = page.document;
    const proposal = attempt(blankDraft('inpatient-frame.html'), 'operations.code', $(doc, '#opList .op-code'));
    expect(proposal.ok).toBe(true);
    if (!proposal.ok) return;
    expect(proposal.value.summary).toBe('#opList 中 1 项手术操作，行内 .op-code');
    let d = proposal.value.draft;
    d = pick(d, 'operations.name', $(doc, '#opList .op-name'));
    d = pick(d, 'operations.date', $(doc, '#opList .op-date'));
    // The date is read as a date; the block equals the hand-written one.
    expect(getAt(d, ['operations'])).toEqual(loadProfile('demo-inpatient').operations);
    // Nothing else of the draft is touched: the diagnoses are a block of their own.
    expect(getAt(d, ['diagnoses'])).toBeUndefined();
  });

  it('the diagnoses list is not taken for the operations, nor the other way round', () => {
    const doc = page.document;
    let d = pick(blankDraft('inpatient-frame.html'), 'diagnoses.code', $(doc, '#diagList .diag-code'));
    const wrong = attempt(d, 'operations.code', $(doc, '#diagList .diag-code'));
    expect(wrong).toMatchObject({ ok: false, reason: 'other-list' });
    if (!wrong.ok) expect(wrong.detail).toBe('这是诊断列表，请点击手术操作列表中某一项的编码、名称或日期');
    d = pick(d, 'operations.code', $(doc, '#opList .op-code'));
    const back = attempt(d, 'diagnoses.name', $(doc, '#opList .op-name'));
    expect(back).toMatchObject({ ok: false, reason: 'other-list' });
    // The block's title is a label; a click outside any list is refused with what to click.
    expect(attempt(d, 'operations.code', byText(doc, '.diag-title', '手术操作：'))).toMatchObject({ ok: false, detail: LABEL_HINT });
    expect(attempt(blankDraft('inpatient-frame.html'), 'operations.code', $(doc, '#today'))).toMatchObject({ ok: false, reason: 'no-rows' });
  });

  it('the preview shows the first operation’s fields and the order’s operations; an operation added on the page follows', () => {
    const doc = page.document;
    let d = pick(blankDraft('inpatient-frame.html'), 'operations.code', $(doc, '#opList .op-code'));
    d = pick(d, 'operations.name', $(doc, '#opList .op-name'));
    d = pick(d, 'operations.date', $(doc, '#opList .op-date'));
    const fields = previewDraft(d, doc).fields;
    expect(fields.get('operations.code')).toMatchObject({ assigned: true, found: true, value: '88.4100', broken: false });
    expect(fields.get('operations.date')).toMatchObject({ value: '2026-11-19', broken: false });

    // With the rest of a profile the order carries the operations as the content script reads them.
    const reference = loadProfile('demo-inpatient');
    const whole = { ...structuredClone(reference), operations: getAt(d, ['operations']) } as unknown as DraftProfile;
    const select = $(doc, '#opAdd') as HTMLSelectElement;
    select.value = '68.4100';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect(previewDraft(whole, doc, { today: '2026-11-22' }).order?.encounter.operations).toEqual([
      { code: '88.4100', name: '脑动脉造影', date: '2026-11-19', primary: true },
      { code: '68.4100', name: '腹腔镜下全子宫切除术', date: '2026-11-22', primary: false },
    ]);
  });

  it('a block whose container is gone marks every operation field broken', () => {
    const doc = page.document;
    const reference = structuredClone(loadProfile('demo-inpatient')) as unknown as DraftProfile;
    const moved = setAt(reference, ['operations', 'within'], '#surgeryList');
    const preview = previewDraft(moved, doc, { today: '2026-11-22' });
    expect(preview.problems.find((p) => p.field === 'encounter.operations')).toMatchObject({ code: 'field-missing' });
    for (const id of ['operations.code', 'operations.name', 'operations.date']) expect(preview.fields.get(id)?.broken).toBe(true);
    expect(preview.fields.get('diagnoses.code')?.broken).toBe(false);
  });

  it('妊娠哺乳 is a patient value picked beside its label, read without a map', () => {
    const doc = page.document;
    const d = pick(blankDraft('inpatient-frame.html'), 'patient.maternity', afterLabel(doc, '妊娠哺乳'));
    expect(getAt(d, ['patient', 'maternity'])).toEqual(loadProfile('demo-inpatient').patient.maternity);
    expect(attempt(blankDraft('inpatient-frame.html'), 'patient.maternity', byText(doc, 'th', '妊娠哺乳'))).toMatchObject({ ok: false, detail: LABEL_HINT });
  });
});

describe('picker-target.html: operations in a table with a header', () => {
  const doc = parsePage(demoFile('picker-target.html'));
  const row = $(doc, '#opCard tbody tr');

  it('a cell of the operations table places the rows under the header, not the header', () => {
    let d = pick(blankDraft('picker-target.html'), 'operations.code', row.querySelectorAll('td')[0]!);
    d = pick(d, 'operations.name', row.querySelectorAll('td')[1]!);
    d = pick(d, 'operations.date', row.querySelectorAll('td')[2]!);
    const block = getAt(d, ['operations']) as { within: string; rows: string };
    expect(block.within).toBe('#opCard');
    const rows = Array.from(doc.querySelector(block.within)!.querySelectorAll(block.rows));
    expect(rows).toEqual([row]);
    const fields = previewDraft(d, doc).fields;
    expect(fields.get('operations.code')?.value).toBe('88.5500');
    expect(fields.get('operations.name')?.value).toBe('单根导管冠状动脉造影');
    expect(fields.get('operations.date')?.value).toBe('2026-11-20');
    // The header cell names the column: a label.
    expect(attempt(blankDraft('picker-target.html'), 'operations.code', byText(doc, '#opCard th', '手术编码'))).toMatchObject({ ok: false, detail: LABEL_HINT });
  });
});
