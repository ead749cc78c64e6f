import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Window } from 'happy-dom';
import { extractOrder } from '../adapters/extract';
import { frameGlobs, isFrame, readFrame, type Elsewhere, type FrameRead } from '../adapters/frame-reads';
import { globMatch } from '../adapters/match';
import type { SiteProfile } from '../adapters/profile-schema';
import { adapterBroken, unreadFields } from '../adapters/problems';
import { checkProfile } from '../adapters/runtime-profiles';
import { safeQuery } from '../adapters/locate';
import { fieldName } from '../contract/order-fields';
import type { ProfileProblem } from '../contract/profile-problems';

/**
 * `preflight profile test PROFILE.json PAGE.html`: reads a saved EMR page through a site profile
 * as the extension would, and prints the order it gets and the problems it meets — so IT can check
 * a profile against the hospital's page before deploying it. The page's scripts do not run: save
 * the page once it shows an order (the browser's "save page as", or its outerHTML).
 *
 * A tool beside the CLI (bin/preflight.mjs hands `profile` here): the CLI itself takes only the
 * contract and the engine, and reading a page is the adapter's job.
 */

export const PROFILE_USAGE = `usage: preflight profile test <profile.json> <page.html> [--frame PATH=page.html]… [--today YYYY-MM-DD] [--json]
  Reads the saved page through the site profile and prints the order and the problems.
  --frame: a saved page of another frame (its URL path, e.g. /his/patient.jsp), for the fields the profile places there.
  exit status: 0 the page fits the profile (warnings allowed), 1 页面适配失效, 2 invalid profile or usage`;

export interface ProfileTestIO {
  readFile(file: string): Promise<string>;
  out(text: string): void;
  err(text: string): void;
}

const nodeIO: ProfileTestIO = {
  readFile: (file) => readFile(file, 'utf8').then((text) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)),
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
};

interface Args {
  profile: string;
  page: string;
  /** Other frames' saved pages by their URL path. */
  frames: Array<{ path: string; file: string }>;
  today?: string;
  json: boolean;
}

function parse(argv: readonly string[]): Args | string {
  const rest = [...argv];
  if (rest[0] === 'profile') rest.shift();
  if (rest.shift() !== 'test') return 'unknown profile command';
  const files: string[] = [];
  const frames: Args['frames'] = [];
  let today: string | undefined;
  let json = false;
  while (rest.length > 0) {
    const arg = rest.shift()!;
    if (arg === '--json') json = true;
    else if (arg === '--frame') {
      const spec = rest.shift() ?? '';
      const at = spec.indexOf('=');
      if (!spec.startsWith('/') || at < 2 || at === spec.length - 1) return '--frame needs PATH=FILE, the path as the frame\'s URL has it (/his/patient.jsp=patient.html)';
      frames.push({ path: spec.slice(0, at), file: spec.slice(at + 1) });
    } else if (arg === '--today') {
      today = rest.shift();
      if (!today || !/^\d{4}-\d{2}-\d{2}$/.test(today)) return '--today needs a date as YYYY-MM-DD';
    } else if (arg.startsWith('--')) return `unknown option: ${arg}`;
    else files.push(arg);
  }
  if (files.length !== 2) return 'profile test needs a profile file and a page file';
  return { profile: files[0]!, page: files[1]!, frames, today, json };
}

/** The saved page as the browser parses it, without running its scripts or loading anything. */
export function parseSavedPage(html: string): Document {
  const window = new Window({
    settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true, disableIframePageLoading: true },
  });
  const doc = new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
  // happy-dom picks the wrong <option selected> (capricorn86/happy-dom#2372): as a browser would.
  for (const select of Array.from(doc.querySelectorAll('select:not([multiple])'))) {
    const chosen = Array.from(select.querySelectorAll('option[selected]')).pop() as HTMLOptionElement | undefined;
    if (chosen) (select as HTMLSelectElement).value = chosen.value;
  }
  return doc;
}

const SEVERITY_WORD = { error: 'ERROR  ', warning: 'warning' } as const;

function problemLine(p: ProfileProblem): string {
  const where = [p.field, p.lineId !== undefined ? `line ${p.lineId}` : undefined].filter(Boolean).join(', ');
  return `  ${SEVERITY_WORD[p.severity]} ${p.code}: ${p.message}${where ? `  (${where})` : ''}`;
}

export async function runProfileTest(argv: readonly string[], io: ProfileTestIO = nodeIO): Promise<number> {
  const args = parse(argv);
  if (typeof args === 'string') {
    io.err(`preflight: ${args}\n${PROFILE_USAGE}`);
    return 2;
  }
  let raw: unknown;
  let html: string;
  let frameHtml: string[];
  try {
    raw = JSON.parse(await io.readFile(args.profile));
    html = await io.readFile(args.page);
    frameHtml = await Promise.all(args.frames.map((f) => io.readFile(f.file)));
  } catch (error) {
    io.err(`preflight: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const checked = checkProfile(raw);
  if (!checked.ok) {
    io.err(`preflight: ${args.profile} is not a valid site profile:\n${checked.issues.map((i) => `  ${i.path || '(profile)'}: ${i.message}`).join('\n')}`);
    return 2;
  }
  const profile = checked.profile;
  const doc = parseSavedPage(html);
  const elsewhere = otherFrames(profile, args.frames.map((f, i) => ({ path: f.path, doc: parseSavedPage(frameHtml[i]!) })));
  const result = extractOrder(doc, profile, { today: args.today, ...(elsewhere ? { elsewhere } : {}) });
  const broken = adapterBroken(result.problems) || result.order === null;
  const unread = unreadFields(result.problems).map(fieldName);
  const detect = profile.match.detect ? safeQuery(doc, profile.match.detect) : undefined;
  const detected = detect === undefined ? undefined : detect.ok && detect.value !== null;
  if (args.json) {
    io.out(JSON.stringify({ profileId: profile.id, fits: !broken, detected, unread, problems: result.problems, order: result.order }, null, 2));
    return broken ? 1 : 0;
  }
  io.out(`profile ${profile.id} (${profile.name}) on ${path.basename(args.page)}`);
  if (detected === false) io.out(`  the page lacks match.detect (${profile.match.detect}): the extension would not pick this profile here`);
  io.out(broken ? 'result: 页面适配失效 — the page no longer fits the profile; nothing would be checked' : 'result: the page fits the profile');
  if (!broken && unread.length > 0) io.out(`unread: ${unread.join('、')} (checked without; rules needing them report a data gap)`);
  const unsaved = frameGlobs(profile).filter((glob) => !args.frames.some((f) => globMatch(glob, f.path)));
  if (unsaved.length > 0) io.out(`frames: fields placed in ${unsaved.join(', ')} were looked for in this page; pass --frame PATH=FILE with that frame's saved page`);
  if (!profile.orders.rowId && !profile.orders.rowKey) io.out('rows: numbered by position — a decision may move to another line when rows are deleted or sorted; set orders.rowKey (or rowId)');
  io.out(result.problems.length === 0 ? 'problems: none' : `problems (${result.problems.length}):\n${result.problems.map(problemLine).join('\n')}`);
  io.out(`order:\n${JSON.stringify(result.order, null, 2)}`);
  return broken ? 1 : 0;
}

/** The saved pages of other frames, as the order frame would receive their reads; undefined without any. */
function otherFrames(profile: SiteProfile, pages: Array<{ path: string; doc: Document }>): Elsewhere | undefined {
  if (pages.length === 0) return undefined;
  const reads = pages.map((page) => {
    const url = new URL(page.path, 'http://saved.invalid').href;
    return { url, read: readFrame(page.doc, profile, url) };
  });
  const find = (glob: string): { read: FrameRead } | undefined => reads.find((r) => isFrame(glob, r.url));
  // A frame no saved page stands for is looked for in the page itself (as before frames existed).
  return { here: (glob) => find(glob) === undefined, read: (glob) => find(glob)?.read };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  runProfileTest(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
