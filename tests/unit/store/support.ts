import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { RuleStoreDb } from '../../../rules/store/db';
import { serializePack } from '../../../rules/import/build-pack';
import { parsePackText } from '../../../rules/pack/load';
import type { Pack, Rule } from '../../../rules/pack/schema';

const repoRoot = path.resolve(__dirname, '../../..');

/** The built-in demo pack as the extension ships it (generated from ../shared/data). */
export const DEMO_PACK_TEXT = readFileSync(path.join(repoRoot, 'rules/packs/demo-pack.json'), 'utf8');

export function demoPack(): Pack {
  const loaded = parsePackText(DEMO_PACK_TEXT);
  if (!loaded.ok) throw new Error('the demo pack does not load');
  return loaded.pack;
}

export function demoRule(id: string): Rule {
  const rule = demoPack().rules.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id} in the demo pack`);
  return rule;
}

/**
 * A slice of the demo pack (a few rules of each kind plus the named ones), so most tests seed
 * in milliseconds; the full pack is used where size matters.
 */
export function smallPackText(ids: readonly string[] = [], perKind = 3): string {
  const pack = demoPack();
  const seen = new Map<string, number>();
  const rules = pack.rules.filter((r) => {
    if (ids.includes(r.id)) return true;
    const n = seen.get(r.kind) ?? 0;
    seen.set(r.kind, n + 1);
    return n < perKind;
  });
  return serializePack({ ...pack, rules });
}

const opened: RuleStoreDb[] = [];

/** A database of its own for each test. */
export function openTestDb(): RuleStoreDb {
  const db = new RuleStoreDb(`rules-test-${crypto.randomUUID()}`);
  opened.push(db);
  return db;
}

afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});
