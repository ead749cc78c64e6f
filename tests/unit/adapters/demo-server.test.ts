import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { DEMO_ROOT, STRICT_CSP, parsePortArg, resolveDemoPath, startDemoServer, type DemoServer } from '../../../scripts/serve-demo';

let server: DemoServer;

beforeAll(async () => {
  server = await startDemoServer(0);
});

afterAll(async () => {
  await server.close();
});

describe('demo server', () => {
  it('listens on 127.0.0.1 only, on the port it was given', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('serves the pages with UTF-8 content types', async () => {
    const cases: Array<[string, string]> = [
      ['/', 'text/html; charset=utf-8'],
      ['/outpatient.html', 'text/html; charset=utf-8'],
      ['/outpatient.js', 'text/javascript; charset=utf-8'],
      ['/his.css', 'text/css; charset=utf-8'],
    ];
    for (const [url, type] of cases) {
      const res = await fetch(server.url + url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type'), url).toBe(type);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(await (await fetch(`${server.url}/outpatient.html`)).text()).toContain('门诊医生工作站');
  });

  it('sends the strict CSP header with csp.html only', async () => {
    expect((await fetch(`${server.url}/csp.html`)).headers.get('content-security-policy')).toBe(STRICT_CSP);
    expect(STRICT_CSP).toContain("require-trusted-types-for 'script'");
    expect((await fetch(`${server.url}/outpatient.html`)).headers.get('content-security-policy')).toBeNull();
  });

  it('answers 404 for missing files and never serves files outside demo/emr', async () => {
    expect((await fetch(`${server.url}/nope.html`)).status).toBe(404);
    expect((await fetch(`${server.url}/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/%E0%A4%A`)).status).toBe(400);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await fetch(`${server.url}/index.html`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await fetch(`${server.url}/index.html`, { method: 'POST', body: 'x' })).status).toBe(405);
  });
});

describe('resolveDemoPath', () => {
  it('keeps every path inside the demo folder', () => {
    expect(resolveDemoPath('/')).toBe(path.join(DEMO_ROOT, 'index.html'));
    expect(resolveDemoPath('/../../package.json')).toBe(path.join(DEMO_ROOT, 'package.json'));
    expect(resolveDemoPath('/a/../../b.html')).toBe(path.join(DEMO_ROOT, 'b.html'));
    expect(resolveDemoPath('/x%00.html')).toBeUndefined();
  });
});

describe('parsePortArg', () => {
  it('reads --port N and --port=N, defaulting to 5173', () => {
    expect(parsePortArg([])).toBe(5173);
    expect(parsePortArg(['--port', '8081'])).toBe(8081);
    expect(parsePortArg(['--port=0'])).toBe(0);
    expect(() => parsePortArg(['--port'])).toThrow('invalid --port: (missing)');
    expect(() => parsePortArg(['--port', '70000'])).toThrow('invalid --port: 70000');
  });
});
