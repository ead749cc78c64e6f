// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { globMatch, parseMatchPattern, profileApplies } from '../../../adapters/match';

describe('globMatch', () => {
  it('matches * and ? without regular expressions', () => {
    expect(globMatch('/his/*', '/his/outpatient.html')).toBe(true);
    expect(globMatch('/his/*', '/his/')).toBe(true);
    expect(globMatch('/his/*', '/other/his/x')).toBe(false);
    expect(globMatch('*/inpatient-frame.html', '/ward/3/inpatient-frame.html')).toBe(true);
    expect(globMatch('/a?c', '/abc')).toBe(true);
    expect(globMatch('/a?c', '/ac')).toBe(false);
    expect(globMatch('*.html', '/x.htm')).toBe(false);
    expect(globMatch('**a*', 'bbba')).toBe(true);
  });

  it('treats regular-expression characters in a glob literally', () => {
    expect(globMatch('/a.b(c)+', '/a.b(c)+')).toBe(true);
    expect(globMatch('/a.b', '/axb')).toBe(false);
  });
});

describe('match patterns', () => {
  const applies = (urls: string[], url: string, extra: { paths?: string[]; frames?: boolean; inFrame?: boolean } = {}) =>
    profileApplies({ match: { urls, paths: extra.paths }, frames: extra.frames ?? false }, { url, inFrame: extra.inFrame });

  it('ignores the port when the pattern names none, and checks it when it does', () => {
    expect(applies(['http://127.0.0.1/*'], 'http://127.0.0.1:5173/outpatient.html')).toBe(true);
    expect(applies(['http://127.0.0.1:5173/*'], 'http://127.0.0.1:5173/x')).toBe(true);
    expect(applies(['http://127.0.0.1:5173/*'], 'http://127.0.0.1:8080/x')).toBe(false);
    expect(applies(['http://his.local:80/*'], 'http://his.local/x')).toBe(true);
  });

  it('matches schemes and host wildcards as browsers do', () => {
    expect(applies(['*://*.example.com/*'], 'https://his.example.com/a')).toBe(true);
    expect(applies(['*://*.example.com/*'], 'https://example.com/a')).toBe(true);
    expect(applies(['*://*.example.com/*'], 'https://badexample.com/a')).toBe(false);
    expect(applies(['*://*/*'], 'ftp://example.com/a')).toBe(false);
    expect(applies(['https://his.example.com/*'], 'http://his.example.com/a')).toBe(false);
    expect(applies(['<all_urls>'], 'http://10.0.0.5/his/main.do')).toBe(true);
  });

  it('matches the path and query after the host', () => {
    expect(applies(['http://his.local/emr/*'], 'http://his.local/emr/rx.do?id=1')).toBe(true);
    expect(applies(['http://his.local/emr/*'], 'http://his.local/lis/rx.do')).toBe(false);
    expect(applies(['http://his.local/*rx.do?mode=edit'], 'http://his.local/a/rx.do?mode=edit')).toBe(true);
  });

  it('narrows by path globs and keeps profiles out of frames unless allowed', () => {
    expect(applies(['http://127.0.0.1/*'], 'http://127.0.0.1:5173/fhir-order.html', { paths: ['/outpatient.html'] })).toBe(false);
    expect(applies(['http://127.0.0.1/*'], 'http://127.0.0.1:5173/outpatient.html', { inFrame: true })).toBe(false);
    expect(applies(['http://127.0.0.1/*'], 'http://127.0.0.1:5173/outpatient.html', { inFrame: true, frames: true })).toBe(true);
  });

  it('never matches an invalid URL', () => {
    expect(applies(['<all_urls>'], 'not a url')).toBe(false);
  });

  it('requires the detect selector in the page when one is given', () => {
    const doc = new DOMParser().parseFromString('<div id="gbox_rxGrid"></div>', 'text/html');
    const profile = { match: { urls: ['<all_urls>'], detect: '#gbox_rxGrid' }, frames: false };
    expect(profileApplies(profile, { url: 'http://h/x', document: doc })).toBe(true);
    doc.getElementById('gbox_rxGrid')!.remove();
    expect(profileApplies(profile, { url: 'http://h/x', document: doc })).toBe(false);
    expect(profileApplies({ ...profile, match: { urls: ['<all_urls>'], detect: 'div[' } }, { url: 'http://h/x', document: doc })).toBe(false);
  });

  it('explains malformed patterns', () => {
    expect(parseMatchPattern('http://127.0.0.1')).toMatchObject({ ok: false, detail: 'match pattern "http://127.0.0.1" lacks a path (add "/*")' });
    expect(parseMatchPattern('gopher://x/*')).toMatchObject({ ok: false, reason: 'scheme' });
    expect(parseMatchPattern('http://x:port/*')).toMatchObject({ ok: false, reason: 'port' });
    expect(parseMatchPattern('http://127.0.0.1:5173/*')).toEqual({ ok: true, value: { scheme: 'http', host: '127.0.0.1', port: '5173', path: '/*' } });
  });
});
