#!/usr/bin/env node
// Runs the TypeScript CLI straight from the sources through tsx's loader, so a fresh clone works
// after `npm ci` without a build step.
import { register } from 'tsx/esm/api';

// No tsconfig: the CLI needs none, and this keeps the bin independent of the cwd and of .wxt/ (made by postinstall).
register({ tsconfig: false });
// `preflight check … | head` closes the pipe early: that is not an error of ours.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { main } = await import('../cli/main.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`preflight: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
}
