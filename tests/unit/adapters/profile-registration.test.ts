import { describe, expect, it } from 'vitest';
import { BUILT_IN_PROFILES } from '../../../adapters/profiles';
import {
  createSyncQueue,
  manifestScript,
  patternCovers,
  planRegistration,
  RUNTIME_SCRIPT_ID,
  syncProfileScripts,
  uncoveredPatterns,
  type ManifestScript,
  type ProfileScript,
  type RegisteredScript,
  type ScriptingApi,
} from '../../../adapters/profile-registration';
import { contentScriptMatches } from '../../../entrypoints/content/page-match';

/** The built manifest's content script, as WXT writes it (see .output/chrome-mv3/manifest.json). */
const MANIFEST = {
  content_scripts: [{ matches: contentScriptMatches(), all_frames: true, run_at: 'document_start', js: ['content-scripts/content.js'] }],
};
const files = manifestScript(MANIFEST)!;

const withUrls = (...urls: string[]) => ({ match: { urls } });

/** A browser.scripting that keeps its registrations in memory and can be told to fail. */
class FakeScripting implements ScriptingApi {
  scripts = new Map<string, RegisteredScript>();
  calls: string[] = [];
  failNext: string | undefined;

  private maybeFail(call: string): void {
    this.calls.push(call);
    if (this.failNext === call) {
      this.failNext = undefined;
      throw new Error(`Invalid url pattern (${call})`);
    }
  }
  async getRegisteredContentScripts(filter?: { ids?: string[] }) {
    return [...this.scripts.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id)).map((s) => structuredClone(s));
  }
  async registerContentScripts(scripts: ProfileScript[]) {
    this.maybeFail('register');
    for (const s of scripts) {
      if (this.scripts.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
    }
    for (const s of scripts) this.scripts.set(s.id, structuredClone(s));
  }
  async updateContentScripts(scripts: ProfileScript[]) {
    this.maybeFail('update');
    for (const s of scripts) this.scripts.set(s.id, { ...this.scripts.get(s.id)!, ...structuredClone(s) });
  }
  async unregisterContentScripts(filter?: { ids?: string[] }) {
    this.maybeFail('unregister');
    for (const id of filter?.ids ?? [...this.scripts.keys()]) this.scripts.delete(id);
  }
}

const quiet = { log: () => undefined };
const sync = (scripting: FakeScripting, profiles: Array<{ match: { urls: string[] } }>, manifest: ManifestScript = files) =>
  syncProfileScripts(profiles, { scripting, manifest, ...quiet });

describe('which patterns the manifest already covers', () => {
  it('treats host, scheme, port and path wildcards as covering narrower patterns', () => {
    expect(patternCovers('http://127.0.0.1/*', 'http://127.0.0.1:8080/his/*')).toBe(true);
    expect(patternCovers('*://*.example.org/*', 'https://emr.example.org/app/*')).toBe(true);
    expect(patternCovers('*://*.example.org/*', 'http://example.org/*')).toBe(true);
    expect(patternCovers('http://*/*', 'http://*.hospital.cn/*')).toBe(true);
    expect(patternCovers('http://his.example.org/app/*', 'http://his.example.org/app/order*')).toBe(true);
  });

  it('does not treat different or wider patterns as covered', () => {
    expect(patternCovers('http://127.0.0.1/*', 'https://127.0.0.1/*')).toBe(false);
    expect(patternCovers('http://127.0.0.1:8080/*', 'http://127.0.0.1/*')).toBe(false);
    expect(patternCovers('http://localhost/*', 'http://his.example.test/*')).toBe(false);
    expect(patternCovers('http://*.example.org/*', 'http://example.com/*')).toBe(false);
    expect(patternCovers('http://his.example.org/app/*', 'http://his.example.org/*')).toBe(false);
    expect(patternCovers('http://h/a?c', 'http://h/a*c')).toBe(false);
    expect(patternCovers('not a pattern', 'http://h/*')).toBe(false);
  });

  it('lists only the patterns no manifest pattern reaches, once each and sorted', () => {
    const profiles = [
      ...BUILT_IN_PROFILES,
      withUrls('http://his.example.test/*', 'http://127.0.0.1:9000/his/*'),
      withUrls('https://emr.example.org/*', 'http://his.example.test/*', 'garbage'),
    ];
    expect(uncoveredPatterns(profiles, files.matches)).toEqual(['http://his.example.test/*', 'https://emr.example.org/*']);
    expect(uncoveredPatterns(BUILT_IN_PROFILES, files.matches)).toEqual([]);
  });
});

describe('planning the registration', () => {
  const desired: ProfileScript = {
    id: RUNTIME_SCRIPT_ID,
    matches: ['http://a.test/*', 'http://b.test/*'],
    js: ['content-scripts/content.js'],
    allFrames: true,
    runAt: 'document_start',
    persistAcrossSessions: true,
  };

  it('registers, updates, keeps or unregisters', () => {
    expect(planRegistration(undefined, undefined)).toEqual({ kind: 'keep' });
    expect(planRegistration(undefined, desired)).toEqual({ kind: 'register', script: desired });
    expect(planRegistration({ ...desired, matches: ['http://b.test/*', 'http://a.test/*'] }, desired)).toEqual({ kind: 'keep' });
    expect(planRegistration({ ...desired, matches: ['http://a.test/*'] }, desired)).toEqual({ kind: 'update', script: desired });
    expect(planRegistration({ ...desired, runAt: 'document_idle' }, desired).kind).toBe('update');
    expect(planRegistration({ ...desired, js: ['content-scripts/old.js'] }, desired).kind).toBe('update');
    expect(planRegistration({ id: RUNTIME_SCRIPT_ID }, undefined)).toEqual({ kind: 'unregister' });
  });
});

describe('syncing with the browser', () => {
  it('registers the manifest files for the new patterns, at document_start in every frame, persisted', async () => {
    const scripting = new FakeScripting();
    const outcome = await sync(scripting, [...BUILT_IN_PROFILES, withUrls('http://his.example.test/*')]);
    expect(outcome).toEqual({ ok: true, plan: 'register', matches: ['http://his.example.test/*'] });
    expect(scripting.scripts.get(RUNTIME_SCRIPT_ID)).toEqual({
      id: RUNTIME_SCRIPT_ID,
      matches: ['http://his.example.test/*'],
      js: ['content-scripts/content.js'],
      allFrames: true,
      runAt: 'document_start',
      persistAcrossSessions: true,
    });
  });

  it('changes nothing when the same profiles come again (a service-worker restart)', async () => {
    const scripting = new FakeScripting();
    const profiles = [withUrls('http://his.example.test/*')];
    await sync(scripting, profiles);
    scripting.calls = [];
    expect(await sync(scripting, profiles)).toMatchObject({ ok: true, plan: 'keep' });
    expect(scripting.calls).toEqual([]);
  });

  it('updates the patterns when profiles change, and unregisters when none is left outside the manifest', async () => {
    const scripting = new FakeScripting();
    await sync(scripting, [withUrls('http://his.example.test/*')]);
    await sync(scripting, [withUrls('http://his.example.test/*', 'https://emr.example.org/*')]);
    expect(scripting.scripts.get(RUNTIME_SCRIPT_ID)?.matches).toEqual(['http://his.example.test/*', 'https://emr.example.org/*']);
    expect(await sync(scripting, [...BUILT_IN_PROFILES])).toMatchObject({ ok: true, plan: 'unregister' });
    expect(scripting.scripts.size).toBe(0);
    expect(scripting.calls).toEqual(['register', 'update', 'unregister']);
  });

  it('leaves the previous registration when the browser refuses the new one, and reports it', async () => {
    const scripting = new FakeScripting();
    const logged: string[] = [];
    await sync(scripting, [withUrls('http://his.example.test/*')]);
    scripting.failNext = 'update';
    const outcome = await syncProfileScripts([withUrls('http://his.example.test/*', 'https://emr.example.org/*')], {
      scripting,
      manifest: files,
      log: (message) => logged.push(message),
    });
    expect(outcome).toEqual({ ok: false, error: 'Invalid url pattern (update)' });
    expect(logged).toHaveLength(1);
    expect(scripting.scripts.get(RUNTIME_SCRIPT_ID)?.matches).toEqual(['http://his.example.test/*']);
  });

  it('does not register anything for profiles the manifest covers', async () => {
    const scripting = new FakeScripting();
    expect(await sync(scripting, [withUrls('http://127.0.0.1/custom/*')])).toEqual({ ok: true, plan: 'keep', matches: [] });
    expect(scripting.calls).toEqual([]);
  });
});

describe('the sync queue', () => {
  it('never overlaps two syncs and runs once more for changes that came during a sync', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const release: Array<() => void> = [];
    const queue = createSyncQueue(async () => {
      running += 1;
      runs += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise<void>((resolve) => release.push(resolve));
      running -= 1;
    });
    const first = queue();
    const second = queue();
    const third = queue();
    expect(second).toBe(first);
    expect(third).toBe(first);
    release.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    release.shift()!();
    await first;
    expect(runs).toBe(2);
    expect(maxRunning).toBe(1);
  });
});

describe('reading the manifest', () => {
  it('takes the content script with js, and has nothing without one', () => {
    expect(files).toEqual({ matches: ['http://127.0.0.1/*', 'http://localhost/*'], js: ['content-scripts/content.js'], css: [] });
    expect(manifestScript({})).toBeUndefined();
    expect(manifestScript({ content_scripts: [{ matches: ['http://x/*'], css: ['a.css'] }] })).toBeUndefined();
  });
});
