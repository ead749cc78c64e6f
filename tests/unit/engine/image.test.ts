import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OrderSchema, type LineKind } from '../../../contract/order';
import { compilePack, rulesForLine, type CompiledPack } from '../../../rules/engine/compile';
import { evaluate } from '../../../rules/engine/evaluate';
import { buildPackImage, compilePackImage, decodeRule, type PackImage } from '../../../rules/engine/image';
import { sortedCodeIndex, sortedCodeTable } from '../../../rules/engine/code-index';
import { parsePackText } from '../../../rules/pack/load';
import type { Pack } from '../../../rules/pack/schema';
import { EngineHost } from '../../../workers/engine-host';
import { makePack } from '../../support/builders';

const ROOT = path.resolve(__dirname, '../../..');

function demoPack(): Pack {
  const loaded = parsePackText(readFileSync(path.join(ROOT, 'rules/packs/demo-pack.json'), 'utf8'));
  if (!loaded.ok) throw new Error('demo pack does not load');
  return loaded.pack;
}

const goldenOrders = () =>
  readdirSync(path.join(ROOT, 'tests/golden/orders'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => OrderSchema.parse((JSON.parse(readFileSync(path.join(ROOT, 'tests/golden/orders', f), 'utf8')) as { order: unknown }).order));

/** A stored image comes back through structured clone (IndexedDB, postMessage): test it that way. */
const stored = (image: PackImage): PackImage => structuredClone(image);

const ids = (compiled: CompiledPack, code: string, kind: LineKind) => rulesForLine(compiled, code, kind).map((r) => r.rule.id);

describe('pack image', () => {
  const pack = demoPack();
  const image = stored(buildPackImage(pack, 'test'));

  it('gives back every rule exactly as validated', () => {
    pack.rules.forEach((rule, ordinal) => {
      expect(decodeRule(image, ordinal)).toEqual(rule.enabled ? rule : undefined);
    });
  });

  it('files every code, prefix and code-less rule where the compiled pack does', () => {
    const fromPack = compilePack(pack);
    const fromImage = compilePackImage(image);
    expect(fromImage.ruleCount).toBe(fromPack.ruleCount);
    expect(fromImage.codes.size).toBe(fromPack.codes.size);
    expect(fromImage.prefixLengths).toEqual(fromPack.prefixLengths);
    const codes = new Set(pack.rules.flatMap((r) => [...(r.match.codes ?? []), ...(r.match.prefixes ?? []).map((p) => `${p}0001`)]));
    for (const code of codes) {
      for (const kind of ['drug', 'item', 'material'] as const) expect(ids(fromImage, code, kind)).toEqual(ids(fromPack, code, kind));
    }
    expect(ids(fromImage, 'NOT-A-CODE', 'drug')).toEqual(ids(fromPack, 'NOT-A-CODE', 'drug'));
  });

  it('checks every golden order with the same findings as the pack it was made from', () => {
    const fromPack = compilePack(pack);
    const fromImage = compilePackImage(image);
    const orders = goldenOrders();
    expect(orders.length).toBeGreaterThan(20);
    for (const order of orders) {
      const strip = (r: ReturnType<typeof evaluate>) => ({ ...r, elapsedMs: 0 });
      expect(strip(evaluate(fromImage, order))).toEqual(strip(evaluate(fromPack, order)));
    }
  });

  it('refuses a damaged image with a clear message instead of reading past a table', () => {
    expect(() => compilePackImage({ ...image, records: image.records.slice(0, -5) })).toThrow(/规则包映像损坏：规则记录长度不符/);
    const postings = image.codes.postings.slice();
    postings[0] = 999_999;
    expect(() => compilePackImage({ ...image, codes: { ...image.codes, postings } })).toThrow(/编码表指向不存在的规则/);
    expect(() => compilePackImage({ ...image, codes: { ...image.codes, keys: image.codes.keys.slice(1) } })).toThrow(/编码表末尾不符/);
  });

  it('keeps a key spelled __proto__ an own key: decoding never sets a prototype', () => {
    const pack = makePack([{ id: 'sex', kind: 'sex', match: { codes: ['X1'] }, params: { allowed: 'M' } }]);
    // As JSON.parse makes it: an own property named "__proto__" (a schema would strip it; the codec must not care).
    (pack.rules[0] as { params: unknown }).params = JSON.parse('{"allowed":"M","__proto__":{"polluted":true}}');
    const params = decodeRule(stored(buildPackImage(pack, 't')), 0)!.params as Record<string, unknown>;
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(params, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('loads in the engine host, and an image that fails its schema leaves the active pack in force', () => {
    const host = new EngineHost();
    expect(host.loadPack(image)).toMatchObject({ ok: true, packId: pack.id, version: pack.version, ruleCount: compilePack(pack).ruleCount });
    const broken = host.loadPack({ ...image, recordOffsets: [0, 1, 2] });
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.errors[0]?.path).toMatch(/^image\.recordOffsets/);
    const damaged = host.loadPack({ ...image, records: '' });
    expect(damaged).toMatchObject({ ok: false, errors: [{ path: 'image', message: expect.stringContaining('规则包映像损坏') }] });
    expect(host.status()).toMatchObject({ packId: pack.id, ruleCount: compilePack(pack).ruleCount });
  });
});

describe('sorted code index', () => {
  it('finds exactly the keys filed, in any script, and nothing else', () => {
    const map = new Map<string, number[]>([
      ['XA01', [0, 3]],
      ['XA011', [1]],
      ['ZB', [2]],
      ['本院001', [4]],
      ['', [5]],
    ]);
    const index = sortedCodeIndex(sortedCodeTable(map));
    expect(index.size).toBe(5);
    for (const [key, ordinals] of map) expect(Array.from(index.rulesOf(key) ?? [])).toEqual(ordinals);
    for (const absent of ['XA0', 'XA0111', 'ZC', '本院00', 'A']) expect(index.rulesOf(absent)).toBeUndefined();
  });
});
