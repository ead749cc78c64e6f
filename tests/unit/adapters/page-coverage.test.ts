import { describe, expect, it } from 'vitest';
import { BUILT_IN_PROFILES } from '../../../adapters';
import { onConfiguredHost, tabCoverage } from '../../../adapters/page-coverage';

describe('page coverage (本页未启用审核)', () => {
  it('knows a configured host by the profiles’ URL patterns, whatever the path', () => {
    expect(onConfiguredHost('http://127.0.0.1:8080/index.html', BUILT_IN_PROFILES)).toBe(true);
    expect(onConfiguredHost('http://localhost/his/lab.html', BUILT_IN_PROFILES)).toBe(true);
    expect(onConfiguredHost('https://news.example.com/', BUILT_IN_PROFILES)).toBe(false);
    expect(onConfiguredHost('not a url', BUILT_IN_PROFILES)).toBe(false);
  });

  it('calls a tab covered when any frame is read, uncovered only when its top frame is not and none is', () => {
    expect(tabCoverage(new Map([[0, false]]))).toBe('uncovered');
    expect(tabCoverage(new Map([[0, false], [5, true]]))).toBe('covered');
    expect(tabCoverage(new Map([[5, false]]))).toBeUndefined();
    expect(tabCoverage(new Map())).toBeUndefined();
  });
});
