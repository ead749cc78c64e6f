import type { Severity } from '../../contract/findings';
import type { LineKind } from '../../contract/order';
import { inputOrder } from '../import/build-pack';
import type { Effective } from '../pack/rule-base';
import type { Rule } from '../pack/schema';
import type { RuleOrigin, RuleRecord, RuleStoreDb } from './db';

/**
 * Rule search for the options page. One box finds a rule by code prefix (national codes and the
 * catalogue's 12-character prefixes) and by pinyin initials through the Dexie indexes, and by a
 * substring of its name or id in a small in-memory list of rule summaries; filters narrow by
 * kind, batch, enabled and severity. Reading every full rule from IndexedDB takes about 300 ms
 * for 2,600 rules, so that happens once per page; each search then takes a few milliseconds.
 */

/** What the rule list shows of a rule, and what it filters on. */
export interface RuleSummary {
  id: string;
  name: string;
  kind: Rule['kind'];
  batch: string;
  enabled: boolean;
  severity: Severity;
  interruptive: boolean;
  ordinal: number;
  origin: RuleOrigin;
  codeCount: number;
  lineKinds: LineKind[];
  effective: Effective | undefined;
  updatedAt: string;
}

function summaryOf(record: RuleRecord): RuleSummary {
  const { rule } = record;
  return {
    id: record.id,
    name: rule.name ?? '',
    kind: record.kind,
    batch: record.batch,
    enabled: record.enabled === 1,
    severity: record.severity,
    interruptive: rule.interruptive,
    ordinal: record.ordinal,
    origin: record.origin,
    codeCount: (rule.match.codes?.length ?? 0) + (rule.match.prefixes?.length ?? 0),
    lineKinds: rule.match.lineKinds ?? [],
    effective: rule.effective,
    updatedAt: record.updatedAt,
  };
}

/**
 * The summaries of every working rule, kept in step with the database by `refresh`, which reads
 * only the rules written since the last refresh (the `updatedAt` index) and drops deleted ids.
 */
export class RuleSummaries {
  private readonly byId = new Map<string, RuleSummary>();
  private seen = '';
  private sorted: RuleSummary[] | undefined;

  private constructor(private readonly db: RuleStoreDb) {}

  static async load(db: RuleStoreDb): Promise<RuleSummaries> {
    const summaries = new RuleSummaries(db);
    await summaries.refresh();
    return summaries;
  }

  async refresh(): Promise<void> {
    const { db } = this;
    const [ids, changed] = await db.transaction('r', db.rules, async () => {
      const keys = await db.rules.toCollection().primaryKeys();
      // Strictly after: a seeded set shares one timestamp, and re-reading all of it would undo
      // the point. Only another tab writing in the very millisecond of our last read is missed,
      // and only until its next write.
      const fresh = this.seen ? await db.rules.where('updatedAt').above(this.seen).toArray() : await db.rules.toArray();
      return [keys, fresh] as const;
    });
    const present = new Set(ids);
    for (const id of this.byId.keys()) if (!present.has(id)) this.byId.delete(id);
    for (const record of changed) {
      this.byId.set(record.id, summaryOf(record));
      if (record.updatedAt > this.seen) this.seen = record.updatedAt;
    }
    // Written by another tab with a clock behind ours: rare, and cheap to catch by id.
    const missing = ids.filter((id) => !this.byId.has(id));
    if (missing.length > 0) {
      for (const record of await db.rules.bulkGet(missing)) if (record) this.byId.set(record.id, summaryOf(record));
    }
    this.sorted = undefined;
  }

  get(id: string): RuleSummary | undefined {
    return this.byId.get(id);
  }

  /** All summaries in pack order. */
  all(): readonly RuleSummary[] {
    this.sorted ??= [...this.byId.values()].sort((a, b) => a.ordinal - b.ordinal);
    return this.sorted;
  }
}

export interface RuleFilters {
  kind?: Rule['kind'];
  /** `source.batch` as the import wrote it (第一批, 第八批-1 …); '' for rules without a batch. */
  batch?: string;
  enabled?: boolean;
  severity?: Severity;
}

export interface RuleQuery extends RuleFilters {
  text?: string;
  /** Zero-based page and page size; the list shows one page at a time. */
  page?: number;
  pageSize?: number;
}

export interface RulePage {
  records: RuleSummary[];
  total: number;
  page: number;
  pageCount: number;
}

export const DEFAULT_PAGE_SIZE = 50;

const CODE_LIKE = /^[0-9A-Za-z._-]+$/;
/** Shorter code prefixes (X, XN) would match whole drug classes of unrelated rules. */
const MIN_PREFIX = 6;
const INITIALS_LIKE = /^[A-Za-z0-9]{2,}$/;

function matchesFilters(summary: RuleSummary, filters: RuleFilters): boolean {
  return (
    (filters.kind === undefined || summary.kind === filters.kind) &&
    (filters.batch === undefined || summary.batch === filters.batch) &&
    (filters.enabled === undefined || summary.enabled === filters.enabled) &&
    (filters.severity === undefined || summary.severity === filters.severity)
  );
}

/** Ids of the rules the index queries find: code prefix, catalogue prefix of a full code, initials. */
async function idsFromIndexes(db: RuleStoreDb, text: string): Promise<Set<string>> {
  const ids = new Set<string>();
  const add = (keys: string[]) => keys.forEach((k) => ids.add(k));
  if (CODE_LIKE.test(text)) {
    const code = text.toUpperCase();
    add(await db.rules.where('codes').startsWith(code).primaryKeys());
    // A full national code pasted in also finds the catalogue rules keyed by its first characters.
    const prefixes = [];
    for (let n = MIN_PREFIX; n < code.length; n++) prefixes.push(code.slice(0, n));
    if (prefixes.length > 0) add(await db.rules.where('codes').anyOf(prefixes).primaryKeys());
  }
  if (INITIALS_LIKE.test(text)) add(await db.rules.where('initials').startsWith(text.toLowerCase()).primaryKeys());
  return ids;
}

export async function searchRules(db: RuleStoreDb, summaries: RuleSummaries, query: RuleQuery = {}): Promise<RulePage> {
  const text = query.text?.trim() ?? '';
  let candidates = summaries.all();
  if (text) {
    const ids = await idsFromIndexes(db, text);
    const lower = text.toLowerCase();
    candidates = candidates.filter((s) => ids.has(s.id) || s.name.toLowerCase().includes(lower) || s.id.toLowerCase().includes(lower));
  }
  const matching = candidates.filter((s) => matchesFilters(s, query));
  const pageSize = Math.max(1, query.pageSize ?? DEFAULT_PAGE_SIZE);
  const pageCount = Math.max(1, Math.ceil(matching.length / pageSize));
  const page = Math.min(Math.max(0, query.page ?? 0), pageCount - 1);
  return { records: matching.slice(page * pageSize, (page + 1) * pageSize), total: matching.length, page, pageCount };
}

/** The batches present in the working set in publication order, '' (no batch) last. */
export async function listBatches(db: RuleStoreDb): Promise<string[]> {
  const keys = (await db.rules.orderBy('batch').uniqueKeys()) as string[];
  return keys.sort(inputOrder);
}

/** How many rules the working set has, and how many of them are enabled. */
export async function countRules(db: RuleStoreDb): Promise<{ total: number; enabled: number }> {
  const [total, enabled] = await Promise.all([db.rules.count(), db.rules.where('enabled').equals(1).count()]);
  return { total, enabled };
}
