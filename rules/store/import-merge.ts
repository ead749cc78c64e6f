import { diffFields } from '../pack/diff';
import type { Pack, Rule } from '../pack/schema';
import type { BaseRecord, RuleRecord, RuleStoreDb } from './db';
import { toRuleRecord, writeStamp } from './records';
import { nextOrdinal, readHead, sameRule, validateRule, writeHead } from './working-set';
import { writeKnowledge, type KnowledgeUpdate } from './knowledge';
import { rosterChange, type PrescriberPrivilege, type RosterChange } from '../pack/prescribers';

/**
 * Import as a three-way merge. For every rule id the import names there are three versions: the
 * rule as the last import gave it (base, kept in the `bases` table), the 医保办's working rule
 * (mine) and the new publication's (theirs). A rule the 医保办 left alone follows the
 * publication; an edit (disabling included) survives a publication that did not touch the rule;
 * where both changed, the clerk decides. planImport says what would happen without writing;
 * applyImportPlan writes exactly that plan, or nothing.
 */

/** A knowledge point a later publication replaced or withdrew. */
export interface RetiredRule {
  id: string;
  reason: string;
}

export interface ImportInput {
  rules: readonly Rule[];
  retired?: readonly RetiredRule[] | undefined;
  sources?: Pack['sources'] | undefined;
  /** The knowledge points the import leaves in force, per class it touched. */
  knowledge?: KnowledgeUpdate | undefined;
  /** A 医师处方权 list the import read: it replaces the working set's list whole. */
  prescribers?: readonly PrescriberPrivilege[] | undefined;
}

/**
 * - added: an id the working set does not have;
 * - updated: untouched since the last import, changed by the publication;
 * - keptEdit: edited here, not changed by the publication (or a retired id the set holds as its own);
 * - conflict: edited here and changed or retired by the publication;
 * - removed: untouched and retired by the publication;
 * - unchanged: the working rule already equals the publication's.
 */
export const MERGE_CATEGORIES = ['added', 'updated', 'keptEdit', 'conflict', 'removed', 'unchanged'] as const;
export type MergeCategory = (typeof MERGE_CATEGORIES)[number];

export interface MergeEntry {
  id: string;
  category: MergeCategory;
  kind: Rule['kind'];
  name?: string;
  /** As last imported; absent when the id was never imported (a local rule). */
  base?: Rule;
  /** The working rule; absent for an added rule. */
  mine?: Rule;
  /** The publication's rule; absent when the publication retires the id. */
  theirs?: Rule;
  /** Why the publication retired the id. */
  retiredReason?: string;
}

export interface ImportPlan {
  /** Import order, then retired ids in the order given. */
  entries: MergeEntry[];
  sources: Pack['sources'];
  knowledge?: KnowledgeUpdate;
  /** The new 医师处方权 list and how it differs from the working set's. */
  prescribers?: { list: PrescriberPrivilege[]; change: RosterChange };
}

/** For a conflict: keep the working rule (the default), or take the publication (for a retired id: delete). */
export type ConflictChoice = 'mine' | 'theirs';
export type ConflictChoices = Readonly<Record<string, ConflictChoice>>;

export type PlanCounts = Record<MergeCategory, number>;

export interface AppliedImport {
  counts: PlanCounts;
  /** How the conflicts were decided. */
  conflictsKept: number;
  conflictsTaken: number;
  /** Doctors in the 医师处方权 list now in force, when the import replaced it. */
  prescribers?: number;
}

/** The working set changed between planning and applying: the plan no longer says what would happen. */
export class StalePlanError extends Error {
  override readonly name = 'StalePlanError';
  constructor(readonly ids: string[]) {
    super(`the working set changed since the import was planned: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ' …' : ''}`);
  }
}

function checked(rules: readonly Rule[]): Rule[] {
  return rules.map((rule) => {
    const result = validateRule(rule);
    if (!result.ok) throw new Error(`rule ${rule.id} does not validate: ${result.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    return result.rule;
  });
}

function entry(category: MergeCategory, rule: Rule, versions: Pick<MergeEntry, 'base' | 'mine' | 'theirs' | 'retiredReason'>): MergeEntry {
  const out: MergeEntry = { id: rule.id, category, kind: rule.kind, ...versions };
  if (rule.name !== undefined) out.name = rule.name;
  return out;
}

/** Where one incoming rule goes, given the working rule and the last import of its id. */
function classify(theirs: Rule, mine: Rule | undefined, base: Rule | undefined): MergeEntry {
  if (!mine) return entry('added', theirs, { theirs, ...(base ? { base } : {}) });
  const versions = { theirs, mine, ...(base ? { base } : {}) };
  if (sameRule(mine, theirs)) return entry('unchanged', theirs, versions);
  // Without a base nobody can tell an edit from an old import: never overwrite it silently.
  if (!base) return entry('conflict', theirs, versions);
  if (sameRule(mine, base)) return entry('updated', theirs, versions);
  if (sameRule(theirs, base)) return entry('keptEdit', theirs, versions);
  return entry('conflict', theirs, versions);
}

function classifyRetired(retired: RetiredRule, mine: Rule, base: Rule | undefined): MergeEntry {
  const versions = { mine, retiredReason: retired.reason, ...(base ? { base } : {}) };
  // No base: the set holds the id as its own rule (kept on an earlier retirement, or local).
  if (!base) return entry('keptEdit', mine, versions);
  return entry(sameRule(mine, base) ? 'removed' : 'conflict', mine, versions);
}

/** What importing `input` would do to the working set, rule by rule. Writes nothing. */
export async function planImport(db: RuleStoreDb, input: ImportInput): Promise<ImportPlan> {
  const rules = checked(input.rules);
  const incoming = new Set(rules.map((r) => r.id));
  // A publication that both brings and retires an id still brings it.
  const retired = (input.retired ?? []).filter((r) => !incoming.has(r.id));
  const ids = [...rules.map((r) => r.id), ...retired.map((r) => r.id)];
  const [records, bases] = await db.transaction('r', db.rules, db.bases, () => Promise.all([db.rules.bulkGet(ids), db.bases.bulkGet(ids)]));
  const entries: MergeEntry[] = rules.map((theirs, i) => classify(theirs, records[i]?.rule, bases[i]?.rule));
  retired.forEach((r, j) => {
    const i = rules.length + j;
    const mine = records[i]?.rule;
    if (mine) entries.push(classifyRetired(r, mine, bases[i]?.rule));
  });
  const plan: ImportPlan = { entries, sources: [...(input.sources ?? [])], ...(input.knowledge ? { knowledge: input.knowledge } : {}) };
  if (input.prescribers && input.prescribers.length > 0) {
    const list = [...input.prescribers];
    plan.prescribers = { list, change: rosterChange((await readHead(db)).settings.prescribers ?? [], list) };
  }
  return plan;
}

export function countPlan(plan: ImportPlan): PlanCounts {
  const counts = Object.fromEntries(MERGE_CATEGORIES.map((c) => [c, 0])) as PlanCounts;
  for (const e of plan.entries) counts[e.category]++;
  return counts;
}

/** One field where the three versions are not all equal, for showing a conflict side by side. */
export interface ThreeWayField {
  path: string;
  /** Which sides moved away from the base. */
  mineChanged: boolean;
  theirsChanged: boolean;
}

/**
 * The fields of an entry that differ between any two of its versions, in the order the rule
 * lists them (rules/pack/diff.ts's paths). A missing version counts as an empty rule.
 */
export function threeWayFields(e: Pick<MergeEntry, 'base' | 'mine' | 'theirs'>): ThreeWayField[] {
  const base = e.base ?? {};
  const mine = e.mine ?? {};
  const theirs = e.theirs ?? {};
  const ours = new Set(diffFields(base, mine).map((f) => f.path));
  const published = new Set(diffFields(base, theirs).map((f) => f.path));
  const paths = [...new Set([...diffFields(mine, theirs).map((f) => f.path), ...ours, ...published])];
  return paths.map((path) => ({ path, mineChanged: ours.has(path), theirsChanged: published.has(path) }));
}

/**
 * Writes `plan` in one transaction: the working rules and the bases, so the next import of the
 * same files finds nothing to do. Conflicts not in `choices` keep the working rule. Throws
 * StalePlanError, writing nothing, when a working rule is no longer the one the plan saw.
 */
export async function applyImportPlan(db: RuleStoreDb, plan: ImportPlan, choices: ConflictChoices = {}): Promise<AppliedImport> {
  return db.transaction('rw', [db.rules, db.bases, db.meta, db.knowledge], async () => {
    const ids = plan.entries.map((e) => e.id);
    const records = await db.rules.bulkGet(ids);
    const stale = plan.entries.filter((e, i) => {
      const now = records[i]?.rule;
      return now === undefined || e.mine === undefined ? now !== e.mine : !sameRule(now, e.mine);
    });
    if (stale.length > 0) throw new StalePlanError(stale.map((e) => e.id));

    const now = writeStamp();
    let ordinal = await nextOrdinal(db);
    const rulePuts: RuleRecord[] = [];
    const ruleDeletes: string[] = [];
    const basePuts: BaseRecord[] = [];
    const baseDeletes: string[] = [];
    const result: AppliedImport = { counts: countPlan(plan), conflictsKept: 0, conflictsTaken: 0, ...(plan.prescribers ? { prescribers: plan.prescribers.list.length } : {}) };
    const follow = (theirs: Rule, old: RuleRecord | undefined) => {
      rulePuts.push(toRuleRecord(theirs, old ? old.ordinal : ordinal++, 'imported', now));
      basePuts.push({ id: theirs.id, rule: theirs });
    };
    const rebase = (e: MergeEntry) => {
      if (e.theirs && !(e.base && sameRule(e.base, e.theirs))) basePuts.push({ id: e.id, rule: e.theirs });
    };
    plan.entries.forEach((e, i) => {
      const old = records[i];
      switch (e.category) {
        case 'added':
        case 'updated':
          follow(e.theirs!, old);
          break;
        case 'keptEdit':
        case 'unchanged':
          rebase(e);
          break;
        case 'removed':
          ruleDeletes.push(e.id);
          baseDeletes.push(e.id);
          break;
        case 'conflict': {
          const take = choices[e.id] === 'theirs';
          if (take) result.conflictsTaken++;
          else result.conflictsKept++;
          if (e.theirs) {
            if (take) follow(e.theirs, old);
            // Kept: the publication is now the base, so the same file again is not a conflict again.
            else rebase(e);
          } else if (take) {
            ruleDeletes.push(e.id);
            baseDeletes.push(e.id);
          } else {
            // Kept against a retirement: the rule is the hospital's own from now on.
            rulePuts.push(toRuleRecord(old!.rule, old!.ordinal, 'local', now));
            baseDeletes.push(e.id);
          }
          break;
        }
      }
    });
    await db.rules.bulkDelete(ruleDeletes);
    await db.rules.bulkPut(rulePuts);
    await db.bases.bulkDelete(baseDeletes);
    await db.bases.bulkPut(basePuts);
    if (plan.knowledge) await writeKnowledge(db, plan.knowledge);
    if (plan.sources.length > 0 || plan.prescribers) {
      const head = await readHead(db);
      const known = new Set(head.sources.map((s) => s.id));
      const sources = [...head.sources, ...plan.sources.filter((s) => !known.has(s.id))];
      const settings = plan.prescribers ? { ...head.settings, prescribers: plan.prescribers.list } : head.settings;
      await writeHead(db, { ...head, sources, settings });
    }
    return result;
  });
}
