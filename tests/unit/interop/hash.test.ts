import { describe, expect, it } from 'vitest';
import { fnv1a64, hashParts, stableUuid } from '../../../rules/interop/hash';

/** Fixed values: jr_ids, card uuids and patient keys must not change when the hashing code does. */
describe('fnv1a64', () => {
  it('gives the published FNV-1a 64 values and the values ids were made with', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
    expect(fnv1a64('丁苯酞软胶囊')).toBe('ee1b80a41c880ccf');
    expect(fnv1a64('\uD83D\uDE00 emoji')).toBe('81024d2e7744aaa6');
    expect(fnv1a64('x'.repeat(1000))).toBe('e1add1d93134d2c5');
    expect(fnv1a64('foobar', 0x84222325cbf29ce4n)).toBe('1af21521be519bf9');
    expect(hashParts(['MD-OP-20261122-0101', 'nhsa-r81-sex-尿妊娠试验', 'R1-02'])).toBe('3695dd21105b8763');
    expect(hashParts(['a', 'bc'])).toBe('ab40f6820d40b523');
    expect(stableUuid(['a', undefined, 'b'])).toBe('ac7fed82-0e4f-89ca-b81c-8225c4e5198f');
  });
});
