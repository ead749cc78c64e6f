import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../rules/pack/canonical-json';
import { demoPackJson } from './signed-fixtures';

describe('canonicalJson', () => {
  it('sorts keys at every level and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: true, e: null }], c: '限女性' } })).toBe('{"a":{"c":"限女性","d":[3,{"e":null,"f":true}]},"b":1}');
  });

  it('orders keys by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, '10': 4, '9': 5 })).toBe('{"10":4,"9":5,"Z":3,"z":2,"é":1}');
  });

  it('drops undefined members, writes undefined array slots as null, refuses non-finite numbers', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow('no JSON form');
    expect(() => canonicalJson({ n: Infinity })).toThrow('no JSON form');
    expect(() => canonicalJson({ f: () => 1 })).toThrow('no JSON form');
  });

  it('parses back to the same value for the real demo pack', () => {
    const pack = demoPackJson();
    expect(JSON.parse(canonicalJson(pack))).toEqual(pack);
  });

  it('writes 1,000 levels and refuses deeper values instead of overflowing the stack', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 1000; i++) deep = [deep];
    expect(canonicalJson(deep)).toHaveLength(2001);
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow('nested deeper than 1000 levels');
  });
});
