import { validatePack, zodErrors, type FieldError } from '../pack/load';
import { RuleSchema, type Pack, type PackInput, type Rule } from '../pack/schema';
import { batchFromFileName } from './batch-name';
import { baseName, type ImportFile, type ImportOptions, type ImportOutcome } from './import-file';
import { importAnyFile } from './import-any';
import { removeOverlaps } from './overlap';
import { yieldToOfficialTexts } from './official-text';
import type { FileReport, ImportReport } from './report';
import type { RuleInput } from './rule-collector';
import { checkedParsed } from './rule-check';
import { canonical, stableStringify } from './stable-json';
import { finishKnowledgeFiles } from './classes/finish';
import { prescriberKey, type PrescriberPrivilege } from '../pack/prescribers';

/**
 * Turns input files (two-libs batches, batch CSVs, the structured catalogue) into one validated
 * pack and an import report. Pure: bytes in, pack out; the demo script and a future
 * `preflight pack import` both call it.
 */

export interface PackMeta {
  id: string;
  version: string;
  publisher: PackInput['publisher'];
  description?: string;
  /** A source entry per input file: title and licence note. */
  sourceFor(fileName: string): { title: string; note?: string };
  /** Sources not tied to an input file (e.g. 处方管理办法). */
  extraSources?: NonNullable<PackInput['sources']>;
  /** Rules added after the imported ones (global rules such as 处方管理办法 limits). */
  extraRules?: readonly RuleInput[];
  /** Settings the pack states beside the imported privilege list (the demo pack turns opt-in checks on). */
  settings?: { diagnosisCodeCheck?: boolean };
}

export interface BuiltPack {
  pack: Pack;
  report: ImportReport;
  /** Earlier knowledge points a later publication replaced or withdrew. */
  retired?: { id: string; reason: string }[];
}

export class PackBuildError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`the generated pack does not validate: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    this.name = 'PackBuildError';
  }
}

/** Batches in publication order (第一批 … 第十五批, parts in order), then other files by name. */
export function inputOrder(a: string, b: string): number {
  const ba = batchFromFileName(baseName(a));
  const bb = batchFromFileName(baseName(b));
  if (ba && bb) {
    const [na, pa] = ba.slug.slice(1).split('-').map(Number);
    const [nb, pb] = bb.slug.slice(1).split('-').map(Number);
    if (na !== nb) return na! - nb!;
    if ((pa ?? 0) !== (pb ?? 0)) return (pa ?? 0) - (pb ?? 0);
  } else if (ba || bb) return ba ? -1 : 1;
  const x = baseName(a);
  const y = baseName(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Ids must be unique in a pack; two files giving the same id keep the first and rename the later.
 * With each rule, its parsed rule when its importer checked it (a renamed copy has none).
 */
function uniqueIds(outcomes: readonly ImportOutcome[]): { rules: RuleInput[]; parsed: (Rule | undefined)[] } {
  const taken = new Set<string>();
  const out: RuleInput[] = [];
  const parsed: (Rule | undefined)[] = [];
  for (const { rules, report } of outcomes) {
    const checked = checkedParsed(rules);
    rules.forEach((rule, i) => {
      if (!taken.has(rule.id)) {
        taken.add(rule.id);
        out.push(rule);
        parsed.push(checked[i]);
        return;
      }
      let n = 2;
      while (taken.has(`${rule.id}-${n}`)) n++;
      const id = `${rule.id}-${n}`;
      taken.add(id);
      report.warnings.push({ message: `rule id ${rule.id} was already used by another file; renamed ${id}` });
      out.push({ ...rule, id });
      parsed.push(undefined);
    });
  }
  return { rules: out, parsed };
}

/**
 * The parsed rule of each of `kept`, which overlap removal took from `from` in order (dropping
 * some, replacing some by copies with fewer codes): a rule that is still the very object of
 * `from` keeps its parsed rule; a copy has none.
 */
function parsedInOrder(kept: readonly RuleInput[], from: readonly RuleInput[], fromParsed: readonly (Rule | undefined)[]): (Rule | undefined)[] {
  const out: (Rule | undefined)[] = [];
  let j = 0;
  for (const rule of kept) {
    // Ids are unique here: the rule, or the copy of it, is the next one of its id.
    while (j < from.length && from[j] !== rule && from[j]!.id !== rule.id) j++;
    out.push(j < from.length && from[j] === rule ? fromParsed[j] : undefined);
    if (j < from.length) j++;
  }
  return out;
}

function countByKind(rules: readonly { kind: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rules) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function buildPack(files: readonly ImportFile[], meta: PackMeta, options: ImportOptions = {}): BuiltPack {
  const ordered = [...files].sort((a, b) => inputOrder(a.name, b.name));
  return assemblePack(
    ordered.map((file) => ({ file, outcome: importAnyFile(file, options) })),
    meta,
    options,
  );
}

/** One input file with what its importer made of it. */
export interface ImportedFile {
  file: ImportFile;
  outcome: ImportOutcome;
}

/**
 * The cross-file half of buildPack: unique ids, overlap removal, validation and the report, for
 * files already imported in `inputOrder`. Exported so the options page can import file by file,
 * yielding to its UI in between, and still get the very pack the command would make.
 */
export function assemblePack(importedFiles: readonly ImportedFile[], meta: PackMeta, options: ImportOptions = {}): BuiltPack {
  importedFiles = acrossFiles(importedFiles, options);
  const ordered = importedFiles.map((i) => i.file);
  const fileReports: FileReport[] = importedFiles.map((i) => i.outcome.report);
  const named = uniqueIds(importedFiles.map((i) => i.outcome));
  const overlap = removeOverlaps(named.rules);
  const official = yieldToOfficialTexts(overlap.rules);
  const thinned = official.rules;
  const overlaps = [...overlap.overlaps, ...official.overlaps];
  const dropped = [...overlap.dropped, ...official.dropped];
  const contradictions = overlap.contradictions;
  const rules = [...thinned, ...(meta.extraRules ?? [])];
  const prescribers = rosterOf(importedFiles);

  const sources = [
    ...ordered.map((f) => ({ id: baseName(f.name), ...meta.sourceFor(baseName(f.name)) })),
    ...(meta.extraSources ?? []),
  ];
  const candidate: PackInput = {
    schemaVersion: 1,
    id: meta.id,
    version: meta.version,
    publisher: meta.publisher,
    ...(meta.description ? { description: meta.description } : {}),
    sources,
    ...(prescribers || meta.settings ? { settings: { ...meta.settings, ...(prescribers ? { prescribers } : {}) } } : {}),
    rules,
  };
  const loaded = validateAssembled(candidate, parsedInOrder(thinned, named.rules, named.parsed));
  if (!loaded.ok) throw new PackBuildError(loaded.errors);
  return {
    pack: loaded.pack,
    report: {
      files: fileReports,
      pack: { rules: loaded.pack.rules.length, rulesByKind: countByKind(loaded.pack.rules), overlaps, rulesDropped: dropped, contradictions },
    },
  };
}

/**
 * The doctors of every 医师处方权 file, in input order; a doctor listed again in a later file (by
 * 工号 or 医保医师代码) is taken from there, and that file's report says so. Undefined when no file
 * gave a doctor: an import without a list leaves the pack's list alone, and a list file whose
 * every row failed does not empty it.
 */
function rosterOf(importedFiles: readonly ImportedFile[]): PrescriberPrivilege[] | undefined {
  const byKey = new Map<string, PrescriberPrivilege>();
  const order: PrescriberPrivilege[] = [];
  for (const { outcome } of importedFiles) {
    for (const doctor of outcome.prescribers ?? []) {
      const keys = [doctor.id, doctor.nhsaCode].filter((k): k is string => k !== undefined).map(prescriberKey);
      const earlier = keys.map((k) => byKey.get(k)).find((d) => d !== undefined);
      if (earlier) {
        order.splice(order.indexOf(earlier), 1);
        for (const k of [earlier.id, earlier.nhsaCode]) if (k !== undefined) byKey.delete(prescriberKey(k));
        outcome.report.warnings.push({ message: `医师 ${doctor.id} 在先导入的名单中也有，按本文件为准` });
      }
      for (const k of keys) byKey.set(k, doctor);
      order.push(doctor);
    }
  }
  return order.length > 0 ? order : undefined;
}

/**
 * The pack's own fields are validated as a pack; each rule an importer already checked is taken
 * as parsed then (`checked`, index for index; overlap removal and renaming make new objects,
 * which are checked here), so a 100,000-row import does not check every rule twice. Duplicate
 * ids are refused as the schema does: the imported rules (as many as `checked` lists) have ids
 * uniqueIds made unique, so only the rules after them (extraRules) are looked for among the others.
 */
function validateAssembled(candidate: PackInput, checked: readonly (Rule | undefined)[]): ReturnType<typeof validatePack> {
  const head = validatePack({ ...candidate, rules: [] });
  if (!head.ok) return head;
  const rules: Rule[] = [];
  const errors: FieldError[] = [];
  let seen: Set<string> | undefined;
  candidate.rules.forEach((raw, i) => {
    const known = checked[i];
    const parsed = known ? { success: true as const, data: known } : RuleSchema.safeParse(raw);
    if (!parsed.success) {
      errors.push(...zodErrors(parsed.error, 5).map((e) => ({ path: `rules[${i}]${e.path ? `.${e.path}` : ''}`, message: e.message })));
      return;
    }
    if (i >= checked.length) {
      seen ??= new Set(rules.map((r) => r.id));
      if (seen.has(parsed.data.id)) errors.push({ path: `rules[${i}].id`, message: `duplicate rule id ${parsed.data.id}` });
      seen.add(parsed.data.id);
    }
    rules.push(parsed.data);
  });
  return errors.length ? { ok: false, errors } : { ok: true, pack: { ...head.pack, rules } };
}

/**
 * Knowledge points of all files go through one ledger: a point published again in a later file
 * (an update publication, a later batch of the same class) replaces the earlier file's point.
 */
function acrossFiles(importedFiles: readonly ImportedFile[], options: ImportOptions): readonly ImportedFile[] {
  const withPoints = importedFiles.filter((i) => i.outcome.knowledge && !i.outcome.report.error);
  if (withPoints.length < 2) return importedFiles;
  const finished = finishKnowledgeFiles(withPoints.map((i) => i.outcome.knowledge!), options.parseText);
  const byFile = new Map(withPoints.map((i, n) => [i, finished[n]!]));
  return importedFiles.map((i) => {
    const done = byFile.get(i);
    return done ? { file: i.file, outcome: { ...i.outcome, ...done } } : i;
  });
}

/** Readable key order at every level of a pack. */
const PACK_KEY_ORDER = [
  'schemaVersion', 'id', 'version', 'kind', 'name', 'contact', 'title', 'enabled', 'severity', 'interruptive', 'publisher',
  'publishedAt', 'description', 'sources', 'note', 'basis', 'alsoBasis', 'text', 'effective', 'from', 'to', 'settings', 'match', 'codes',
  'prefixes', 'lineKinds', 'params', 'source', 'batch', 'gzCode', 'file', 'row', 'rules',
];

/**
 * Compact, deterministic pack JSON: the pack's own fields on the first line, then one rule per
 * line, so a regenerated pack diffs rule by rule and a re-run with the same inputs changes nothing.
 */
export function serializePack(pack: Pack): string {
  const { rules, ...head } = pack;
  const headJson = stableStringify(head, PACK_KEY_ORDER);
  const ruleLines = rules.map((r) => stableStringify(r, PACK_KEY_ORDER));
  return `${headJson.slice(0, -1)},"rules":[\n${ruleLines.join(',\n')}\n]}\n`;
}

const REPORT_KEY_ORDER = [
  'file', 'importer', 'batch', 'detected', 'error', 'errorCode', 'rowsRead', 'rowsUsed', 'rulesMade', 'codesJoined', 'classes', 'seq',
  'ruleClass', 'kind', 'points', 'rules', 'replaced', 'notUnderstood', 'row', 'name', 'text', 'reason', 'by', 'message',
];

export function serializeReport(report: ImportReport): string {
  return `${JSON.stringify(canonical(report, REPORT_KEY_ORDER), null, 1)}\n`;
}
