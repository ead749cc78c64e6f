// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { extractOrder, extractRow } from '../../../adapters';
import { SiteProfileSchema, type SiteProfileInput } from '../../../adapters/profile-schema';
import { occurrence, rowKeyOf } from '../../../adapters/row-key';
import { parsePage } from './support';

/** Content-derived row keys: what they are made of, and how a table read gives them out. */

const KEY = ['code', 'name', 'group'] as const;

function profile(orders: Partial<SiteProfileInput['orders']> = {}) {
  return SiteProfileSchema.parse({
    profileVersion: 1,
    id: 'row-keys',
    name: '行标识',
    match: { urls: ['http://localhost/*'] },
    encounter: { visitType: { value: 'outpatient' } },
    orders: {
      table: '#grid',
      rows: 'tbody tr',
      headerRow: 'thead tr',
      fields: { group: { column: '组' }, name: { column: '药品' }, code: { column: '医保编码' }, days: { column: '天数', transform: ['days'] } },
      ...orders,
    },
  });
}

type Row = [group: string, name: string, code: string, days: string, id?: string];

function page(rows: Row[]): Document {
  const body = rows
    .map(([group, name, code, days, id]) => `<tr${id ? ` data-line="${id}"` : ''}><td>${group}</td><td>${name}</td><td>${code}</td><td>${days}</td></tr>`)
    .join('');
  return parsePage(`<div id="grid"><table><thead><tr><th>组</th><th>药品</th><th>医保编码</th><th>天数</th></tr></thead><tbody>${body}</tbody></table></div>`);
}

const A: Row = ['1', '阿利沙坦酯片', 'XC09CAA284A001010100553', '7'];
const B: Row = ['2', '瑞舒伐他汀依折麦布片(I)', 'XC10BAR128A001010100177', '14'];
const C: Row = ['3', '阿帕他胺片', 'XL02BBA326A001010102180', '10'];
const withId = ([group, name, code, days]: Row, id: string): Row => [group, name, code, days, id];
const keyOf = ([group, name, code]: Row) => rowKeyOf({ code, name, group }, KEY)!;

describe('rowKeyOf', () => {
  it('is the same for the same values, different when an identity field differs, blind to amounts', () => {
    const a = rowKeyOf({ code: 'X1', name: '甲', group: '1', days: 7 }, KEY);
    expect(a).toMatch(/^k[0-9a-z]+$/);
    expect(rowKeyOf({ code: 'X1', name: '甲', group: '1', days: 30 }, KEY)).toBe(a);
    expect(rowKeyOf({ code: 'X1', name: '甲 ', group: '1' }, KEY)).toBe(a);
    expect(rowKeyOf({ code: 'X1', name: '甲', group: '2' }, KEY)).not.toBe(a);
    expect(rowKeyOf({ code: 'X2', name: '甲', group: '1' }, KEY)).not.toBe(a);
    // The names go in: a value moving from one field to another is another key.
    expect(rowKeyOf({ code: '1', name: '甲' }, ['code', 'name'])).not.toBe(rowKeyOf({ group: '1', name: '甲' }, ['group', 'name']));
    expect(rowKeyOf({ days: 7 }, KEY)).toBeUndefined();
  });

  it('numbers repeats ~2, ~3 in order', () => {
    const taken = new Set(['k1']);
    expect(occurrence('k2', taken)).toBe('k2');
    expect(occurrence('k1', taken)).toBe('k1~2');
    taken.add('k1~2');
    expect(occurrence('k1', taken)).toBe('k1~3');
  });
});

describe('a table read with rowKey', () => {
  const keyed = profile({ rowKey: [...KEY] });

  it('keys each line by what it says, so a delete above or a sort leaves every key on its line', () => {
    const ids = (doc: Document) => extractOrder(doc, keyed).order!.lines.map((l) => [l.id, l.name]);
    expect(ids(page([A, B, C]))).toEqual([A, B, C].map((r) => [keyOf(r), r[1]]));
    expect(ids(page([B, C]))).toEqual([B, C].map((r) => [keyOf(r), r[1]]));
    expect(ids(page([C, A, B]))).toEqual([C, A, B].map((r) => [keyOf(r), r[1]]));
  });

  it('tells two equal lines apart by order, without calling it a problem; a row read alone gets the plain key', () => {
    const doc = page([A, B, A]);
    const { order, problems } = extractOrder(doc, keyed);
    expect(order!.lines.map((l) => l.id)).toEqual([keyOf(A), keyOf(B), `${keyOf(A)}~2`]);
    expect(problems).toEqual([]);
    expect(extractRow(doc.querySelectorAll('tbody tr')[2]!, keyed)).toMatchObject({ lineId: keyOf(A), keyed: 'content' });
  });

  it('keeps a row’s own id first, and numbers rows with neither id nor key fields by position', () => {
    const both = profile({ rowKey: [...KEY], rowId: { attr: 'data-line' } });
    const withIds = page([withId(A, 'L7'), B]);
    expect(extractOrder(withIds, both).order!.lines.map((l) => l.id)).toEqual(['L7', keyOf(B)]);
    // A profile without rowKey keeps the old numbering (the built-in tables have ids).
    expect(extractOrder(page([A, B]), profile()).order!.lines.map((l) => l.id)).toEqual(['1', '2']);
    // Two rows with one page id still are a problem: the page says they are one line.
    const clash = page([withId(A, 'L1'), withId(B, 'L1')]);
    const read = extractOrder(clash, profile({ rowId: { attr: 'data-line' } }));
    expect(read.order!.lines.map((l) => l.id)).toEqual(['L1', 'L1~2']);
    expect(read.problems).toContainEqual(expect.objectContaining({ code: 'row-id-duplicate', lineId: 'L1~2' }));
  });

  it('puts the line id on a row’s problems once the key is known', () => {
    const doc = page([['1', '某药', '', '7']]);
    const { problems } = extractOrder(doc, keyed);
    const key = rowKeyOf({ name: '某药', group: '1' }, KEY);
    expect(problems).toContainEqual(expect.objectContaining({ code: 'row-code-missing', lineId: key }));
    expect(problems.every((p) => !p.lineId?.includes('\u0000'))).toBe(true);
  });
});
