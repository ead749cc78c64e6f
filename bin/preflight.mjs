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
const argv = process.argv.slice(2);
// `profile test` reads an HTML page through a site profile: the adapter's work, which the CLI
// (contract and engine only) does not take in; a tool under scripts/ runs it.
const run = argv[0] === 'profile' ? (await import('../scripts/profile-test.ts')).runProfileTest : (await import('../cli/main.ts')).main;
try {
  process.exitCode = await run(argv);
} catch (error) {
  process.stderr.write(`preflight: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
}
