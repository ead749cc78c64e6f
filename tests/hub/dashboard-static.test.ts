import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { DASHBOARD_CSP, DASHBOARD_DIST, dashboardStatic, staticType } from '../../hub/src/http/static';
import { OPEN_TIMEOUT_MS } from './support/db';
import { startTestHub, type TestHub } from './support/hub';

/** The dashboard's files at `/`: right types, strict CSP, nothing outside the folder, never over /api/. */
describe('dashboard static files', () => {
  let root: string;
  let dir: string;
  let app: Hono;

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'pf-dashboard-'));
    dir = path.join(root, 'dist');
    mkdirSync(path.join(dir, 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>医保审核看板</title><script type="module" src="/assets/index-abc.js"></script>');
    writeFileSync(path.join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'assets', 'index-abc.css'), 'body{}');
    writeFileSync(path.join(dir, '.sources.json'), '{"files":[]}');
    writeFileSync(path.join(root, 'secret.html'), 'outside');
    mkdirSync(path.join(dir, 'folder.html'));
    app = new Hono();
    app.route('/', dashboardStatic(dir));
    app.notFound((c) => c.json({ error: 'not-found' }, 404));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves the page with its type, a strict CSP and no caching', async () => {
    const response = await app.request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('医保审核看板');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toBe(DASHBOARD_CSP);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect((await app.request('/index.html')).status).toBe(200);
  });

  it('serves hashed assets with their types, cached for good', async () => {
    const js = await app.request('/assets/index-abc.js');
    expect([js.status, js.headers.get('content-type'), js.headers.get('cache-control')]).toEqual([200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable']);
    expect((await app.request('/assets/index-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves nothing outside the folder, no dot files, no directories, no unknown types', async () => {
    for (const target of ['/../secret.html', '/assets/..%2F..%2Fsecret.html', '/%2e%2e/secret.html', '/.sources.json', '/assets/', '/folder.html', '/assets/missing.js', '/x%00.html', '/bad%E0%A4%A.html', '/index.php']) {
      expect((await app.request(target)).status, target).toBe(404);
    }
    expect(staticType('/assets/index-abc.js')).toBe('text/javascript; charset=utf-8');
    for (const target of ['/assets/..\\..\\secret.html', '/../secret.html', '/assets/%2e%2e/x.js', '/.sources.json', '/c:x.html', '/index.php']) expect(staticType(target), target).toBeUndefined();
  });

  it('leaves /api/ alone even when a file of that name exists', async () => {
    mkdirSync(path.join(dir, 'api', 'v1'), { recursive: true });
    writeFileSync(path.join(dir, 'api', 'v1', 'events.json'), '[]');
    expect((await app.request('/api/v1/events.json')).status).toBe(404);
  });

  it('says plainly when the dashboard was not built', async () => {
    const empty = new Hono();
    empty.route('/', dashboardStatic(path.join(dir, 'no-such-dist')));
    const response = await empty.request('/');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build:dashboard');
  });

  it('looks for the build in hub/dashboard/dist', () => {
    expect(path.relative(path.resolve(__dirname, '../..'), DASHBOARD_DIST)).toBe(path.join('hub', 'dashboard', 'dist'));
  });
});

describe('the hub app with the dashboard mounted', () => {
  let h: TestHub;
  beforeAll(async () => {
    h = await startTestHub('pglite');
  }, OPEN_TIMEOUT_MS);
  afterAll(() => h.dispose());

  it('still answers the API first: JSON 404 for unknown API paths, 401 without a token', async () => {
    const unknown = await h.call('GET', '/api/v1/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'not-found', message: 'no such endpoint' });
    expect(unknown.headers.get('x-content-type-options')).toBe('nosniff');
    const refused = await h.call('GET', '/api/v1/events');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await h.call('GET', '/healthz')).status).toBe(200);
    expect((await h.call('GET', '/api/index.html')).status).toBe(404);
  });

  it('serves / from the dashboard (built) or says how to build it', async () => {
    const response = await h.call('GET', '/');
    expect([200, 503]).toContain(response.status);
    expect(response.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
