import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../cli/args';

describe('preflight argument parsing', () => {
  it('parses check with its options in either spelling and position', () => {
    expect(parseArgs(['check', 'orders.json'])).toEqual({ ok: true, command: { name: 'check', input: 'orders.json', format: 'result' } });
    expect(parseArgs(['check', '-', '--pack', 'p.json', '--format=3101'])).toEqual({
      ok: true,
      command: { name: 'check', input: '-', pack: 'p.json', format: '3101' },
    });
    expect(parseArgs(['--format', 'cds-hooks', 'check', 'o.ndjson'])).toMatchObject({ ok: true, command: { format: 'cds-hooks', input: 'o.ndjson' } });
  });

  it('takes a file named like an option after --', () => {
    expect(parseArgs(['check', '--', '--odd.json'])).toMatchObject({ ok: true, command: { input: '--odd.json' } });
  });

  it('parses pack validate', () => {
    expect(parseArgs(['pack', 'validate', 'p.json'])).toEqual({ ok: true, command: { name: 'pack-validate', file: 'p.json' } });
  });

  it('answers --help and -h anywhere', () => {
    expect(parseArgs(['--help'])).toEqual({ ok: true, command: { name: 'help' } });
    expect(parseArgs(['check', '-h'])).toEqual({ ok: true, command: { name: 'help' } });
  });

  it.each([
    [[], 'no command given'],
    [['lint'], 'unknown command: lint'],
    [['check'], 'check needs exactly one input'],
    [['check', 'a.json', 'b.json'], 'check needs exactly one input'],
    [['check', 'a.json', '--format', 'xml'], 'unknown --format xml'],
    [['check', 'a.json', '--pack'], '--pack needs a value'],
    [['check', 'a.json', '--pack='], '--pack needs a value'],
    [['check', 'a.json', '--pack', 'a', '--pack', 'b'], '--pack given twice'],
    [['check', 'a.json', '--verbose'], 'unknown option: --verbose'],
    [['pack'], 'unknown pack command: (none)'],
    [['pack', 'build', 'p.json'], 'unknown pack command: build'],
    [['pack', 'validate'], 'pack validate needs exactly one pack file'],
    [['pack', 'validate', 'p.json', '--format', '3101'], 'pack validate takes no options'],
  ])('rejects %j', (argv, error) => {
    const parsed = parseArgs(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(error);
  });
});
