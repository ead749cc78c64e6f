// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { extractOrder } from '../../../adapters/extract';
import { extractRow, locateTable } from '../../../adapters/extract-table';
import { pseudonymousKey } from '../../../adapters/patient-key';
import { adapterBroken } from '../../../adapters/problems';
import { SiteProfileSchema, type SiteProfile } from '../../../adapters/profile-schema';
import { writeBack } from '../../../adapters/write-back';
import { demoFile, loadProfile, parsePage } from './support';

const profile = loadProfile('demo-outpatient');
const page = () => parsePage(demoFile('outpatient.html'));

/** The same profile with some parts replaced, validated like a real one. */
function variant(change: (p: SiteProfile) => void): SiteProfile {
  const copy = structuredClone(profile);
  change(copy);
  return SiteProfileSchema.parse(copy);
}

describe('outpatient page → canonical order', () => {
  const { order, rows, problems } = extractOrder(page(), profile, { today: '2030-01-01' });

  it('reads the page without problems', () => {
    expect(problems).toEqual([]);
    expect(order).not.toBeNull();
  });

  it('reads the patient banner', () => {
    expect(order!.id).toBe('RX202611220037-01');
    expect(order!.patient.sex).toBe('F');
    expect(order!.patient.ageYears).toBe(45);
    expect(order!.patient.ageDays).toBeUndefined();
    expect(order!.encounter).toMatchObject({
      visitType: 'outpatient',
      date: '2026-11-22',
      department: '心血管内科',
      insuranceType: 'employee',
      institutionLevel: 3,
    });
    expect(order!.prescriber).toEqual({ id: '1024', title: '主治医师', antibioticLevel: 'unrestricted', narcoticPrivilege: false });
  });

  it('replaces the clinic number with a salted pseudonymous key', () => {
    expect(order!.patient.key).toBe(pseudonymousKey('MZ202611220037', 'demo-outpatient'));
    expect(order!.patient.key).not.toContain('MZ2026');
    const other = extractOrder(page(), profile, { keySalt: 'hospital-b' }).order!;
    expect(other.patient.key).not.toBe(order!.patient.key);
  });

  it('reads the diagnoses with the primary marker', () => {
    expect(order!.encounter.diagnoses).toEqual([
      { code: 'I10.x03', name: '高血压1级', primary: true },
      { code: 'E78.500', name: '高脂血症', primary: false },
    ]);
  });

  it('reads each prescription line field by field, keyed by the jqGrid row id', () => {
    expect(order!.lines).toEqual([
      {
        id: '1', code: 'XC09CAA284A001010100553', name: '阿利沙坦酯片', kind: 'drug', spec: '240mg*7片',
        dose: 240, doseUnit: 'mg', route: '口服', frequency: 'qd', days: 14, quantity: 2, unit: '盒',
        price: 53.2, selfPay: false, group: '1',
      },
      {
        id: '2', code: 'XC10BAR128A001010100177', name: '瑞舒伐他汀依折麦布片(I)', kind: 'drug', spec: '10mg/10mg*10片',
        dose: 1, doseUnit: '片', route: '口服', frequency: 'qn', days: 7, quantity: 1, unit: '盒',
        price: 38.5, selfPay: false, group: '2',
      },
      {
        id: '3', code: 'XN07XXD130E002010102774', name: '丁苯酞软胶囊', kind: 'drug', spec: '0.1g*24粒',
        dose: 0.2, doseUnit: 'g', route: '口服', frequency: 'tid', days: 7, quantity: 2, unit: '盒',
        price: 98.5, selfPay: false, group: '3',
      },
    ]);
  });

  it('maps each line id to its row element', () => {
    expect([...rows.keys()]).toEqual(['1', '2', '3']);
    expect(rows.get('3')!.querySelector('input.drug-name')).toHaveProperty('value', '丁苯酞软胶囊');
  });

  it('falls back to the given date only when the page shows none', () => {
    const noDate = variant((p) => {
      delete p.encounter.date;
    });
    expect(extractOrder(page(), noDate, { today: '2030-01-01' }).order!.encounter.date).toBe('2030-01-01');
  });
});

describe('the doctor in the header', () => {
  const withPrivilege = (abx: string, narcotic: string) => {
    const doc = page();
    doc.getElementById('doctorAbx')!.textContent = abx;
    doc.getElementById('doctorNarcotic')!.textContent = narcotic;
    return extractOrder(doc, profile, { today: '2030-01-01' });
  };

  it('reads the 抗菌药物处方权 words without a map, and 有/无 as the 麻精处方权', () => {
    expect(withPrivilege('特殊级', '有').order!.prescriber).toMatchObject({ antibioticLevel: 'special', narcoticPrivilege: true });
    expect(withPrivilege(' 限制使用级 ', '无').order!.prescriber).toMatchObject({ antibioticLevel: 'restricted', narcoticPrivilege: false });
    expect(withPrivilege('无', '无').order!.prescriber).toMatchObject({ antibioticLevel: 'none' });
  });

  it('does not guess a level it cannot read: a problem naming the field, and no level on the order', () => {
    const { order, problems } = withPrivilege('二级', '无');
    expect(order!.prescriber).toEqual({ id: '1024', title: '主治医师', narcoticPrivilege: false });
    expect(problems).toMatchObject([{ code: 'field-invalid', field: 'prescriber.antibioticLevel', message: expect.stringContaining('抗菌药物处方权：「二级」需为') }]);
  });
});

describe('reading what the doctor typed', () => {
  it('sees edited inputs, selects and checkboxes, and full-width digits', () => {
    const doc = page();
    const row = doc.getElementById('3')!;
    (row.querySelector('td[aria-describedby="rxGrid_days"] input') as HTMLInputElement).value = '１４';
    (row.querySelector('td[aria-describedby="rxGrid_freq"] select') as HTMLSelectElement).value = 'bid';
    (row.querySelector('input.self-pay') as HTMLInputElement).checked = true;
    const { line, problems } = extractRow(row, profile);
    expect(problems).toEqual([]);
    expect(line).toMatchObject({ id: '3', days: 14, frequency: 'bid', selfPay: true, quantity: 2 });
  });

  it('skips a blank new row silently and reports a named row without a code', () => {
    const doc = page();
    const tbody = doc.querySelector('#rxGrid tbody')!;
    const blank = doc.getElementById('1')!.cloneNode(true) as Element;
    blank.id = 'jqg1';
    blank.querySelectorAll('input[type=text]').forEach((i) => ((i as HTMLInputElement).value = ''));
    blank.querySelector('td[aria-describedby="rxGrid_insCode"]')!.textContent = '';
    tbody.appendChild(blank);
    const typed = blank.cloneNode(true) as Element;
    typed.id = 'jqg2';
    (typed.querySelector('input.drug-name') as HTMLInputElement).value = '阿莫西林胶囊';
    tbody.appendChild(typed);

    const { order, rows, problems } = extractOrder(doc, profile);
    expect(order!.lines.map((l) => l.id)).toEqual(['1', '2', '3']);
    expect(rows.has('jqg1')).toBe(false);
    expect(rows.get('jqg2')).toBe(typed);
    expect(problems).toEqual([
      { code: 'row-code-missing', severity: 'warning', message: '第5行 「阿莫西林胶囊」缺少医保编码，无法审核', field: 'lines.code', lineId: 'jqg2' },
    ]);
    expect(adapterBroken(problems)).toBe(false);
  });

  it('reports an unreadable value on one row and keeps the rest of the line', () => {
    const doc = page();
    (doc.getElementById('2')!.querySelector('td[aria-describedby="rxGrid_days"] input') as HTMLInputElement).value = '见医嘱';
    const { order, problems } = extractOrder(doc, profile);
    const line = order!.lines.find((l) => l.id === '2')!;
    expect(line.days).toBeUndefined();
    expect(line.quantity).toBe(1);
    expect(problems).toMatchObject([{ code: 'field-invalid', severity: 'warning', field: 'lines.days', lineId: '2' }]);
    expect(problems[0]!.message).toBe('第2行 天数：「见医嘱」不是数字');
  });

  it('numbers rows without an id and marks duplicate ids', () => {
    const doc = page();
    doc.getElementById('2')!.removeAttribute('id');
    doc.getElementById('3')!.id = '1';
    const { order, problems } = extractOrder(doc, profile);
    expect(order!.lines.map((l) => l.id)).toEqual(['1', '#2', '1~2']);
    expect(problems).toMatchObject([{ code: 'row-id-duplicate', lineId: '1~2' }]);
  });
});

describe('when the page no longer fits the profile', () => {
  it('reads on without a renamed optional column, and says the field is unread', () => {
    const doc = page();
    doc.querySelector('#rxGrid_spec .ui-jqgrid-sortable')!.textContent = '药品规格';
    const { order, problems } = extractOrder(doc, profile);
    expect(problems).toEqual([
      {
        code: 'column-missing',
        severity: 'warning',
        message: '规格：表头中没有「规格」列，页面可能已改版',
        field: 'lines.spec',
      },
    ]);
    expect(adapterBroken(problems)).toBe(false);
    expect(order!.lines).toHaveLength(3);
    expect(order!.lines.every((l) => l.spec === undefined)).toBe(true);
    expect(order!.unread).toEqual(['lines.spec']);
  });

  it.each([
    ['rxGrid_insCode', 'lines.code', '医保编码'],
    ['rxGrid_drugName', 'lines.name', '名称'],
  ])('still calls a renamed %s column 页面适配失效: no line can be checked without it', (id, field, label) => {
    const doc = page();
    doc.querySelector(`#${id} .ui-jqgrid-sortable`)!.textContent = '改名';
    const { problems } = extractOrder(doc, profile);
    expect(problems).toContainEqual(expect.objectContaining({ code: 'column-missing', severity: 'error', field, message: expect.stringMatching(new RegExp(`^${label}：`)) }));
    expect(adapterBroken(problems)).toBe(true);
  });

  it('accepts a renamed column the profile lists as an alternative', () => {
    const doc = page();
    doc.querySelector('#rxGrid_spec .ui-jqgrid-sortable')!.textContent = '药品规格';
    const tolerant = variant((p) => {
      p.orders.fields.spec = { column: ['规格', '药品规格'] };
    });
    const { order, problems } = extractOrder(doc, tolerant);
    expect(problems).toEqual([]);
    expect(order!.lines[0]!.spec).toBe('240mg*7片');
  });

  it('gives no order when the code column is gone', () => {
    const doc = page();
    doc.querySelector('#rxGrid_insCode .ui-jqgrid-sortable')!.textContent = '国家编码';
    const { order, problems } = extractOrder(doc, profile);
    expect(order).toBeNull();
    expect(problems.map((p) => [p.code, p.field])).toContainEqual(['column-missing', 'lines.code']);
  });

  it('reports a missing table without throwing', () => {
    const doc = page();
    doc.getElementById('gbox_rxGrid')!.remove();
    const result = extractOrder(doc, profile);
    expect(result.order).toBeNull();
    expect(result.rows.size).toBe(0);
    expect(result.problems).toContainEqual({
      code: 'table-missing',
      severity: 'error',
      message: '未找到医嘱表格（#gbox_rxGrid），页面可能已改版',
      field: 'lines',
    });
  });

  it('reports a missing header row', () => {
    const doc = page();
    doc.querySelector('tr.ui-jqgrid-labels')!.remove();
    const { order, problems } = extractOrder(doc, profile);
    expect(order).toBeNull();
    expect(problems[0]).toMatchObject({ code: 'header-missing', severity: 'error' });
  });

  it('reports an invalid selector instead of throwing', () => {
    const broken = variant((p) => {
      p.orders.rows = 'tr.jqgrow[';
    });
    const { order, problems } = extractOrder(page(), broken);
    expect(order).toBeNull();
    expect(problems).toMatchObject([{ code: 'bad-selector', severity: 'error', field: 'lines' }]);
  });

  it('reports a css field that no row has', () => {
    const stale = variant((p) => {
      p.orders.fields.route = { css: 'td.route-col' };
    });
    const { order, problems } = extractOrder(page(), stale);
    expect(order!.lines.every((l) => l.route === undefined)).toBe(true);
    expect(problems).toEqual([
      { code: 'field-missing', severity: 'warning', message: '用法：所有医嘱行中都未找到', field: 'lines.route' },
    ]);
  });
});

describe('patient values the page writes oddly', () => {
  function banner(label: string, text: string): Document {
    const doc = page();
    const labelEl = [...doc.querySelectorAll('#patientBanner .lbl')].find((el) => el.textContent === `${label}：`)!;
    labelEl.nextElementSibling!.textContent = text;
    return doc;
  }

  it('reports an unknown sex and leaves it out', () => {
    const { order, problems } = extractOrder(banner('性别', '两性'), profile);
    expect(order!.patient.sex).toBeUndefined();
    expect(problems).toEqual([
      { code: 'field-invalid', severity: 'warning', message: '性别：「两性」不是可识别的性别', field: 'patient.sex' },
    ]);
  });

  it('reports an unparseable age and leaves it out', () => {
    const { order, problems } = extractOrder(banner('年龄', '成年'), profile);
    expect(order!.patient.ageYears).toBeUndefined();
    expect(problems).toMatchObject([{ code: 'field-invalid', field: 'patient.age', message: '年龄：「成年」不是可识别的年龄' }]);
  });

  it('reads an infant age in days', () => {
    const { order } = extractOrder(banner('年龄', '12天'), profile);
    expect(order!.patient).toMatchObject({ ageDays: 12 });
    expect(order!.patient.ageYears).toBeUndefined();
  });

  it('reads 急诊 and 居民医保 through the profile maps, and reports an unmapped insurance', () => {
    expect(extractOrder(banner('就诊类型', '急诊'), profile).order!.encounter.visitType).toBe('emergency');
    expect(extractOrder(banner('医保类型', '居民医保'), profile).order!.encounter.insuranceType).toBe('resident');
    const { order, problems } = extractOrder(banner('医保类型', '异地医保'), profile);
    expect(order!.encounter.insuranceType).toBeUndefined();
    expect(problems).toMatchObject([{ code: 'field-invalid', field: 'encounter.insuranceType' }]);
  });

  it('reports a banner field that disappeared', () => {
    const doc = page();
    const ageLabel = [...doc.querySelectorAll('#patientBanner .lbl')].find((el) => el.textContent === '年龄：')!;
    ageLabel.nextElementSibling!.remove();
    ageLabel.remove();
    const { problems } = extractOrder(doc, profile);
    expect(problems).toEqual([{ code: 'field-missing', severity: 'warning', message: '页面上未找到年龄', field: 'patient.age' }]);
  });

  it('reads a label and value written in one element', () => {
    const doc = page();
    doc.getElementById('patientBanner')!.insertAdjacentHTML('beforeend', '<span class="extra">体重：62kg</span>');
    const withWeight = variant((p) => {
      p.patient.weightKg = { label: '体重', within: '#patientBanner', transform: ['number'] };
    });
    expect(extractOrder(doc, withWeight).order!.patient.weightKg).toBe(62);
  });
});

describe('writeBack', () => {
  function recordEvents(el: Element): string[] {
    const seen: string[] = [];
    for (const type of ['input', 'change']) el.addEventListener(type, (e) => seen.push(`${e.type}:${e.bubbles}`));
    return seen;
  }

  it('sets days as a user edit would, firing bubbling input and change events', () => {
    const doc = page();
    const row = doc.getElementById('1')!;
    const input = row.querySelector('td[aria-describedby="rxGrid_days"] input') as HTMLInputElement;
    const events = recordEvents(input);
    const bubbled: string[] = [];
    doc.getElementById('rxGrid')!.addEventListener('change', () => bubbled.push('grid'));

    expect(writeBack(row, 'days', 7, profile)).toEqual({ ok: true });
    expect(input.value).toBe('7');
    expect(events).toEqual(['input:true', 'change:true']);
    expect(bubbled).toEqual(['grid']);
    expect(extractRow(row, profile).line).toMatchObject({ days: 7 });
  });

  it('ticks the self-pay checkbox', () => {
    const doc = page();
    const row = doc.getElementById('2')!;
    const box = row.querySelector('input.self-pay') as HTMLInputElement;
    const events = recordEvents(box);
    expect(writeBack(row, 'selfPay', true, profile)).toEqual({ ok: true });
    expect(box.checked).toBe(true);
    expect(events).toEqual(['input:true', 'change:true']);
  });

  it('refuses fields the profile does not allow, and leaves the page alone', () => {
    const doc = page();
    const row = doc.getElementById('1')!;
    const restricted = variant((p) => {
      p.writeBack = ['days'];
    });
    const total = row.querySelector('td[aria-describedby="rxGrid_total"] input') as HTMLInputElement;
    const events = recordEvents(total);
    expect(writeBack(row, 'quantity', 1, restricted)).toMatchObject({ ok: false, reason: 'not-allowed' });
    expect(total.value).toBe('2');
    expect(events).toEqual([]);
  });

  it('refuses values of the wrong type and read-only cells', () => {
    const doc = page();
    const row = doc.getElementById('1')!;
    expect(writeBack(row, 'days', true, profile)).toMatchObject({ ok: false, reason: 'bad-value' });
    expect(writeBack(row, 'days', -1, profile)).toMatchObject({ ok: false, reason: 'bad-value' });
    expect(writeBack(row, 'selfPay', 1, profile)).toMatchObject({ ok: false, reason: 'bad-value' });
    const input = row.querySelector('td[aria-describedby="rxGrid_days"] input') as HTMLInputElement;
    input.readOnly = true;
    expect(writeBack(row, 'days', 5, profile)).toMatchObject({ ok: false, reason: 'not-editable' });
    expect(input.value).toBe('14');
  });

  it('refuses a field whose cell holds plain text', () => {
    const doc = page();
    const row = doc.getElementById('1')!;
    const textOnly = variant((p) => {
      p.orders.fields.quantity = { column: '单价' };
    });
    expect(writeBack(row, 'quantity', 3, textOnly)).toMatchObject({ ok: false, reason: 'not-editable' });
  });

  it('locates the table header once for many writes', () => {
    const doc = page();
    const { columns } = locateTable(doc, profile);
    expect(columns).toBeDefined();
    expect(writeBack(doc.getElementById('3')!, 'quantity', 3, profile, { columns })).toEqual({ ok: true });
    expect(extractRow(doc.getElementById('3')!, profile, { index: 2, columns }).line).toMatchObject({ quantity: 3 });
  });
});
