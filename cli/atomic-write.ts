import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes files so that a failed command leaves no half-written output: each file goes to a
 * temporary name beside its target (same directory, so the rename cannot cross file systems)
 * and is renamed into place only once every file has been written.
 */

export interface OutputFile {
  path: string;
  content: string;
  /** e.g. 0o600 for a private key. */
  mode?: number;
}

export async function writeFilesAtomically(files: readonly OutputFile[]): Promise<void> {
  const temps: string[] = [];
  try {
    for (const file of files) {
      const temp = path.join(path.dirname(file.path), `.${path.basename(file.path)}.${randomBytes(6).toString('hex')}.tmp`);
      temps.push(temp);
      // flag wx: never follow or reuse a file someone else placed at the temporary name.
      await writeFile(temp, file.content, { encoding: 'utf8', flag: 'wx', mode: file.mode ?? 0o644 });
    }
    for (let i = 0; i < files.length; i++) await rename(temps[i]!, files[i]!.path);
  } catch (error) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    throw error;
  }
}

/** "no such file" for ENOENT, the system's message otherwise. */
export function fsErrorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
