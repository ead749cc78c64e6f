// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_PROFILES, extractOrder } from '../../../adapters';
import { OrderReader } from '../../../entrypoints/content/order-reader';
import { APALUTAMIDE, cell, control, gridRow, loadDemoPage, prescribeApalutamide } from './support';

const outpatient = BUILT_IN_PROFILES.find((p) => p.id === 'demo-outpatient')!;
const inpatient = BUILT_IN_PROFILES.find((p) => p.id === 'demo-inpatient')!;

function reader(profile = outpatient): OrderReader {
  return new OrderReader(document, profile, { keySalt: 'salt' });
}

beforeEach(() => {
  loadDemoPage();
});

describe('OrderReader', () => {
  it('reads the whole order as the adapter does', () => {
    const snapshot = reader().readAll();
    const direct = extractOrder(document, outpatient, { keySalt: 'salt' });
    expect(snapshot.mode).toBe('full');
    expect(snapshot.order).toEqual(direct.order);
    expect(snapshot.broken).toBe(false);
    expect(snapshot.table).toBe(document.getElementById('gbox_rxGrid'));
    expect([...snapshot.rows.keys()]).toEqual(['1', '2', '3']);
  });

  it('re-reads only the edited rows, giving the same order a full read gives', () => {
    const r = reader();
    const first = r.readAll();
    control(gridRow('2'), 'days').value = '21';
    prescribeApalutamide(gridRow('3'));
    // A page-level change a row re-read must not see (proof that nothing else was read).
    document.getElementById('rxNo')!.textContent = 'RX-OTHER';
    const next = r.reread([gridRow('2'), gridRow('3')]);
    expect(next.mode).toBe('rows');
    expect(next.order!.id).toBe(first.order!.id);
    expect(next.order!.lines.map((l) => [l.id, l.days, l.code])).toEqual([
      ['1', 14, 'XC09CAA284A001010100553'],
      ['2', 21, 'XC10BAR128A001010100177'],
      ['3', 7, APALUTAMIDE.code],
    ]);
    document.getElementById('rxNo')!.textContent = first.order!.id;
    expect(next.fingerprint).toBe(reader().readAll().fingerprint);
  });

  it('falls back to a full read when rows are added or removed', () => {
    const r = reader();
    r.readAll();
    const copy = gridRow('3').cloneNode(true) as Element;
    copy.id = 'jqg1';
    gridRow('3').after(copy);
    const added = r.reread([copy]);
    expect(added.mode).toBe('full');
    expect([...added.rows.keys()]).toEqual(['1', '2', '3', 'jqg1']);
    gridRow('2').remove();
    const removed = r.reread([]);
    expect(removed.mode).toBe('full');
    expect(removed.order!.lines.map((l) => l.id)).toEqual(['1', '3', 'jqg1']);
  });

  it('falls back to a full read when a row is emptied, and keeps a row without a code out of the order', () => {
    const r = reader();
    r.readAll();
    control(gridRow('2'), 'drugName').value = '';
    cell(gridRow('2'), 'insCode').textContent = '';
    const emptied = r.reread([gridRow('2')]);
    expect(emptied.mode).toBe('full');
    expect(emptied.order!.lines.map((l) => l.id)).toEqual(['1', '3']);
    control(gridRow('3'), 'drugName').value = '某药';
    cell(gridRow('3'), 'insCode').textContent = '';
    const noCode = r.reread([gridRow('3')]);
    expect(noCode.mode).toBe('rows');
    expect(noCode.order!.lines.map((l) => l.id)).toEqual(['1']);
    expect(noCode.problems).toContainEqual(expect.objectContaining({ code: 'row-code-missing', lineId: '3' }));
  });

  it('reports a renamed column as broken, with no order', () => {
    document.querySelector('#rxGrid_insCode .ui-jqgrid-sortable')!.textContent = '国家编码';
    const snapshot = reader().readAll();
    expect(snapshot.broken).toBe(true);
    expect(snapshot.order).toBeNull();
    expect(snapshot.fingerprint).toBe('');
    expect(snapshot.problems).toContainEqual(expect.objectContaining({ code: 'column-missing', field: 'lines.code', severity: 'error' }));
  });

  it('reports a page without the profile’s table as broken', () => {
    const snapshot = reader(inpatient).readAll();
    expect(snapshot.broken).toBe(true);
    expect(snapshot.table).toBeNull();
    expect(snapshot.problems).toContainEqual(expect.objectContaining({ code: 'table-missing' }));
  });
});
