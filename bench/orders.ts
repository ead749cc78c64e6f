import { OrderSchema, type LineKind, type Order, type OrderInput } from '../contract/order';
import { rulesForLine, type CompiledPack } from '../rules/engine/compile';
import type { Pack, Rule } from '../rules/pack/schema';
import type { Random } from './prng';

/** A code an order line can carry, with how many code-keyed rules it hits in the pack. */
export interface LineCandidate {
  code: string;
  name: string;
  kind: LineKind;
  hits: number;
}

export interface CandidatePools {
  /** Lines hitting 1–3 code-keyed rules: most lines of a real order. */
  few: LineCandidate[];
  /** Lines hitting more than three. */
  many: LineCandidate[];
  /** Codes the pack has no rule for (only the code-less rules apply). */
  none: LineCandidate[];
}

/** Real ICD-10 医保版 2.0 codes and names (from icd10-chs-v2-diagnoses.csv). */
const DIAGNOSES = [
  { code: 'I10.x00x002', name: '高血压' },
  { code: 'E11.900', name: '2型糖尿病' },
  { code: 'I63.900', name: '脑梗死' },
  { code: 'J18.900', name: '肺炎' },
  { code: 'C34.900x001', name: '肺恶性肿瘤' },
  { code: 'C50.900', name: '乳房恶性肿瘤' },
  { code: 'E46.x00x003', name: '营养不良' },
  { code: 'F20.900', name: '精神分裂症' },
  { code: 'H35.305', name: '年龄相关性黄斑变性' },
  { code: 'A41.900', name: '脓毒症' },
  { code: 'I21.900', name: '急性心肌梗死' },
  { code: 'I50.900', name: '心力衰竭' },
  { code: 'J06.900', name: '急性上呼吸道感染' },
] as const;

const DEPARTMENTS = ['心血管内科', '急诊科', '临床营养科', '儿科', '妇产科', '精神心理科', '呼吸内科', '肿瘤科', '普通外科', '内分泌科'];
const DAY_MS = 86_400_000;

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function weighted<T>(rnd: Random, choices: readonly (readonly [T, number])[]): T {
  let roll = rnd.next() * choices.reduce((s, [, w]) => s + w, 0);
  for (const [value, weight] of choices) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return choices[choices.length - 1]![0];
}

function kindOfCode(code: string): LineKind {
  if (/^\d+$/.test(code)) return 'item';
  if (code.startsWith('C')) return 'material';
  return 'drug';
}

/** A national code under a family prefix: 西药 codes are 23 characters, 中成药 20. */
function fullCodeUnder(prefix: string, rnd: Random): string {
  const length = prefix.startsWith('X') ? 23 : prefix.startsWith('Z') ? 20 : prefix.length + 4;
  let code = prefix;
  while (code.length < length) code += String(rnd.int(0, 9));
  return code;
}

/** The same product family with another 通用名 segment (or, for items, other trailing digits). */
function siblingCode(code: string, rnd: Random): string {
  const swap = (from: number, to: number, make: () => string) => code.slice(0, from) + make() + code.slice(to);
  const digits = (n: number) => Array.from({ length: n }, () => String(rnd.int(0, 9))).join('');
  if (code.startsWith('X') && code.length >= 10) return swap(7, 10, () => digits(3));
  if (code.startsWith('Z') && code.length >= 11) return swap(7, 11, () => digits(4));
  return swap(Math.max(1, code.length - 6), code.length, () => digits(Math.min(6, code.length - 1)));
}

const codeKeyedHits = (compiled: CompiledPack, code: string, kind: LineKind): number =>
  rulesForLine(compiled, code, kind).filter((r) => (r.rule.match.codes?.length ?? 0) + (r.rule.match.prefixes?.length ?? 0) > 0)
    .length;

export function candidatePools(pack: Pack, compiled: CompiledPack, rnd: Random): CandidatePools {
  const byCode = new Map<string, LineCandidate>();
  const consider = (code: string, rule: Rule) => {
    if (byCode.has(code)) return;
    const kind = rule.match.lineKinds?.[0] ?? kindOfCode(code);
    byCode.set(code, { code, kind, name: rule.name ?? code, hits: codeKeyedHits(compiled, code, kind) });
  };
  for (const rule of pack.rules) {
    for (const code of rule.match.codes ?? []) consider(code, rule);
    for (const prefix of rule.match.prefixes ?? []) consider(fullCodeUnder(prefix, rnd), rule);
  }
  const hitting = [...byCode.values()].filter((c) => c.hits > 0);
  const none: LineCandidate[] = [];
  for (let i = 0; none.length < Math.min(2000, hitting.length) && i < hitting.length * 4; i++) {
    const near = rnd.pick(hitting);
    const code = siblingCode(near.code, rnd);
    if (!byCode.has(code) && codeKeyedHits(compiled, code, near.kind) === 0) {
      const candidate = { code, kind: near.kind, name: `${near.name}（同类）`, hits: 0 };
      byCode.set(code, candidate);
      none.push(candidate);
    }
  }
  return { few: hitting.filter((c) => c.hits <= 3), many: hitting.filter((c) => c.hits > 3), none };
}

function pickLine(pools: CandidatePools, rnd: Random): LineCandidate {
  const pool = weighted(rnd, [
    [pools.few, 78],
    [pools.many.length > 0 ? pools.many : pools.few, 4],
    [pools.none.length > 0 ? pools.none : pools.few, 18],
  ] as const);
  return rnd.pick(pool);
}

/** Administrations per day of the frequencies used (order-frequency.csv). */
const PER_DAY = { qd: 1, bid: 2, tid: 3, qid: 4, q8h: 3, qn: 1, prn: 1 } as const;
const STRENGTHS = [[0.1, 'g'], [0.25, 'g'], [0.5, 'g'], [5, 'mg'], [10, 'mg'], [20, 'mg']] as const;

/**
 * A drug line as an order page shows it: 规格, dose, 频次, days and boxes. The boxes cover the days
 * (rounded up to whole boxes); one line in ten asks for a box or two more.
 */
function makeLine(candidate: LineCandidate, id: number, rnd: Random): OrderInput['lines'][number] {
  const base = { id: String(id), code: candidate.code, name: candidate.name, kind: candidate.kind, price: rnd.int(300, 30000) / 100 };
  if (candidate.kind !== 'drug') return { ...base, quantity: rnd.int(1, 2), unit: '次', days: 1 };
  const [strength, strengthUnit] = rnd.pick(STRENGTHS);
  const perPackage = rnd.pick([12, 24, 30, 36]);
  const unitsPerDose = rnd.pick([1, 1, 2]);
  const frequency = weighted(rnd, [['qd', 30], ['bid', 28], ['tid', 25], ['qid', 4], ['q8h', 4], ['qn', 4], ['prn', 5]] as const);
  const days = weighted(rnd, [[rnd.int(1, 7), 70], [rnd.int(8, 14), 20], [rnd.int(15, 30), 10]] as const);
  const boxes = Math.ceil((unitsPerDose * PER_DAY[frequency] * days) / perPackage) + (rnd.chance(0.1) ? rnd.int(1, 2) : 0);
  return {
    ...base,
    spec: `${strength}${strengthUnit}*${perPackage}${rnd.pick(['片', '粒'])}`,
    dose: Math.round(strength * unitsPerDose * 1000) / 1000,
    doseUnit: strengthUnit,
    frequency,
    days,
    quantity: boxes,
    unit: '盒',
    route: '口服',
  };
}

function makePatient(rnd: Random, date: string, n: number): OrderInput['patient'] {
  const key = `p-${n.toString(36)}`;
  const sex = weighted(rnd, [['M', 47], ['F', 50], [undefined, 3]] as const);
  const at = Date.parse(`${date}T00:00:00Z`);
  const group = weighted(rnd, [['newborn', 3], ['child', 15], ['adult', 82]] as const);
  if (group === 'newborn') return { key, sex, ageDays: rnd.int(0, 60) };
  const years = group === 'child' ? rnd.int(1, 17) : rnd.int(18, 92);
  return { key, sex, birthDate: isoDay(at - (years * 365.25 + rnd.int(0, 364)) * DAY_MS) };
}

/**
 * One order of `size` lines drawn from the pools: 78 % of lines hit 1–3 rules, 4 % more, 18 % none;
 * the patient, encounter, diagnoses and a little history are varied the way a clinic's day varies.
 */
export function makeOrder(pools: CandidatePools, size: number, date: string, rnd: Random, n: number): Order {
  const chosen = new Map<string, LineCandidate>();
  for (let tries = 0; chosen.size < size && tries < size * 10; tries++) {
    const candidate = pickLine(pools, rnd);
    if (!chosen.has(candidate.code)) chosen.set(candidate.code, candidate);
  }
  const lines = [...chosen.values()].map((c, i) => makeLine(c, i + 1, rnd));
  const at = Date.parse(`${date}T00:00:00Z`);
  const history = lines
    .filter(() => rnd.chance(0.15))
    .map((line) => ({
      date: isoDay(at - rnd.int(1, 60) * DAY_MS),
      code: line.code,
      // Some HIS exports leave days empty on old records.
      ...(rnd.chance(0.9) ? { days: rnd.int(3, 14) } : {}),
      quantity: rnd.int(1, 2),
    }));
  const diagnoses = rnd
    .shuffle([...DIAGNOSES])
    .slice(0, rnd.int(1, 3))
    .map((d, i) => ({ ...d, primary: i === 0 }));
  return OrderSchema.parse({
    id: `bench-${size}-${n}`,
    patient: makePatient(rnd, date, n),
    encounter: {
      visitType: weighted(rnd, [['outpatient', 60], ['emergency', 10], ['inpatient', 25], ['discharge', 5]] as const),
      date,
      department: rnd.pick(DEPARTMENTS),
      insuranceType: weighted(rnd, [['employee', 55], ['resident', 40], ['work-injury', 2], ['maternity', 2], ['self-pay', 1]] as const),
      institutionLevel: weighted(rnd, [[1, 15], [2, 35], [3, 50]] as const),
      diagnoses,
      internet: rnd.chance(0.05),
    },
    prescriber: { id: `d-${rnd.int(1, 400)}` },
    lines,
    history,
  });
}

/** The evaluation date: a fixed day, moved inside the pack's validity when the pack says otherwise. */
export function benchDate(pack: Pack): string {
  let date = '2026-11-22';
  if (pack.effective?.from && date < pack.effective.from) date = pack.effective.from;
  if (pack.effective?.to && date > pack.effective.to) date = pack.effective.to;
  return date;
}
