import { assemblePack, inputOrder, PackBuildError, type BuiltPack, type ImportedFile, type PackMeta } from '../../rules/import/build-pack';
import { batchFromFileName, fileTitle } from '../../rules/import/batch-name';
import { importAnyFile } from '../../rules/import/import-any';
import { baseName, type ImportFile, type ImportOutcome } from '../../rules/import/import-file';
import { FileReportBuilder, type FileReport } from '../../rules/import/report';
import type { FieldError } from '../../rules/pack/load';
import type { PackHead } from '../../rules/store/db';
import type { Rule } from '../../rules/pack/schema';
import type { KnowledgePoint } from '../../rules/import/classes/knowledge-point';
import {
  EARLIER_FILE, earlierKnowledgeFile, retiredFromEarlier, retiredFromRules, stillInForce, touchedClasses, type RetiredRule,
} from '../../rules/import/classes/earlier';
import type { KnowledgeUpdate } from '../../rules/store/knowledge';
import { classBySeq } from '../../rules/import/classes/rule-classes';
import { resolveLedger } from '../../rules/import/classes/ledger';

/**
 * The options page's import: the same importers and pack assembly as `preflight pack import`
 * (rules/import), run one file at a time with a pause between files so the page keeps painting
 * its progress bar. Nothing is merged here: the caller shows the report first.
 */

export interface ImportProgress {
  /** Files finished so far. */
  done: number;
  total: number;
  /** The file being read next, or '' once all are read and the pack is being assembled. */
  current: string;
}

/** What an import into the working set adds to the pack it assembles. */
export interface ImportedIntoSet extends BuiltPack {
  retired: RetiredRule[];
  knowledge: KnowledgeUpdate;
  /** Set classes (中药饮片, 手术组, 重复收费) whose earlier rules came without their points. */
  unsplittable: string[];
}

export type ImportStepsResult =
  | { ok: true; built: ImportedIntoSet }
  /** `files`: reports of files that could not be read (with `error`); `errors`: the assembled rules did not validate. */
  | { ok: false; files: FileReport[]; errors: FieldError[] };

export interface ImportStepsOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Points in force from earlier imports, of the given classes (the store's knowledge table). */
  earlierPoints?: (classes: readonly number[]) => Promise<KnowledgePoint[]>;
  /** The working rules, for classes whose rules came without points (the built-in pack). */
  workingRules?: () => Promise<readonly Rule[]>;
  /** Lets the page paint; defaults to a macrotask (setTimeout 0). */
  pause?: () => Promise<void>;
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Source titles as the command gives them: 国家医保局两库 第N批 … or the file's own title. */
export function importSourceTitle(fileName: string): string {
  const batch = batchFromFileName(fileName);
  if (batch) return `国家医保局两库 ${batch.label}${batch.title ? ` ${batch.title}` : ''}`;
  return fileTitle(fileName) || fileName;
}

/**
 * Meta for assembling imported rules into a throw-away pack under the working set's id: only its
 * rules and sources are kept (the version is a placeholder the pack schema accepts).
 */
export function importMetaFor(head: PackHead): PackMeta {
  return {
    id: head.id,
    version: '0',
    publisher: head.publisher,
    sourceFor: (fileName) => ({ title: importSourceTitle(fileName) }),
  };
}

/** An importer that throws on a damaged file is reported like a file it cannot read. */
function importOne(file: ImportFile): ImportOutcome {
  try {
    return importAnyFile(file);
  } catch (e) {
    const report = new FileReportBuilder(baseName(file.name), 'unknown');
    report.error = `无法读取：${e instanceof Error ? e.message : String(e)}`;
    return { rules: [], report: report.build([]) };
  }
}

/**
 * A rule's 依据 from other sources that state the same restriction (alsoBasis) comes from rules of
 * other files, which the working set still holds thinned out: an import of one file alone keeps
 * them, rather than reporting every such rule as changed.
 */
function keepOtherBases(rules: readonly Rule[], working: readonly Rule[]): Rule[] {
  const byId = new Map(working.map((r) => [r.id, r]));
  return rules.map((r) => {
    const also = byId.get(r.id)?.alsoBasis;
    return also && !r.alsoBasis ? { ...r, alsoBasis: also } : r;
  });
}

export async function importInSteps(files: readonly ImportFile[], meta: PackMeta, options: ImportStepsOptions = {}): Promise<ImportStepsResult> {
  const pause = options.pause ?? nextTask;
  const ordered = [...files].sort((a, b) => inputOrder(a.name, b.name));
  const imported: ImportedFile[] = [];
  for (const [i, file] of ordered.entries()) {
    options.onProgress?.({ done: i, total: ordered.length, current: file.name });
    await pause();
    imported.push({ file, outcome: importOne(file) });
  }
  options.onProgress?.({ done: ordered.length, total: ordered.length, current: '' });
  await pause();
  // One unreadable file fails the whole import: a partial merge would look like a complete one.
  const unreadable = imported.map((i) => i.outcome.report).filter((r) => r.error !== undefined);
  if (unreadable.length > 0) return { ok: false, files: unreadable, errors: [] };
  const classes = touchedClasses(imported.map((i) => i.outcome.knowledge));
  const incoming = imported.flatMap((i) => i.outcome.knowledge?.points ?? []);
  const stored = (await options.earlierPoints?.(classes)) ?? [];
  const earlier = stillInForce(stored, incoming);
  const earlierFile = earlier.length ? earlierKnowledgeFile(earlier) : undefined;
  const inputs: ImportedFile[] = earlierFile
    ? [{ file: { name: EARLIER_FILE, bytes: new Uint8Array() }, outcome: { rules: [], report: earlierFile.readReport.build([]), knowledge: earlierFile } }, ...imported]
    : imported;
  try {
    const built = assemblePack(inputs, meta);
    const all = [...earlier, ...incoming];
    const ledger = resolveLedger(all);
    const builtIds = new Set(built.pack.rules.map((r) => r.id));
    const withPoints = new Set(stored.map((p) => p.classSeq));
    const working = (await options.workingRules?.()) ?? [];
    const fromRules = retiredFromRules(working, incoming, withPoints, builtIds);
    const retired = [...retiredFromEarlier(stored, ledger.replaced, builtIds), ...fromRules.retired];
    // Left out rather than cut down: the clerk is told to import the class's batch with the update.
    const skipped = new Set(fromRules.unsplittable);
    const skippedSeqs = new Set(all.filter((p) => skipped.has(classBySeq(p.classSeq)?.name ?? '')).map((p) => p.classSeq));
    const kept = skipped.size ? built.pack.rules.filter((r) => !skipped.has(r.source?.ruleClass ?? '')) : built.pack.rules;
    const pack = { ...built.pack, rules: keepOtherBases(kept, working) };
    const knowledge = { classes: classes.filter((c) => !skippedSeqs.has(c)), live: ledger.live.filter((p) => !skippedSeqs.has(p.classSeq)) };
    return { ok: true, built: { ...built, pack, retired, knowledge, unsplittable: fromRules.unsplittable } };
  } catch (e) {
    if (e instanceof PackBuildError) return { ok: false, files: [], errors: e.errors };
    throw e;
  }
}
