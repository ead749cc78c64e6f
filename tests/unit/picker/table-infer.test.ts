// @vitest-environment happy-dom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readColumns } from '../../../adapters/locate';
import { getAt } from '../../../adapters/authoring/draft';
import { findsExactly } from '../../../adapters/authoring/selector';
import { inferTable, resolveTable } from '../../../adapters/authoring/table-infer';
import { $, blankDraft, demoFile, parsePage, pick, runningPage } from './support';

/** From one clicked cell to table, rows and header row, on the three demo EMRs. */

describe('jqGrid (outpatient.html): header and body are two tables', () => {
  const doc = parsePage(demoFile('outpatient.html'));
  const dataRows = Array.from(doc.querySelectorAll('#rxGrid tr.jqgrow'));

  it('infers the grid from any cell of any row', () => {
    for (const cell of [$(doc, 'tr[id="2"] td[aria-describedby="rxGrid_spec"]'), $(doc, 'tr[id="3"] input.drug-name'), $(doc, 'tr[id="1"] td.jqgrid-rownum')]) {
      const inferred = inferTable(cell, doc);
      expect(inferred.ok).toBe(true);
      if (!inferred.ok) return;
      const { selectors, header } = inferred.value;
      expect(selectors).toEqual({ table: '#gview_rxGrid', rows: 'tr.jqgrow', headerRow: '.ui-jqgrid-labels', rowIdAttr: 'id' });
      const live = resolveTable(doc, selectors)!;
      // Exactly the three order rows: not jqGrid's zero-height sizing row.
      expect(live.rows).toEqual(dataRows);
      expect(live.header).toBe(header);
      expect(readColumns(live.header!).headers.map((h) => h.text)).toContain('天数');
    }
  });

  it('a click on a header cell finds the rows under it', () => {
    const inferred = inferTable($(doc, '#rxGrid_days'), doc);
    expect(inferred.ok && inferred.value.rows).toEqual(dataRows);
  });

  it('refuses a click outside any table', () => {
    const inferred = inferTable($(doc, '#clinicNo'), doc);
    expect(inferred).toMatchObject({ ok: false, detail: '请点击医嘱表格中的一个单元格' });
  });

  it('infers the diagnosis rows from a clicked diagnosis code', () => {
    const draft = pick(blankDraft('outpatient.html'), 'diagnoses.code', $(doc, 'tr.diag-row:nth-of-type(2) .diag-code'));
    expect(getAt(draft, ['diagnoses'])).toEqual({ within: '#diagTable', rows: 'tr.diag-row', code: { css: '.diag-code' } });
  });
});

describe('plain table with thead (fhir-order.html)', () => {
  const doc = parsePage(demoFile('fhir-order.html'));

  it('infers the table, rows, header row and the request id attribute', () => {
    const inferred = inferTable($(doc, 'tr[data-request-id="medreq-2"] .days-supply'), doc);
    expect(inferred.ok && inferred.value.selectors).toEqual({ table: '#medTable', rows: 'tr.med-request', headerRow: 'thead tr', rowIdAttr: 'data-request-id' });
  });

  it('a code inside a cell of a diagnosis row gives that row, not the cell', () => {
    const draft = pick(blankDraft('fhir-order.html'), 'diagnoses.code', $(doc, '.cond-code'));
    expect(getAt(draft, ['diagnoses'])).toEqual({ within: '#conditionTable', rows: 'tr.condition', code: { css: '.cond-code' } });
  });
});

describe('Element-UI table drawn by script (inpatient-frame.html)', () => {
  let page: Awaited<ReturnType<typeof runningPage>>;
  beforeAll(async () => {
    page = await runningPage('inpatient-frame.html');
  });
  afterAll(() => page.close());

  it('finds only the body rows, not the fixed-column overlay that repeats them', () => {
    const doc = page.document;
    const mainRows = Array.from(doc.querySelectorAll('.el-table__body-wrapper tr.el-table__row'));
    expect(doc.querySelectorAll('#orderTable tr.el-table__row').length).toBe(mainRows.length * 2);
    const inferred = inferTable(mainRows[1]!.querySelectorAll('td')[5]!, doc);
    expect(inferred.ok).toBe(true);
    if (!inferred.ok) return;
    const { selectors } = inferred.value;
    expect(selectors.table).toBe('#orderTable');
    expect(findsExactly($(doc, '#orderTable'), selectors.rows, mainRows)).toBe(true);
    const header = resolveTable(doc, selectors)!.header!;
    expect(readColumns(header).headers).toHaveLength(15);
    expect(doc.querySelectorAll(`#orderTable ${selectors.headerRow}`)).toHaveLength(1);
  });

  it('the selectors still find the rows after the SPA re-renders them for another tab', () => {
    const doc = page.document;
    const inferred = inferTable($(doc, '.el-table__body-wrapper tr.el-table__row td'), doc);
    if (!inferred.ok) throw new Error(inferred.detail);
    ($(doc, '#tab-discharge') as HTMLElement).click();
    const rows = resolveTable(doc, inferred.value.selectors)!.rows;
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.isConnected && r.closest('.el-table__body-wrapper'))).toBe(true);
    ($(doc, '#tab-long') as HTMLElement).click();
  });
});
