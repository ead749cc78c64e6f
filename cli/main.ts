import { parseArgs, USAGE } from './args';
import { nodeIO, type CliIO } from './io';
import { runCheck } from './check';
import { runPackValidate } from './pack-validate';

/** Entry point of the `preflight` command; returns the exit status instead of exiting, for tests. */
export async function main(argv: readonly string[], io: CliIO = nodeIO): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.err(`preflight: ${parsed.error}\n${USAGE}`);
    return 2;
  }
  const command = parsed.command;
  switch (command.name) {
    case 'help':
      io.out(USAGE);
      return 0;
    case 'check':
      return runCheck(io, command);
    case 'pack-validate':
      return runPackValidate(io, command.file);
  }
}
