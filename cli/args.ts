/** Command-line grammar of `preflight`, parsed without a framework so errors read the way we want. */

export const OUTPUT_FORMATS = ['result', '3101', 'cds-hooks'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type Command =
  | { name: 'help' }
  | { name: 'check'; input: string; pack?: string; format: OutputFormat }
  | { name: 'pack-validate'; file: string };

export type ParsedArgs = { ok: true; command: Command } | { ok: false; error: string };

export const USAGE = `usage:
  preflight check <file|-> [--pack <pack.json>] [--format 3101|cds-hooks]
      Checks orders. Input: one order, a JSON array of orders, NDJSON (one order per line)
      or a national 3101 request; "-" reads standard input. Prints one CheckResult per order
      (pretty JSON for one order, NDJSON for several). --format 3101 prints one 3101 response
      for the whole input; --format cds-hooks prints a CDS Hooks {cards} per order.
      --pack defaults to the built-in demo pack.
  preflight pack validate <pack.json>
      Validates a rule pack and summarises its rules by kind.
  preflight --help

exit status: 0 checked (with or without findings), 2 invalid input, pack or usage, 1 internal error`;

const VALUE_OPTIONS = new Set(['--pack', '--format']);

interface Split {
  positionals: string[];
  options: Map<string, string>;
  error?: string;
}

/** Separates positionals from `--name value` / `--name=value` options; `--` ends the options. */
function split(argv: readonly string[]): Split {
  const positionals: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg); // includes "-" for standard input
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!VALUE_OPTIONS.has(name)) return { positionals, options, error: `unknown option: ${name}` };
    if (options.has(name)) return { positionals, options, error: `${name} given twice` };
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') return { positionals, options, error: `${name} needs a value` };
    options.set(name, value);
  }
  return { positionals, options };
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.includes('--help') || argv.includes('-h')) return { ok: true, command: { name: 'help' } };
  const { positionals, options, error } = split(argv);
  if (error) return { ok: false, error };
  const [name, ...rest] = positionals;
  if (name === undefined) return { ok: false, error: 'no command given' };

  if (name === 'check') {
    if (rest.length !== 1) return { ok: false, error: 'check needs exactly one input (a file or "-")' };
    const format = options.get('--format') ?? 'result';
    if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
      return { ok: false, error: `unknown --format ${format} (expected 3101 or cds-hooks)` };
    }
    const command: Command = { name: 'check', input: rest[0]!, format: format as OutputFormat };
    const pack = options.get('--pack');
    if (pack !== undefined) command.pack = pack;
    return { ok: true, command };
  }

  if (name === 'pack') {
    if (options.size > 0) return { ok: false, error: `pack validate takes no options` };
    if (rest[0] !== 'validate') return { ok: false, error: `unknown pack command: ${rest[0] ?? '(none)'}` };
    if (rest.length !== 2) return { ok: false, error: 'pack validate needs exactly one pack file' };
    return { ok: true, command: { name: 'pack-validate', file: rest[1]! } };
  }

  return { ok: false, error: `unknown command: ${name}` };
}
