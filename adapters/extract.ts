import type { z } from 'zod';
import {
  InsuranceTypeSchema,
  LineKindSchema,
  OrderLineSchema,
  OrderSchema,
  VisitTypeSchema,
  type Diagnosis,
  type InstitutionLevel,
  type Order,
  type OrderInput,
} from '../contract/order';
import { fail, ok, type Parsed } from '../rules/parse/result';
import {
  columnIndex,
  locate,
  missingColumnDetail,
  readColumns,
  readLocated,
  safeQuery,
  safeQueryAll,
  type ColumnMap,
  type LocateContext,
} from './locate';
import { pseudonymousKey, UNKNOWN_PATIENT_KEY } from './patient-key';
import { problem } from './problems';
import type { ProfileProblem } from '../contract/profile-problems';
import { LINE_FIELDS, type FieldLocator, type LineField, type SiteProfile } from './profile-schema';
import {
  applyTransforms,
  cleanText,
  isAgeValue,
  lineKindFromCode,
  parseAge,
  parseDate,
  parseDays,
  parseFlag,
  parseLineKind,
  parseNumber,
  parseSex,
  type AgeValue,
  type TransformValue,
} from './transforms';

/**
 * DOM → canonical order through a site profile. Pure reading: nothing here changes the page,
 * and nothing throws on what a page contains; problems are returned next to the order.
 */

export type OrderLineInput = z.input<typeof OrderLineSchema>;

export interface ExtractOptions {
  /** Evaluation date (YYYY-MM-DD) when the page shows none; defaults to the local date. */
  readonly today?: string;
  /** Order id when the profile locates none. */
  readonly orderId?: string;
  /** Salt of the pseudonymous patient key, per installation; defaults to the profile id. */
  readonly keySalt?: string;
  /** 医疗机构等级 when the page shows none (the deployment's institutionLevel). */
  readonly institutionLevel?: InstitutionLevel;
}

export interface ExtractResult {
  /** The validated order, or null when the page no longer fits the profile well enough to check. */
  readonly order: Order | null;
  /** Line id → its row element, for every non-empty row (also rows that yielded no line). */
  readonly rows: Map<string, Element>;
  readonly problems: ProfileProblem[];
}

// --- reading one field ---------------------------------------------------------------------------

type Expect =
  | 'string'
  | 'number'
  | 'days'
  | 'boolean'
  | 'sex'
  | 'age'
  | 'date'
  | 'visit-type'
  | 'insurance-type'
  | 'institution-level'
  | 'line-kind';

const FIELD_NAMES: Readonly<Record<string, string>> = {
  orderId: '处方号',
  'patient.key': '患者标识',
  'patient.sex': '性别',
  'patient.age': '年龄',
  'patient.birthDate': '出生日期',
  'patient.weightKg': '体重',
  'encounter.visitType': '就诊类型',
  'encounter.date': '就诊日期',
  'encounter.department': '科室',
  'encounter.insuranceType': '医保类型',
  'encounter.institutionLevel': '医院级别',
  'encounter.internet': '互联网诊疗',
  'encounter.longTermPrescription': '长期处方',
  'encounter.diagnoses': '诊断',
  'prescriber.id': '医生工号',
  'prescriber.title': '医生职称',
  'diagnoses.code': '诊断编码',
  'diagnoses.name': '诊断名称',
  'diagnoses.primary': '主诊断标记',
  'lines.id': '行标识',
  'lines.code': '医保编码',
  'lines.name': '名称',
  'lines.kind': '项目类别',
  'lines.spec': '规格',
  'lines.dose': '每次剂量',
  'lines.doseUnit': '剂量单位',
  'lines.frequency': '频次',
  'lines.days': '天数',
  'lines.quantity': '总量',
  'lines.unit': '单位',
  'lines.route': '用法',
  'lines.selfPay': '自费标记',
  'lines.group': '组号',
  'lines.price': '单价',
  'lines.approvalNo': '审批号',
  'lines.date': '医嘱日期',
};

const fieldName = (path: string): string => FIELD_NAMES[path] ?? path;

function enumMember<T extends string>(schema: z.ZodType<T>, value: string, detail: string): Parsed<T> {
  const parsed = schema.safeParse(value);
  return parsed.success ? ok(parsed.data) : fail('unmapped', detail);
}

function coerce(value: TransformValue, expect: Expect): Parsed<unknown> {
  if (expect === 'age') {
    if (isAgeValue(value)) return ok(value);
    return typeof value === 'number' ? ok({ years: value }) : parseAge(String(value));
  }
  if (isAgeValue(value)) return fail('type', '这里需要的不是年龄');
  const text = String(value);
  switch (expect) {
    case 'string':
      return ok(cleanText(text));
    case 'number':
      return typeof value === 'number' ? (value >= 0 ? ok(value) : fail('negative', `「${text}」为负数`)) : parseNumber(text);
    case 'days':
      return typeof value === 'number' ? (value >= 0 ? ok(value) : fail('negative', `「${text}」为负数`)) : parseDays(text);
    case 'boolean':
      return typeof value === 'boolean' ? ok(value) : parseFlag(text);
    case 'sex':
      return parseSex(text);
    case 'date':
      return parseDate(text);
    case 'line-kind':
      return LineKindSchema.safeParse(text).success ? ok(text) : parseLineKind(text);
    case 'visit-type':
      return enumMember(VisitTypeSchema, text, `「${text}」需映射为 ${VisitTypeSchema.options.join('/')}（在适配配置中加 map）`);
    case 'insurance-type':
      return enumMember(InsuranceTypeSchema, text, `「${text}」需映射为 ${InsuranceTypeSchema.options.join('/')}（在适配配置中加 map）`);
    case 'institution-level': {
      const level = typeof value === 'number' ? value : Number(cleanText(text));
      return level === 1 || level === 2 || level === 3 ? ok(level) : fail('unmapped', `「${text}」需映射为 1/2/3`);
    }
  }
}

interface FieldRead<T> {
  readonly value?: T;
  /** The locator found something (even if empty or unreadable). */
  readonly found: boolean;
  readonly problems: ProfileProblem[];
}

interface FieldWhere {
  readonly path: string;
  readonly lineId?: string;
  /** "第2行 " for line fields. */
  readonly prefix?: string;
}

function readField<T>(field: FieldLocator, ctx: LocateContext, expect: Expect, where: FieldWhere): FieldRead<T> {
  const located = locate(field, ctx);
  if (!located.ok) {
    // Structural failures are the same for every row: reported without a line id so they merge.
    const code = located.reason === 'column-missing' ? 'column-missing' : 'bad-selector';
    return { found: false, problems: [problem(code, `${fieldName(where.path)}：${located.detail}`, { field: where.path })] };
  }
  if (!located.value) return { found: false, problems: [] };
  const raw = readLocated(located.value, field);
  if (raw === undefined || (typeof raw === 'string' && cleanText(raw) === '')) return { found: true, problems: [] };
  const transformed = applyTransforms(raw, field.transform ?? []);
  const coerced = transformed.ok ? coerce(transformed.value, expect) : transformed;
  if (!coerced.ok) {
    const message = `${where.prefix ?? ''}${fieldName(where.path)}：${coerced.detail}`;
    return { found: true, problems: [problem('field-invalid', message, { field: where.path, lineId: where.lineId })] };
  }
  if (expect === 'string' && coerced.value === '') return { found: true, problems: [] };
  return { value: coerced.value as T, found: true, problems: [] };
}

// --- the order table -----------------------------------------------------------------------------

export interface TableContext {
  /** The container the content script observes, or null when the page does not have it. */
  readonly table: Element | null;
  readonly columns?: ColumnMap;
  /** Line fields whose column header is gone. */
  readonly missingColumns: ReadonlySet<LineField>;
  readonly problems: ProfileProblem[];
}

/** Finds the order table and its header; reports a missing table, header row or column. */
export function locateTable(root: ParentNode, profile: SiteProfile): TableContext {
  const found = safeQuery(root, profile.orders.table);
  if (!found.ok) {
    return { table: null, missingColumns: new Set(), problems: [problem('bad-selector', `医嘱表格：${found.detail}`, { field: 'lines' })] };
  }
  if (!found.value) {
    const message = `未找到医嘱表格（${profile.orders.table}），页面可能已改版`;
    return { table: null, missingColumns: new Set(), problems: [problem('table-missing', message, { field: 'lines' })] };
  }
  return readTableHeader(found.value, profile);
}

/** Reads the header of a found table: which configured columns it has. */
export function readTableHeader(table: Element, profile: SiteProfile): TableContext {
  const { orders } = profile;
  const missingColumns = new Set<LineField>();
  if (!orders.headerRow) return { table, missingColumns, problems: [] };
  const header = safeQuery(table, orders.headerRow);
  if (!header.ok) return { table, missingColumns, problems: [problem('bad-selector', `表头：${header.detail}`, { field: 'lines' })] };
  if (!header.value) {
    for (const name of LINE_FIELDS) {
      const field = orders.fields[name];
      if (field && 'column' in field) missingColumns.add(name);
    }
    const message = `未找到医嘱表头（${orders.headerRow}），页面可能已改版`;
    return { table, missingColumns, problems: [problem('header-missing', message, { field: 'lines' })] };
  }
  const columns = readColumns(header.value);
  const problems: ProfileProblem[] = [];
  for (const name of LINE_FIELDS) {
    const field = orders.fields[name];
    if (!field || !('column' in field)) continue;
    if (columnIndex(columns, field.column, field.nth) === undefined) {
      missingColumns.add(name);
      const message = `${fieldName(`lines.${name}`)}：${missingColumnDetail(field.column)}`;
      problems.push(problem('column-missing', message, { field: `lines.${name}` }));
    }
  }
  return { table, columns, missingColumns, problems };
}

export interface RowOptions {
  /** Position among the table's rows (from 0); looked up when absent. */
  readonly index?: number;
  /** Header positions; read from the row's table when absent. */
  readonly columns?: ColumnMap;
}

export interface RowResult {
  readonly lineId: string;
  /** The line, or null for an empty row or one that cannot be checked (see problems). */
  readonly line: OrderLineInput | null;
  /** Neither a code nor a name: a blank row the doctor has not filled in yet. */
  readonly empty: boolean;
  readonly problems: ProfileProblem[];
  /** Line fields whose element this row has. */
  readonly found: ReadonlySet<LineField>;
}

type LineValues = { -readonly [K in LineField]?: unknown };

const LINE_EXPECT: Readonly<Record<LineField, Expect>> = {
  code: 'string',
  name: 'string',
  kind: 'line-kind',
  spec: 'string',
  dose: 'number',
  doseUnit: 'string',
  frequency: 'string',
  days: 'days',
  quantity: 'number',
  unit: 'string',
  route: 'string',
  selfPay: 'boolean',
  group: 'string',
  price: 'number',
  approvalNo: 'string',
  date: 'date',
};

function rowContext(row: Element, profile: SiteProfile, opts: RowOptions): { index: number; columns?: ColumnMap } {
  if (opts.index !== undefined && (opts.columns || !profile.orders.headerRow)) return { index: opts.index, columns: opts.columns };
  let table: Element | null = null;
  try {
    table = row.closest(profile.orders.table);
  } catch {
    table = null;
  }
  const tableCtx = table ? readTableHeader(table, profile) : undefined;
  const rows = table ? safeQueryAll(table, profile.orders.rows) : undefined;
  const index = opts.index ?? (rows?.ok ? Math.max(0, rows.value.indexOf(row)) : 0);
  return { index, columns: opts.columns ?? tableCtx?.columns };
}

function lineIdOf(row: Element, profile: SiteProfile, index: number, columns: ColumnMap | undefined): string {
  const idField = profile.orders.rowId;
  if (!idField) return String(index + 1);
  const read = readField<string>(idField, { scope: row, columns }, 'string', { path: 'lines.id' });
  // "#n" cannot collide with page ids such as jqGrid's "1", "2", "3".
  return read.value ?? `#${index + 1}`;
}

/** Reads one order row: used for the whole table and again for a single row the doctor edited. */
export function extractRow(row: Element, profile: SiteProfile, opts: RowOptions = {}): RowResult {
  const { index, columns } = rowContext(row, profile, opts);
  const lineId = lineIdOf(row, profile, index, columns);
  const ctx: LocateContext = { scope: row, columns };
  const prefix = `第${index + 1}行 `;
  const values: LineValues = {};
  const found = new Set<LineField>();
  const problems: ProfileProblem[] = [];
  const readInto = (name: LineField): void => {
    const field = profile.orders.fields[name];
    if (!field) return;
    const read = readField(field, ctx, LINE_EXPECT[name], { path: `lines.${name}`, lineId, prefix });
    if (read.found) found.add(name);
    if (read.value !== undefined) values[name] = read.value;
    problems.push(...read.problems);
  };
  // Code and name first: a blank row (the doctor's next empty line) needs no further reading.
  readInto('code');
  readInto('name');
  if (values.code === undefined && values.name === undefined) return { lineId, line: null, empty: true, problems: [], found };
  for (const name of LINE_FIELDS) if (name !== 'code' && name !== 'name') readInto(name);
  const code = typeof values.code === 'string' ? values.code.replace(/\s+/g, '') : undefined;
  const name = typeof values.name === 'string' ? values.name : undefined;
  if (!code && !name) return { lineId, line: null, empty: true, problems: [], found };
  if (!code) {
    problems.push(problem('row-code-missing', `${prefix}「${name}」缺少医保编码，无法审核`, { field: 'lines.code', lineId }));
    return { lineId, line: null, empty: false, problems, found };
  }
  const kind = (values.kind as string | undefined) ?? lineKindFromCode(code) ?? profile.orders.defaultKind ?? 'drug';
  const line = buildLine({ ...values, code, kind }, lineId);
  const checked = OrderLineSchema.safeParse(line);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const key = String(issue.path[0] ?? '');
      problems.push(problem('field-invalid', `${prefix}${fieldName(`lines.${key}`)}：${issue.message}`, { field: `lines.${key}`, lineId }));
      delete (line as Record<string, unknown>)[key];
    }
  }
  return { lineId, line, empty: false, problems, found };
}

function buildLine(values: LineValues, id: string): OrderLineInput {
  const line: Record<string, unknown> = { id };
  for (const name of LINE_FIELDS) if (values[name] !== undefined) line[name] = values[name];
  return line as OrderLineInput;
}

// --- page-level parts ----------------------------------------------------------------------------

function localIsoDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

class PageReader {
  readonly problems: ProfileProblem[] = [];

  constructor(private readonly root: ParentNode) {}

  /** Reads an optional page field; a configured field the page lacks is a warning. */
  read<T>(field: FieldLocator | undefined, expect: Expect, path: string): T | undefined {
    if (!field) return undefined;
    const result = readField<T>(field, { scope: this.root }, expect, { path });
    this.problems.push(...result.problems);
    if (!result.found && result.problems.length === 0) {
      this.problems.push(problem('field-missing', `页面上未找到${fieldName(path)}`, { field: path }));
    }
    return result.value;
  }
}

function readDiagnoses(root: ParentNode, profile: SiteProfile, problems: ProfileProblem[]): Diagnosis[] {
  const spec = profile.diagnoses;
  if (!spec) return [];
  let scope: ParentNode = root;
  if (spec.within) {
    const within = safeQuery(root, spec.within);
    if (!within.ok || !within.value) {
      problems.push(
        within.ok
          ? problem('field-missing', `页面上未找到诊断区域（${spec.within}）`, { field: 'encounter.diagnoses' })
          : problem('bad-selector', `诊断：${within.detail}`, { field: 'encounter.diagnoses' }),
      );
      return [];
    }
    scope = within.value;
  }
  const rows = safeQueryAll(scope, spec.rows);
  if (!rows.ok) {
    problems.push(problem('bad-selector', `诊断：${rows.detail}`, { field: 'encounter.diagnoses' }));
    return [];
  }
  const diagnoses: Diagnosis[] = [];
  rows.value.forEach((row, i) => {
    const ctx: LocateContext = { scope: row };
    const where = (path: string) => ({ path, prefix: `第${i + 1}条诊断 ` });
    const code = readField<string>(spec.code, ctx, 'string', where('diagnoses.code'));
    const name = spec.name ? readField<string>(spec.name, ctx, 'string', where('diagnoses.name')) : undefined;
    const primary = spec.primary ? readField<boolean>(spec.primary, ctx, 'boolean', where('diagnoses.primary')) : undefined;
    problems.push(...code.problems, ...(name?.problems ?? []), ...(primary?.problems ?? []));
    if (!code.value) return;
    diagnoses.push({
      code: code.value.replace(/\s+/g, ''),
      ...(name?.value ? { name: name.value } : {}),
      ...(spec.primary ? { primary: primary?.value ?? false } : { primary: diagnoses.length === 0 }),
    });
  });
  return diagnoses;
}

function dedupe(problems: readonly ProfileProblem[]): ProfileProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}|${p.field ?? ''}|${p.lineId ?? ''}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Line fields located by css or label that no row had: most likely a selector the page outgrew. */
function unmatchedRowFields(profile: SiteProfile, seen: ReadonlyMap<LineField, number>, rowCount: number): ProfileProblem[] {
  if (rowCount === 0) return [];
  const problems: ProfileProblem[] = [];
  for (const name of LINE_FIELDS) {
    const field = profile.orders.fields[name];
    if (!field || 'column' in field || 'value' in field || !('css' in field || 'label' in field)) continue;
    if ((seen.get(name) ?? 0) === 0) {
      problems.push(problem('field-missing', `${fieldName(`lines.${name}`)}：所有医嘱行中都未找到`, { field: `lines.${name}` }));
    }
  }
  return problems;
}

/**
 * Reads the whole order. The order is null when the table, its code column or the built order
 * itself is unusable; otherwise it is returned even with warnings, because a partial check beats none.
 */
export function extractOrder(root: ParentNode, profile: SiteProfile, opts: ExtractOptions = {}): ExtractResult {
  const problems: ProfileProblem[] = [];
  const rows = new Map<string, Element>();
  const lines: OrderLineInput[] = [];
  const tableCtx = locateTable(root, profile);
  problems.push(...tableCtx.problems);
  let usable = tableCtx.table !== null && !tableCtx.missingColumns.has('code');

  if (tableCtx.table && usable) {
    const rowEls = safeQueryAll(tableCtx.table, profile.orders.rows);
    if (!rowEls.ok) {
      problems.push(problem('bad-selector', `医嘱行：${rowEls.detail}`, { field: 'lines' }));
      usable = false;
    } else {
      const seen = new Map<LineField, number>();
      let filled = 0;
      rowEls.value.forEach((row, index) => {
        const result = extractRow(row, profile, { index, columns: tableCtx.columns });
        if (result.empty) return;
        filled += 1;
        for (const name of result.found) seen.set(name, (seen.get(name) ?? 0) + 1);
        let lineId = result.lineId;
        if (rows.has(lineId)) {
          let n = 2;
          while (rows.has(`${result.lineId}~${n}`)) n += 1;
          lineId = `${result.lineId}~${n}`;
          problems.push(problem('row-id-duplicate', `第${index + 1}行的行标识「${result.lineId}」与前面的行重复`, { lineId }));
        }
        rows.set(lineId, row);
        problems.push(...result.problems.map((p) => (p.lineId === result.lineId ? { ...p, lineId } : p)));
        if (result.line) lines.push({ ...result.line, id: lineId });
      });
      problems.push(...unmatchedRowFields(profile, seen, filled));
    }
  }

  const page = new PageReader(root);
  const { patient: pf, encounter: ef } = profile;
  const today = opts.today ?? localIsoDate(new Date());
  const date = page.read<string>(ef.date, 'date', 'encounter.date') ?? today;
  const keySource = page.read<string>(pf.key, 'string', 'patient.key');
  const age = page.read<AgeValue>(pf.age, 'age', 'patient.age');
  const diagnoses = readDiagnoses(root, profile, problems);

  const input: OrderInput = {
    id: page.read<string>(profile.orderId, 'string', 'orderId') ?? opts.orderId ?? `${profile.id}-${date}`,
    patient: {
      key: keySource ? pseudonymousKey(keySource, opts.keySalt ?? profile.id) : UNKNOWN_PATIENT_KEY,
      sex: page.read(pf.sex, 'sex', 'patient.sex'),
      birthDate: page.read(pf.birthDate, 'date', 'patient.birthDate'),
      ageYears: age?.years,
      ageDays: age?.days,
      weightKg: page.read(pf.weightKg, 'number', 'patient.weightKg'),
    },
    encounter: {
      date,
      visitType: page.read(ef.visitType, 'visit-type', 'encounter.visitType'),
      department: page.read(ef.department, 'string', 'encounter.department'),
      insuranceType: page.read(ef.insuranceType, 'insurance-type', 'encounter.insuranceType'),
      institutionLevel: page.read<InstitutionLevel>(ef.institutionLevel, 'institution-level', 'encounter.institutionLevel') ?? opts.institutionLevel,
      internet: page.read(ef.internet, 'boolean', 'encounter.internet'),
      longTermPrescription: page.read(ef.longTermPrescription, 'boolean', 'encounter.longTermPrescription'),
      diagnoses,
    },
    prescriber: profile.prescriber ? readPrescriber(page, profile.prescriber) : undefined,
    lines,
  };
  problems.push(...page.problems);

  let order: Order | null = null;
  if (usable) {
    const parsed = OrderSchema.safeParse(withoutUndefined(input));
    if (parsed.success) {
      order = parsed.data;
    } else {
      for (const issue of parsed.error.issues) {
        problems.push(problem('order-invalid', `医嘱数据不完整：${issue.path.join('.')} ${issue.message}`, { field: issue.path.join('.') }));
      }
    }
  }
  return { order, rows, problems: dedupe(problems) };
}

function readPrescriber(page: PageReader, spec: NonNullable<SiteProfile['prescriber']>): OrderInput['prescriber'] {
  const id = page.read<string>(spec.id, 'string', 'prescriber.id');
  if (!id) return undefined;
  return { id, title: page.read<string>(spec.title, 'string', 'prescriber.title') };
}

/** Drops undefined members so the order carries only what the page showed. */
function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefined(v)]),
    ) as T;
  }
  return value;
}

