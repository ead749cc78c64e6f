import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startRuleStore, BASELINE_CHANGELOG } from '../../../rules/store/start';
import { VersionImmutableError } from '../../../rules/store/db';
import {
  getVersion, listVersions, packOfVersion, publish, rollbackTo, suggestNextVersion,
} from '../../../rules/store/versions';
import { saveRule, setRuleEnabled, workingRules } from '../../../rules/store/working-set';
import { diffPacks } from '../../../rules/pack/diff';
import { parsePackText } from '../../../rules/pack/load';
import { DEMO_PACK_TEXT, demoPack, openTestDb, smallPackText } from './support';

const APALUTAMIDE_SEX = 'nhsa-r67-sex-阿帕他胺片';
const BUTYLPHTHALIDE_COURSE = 'cat-course-丁苯酞软胶囊';

async function startedDb(ids: string[] = [APALUTAMIDE_SEX, BUTYLPHTHALIDE_COURSE]) {
  const db = openTestDb();
  const started = await startRuleStore(db, smallPackText(ids));
  expect(started).toEqual({ ok: true, started: true });
  return db;
}

async function editSeverity(db: ReturnType<typeof openTestDb>, id: string, severity: 'info' | 'warning' | 'critical') {
  const rule = (await db.rules.get(id))!.rule;
  const saved = await saveRule(db, { ...rule, severity }, { mode: 'update' });
  expect(saved.ok).toBe(true);
}

describe('starting the rule store', () => {
  it('copies the built-in pack into the working set and records it as the baseline version', async () => {
    const db = openTestDb();
    expect(await startRuleStore(db, DEMO_PACK_TEXT)).toEqual({ ok: true, started: true });
    const pack = demoPack();
    expect(await db.rules.count()).toBe(pack.rules.length);
    expect((await workingRules(db)).map((r) => r.id)).toEqual(pack.rules.map((r) => r.id));
    const versions = await listVersions(db);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: pack.version, packId: pack.id, origin: 'baseline', changelog: BASELINE_CHANGELOG, ruleCount: pack.rules.length });
    // Opening the page again keeps the 医保办's edits.
    await setRuleEnabled(db, APALUTAMIDE_SEX, false);
    expect(await startRuleStore(db, DEMO_PACK_TEXT)).toEqual({ ok: true, started: false });
    expect((await db.rules.get(APALUTAMIDE_SEX))!.enabled).toBe(0);
  }, 60_000);

  it('starts empty when the build ships no pack, and refuses a broken one', async () => {
    const empty = openTestDb();
    expect(await startRuleStore(empty, undefined)).toEqual({ ok: true, started: true });
    expect(await empty.rules.count()).toBe(0);
    expect(await listVersions(empty)).toEqual([]);

    const broken = openTestDb();
    const result = await startRuleStore(broken, DEMO_PACK_TEXT.replace('"version":"2026.11.1"', '"version":"latest"'));
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.errors[0]!.path).toBe('version');
    expect(await broken.rules.count()).toBe(0);
  });
});

describe('publishing', () => {
  it('freezes the working set: later edits do not change a published version', async () => {
    const db = await startedDb();
    await editSeverity(db, APALUTAMIDE_SEX, 'warning');
    const published = await publish(db, { version: '2026.11.2', changelog: '阿帕他胺片 限性别 改为严重' });
    expect(published.ok).toBe(true);
    if (!published.ok) return;
    const frozenText = published.record.packJson;
    expect(published.record.hash).toBe(`sha256:${createHash('sha256').update(frozenText).digest('hex')}`);

    await editSeverity(db, APALUTAMIDE_SEX, 'info');
    const stored = (await getVersion(db, '2026.11.2'))!;
    expect(stored.packJson).toBe(frozenText);
    expect(packOfVersion(stored).rules.find((r) => r.id === APALUTAMIDE_SEX)!.severity).toBe('warning');

    // Nothing in the app can rewrite or delete it, not even through the table directly.
    await expect(db.versions.update(stored.seq!, { changelog: '改写' })).rejects.toBeInstanceOf(VersionImmutableError);
    await expect(db.versions.put({ ...stored, packJson: '{}' })).rejects.toBeInstanceOf(VersionImmutableError);
    await expect(db.versions.delete(stored.seq!)).rejects.toBeInstanceOf(VersionImmutableError);
    expect((await getVersion(db, '2026.11.2'))!.packJson).toBe(frozenText);
  });

  it('exports a pack the loader accepts, with the version and time of publishing', async () => {
    const db = await startedDb();
    const now = new Date('2026-11-25T08:30:00Z');
    const published = await publish(db, { version: '2026.11.2', changelog: '首次发布', now });
    if (!published.ok) throw new Error('publish failed');
    const loaded = parsePackText(published.record.packJson);
    expect(loaded.ok && loaded.pack).toMatchObject({ version: '2026.11.2', publishedAt: '2026-11-25T08:30:00.000Z', id: 'demo-nhsa-2026' });
  });

  it('requires a changelog and a well-formed version', async () => {
    const db = await startedDb();
    const result = await publish(db, { version: 'v2', changelog: '   ' });
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.errors.map((e) => e.path).sort()).toEqual(['changelog', 'version']);
    expect(await listVersions(db)).toHaveLength(1);
  });

  it('orders versions by number, not as text, and only moves forward', async () => {
    const db = await startedDb();
    expect((await publish(db, { version: '2026.11.2', changelog: '二' })).ok).toBe(true);
    expect((await publish(db, { version: '2026.11.10', changelog: '十' })).ok).toBe(true);
    // "2026.11.9" sorts after "2026.11.10" as text, but is a lower version.
    const lower = await publish(db, { version: '2026.11.9', changelog: '九' });
    expect(lower.ok === false && lower.errors[0]).toMatchObject({ path: 'version' });
    const same = await publish(db, { version: '2026.11.10', changelog: '重复' });
    expect(same.ok).toBe(false);
    expect((await listVersions(db)).map((v) => v.version)).toEqual(['2026.11.10', '2026.11.2', '2026.11.1']);
  });

  it('suggests the next dotted version', () => {
    expect(suggestNextVersion('2026.11.1')).toBe('2026.11.2');
    expect(suggestNextVersion('2026.11.9')).toBe('2026.11.10');
    expect(suggestNextVersion('3')).toBe('4');
    expect(suggestNextVersion(undefined, new Date(2026, 10, 25))).toBe('2026.11.1');
  });
});

describe('rollback', () => {
  it('restores an old version as a new, higher version and makes it the working set', async () => {
    const db = await startedDb();
    const baseline = (await listVersions(db))[0]!;
    await editSeverity(db, APALUTAMIDE_SEX, 'warning');
    await setRuleEnabled(db, BUTYLPHTHALIDE_COURSE, false);
    expect((await publish(db, { version: '2026.11.2', changelog: '调整' })).ok).toBe(true);
    const untouched = (await db.rules.orderBy('ordinal').first())!;

    const result = await rollbackTo(db, { to: baseline.version, reason: '新规则误报较多', now: new Date('2026-11-26T01:00:00Z') });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.record).toMatchObject({ version: '2026.11.3', origin: 'rollback', rolledBackFrom: '2026.11.1', changelog: '回滚到 2026.11.1：新规则误报较多' });
    expect((await listVersions(db)).map((v) => v.version)).toEqual(['2026.11.3', '2026.11.2', '2026.11.1']);

    // Same rules as the baseline, under the new version number.
    const diff = diffPacks(packOfVersion(baseline), packOfVersion(result.record));
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([]);
    expect(diff.meta.fields.map((f) => f.path).sort()).toEqual(['publishedAt', 'version']);

    const working = await workingRules(db);
    expect(working.find((r) => r.id === APALUTAMIDE_SEX)!.severity).toBe('critical');
    // Only the two restored rules were rewritten.
    expect((await db.rules.get(untouched.id))!.updatedAt).toBe(untouched.updatedAt);
    expect((await db.rules.where('updatedAt').above(untouched.updatedAt).primaryKeys()).sort()).toEqual([APALUTAMIDE_SEX, BUTYLPHTHALIDE_COURSE].sort());
    expect(working.find((r) => r.id === BUTYLPHTHALIDE_COURSE)!.enabled).toBe(true);
  });

  it('needs a reason and a known version, and changes nothing otherwise', async () => {
    const db = await startedDb();
    await editSeverity(db, APALUTAMIDE_SEX, 'warning');
    const noReason = await rollbackTo(db, { to: '2026.11.1', reason: ' ' });
    expect(noReason.ok === false && noReason.errors[0]!.path).toBe('reason');
    const unknown = await rollbackTo(db, { to: '2025.1.1', reason: '误报' });
    expect(unknown.ok === false && unknown.errors[0]!.path).toBe('to');
    expect((await db.rules.get(APALUTAMIDE_SEX))!.rule.severity).toBe('warning');
    expect(await listVersions(db)).toHaveLength(1);
  });
});

describe('diff between published versions', () => {
  it('shows a severity edit field by field and a new local rule as added', async () => {
    const db = await startedDb();
    await editSeverity(db, APALUTAMIDE_SEX, 'warning');
    const local = {
      id: 'local-course-丁苯酞',
      kind: 'course',
      name: '丁苯酞软胶囊（本院）',
      match: { prefixes: ['XN07XXD130E0'] },
      params: { maxDays: 14 },
    };
    expect((await saveRule(db, local, { mode: 'create' })).ok).toBe(true);
    const v2 = await publish(db, { version: '2026.11.2', changelog: '本院疗程' });
    if (!v2.ok) throw new Error('publish failed');
    const diff = diffPacks(packOfVersion((await getVersion(db, '2026.11.1'))!), packOfVersion(v2.record));
    expect(diff.added.map((r) => r.id)).toEqual(['local-course-丁苯酞']);
    expect(diff.changed).toEqual([
      { id: APALUTAMIDE_SEX, kind: 'sex', name: '阿帕他胺片', fields: [{ path: 'severity', type: 'value', before: 'critical', after: 'warning' }] },
    ]);
  });
});
