import { describe, expect, it } from 'vitest';
import { deploymentProfiles, mergeDeployment, parseDeployment } from '../../../settings/deployment';
import { applyPolicy, loadDeployment, LockedFieldError, saveLocalDeployment, type ManagedArea } from '../../../settings/deployment-store';
import { DEFAULT_SETTINGS } from '../../../settings/schema';
import type { SettingsArea } from '../../../settings/store';

function memoryArea(initial: Record<string, unknown> = {}): SettingsArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = { ...initial };
  return {
    data,
    get: async (key: string) => (key in data ? { [key]: data[key] } : {}),
    set: async (items: Record<string, unknown>) => void Object.assign(data, items),
  };
}

const managed = (values: Record<string, unknown>): ManagedArea => ({ get: async () => values });
const KEY = { keyId: '0123456789abcdef', publicKey: 'MCowBQYDK2VwAyEA' };

describe('deployment configuration', () => {
  it('keeps good fields and drops bad ones one by one', () => {
    const d = parseDeployment({ hospitalName: '市第一人民医院', institutionLevel: 7, packUpdateUrl: 'ftp://x/pack.json', hubUrl: 'https://hub.example/', packUpdateIntervalMinutes: 2 });
    expect(d).toEqual({ hospitalName: '市第一人民医院', hubUrl: 'https://hub.example/' });
    expect(parseDeployment('garbage')).toEqual({});
    expect(parseDeployment(['x'])).toEqual({});
  });

  it('lets managed values win field by field and marks them locked', () => {
    const eff = mergeDeployment(
      { hospitalName: '本地名', hubUrl: 'http://local.example/', policy: { silent: true, warningBlocksSubmit: false } },
      { hubUrl: 'https://hub.example/', policy: { silent: false } },
    );
    expect(eff.value.hubUrl).toBe('https://hub.example/');
    expect(eff.value.hospitalName).toBe('本地名');
    expect(eff.value.policy).toEqual({ silent: false, warningBlocksSubmit: false });
    expect([...eff.locked]).toEqual(['hubUrl']);
    expect([...eff.lockedPolicy]).toEqual(['silent']);
  });

  it('refuses to save a locked field and changes nothing', async () => {
    const local = memoryArea();
    const policy = managed({ packUpdateUrl: 'https://packs.example/latest.json', policy: { silent: true } });
    await saveLocalDeployment({ hospitalName: '甲医院', trustedKeys: [KEY] }, local, policy);
    const before = JSON.stringify(local.data);
    await expect(saveLocalDeployment({ packUpdateUrl: 'https://evil.example/p.json' }, local, policy)).rejects.toBeInstanceOf(LockedFieldError);
    await expect(saveLocalDeployment({ policy: { silent: false } }, local, policy)).rejects.toThrow(/policy\.silent/);
    expect(JSON.stringify(local.data)).toBe(before);
    const eff = await loadDeployment(local, policy);
    expect(eff.value).toMatchObject({ hospitalName: '甲医院', packUpdateUrl: 'https://packs.example/latest.json', trustedKeys: [KEY] });
  });

  it('treats a browser without managed storage, or one that throws, as no policy', async () => {
    const throwing: ManagedArea = { get: () => Promise.reject(new Error('Managed storage manifest not found')) };
    expect((await loadDeployment(memoryArea(), throwing)).locked.size).toBe(0);
    expect((await loadDeployment(memoryArea(), undefined)).value).toEqual({});
  });

  it('reads site profiles given as an array or as JSON text, and says when the text is broken', () => {
    expect(deploymentProfiles({ siteProfiles: [{ id: 'a' }] }).profiles).toHaveLength(1);
    expect(deploymentProfiles({ siteProfiles: '[{"id":"a"},{"id":"b"}]' }).profiles).toHaveLength(2);
    const broken = deploymentProfiles({ siteProfiles: '[{"id":' });
    expect(broken.profiles).toEqual([]);
    expect(broken.error).toMatch(/not valid JSON/);
  });

  it('applies pinned policy toggles over the doctor’s settings', () => {
    const s = applyPolicy({ ...DEFAULT_SETTINGS, kindModes: { quantity: 'passive' } }, { policy: { silent: true, kindModes: { sex: 'passive' } } });
    expect(s.silent).toBe(true);
    expect(s.kindModes).toEqual({ quantity: 'passive', sex: 'passive' });
    expect(applyPolicy(DEFAULT_SETTINGS, {})).toEqual(DEFAULT_SETTINGS);
  });
});
