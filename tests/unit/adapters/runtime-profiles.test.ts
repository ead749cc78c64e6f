import { describe, expect, it } from 'vitest';
import { BUILT_IN_PROFILES } from '../../../adapters/profiles';
import { selectProfile } from '../../../adapters/match';
import type { SiteProfile } from '../../../adapters/profile-schema';
import {
  activeProfiles,
  deleteLocalProfile,
  loadRuntimeContext,
  LocalProfilesDisabledError,
  LocalProfilesUnreadableError,
  TooManyProfilesError,
  mergeProfiles,
  profilesFromDeployments,
  readLocalProfileList,
  saveLocalProfile,
  saveLocalProfileList,
  validateProfiles,
} from '../../../adapters/runtime-profiles';
import { LOCAL_DEPLOYMENT_KEY, type ManagedArea } from '../../../settings/deployment-store';
import type { SettingsArea } from '../../../settings/store';
import { demoFile } from './support';

const customRaw = (): Record<string, unknown> => JSON.parse(demoFile('custom-his.profile.json')) as Record<string, unknown>;
const custom = (): SiteProfile => structuredClone(validCustom());
function validCustom(): SiteProfile {
  const [profile] = validateProfiles([customRaw()], 'local').profiles;
  if (!profile) throw new Error('custom-his.profile.json does not validate');
  return profile;
}

function memoryArea(initial: Record<string, unknown> = {}): SettingsArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = { ...initial };
  return {
    data,
    get: async (key: string) => (key in data ? { [key]: structuredClone(data[key]) } : {}),
    set: async (items: Record<string, unknown>) => void Object.assign(data, structuredClone(items)),
  };
}
const managed = (values: Record<string, unknown>): ManagedArea => ({ get: async () => values });
const noPolicy = managed({});

const OUTPATIENT_URL = 'http://127.0.0.1:5173/outpatient.html';
const CUSTOM_URL = 'http://his.example.test/custom-his.html';

describe('validating configured profiles one by one', () => {
  it('accepts the custom HIS demo profile and reports a broken one with its zod path, without throwing', () => {
    const broken = { ...customRaw(), id: 'broken-his', orders: { table: '#rxItems', rows: 'tr', fields: {} } };
    const result = validateProfiles([customRaw(), broken], 'managed');
    expect(result.profiles.map((p) => p.id)).toEqual(['custom-his-outpatient']);
    expect(result.issues).toContainEqual({ source: 'managed', index: 1, id: 'broken-his', path: 'orders.fields.code', message: expect.any(String) });
  });

  it('reports a bad match pattern at match.urls.<n> and a column locator without headerRow', () => {
    const raw = customRaw();
    const orders = { ...(raw.orders as Record<string, unknown>) };
    delete orders.headerRow;
    const bad = { ...raw, match: { urls: ['http://his.example.test/*', 'his.example.test'] }, orders };
    const { profiles, issues } = validateProfiles([bad], 'local');
    expect(profiles).toEqual([]);
    expect(issues.map((i) => i.path).sort()).toEqual(['match.urls.1', 'orders.headerRow']);
  });

  it('keeps the first of two profiles with one id inside a source and says so', () => {
    const second = { ...customRaw(), name: '第二份' };
    const { profiles, issues } = validateProfiles([customRaw(), second], 'local');
    expect(profiles.map((p) => p.name)).toEqual(['示例县人民医院 门急诊处方']);
    expect(issues).toEqual([expect.objectContaining({ index: 1, path: 'id', id: 'custom-his-outpatient' })]);
  });

  it('reports things that are not profiles at all', () => {
    const { issues } = validateProfiles(['text', null], 'local');
    expect(issues.map((i) => [i.index, i.path])).toEqual([
      [0, ''],
      [1, ''],
    ]);
  });
});

describe('merging built-in, managed and local profiles', () => {
  it('adds configured profiles before the built-in ones, so they are tried first', () => {
    const merged = mergeProfiles({ local: [customRaw()] });
    expect(merged.entries.map((e) => [e.profile.id, e.source])).toEqual([
      ['custom-his-outpatient', 'local'],
      ...BUILT_IN_PROFILES.map((p) => [p.id, 'built-in']),
    ]);
    expect(selectProfile(activeProfiles(merged), { url: CUSTOM_URL })?.id).toBe('custom-his-outpatient');
    // Without the local profile nothing reaches the custom page.
    expect(selectProfile(BUILT_IN_PROFILES, { url: CUSTOM_URL })).toBeUndefined();
  });

  it('lets a managed profile replace a built-in one with the same id', () => {
    const builtIn = BUILT_IN_PROFILES.find((p) => p.id === 'demo-outpatient')!;
    const replacement = { ...structuredClone(builtIn), name: '医院改写的门诊处方' };
    const merged = mergeProfiles({ managed: [replacement] });
    const entries = merged.entries.filter((e) => e.profile.id === 'demo-outpatient');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ source: 'managed', replaces: ['built-in'] });
    expect(selectProfile(activeProfiles(merged), { url: OUTPATIENT_URL })?.name).toBe('医院改写的门诊处方');
  });

  it('prefers managed over local for one id, and local over built-in', () => {
    const local = { ...customRaw(), name: '本地版本' };
    const pinned = { ...customRaw(), name: '医院版本' };
    const localOutpatient = { ...structuredClone(BUILT_IN_PROFILES[0]!), name: '本地门诊' };
    const merged = mergeProfiles({ managed: [pinned], local: [local, localOutpatient] });
    const byId = new Map(merged.entries.map((e) => [e.profile.id, e]));
    expect(byId.get('custom-his-outpatient')).toMatchObject({ source: 'managed', replaces: ['local'], profile: { name: '医院版本' } });
    expect(byId.get(BUILT_IN_PROFILES[0]!.id)).toMatchObject({ source: 'local', replaces: ['built-in'], profile: { name: '本地门诊' } });
    expect(merged.entries).toHaveLength(BUILT_IN_PROFILES.length + 1);
  });

  it('ignores local profiles when policy forbids them, and reports nothing about them', () => {
    const merged = mergeProfiles({ local: [customRaw(), { broken: true }], localAllowed: false });
    expect(merged.localAllowed).toBe(false);
    expect(merged.entries.every((e) => e.source === 'built-in')).toBe(true);
    expect(merged.issues).toEqual([]);
  });

  it('keeps the good profiles when another one of the same source is broken', () => {
    const merged = mergeProfiles({ managed: [{ ...customRaw(), writeBack: ['price'] }, customRaw()] });
    expect(merged.entries[0]).toMatchObject({ source: 'managed', profile: { id: 'custom-his-outpatient' } });
    expect(merged.issues).toEqual([expect.objectContaining({ source: 'managed', index: 0, path: 'writeBack.0' })]);
  });
});

describe('profiles from the two deployment layers', () => {
  it('adds managed and local lists up rather than letting managed replace local', () => {
    const other = { ...customRaw(), id: 'other-his', match: { urls: ['https://emr.example.org/*'] } };
    const result = profilesFromDeployments({ siteProfiles: [customRaw()] }, { siteProfiles: JSON.stringify([other]) });
    expect(result.entries.slice(0, 2).map((e) => [e.profile.id, e.source])).toEqual([
      ['other-his', 'managed'],
      ['custom-his-outpatient', 'local'],
    ]);
  });

  it('reads policy.allowLocalProfiles from either layer, managed winning', () => {
    expect(profilesFromDeployments({ siteProfiles: [customRaw()] }, { policy: { allowLocalProfiles: false } }).localAllowed).toBe(false);
    expect(profilesFromDeployments({ siteProfiles: [customRaw()], policy: { allowLocalProfiles: false } }, {}).localAllowed).toBe(false);
    expect(profilesFromDeployments({ policy: { allowLocalProfiles: false } }, { policy: { allowLocalProfiles: true } }).localAllowed).toBe(true);
  });

  it('reports a managed JSON text that does not parse, and still runs the built-in profiles', () => {
    const result = profilesFromDeployments({}, { siteProfiles: '[{"profileVersion": 1,' });
    expect(result.issues).toEqual([expect.objectContaining({ source: 'managed', path: '', message: expect.stringContaining('not valid JSON') })]);
    expect(result.entries.map((e) => e.profile.id)).toEqual(BUILT_IN_PROFILES.map((p) => p.id));
  });

  it('loads both layers from storage with the effective deployment beside them', async () => {
    const local = memoryArea({ [LOCAL_DEPLOYMENT_KEY]: { institutionLevel: 2, siteProfiles: [customRaw()] } });
    const context = await loadRuntimeContext(local, managed({ institutionLevel: 3 }));
    expect(context.deployment.value.institutionLevel).toBe(3);
    expect(context.profiles.entries[0]?.profile.id).toBe('custom-his-outpatient');
  });
});

describe('saving local profiles', () => {
  it('adds a profile, then replaces it by id (upsert) without touching other deployment fields', async () => {
    const area = memoryArea({ [LOCAL_DEPLOYMENT_KEY]: { hospitalName: '示例县人民医院' } });
    await saveLocalProfile(custom(), area, noPolicy);
    const renamed = { ...custom(), name: '改名后的配置' };
    const result = await saveLocalProfile(renamed, area, noPolicy);
    const stored = area.data[LOCAL_DEPLOYMENT_KEY] as { hospitalName: string; siteProfiles: SiteProfile[] };
    expect(stored.hospitalName).toBe('示例县人民医院');
    expect(stored.siteProfiles.map((p) => p.name)).toEqual(['改名后的配置']);
    expect(result.entries[0]).toMatchObject({ source: 'local', profile: { name: '改名后的配置' } });
  });

  it('saves local profiles even when managed storage sets siteProfiles (the lists add up)', async () => {
    const area = memoryArea();
    const other = { ...customRaw(), id: 'hospital-his' };
    const result = await saveLocalProfile(custom(), area, managed({ siteProfiles: [other] }));
    expect(result.entries.slice(0, 2).map((e) => e.source)).toEqual(['managed', 'local']);
  });

  it('refuses when policy forbids local profiles, and writes nothing', async () => {
    const area = memoryArea();
    await expect(saveLocalProfile(custom(), area, managed({ policy: { allowLocalProfiles: false } }))).rejects.toBeInstanceOf(LocalProfilesDisabledError);
    expect(area.data).toEqual({});
  });

  it('refuses an invalid profile', async () => {
    const area = memoryArea();
    const broken = { ...custom(), id: 'Not An Id' } as SiteProfile;
    await expect(saveLocalProfile(broken, area, noPolicy)).rejects.toThrow();
    expect(area.data).toEqual({});
  });

  it('keeps invalid stored entries (so they can be fixed) and deletes by id', async () => {
    const area = memoryArea({ [LOCAL_DEPLOYMENT_KEY]: { siteProfiles: [{ id: 'half-done', name: '未完成' }] } });
    await saveLocalProfile(custom(), area, noPolicy);
    expect((await readLocalProfileList(area)).map((p) => (p as { id: string }).id)).toEqual(['half-done', 'custom-his-outpatient']);
    await deleteLocalProfile('half-done', area, noPolicy);
    expect((await readLocalProfileList(area)).map((p) => (p as { id: string }).id)).toEqual(['custom-his-outpatient']);
    await saveLocalProfileList([], area, noPolicy);
    expect(await readLocalProfileList(area)).toEqual([]);
  });

  it('refuses a list the deployment cannot hold instead of dropping every profile', async () => {
    const area = memoryArea({ [LOCAL_DEPLOYMENT_KEY]: { siteProfiles: [customRaw()] } });
    const many = Array.from({ length: 101 }, (_, i) => ({ ...customRaw(), id: `his-${i}` }));
    await expect(saveLocalProfileList(many, area, noPolicy)).rejects.toBeInstanceOf(TooManyProfilesError);
    expect(await readLocalProfileList(area)).toEqual([customRaw()]);
    await saveLocalProfileList(many.slice(0, 100), area, noPolicy);
    expect(await readLocalProfileList(area)).toHaveLength(100);
  });

  it('will not overwrite a stored JSON text it cannot read', async () => {
    const area = memoryArea({ [LOCAL_DEPLOYMENT_KEY]: { siteProfiles: '[{' } });
    await expect(saveLocalProfile(custom(), area, noPolicy)).rejects.toBeInstanceOf(LocalProfilesUnreadableError);
    expect((area.data[LOCAL_DEPLOYMENT_KEY] as { siteProfiles: string }).siteProfiles).toBe('[{');
  });
});
