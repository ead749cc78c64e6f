// @vitest-environment happy-dom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAt } from '../../../adapters/authoring/draft';
import { pickField } from '../../../adapters/authoring/fields';
import { LABEL_HINT, looksLikeLabel } from '../../../adapters/authoring/label-check';
import { proposePick } from '../../../adapters/authoring/propose';
import { $, afterLabel, blankDraft, demoFile, parsePage, pick, runningPage } from './support';

/**
 * A click on a label (诊断：, a <th>, a <label>, a column header) instead of the value is refused
 * with 请点击数值本身，而不是标签, on every demo page's own labels; the values beside them still pick.
 */

function refusal(fieldId: string, el: Element, file: string): string | null {
  const proposal = proposePick(pickField(fieldId)!, el, blankDraft(file), el.ownerDocument);
  return proposal.ok ? null : proposal.detail;
}

function byText(root: ParentNode, css: string, text: string): Element {
  const el = Array.from(root.querySelectorAll(css)).find((e) => e.textContent?.trim() === text);
  if (!el) throw new Error(`no ${css} reading ${text}`);
  return el;
}

describe('label refusal on the static demo pages', () => {
  it('outpatient.html: the 性别： span and the 门诊诊断 title are labels; the values are not', () => {
    const doc = parsePage(demoFile('outpatient.html'));
    expect(refusal('patient.sex', byText(doc, 'span.lbl', '性别：'), 'outpatient.html')).toBe(LABEL_HINT);
    expect(refusal('diagnoses.code', byText(doc, '.panel-title', '门诊诊断'), 'outpatient.html')).toBe(LABEL_HINT);
    expect(refusal('patient.sex', afterLabel(doc, '性别：'), 'outpatient.html')).toBeNull();
    // The diagnosis table's own header is a label too.
    expect(refusal('diagnoses.code', byText(doc, 'th', '诊断编码'), 'outpatient.html')).toBe(LABEL_HINT);
    expect(refusal('diagnoses.code', $(doc, '.diag-code'), 'outpatient.html')).toBeNull();
  });

  it('custom-his.html: a <dt> is a label, its <dd> the value', () => {
    const doc = parsePage(demoFile('custom-his.html'));
    expect(refusal('patient.age', byText(doc, 'dt', '年龄'), 'custom-his.html')).toBe(LABEL_HINT);
    const age = byText(doc, 'dt', '年龄').nextElementSibling!;
    expect(refusal('patient.age', age, 'custom-his.html')).toBeNull();
    expect(getAt(pick(blankDraft('custom-his.html'), 'patient.age', age), ['patient', 'age'])).toMatchObject({ label: '年龄' });
  });

  it('picker-target.html: a label cell without a colon is known by its word', () => {
    const doc = parsePage(demoFile('picker-target.html'));
    const labelCell = byText(doc, 'td.k', '费别');
    expect(refusal('encounter.insuranceType', labelCell, 'picker-target.html')).toBe(LABEL_HINT);
    expect(refusal('encounter.insuranceType', labelCell.nextElementSibling!, 'picker-target.html')).toBeNull();
  });

  it('legacy-his.html: the one-line diagnosis is a value though it starts with 诊断：; a grid header is refused for a column', () => {
    const doc = parsePage(demoFile('legacy-his.html'));
    expect(refusal('diagnoses.code', $(doc, '#dxLine'), 'legacy-his.html')).not.toBe(LABEL_HINT);
    expect(refusal('patient.key', byText(doc, 'td.lbl', '门诊号'), 'legacy-his.html')).toBe(LABEL_HINT);
    expect(refusal('patient.sex', $(doc, '#sexAge'), 'legacy-his.html')).toBeNull();
    const header = byText(doc, '#rxGrid th', '天数');
    expect(refusal('lines.days', header, 'legacy-his.html')).toMatch(new RegExp(`^${LABEL_HINT}：这是表头`));
    // The table itself may still be found from its header (the first row under it).
    expect(refusal('lines', header, 'legacy-his.html')).toBeNull();
    expect(refusal('lines.days', $(doc, 'tr.jqgrow td[data-field="days"]'), 'legacy-his.html')).toBeNull();
  });

  it('a <label> wrapping its control holds the value; a bare <label> does not', () => {
    const doc = parsePage('<div id="f"><label id="a">性别</label><label id="b"><input type="radio" checked> 男</label></div>');
    expect(looksLikeLabel($(doc, '#a'))).toBe(true);
    expect(looksLikeLabel($(doc, '#b'))).toBe(false);
    // A value that happens to end the line with a colon-free word stays a value.
    expect(looksLikeLabel(parsePage('<p id="v">心血管内科</p>').getElementById('v')!)).toBe(false);
  });
});

describe('label refusal on the inpatient SPA (drawn by its script)', () => {
  let page: Awaited<ReturnType<typeof runningPage>>;
  beforeAll(async () => {
    page = await runningPage('inpatient-frame.html');
  });
  afterAll(() => page.close());

  it('the descriptions table: <th> 性别 is the label, the <td> beside it the value; 入院诊断： is a label', () => {
    const th = byText(page.document, '#patientInfo th', '性别');
    expect(refusal('patient.sex', th, 'inpatient-frame.html')).toBe(LABEL_HINT);
    expect(refusal('patient.sex', th.nextElementSibling!, 'inpatient-frame.html')).toBeNull();
    expect(refusal('diagnoses.code', $(page.document, '.diag-title'), 'inpatient-frame.html')).toBe(LABEL_HINT);
    expect(refusal('diagnoses.code', $(page.document, '.diag-code'), 'inpatient-frame.html')).toBeNull();
    // The form's el-form-item__label names the new-order inputs.
    expect(looksLikeLabel(byText(page.document, '.el-form-item__label', '药品'))).toBe(true);
  });
});
