import { selectors, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { launchWithExtension } from './launch-extension';

/**
 * Our overlay and picker live in closed shadow roots, so that the EMR page's scripts can neither
 * read them nor drive them — and neither can Playwright's own CSS engine, which only descends into
 * open roots. The tests reach them the way only a debugger can: over CDP, every closed root of our
 * hosts is resolved into Playwright's *utility* world (an isolated world the page cannot see) and
 * a selector engine that runs in that world queries inside it. Nothing is exposed to the page.
 *
 *   page.locator('pf-overlay=.pf-badge')   // inside <preflight-overlay>'s closed root
 *   page.locator('pf-picker=.pk-panel')    // inside <preflight-picker>'s closed root
 *
 * Clicks, typing and checks are then Playwright's real input, as for any other element.
 *
 * Shared by the browser tests, the demo scenario and the page benchmark. The benchmark's paint
 * probe runs in the page's own world, so it asks for the roots there (`world: 'main'`) — a
 * benchmark page only; the tests never expose anything to the page.
 */

const HOSTS = { 'pf-overlay': 'preflight-overlay', 'pf-picker': 'preflight-picker' } as const;
const STASH = '__preflightTestShadowRoots';
const UTILITY_WORLD = '__playwright_utility_world_';

/**
 * The engine, run in the utility world: the roots stashed there whose host is the given tag.
 * Written as source text, not as a function turned into text: a loader that compiles this file
 * (tsx, for the demo and the benchmark) wraps named functions in helpers the browser lacks.
 */
export function engineSource(hostName: string): string {
  return `(() => {
    const host = ${JSON.stringify(hostName)};
    const stash = ${JSON.stringify(STASH)};
    const roots = (root) => {
      const all = globalThis[stash];
      if (!all) return [];
      return [...all].filter((shadow) =>
        shadow.host.isConnected &&
        shadow.host.localName === host &&
        (root === shadow || root.contains(shadow.host) || shadow.contains(root)));
    };
    const queryAll = (root, selector) =>
      roots(root).flatMap((shadow) => {
        const scope = shadow.contains(root) && root !== shadow ? root : shadow;
        return [...scope.querySelectorAll(selector)];
      });
    return { queryAll, query: (root, selector) => queryAll(root, selector)[0] ?? null };
  })()`;
}

let registered: Promise<void> | undefined;

/** Once per test process, before any page exists. */
export function registerClosedShadowEngines(): Promise<void> {
  registered ??= (async () => {
    for (const [engine, host] of Object.entries(HOSTS)) {
      await selectors.register(engine, { content: engineSource(host) }, { contentScript: true });
    }
  })();
  return registered;
}

interface DomNode {
  nodeName: string;
  localName?: string;
  backendNodeId: number;
  frameId?: string;
  children?: DomNode[];
  shadowRoots?: DomNode[];
  contentDocument?: DomNode;
}

export type RevealWorld = 'utility' | 'main';

/** Keeps the closed roots of our hosts in every frame's utility (or main) world, for this page's lifetime. */
async function revealIn(context: BrowserContext, page: Page, world: RevealWorld, once: boolean): Promise<void> {
  let session: CDPSession;
  try {
    session = await context.newCDPSession(page);
  } catch {
    return;
  }
  const utility = new Map<string, number>(); // frameId → execution context id
  session.on('Runtime.executionContextCreated', ({ context: ctx }) => {
    const aux = ctx.auxData as { frameId?: string; isDefault?: boolean } | undefined;
    const wanted = world === 'main' ? aux?.isDefault === true : ctx.name.startsWith(UTILITY_WORLD);
    if (aux?.frameId && wanted) utility.set(aux.frameId, ctx.id);
  });
  session.on('Runtime.executionContextDestroyed', ({ executionContextId }) => {
    for (const [frame, id] of utility) if (id === executionContextId) utility.delete(frame);
  });
  session.on('Runtime.executionContextsCleared', () => utility.clear());
  try {
    await session.send('Runtime.enable');
    const main = (await session.send('Page.getFrameTree')).frameTree.frame.id;
    const stashed = new Set<string>();
    while (!page.isClosed()) {
      const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
      const found: { frameId: string; backendNodeId: number }[] = [];
      const walk = (node: DomNode, frameId: string) => {
        if (node.localName && Object.values(HOSTS).includes(node.localName as never)) {
          for (const shadow of node.shadowRoots ?? []) found.push({ frameId, backendNodeId: shadow.backendNodeId });
        }
        for (const child of node.children ?? []) walk(child, frameId);
        for (const shadow of node.shadowRoots ?? []) walk(shadow, frameId);
        if (node.contentDocument) walk(node.contentDocument, node.frameId ?? frameId);
      };
      walk(root, main);
      for (const { frameId, backendNodeId } of found) {
        const executionContextId = utility.get(frameId);
        if (executionContextId === undefined || stashed.has(`${executionContextId}:${backendNodeId}`)) continue;
        const { object } = await session.send('DOM.resolveNode', { backendNodeId, executionContextId });
        if (!object.objectId) continue;
        await session.send('Runtime.callFunctionOn', {
          objectId: object.objectId,
          functionDeclaration: `function () { (globalThis[${JSON.stringify(STASH)}] ??= new Set()).add(this); }`,
        });
        await session.send('Runtime.releaseObject', { objectId: object.objectId });
        stashed.add(`${executionContextId}:${backendNodeId}`);
      }
      // Off between walks: an enabled DOM agent would be sent every mutation the page makes.
      await session.send('DOM.disable');
      // The benchmark stops looking once it has the overlay: its walks would be measured too.
      if (once && stashed.size > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } catch {
    // The page closed or navigated mid-walk: the next page gets its own loop.
    if (!page.isClosed()) setTimeout(() => void revealIn(context, page, world, once), 50);
    return;
  }
  await session.detach().catch(() => {});
}

/** Reveals our closed roots to the test (not to the page) in every page of the context. */
export function revealClosedShadowRoots(context: BrowserContext, world: RevealWorld = 'utility', options: { once?: boolean } = {}): void {
  const once = options.once ?? false;
  for (const page of context.pages()) void revealIn(context, page, world, once);
  context.on('page', (page) => void revealIn(context, page, world, once));
}

/** The stash's name in the world it was revealed to (the bench's probe reads it in the main world). */
export const REVEALED_ROOTS = STASH;

/** `launchWithExtension` for specs that start their own browser: our closed roots reachable by the test. */
export async function launchRevealed(...args: Parameters<typeof launchWithExtension>): Promise<BrowserContext> {
  await registerClosedShadowEngines();
  const context = await launchWithExtension(...args);
  revealClosedShadowRoots(context);
  return context;
}
