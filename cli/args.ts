/** Command-line grammar of `preflight`, parsed without a framework so errors read the way we want. */

export const OUTPUT_FORMATS = ['result', '3101', 'cds-hooks'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type Command =
  | { name: 'help' }
  | { name: 'check'; input: string; pack?: string; format: OutputFormat }
  | { name: 'pack-validate'; file: string; key?: string }
  | { name: 'pack-import'; files: string[]; output: string; report?: string; id?: string; version?: string; publisher?: string }
  | { name: 'pack-sign'; file: string; key: string; output: string }
  | { name: 'pack-keygen'; output: string }
  | { name: 'pack-diff'; before: string; after: string; json: boolean }
  | { name: 'pack-withdraw-notice'; packId: string; version: string; key: string; reason?: string; output?: string };

export type ParsedArgs = { ok: true; command: Command } | { ok: false; error: string };

export const USAGE = `usage:
  preflight check <file|-> [--pack <pack.json>] [--format 3101|cds-hooks]
      Checks orders. Input: one order, a JSON array of orders, NDJSON (one order per line)
      or a national 3101 request; "-" reads standard input. Prints one CheckResult per order
      (pretty JSON for one order, NDJSON for several). --format 3101 prints one 3101 response
      for the whole input; --format cds-hooks prints a CDS Hooks {cards} per order.
      --pack defaults to the built-in demo pack.
  preflight pack validate <pack.json> [--key <key.public.json>]
      Validates a rule pack or a signed pack and summarises its rules by kind. With --key a
      signed pack must also verify and pass the extension's acceptance checks.
  preflight pack import <files…> -o <pack.json> [--report <report.json>] [--id <id>]
                        [--version <2026.11.1>] [--publisher <name>]
      Builds a pack from two-libs batch workbooks/CSVs, the catalogue CSV and the hospital's
      local-rules template (rules/import/templates/), plus the 处方管理办法 rules and the fixed
      knowledge rules (性别/年龄专用诊断编码, 十八反/十九畏). Files over
      16 MB are refused. --version defaults to today's date; --id to local-pack.
  preflight pack keygen -o <key>
      Writes an Ed25519 key pair: <key>.private.jwk (keep secret) and <key>.public.json.
  preflight pack sign <pack.json> --key <key.private.jwk> -o <pack.signed.json>
      Signs a valid pack; the extension accepts only packs signed by a key it trusts.
  preflight pack diff <before.json> <after.json> [--json]
      Lists rules added, removed and changed (field by field) between two packs or signed packs.
  preflight pack withdraw-notice --pack-id <id> --version <version> --key <key.private.jwk>
                                 [--reason <text>] [-o <notice.json>]
      Signs a notice that this published version was a mistake; posted to the hub
      (POST /api/v1/packs/withdrawals), workstations that installed it leave it for the highest
      version not withdrawn and never install it again. Standard output without -o.
  preflight profile test <profile.json> <page.html> [--frame PATH=<page.html>]… [--today YYYY-MM-DD] [--json]
      Reads a saved EMR page through a site profile as the extension would and prints the order
      and the problems (页面适配失效, unread fields): check a profile before deploying it.
      --frame gives another frame's saved page (by its URL path) for fields the profile places there.
      Exit 0 when the page fits the profile, 1 when it does not.
  preflight --help

exit status: 0 checked (with or without findings), 2 invalid input, pack or usage, 1 internal error`;

const VALUE_OPTIONS = new Set(['--pack', '--format', '--key', '--output', '--report', '--id', '--version', '--publisher', '--pack-id', '--reason']);
/** Options that take no value; recorded as "true". */
const FLAG_OPTIONS = new Set(['--json']);
const SHORT_OPTIONS = new Map([['-o', '--output']]);

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
    const short = SHORT_OPTIONS.get(arg);
    if (!arg.startsWith('--') && !short) {
      positionals.push(arg); // includes "-" for standard input
      continue;
    }
    const eq = short ? -1 : arg.indexOf('=');
    const name = short ?? (eq === -1 ? arg : arg.slice(0, eq));
    if (FLAG_OPTIONS.has(name)) {
      if (eq !== -1) return { positionals, options, error: `${name} takes no value` };
      options.set(name, 'true');
      continue;
    }
    if (!VALUE_OPTIONS.has(name)) return { positionals, options, error: `unknown option: ${name}` };
    if (options.has(name)) return { positionals, options, error: `${name} given twice` };
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') return { positionals, options, error: `${name} needs a value` };
    options.set(name, value);
  }
  return { positionals, options };
}

/** The first option the command does not take, as an error. */
function unexpectedOption(command: string, options: Map<string, string>, allowed: readonly string[]): string | undefined {
  const extra = [...options.keys()].find((o) => !allowed.includes(o));
  if (extra === undefined) return undefined;
  return allowed.length ? `${command} takes no options other than ${allowed.join(', ')} (got ${extra})` : `${command} takes no options`;
}

/** `preflight pack …`: the subcommand after "pack" and what it needs. */
function parsePackCommand(rest: readonly string[], options: Map<string, string>): ParsedArgs {
  const [sub, ...files] = rest;
  const allowed: Record<string, readonly string[]> = {
    validate: ['--key'],
    import: ['--output', '--report', '--id', '--version', '--publisher'],
    keygen: ['--output'],
    sign: ['--key', '--output'],
    diff: ['--json'],
    'withdraw-notice': ['--pack-id', '--version', '--key', '--reason', '--output'],
  };
  if (sub === undefined || !Object.hasOwn(allowed, sub)) return { ok: false, error: `unknown pack command: ${sub ?? '(none)'}` };
  const unexpected = unexpectedOption(`pack ${sub}`, options, allowed[sub]!);
  if (unexpected) return { ok: false, error: unexpected };
  const output = options.get('--output');
  const key = options.get('--key');

  if (sub === 'validate') {
    if (files.length !== 1) return { ok: false, error: 'pack validate needs exactly one pack file' };
    return { ok: true, command: { name: 'pack-validate', file: files[0]!, ...(key !== undefined ? { key } : {}) } };
  }
  if (sub === 'import') {
    if (files.length === 0) return { ok: false, error: 'pack import needs at least one input file' };
    if (output === undefined) return { ok: false, error: 'pack import needs -o <pack.json>' };
    const command: Command = { name: 'pack-import', files, output };
    for (const [option, field] of [['--report', 'report'], ['--id', 'id'], ['--version', 'version'], ['--publisher', 'publisher']] as const) {
      const value = options.get(option);
      if (value !== undefined) command[field] = value;
    }
    return { ok: true, command };
  }
  if (sub === 'keygen') {
    if (files.length !== 0) return { ok: false, error: 'pack keygen takes no files, only -o <key>' };
    if (output === undefined) return { ok: false, error: 'pack keygen needs -o <key> (writes <key>.private.jwk and <key>.public.json)' };
    return { ok: true, command: { name: 'pack-keygen', output } };
  }
  if (sub === 'sign') {
    if (files.length !== 1) return { ok: false, error: 'pack sign needs exactly one pack file' };
    if (key === undefined) return { ok: false, error: 'pack sign needs --key <key.private.jwk>' };
    if (output === undefined) return { ok: false, error: 'pack sign needs -o <pack.signed.json>' };
    return { ok: true, command: { name: 'pack-sign', file: files[0]!, key, output } };
  }
  if (sub === 'withdraw-notice') {
    if (files.length !== 0) return { ok: false, error: 'pack withdraw-notice takes no files, only options' };
    const packId = options.get('--pack-id');
    const version = options.get('--version');
    if (packId === undefined || version === undefined) return { ok: false, error: 'pack withdraw-notice needs --pack-id <id> and --version <version>' };
    if (key === undefined) return { ok: false, error: 'pack withdraw-notice needs --key <key.private.jwk>' };
    const reason = options.get('--reason');
    return {
      ok: true,
      command: { name: 'pack-withdraw-notice', packId, version, key, ...(reason !== undefined ? { reason } : {}), ...(output !== undefined ? { output } : {}) },
    };
  }
  if (files.length !== 2) return { ok: false, error: 'pack diff needs exactly two pack files (before, after)' };
  return { ok: true, command: { name: 'pack-diff', before: files[0]!, after: files[1]!, json: options.has('--json') } };
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.includes('--help') || argv.includes('-h')) return { ok: true, command: { name: 'help' } };
  const { positionals, options, error } = split(argv);
  if (error) return { ok: false, error };
  const [name, ...rest] = positionals;
  if (name === undefined) return { ok: false, error: 'no command given' };

  if (name === 'check') {
    const unexpected = unexpectedOption('check', options, ['--pack', '--format']);
    if (unexpected) return { ok: false, error: unexpected };
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

  if (name === 'pack') return parsePackCommand(rest, options);

  return { ok: false, error: `unknown command: ${name}` };
}
