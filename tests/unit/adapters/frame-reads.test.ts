// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { extractOrder } from '../../../adapters/extract';
import { frameGlobs, readFrame, showsFieldsOf, type Elsewhere, type FrameRead } from '../../../adapters/frame-reads';
import { SiteProfileSchema, type SiteProfile } from '../../../adapters/profile-schema';
import { demoFile, parsePage } from './support';

/**
 * One order read across two frames (demo/emr/frames-his.html): the patient and the diagnoses in
 * the upper frame, the grid in the lower one. The upper frame's read stands in for fields the
 * profile places there; a frame that has not answered leaves them unread, never guessed.
 */

const ORIGIN = 'http://127.0.0.1:5173';
const PATIENT_URL = `${ORIGIN}/frames-patient.html`;
const ORDERS_URL = `${ORIGIN}/frames-orders.html`;
const UP = '/frames-patient.html';

const raw = {
  profileVersion: 1,
  id: 'frames-his',
  name: '框架版住院医生站',
  match: { urls: [`${ORIGIN}/*`], paths: ['/frames-orders.html'] },
  frames: true,
  patient: {
    key: { css: '#admNo', frame: UP },
    sex: { label: '性别', within: '#ptBar', transform: ['sex'], frame: UP },
    age: { label: '年龄', within: '#ptBar', transform: ['age'], frame: UP },
  },
  encounter: {
    visitType: { value: 'inpatient' },
    date: { css: '#today', transform: ['date'] },
    insuranceType: { label: '费别', within: '#ptBar', transform: [{ map: { 职工医保: 'employee' } }], frame: UP },
  },
  diagnoses: { within: '#dxTags', rows: 'li.fh-tag', code: { css: '.dx-code' }, name: { css: '.dx-name' }, frame: UP },
  orders: {
    table: '#orderGrid',
    rows: 'tr.og-row',
    headerRow: 'tr.og-head',
    rowKey: ['code', 'name', 'group'],
    fields: { group: { column: '组' }, name: { column: '医嘱名称' }, code: { column: '医保编码' }, days: { column: '天数', css: 'input', transform: ['days'] } },
  },
};
const profile: SiteProfile = SiteProfileSchema.parse(raw);

const patientDoc = () => parsePage(demoFile('frames-patient.html'));
const ordersDoc = () => parsePage(demoFile('frames-orders.html'));

/** The order frame's view of the others: the upper frame has answered with `read`, or not at all. */
function elsewhere(read: FrameRead | undefined): Elsewhere {
  return { here: (glob) => glob === '/frames-orders.html', read: (glob) => (glob === UP ? read : undefined) };
}

describe('the frame of a field', () => {
  it('is a path glob on page fields and the diagnoses, and nowhere else', () => {
    expect(frameGlobs(profile)).toEqual([UP]);
    const inRow = structuredClone(raw) as { orders: { fields: Record<string, unknown> } };
    inRow.orders.fields['code'] = { column: '医保编码', frame: UP };
    expect(SiteProfileSchema.safeParse(inRow).success).toBe(false);
    const fixed = structuredClone(raw) as { encounter: Record<string, unknown> };
    fixed.encounter['visitType'] = { value: 'inpatient', frame: UP };
    expect(SiteProfileSchema.safeParse(fixed).success).toBe(false);
    const notAPath = structuredClone(raw) as { patient: { sex: Record<string, unknown> } };
    notAPath.patient.sex['frame'] = 'frames-patient.html';
    expect(SiteProfileSchema.safeParse(notAPath).error?.issues[0]?.message).toContain('path glob');
  });

  it('tells which frames show fields for the profile: by its URLs and the frame globs', () => {
    expect(showsFieldsOf(profile, PATIENT_URL)).toBe(true);
    expect(showsFieldsOf(profile, `${PATIENT_URL}?bed=12`)).toBe(true);
    expect(showsFieldsOf(profile, ORDERS_URL)).toBe(false);
    expect(showsFieldsOf(profile, 'http://elsewhere.example/frames-patient.html')).toBe(false);
  });
});

describe('reading across the frames', () => {
  it('the upper frame reads only what the profile places there, transforms applied', () => {
    const read = readFrame(patientDoc(), profile, PATIENT_URL);
    expect(Object.keys(read.fields).sort()).toEqual(['encounter.insuranceType', 'patient.age', 'patient.key', 'patient.sex']);
    expect(read.fields['patient.sex']).toEqual({ found: true, value: 'M', problems: [] });
    expect(read.fields['patient.age']).toEqual({ found: true, value: { years: 71 }, problems: [] });
    expect(read.diagnoses?.list).toEqual([
      { code: 'N40.x00', name: '前列腺增生', primary: true },
      { code: 'I10.x00x002', name: '高血压', primary: false },
    ]);
    // The order frame shows none of them.
    expect(readFrame(ordersDoc(), profile, ORDERS_URL)).toEqual({ fields: {} });
  });

  it('the order frame takes the upper frame’s read for those fields and reads the rest itself', () => {
    const { order, problems } = extractOrder(ordersDoc(), profile, { keySalt: 's', elsewhere: elsewhere(readFrame(patientDoc(), profile, PATIENT_URL)) });
    expect(problems).toEqual([]);
    expect(order!.patient).toMatchObject({ sex: 'M', ageYears: 71 });
    expect(order!.patient.key).toMatch(/^p-[0-9a-f]{16}$/);
    expect(order!.encounter).toMatchObject({ visitType: 'inpatient', insuranceType: 'employee', date: '2026-11-22' });
    expect(order!.encounter.diagnoses.map((d) => d.code)).toEqual(['N40.x00', 'I10.x00x002']);
    expect(order!.lines.map((l) => l.name)).toEqual(['非那雄胺片', '阿利沙坦酯片', '地屈孕酮片']);
    expect(order!.unread).toBeUndefined();
  });

  it('before the upper frame answers, its fields are unread and say where they are', () => {
    const { order, problems } = extractOrder(ordersDoc(), profile, { keySalt: 's', elsewhere: elsewhere(undefined) });
    expect(order!.patient.sex).toBeUndefined();
    expect(order!.encounter.diagnoses).toEqual([]);
    expect(order!.unread).toEqual(expect.arrayContaining(['patient.sex', 'patient.age', 'encounter.diagnoses']));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'field-missing', field: 'patient.sex', severity: 'warning', message: expect.stringContaining(UP) }));
  });

  it('a value the upper frame could not read comes with its problem, as a local read would', () => {
    const doc = patientDoc();
    const sexCell = Array.from(doc.querySelectorAll('#ptBar td.lbl')).find((td) => td.textContent === '性别')!.nextElementSibling!;
    sexCell.textContent = '见病历';
    const { order, problems } = extractOrder(ordersDoc(), profile, { elsewhere: elsewhere(readFrame(doc, profile, PATIENT_URL)) });
    expect(order!.patient.sex).toBeUndefined();
    expect(problems).toContainEqual(expect.objectContaining({ code: 'field-invalid', field: 'patient.sex' }));
  });

  it('without other frames (a saved page, a test) every field is read from the one document', () => {
    const both = parsePage(demoFile('frames-orders.html').replace('<body data-page="frames-orders" class="fh-frame">', `<body>${demoFile('frames-patient.html').match(/<table id="ptBar"[\s\S]*?<\/div>/)![0]}`));
    const { order } = extractOrder(both, profile);
    expect(order!.patient.sex).toBe('M');
    expect(order!.encounter.diagnoses).toHaveLength(2);
  });
});
