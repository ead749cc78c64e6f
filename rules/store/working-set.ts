import type { Severity } from '../../contract/findings';
import { canonicalJson } from '../pack/canonical-json';
import { zodErrors, type FieldError } from '../pack/load';
import { RuleSchema, type Pack, type Rule } from '../pack/schema';
import { defaultPackSettings } from '../pack/settings';
import type { PackHead, RuleRecord, RuleStoreDb } from './db';
import { toRuleRecord, writeStamp } from './records';

/**
 * The working copy of the rules the 医保办 edits before publishing. Every rule is validated with
 * the pack's own RuleSchema when it is written, so the working set always forms a valid pack.
 */

export type RuleCheck = { ok: true; rule: Rule } | { ok: false; errors: FieldError[] };

/** Validates one rule as a pack would; error paths are relative to the rule (`params.maxDays`). */
export function validateRule(input: unknown): RuleCheck {
  const parsed = RuleSchema.safeParse(input);
  return parsed.success ? { ok: true, rule: parsed.data } : { ok: false, errors: zodErrors(parsed.error, 50) };
}

/** The head of a hospital's own pack when it starts with no built-in pack to copy from. */
export function emptyHead(): PackHead {
  return {
    schemaVersion: 1,
    id: 'local-pack',
    publisher: { name: '本院医保办' },
    sources: [],
    settings: defaultPackSettings(),
  };
}

export async function readHead(db: RuleStoreDb): Promise<PackHead> {
  return (await db.meta.get('head'))?.head ?? emptyHead();
}

export async function writeHead(db: RuleStoreDb, head: PackHead): Promise<void> {
  await db.meta.put({ key: 'head', head });
}

/** True once the working set has been started (from a pack, or empty). */
export async function hasWorkingSet(db: RuleStoreDb): Promise<boolean> {
  return (await db.meta.get('head')) !== undefined;
}

/** Same content, whatever the key order (rules parsed from a pack file and from the store). */
export const sameRule = (a: Rule, b: Rule): boolean => canonicalJson(a) === canonicalJson(b);

export function headOf(pack: Pack): PackHead {
  const { rules: _rules, version: _version, publishedAt: _publishedAt, ...head } = pack;
  return head;
}

/** All working rules in pack order. */
export async function workingRules(db: RuleStoreDb): Promise<Rule[]> {
  const records = await db.rules.orderBy('ordinal').toArray();
  return records.map((r) => r.rule);
}

/**
 * The working set as a pack under `version`. Not re-validated: each rule was validated when it
 * was stored. Publishing validates the whole pack again before freezing it.
 */
export async function workingPack(db: RuleStoreDb, version: string): Promise<Pack> {
  const [head, rules] = await Promise.all([readHead(db), workingRules(db)]);
  return { ...head, version, rules };
}

/**
 * Replaces the whole working set with a pack's rules and fields (seeding and rollback). Only
 * rules that differ are written, so a rollback that restores a few rules rewrites a few records
 * (and the rule list refreshes only those). Rules already in the set keep their origin; the
 * others get `origin`. With `asImportBase` the pack also becomes what the next import is merged
 * against (seeding from the built-in pack); a rollback keeps the last import as the base, so its
 * restored rules count as the 医保办's choice and a re-import does not silently undo them.
 */
export async function replaceWorkingSet(
  db: RuleStoreDb,
  pack: Pack,
  origin: RuleRecord['origin'],
  options: { asImportBase?: boolean } = {},
): Promise<void> {
  await db.transaction('rw', db.rules, db.meta, db.bases, async () => {
    const leftover = new Map((await db.rules.toArray()).map((r) => [r.id, r]));
    const now = writeStamp();
    const writes: RuleRecord[] = [];
    pack.rules.forEach((rule, i) => {
      const old = leftover.get(rule.id);
      leftover.delete(rule.id);
      if (old && old.ordinal === i && sameRule(old.rule, rule)) return;
      writes.push(toRuleRecord(rule, i, old?.origin ?? origin, now));
    });
    await db.rules.bulkDelete([...leftover.keys()]);
    await db.rules.bulkPut(writes);
    await db.meta.put({ key: 'head', head: headOf(pack) });
    if (options.asImportBase) {
      await db.bases.clear();
      await db.bases.bulkPut(pack.rules.map((rule) => ({ id: rule.id, rule })));
    }
  });
}

export interface SaveRuleOptions {
  /** `create` refuses an id already in the working set; `update` requires it. */
  mode: 'create' | 'update';
}

export type SaveRuleResult = { ok: true; rule: Rule } | { ok: false; errors: FieldError[] };

export async function nextOrdinal(db: RuleStoreDb): Promise<number> {
  const last = await db.rules.orderBy('ordinal').last();
  return last ? last.ordinal + 1 : 0;
}

/** Creates or updates one rule after validating it; nothing is written when it is invalid. */
export async function saveRule(db: RuleStoreDb, input: unknown, options: SaveRuleOptions): Promise<SaveRuleResult> {
  const checked = validateRule(input);
  if (!checked.ok) return checked;
  const rule = checked.rule;
  return db.transaction('rw', db.rules, async (): Promise<SaveRuleResult> => {
    const existing = await db.rules.get(rule.id);
    if (options.mode === 'create' && existing) {
      return { ok: false, errors: [{ path: 'id', message: `规则编号 ${rule.id} 已存在` }] };
    }
    if (options.mode === 'update' && !existing) {
      return { ok: false, errors: [{ path: 'id', message: `规则 ${rule.id} 不在工作规则集中` }] };
    }
    const now = writeStamp();
    const record = existing
      ? toRuleRecord(rule, existing.ordinal, existing.origin, now)
      : toRuleRecord(rule, await nextOrdinal(db), 'local', now);
    await db.rules.put(record);
    return { ok: true, rule };
  });
}

async function updateRules(db: RuleStoreDb, records: RuleRecord[], change: (rule: Rule) => Rule): Promise<number> {
  let changed = 0;
  const updated: RuleRecord[] = [];
  const now = writeStamp();
  for (const record of records) {
    const next = change(record.rule);
    if (next === record.rule) continue;
    updated.push(toRuleRecord(next, record.ordinal, record.origin, now));
    changed++;
  }
  if (updated.length > 0) await db.rules.bulkPut(updated);
  return changed;
}

export async function setRuleEnabled(db: RuleStoreDb, id: string, enabled: boolean): Promise<boolean> {
  return db.transaction('rw', db.rules, async () => {
    const record = await db.rules.get(id);
    if (!record) return false;
    await updateRules(db, [record], (rule) => (rule.enabled === enabled ? rule : { ...rule, enabled }));
    return true;
  });
}

export interface KindPatch {
  severity?: Severity;
  interruptive?: boolean;
  enabled?: boolean;
}

/** Sets severity, interruptive or enabled on every rule of one kind; returns how many changed. */
export async function applyToKind(db: RuleStoreDb, kind: Rule['kind'], patch: KindPatch): Promise<number> {
  return db.transaction('rw', db.rules, async () => {
    const records = await db.rules.where('kind').equals(kind).toArray();
    return updateRules(db, records, (rule) => {
      const next = { ...rule, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as Rule;
      const same = next.severity === rule.severity && next.interruptive === rule.interruptive && next.enabled === rule.enabled;
      return same ? rule : next;
    });
  });
}

/** A free id for a copy or a new local rule: `base`, then `base-2`, `base-3` … */
export async function freeRuleId(db: RuleStoreDb, base: string): Promise<string> {
  if (!(await db.rules.get(base))) return base;
  let n = 2;
  while (await db.rules.get(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** Copies a rule under a new id as a local rule, disabled until the 医保办 has edited it. */
export async function duplicateRule(db: RuleStoreDb, id: string): Promise<Rule | undefined> {
  const record = await db.rules.get(id);
  if (!record) return undefined;
  const copyId = await freeRuleId(db, `${id}-copy`);
  const { source: _source, ...rest } = record.rule;
  const copy = { ...rest, id: copyId, enabled: false } as Rule;
  const saved = await saveRule(db, copy, { mode: 'create' });
  return saved.ok ? saved.rule : undefined;
}

/**
 * Removes a local rule. Imported and built-in rules are disabled rather than removed, so the
 * next import of the same batch does not silently bring them back enabled.
 */
export async function removeLocalRule(db: RuleStoreDb, id: string): Promise<boolean> {
  return db.transaction('rw', db.rules, async () => {
    const record = await db.rules.get(id);
    if (!record || record.origin !== 'local') return false;
    await db.rules.delete(id);
    return true;
  });
}
