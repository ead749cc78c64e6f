// @vitest-environment happy-dom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractOrder } from '../../../adapters/extract';
import { SiteProfileSchema } from '../../../adapters/profile-schema';
import { addMapEntry, checkDraft, draftFrom, getAt, type DraftProfile } from '../../../adapters/authoring/draft';
import { pickField } from '../../../adapters/authoring/fields';
import { previewDraft } from '../../../adapters/authoring/preview';
import { loadProfile } from '../adapters/support';
import { $, afterLabel, blankDraft, demoFile, fixed, parsePage, pick, pickColumn, runningPage } from './support';

/**
 * Profiles built by simulated clicks read the demo pages exactly as the hand-written built-in
 * profiles do; the keys are salted alike so the pseudonymous patient keys compare.
 */

const OPTS = { today: '2030-01-01', keySalt: 'test-salt', orderId: 'fallback-id' };

function cell(row: Element, column: string): Element {
  return $(row, `td[aria-describedby="rxGrid_${column}"]`);
}

function buildOutpatient(doc: Document): DraftProfile {
  const row = $(doc, '#rxGrid tr[id="1"]');
  let d = blankDraft('outpatient.html', '门诊医生工作站 - 西药处方');
  for (const [id, label] of [
    ['patient.sex', '性别：'],
    ['patient.age', '年龄：'],
    ['encounter.insuranceType', '医保类型：'],
    ['encounter.visitType', '就诊类型：'],
    ['encounter.department', '科室：'],
    ['encounter.date', '就诊日期：'],
  ] as const) {
    d = pick(d, id, afterLabel(doc, label));
  }
  d = pick(d, 'encounter.chronicDiseases', afterLabel(doc, '门诊慢特病：'));
  d = pick(d, 'patient.key', $(doc, '#clinicNo'));
  d = pick(d, 'orderId', $(doc, '#rxNo'));
  d = pick(d, 'prescriber.id', $(doc, '#doctorId'));
  d = pick(d, 'prescriber.title', $(doc, '#doctorTitle'));
  d = pick(d, 'prescriber.antibioticLevel', $(doc, '#doctorAbx'));
  d = pick(d, 'prescriber.narcoticPrivilege', $(doc, '#doctorNarcotic'));
  d = fixed(d, 'encounter.institutionLevel', 3);
  d = pick(d, 'diagnoses.code', $(doc, '.diag-code'));
  d = pick(d, 'diagnoses.name', $(doc, '.diag-name'));
  d = pick(d, 'lines', cell(row, 'spec'));
  d = pick(d, 'lines.name', $(cell(row, 'drugName'), 'input'));
  d = pickColumn(d, 'lines.code', '医保编码'); // a hidden column: chosen by name, it cannot be clicked
  d = pick(d, 'lines.spec', cell(row, 'spec'));
  d = pick(d, 'lines.dose', $(cell(row, 'dose'), 'input'));
  d = pick(d, 'lines.doseUnit', $(cell(row, 'doseUnit'), 'select'));
  d = pick(d, 'lines.route', $(cell(row, 'route'), 'select'));
  d = pick(d, 'lines.frequency', $(cell(row, 'freq'), 'select'));
  d = pick(d, 'lines.days', $(cell(row, 'days'), 'input'));
  d = pick(d, 'lines.quantity', $(cell(row, 'total'), 'input'));
  d = pick(d, 'lines.unit', cell(row, 'totalUnit'));
  d = pick(d, 'lines.group', $(cell(row, 'groupNo'), 'input'));
  d = pick(d, 'lines.price', cell(row, 'price'));
  d = pick(d, 'lines.selfPay', $(cell(row, 'selfPay'), 'input'));
  d = pick(d, 'submit.controls', $(doc, '#btnSubmitRx'));
  return d;
}

describe('outpatient.html: a profile built by clicks', () => {
  const doc = parsePage(demoFile('outpatient.html'));
  const draft = buildOutpatient(doc);

  it('is a valid profile with the locators a person would write', () => {
    const checked = checkDraft(draft);
    expect(checked.ok).toBe(true);
    expect(getAt(draft, ['match'])).toEqual({ urls: ['http://127.0.0.1:5173/*'], paths: ['/outpatient.html'] });
    expect(getAt(draft, ['patient', 'age'])).toEqual({ label: '年龄', within: '#patientBanner', transform: ['age'] });
    expect(getAt(draft, ['orders', 'fields', 'doseUnit'])).toEqual({ column: '单位', nth: 1 });
    expect(getAt(draft, ['orders', 'fields', 'unit'])).toEqual({ column: '单位', nth: 2 });
    expect(getAt(draft, ['orders', 'fields', 'days'])).toEqual({ column: '天数', transform: ['days'] });
    expect(getAt(draft, ['submit', 'controls'])).toEqual(['#btnSubmitRx']);
    // 天数, 总量, 自费 and 每次剂量 are editable controls: one-click fixes may write them back.
    expect(getAt(draft, ['writeBack'])).toEqual(['days', 'quantity', 'selfPay', 'dose']);
  });

  it('extracts the same order as the built-in demo-outpatient profile', () => {
    const built = SiteProfileSchema.parse(draft);
    const mine = extractOrder(doc, built, OPTS);
    const reference = extractOrder(doc, loadProfile('demo-outpatient'), OPTS);
    expect(mine.problems).toEqual([]);
    expect(reference.order).not.toBeNull();
    expect(mine.order).toEqual(reference.order);
    expect([...mine.rows.keys()]).toEqual(['1', '2', '3']);
  });

  it('follows the page as the doctor edits it', () => {
    const page = parsePage(demoFile('outpatient.html'));
    const profile = SiteProfileSchema.parse(buildOutpatient(page));
    ($(page, '#rxGrid tr[id="2"] td[aria-describedby="rxGrid_days"] input') as HTMLInputElement).value = '30';
    const reference = extractOrder(page, loadProfile('demo-outpatient'), OPTS);
    const mine = extractOrder(page, profile, OPTS);
    expect(mine.order?.lines[1]?.days).toBe(30);
    expect(mine.order).toEqual(reference.order);
  });
});

describe('fhir-order.html: ids, a select and a repeated Unit header', () => {
  const doc = parsePage(demoFile('fhir-order.html'));

  it('extracts the same order as the built-in demo-fhir profile', () => {
    const row = $(doc, 'tr[data-request-id="medreq-1"]');
    let d = blankDraft('fhir-order.html');
    d = pick(d, 'patient.key', $(doc, '#patientId'));
    d = pick(d, 'patient.sex', $(doc, '#patientGender'));
    d = pick(d, 'patient.birthDate', $(doc, '#patientBirthDate'));
    d = pick(d, 'encounter.visitType', $(doc, '#encounterClass'));
    d = pick(d, 'encounter.date', $(doc, '#encounterStart'));
    d = pick(d, 'encounter.department', $(doc, '#serviceProvider'));
    d = pick(d, 'encounter.insuranceType', $(doc, '#coverageType'));
    d = pick(d, 'prescriber.id', $(doc, '#practitionerRef'));
    d = pick(d, 'prescriber.title', $(doc, '#practitionerRole'));
    d = pick(d, 'diagnoses.code', $(doc, '.cond-code'));
    d = pick(d, 'diagnoses.name', $(doc, '.cond-display'));
    for (const [id, css] of [
      ['lines.code', '.med-code'],
      ['lines.name', '.med-display'],
      ['lines.dose', '.dose-value'],
      ['lines.doseUnit', '.dose-unit'],
      ['lines.frequency', '.timing-code'],
      ['lines.days', '.days-supply'],
      ['lines.quantity', '.dispense-value'],
      ['lines.unit', '.dispense-unit'],
    ] as const) {
      d = pick(d, id, $(row, css));
    }
    d = pick(d, 'submit.controls', $(doc, '#signOrder'));
    expect(getAt(d, ['orders', 'fields', 'unit'])).toEqual({ column: 'Unit', nth: 2 });
    expect(getAt(d, ['writeBack'])).toEqual(loadProfile('demo-fhir').writeBack);
    const mine = extractOrder(doc, SiteProfileSchema.parse(d), OPTS);
    const reference = extractOrder(doc, loadProfile('demo-fhir'), OPTS);
    expect(mine.problems).toEqual([]);
    expect(mine.order).toEqual(reference.order);
    expect(mine.order?.encounter.insuranceType).toBe('employee');
  });
});

describe('inpatient-frame.html: the script-drawn Element-UI screen', () => {
  let page: Awaited<ReturnType<typeof runningPage>>;
  beforeAll(async () => {
    page = await runningPage('inpatient-frame.html');
  });
  afterAll(() => page.close());

  it('extracts the same order as the built-in demo-inpatient profile, across a tab switch', () => {
    const doc = page.document;
    const row = $(doc, '.el-table__body-wrapper tr.el-table__row');
    const td = (n: number) => row.querySelectorAll('td')[n]!;
    let d = blankDraft('inpatient-frame.html');
    for (const [id, label] of [
      ['patient.key', '住院号'],
      ['patient.sex', '性别'],
      ['patient.age', '年龄'],
      ['encounter.department', '科室'],
      ['encounter.insuranceType', '费别'],
      ['patient.maternity', '妊娠哺乳'],
    ] as const) {
      d = pick(d, id, afterLabel(doc, label));
    }
    d = pick(d, 'encounter.date', $(doc, '#today'));
    // The 手术操作 list is placed by clicks like the diagnoses (tests/unit/picker/operations.test.ts).
    d = pick(d, 'operations.code', $(doc, '.op-code'));
    d = pick(d, 'operations.name', $(doc, '.op-name'));
    d = pick(d, 'operations.date', $(doc, '.op-date'));
    d = fixed(d, 'encounter.institutionLevel', 3);
    d = pick(d, 'diagnoses.code', $(doc, '.diag-code'));
    d = pick(d, 'diagnoses.name', $(doc, '.diag-name'));
    d = pick(d, 'lines.group', $(td(1), '.cell'));
    d = pick(d, 'lines.date', td(2));
    d = pick(d, 'lines.kind', td(3));
    d = pick(d, 'lines.name', td(4));
    d = pick(d, 'lines.code', td(5));
    d = pick(d, 'lines.spec', td(6));
    d = pick(d, 'lines.dose', td(7));
    d = pick(d, 'lines.doseUnit', td(7));
    d = pick(d, 'lines.route', td(8));
    d = pick(d, 'lines.frequency', td(9));
    d = pick(d, 'lines.days', $(td(10), 'input'));
    d = pick(d, 'lines.quantity', $(td(11), 'input'));
    d = pick(d, 'lines.unit', $(td(11), '.el-input-group__append'));
    d = pick(d, 'lines.price', td(12));
    d = pick(d, 'lines.selfPay', $(td(13), 'input'));
    // 类别 (药品/诊疗/耗材) is read as the line kind, as the built-in profile does.
    expect(getAt(d, ['orders', 'fields', 'kind'])).toEqual({ column: '类别', transform: ['line-kind'] });
    expect(getAt(d, ['orders', 'fields', 'doseUnit'])).toEqual({ column: '剂量', transform: ['unit'] });
    expect(getAt(d, ['orders', 'fields', 'unit'])).toEqual({ column: '数量', css: '.el-input-group__append' });
    expect(getAt(d, ['writeBack'])).toEqual(loadProfile('demo-inpatient').writeBack);
    // Its rows carry no id: they are keyed by what they say, as the built-in profile keys them.
    expect(getAt(d, ['orders', 'rowId'])).toBeUndefined();
    expect(getAt(d, ['orders', 'rowKey'])).toEqual(loadProfile('demo-inpatient').orders.rowKey);
    // 就诊类型 is not on this screen as a word: the 医保办 sets it to 住院.
    d = fixed(d, 'encounter.visitType', 'inpatient');
    const profile = SiteProfileSchema.parse(d);
    const reference = loadProfile('demo-inpatient');
    const mine = extractOrder(doc, profile, OPTS);
    expect(mine.problems).toEqual([]);
    expect(mine.order).toEqual(extractOrder(doc, reference, OPTS).order);

    ($(doc, '#tab-temp') as HTMLElement).click();
    const afterSwitch = extractOrder(doc, profile, OPTS);
    // 临时医嘱: two drugs, a 静脉输液, three 医用耗材 and two 诊疗项目 (糖化血红蛋白, 血液透析), each read with its kind.
    expect(afterSwitch.order?.lines.map((l) => l.kind)).toEqual(['drug', 'drug', 'item', 'material', 'material', 'material', 'item', 'item']);
    expect(afterSwitch.order?.lines).toEqual(extractOrder(doc, reference, OPTS).order?.lines);
    ($(doc, '#tab-long') as HTMLElement).click();
  });
});

describe('repair mode', () => {
  it('shows which fields of a saved profile the changed page no longer has, and a re-pick fixes them', () => {
    // The vendor renamed 天数 → 疗程(天) and dropped the id of 门诊号.
    const html = demoFile('outpatient.html')
      .replace('<div class="ui-jqgrid-sortable">天数</div>', '<div class="ui-jqgrid-sortable">疗程(天)</div>')
      .replace('class="val" id="clinicNo"', 'class="val clinic-no"');
    const doc = parsePage(html);
    let draft = draftFrom(loadProfile('demo-outpatient'));
    const before = previewDraft(draft, doc, { today: '2030-01-01' });
    const broken = [...before.fields].filter(([, s]) => s.broken).map(([id]) => id);
    expect(broken.sort()).toEqual(['lines.days', 'patient.key']);
    // An optional column gone: the field is marked, the order is still checkable (a warning, #14).
    expect(before.problems.find((p) => p.field === 'lines.days')).toMatchObject({ code: 'column-missing', severity: 'warning' });
    // Everything else still reads.
    expect(before.fields.get('patient.age')).toMatchObject({ broken: false, value: '45 岁' });

    draft = pick(draft, 'lines.days', $(doc, 'tr[id="1"] td[aria-describedby="rxGrid_days"] input'));
    draft = pick(draft, 'patient.key', $(doc, '.clinic-no'));
    expect(getAt(draft, ['orders', 'fields', 'days'])).toEqual({ column: '疗程(天)', transform: ['days'] });
    expect(getAt(draft, ['patient', 'key'])).toEqual({ label: '门诊号', within: '#patientBanner' });
    const after = previewDraft(draft, doc, { today: '2030-01-01' });
    expect([...after.fields].filter(([, s]) => s.broken)).toEqual([]);
    expect(after.problems).toEqual([]);
    expect(after.order?.lines.map((l) => l.days)).toEqual([14, 7, 7]);
  });

  it('a page wording the map lacks is shown, and one mapping entry fixes it', () => {
    const doc = parsePage(demoFile('outpatient.html').replace('<span class="val">职工医保</span>', '<span class="val">省直职工</span>'));
    let draft = pick(blankDraft('outpatient.html'), 'encounter.insuranceType', afterLabel(doc, '医保类型：'));
    expect(previewDraft(draft, doc).fields.get('encounter.insuranceType')).toMatchObject({ raw: '省直职工', unmapped: '省直职工' });
    draft = addMapEntry(draft, pickField('encounter.insuranceType')!, '省直职工', 'employee');
    expect(previewDraft(draft, doc).fields.get('encounter.insuranceType')).toMatchObject({ value: 'employee' });
  });

  it('reports schema problems with their paths until the draft is a profile', () => {
    const draft = blankDraft('outpatient.html');
    const checked = checkDraft({ ...draft, id: 'Bad Id' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['id', 'orders']));
  });
});
