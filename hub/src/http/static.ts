import { Hono, type Context } from 'hono';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The review dashboard's built files (hub/dashboard/dist, made by `npm run build:dashboard`) at
 * `/`. Only files that exist under the folder and have a known type are served; everything else
 * falls through to the hub's JSON 404, and `/api/` is never answered here.
 */

export const DASHBOARD_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dashboard/dist');

/**
 * No inline script or style, nothing from elsewhere: the page talks only to this hub. Data from
 * events is rendered as text, and this policy is the second line if that ever slipped.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': DASHBOARD_CSP,
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

/** The file a URL path names inside `root`, or undefined when the path is not a plain file name there. */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded === '/' || decoded === '') decoded = '/index.html';
  const segments = decoded.split('/').slice(1);
  // Dot files (the build's source list) and anything that could climb out stay unserved.
  if (segments.some((s) => s === '' || s.startsWith('.') || /[\\\0:]/.test(s))) return undefined;
  if (!(path.extname(decoded).toLowerCase() in CONTENT_TYPES)) return undefined;
  const file = path.resolve(root, ...segments);
  return file.startsWith(root + path.sep) ? file : undefined;
}

export function dashboardStatic(root: string = DASHBOARD_DIST): Hono {
  const app = new Hono();
  const base = path.resolve(root);

  app.get('*', async (c, next) => {
    const urlPath = c.req.path;
    if (urlPath === '/api' || urlPath.startsWith('/api/')) return next();
    const file = resolveStaticPath(base, urlPath);
    if (!file) return next();
    const body = await readRegularFile(file);
    if (body === undefined) {
      if (urlPath === '/' || urlPath === '/index.html') return notBuilt(c);
      return next();
    }
    const hashed = urlPath.startsWith('/assets/');
    return c.body(new Uint8Array(body), 200, {
      ...SECURITY_HEADERS,
      'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()]!,
      // Vite names assets by content hash, so they never change; the page itself must revalidate.
      'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  });

  return app;
}

async function readRegularFile(file: string): Promise<Buffer | undefined> {
  try {
    if (!(await stat(file)).isFile()) return undefined;
    return await readFile(file);
  } catch {
    return undefined;
  }
}

function notBuilt(c: Context): Response {
  return c.text('The review dashboard is not built. Run `npm run build:dashboard` (or start the hub with `npm run hub`).', 503, {
    ...SECURITY_HEADERS,
  });
}
