import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The secret mixed into every token hash. It is deliberately not in the database: a copy of the
 * tokens table alone cannot be used to check guesses. Losing it invalidates every token (make new
 * ones with the CLI), so back it up with the data directory.
 */

export const PEPPER_FILE = 'token-pepper';

export function loadPepper(dataDir: string, fromEnv: string | undefined): Buffer {
  if (fromEnv !== undefined) return Buffer.from(fromEnv, 'utf8');
  const file = path.join(dataDir, PEPPER_FILE);
  const existing = readPepperFile(file);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  try {
    // 'wx': never overwrite a pepper another process has just written.
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readPepperFile(file)!;
}

function readPepperFile(file: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`${file} is not a token pepper (64 hex digits); restore it from a backup`);
  return Buffer.from(text, 'hex');
}
