// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { extractOrder } from '../../../adapters';
import { locateTable } from '../../../adapters/extract-table';
import { SiteProfileSchema } from '../../../adapters/profile-schema';
import { parsePage } from './support';

/** A frozen header in a table of its own (jqGrid's htable/btable), with no wrapper but the page. */

const profile = (headerTable?: string) =>
  SiteProfileSchema.parse({
    profileVersion: 1,
    id: 'frozen-header',
    name: '冻结表头',
    match: { urls: ['http://localhost/*'] },
    encounter: { visitType: { value: 'outpatient' } },
    orders: {
      table: '#rows',
      rows: 'tbody tr',
      headerRow: 'thead tr',
      ...(headerTable ? { headerTable } : {}),
      fields: { name: { column: '药品' }, code: { column: '医保编码' }, days: { column: '天数', transform: ['days'] } },
    },
  });

const PAGE = `
  <div class="banner">姓名：某某</div>
  <div class="head"><table id="head"><thead><tr><th>天数</th><th>药品</th><th>医保编码</th></tr></thead></table></div>
  <div class="body"><table id="rows"><tbody>
    <tr><td>14</td><td>阿利沙坦酯片</td><td>XC09CAA284A001010100553</td></tr>
  </tbody></table></div>`;

describe('orders.headerTable', () => {
  it('reads the columns from the header table beside the rows, and watches only the rows table', () => {
    const doc = parsePage(PAGE);
    const result = extractOrder(doc, profile('#head'));
    expect(result.problems).toEqual([]);
    expect(result.order?.lines).toMatchObject([{ name: '阿利沙坦酯片', code: 'XC09CAA284A001010100553', days: 14 }]);
    // What the content script observes: the rows' table, not a wrapper of both (here the page).
    expect(locateTable(doc, profile('#head')).table?.id).toBe('rows');
  });

  it('without it the header inside the rows table is missing, and says so', () => {
    const result = extractOrder(parsePage(PAGE), profile());
    expect(result.problems.map((p) => p.code)).toContain('header-missing');
  });

  it('names the header table when it is gone', () => {
    const result = extractOrder(parsePage(PAGE.replace('id="head"', 'id="other"')), profile('#head'));
    expect(result.problems.find((p) => p.code === 'header-missing')?.message).toContain('#head');
  });
});
