import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { serializePack } from '../../../rules/import/build-pack';
import { defaultPackSettings } from '../../../rules/pack/settings';
import type { Pack } from '../../../rules/pack/schema';
import type { PrescriberPrivilege } from '../../../rules/pack/prescribers';
import { startRuleStore } from '../../../rules/store/start';
import { applyImportPlan, planImport } from '../../../rules/store/import-merge';
import { readHead, workingPack } from '../../../rules/store/working-set';
import { openTestDb } from './support';

/**
 * A 医师处方权 list imported in the options page: the preview counts what changes, and merging
 * replaces the working set's list whole (a doctor not on the new list is no longer judged by an
 * old grant), leaving the rules alone.
 */

const OLD: PrescriberPrivilege[] = [
  { id: '1024', antibioticLevel: 'unrestricted' },
  { id: '1031', antibioticLevel: 'unrestricted' },
  { id: '9999', antibioticLevel: 'special', name: '已调离' },
];
const PACK: Pack = {
  schemaVersion: 1, id: 'test-hospital', version: '2026.11.1', publisher: { name: '示例医院医保办' },
  sources: [], settings: { ...defaultPackSettings(), prescribers: OLD }, rules: [],
};

async function seeded() {
  const db = openTestDb();
  expect(await startRuleStore(db, serializePack(PACK))).toEqual({ ok: true, started: true });
  return db;
}

describe('importing a 医师处方权 list into the working set', () => {
  it('previews added, changed and no longer listed doctors, then replaces the list whole', async () => {
    const db = await seeded();
    const fresh: PrescriberPrivilege[] = [
      { id: '1024', antibioticLevel: 'unrestricted' },
      { id: '1031', antibioticLevel: 'restricted' },
      { id: '2048', antibioticLevel: 'special', narcoticPrivilege: true },
    ];
    const plan = await planImport(db, { rules: [], prescribers: fresh });
    expect(plan.prescribers?.change).toEqual({ total: 3, added: 1, changed: 1, removed: 1 });
    // Planning writes nothing.
    expect((await readHead(db)).settings.prescribers).toEqual(OLD);

    const applied = await applyImportPlan(db, plan);
    expect(applied.prescribers).toBe(3);
    expect((await readHead(db)).settings.prescribers).toEqual(fresh);
    expect((await workingPack(db, '2026.11.2')).settings.prescribers).toEqual(fresh);
  });

  it('leaves the list alone when the import read none', async () => {
    const db = await seeded();
    const plan = await planImport(db, { rules: [] });
    expect(plan.prescribers).toBeUndefined();
    await applyImportPlan(db, plan);
    expect((await readHead(db)).settings.prescribers).toEqual(OLD);
    const empty = await planImport(db, { rules: [], prescribers: [] });
    expect(empty.prescribers).toBeUndefined();
  });
});
