import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importAnyFile } from '../../../rules/import/import-any';
import type { RuleInput } from '../../../rules/import/rule-collector';
import { stableStringify } from '../../../rules/import/stable-json';
import { plainCsvObjects, plainSheetRows } from './plain-reading';
import { SHARED, TWO_LIBS } from './xlsx-fixture';

/**
 * The same knowledge points published twice — as the 两库 batch workbooks (nhsa-two-libs/*.xlsx)
 * and in the one-row-per-point kb layout (nhsa-kb-csv/) — must restrict the same codes the same
 * way. Rules are compared as normalised sets, not rule by rule, because the layouts group
 * differently:
 * - line rules: (kind, params, code) for every code;
 * - 重复收费: (main, secondary, note) per pair. The workbook has a 频度 column (单日, 单次住院 …)
 *   and its rules are one per main + 频度 + note; the kb layout has none, so its rules are one per
 *   main + note: fewer rules, the same pairs;
 * - 手术组: (group, code).
 * Where the two publications say different things, the difference is asserted exactly below.
 */

const KB = path.join(SHARED, 'data', 'nhsa-kb-csv');
const kbPath = (f: string) => path.join(KB, f);
const xlsxPath = (f: string) => path.join(TWO_LIBS, f);
const rulesOf = (p: string): RuleInput[] => importAnyFile({ name: p, bytes: new Uint8Array(readFileSync(p)) }).rules;

function normalised(rules: readonly RuleInput[]): Set<string> {
  const out = new Set<string>();
  for (const r of rules) {
    const params = r.params as Record<string, unknown>;
    if (r.kind === 'duplicate-charge' && params.mode === 'pair') {
      for (const m of params.main as string[]) for (const s of params.secondary as string[]) out.add(`pair|${m}|${s}|${String(params.note ?? '')}`);
    } else if (r.kind === 'duplicate-charge') {
      for (const c of r.match.codes ?? []) out.add(`group|${String(params.group)}|${c}`);
    } else {
      for (const c of r.match.codes ?? []) out.add(`${r.kind}|${stableStringify(r.params)}|${c}`);
    }
  }
  return out;
}

interface Publication {
  xlsx: string;
  kb: string[];
}

const PUBLICATIONS: Publication[] = [
  { xlsx: '【第一批】药品规则库(限定年龄对象).xlsx', kb: ['【第一批】药品儿童专用.csv', '【第一批】药品限儿童使用.csv'] },
  { xlsx: '【第一批】药品规则库(限定性别对象).xlsx', kb: ['【第一批】药品区分性别使用.csv'] },
  { xlsx: '【第一批】项目规则库(限定年龄对象).xlsx', kb: ['【第一批】医疗服务项目儿童专用.csv'] },
  { xlsx: '【第一批】项目规则库(限定性别对象).xlsx', kb: ['【第一批】医疗服务项目区分性别使用.csv'] },
  { xlsx: '【第二批】项目规则库（限定主次操作）.xlsx', kb: ['【第二批】手术项目未按规定折价收费.csv'] },
  { xlsx: '【第三批】药品规则库（限定保险类型）.xlsx', kb: ['【第三批】药品限工伤保险.csv', '【第三批】药品限生育保险.csv'] },
  { xlsx: '【第七批 】项目规则库（重复收费）.xlsx', kb: ['【第七批】医疗服务项目重复收费.csv'] },
  { xlsx: '【第八批-1】项目规则库（限定频次）.xlsx', kb: ['【第八批】医疗服务项目限定频次.csv'] },
  { xlsx: '【第八批-2】项目规则库（限定年龄）.xlsx', kb: ['【第八批】医疗服务项目限年龄.csv'] },
  { xlsx: '【第八批-3】项目规则库（限定疗程）.xlsx', kb: ['【第八批】医疗服务项目限支付疗程.csv'] },
  { xlsx: '【第八批-4】项目规则库（限定周期）.xlsx', kb: ['【第八批】医疗服务项目周期超频次.csv'] },
];

const present = (p: Publication) => existsSync(xlsxPath(p.xlsx)) && p.kb.every((f) => existsSync(kbPath(f)));

/** Triples only one side has, as [kb only, xlsx only]. */
function difference(p: Publication): [string[], string[]] {
  const kb = normalised(p.kb.flatMap((f) => rulesOf(kbPath(f))));
  const xlsx = normalised(rulesOf(xlsxPath(p.xlsx)));
  return [[...kb].filter((t) => !xlsx.has(t)).sort(), [...xlsx].filter((t) => !kb.has(t)).sort()];
}

const sheet = (file: string) => plainSheetRows(new Uint8Array(readFileSync(xlsxPath(file))), 1);

describe('the batch workbooks and the kb CSVs give equivalent rules', () => {
  const same = PUBLICATIONS.filter((p) => !/项目规则库\(限定年龄对象\)|限定周期/.test(p.xlsx));
  it.each(same.map((p) => ({ ...p, name: p.xlsx })))('$name: the same (kind, params, code) / pair / group sets', (p) => {
    if (!present(p)) return;
    const [kbOnly, xlsxOnly] = difference(p);
    expect(kbOnly).toEqual([]);
    expect(xlsxOnly).toEqual([]);
  });

  it('重复收费: the same 900 pairs; rules differ only because the workbook also groups by 频度', () => {
    const p = PUBLICATIONS.find((x) => x.xlsx.includes('重复收费'))!;
    if (!present(p)) return;
    const kbRules = rulesOf(kbPath(p.kb[0]!));
    const xlsxRules = rulesOf(xlsxPath(p.xlsx));
    // Plain reading: sheet 1 columns 主项编码 (3), 频度 (1), 从项编码 (5), 备注 (6); kb: codes "main;secondary".
    const rows = sheet(p.xlsx).slice(1).filter((r) => r[3] && r[5]);
    const kbRows = plainCsvObjects(new Uint8Array(readFileSync(kbPath(p.kb[0]!))));
    expect(normalised(kbRules).size).toBe(new Set(rows.map((r) => `${r[3]}|${r[5]}|${r[6] ?? ''}`)).size);
    expect(xlsxRules).toHaveLength(new Set(rows.map((r) => `${r[3]}|${r[1]}|${r[6] ?? ''}`)).size);
    expect(kbRules).toHaveLength(new Set(kbRows.map((r) => `${r.med_codes!.split(';')[0]}|${r.constraint}`)).size);
    expect(kbRules.length).toBeLessThan(xlsxRules.length);
  });

  it('第八批-4 周期: the kb layout has no 频次上限 / 疗程周期 columns, so the 4 points whose text states no period give no rule', () => {
    const p = PUBLICATIONS.find((x) => x.xlsx.includes('限定周期'))!;
    if (!present(p)) return;
    const [kbOnly, xlsxOnly] = difference(p);
    expect(kbOnly).toEqual([]);
    // Plain reading of the workbook: 项目名称 (1), 频次上限 (2), 疗程周期 (3), 备注 (4), 项目代码 (5).
    const silent = sheet(p.xlsx).slice(1).filter((r) => !/间隔|每周/.test(r[4] ?? ''));
    expect(silent.map((r) => r[1])).toEqual(['血清果糖胺测定', '糖化血红蛋白测定', '糖化血红蛋白测定(色谱法)', '糖化血红蛋白测定(各种免疫学方法)']);
    const expected = silent.map((r) => `frequency|${stableStringify({ maxCount: Number(r[2]), periodDays: Number(r[3]) })}|${r[5]}`);
    expect(xlsxOnly).toEqual(expected.sort());
    // 果糖胺 once per 7 days, 糖化血红蛋白 once per 15 days, as the workbook states.
    expect(silent.map((r) => `${r[2]}/${r[3]}`)).toEqual(['1/7', '1/15', '1/15', '1/15']);
  });

  it('第一批 项目 age: the kb layout has no 限定对象, and the item names say 新生儿 / 婴幼儿 / 婴儿 as the workbook does', () => {
    const p = PUBLICATIONS.find((x) => x.xlsx.includes('项目规则库(限定年龄对象)'))!;
    if (!present(p)) return;
    // 婴儿氧舱治疗 is 婴幼儿 (under 3) in the workbook's 限定对象; the kb reads 婴儿 in a name as the
    // wider 婴幼儿, so a 1- or 2-year-old is paid by both and the two readings agree.
    const row = sheet(p.xlsx).find((r) => r[0] === '婴儿氧舱治疗')!;
    expect(row[3]).toBe('婴幼儿');
    expect(difference(p)).toEqual([[], []]);
  });
});
