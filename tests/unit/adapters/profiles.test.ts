import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { SiteProfileSchema, PROFILE_VERSION } from '../../../adapters/profile-schema';
import { BUILT_IN_PROFILES } from '../../../adapters/profiles';
import { selectProfile } from '../../../adapters/match';
import { PROFILE_DIR, profileJson } from './support';

const ids = readdirSync(PROFILE_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length));

function issuesOf(raw: unknown): string[] {
  const result = SiteProfileSchema.safeParse(raw);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('built-in site profiles', () => {
  it('ships one profile per demo page family, all listed in the index', () => {
    expect(ids.sort()).toEqual(['demo-fhir', 'demo-herbal', 'demo-inpatient', 'demo-legacy', 'demo-outpatient']);
    expect(BUILT_IN_PROFILES.map((p) => p.id).sort()).toEqual(ids);
  });

  it.each(ids)('%s validates against the current profile format', (id) => {
    const raw = profileJson(id) as { profileVersion: number; id: string };
    expect(issuesOf(raw)).toEqual([]);
    expect(raw.profileVersion).toBe(PROFILE_VERSION);
    expect(raw.id).toBe(id);
  });

  it('picks the profile for each demo page and none for the shell or the index', () => {
    const at = (path: string, inFrame = false) => selectProfile(BUILT_IN_PROFILES, { url: `http://127.0.0.1:5173${path}`, inFrame })?.id;
    expect(at('/outpatient.html')).toBe('demo-outpatient');
    expect(at('/csp.html')).toBe('demo-outpatient');
    expect(at('/hostile.html')).toBe('demo-outpatient');
    expect(at('/fhir-order.html')).toBe('demo-fhir');
    expect(at('/legacy-his.html')).toBe('demo-legacy');
    expect(at('/herbal.html')).toBe('demo-herbal');
    expect(at('/inpatient-frame.html', true)).toBe('demo-inpatient');
    expect(at('/inpatient.html')).toBeUndefined();
    expect(at('/index.html')).toBeUndefined();
    // The outpatient profile does not run inside frames.
    expect(at('/outpatient.html', true)).toBeUndefined();
    expect(selectProfile(BUILT_IN_PROFILES, { url: 'https://his.example.com/outpatient.html' })).toBeUndefined();
  });
});

describe('profile validation', () => {
  const base = profileJson('demo-fhir') as Record<string, any>;
  const edit = (change: (p: Record<string, any>) => void) => {
    const copy = structuredClone(base);
    change(copy);
    return issuesOf(copy);
  };

  it('rejects another format version', () => {
    expect(edit((p) => (p.profileVersion = 2))).toEqual(['profileVersion: Invalid input: expected 1']);
  });

  it('rejects a locator with two ways of locating or a misspelt key', () => {
    expect(edit((p) => (p.patient.sex = { css: '#g', label: 'Gender' }))).not.toEqual([]);
    expect(edit((p) => (p.patient.sex = { selector: '#g' }))).not.toEqual([]);
    expect(edit((p) => (p.orders.fields.days = { css: '.days', transfrom: ['days'] }))).not.toEqual([]);
  });

  it('rejects unknown transforms and a row field that needs a header row the profile lacks', () => {
    expect(edit((p) => (p.patient.sex.transform = ['gender']))).not.toEqual([]);
    expect(edit((p) => (p.orders.fields.spec = { column: '规格' }))).toEqual(['orders.headerRow: column locators need orders.headerRow']);
  });

  it('rejects column locators for page fields', () => {
    expect(edit((p) => (p.patient.sex = { column: '性别' }))).not.toEqual([]);
  });

  it('rejects write-back of a field it does not locate or may not write', () => {
    expect(edit((p) => (p.writeBack = ['selfPay']))).toEqual(['writeBack.0: writeBack names selfPay, which orders.fields does not locate']);
    expect(edit((p) => (p.writeBack = ['frequency']))).not.toEqual([]);
  });

  it('rejects malformed match patterns with their position', () => {
    expect(edit((p) => (p.match.urls = ['127.0.0.1/*']))).toEqual(['match.urls.0: match pattern "127.0.0.1/*" lacks "://"']);
    expect(edit((p) => (p.match.urls = ['http://127.0.0.1/*', 'http://his*.example.com/*']))).toHaveLength(1);
  });

  it('fills defaults for optional parts', () => {
    const minimal = SiteProfileSchema.parse({
      profileVersion: 1,
      id: 'minimal',
      name: '最小配置',
      match: { urls: ['*://*/*'] },
      orders: { table: 'table', rows: 'tbody tr', fields: { code: { css: 'td.code' } } },
    });
    expect(minimal).toMatchObject({ frames: false, patient: {}, encounter: {}, submit: { controls: [] }, writeBack: [] });
  });
});
