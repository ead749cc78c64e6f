// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { locate } from '../../../adapters/locate';
import { labelLocatorFor } from '../../../adapters/authoring/label-locator';
import { pageLocatorFor } from '../../../adapters/authoring/propose';
import { cssIdent, findsExactly, isStableName, uniqueSelector } from '../../../adapters/authoring/selector';
import { $, afterLabel, demoFile, parsePage } from './support';

/** Selector generation on the demo pages' own markup: every proposal must find the picked element and only it. */

const PAGES = ['outpatient.html', 'fhir-order.html', 'inpatient.html', 'hostile.html'];

describe('uniqueSelector', () => {
  for (const file of PAGES) {
    it(`finds exactly the picked element, for every element of ${file}`, () => {
      const doc = parsePage(demoFile(file));
      const all = Array.from(doc.body.querySelectorAll('*'));
      expect(all.length).toBeGreaterThan(20);
      for (const el of all) {
        const css = uniqueSelector(el, doc);
        expect(css, `no selector for <${el.tagName.toLowerCase()} class="${el.className}">`).not.toBeNull();
        expect(findsExactly(doc, css!, [el]), `${css} does not find exactly its element`).toBe(true);
      }
    });
  }

  it('prefers a stable id, and never uses a generated one', () => {
    const doc = parsePage(demoFile('outpatient.html'));
    expect(uniqueSelector($(doc, '#clinicNo'), doc)).toBe('#clinicNo');
    expect(uniqueSelector($(doc, '#btnSubmitRx'), doc)).toBe('#btnSubmitRx');
    // jqGrid numbers its rows "1", "2", "3": such ids change with every prescription.
    const row = $(doc, 'tr[id="2"]');
    expect(uniqueSelector(row, doc)).not.toMatch(/#/);
    expect(findsExactly(doc, uniqueSelector(row, doc)!, [row])).toBe(true);
    for (const id of ['el-id-1024-12', 'ext-gen1234', ':r1:', '1', 'field12345', 'jqg3']) expect(isStableName(id), id).toBe(false);
    for (const id of ['clinicNo', 'gbox_rxGrid', 'patientBanner', 'tab-long']) expect(isStableName(id), id).toBe(true);
  });

  it('escapes identifiers the way CSS.escape does', () => {
    expect(cssIdent('1a')).toBe('\\31 a');
    expect(cssIdent('-1')).toBe('-\\31 ');
    expect(cssIdent('a.b:c')).toBe('a\\.b\\:c');
    expect(cssIdent('医嘱-表格_1')).toBe('医嘱-表格_1');
    // (happy-dom's selector parser does not read hex escapes, so only the punctuation case runs here.)
    const doc = parsePage('<div id="a.b:c">x</div>');
    expect(doc.querySelector(`#${cssIdent('a.b:c')}`)?.textContent).toBe('x');
  });

  it('inside a row, names the same cell in every row and leaves ids out', () => {
    const doc = parsePage(demoFile('fhir-order.html'));
    const rows = Array.from(doc.querySelectorAll('tr.med-request'));
    const picked = rows[1]!.querySelector('.days-supply')!;
    const css = uniqueSelector(picked, rows[1]!, { allowIds: false, atMostOneIn: [rows[0]!, rows[2]!] });
    expect(css).toBe('.days-supply');
    for (const row of rows) expect(row.querySelectorAll(css!)).toHaveLength(1);
  });
});

describe('page field locators', () => {
  it('uses the label beside a value that has no id, scoped to the nearest stable container', () => {
    const doc = parsePage(demoFile('outpatient.html'));
    for (const label of ['性别', '年龄', '医保类型', '就诊类型', '科室', '就诊日期']) {
      const value = afterLabel(doc, `${label}：`);
      const found = pageLocatorFor(value, doc);
      expect(found?.locator).toEqual({ label, within: '#patientBanner' });
      const located = locate(found!.locator, { scope: doc });
      expect(located.ok && located.value?.kind === 'element' && located.value.element).toBe(value);
    }
  });

  it('prefers an id or name over the label', () => {
    const doc = parsePage(demoFile('fhir-order.html'));
    expect(pageLocatorFor($(doc, '#patientGender'), doc)?.locator).toEqual({ css: '#patientGender' });
    const named = parsePage('<div><span>性别：</span><input name="sex" value="男"></div><input name="other">');
    expect(pageLocatorFor($(named, 'input[name="sex"]'), named)?.locator).toEqual({ css: 'input[name="sex"]' });
  });

  it('reads "科室：心血管内科" written in one element', () => {
    const doc = parsePage('<div id="bar"><span>姓名：张三</span><span>科室：心血管内科</span></div>');
    const picked = doc.querySelectorAll('#bar span')[1]!;
    expect(labelLocatorFor(picked, doc)).toEqual({ label: '科室', within: '#bar' });
  });

  it('refuses a label that would find a different element first', () => {
    // Two 年龄 labels: the first belongs to the parent, not to the picked patient value.
    const doc = parsePage('<p><b>年龄</b><i>70岁</i></p><p><b>年龄</b><i>45岁</i></p>');
    const picked = doc.querySelectorAll('i')[1]!;
    expect(labelLocatorFor(picked, doc)).toBeNull();
    const fallback = pageLocatorFor(picked, doc);
    expect(fallback?.locator).toHaveProperty('css');
    expect(findsExactly(doc, (fallback!.locator as { css: string }).css, [picked])).toBe(true);
  });
});
