import { describe, expect, it } from 'vitest';
import { importAnyFile } from '../../../rules/import/import-any';
import { check, makeOrder, makePack } from '../../support/builders';
import { sharedFile } from './xlsx-fixture';
import { plainCsvObjects } from './plain-reading';

/**
 * 限二线: where the text names the first-line drugs ("限二甲双胍等口服降糖药或胰岛素控制效果不佳",
 * "限华法林治疗控制不良"), a first-line drug in the patient's history is the evidence; without it,
 * or where the text names none ("限二线用药。"), the doctor confirms.
 */

const FILE = '【第九批】药品限二线使用.csv';
const { rules } = importAnyFile({ name: FILE, bytes: sharedFile(FILE) });
const pack = makePack(rules);
const rows = plainCsvObjects(sharedFile(FILE));
const codeOf = (name: string) => rows.find((r) => r.item_name === name)!.med_codes!.split(';')[0]!;
const ruleOf = (name: string) => rules.find((r) => r.kind === 'second-line' && r.name === name)!;

// History codes are built from the national code structure (X + ATC class): not in ../shared.
const METFORMIN = 'XA10BAE044A001010100085';
const WARFARIN = 'XB01AAH013A001010101585';

const order = (drug: string, history: { code: string; date: string }[] = []) =>
  makeOrder({
    encounter: { date: '2026-11-22', visitType: 'outpatient' },
    lines: [{ id: '1', code: codeOf(drug), name: drug, kind: 'drug', quantity: 1 }],
    history: history.map((h) => ({ ...h, days: 30 })),
  });
const secondLine = (o: ReturnType<typeof order>) => check(pack, o).findings.filter((f) => f.kind === 'second-line');

describe('限二线 against the patient history', () => {
  it('reads the first-line drugs the text names into code prefixes', () => {
    expect(ruleOf('度拉糖肽注射液').params).toMatchObject({ firstLine: expect.stringContaining('二甲双胍'), firstLinePrefixes: expect.arrayContaining(['XA10BA', 'XA10A']) });
    expect(ruleOf('甲苯磺酸艾多沙班片').params).toMatchObject({ firstLinePrefixes: ['XB01AA'] });
    expect(ruleOf('艾托格列净片').params).toEqual({});
  });

  it('a first-line drug in the history satisfies it; without one the doctor confirms', () => {
    expect(secondLine(order('度拉糖肽注射液', [{ code: METFORMIN, date: '2026-08-01' }]))).toEqual([]);
    expect(secondLine(order('度拉糖肽注射液'))).toMatchObject([{ actions: [{ type: 'confirm' }, expect.anything()] }]);
    expect(secondLine(order('甲苯磺酸艾多沙班片', [{ code: WARFARIN, date: '2026-10-01' }]))).toEqual([]);
    // Warfarin is not a first-line drug for 度拉糖肽.
    expect(secondLine(order('度拉糖肽注射液', [{ code: WARFARIN, date: '2026-10-01' }]))).toHaveLength(1);
  });

  it('a text that names no first-line drug still asks, whatever the history holds', () => {
    expect(secondLine(order('艾托格列净片', [{ code: METFORMIN, date: '2026-10-01' }]))).toHaveLength(1);
  });
});
