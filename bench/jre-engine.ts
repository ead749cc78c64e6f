import { Engine, type Almanac } from 'json-rules-engine';
import type { Order, OrderLine } from '../contract/order';
import { ageOf } from '../rules/engine/age';
import type { Translation } from './jre-translate';

const DAY_MS = 86_400_000;
const dayMs = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

interface LineFacts {
  line: OrderLine;
  order: Order;
  lineIndex: number;
}

async function lineFacts(almanac: Almanac): Promise<LineFacts> {
  const [line, order, lineIndex] = await Promise.all([
    almanac.factValue<OrderLine>('line'),
    almanac.factValue<Order>('order'),
    almanac.factValue<number>('lineIndex'),
  ]);
  return { line, order, lineIndex };
}

const dayNumber = (iso: string): number => dayMs(iso) / DAY_MS;

interface CourseTally {
  /** Days of this item already used (look-back window and the lines above) plus this line's: ∞ when the line has no days. */
  total: number;
  /** Earlier records of the item without days: the course cannot be fully verified. */
  undated: number;
}

function tallyCourse(params: Record<string, unknown>, { line, order, lineIndex }: LineFacts): CourseTally {
  if (line.days === undefined || line.days <= 0) return { total: Number.POSITIVE_INFINITY, undated: 0 };
  const codes = params.codes as string[];
  const prefixes = params.prefixes as string[];
  const at = dayNumber(line.date ?? order.encounter.date);
  const since = at - ((params.windowDays as number) - 1);
  const inWindow = (iso: string) => {
    const d = dayNumber(iso);
    return d >= since && d <= at;
  };
  const sameItem = (code: string) =>
    code === line.code ||
    (codes.includes(code) && codes.includes(line.code)) ||
    prefixes.some((p) => code.startsWith(p) && line.code.startsWith(p));
  let earlier = 0;
  let undated = 0;
  for (const h of order.history ?? []) {
    if (!sameItem(h.code) || !inWindow(h.date)) continue;
    if (h.days === undefined) undated++;
    else earlier += h.days;
  }
  for (const other of order.lines.slice(0, lineIndex)) {
    if (sameItem(other.code) && inWindow(other.date ?? order.encounter.date)) earlier += other.days ?? 0;
  }
  return { total: earlier + line.days, undated };
}

async function courseDays(params: Record<string, unknown>, almanac: Almanac): Promise<number> {
  return tallyCourse(params, await lineFacts(almanac)).total;
}

async function courseUndated(params: Record<string, unknown>, almanac: Almanac): Promise<number> {
  return tallyCourse(params, await lineFacts(almanac)).undated;
}

/** Charges of this item per allowance: > maxCount means over the limit. */
async function frequencyLoad(params: Record<string, unknown>, almanac: Almanac): Promise<number> {
  const { line, order, lineIndex } = await lineFacts(almanac);
  const periodDays = params.periodDays as number;
  const lineDate = line.date ?? order.encounter.date;
  const at = dayMs(lineDate);
  const windowStart = at - (periodDays - 1) * DAY_MS;
  const lineDays = Math.max(1, line.days ?? 1);
  let count = line.quantity ?? 1;
  for (const other of order.lines.slice(0, lineIndex)) {
    if (other.code === line.code && (other.date ?? order.encounter.date) === lineDate) count += other.quantity ?? 1;
  }
  if (lineDays <= 1) {
    for (const h of order.history ?? []) {
      const t = dayMs(h.date);
      if (h.code === line.code && t >= windowStart && t <= at) count += h.quantity ?? 1;
    }
  }
  return count / Math.ceil(lineDays / periodDays);
}

export interface LineHit {
  ruleId: string;
  lineId: string;
}

/**
 * json-rules-engine holding every translated rule. It has no index by code: each run evaluates every
 * rule against one line's facts, so an order is one awaited run per line.
 */
export class JreChecker {
  private readonly engine: Engine;

  constructor(private readonly translation: Translation) {
    this.engine = new Engine(translation.jre, { allowUndefinedFacts: true });
    this.engine.addOperator<string, string>('textIncludes', (fact, keyword) => typeof fact === 'string' && fact.includes(keyword));
    this.engine.addFact('courseDays', courseDays, { cache: false });
    this.engine.addFact('courseUndated', courseUndated, { cache: false });
    this.engine.addFact('frequencyLoad', frequencyLoad, { cache: false });
  }

  async check(order: Order): Promise<LineHit[]> {
    const { patient, encounter } = order;
    const age = ageOf(patient, encounter.date);
    const orderFacts = {
      order,
      sex: patient.sex ?? 'U',
      ageYears: age.years ?? null,
      ageDays: age.days ?? null,
      visitType: encounter.visitType ?? null,
      internet: encounter.internet ?? false,
      institutionLevel: encounter.institutionLevel ?? null,
      insuranceType: encounter.insuranceType ?? null,
      department: encounter.department ?? '',
    };
    const hits: LineHit[] = [];
    for (let lineIndex = 0; lineIndex < order.lines.length; lineIndex++) {
      const line = order.lines[lineIndex]!;
      const facts: Record<string, unknown> = {
        ...orderFacts,
        line,
        lineIndex,
        code: line.code,
        lineKind: line.kind,
        dateNum: Number((line.date ?? encounter.date).replaceAll('-', '')),
        approvalNo: line.approvalNo ? line.approvalNo : null,
      };
      for (const length of this.translation.prefixLengths) facts[`prefix${length}`] = line.code.slice(0, length);
      const { events } = await this.engine.run(facts);
      for (const event of events) hits.push({ ruleId: String(event.params?.ruleId), lineId: line.id });
    }
    return hits;
  }
}
