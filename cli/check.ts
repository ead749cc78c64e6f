import { compilePack } from '../rules/engine/compile';
import { evaluate } from '../rules/engine/evaluate';
import type { CheckResult } from '../contract/findings';
import { to3101Response } from '../rules/interop/nhsa3101-result';
import { toCdsResponse } from '../rules/interop/cds-hooks';
import type { OutputFormat } from './args';
import { readInput, type CliIO } from './io';
import { parseCheckInput } from './input';
import { resolvePack } from './pack-file';

export interface CheckOptions {
  input: string;
  pack?: string;
  format: OutputFormat;
}

/** One document pretty-printed, several as NDJSON so a stream of results stays line-oriented. */
function printDocuments(io: CliIO, documents: readonly unknown[]): void {
  if (documents.length === 1) io.out(JSON.stringify(documents[0], null, 2));
  else if (documents.length > 1) io.out(documents.map((d) => JSON.stringify(d)).join('\n'));
}

/** `preflight check`: returns the exit status (0 checked, 2 invalid input or pack). */
export async function runCheck(io: CliIO, options: CheckOptions): Promise<number> {
  let text: string;
  try {
    text = await readInput(io, options.input);
  } catch (e) {
    io.err(`cannot read ${options.input}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    return 2;
  }
  const parsed = parseCheckInput(text);
  if (!parsed.ok) {
    for (const error of parsed.errors) io.err(error);
    return 2;
  }
  const packResult = await resolvePack(io, options.pack);
  if (!packResult.ok) {
    for (const error of packResult.errors) io.err(error);
    return 2;
  }
  const { orders, links, notes } = parsed.input;
  for (const note of notes) io.err(`note: ${note.orderId ? `${note.orderId}: ` : ''}${note.message}`);

  const compiled = compilePack(packResult.pack);
  const results: CheckResult[] = orders.map((order) => evaluate(compiled, order));

  if (options.format === '3101') {
    printDocuments(io, [to3101Response(results, { links, rules: packResult.pack.rules, orders })]);
  } else if (options.format === 'cds-hooks') {
    printDocuments(io, results.map(toCdsResponse));
  } else {
    printDocuments(io, results);
  }
  return 0;
}
