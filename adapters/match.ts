import { fail, ok, type Parsed } from '../rules/parse/result';

/**
 * Which profile applies to a page: WebExtension-style match patterns on the URL, optional globs on
 * the path, and whether we run in a frame. Wildcards are matched directly, without building regular
 * expressions out of profile text.
 */

export interface MatchPattern {
  /** "*" stands for http and https. */
  readonly scheme: string;
  /** "*", "*.example.com" or an exact host. */
  readonly host: string;
  /** Undefined: any port. */
  readonly port?: string;
  /** Glob on path + query. */
  readonly path: string;
}

const SCHEMES = new Set(['*', 'http', 'https', 'file']);

export function parseMatchPattern(pattern: string): Parsed<MatchPattern> {
  if (pattern === '<all_urls>') return ok({ scheme: '*', host: '*', path: '/*' });
  const sep = pattern.indexOf('://');
  if (sep === -1) return fail('syntax', `match pattern "${pattern}" lacks "://"`);
  const scheme = pattern.slice(0, sep).toLowerCase();
  if (!SCHEMES.has(scheme)) return fail('scheme', `match pattern "${pattern}": unsupported scheme "${scheme}"`);
  const rest = pattern.slice(sep + 3);
  const slash = rest.indexOf('/');
  if (slash === -1) return fail('syntax', `match pattern "${pattern}" lacks a path (add "/*")`);
  const hostPort = rest.slice(0, slash).toLowerCase();
  const path = rest.slice(slash);
  const colon = hostPort.lastIndexOf(':');
  const host = colon === -1 || hostPort.endsWith(']') ? hostPort : hostPort.slice(0, colon);
  const port = colon === -1 || hostPort.endsWith(']') ? undefined : hostPort.slice(colon + 1);
  if (scheme !== 'file' && host === '') return fail('host', `match pattern "${pattern}" has no host`);
  if (host.includes('*') && host !== '*' && !(host.startsWith('*.') && !host.slice(2).includes('*'))) {
    return fail('host', `match pattern "${pattern}": "*" may only stand alone or start the host ("*.example.com")`);
  }
  if (port !== undefined && port !== '*' && !/^\d{1,5}$/.test(port)) {
    return fail('port', `match pattern "${pattern}": bad port "${port}"`);
  }
  return ok({ scheme, host, port: port === '*' ? undefined : port, path });
}

/** Wildcard match where "*" is any run of characters and "?" any one character. */
export function globMatch(glob: string, text: string): boolean {
  let g = 0;
  let t = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (t < text.length) {
    if (g < glob.length && (glob[g] === '?' || glob[g] === text[t])) {
      g += 1;
      t += 1;
    } else if (g < glob.length && glob[g] === '*') {
      starAt = g;
      resumeAt = t;
      g += 1;
    } else if (starAt !== -1) {
      g = starAt + 1;
      resumeAt += 1;
      t = resumeAt;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') g += 1;
  return g === glob.length;
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : protocol === 'http:' ? '80' : '';
}

export function urlMatches(pattern: MatchPattern, url: URL): boolean {
  const scheme = url.protocol.slice(0, -1);
  if (pattern.scheme === '*' ? scheme !== 'http' && scheme !== 'https' : pattern.scheme !== scheme) return false;
  const host = url.hostname.toLowerCase();
  if (pattern.host.startsWith('*.')) {
    const base = pattern.host.slice(2);
    if (host !== base && !host.endsWith(`.${base}`)) return false;
  } else if (pattern.host !== '*' && pattern.host !== host) {
    return false;
  }
  if (pattern.port !== undefined && pattern.port !== (url.port || defaultPort(url.protocol))) return false;
  return globMatch(pattern.path, url.pathname + url.search);
}

export interface ProfileMatchInput {
  readonly match: { readonly urls: readonly string[]; readonly paths?: readonly string[] | undefined; readonly detect?: string | undefined };
  readonly frames: boolean;
}

export interface PageContext {
  readonly url: string;
  /** True inside an iframe. */
  readonly inFrame?: boolean;
  /** When given, profiles with `match.detect` must find their selector in it. */
  readonly document?: ParentNode;
}

/** Whether a profile applies to a page; invalid URLs, patterns and selectors never match. */
export function profileApplies(profile: ProfileMatchInput, page: PageContext): boolean {
  if (page.inFrame && !profile.frames) return false;
  let url: URL;
  try {
    url = new URL(page.url);
  } catch {
    return false;
  }
  const byUrl = profile.match.urls.some((raw) => {
    const pattern = parseMatchPattern(raw);
    return pattern.ok && urlMatches(pattern.value, url);
  });
  if (!byUrl) return false;
  if (profile.match.paths && !profile.match.paths.some((glob) => globMatch(glob, url.pathname))) return false;
  if (profile.match.detect && page.document) {
    try {
      if (!page.document.querySelector(profile.match.detect)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** The first profile that applies, in the order given (put specific profiles first). */
export function selectProfile<P extends ProfileMatchInput>(profiles: readonly P[], page: PageContext): P | undefined {
  return profiles.find((p) => profileApplies(p, page));
}
