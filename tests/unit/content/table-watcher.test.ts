// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_PROFILES, type SiteProfile } from '../../../adapters';
import type { ChangeScheduler } from '../../../entrypoints/content/change-scheduler';
import { fullReadSelectors } from '../../../entrypoints/content/read-scope';
import { TableWatcher } from '../../../entrypoints/content/table-watcher';
import { cell, gridRow, loadDemoPage } from './support';

/**
 * What the table watcher asks the scheduler to read again, on the demo outpatient page: its grid
 * container (#gbox_rxGrid) holds the rows, the header, the prescription number the order id comes
 * from, and a footer with the running total the page re-writes on every keystroke.
 */

const outpatient = BUILT_IN_PROFILES.find((p) => p.id === 'demo-outpatient')!;

class RecordingScheduler {
  rows: string[] = [];
  all = 0;
  markRow(row: Element): void {
    this.rows.push(row.id);
  }
  markAll(): void {
    this.all += 1;
  }
}

let watcher: TableWatcher | undefined;

function watch(profile: SiteProfile = outpatient): RecordingScheduler {
  const scheduler = new RecordingScheduler();
  watcher = new TableWatcher({
    document,
    profile,
    scheduler: scheduler as unknown as ChangeScheduler,
    isOwnNode: () => false,
  });
  watcher.watch(document.querySelector('#gbox_rxGrid'));
  return scheduler;
}

/** MutationObserver callbacks run after a microtask. */
const observed = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  loadDemoPage();
});

afterEach(() => {
  watcher?.dispose();
  watcher = undefined;
});

describe('changes in the order table', () => {
  it('lets the footer total go: no read depends on it', async () => {
    const scheduler = watch();
    document.getElementById('rxTotal')!.textContent = '999.00';
    await observed();
    expect(scheduler).toMatchObject({ all: 0, rows: [] });
  });

  it('reads one row when text inside it changes, and the whole order when the prescription number changes', async () => {
    const scheduler = watch();
    cell(gridRow('2'), 'amount').textContent = '77.00';
    await observed();
    expect(scheduler.all).toBe(0);
    expect(new Set(scheduler.rows)).toEqual(new Set(['2']));
    document.getElementById('rxNo')!.textContent = 'RX202611220037-02';
    await observed();
    expect(scheduler.all).toBe(1);
  });

  it('reads the whole order when a column header is renamed', async () => {
    const scheduler = watch();
    document.querySelector('#rxGrid_insCode .ui-jqgrid-sortable')!.textContent = '国家医保编码';
    await observed();
    expect(scheduler.all).toBe(1);
  });

  it('reads the whole order when rows go, the last one included', async () => {
    const scheduler = watch();
    gridRow('3').remove();
    await observed();
    expect(scheduler.all).toBe(1);
    gridRow('1').remove();
    gridRow('2').remove();
    await observed();
    expect(scheduler.all).toBe(2);
  });

  it('counts any element added outside the rows, even in the footer', async () => {
    const scheduler = watch();
    document.querySelector('.ui-jqgrid-pager')!.append(document.createElement('button'));
    await observed();
    expect(scheduler.all).toBe(1);
  });

  it('counts every change when a field may be read anywhere in the page (a label without within)', async () => {
    const anywhere: SiteProfile = { ...outpatient, patient: { ...outpatient.patient, sex: { label: '性别' } } };
    expect(fullReadSelectors(anywhere)).toBeUndefined();
    const scheduler = watch(anywhere);
    document.getElementById('rxTotal')!.textContent = '999.00';
    await observed();
    expect(scheduler.all).toBe(1);
  });
});

describe('fullReadSelectors', () => {
  it('lists the rows, the header and every scope page-level fields are read from', () => {
    expect(fullReadSelectors(outpatient)).toEqual([
      'table.ui-jqgrid-btable tr.jqgrow',
      'table.ui-jqgrid-htable tr.ui-jqgrid-labels',
      '#rxNo',
      '#clinicNo',
      '#patientBanner',
      '#patientBanner',
      '#patientBanner',
      '#patientBanner',
      '#patientBanner',
      '#patientBanner',
      '#patientBanner',
      '#doctorId',
      '#doctorTitle',
      '#doctorAbx',
      '#doctorNarcotic',
      '#diagTable',
    ]);
  });
});
