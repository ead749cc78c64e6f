import { readFile } from 'node:fs/promises';

/** What the commands need from the outside world; tests pass their own. */
export interface CliIO {
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
  out(text: string): void;
  err(text: string): void;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Strips a UTF-8 byte order mark, which Windows editors put in front of JSON files. */
export const withoutBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

export const nodeIO: CliIO = {
  readFile: async (path) => withoutBom(await readFile(path, 'utf8')),
  readStdin: async () => withoutBom(await readAll(process.stdin)),
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Reads the named file, or standard input for "-". */
export function readInput(io: CliIO, path: string): Promise<string> {
  return path === '-' ? io.readStdin() : io.readFile(path);
}
