import { adapterBroken, extractOrder, extractRow, locateTable, type Elsewhere, type ProfileProblem, type SiteProfile } from '../../adapters';
import type { ColumnMap } from '../../adapters/locate';
import { safeQueryAll } from '../../adapters/locate';
import { OrderLineSchema, OrderSchema, type InstitutionLevel, type Order, type OrderLine } from '../../contract/order';

/**
 * Reads the order out of the page through the site profile, and keeps what it read so that an
 * edit inside one row costs one row: the rows the doctor touched are read again and spliced into
 * the previous order. Anything structural (rows added, removed or re-rendered, a row becoming
 * empty, the table replaced) falls back to reading the whole page.
 */

export interface OrderSnapshot {
  /** Null when the page no longer fits the profile well enough to check (see problems). */
  readonly order: Order | null;
  /** Line id → row element, for markers and write-back. */
  readonly rows: ReadonlyMap<string, Element>;
  readonly problems: readonly ProfileProblem[];
  /** The profile no longer fits the page: 页面适配失效. */
  readonly broken: boolean;
  /** The order table container, when found. */
  readonly table: Element | null;
  /** Equal fingerprints mean an equal order: a result for one applies to the other. */
  readonly fingerprint: string;
  /** `rows`: only the changed rows were read. */
  readonly mode: 'full' | 'rows';
  /** When reading started and how long it took (performance.now() clock). */
  readonly startedAt: number;
  readonly extractMs: number;
}

export interface OrderReaderOptions {
  /** Salt of the pseudonymous patient key (per installation). */
  keySalt?: string;
  /** Order id when the page shows none. */
  fallbackOrderId?: string;
  /** 医疗机构等级 when the page shows none. */
  institutionLevel?: InstitutionLevel;
  /** Reads of the fields the profile places in other frames. */
  elsewhere?: Elsewhere;
  now?: () => number;
}

interface RowIndex {
  /** Every row the rows selector matched, empty ones included, in page order. */
  elements: Element[];
  /** Row element → the line id the full read gave it (absent for empty rows). */
  lineOf: Map<Element, string>;
  columns: ColumnMap | undefined;
}

export function orderFingerprint(order: Order | null): string {
  return order ? JSON.stringify(order) : '';
}

export class OrderReader {
  private last: OrderSnapshot | undefined;
  private index: RowIndex | undefined;
  private readonly now: () => number;

  constructor(
    private readonly root: Document,
    private readonly profile: SiteProfile,
    private readonly options: OrderReaderOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
  }

  get current(): OrderSnapshot | undefined {
    return this.last;
  }

  /** Reads the whole order. */
  readAll(): OrderSnapshot {
    const startedAt = this.now();
    const result = extractOrder(this.root, this.profile, {
      keySalt: this.options.keySalt,
      orderId: this.options.fallbackOrderId,
      institutionLevel: this.options.institutionLevel,
      ...(this.options.elsewhere ? { elsewhere: this.options.elsewhere } : {}),
    });
    const tableCtx = locateTable(this.root, this.profile);
    const table = tableCtx.table;
    const listed = table ? safeQueryAll(table, this.profile.orders.rows) : undefined;
    const lineOf = new Map<Element, string>();
    for (const [lineId, row] of result.rows) lineOf.set(row, lineId);
    this.index = listed?.ok ? { elements: listed.value, lineOf, columns: tableCtx.columns } : undefined;
    return this.remember({
      order: result.order,
      rows: result.rows,
      problems: result.problems,
      broken: adapterBroken(result.problems) || result.order === null,
      table,
      fingerprint: orderFingerprint(result.order),
      mode: 'full',
      startedAt,
      extractMs: this.now() - startedAt,
    });
  }

  /** Reads only `changed` rows when the table's structure is as it was; otherwise the whole order. */
  reread(changed: Iterable<Element>): OrderSnapshot {
    const startedAt = this.now();
    const spliced = this.splice(changed);
    if (!spliced) return this.readAll();
    return this.remember({ ...spliced, mode: 'rows', startedAt, extractMs: this.now() - startedAt });
  }

  private remember(snapshot: OrderSnapshot): OrderSnapshot {
    this.last = snapshot;
    return snapshot;
  }

  private splice(changed: Iterable<Element>): Omit<OrderSnapshot, 'mode' | 'startedAt' | 'extractMs'> | undefined {
    const previous = this.last;
    const index = this.index;
    if (!previous?.order || previous.broken || !index || !previous.table?.isConnected) return undefined;
    const listed = safeQueryAll(previous.table, this.profile.orders.rows);
    if (!listed.ok || listed.value.length !== index.elements.length) return undefined;
    if (listed.value.some((row, i) => row !== index.elements[i])) return undefined;

    const lines = new Map<string, OrderLine>(previous.order.lines.map((line) => [line.id, line]));
    let problems = [...previous.problems];
    for (const row of new Set(changed)) {
      const position = index.elements.indexOf(row);
      if (position === -1) continue; // Not an order row (a fixed-column copy, a row of another table).
      const lineId = index.lineOf.get(row);
      const read = extractRow(row, this.profile, { index: position, columns: index.columns });
      // A row that became empty or filled changes which rows are lines: read it all.
      if (read.empty !== (lineId === undefined)) return undefined;
      if (read.empty || lineId === undefined) continue;
      // The id the page gives the row changed (or was de-duplicated): the full read sorts that out.
      if (read.lineId !== lineId) return undefined;
      problems = problems.filter((p) => p.lineId !== lineId).concat(read.problems);
      if (!read.line) {
        lines.delete(lineId);
        continue;
      }
      const line = OrderLineSchema.safeParse({ ...read.line, id: lineId });
      if (!line.success) return undefined;
      lines.set(lineId, line.data);
    }
    // Lines stay in page order, as the full read produces them.
    const ordered: OrderLine[] = [];
    for (const row of index.elements) {
      const lineId = index.lineOf.get(row);
      const line = lineId === undefined ? undefined : lines.get(lineId);
      if (line) ordered.push(line);
    }
    const order = OrderSchema.safeParse({ ...previous.order, lines: ordered });
    if (!order.success) return undefined;
    return {
      order: order.data,
      rows: previous.rows,
      problems,
      broken: false,
      table: previous.table,
      fingerprint: orderFingerprint(order.data),
    };
  }
}
