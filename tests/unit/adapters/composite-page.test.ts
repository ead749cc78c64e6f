// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { extractOrder } from '../../../adapters/extract';
import { SiteProfileSchema, type SiteProfileInput } from '../../../adapters/profile-schema';
import { parsePage } from './support';

/**
 * Page shapes the profile format could not express before composite transforms: all diagnoses in
 * one text, sex and age in one value, diagnosis tags whose own text is the value.
 */

const DIAGNOSIS = String.raw`(?<name>.+?)\((?<code>[A-Z]\d{2}[^)]*)\)`;

const PAGE = `
<div id="banner">
  <span id="sexAge">性别/年龄：男 / 58岁</span>
  <span id="dxLine">诊断：前列腺癌(C61.x00)；高血压(I10.x00x002)</span>
</div>
<div id="tags">
  <span class="tag">前列腺癌（C61.x00）<i class="close">×</i></span>
  <span class="tag">高血压（I10.x00x002）<i class="close">×</i></span>
</div>
<table id="rx">
  <tr class="head"><th>名称</th><th>医保编码</th><th>天数</th></tr>
  <tr class="line"><td>阿利沙坦酯片</td><td>XC09CAA284A001010100553</td><td>7</td></tr>
</table>`;

function profile(extra: Partial<SiteProfileInput>) {
  return SiteProfileSchema.parse({
    profileVersion: 1,
    id: 'composite-test',
    name: 'composite',
    match: { urls: ['http://127.0.0.1/*'] },
    orders: {
      table: '#rx',
      rows: 'tr.line',
      headerRow: 'tr.head',
      fields: { name: { column: '名称' }, code: { column: '医保编码' }, days: { column: '天数', transform: ['days'] } },
    },
    ...extra,
  });
}

const read = (p: ReturnType<typeof profile>, html = PAGE) => extractOrder(parsePage(html), p, { today: '2026-11-22' });

describe('diagnoses from one element', () => {
  const listProfile = profile({
    diagnoses: { list: { css: '#dxLine', transform: [{ strip: '诊断' }, { split: ['；', ';'], each: [{ pattern: DIAGNOSIS }] }] } },
  });

  it('gives every diagnosis with its name and code, the first one primary', () => {
    const { order, problems } = read(listProfile);
    expect(problems).toEqual([]);
    expect(order!.encounter.diagnoses).toEqual([
      { code: 'C61.x00', name: '前列腺癌', primary: true },
      { code: 'I10.x00x002', name: '高血压', primary: false },
    ]);
  });

  it('keeps the diagnoses that fit when one part does not, and names the odd one', () => {
    const html = PAGE.replace('高血压(I10.x00x002)', '待查；高血压(I10.x00x002)');
    const { order, problems } = read(listProfile, html);
    expect(order!.encounter.diagnoses.map((d) => d.code)).toEqual(['C61.x00', 'I10.x00x002']);
    expect(problems).toEqual([
      { code: 'field-invalid', severity: 'warning', message: '第2条诊断：「待查」不符合模式', field: 'encounter.diagnoses' },
    ]);
  });

  it('takes a part without groups as the code itself', () => {
    const codes = profile({ diagnoses: { list: { css: '#codes', transform: [{ split: ',' }] } } });
    const { order } = read(codes, PAGE.replace('<div id="tags">', '<span id="codes">C61.x00, I10.x00</span><div id="tags">'));
    expect(order!.encounter.diagnoses).toEqual([
      { code: 'C61.x00', primary: true },
      { code: 'I10.x00', primary: false },
    ]);
  });

  it('reports a missing element as a warning and checks on', () => {
    const { order, problems } = read(listProfile, PAGE.replace('id="dxLine"', 'id="other"'));
    expect(order).not.toBeNull();
    expect(problems).toEqual([{ code: 'field-missing', severity: 'warning', message: '页面上未找到诊断', field: 'encounter.diagnoses' }]);
  });

  it('refuses a profile mixing the list with the row fields', () => {
    const mixed = SiteProfileSchema.safeParse({
      ...listProfile,
      diagnoses: { list: { css: '#dxLine' }, rows: 'li', code: { css: 'code' } },
    });
    expect(mixed.success).toBe(false);
    const empty = SiteProfileSchema.safeParse({ ...listProfile, diagnoses: { within: '#dx' } });
    expect(empty.error?.issues.map((i) => i.path.join('.'))).toEqual(['diagnoses.rows', 'diagnoses.code']);
  });
});

describe('sex and age from one value', () => {
  it('reads both out of 性别/年龄：男 / 58岁', () => {
    const p = profile({
      patient: {
        sex: { css: '#sexAge', transform: [{ strip: '性别/年龄' }, { split: '/' }, { pick: 1 }, 'sex'] },
        age: { label: '性别/年龄', within: '#banner', transform: [{ split: '/' }, { pick: 2 }, 'age'] },
      },
    });
    const { order, problems } = read(p);
    expect(problems).toEqual([]);
    expect(order!.patient.sex).toBe('M');
    expect(order!.patient.ageYears).toBe(58);
  });

  it('reports a composite left unpicked as an unreadable field', () => {
    const p = profile({ patient: { sex: { css: '#sexAge', transform: [{ strip: '性别/年龄' }, { split: '/' }] } } });
    const { order, problems } = read(p);
    expect(order!.patient.sex).toBeUndefined();
    expect(problems).toEqual([
      { code: 'field-invalid', severity: 'warning', message: '性别：得到 2 个部分，需用 pick 取其中一个', field: 'patient.sex' },
    ]);
  });
});

describe("an element's own text", () => {
  it('reads diagnosis tags through `self`, without the tag button', () => {
    const p = profile({
      diagnoses: {
        within: '#tags',
        rows: 'span.tag',
        code: { self: true, read: 'own-text', transform: [{ pattern: DIAGNOSIS, group: 'code' }] },
        name: { self: true, read: 'own-text', transform: [{ pattern: DIAGNOSIS, group: 'name' }] },
      },
    });
    const { order, problems } = read(p);
    expect(problems).toEqual([]);
    expect(order!.encounter.diagnoses).toEqual([
      { code: 'C61.x00', name: '前列腺癌', primary: true },
      { code: 'I10.x00x002', name: '高血压', primary: false },
    ]);
  });

  it('reads the whole text, children included, without own-text', () => {
    const p = profile({ diagnoses: { within: '#tags', rows: 'span.tag', code: { self: true, transform: [{ pattern: String.raw`\)(?<rest>.*)`, group: 'rest' }] } } });
    const { order } = read(p);
    expect(order!.encounter.diagnoses.map((d) => d.code)).toEqual(['×', '×']);
  });

  it('is refused for page fields, which have no element of their own', () => {
    expect(SiteProfileSchema.safeParse({ ...profile({}), patient: { sex: { self: true } } }).success).toBe(false);
  });
});
