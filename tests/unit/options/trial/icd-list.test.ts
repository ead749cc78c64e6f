import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICD_SEARCH_LIMIT, icdLoader, parseIcdList, searchIcd } from '../../../../rules/data/icd-list';
import { renderIcdList } from '../../../../scripts/icd/icd-list';

const repoRoot = path.resolve(__dirname, '../../../..');
const sharedData = path.resolve(repoRoot, '..', 'shared', 'data');
let reads = 0;
const loadIcdList = icdLoader(async () => {
  reads++;
  return readFileSync(path.join(repoRoot, 'rules/data/icd10-diagnoses.json'), 'utf8');
});

describe('ICD-10 医保版 list for the 试算 form', () => {
  it('is what the script makes of the shared ICD file', () => {
    if (!existsSync(path.join(sharedData, 'icd10-chs-v2-diagnoses.csv'))) return;
    expect(readFileSync(path.join(repoRoot, 'rules/data/icd10-diagnoses.json'), 'utf8')).toBe(renderIcdList(sharedData));
  });

  it('loads every code with its name', async () => {
    const list = await loadIcdList();
    expect(list.length).toBeGreaterThan(33_000);
    expect(list.find((e) => e.code === 'I63.900')).toEqual({ code: 'I63.900', name: '脑梗死' });
    expect(await loadIcdList()).toBe(list);
    expect(reads).toBe(1);
  });

  it('refuses a file that is not the list, and loads again after a failure', async () => {
    expect(() => parseIcdList('{"rows":["I63.900 脑梗死"]}')).toThrow(/row/);
    expect(() => parseIcdList('[]')).toThrow(/rows/);
    let attempt = 0;
    const flaky = icdLoader(async () => (++attempt === 1 ? Promise.reject(new Error('offline')) : '{"rows":["I63.900\\t脑梗死"]}'));
    await expect(flaky()).rejects.toThrow('offline');
    expect(await flaky()).toEqual([{ code: 'I63.900', name: '脑梗死' }]);
  });

  it('finds a diagnosis by name, the exact name first', async () => {
    const hits = searchIcd(await loadIcdList(), '脑梗死');
    expect(hits[0]).toEqual({ code: 'I63.900', name: '脑梗死' });
    expect(hits.length).toBe(ICD_SEARCH_LIMIT);
    for (const hit of hits) expect(hit.name).toContain('脑梗死');
  });

  it('finds codes by prefix, any case, the category before its extensions', async () => {
    const hits = searchIcd(await loadIcdList(), 'i63.9');
    expect(hits[0]!.code).toBe('I63.900');
    for (const hit of hits) expect(hit.code.startsWith('I63.9')).toBe(true);
  });

  it('finds nothing for nothing', async () => {
    expect(searchIcd(await loadIcdList(), '  ')).toEqual([]);
    expect(searchIcd(await loadIcdList(), '并不存在的病名')).toEqual([]);
  });
});
