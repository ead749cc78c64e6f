import { parsePackText, type FieldError } from '../pack/load';
import type { RuleStoreDb } from './db';
import { seedExamples, type ExampleSeed } from './examples';
import { recordBaseline } from './versions';
import { emptyHead, hasWorkingSet, replaceWorkingSet, writeHead } from './working-set';

export type StartResult =
  /** `started`: this call created the working set (first opening of the options page). */
  | { ok: true; started: boolean }
  | { ok: false; errors: FieldError[] };

/** Changelog of the baseline version: the pack the workstations already run. */
export const BASELINE_CHANGELOG = '初始版本：扩展内置规则包（工作站当前使用）';

/**
 * Prepares the store the first time the options page opens: the working set starts as a copy of
 * the pack the extension ships, recorded as the baseline version so the first publish can be
 * compared with what workstations run today; with no built-in pack it starts empty. Saved 试算
 * examples are added when missing. Later openings change nothing.
 */
export async function startRuleStore(
  db: RuleStoreDb,
  /** The built-in pack's text, or a function that fetches it (called only when it is needed). */
  baseline: string | undefined | (() => Promise<string | undefined>),
  examples: readonly ExampleSeed[] = [],
): Promise<StartResult> {
  await seedExamples(db, examples);
  if (await hasWorkingSet(db)) return { ok: true, started: false };
  const baselineText = typeof baseline === 'function' ? await baseline() : baseline;
  if (baselineText === undefined) {
    await writeHead(db, emptyHead());
    return { ok: true, started: true };
  }
  const loaded = parsePackText(baselineText);
  if (!loaded.ok) return loaded;
  await replaceWorkingSet(db, loaded.pack, 'baseline', { asImportBase: true });
  const recorded = await recordBaseline(db, loaded.pack, BASELINE_CHANGELOG);
  // An existing version of that number (a store kept across a reinstall) is fine: keep the old one.
  return recorded.ok || recorded.errors.every((e) => e.path === 'version') ? { ok: true, started: true } : recorded;
}
