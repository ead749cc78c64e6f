import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The review dashboard's built files (hub/dashboard/dist, made by `npm run build:dashboard`) at
 * `/`, served by @hono/node-server's serveStatic. Only files that exist under the folder and have
 * a known type are served, with the dashboard's own headers; everything else falls through to the
 * hub's JSON 404, and `/api/` is never answered here.
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

/**
 * The content type of the file a URL path names, or undefined when the path may not be served:
 * only plain file names of a known type — no dot files (the build's source list), no escapes
 * (%2e%2e, %00), no backslashes, colons or empty segments. serveStatic refuses `..` itself and
 * stays inside the folder; this narrows what it is asked for.
 */
export function staticType(urlPath: string): string | undefined {
  const named = urlPath === '/' ? '/index.html' : urlPath;
  if (named.includes('%')) return undefined;
  const segments = named.split('/').slice(1);
  if (segments.some((s) => s === '' || s.startsWith('.') || /[\\\0:]/.test(s))) return undefined;
  return CONTENT_TYPES[path.extname(named).toLowerCase()];
}

export function dashboardStatic(root: string = DASHBOARD_DIST): Hono {
  const app = new Hono();
  const base = path.resolve(root);
  // Made once the folder is there: serveStatic complains at creation about a missing root, and
  // the dashboard may be built while the hub runs.
  let serve: MiddlewareHandler | undefined;

  app.get('*', async (c, next) => {
    const urlPath = c.req.path;
    if (urlPath === '/api' || urlPath.startsWith('/api/')) return next();
    const type = staticType(urlPath);
    if (!type) return next();
    if (!serve && existsSync(base)) serve = serveStatic({ root: base });
    let missing = !serve;
    const response = serve
      ? await serve(c, async () => {
          missing = true;
        })
      : undefined;
    if (missing || !(response instanceof Response)) {
      if (urlPath === '/' || urlPath === '/index.html') return notBuilt(c);
      return next();
    }
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
    response.headers.set('Content-Type', type);
    // Vite names assets by content hash, so they never change; the page itself must revalidate.
    response.headers.set('Cache-Control', urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    return response;
  });

  return app;
}

function notBuilt(c: Context): Response {
  return c.text('The review dashboard is not built. Run `npm run build:dashboard` (or start the hub with `npm run hub`).', 503, {
    ...SECURITY_HEADERS,
  });
}
