import type { z } from 'zod';
import { InsuranceTypeSchema, LineKindSchema, VisitTypeSchema } from '../contract/order';
import type { ProfileProblem } from '../contract/profile-problems';
import { fail, ok, type Parsed } from '../rules/parse/result';
import { ANTIBIOTIC_LEVEL_CHOICES, parseAntibioticLevel } from '../rules/kinds/antibiotic-levels';
import { locate, readLocated, type LocateContext } from './locate';
import { fieldName } from '../contract/order-fields';
import { problem } from './problems';
import type { FieldLocator } from './profile-schema';
import {
  applyTransforms,
  cleanText,
  isAgeValue,
  parseAge,
  parseChronicDiseases,
  parseDate,
  parseDays,
  parseFlag,
  parseLineKind,
  parseMaternity,
  parseNumber,
  parseSex,
  type TransformValue,
} from './transforms';

/**
 * One field of a page through its profile locator: found, transformed (the profile's maps and
 * regexes), coerced to what the order schema expects (numbers, days, 性别, dates, enums), with a
 * Chinese problem naming the field when it cannot be read. Nothing here throws on page content.
 */

export type Expect =
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
  | 'antibiotic-level'
  | 'maternity'
  | 'chronic-diseases'
  | 'line-kind';

export { fieldName };

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
    case 'antibiotic-level': {
      const level = parseAntibioticLevel(text);
      return level ? ok(level) : fail('unmapped', `「${text}」需为 ${ANTIBIOTIC_LEVEL_CHOICES}（或在适配配置中加 map）`);
    }
    case 'maternity':
      return parseMaternity(text);
    case 'chronic-diseases':
      return parseChronicDiseases(text);
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

export function readField<T>(field: FieldLocator, ctx: LocateContext, expect: Expect, where: FieldWhere): FieldRead<T> {
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

