import { parseArgs, USAGE } from './args';
import { nodeIO, type CliIO } from './io';
import { runCheck } from './check';
import { runPackValidate } from './pack-validate';
import { runPackImport } from './pack-import';
import { runPackSign } from './pack-sign';
import { runKeygen } from './keygen';
import { runPackDiff } from './pack-diff';
import { runWithdrawNotice } from './pack-withdraw-notice';

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
      return runPackValidate(io, command.file, command.key);
    case 'pack-import':
      return runPackImport(io, command);
    case 'pack-sign':
      return runPackSign(io, command);
    case 'pack-keygen':
      return runKeygen(io, command.output);
    case 'pack-diff':
      return runPackDiff(io, command);
    case 'pack-withdraw-notice':
      return runWithdrawNotice(io, command);
  }
}
