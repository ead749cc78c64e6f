import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../cli/args';

describe('preflight pack argument parsing', () => {
  it('parses import with its files, -o and the optional metadata', () => {
    expect(parseArgs(['pack', 'import', 'a.xlsx', 'b.csv', '-o', 'p.json'])).toEqual({
      ok: true,
      command: { name: 'pack-import', files: ['a.xlsx', 'b.csv'], output: 'p.json' },
    });
    expect(parseArgs(['pack', 'import', 'a.xlsx', '--output=p.json', '--report', 'r.json', '--id', 'h', '--version', '2026.12.1', '--publisher', '医保办'])).toEqual({
      ok: true,
      command: { name: 'pack-import', files: ['a.xlsx'], output: 'p.json', report: 'r.json', id: 'h', version: '2026.12.1', publisher: '医保办' },
    });
  });

  it('parses keygen, sign, diff and validate with a key', () => {
    expect(parseArgs(['pack', 'keygen', '-o', 'keys/k'])).toEqual({ ok: true, command: { name: 'pack-keygen', output: 'keys/k' } });
    expect(parseArgs(['pack', 'sign', 'p.json', '--key', 'k.private.jwk', '-o', 'p.signed.json'])).toEqual({
      ok: true,
      command: { name: 'pack-sign', file: 'p.json', key: 'k.private.jwk', output: 'p.signed.json' },
    });
    expect(parseArgs(['pack', 'diff', 'a.json', 'b.json'])).toEqual({ ok: true, command: { name: 'pack-diff', before: 'a.json', after: 'b.json', json: false } });
    expect(parseArgs(['pack', 'diff', '--json', 'a.json', 'b.json'])).toMatchObject({ ok: true, command: { json: true } });
    expect(parseArgs(['pack', 'validate', 'p.json', '--key', 'k.public.json'])).toEqual({ ok: true, command: { name: 'pack-validate', file: 'p.json', key: 'k.public.json' } });
  });

  it.each([
    [['pack', 'import', '-o', 'p.json'], 'pack import needs at least one input file'],
    [['pack', 'import', 'a.xlsx'], 'pack import needs -o'],
    [['pack', 'import', 'a.xlsx', '-o'], '--output needs a value'],
    [['pack', 'import', 'a.xlsx', '-o', 'p.json', '--key', 'k'], 'pack import takes no options other than'],
    [['pack', 'keygen'], 'pack keygen needs -o'],
    [['pack', 'keygen', 'k', '-o', 'k'], 'pack keygen takes no files'],
    [['pack', 'sign', 'p.json', '-o', 'x.json'], 'pack sign needs --key'],
    [['pack', 'sign', 'p.json', '--key', 'k'], 'pack sign needs -o'],
    [['pack', 'sign', '--key', 'k', '-o', 'x'], 'pack sign needs exactly one pack file'],
    [['pack', 'diff', 'a.json'], 'pack diff needs exactly two pack files'],
    [['pack', 'constructor', 'a.json'], 'unknown pack command: constructor'],
    [['pack', 'diff', 'a.json', 'b.json', '--json=yes'], '--json takes no value'],
    [['pack', 'diff', 'a.json', 'b.json', '-o', 'x'], 'pack diff takes no options other than --json'],
    [['pack', 'validate', 'p.json', '--json'], 'pack validate takes no options other than --key'],
    [['check', 'a.json', '--key', 'k'], 'check takes no options other than --pack, --format'],
  ])('rejects %j', (argv, error) => {
    const parsed = parseArgs(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(error);
  });
});
