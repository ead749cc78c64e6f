import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { strToU8 } from 'fflate';
import { diseaseKeywords, importCatalogue, indicationFromKeywords, NUTRITION_CONDITION } from '../../../rules/import/catalogue';
import type { RuleInput } from '../../../rules/import/rule-collector';
import type { ParsedRestriction } from '../../../rules/import/restriction-text';
import { FileReportSchema } from '../../../rules/import/report';
import { check, makeOrder, makePack } from '../../support/builders';
import { CATALOGUE_PATH } from './xlsx-fixture';

const catalogue = () => importCatalogue({ name: CATALOGUE_PATH, bytes: new Uint8Array(readFileSync(CATALOGUE_PATH)) });
const { rules, report } = catalogue();
const forPrefix = (prefix: string) => rules.filter((r) => r.match.prefixes?.includes(prefix));
const kindsFor = (prefix: string) => Object.fromEntries(forPrefix(prefix).map((r) => [r.kind, r.params]));
const csv = (text: string) => strToU8(text);
/** The catalogue's own words come first; whatever ICD codes the text parser adds may follow. */
const indicationWith = (keywords: string[]) => expect.objectContaining({ keywords: expect.arrayContaining(keywords) });
const keywordsOf = (rule: RuleInput | undefined) => (rule?.params as { keywords: string[] }).keywords;

describe('structured catalogue (drug-restrictions-structured.csv)', () => {
  it('reads all 1,423 rows and accounts for each one', () => {
    expect(FileReportSchema.parse(report)).toEqual(report);
    expect(report).toMatchObject({ file: 'drug-restrictions-structured.csv', importer: 'catalogue', rowsRead: 1423, rowsUsed: 1411 });
    // Measured: one rule per (drug name, limit); a prefix repeated under another name adds no copy.
    expect(report.rulesMade).toEqual({
      age: 277,
      course: 20,
      department: 3,
      indication: 476,
      'institution-level': 60,
      'insurance-type': 11,
      'second-line': 46,
      sex: 459,
      'visit-type': 52,
    });
    // Twelve rows (全氟丁烷微球 … 丙氨酰谷氨酰胺) give no limit at all; they are listed, not dropped.
    expect(report.notUnderstood).toHaveLength(12);
    expect(report.notUnderstood[0]).toEqual({ row: 1383, name: '全氟丁烷微球', reason: 'the row gives no limit at all' });
    expect(report.rowsUsed + report.notUnderstood.length).toBe(report.rowsRead);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  it('matches by the 12-character key as a prefix, citing the file row', () => {
    const [child] = forPrefix('ZA06CAX04380');
    expect(child).toMatchObject({
      id: 'cat-age-小儿咳嗽宁糖浆',
      kind: 'age',
      params: { group: 'child' },
      match: { prefixes: ['ZA06CAX04380'] },
      basis: '医保药品目录 限定支付范围（结构化整理）',
      text: '年龄限制：儿童',
      source: { file: 'drug-restrictions-structured.csv', row: 2 },
    });
    expect(child!.match.codes).toBeUndefined();
  });

  it('川芎嗪: 急诊 or a confirmed rescue use, 缺血性脑/心, 14 days', () => {
    expect(kindsFor('XC02CAC046B0')).toEqual({
      'visit-type': { allowed: ['emergency'], orConfirm: '急救、抢救时使用' },
      indication: indicationWith(['缺血性脑', '缺血性心']),
      course: { maxDays: 14 },
    });
  });

  it('one row with sex, disease and 二线 gives three rules', () => {
    expect(kindsFor('XG02CXA070B0')).toEqual({
      sex: { allowed: 'F' },
      indication: indicationWith(['妊娠', '早产']),
      'second-line': {},
    });
  });

  it('institution level, visit type, specialty, insurance', () => {
    expect(kindsFor('XC01EBC109B0')).toMatchObject({ 'institution-level': { minLevel: 2 }, course: { maxDays: 3 } });
    expect(kindsFor('XS01LAL328B0')).toMatchObject({ 'institution-level': { minLevel: 3 } });
    // 专科 "(营养)" is the 营养风险筛查 condition of the 限定支付范围, not a 营养科 department: it joins the indication.
    expect(kindsFor('XB05BAF160B0')).toMatchObject({ 'visit-type': { allowed: ['inpatient'] }, indication: { keywords: expect.arrayContaining(['肝硬化', '重症肝炎', '肝昏迷']), conditions: [NUTRITION_CONDITION] } });
    expect(kindsFor('XB05BAF160B0').department).toBeUndefined();
    expect(kindsFor('XB05BAD203B0')).toEqual({ indication: { conditions: [NUTRITION_CONDITION] } });
    expect(kindsFor('XN05AEQ010B0')).toMatchObject({ department: { keywords: ['精神', '心理'] } });
    expect(kindsFor('XJ07BGR030B0')).toEqual({ 'insurance-type': { allowed: ['work-injury'] } });
    expect(kindsFor('ZD01BAY03230')).toEqual({ 'insurance-type': { allowed: ['maternity'] }, sex: { allowed: 'F' } });
  });

  it('disease patterns are split into words, never run as expressions', () => {
    const stroke = forPrefix('XN07XXY322B0').find((r) => r.kind === 'indication');
    expect(keywordsOf(stroke).slice(0, 2)).toEqual(['脑卒中', '脑梗死']);
    const everolimus = forPrefix('XL04AAY270A0').find((r) => r.kind === 'indication');
    expect(keywordsOf(everolimus).slice(0, 10)).toEqual([
      '肾细胞癌', 'NET', '神经内分泌瘤', 'TSC', '结节性硬化症', 'SEGA', '巨细胞星形细胞瘤', 'TSC-AML', '肾血管平滑肌脂肪瘤', '乳腺癌',
    ]);
    expect(diseaseKeywords('(a.*b|[x]|(c)|)')).toEqual({ keywords: ['ab', 'x', 'c'], dropped: ['a.*b', '[x]'] });
    expect(diseaseKeywords('()').keywords).toEqual([]);
  });

  it('二线 and 三线 are second-line; 一线 restricts nothing and says so', () => {
    expect(kindsFor('XL01XXF709E0')['second-line']).toEqual({ firstLine: '一线及二线治疗' });
    expect(kindsFor('XL01XED333A0')['second-line']).toBeUndefined();
    expect(report.warnings.filter((w) => /一线 restricts nothing/.test(w.message)).map((w) => w.row)).toEqual([227, 1043]);
  });

  it('a prefix listed again under another name adds no second copy of the same limit', () => {
    // 小儿清热止咳口服液/合剂 share ZA06DAX04890 on rows 74, 178, 180 and 301.
    expect(forPrefix('ZA06DAX04890')).toHaveLength(1);
    expect(report.warnings.filter((w) => w.message.includes('ZA06DAX04890 repeats row 74')).map((w) => w.row)).toEqual([178, 180, 301]);
  });

  it('keeps 11-character keys as given and counts them', () => {
    expect(kindsFor('ZA09HAS0507')).toEqual({ 'visit-type': { allowed: ['emergency'], orConfirm: '急救、抢救时使用' } });
    expect(report.warnings.map((w) => w.message)).toContain('104 drug codes are shorter than 12 characters; they match as prefixes as given');
  });

  it('专科 "(急诊)" is an emergency or rescue use, not a department: 安宫牛黄丸 in 内科 is not refused for its department', () => {
    // Row 488: ZA07AAA0061 安宫牛黄丸, 专科限制 (急诊), 疾病限制 (高热惊厥|昏迷). Row 427 gives the
    // 12-character key ZA07AAA00610 a 就医限制 住院 of its own.
    expect(forPrefix('ZA07AAA0061').map((r) => [r.kind, r.params])).toEqual([
      ['visit-type', { allowed: ['emergency'], orConfirm: '急救、抢救时使用' }],
      ['indication', indicationWith(['高热惊厥', '昏迷'])],
    ]);
    const pack = makePack(rules);
    const line = { id: '1', code: 'ZA07AAA0061010100001', name: '安宫牛黄丸' };
    const coma = { diagnoses: [{ code: 'R40.200', name: '昏迷' }] };
    const internal = check(pack, makeOrder({ lines: [line], encounter: { ...coma, department: '神经内科' } })).findings;
    expect(internal.filter((f) => f.kind === 'department')).toEqual([]);
    expect(internal.filter((f) => f.ruleId === 'cat-visit-type-安宫牛黄丸-2')).toMatchObject([
      { severity: 'warning', message: expect.stringContaining('请确认为急救、抢救时使用') },
    ]);
    const emergency = check(pack, makeOrder({ lines: [line], encounter: { ...coma, visitType: 'emergency', department: '急诊内科' } })).findings;
    expect(emergency.filter((f) => f.ruleId === 'cat-visit-type-安宫牛黄丸-2')).toEqual([]);
    const rescueOnWard = check(pack, makeOrder({ lines: [line], encounter: { ...coma, visitType: 'inpatient', department: '神经内科' } })).findings;
    expect(rescueOnWard.filter((f) => f.kind === 'visit-type')).toMatchObject([{ ruleId: 'cat-visit-type-安宫牛黄丸-2', actions: [{ type: 'confirm' }, { type: 'mark-self-pay' }] }]);
  });

  it('catalogue rules judge a real order line by its full national code', () => {
    const pack = makePack(rules);
    // 川芎嗪 prescribed in 心血管内科 outpatient for 14 days: the 急诊/抢救 limit asks the doctor to
    // confirm a rescue use, the course does not fire.
    const line = { id: '1', code: 'XC02CAC046B002010100001', name: '川芎嗪注射液', days: 14, quantity: 14, price: 20 };
    const findings = check(pack, makeOrder({ lines: [line], encounter: { diagnoses: [{ code: 'I63.900', name: '脑梗死' }] } })).findings;
    expect(findings.filter((f) => f.kind === 'department')).toEqual([]);
    expect(findings.filter((f) => f.kind === 'visit-type')).toMatchObject([
      { ruleId: 'cat-visit-type-川芎嗪', lineId: '1', severity: 'warning', actions: [{ type: 'confirm', label: '已确认：急救、抢救时使用' }, { type: 'mark-self-pay' }] },
    ]);
    expect(findings.filter((f) => f.kind === 'course')).toEqual([]);
    const inEmergency = check(pack, makeOrder({ lines: [{ ...line, days: 15 }], encounter: { visitType: 'emergency', department: '急诊科' } })).findings;
    expect(inEmergency.filter((f) => f.kind === 'visit-type' || f.kind === 'department')).toEqual([]);
    expect(inEmergency.filter((f) => f.kind === 'course')).toHaveLength(1);
  });
});

describe('catalogue with the text parser', () => {
  it('adds the ICD codes the parser gives and keeps the catalogue words', () => {
    const fake = (text: string): ParsedRestriction =>
      text === '限脑卒中、脑梗死'
        ? { drafts: [{ kind: 'indication', params: { keywords: ['脑梗死', '中风'], icdPrefixes: ['I63', 'I64'], icdRanges: [{ from: 'I60', to: 'I64' }], excludeKeywords: [], conditions: [] } }], unparsed: [] }
        : { drafts: [], unparsed: [{ fragment: text, reason: 'fake' }] };
    expect(indicationFromKeywords(['脑卒中', '脑梗死'], fake).params).toEqual({
      keywords: ['脑卒中', '脑梗死', '中风'],
      icdPrefixes: ['I63', 'I64'],
      icdRanges: [{ from: 'I60', to: 'I64' }],
    });
    expect(indicationFromKeywords(['血友病'], fake).params).toEqual({ keywords: ['血友病'] });
    const withFake = importCatalogue({ name: CATALOGUE_PATH, bytes: new Uint8Array(readFileSync(CATALOGUE_PATH)) }, { parseText: fake });
    const stroke = withFake.rules.find((r: RuleInput) => r.id === 'cat-indication-依达拉奉右莰醇');
    expect(stroke?.params).toMatchObject({ icdPrefixes: ['I63', 'I64'] });
  });
});

describe('catalogue files that are not as expected', () => {
  it('values it cannot read are listed per row; the rest of the row still counts', () => {
    const text =
      '药品编码,药品名称,险种限制,机构限制,性别限制,年龄限制,疗程限制,极量限制\n' +
      'XC01EBC109B0,注射用重组人脑利钠肽,,四级,,,3天,\n' +
      'XG02CXA070B0,醋酸阿托西班注射液,火星险,,女,,两周,10支\n' +
      '阿托西班,醋酸阿托西班注射液,,,女,,,\n' +
      'XC02CAC046B0,川芎嗪,,,,,,\n';
    const { rules: made, report: r } = importCatalogue({ name: 'mini.csv', bytes: csv(text) });
    expect(made.map((m) => [m.kind, m.match.prefixes])).toEqual([
      ['course', ['XC01EBC109B0']],
      ['sex', ['XG02CXA070B0']],
    ]);
    expect(r.rowsRead).toBe(4);
    expect(r.rowsUsed).toBe(2);
    expect(r.notUnderstood.map((n) => [n.row, n.text])).toEqual([
      [2, '机构限制：四级'],
      [3, '险种限制：火星险'],
      [3, '疗程限制：两周'],
      [4, '阿托西班'],
      [5, undefined],
    ]);
    expect(r.warnings).toMatchObject([{ row: 3, message: expect.stringContaining('极量限制') }]);
  });

  it('a CSV that is not the catalogue is refused with a reason', () => {
    const { rules: none, report: r } = importCatalogue({ name: 'other.csv', bytes: csv('编码,名称\n1,2\n') });
    expect(none).toEqual([]);
    expect(r.error).toMatch(/药品编码/);
    expect(importCatalogue({ name: 'broken.csv', bytes: csv('药品编码,性别限制\n"XG02,女\n') }).report.error).toMatch(/quoted field/);
  });
});
