import { describe, expect, it } from 'vitest';
import { BUILT_IN_PROFILES } from '../../../adapters';
import { compilePatterns, framesToInject, pageMatches } from '../../../adapters/open-page-injection';
import { contentScriptMatches } from '../../../entrypoints/content/page-match';

const EMR = compilePatterns(['http://his.example.org/emr/*', 'https://*.example.net/*', 'not a pattern']);

describe('which open pages get the content script after an update', () => {
  it('keeps the patterns that parse and matches pages as the manifest would', () => {
    expect(EMR).toHaveLength(2);
    expect(pageMatches(EMR, 'http://his.example.org/emr/rx.html?id=1')).toBe(true);
    expect(pageMatches(EMR, 'https://ward.example.net/orders')).toBe(true);
    expect(pageMatches(EMR, 'http://his.example.org/portal/')).toBe(false);
    expect(pageMatches(EMR, 'https://example.org/emr/')).toBe(false);
    expect(pageMatches(EMR, 'chrome://settings/')).toBe(false);
    expect(pageMatches(EMR, 'not a url')).toBe(false);
    expect(pageMatches(EMR, undefined)).toBe(false);
  });

  it('injects only the frames a profile reaches, once each, grouped by tab', () => {
    const plan = framesToInject(
      [
        { tabId: 7, frameId: 0, url: 'http://his.example.org/emr/inpatient.html' },
        { tabId: 7, frameId: 3, url: 'https://ads.example.com/banner' },
        { tabId: 7, frameId: 4, url: 'https://ward.example.net/app' },
        { tabId: 7, frameId: 4, url: 'https://ward.example.net/app' },
        { tabId: 9, frameId: 0, url: 'http://his.example.org/portal/' },
        { tabId: 11, frameId: 0, url: 'https://lab.example.net/' },
      ],
      EMR,
    );
    expect([...plan.entries()]).toEqual([
      [7, [0, 4]],
      [11, [0]],
    ]);
  });

  it('after a profile change, starts only frames that no copy checks and that a profile reads', () => {
    const frames = [
      { tabId: 7, frameId: 0, url: 'http://his.example.org/emr/rx.html', checking: true },
      { tabId: 7, frameId: 2, url: 'http://his.example.org/emr/patient.html', checking: false },
      { tabId: 8, frameId: 0, url: 'http://his.example.org/emr/help.html', checking: false },
      { tabId: 9, frameId: 0, url: 'https://ward.example.net/orders', checking: false },
    ];
    const reaches = (frame: { url: string }) => !frame.url.endsWith('help.html');
    expect([...framesToInject(frames, EMR, 'unchecked frames', reaches).entries()]).toEqual([
      [7, [2]],
      [9, [0]],
    ]);
    // After an update every copy is cut off: all frames the patterns reach, checked or not.
    expect([...framesToInject(frames, EMR, 'every frame', reaches).entries()]).toEqual([
      [7, [0, 2]],
      [8, [0]],
      [9, [0]],
    ]);
  });

  it('reaches the demo pages on any port with the built-in profiles’ patterns, and no other host', () => {
    const patterns = compilePatterns(contentScriptMatches(BUILT_IN_PROFILES));
    expect(pageMatches(patterns, 'http://127.0.0.1:41234/outpatient.html')).toBe(true);
    expect(pageMatches(patterns, 'http://localhost:8080/inpatient.html')).toBe(true);
    expect(pageMatches(patterns, 'http://10.1.2.3/outpatient.html')).toBe(false);
  });
});
