import { readFileSync } from 'node:fs';
import type { PackInput } from '../rules/pack/schema';

type RuleInput = PackInput['rules'][number];

/**
 * Rules built from ../shared/data/drug-restrictions-structured.csv (医保药品目录 备注, keyed by the
 * first 11–12 characters of the national drug code). Only the bench uses this, as a stand-in base when
 * the demo pack has not been generated yet; the product never reads ../shared.
 */

const BASIS = '医保药品目录 备注（drug-restrictions-structured.csv）';

/** The file has no quoted fields; refuse one rather than mis-split it. */
function parseCsv(text: string): Record<string, string>[] {
  const [headerLine, ...lines] = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (!headerLine) return [];
  const header = headerLine.replace(/^\uFEFF/, '').split(',');
  return lines.map((line, i) => {
    if (line.includes('"')) throw new Error(`quoted field at row ${i + 2}: this reader does not handle quotes`);
    const cells = line.split(',');
    return Object.fromEntries(header.map((h, j) => [h, cells[j] ?? '']));
  });
}

/** "(精神|心理)" → ["精神", "心理"]: the column holds a plain alternation, read as a word list, never as a regex. */
function alternatives(cell: string): string[] {
  return cell
    .replace(/^\(|\)$/g, '')
    .split('|')
    .map((w) => w.trim())
    .filter((w) => w.length > 0);
}

function rulesOfRow(row: Record<string, string>, index: number): RuleInput[] {
  const prefix = row['药品编码'] ?? '';
  if (!prefix) return [];
  const base = (suffix: string, text: string) => ({
    id: `csv-${index + 2}-${suffix}`,
    name: row['药品名称'] || undefined,
    basis: BASIS,
    text,
    match: { prefixes: [prefix] },
    source: { file: 'drug-restrictions-structured.csv', row: index + 2 },
  });
  const out: RuleInput[] = [];
  const sex = row['性别限制'];
  if (sex === '女' || sex === '男') {
    out.push({ ...base('sex', `限${sex}性`), kind: 'sex', params: { allowed: sex === '女' ? 'F' : 'M' } });
  }
  if (row['年龄限制'] === '儿童') out.push({ ...base('age', '限儿童'), kind: 'age', params: { group: 'child', label: '儿童' } });
  const level = row['机构限制'];
  if (level === '二级' || level === '三级') {
    out.push({ ...base('level', `限${level}及以上医疗机构`), kind: 'institution-level', params: { minLevel: level === '二级' ? 2 : 3 } });
  }
  if (row['就医限制'] === '住院') out.push({ ...base('visit', '限住院患者'), kind: 'visit-type', params: { allowed: ['inpatient'] } });
  const insurance = row['险种限制'];
  if (insurance === '工伤' || insurance === '生育') {
    out.push({
      ...base('insurance', `限${insurance}保险`),
      kind: 'insurance-type',
      params: { allowed: [insurance === '工伤' ? 'work-injury' : 'maternity'] },
    });
  }
  const departments = alternatives(row['专科限制'] ?? '');
  if (departments.length > 0) {
    out.push({ ...base('department', `限${departments.join('/')}专科`), kind: 'department', params: { keywords: departments } });
  }
  const course = /^(\d+)天$/.exec(row['疗程限制'] ?? '');
  if (course) out.push({ ...base('course', `支付不超过${course[1]}天`), kind: 'course', params: { maxDays: Number(course[1]) } });
  const step = row['阶梯限制'];
  if (step === '二线' || step === '三线') out.push({ ...base('second-line', `限${step}用药`), kind: 'second-line', params: {} });
  const diseases = alternatives(row['疾病限制'] ?? '');
  if (diseases.length > 0) {
    out.push({ ...base('indication', `限${diseases.join('、')}`), kind: 'indication', params: { keywords: diseases } });
  }
  return out;
}

export function rulesFromRestrictionsCsv(file: string): RuleInput[] {
  return parseCsv(readFileSync(file, 'utf8')).flatMap(rulesOfRow);
}
