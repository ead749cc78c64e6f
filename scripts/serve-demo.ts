import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Static server for the demo EMR pages in demo/emr, with no dependencies so Playwright tests and
 * developers can start it anywhere. It listens on 127.0.0.1 only: the pages are test fixtures,
 * not something to expose on a network.
 *
 *   npx tsx scripts/serve-demo.ts --port 5173
 */

export const DEMO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'demo', 'emr');
export const DEFAULT_DEMO_PORT = 5173;

/** The strict policy csp.html is served with: inline scripts and string-to-DOM sinks are blocked. */
export const STRICT_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; worker-src 'none'; require-trusted-types-for 'script'";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Pages that get a Content-Security-Policy header, by path. */
const PAGE_CSP: Readonly<Record<string, string>> = { '/csp.html': STRICT_CSP };

export interface DemoServer {
  readonly port: number;
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:5173 */
  readonly url: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
}

/** Maps a request path to a file under the root, or undefined when it would leave the root. */
export function resolveDemoPath(urlPath: string, root = DEMO_ROOT): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const file = path.resolve(root, `.${path.posix.normalize(`/${relative}`)}`);
  return file === root || file.startsWith(root + path.sep) ? file : undefined;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    send(res, 405, 'method not allowed');
    return;
  }
  const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  if (pathname === '/favicon.ico') {
    // Browsers ask for it on their own; answering keeps a 404 out of every test's console.
    res.writeHead(204, { 'Cache-Control': 'no-store' });
    res.end();
    return;
  }
  const file = resolveDemoPath(pathname);
  if (!file) {
    send(res, 400, 'bad path');
    return;
  }
  let body: Buffer;
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
    body = await readFile(file);
  } catch {
    send(res, 404, 'not found');
    return;
  }
  const headers: Record<string, string> = {
    'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  const csp = PAGE_CSP[pathname];
  if (csp) headers['Content-Security-Policy'] = csp;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Starts the server; port 0 picks a free port (read it back from the result). */
export function startDemoServer(port = DEFAULT_DEMO_PORT): Promise<DemoServer> {
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({
        port: actual,
        url: `http://127.0.0.1:${actual}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.closeAllConnections();
            server.close((err) => (err ? fail(err) : done()));
          }),
      });
    });
  });
}

/** Reads --port N or --port=N; the default when absent. */
export function parsePortArg(argv: readonly string[]): number {
  const at = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  if (at === -1) return DEFAULT_DEMO_PORT;
  const raw = argv[at]!.includes('=') ? argv[at]!.slice('--port='.length) : argv[at + 1];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port: ${raw ?? '(missing)'}`);
  return port;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const server = await startDemoServer(parsePortArg(process.argv.slice(2)));
  console.log(`demo EMR pages: ${server.url}/`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
