import { OrderSchema, type Order } from '../contract/order';
import { formatPath } from '../rules/pack/load';
import { looksLike3101, parse3101 } from '../rules/interop/nhsa3101-request';
import { ordersFrom3101, type ConversionNote, type Link3101 } from '../rules/interop/nhsa3101';

/**
 * Turns the text given to `preflight check` into validated orders. Accepted: one order, a JSON
 * array of orders, NDJSON (one order per line), or a 3101 request (wrapped or bare) — any record
 * of an array or NDJSON may itself be a 3101 request.
 */

export interface CheckInput {
  orders: Order[];
  /** 3101 conversions: the ids to answer with and the checks the 3101 data did not allow. */
  links: Link3101[];
  notes: ConversionNote[];
}

export type InputResult = { ok: true; input: CheckInput } | { ok: false; errors: string[] };

/** A record of the input and how to name it in an error: "" (whole text), "[2]" or "line 3: ". */
interface RawRecord {
  value: unknown;
  pathPrefix: (string | number)[];
  linePrefix: string;
}

function splitRecords(text: string): { ok: true; records: RawRecord[] } | { ok: false; errors: string[] } {
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value)) {
      return { ok: true, records: value.map((v, i) => ({ value: v, pathPrefix: [i], linePrefix: '' })) };
    }
    return { ok: true, records: [{ value, pathPrefix: [], linePrefix: '' }] };
  } catch (wholeError) {
    const lines = text.split(/\r?\n/);
    const filled = lines.map((l, i) => ({ text: l, number: i + 1 })).filter((l) => l.text.trim() !== '');
    // NDJSON only when the first record parses on its own; otherwise the text is one broken JSON document.
    if (filled.length < 2 || !parses(filled[0]!.text)) {
      return { ok: false, errors: [`not valid JSON: ${(wholeError as Error).message}`] };
    }
    const records: RawRecord[] = [];
    const errors: string[] = [];
    for (const line of filled) {
      try {
        records.push({ value: JSON.parse(line.text), pathPrefix: [], linePrefix: `line ${line.number}: ` });
      } catch (e) {
        errors.push(`line ${line.number}: not valid JSON: ${(e as Error).message}`);
      }
    }
    return errors.length ? { ok: false, errors } : { ok: true, records };
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const MAX_ERRORS = 50;
const MAX_ERRORS_PER_RECORD = 20;

export function parseCheckInput(text: string): InputResult {
  if (text.trim() === '') return { ok: false, errors: ['input is empty'] };
  const split = splitRecords(text);
  if (!split.ok) return split;

  const input: CheckInput = { orders: [], links: [], notes: [] };
  const errors: string[] = [];
  const report = (record: RawRecord, issues: readonly { path: readonly PropertyKey[]; message: string }[]): void => {
    for (const issue of issues.slice(0, MAX_ERRORS_PER_RECORD)) {
      const path = formatPath([...record.pathPrefix, ...issue.path]);
      errors.push(`${record.linePrefix}${path === '(root)' ? '' : `${path}: `}${issue.message}`);
    }
  };

  for (const record of split.records) {
    if (looksLike3101(record.value)) {
      const parsed = parse3101(record.value);
      if (!parsed.success) {
        report(record, parsed.error.issues);
        continue;
      }
      const conversion = ordersFrom3101(parsed.data);
      input.orders.push(...conversion.orders);
      input.links.push(...conversion.links);
      input.notes.push(...conversion.notes);
      continue;
    }
    if (typeof record.value !== 'object' || record.value === null || Array.isArray(record.value)) {
      report(record, [{ path: [], message: 'expected an order object or a 3101 request' }]);
      continue;
    }
    const parsed = OrderSchema.safeParse(record.value);
    if (parsed.success) input.orders.push(parsed.data);
    else report(record, parsed.error.issues);
  }

  if (errors.length > MAX_ERRORS) {
    return { ok: false, errors: [...errors.slice(0, MAX_ERRORS), `… and ${errors.length - MAX_ERRORS} more errors`] };
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, input };
}
