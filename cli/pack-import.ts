import { readFile } from 'node:fs/promises';
import { batchFromFileName, fileTitle } from '../rules/import/batch-name';
import { buildPack, PackBuildError, serializePack, serializeReport, type BuiltPack, type PackMeta } from '../rules/import/build-pack';
import { DEMO_META, fixedRules } from '../rules/import/demo-pack';
import type { ImportFile } from '../rules/import/import-file';
import type { FileReport } from '../rules/import/report';
import { PackVersionSchema } from '../rules/pack/schema';
import { fsErrorText, writeFilesAtomically, type OutputFile } from './atomic-write';
import type { CliIO } from './io';

export interface PackImportOptions {
  files: string[];
  output: string;
  report?: string;
  id?: string;
  version?: string;
  publisher?: string;
}

export const DEFAULT_IMPORT_ID = 'local-pack';
export const DEFAULT_IMPORT_PUBLISHER = '本院医保办';

/** Today as a pack version (2026.11.25): a later import the same hospital makes is a newer version. */
export function dateVersion(now: Date): string {
  return `${now.getFullYear()}.${now.getMonth() + 1}.${now.getDate()}`;
}

function sourceTitle(fileName: string): string {
  const batch = batchFromFileName(fileName);
  if (batch) return `国家医保局两库 ${batch.label}${batch.title ? ` ${batch.title}` : ''}`;
  return fileTitle(fileName) || fileName;
}

/**
 * The 处方管理办法 rules (day limits, duplicates, 每张处方药品种数) and the fixed public knowledge
 * (性别/年龄专用诊断编码, 十八反/十九畏) come along, as in the demo pack: a hospital pack that
 * replaced the demo pack without them would silently stop checking them.
 */
function importMeta(options: PackImportOptions, version: string): PackMeta {
  return {
    id: options.id ?? DEFAULT_IMPORT_ID,
    version,
    publisher: { name: options.publisher ?? DEFAULT_IMPORT_PUBLISHER },
    description: `由 preflight pack import 从 ${options.files.length} 个文件生成，并附处方管理办法规则、性别与年龄专用诊断编码和中药十八反十九畏规则。`,
    sourceFor: (fileName) => ({ title: sourceTitle(fileName) }),
    extraSources: DEMO_META.extraSources ?? [],
    extraRules: fixedRules(),
  };
}

async function readInputs(io: CliIO, paths: readonly string[]): Promise<ImportFile[] | undefined> {
  const files: ImportFile[] = [];
  let failed = false;
  for (const name of paths) {
    try {
      files.push({ name, bytes: new Uint8Array(await readFile(name)) });
    } catch (e) {
      io.err(`cannot read ${name}: ${fsErrorText(e)}`);
      failed = true;
    }
  }
  return failed ? undefined : files;
}

const count = (record: Record<string, number>): number => Object.values(record).reduce((a, b) => a + b, 0);
const byKind = (record: Record<string, number>): string => Object.entries(record).map(([k, n]) => `${k} ${n}`).join(', ');

function fileLine(f: FileReport): string {
  const made = count(f.rulesMade);
  const kinds = made ? ` (${byKind(f.rulesMade)})` : '';
  const replaced = f.replaced?.length ? `, ${f.replaced.length} replaced by a later publication` : '';
  const doctors = f.prescribers !== undefined ? `, ${f.prescribers} prescribers` : '';
  const head = `  ${f.file}: ${f.rowsRead} rows, ${made} rules${kinds}${doctors}, ${f.notUnderstood.length} not understood, ${f.skipped.length} skipped${replaced}`;
  // Per national rule class: points in → rules made, replaced, not understood.
  const classes = (f.classes ?? []).map(
    (c) => `    第${c.seq}条 ${c.ruleClass}${c.kind ? ` → ${c.kind}` : '（尚无审核类型）'}: ${c.points} points, ${c.rules} rules, ${c.replaced} replaced, ${c.notUnderstood} not understood`,
  );
  return [head, ...classes].join('\n');
}

/**
 * A file none of whose rows could be read is refused like a file that cannot be opened: a batch
 * whose every row was turned away (an unknown layout of a known form) must not pass as imported.
 */
function refusedWhole(f: FileReport): string | undefined {
  if (f.error) return f.error;
  if (f.rowsRead > 0 && f.rowsUsed === 0 && (f.replaced?.length ?? 0) === 0 && f.notUnderstood.length === f.rowsRead) {
    const reasons = [...new Set(f.notUnderstood.map((n) => n.reason))].slice(0, 3).join('；');
    return `无法导入：${f.rowsRead} 行全部未能读懂（${reasons}）`;
  }
  return undefined;
}

function build(io: CliIO, files: readonly ImportFile[], meta: PackMeta): BuiltPack | undefined {
  try {
    return buildPack(files, meta);
  } catch (e) {
    if (!(e instanceof PackBuildError)) throw e;
    io.err(`the imported rules do not form a valid pack:`);
    for (const error of e.errors) io.err(`  ${error.path}: ${error.message}`);
    return undefined;
  }
}

/**
 * `preflight pack import`: 0 written, 2 for bad arguments, unreadable or unrecognised files or an
 * empty result — in which case nothing is written, so a previous pack.json is never half replaced.
 */
export async function runPackImport(io: CliIO, options: PackImportOptions, now = new Date()): Promise<number> {
  const version = options.version ?? dateVersion(now);
  if (!PackVersionSchema.safeParse(version).success) {
    io.err(`--version ${version}: expected a dotted numeric version such as 2026.11.1`);
    return 2;
  }
  if (options.id !== undefined && options.id.trim() === '') {
    io.err('--id must not be empty');
    return 2;
  }
  const files = await readInputs(io, options.files);
  if (!files) return 2;
  const meta = importMeta(options, version);
  const built = build(io, files, meta);
  if (!built) return 2;
  const { pack, report } = built;

  const unreadable = report.files.filter((f) => refusedWhole(f) !== undefined);
  for (const f of unreadable) io.err(`${f.file}: ${refusedWhole(f)}`);
  if (unreadable.length) {
    io.err(`nothing written: ${unreadable.length} file(s) could not be imported`);
    return 2;
  }
  const imported = report.files.reduce((n, f) => n + count(f.rulesMade), 0);
  const prescribers = pack.settings.prescribers?.length ?? 0;
  if (imported === 0 && prescribers === 0) {
    io.err('nothing written: the files gave no rules');
    return 2;
  }

  const outputs: OutputFile[] = [{ path: options.output, content: serializePack(pack) }];
  if (options.report !== undefined) outputs.push({ path: options.report, content: serializeReport(report) });
  try {
    await writeFilesAtomically(outputs);
  } catch (e) {
    io.err(`cannot write ${outputs.map((o) => o.path).join(' / ')}: ${fsErrorText(e)}`);
    return 2;
  }

  const dropped = report.pack?.rulesDropped.length ?? 0;
  const contradicted = new Set(report.pack?.contradictions.map((c) => c.catalogueRuleId)).size;
  const notUnderstood = report.files.reduce((n, f) => n + f.notUnderstood.length, 0);
  io.out(
    [
      `imported ${report.files.length} file(s):`,
      ...report.files.map(fileLine),
      `pack ${pack.id} ${pack.version}: ${pack.rules.length} rules (${byKind(report.pack?.rulesByKind ?? {})}), incl. ${meta.extraRules?.length ?? 0} 处方管理办法 and fixed-knowledge rules${prescribers ? `, ${prescribers} prescribers` : ''} → ${options.output}`,
      ...(dropped ? [`${dropped} rule(s) left out: their codes are covered by earlier rules of the same kind`] : []),
      ...(contradicted ? [`${contradicted} catalogue rule(s) lost codes to a 两库 batch that says otherwise (contradictions in the report)`] : []),
      `${notUnderstood} row(s) not understood${options.report !== undefined ? `; see ${options.report}` : '; add --report <file> to list them'}`,
    ].join('\n'),
  );
  return 0;
}
