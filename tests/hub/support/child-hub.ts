import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './events';

/** The real hub (`hub/src/main.ts`) as a child process, as `npm run hub` starts it, on a port of its choosing. */

export interface ChildHub {
  process: ChildProcess;
  base: string;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

export function startChildHub(env: Record<string, string>, timeoutMs = 90_000): Promise<ChildHub> {
  // PGlite unless the caller names a server itself: a DATABASE_URL of the test runner's own is never inherited.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, HUB_PORT: '0' };
  delete childEnv.DATABASE_URL;
  Object.assign(childEnv, env);
  const child = spawn(process.execPath, ['--import', 'tsx', 'hub/src/main.ts'], { cwd: REPO_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hub did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ process: child, base: match[1]!, output: () => output, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code} before listening:\n${output}`));
    });
  });
}
