import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePackText, validatePack } from '../rules/pack/load';
import type { Pack } from '../rules/pack/schema';
import { rulesFromRestrictionsCsv } from './restrictions-csv';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const DEMO_PACK = path.join(REPO_ROOT, 'rules/packs/demo-pack.json');
const EXAMPLE_PACK = path.join(REPO_ROOT, 'rules/pack/examples/v1.json');
const RESTRICTIONS_CSV = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'drug-restrictions-structured.csv');

export interface BasePack {
  pack: Pack;
  /** Where the rules came from, printed with the figures. */
  origin: string;
}

/**
 * The real rules the synthetic packs are cloned from: the built-in demo pack when it exists (checked
 * at run time: another script generates it), else the frozen example pack plus the drug catalogue's
 * structured restrictions.
 */
export function loadBasePack(): BasePack {
  let demoProblem = 'not generated yet';
  if (existsSync(DEMO_PACK)) {
    const loaded = parsePackText(readFileSync(DEMO_PACK, 'utf8'));
    if (loaded.ok && loaded.pack.rules.length > 0) {
      return { pack: loaded.pack, origin: `rules/packs/demo-pack.json (${loaded.pack.rules.length} rules)` };
    }
    demoProblem = loaded.ok ? 'has no rules' : `does not validate: ${loaded.errors[0]?.path} ${loaded.errors[0]?.message}`;
  }
  const example = JSON.parse(readFileSync(EXAMPLE_PACK, 'utf8')) as Record<string, unknown> & { rules: unknown[] };
  if (!existsSync(RESTRICTIONS_CSV)) throw new Error(`neither the demo pack nor ${RESTRICTIONS_CSV} is available`);
  const csvRules = rulesFromRestrictionsCsv(RESTRICTIONS_CSV);
  const built = validatePack({
    ...example,
    id: 'bench-base',
    description: 'Bench base: example pack v1 plus the catalogue restrictions',
    rules: [...example.rules, ...csvRules],
  });
  if (!built.ok) throw new Error(`bench base pack does not validate: ${JSON.stringify(built.errors.slice(0, 3))}`);
  return {
    pack: built.pack,
    origin: `examples/v1.json + drug-restrictions-structured.csv (${built.pack.rules.length} rules; demo pack ${demoProblem})`,
  };
}
