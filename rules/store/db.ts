import { Dexie, type EntityTable } from 'dexie';
import type { RuleKind, Severity } from '../../contract/findings';
import type { Order } from '../../contract/order';
import type { Pack, Rule } from '../pack/schema';
import type { KnowledgePoint } from '../import/classes/knowledge-point';

/**
 * The 医保办's rule database, in the options page's (extension) origin: the working copy of the
 * rules being edited, the immutable published versions, and the saved 试算 orders.
 */

export const RULE_STORE_DB_NAME = 'preflight-rules';

/** Where a working-set rule came from; local rules are the ones made in the options page. */
export type RuleOrigin = 'baseline' | 'imported' | 'local';

/**
 * One rule of the working set with the fields it is searched and filtered by. IndexedDB cannot
 * index booleans or undefined, hence `enabled` as 0/1 and `batch` as '' for "no batch".
 */
export interface RuleRecord {
  id: string;
  rule: Rule;
  kind: Rule['kind'];
  batch: string;
  enabled: 0 | 1;
  severity: Severity;
  /** match.codes and match.prefixes: a code prefix typed in the search box finds either. */
  codes: string[];
  /** Pinyin-initials search keys of the name (see ./initials). */
  initials: string[];
  /** Position in the pack; published packs keep this order. */
  ordinal: number;
  origin: RuleOrigin;
  updatedAt: string;
}

/**
 * A rule as the last import (or the built-in pack the set started from) gave it: the common
 * ancestor of a three-way merge, so a re-import can tell the 医保办's edits from the publication's
 * (./import-merge.ts). Kept apart from the working rule, which the 医保办 may change.
 */
export interface BaseRecord {
  id: string;
  rule: Rule;
}

/** How a version came to be: the pack the set started from, a publish, or a rollback publish. */
export type VersionOrigin = 'baseline' | 'published' | 'rollback';

/** A published pack version. Never changed or deleted once written (enforced by hooks below). */
export interface VersionRecord {
  seq?: number;
  version: string;
  packId: string;
  publishedAt: string;
  changelog: string;
  /** The pack exactly as exported and signed: serializePack's deterministic text. */
  packJson: string;
  /** `sha256:<hex>` of packJson, to tell a reviewed export from a changed file. */
  hash: string;
  ruleCount: number;
  origin: VersionOrigin;
  /** For a rollback: the version whose rules it restored. */
  rolledBackFrom?: string;
}

/** A saved 试算 input: an order in the contract shape or a 3101 request, as JSON text. */
export interface ExampleRecord {
  id: string;
  name: string;
  input: string;
  builtin: boolean;
}

/** One finding of a 试算用例 as it was shown: what a later run is compared with. */
export interface CaseFinding {
  ruleId: string;
  /** The rule's name when the finding was recorded (the rule may be gone later). */
  ruleName: string;
  kind: RuleKind;
  lineId?: string;
  severity: Severity;
  message: string;
}

/**
 * A 试算用例: a named test order and the findings it had when saved, so re-running every case
 * after a rule change (用例回归) shows which results changed.
 */
export interface TrialCaseRecord {
  id: string;
  name: string;
  order: Order;
  /** The findings when saved (or when the 医保办 last accepted a changed result). */
  expected: CaseFinding[];
  /** The rule set `expected` came from: a version number, or '' for the working set. */
  expectedFrom: string;
  savedAt: string;
}

/** The working set's pack fields other than its rules and version. */
export type PackHead = Omit<Pack, 'rules' | 'version' | 'publishedAt'>;

export interface MetaRecord {
  key: 'head';
  head: PackHead;
}

export class VersionImmutableError extends Error {
  override readonly name = 'VersionImmutableError';
  constructor(version: string | undefined) {
    super(`published version ${version ?? ''} cannot be changed or deleted; publish a new version instead`);
  }
}

/**
 * A knowledge point in force in the working set, from an earlier import: a later publication of
 * the same point, imported on its own, replaces it (rules/import/classes/ledger.ts).
 */
export interface KnowledgeRecord {
  /** classSeq, file and row of the point. */
  key: string;
  classSeq: number;
  point: KnowledgePoint;
}

export class RuleStoreDb extends Dexie {
  rules!: EntityTable<RuleRecord, 'id'>;
  versions!: EntityTable<VersionRecord, 'seq'>;
  examples!: EntityTable<ExampleRecord, 'id'>;
  meta!: EntityTable<MetaRecord, 'key'>;
  bases!: EntityTable<BaseRecord, 'id'>;
  knowledge!: EntityTable<KnowledgeRecord, 'key'>;
  trialCases!: EntityTable<TrialCaseRecord, 'id'>;

  constructor(name = RULE_STORE_DB_NAME) {
    super(name);
    this.version(1).stores({
      rules: 'id, kind, batch, enabled, severity, *codes, *initials, ordinal, updatedAt',
      versions: '++seq, &version, publishedAt',
      examples: 'id, name',
      meta: 'key',
    });
    this.version(2)
      .stores({ bases: 'id' })
      .upgrade(async (tx) => {
        // Before version 2 nothing remembered what was imported. An imported or built-in rule's
        // current content is the best guess: its edits so far are taken as the publication's.
        const records = await tx.table<RuleRecord, string>('rules').toArray();
        const bases: BaseRecord[] = records.filter((r) => r.origin !== 'local').map((r) => ({ id: r.id, rule: r.rule }));
        await tx.table<BaseRecord, string>('bases').bulkPut(bases);
      });
    this.version(3).stores({ knowledge: 'key, classSeq' });
    // A new table only: the tables before it, and the examples saved as JSON text, stay as they are.
    this.version(4).stores({ trialCases: 'id, name, savedAt' });
    // A published version is what workstations were given: rewriting it would break the audit trail.
    this.versions.hook('updating', (_changes, _key, record) => {
      throw new VersionImmutableError(record.version);
    });
    this.versions.hook('deleting', (_key, record) => {
      throw new VersionImmutableError(record?.version);
    });
  }
}
