import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { RuleSchema, type Rule } from '../../../rules/pack/schema';
import { RuleStoreDb, type RuleOrigin } from '../../../rules/store/db';
import { planImport } from '../../../rules/store/import-merge';
import { toRuleRecord } from '../../../rules/store/records';

/**
 * A rule store written before the import bases existed (schema version 1) opens with version 2:
 * imported and built-in rules take their current content as the base, local rules get none.
 */

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

const rule = (id: string, name: string, codes: string[], severity: Rule['severity'] = 'warning'): Rule =>
  RuleSchema.parse({ id, kind: 'insurance-type', name, severity, text: '限工伤保险', basis: '国家医保局两库 第三批 药品限工伤保险', match: { codes }, params: { allowed: ['work-injury'] } });

const SCAR = rule('nhsa-r1-insurance-type-疤痕止痒软化膏', '疤痕止痒软化膏', ['ZH01AAB0066010100716']);
const CREAM = rule('nhsa-r1-insurance-type-疤痕止痒软化乳膏', '疤痕止痒软化乳膏', ['ZH01AAB0067010102021'], 'critical');
const LOCAL = rule('hosp-insurance-type-烧伤湿润膏', '烧伤湿润膏', ['ZH01AAS0001010100716']);

async function versionOneStore(rules: [Rule, RuleOrigin][]): Promise<string> {
  const name = `rules-upgrade-${crypto.randomUUID()}`;
  names.push(name);
  // Version 1 exactly as it shipped: no bases table.
  const old = new Dexie(name);
  old.version(1).stores({
    rules: 'id, kind, batch, enabled, severity, *codes, *initials, ordinal, updatedAt',
    versions: '++seq, &version, publishedAt',
    examples: 'id, name',
    meta: 'key',
  });
  const now = new Date('2026-11-20T08:00:00Z');
  await old.table('rules').bulkPut(rules.map(([r, origin], i) => toRuleRecord(r, i, origin, now)));
  old.close();
  return name;
}

describe("rule store upgrades from version 1", () => {
  it('records imported and built-in rules as their own import base on upgrade, local rules not', async () => {
    const name = await versionOneStore([[SCAR, 'baseline'], [CREAM, 'imported'], [LOCAL, 'local']]);
    const db = new RuleStoreDb(name);
    await db.open();
    expect(db.verno).toBe(4);
    expect((await db.bases.toArray()).map((b) => b.id).sort()).toEqual([SCAR.id, CREAM.id].sort());
    expect((await db.bases.get(CREAM.id))!.rule).toEqual(CREAM);
    expect(await db.rules.count()).toBe(3);

    // So the first import after the upgrade lets those rules follow a publication …
    const plan = await planImport(db, { rules: [{ ...SCAR, text: '限工伤保险（修订）' }, { ...LOCAL, severity: 'info' }] });
    expect(plan.entries.map((e) => [e.id, e.category])).toEqual([
      [SCAR.id, 'updated'],
      // … and never overwrites a local rule silently.
      [LOCAL.id, 'conflict'],
    ]);
    db.close();
  });

  it('upgrades an empty store', async () => {
    const name = await versionOneStore([]);
    const db = new RuleStoreDb(name);
    await db.open();
    expect(await db.bases.count()).toBe(0);
    db.close();
  });
});

describe('rule store upgrades from version 3 (试算用例)', () => {
  it('adds the test-case table and keeps every rule, version and saved example', async () => {
    const name = `rules-upgrade-${crypto.randomUUID()}`;
    names.push(name);
    // Version 3 exactly as it shipped: no trialCases table.
    const old = new Dexie(name);
    old.version(1).stores({ rules: 'id, kind, batch, enabled, severity, *codes, *initials, ordinal, updatedAt', versions: '++seq, &version, publishedAt', examples: 'id, name', meta: 'key' });
    old.version(2).stores({ bases: 'id' });
    old.version(3).stores({ knowledge: 'key, classSeq' });
    await old.table('rules').bulkPut([toRuleRecord(SCAR, 0, 'imported', new Date('2026-11-20T08:00:00Z'))]);
    await old.table('examples').put({ id: 'user-1', name: '本院示例', input: '{"id":"x"}', builtin: false });
    await old.table('bases').put({ id: SCAR.id, rule: SCAR });
    old.close();

    const db = new RuleStoreDb(name);
    await db.open();
    expect(db.verno).toBe(4);
    expect((await db.rules.get(SCAR.id))!.rule).toEqual(SCAR);
    expect(await db.examples.get('user-1')).toEqual({ id: 'user-1', name: '本院示例', input: '{"id":"x"}', builtin: false });
    expect(await db.bases.count()).toBe(1);
    expect(await db.trialCases.count()).toBe(0);
    db.close();
  });
});
