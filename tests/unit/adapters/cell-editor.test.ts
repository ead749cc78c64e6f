// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { writeBackLive } from '../../../adapters/cell-editor';
import { probeWriteBack } from '../../../adapters/write-back';
import { SiteProfileSchema, type SiteProfileInput } from '../../../adapters/profile-schema';

/**
 * A jqGrid-style grid with cell editing: cells show text; a click turns one into an input, and the
 * grid saves it on Enter (as jqGrid's saveCell does) — or never, for a locked row.
 */

const GRID = `
<table id="grid">
  <tr class="head"><th>药品名称</th><th>医保编码</th><th>天数</th><th>总量</th></tr>
  <tr class="row" id="r1"><td>阿利沙坦酯片</td><td>XC09CAA284A001010100553</td><td class="edit">10</td><td>2</td></tr>
  <tr class="row locked" id="r2"><td>阿帕他胺片</td><td>XL02BBA326A001010102180</td><td class="edit">10</td><td>1</td></tr>
</table>`;

function profile(extra: Partial<SiteProfileInput['orders']> = {}) {
  return SiteProfileSchema.parse({
    profileVersion: 1,
    id: 'click-grid',
    name: 'click grid',
    match: { urls: ['http://127.0.0.1/*'] },
    orders: {
      table: '#grid',
      rows: 'tr.row',
      headerRow: 'tr.head',
      rowId: { attr: 'id' },
      fields: {
        name: { column: '药品名称' },
        code: { column: '医保编码' },
        days: { column: '天数', transform: ['days'] },
        quantity: { column: '总量', transform: ['number'] },
      },
      ...extra,
    },
    writeBack: ['days', 'quantity'],
  });
}

const clickToEdit = profile({ cellEditor: { open: 'click', waitMs: 200 } });
const events: string[] = [];

/** The grid's own behaviour, as a page script would install it. */
function installGrid(options: { saveOn?: 'Enter' | 'never'; reject?: boolean } = {}): void {
  document.body.innerHTML = GRID;
  events.length = 0;
  document.getElementById('grid')!.addEventListener('click', (event) => {
    const td = (event.target as Element).closest('td.edit');
    if (!td || td.closest('tr.locked') || td.querySelector('input')) return;
    const before = td.textContent!;
    td.innerHTML = `<input class="cell-editor" value="${before}">`;
    const input = td.querySelector('input')!;
    for (const type of ['input', 'change', 'keydown', 'keyup', 'focusout']) input.addEventListener(type, () => events.push(type));
    input.addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).keyCode !== 13 || options.saveOn === 'never') return;
      td.textContent = options.reject ? before : input.value;
    });
  });
}

const sleep = () => new Promise<void>((resolve) => setTimeout(resolve, 1));
const row = (id: string) => document.getElementById(id) as HTMLTableRowElement;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('click-to-edit cells', () => {
  it('are checked against the live cell before any click', () => {
    installGrid();
    expect(probeWriteBack(row('r1'), 'days', clickToEdit)).toMatchObject({ ok: true, mode: 'editor' });
    // Without cellEditor a text cell cannot take a value: said before the doctor clicks.
    expect(probeWriteBack(row('r1'), 'days', profile())).toEqual({ ok: false, reason: 'not-editable', message: '该单元格不可编辑' });
    expect(document.querySelector('input')).toBeNull();
  });

  it('are clicked, written and committed with Enter like a doctor would, then read back', async () => {
    installGrid();
    const result = await writeBackLive(row('r1'), 'days', 7, clickToEdit, { sleep });
    expect(result).toEqual({ ok: true });
    expect(row('r1').querySelector('td.edit')!.textContent).toBe('7');
    expect(events).toEqual(['input', 'change', 'keydown', 'keyup']);
  });

  it('fail with the reason when the click opens no editor (a locked row)', async () => {
    installGrid();
    const result = await writeBackLive(row('r2'), 'days', 7, clickToEdit, { sleep });
    expect(result).toEqual({ ok: false, reason: 'editor-missing', message: '点击后未出现输入框' });
    expect(row('r2').querySelector('td.edit')!.textContent).toBe('10');
  });

  it('fail when the grid puts its old value back', async () => {
    installGrid({ reject: true });
    const result = await writeBackLive(row('r1'), 'days', 7, clickToEdit, { sleep });
    expect(result).toEqual({ ok: false, reason: 'not-accepted', message: '页面未接受新值' });
  });

  it('count as written when the grid keeps the editor open with the new value', async () => {
    installGrid({ saveOn: 'never' });
    expect(await writeBackLive(row('r1'), 'days', 7, clickToEdit, { sleep })).toEqual({ ok: true });
    expect((row('r1').querySelector('input') as HTMLInputElement).value).toBe('7');
  });

  it('send only the events the profile lists', async () => {
    installGrid({ saveOn: 'never' });
    const enterOnly = profile({ cellEditor: { open: 'click', waitMs: 200, commit: ['enter'] } });
    await writeBackLive(row('r1'), 'days', 7, enterOnly, { sleep });
    expect(events).toEqual(['keydown', 'keyup']);
  });

  it('write a cell that already holds a control directly, without clicking', async () => {
    installGrid();
    row('r1').cells[3]!.innerHTML = '<input value="2">';
    expect(probeWriteBack(row('r1'), 'quantity', clickToEdit)).toMatchObject({ ok: true, mode: 'control' });
    expect(await writeBackLive(row('r1'), 'quantity', 1, clickToEdit, { sleep })).toEqual({ ok: true });
    expect((row('r1').cells[3]!.querySelector('input') as HTMLInputElement).value).toBe('1');
  });

  it('refuse fields the profile does not allow, and bad values, before clicking', async () => {
    installGrid();
    const daysOnly = SiteProfileSchema.parse({ ...clickToEdit, writeBack: ['days'] });
    expect(await writeBackLive(row('r1'), 'quantity', 1, daysOnly, { sleep })).toMatchObject({ ok: false, reason: 'not-allowed' });
    expect(await writeBackLive(row('r1'), 'days', -3, clickToEdit, { sleep })).toMatchObject({ ok: false, reason: 'bad-value' });
    expect(document.querySelector('input')).toBeNull();
  });
});
