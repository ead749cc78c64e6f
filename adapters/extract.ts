import {
  OrderSchema,
  type AntibioticLevel,
  type Diagnosis,
  type InstitutionLevel,
  type ChronicDisease,
  type Maternity,
  type Order,
  type OrderInput,
} from '../contract/order';
import type { ProfileProblem } from '../contract/profile-problems';
import { fieldName, readField, type Expect } from './extract-field';
import { extractRow, locateTable, type OrderLineInput } from './extract-table';
import { safeQueryAll } from './locate';
import { pseudonymousKey, UNKNOWN_PATIENT_KEY } from './patient-key';
import { readDiagnoses } from './diagnoses';
import { readOperations } from './operations';
import { frameOf, remoteDiagnoses, remoteField, type Elsewhere } from './frame-reads';
import { occurrence } from './row-key';
import { problem, unreadFields } from './problems';
import { LINE_FIELDS, type LineField, type PageField, type SiteProfile } from './profile-schema';
import type { AgeValue } from './transforms';

/**
 * DOM → canonical order through a site profile. Pure reading: nothing here changes the page,
 * and nothing throws on what a page contains; problems are returned next to the order. The
 * table and its rows are read by extract-table.ts, each field by extract-field.ts; this adds the
 * page's own fields (patient, encounter, diagnoses, prescriber) — from another frame's read when the
 * profile places them there (frame-reads.ts) — and validates the whole order.
 */

export interface ExtractOptions {
  /** Evaluation date (YYYY-MM-DD) when the page shows none; defaults to the local date. */
  readonly today?: string;
  /** Order id when the profile locates none. */
  readonly orderId?: string;
  /** Salt of the pseudonymous patient key, per installation; defaults to the profile id. */
  readonly keySalt?: string;
  /** 医疗机构等级 when the page shows none (the deployment's institutionLevel). */
  readonly institutionLevel?: InstitutionLevel;
  /**
   * The other frames' reads of the fields the profile places there (`frame`). Absent: every field
   * is read from `root` (a saved page, a test).
   */
  readonly elsewhere?: Elsewhere;
}

export interface ExtractResult {
  /** The validated order, or null when the page no longer fits the profile well enough to check. */
  readonly order: Order | null;
  /** Line id → its row element, for every non-empty row (also rows that yielded no line). */
  readonly rows: Map<string, Element>;
  readonly problems: ProfileProblem[];
}

function localIsoDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

class PageReader {
  readonly problems: ProfileProblem[] = [];

  constructor(
    private readonly root: ParentNode,
    private readonly elsewhere: Elsewhere | undefined,
  ) {}

  /** Whether `glob` names another frame, whose read stands in for this document. */
  away(glob: string | undefined): glob is string {
    return glob !== undefined && this.elsewhere !== undefined && !this.elsewhere.here(glob);
  }

  /** Reads an optional page field; a configured field the page lacks is a warning. */
  read<T>(field: PageField | undefined, expect: Expect, path: string): T | undefined {
    if (!field) return undefined;
    const glob = frameOf(field);
    const result = this.away(glob) ? remoteField(this.elsewhere!, glob, path) : readField<T>(field, { scope: this.root }, expect, { path });
    this.problems.push(...result.problems);
    if (!result.found && result.problems.length === 0) {
      this.problems.push(problem('field-missing', `页面上未找到${fieldName(path)}`, { field: path }));
    }
    return result.value as T | undefined;
  }

  diagnoses(profile: SiteProfile, problems: ProfileProblem[]): Diagnosis[] {
    const glob = profile.diagnoses?.frame;
    return this.away(glob) ? remoteDiagnoses(this.elsewhere!, glob, problems) : readDiagnoses(this.root, profile, problems);
  }
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
        const lineId = occurrence(result.lineId, rows);
        // Two lines of one drug in one group share a content key by nature; two rows with one page id do not.
        if (lineId !== result.lineId && result.keyed !== 'content') {
          problems.push(problem('row-id-duplicate', `第${index + 1}行的行标识「${result.lineId}」与前面的行重复`, { lineId }));
        }
        rows.set(lineId, row);
        problems.push(...result.problems.map((p) => (p.lineId === result.lineId ? { ...p, lineId } : p)));
        if (result.line) lines.push({ ...result.line, id: lineId });
      });
      problems.push(...unmatchedRowFields(profile, seen, filled));
    }
  }

  const page = new PageReader(root, opts.elsewhere);
  const { patient: pf, encounter: ef } = profile;
  const today = opts.today ?? localIsoDate(new Date());
  const date = page.read<string>(ef.date, 'date', 'encounter.date') ?? today;
  const keySource = page.read<string>(pf.key, 'string', 'patient.key');
  const age = page.read<AgeValue>(pf.age, 'age', 'patient.age');
  const diagnoses = page.diagnoses(profile, problems);

  const input: OrderInput = {
    id: page.read<string>(profile.orderId, 'string', 'orderId') ?? opts.orderId ?? `${profile.id}-${date}`,
    patient: {
      key: keySource ? pseudonymousKey(keySource, opts.keySalt ?? profile.id) : UNKNOWN_PATIENT_KEY,
      sex: page.read(pf.sex, 'sex', 'patient.sex'),
      birthDate: page.read(pf.birthDate, 'date', 'patient.birthDate'),
      ageYears: age?.years,
      ageDays: age?.days,
      weightKg: page.read(pf.weightKg, 'number', 'patient.weightKg'),
      maternity: page.read<Maternity>(pf.maternity, 'maternity', 'patient.maternity'),
    },
    encounter: {
      date,
      visitType: page.read(ef.visitType, 'visit-type', 'encounter.visitType'),
      department: page.read(ef.department, 'string', 'encounter.department'),
      insuranceType: page.read(ef.insuranceType, 'insurance-type', 'encounter.insuranceType'),
      institutionLevel: page.read<InstitutionLevel>(ef.institutionLevel, 'institution-level', 'encounter.institutionLevel') ?? opts.institutionLevel,
      internet: page.read(ef.internet, 'boolean', 'encounter.internet'),
      longTermPrescription: page.read(ef.longTermPrescription, 'boolean', 'encounter.longTermPrescription'),
      chronicDiseases: page.read<ChronicDisease[]>(ef.chronicDiseases, 'chronic-diseases', 'encounter.chronicDiseases'),
      diagnoses,
      // Read in the order's frame only: no HIS seen so far shows operations beside the patient bar.
      operations: readOperations(root, profile, problems),
    },
    prescriber: profile.prescriber ? readPrescriber(page, profile.prescriber) : undefined,
    lines,
  };
  problems.push(...page.problems);
  // Fields the page lacks travel with the order, so rules needing them report a gap, not a guess.
  const unread = unreadFields(problems);
  if (unread.length > 0) input.unread = unread;

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
  return {
    id,
    title: page.read<string>(spec.title, 'string', 'prescriber.title'),
    antibioticLevel: page.read<AntibioticLevel>(spec.antibioticLevel, 'antibiotic-level', 'prescriber.antibioticLevel'),
    narcoticPrivilege: page.read<boolean>(spec.narcoticPrivilege, 'boolean', 'prescriber.narcoticPrivilege'),
  };
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

