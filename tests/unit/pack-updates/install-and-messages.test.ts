import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { GeneratedKeys } from '../../../rules/pack/signature';
import { REJECT_MESSAGES } from '../../../rules/pack/accept';
import {
  PACK_CHECK_NOW_MESSAGE,
  PACK_INSTALL_MESSAGE,
  PACK_STATUS_MESSAGE,
  PackActionAnswerSchema,
  PackStatusSchema,
} from '../../../pack-updates/messages';
import { PACK_ACCEPTANCE_MESSAGE, PACK_STORE_CHANGED_MESSAGE } from '../../../pack-updates/owner-messages';
import { isExtensionPage, listenForPackRequests, type PackMessageEvent, type PackMessageSender, type PackRequestHandlers } from '../../../pack-updates/request-listener';
import { ADDED_RULE, BUILTIN_ID, fakeFetch, flaggedRules, makeService, newKeys, NOW, packServer, packVersion, signed, tampered, UPDATE_URL } from './support';

let keys: GeneratedKeys;
let v2: string;
let v3: string;
beforeAll(async () => {
  keys = await newKeys();
  [v2, v3] = await Promise.all([signed(packVersion('2026.11.2'), keys), signed(packVersion('2026.11.3'), keys)]);
});

const noFetch = fakeFetch(() => {
  throw new Error('install must not fetch');
});

describe('install a hand-picked signed pack', () => {
  it('verifies, loads and stores it with source installed; the update URL ETag is left alone', async () => {
    const h = makeService({ deployment: { trustedKeys: [keys.publicKey] }, fetch: noFetch });
    const answer = await h.service.install(v2);
    expect(PackActionAnswerSchema.parse(answer)).toEqual(answer);
    expect(answer.ok).toBe(true);
    expect(answer.status.active).toMatchObject({ id: BUILTIN_ID, version: '2026.11.2', source: 'installed', keyId: keys.publicKey.keyId, activatedAt: NOW.toISOString() });
    expect(flaggedRules(h.engine)).toContain(ADDED_RULE.id);
    expect((await h.store.readActive())?.envelope).toBe(v2);
    // An install is not an update check.
    expect(answer.status.lastCheck).toBeNull();
  });

  it('installing the version already active is refused as not-newer and changes nothing', async () => {
    const h = makeService({ deployment: { trustedKeys: [keys.publicKey] }, fetch: noFetch });
    await h.service.install(v2);
    const loads = h.engine.loads;
    const answer = await h.service.install(v2);
    expect(answer).toMatchObject({ ok: false, rejection: { reason: 'not-newer' }, status: { active: { version: '2026.11.2' } } });
    expect(answer.rejection?.message).toContain(REJECT_MESSAGES['not-newer'].zh);
    expect(h.engine.loads).toBe(loads);
  });

  it('an older version than the one from the update URL is a rollback', async () => {
    const server = packServer(v3);
    const h = makeService({ deployment: { packUpdateUrl: UPDATE_URL, trustedKeys: [keys.publicKey] }, fetch: server.fetch });
    await h.service.checkNow();
    const answer = await h.service.install(v2);
    expect(answer).toMatchObject({ ok: false, rejection: { reason: 'rollback' }, status: { active: { version: '2026.11.3', source: 'update-url' } } });
  });

  it('refuses unsigned and tampered envelopes with their reasons', async () => {
    const h = makeService({ deployment: { trustedKeys: [keys.publicKey] }, fetch: noFetch });
    expect((await h.service.install(packVersion('2026.11.2'))).rejection?.reason).toBe('unsigned');
    expect((await h.service.install(tampered(v2))).rejection?.reason).toBe('bad-signature');
    expect((await h.service.install('{"format":"preflight-signed-pack"}')).rejection?.reason).toBe('not-envelope');
    expect(await h.store.readActive()).toBeUndefined();
    expect(h.engine.loads).toBe(0);
  });

  it('an install keeps the ETag of the update URL, so the URL pack is not re-downloaded for nothing', async () => {
    const server = packServer(v2);
    const h = makeService({ deployment: { packUpdateUrl: UPDATE_URL, trustedKeys: [keys.publicKey] }, fetch: server.fetch });
    await h.service.checkNow();
    await h.service.install(v3);
    const answer = await h.service.checkNow();
    expect(server.fetch.requests.at(-1)!.headers['if-none-match']).toBe(server.etag);
    expect(answer.status).toMatchObject({ lastCheck: { outcome: 'not-modified' }, active: { version: '2026.11.3', source: 'installed' } });
  });
});

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;
const options = { extensionId: EXTENSION_ID, extensionOrigin: ORIGIN };

const optionsPage: PackMessageSender = { id: EXTENSION_ID, url: `${ORIGIN}options.html`, tab: { url: `${ORIGIN}options.html` } };
const popup: PackMessageSender = { id: EXTENSION_ID, url: `${ORIGIN}popup.html` };
const offscreen: PackMessageSender = { id: EXTENSION_ID, url: `${ORIGIN}offscreen.html` };
const contentScript: PackMessageSender = { id: EXTENSION_ID, url: 'http://127.0.0.1:3000/outpatient.html', tab: { url: 'http://127.0.0.1:3000/outpatient.html' } };
const otherExtension: PackMessageSender = { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: 'chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/x.html' };

describe('who may talk to the pack service', () => {
  it('our extension pages may; content scripts and other extensions may not', () => {
    expect(isExtensionPage(optionsPage, options)).toBe(true);
    expect(isExtensionPage(popup, options)).toBe(true);
    expect(isExtensionPage(offscreen, options)).toBe(true);
    expect(isExtensionPage({ ...optionsPage, tab: {} }, options)).toBe(true); // tab URL hidden without the tabs permission
    expect(isExtensionPage(contentScript, options)).toBe(false);
    expect(isExtensionPage(otherExtension, options)).toBe(false);
    // A content script in a page whose frame URL was made to look like ours still shows the page's tab.
    expect(isExtensionPage({ ...contentScript, url: `${ORIGIN}options.html` }, options)).toBe(false);
    expect(isExtensionPage({ id: EXTENSION_ID }, options)).toBe(false);
  });
});

describe('pack message listener', () => {
  function setup() {
    const status = PackStatusSchema.parse({ active: null, updateUrl: null, intervalMinutes: 30, lastCheck: null, nextCheckAt: null });
    const handlers: PackRequestHandlers = {
      status: vi.fn(async () => status),
      checkNow: vi.fn(async () => ({ ok: true, status })),
      install: vi.fn(async () => ({ ok: true, status })),
      acceptance: vi.fn(async () => ({ trustedKeys: [keys.publicKey] })),
    };
    let listener!: Parameters<PackMessageEvent['addListener']>[0];
    listenForPackRequests({ addListener: (l) => (listener = l) }, handlers, options);
    /** Delivers a message as the browser would; `handled` is the listener's return value. */
    async function send(message: unknown, sender: PackMessageSender): Promise<{ handled: boolean | undefined; answer: unknown }> {
      let answer: unknown;
      let handled: boolean | undefined;
      await new Promise<void>((resolve) => {
        handled = listener(message, sender, (a) => {
          answer = a;
          resolve();
        });
        if (handled !== true) resolve();
      });
      return { handled, answer };
    }
    return { handlers, status, send };
  }

  it('answers status, check-now and install from the options page', async () => {
    const { handlers, status, send } = setup();
    expect(await send({ type: PACK_STATUS_MESSAGE }, optionsPage)).toEqual({ handled: true, answer: status });
    expect(await send({ type: PACK_CHECK_NOW_MESSAGE }, popup)).toEqual({ handled: true, answer: { ok: true, status } });
    expect((await send({ type: PACK_INSTALL_MESSAGE, envelope: v2 }, optionsPage)).handled).toBe(true);
    expect(handlers.install).toHaveBeenCalledWith(v2);
  });

  it('answers the engine owner (offscreen document) with the trusted keys, and republishes on store changes', async () => {
    const { handlers, send } = setup();
    expect(await send({ type: PACK_ACCEPTANCE_MESSAGE }, offscreen)).toEqual({ handled: true, answer: { trustedKeys: [keys.publicKey] } });
    await send({ type: PACK_STORE_CHANGED_MESSAGE }, offscreen);
    expect(handlers.status).toHaveBeenCalledTimes(1);
  });

  it('ignores content scripts: no install, no check, not even status', async () => {
    const { handlers, send } = setup();
    for (const message of [{ type: PACK_INSTALL_MESSAGE, envelope: v2 }, { type: PACK_CHECK_NOW_MESSAGE }, { type: PACK_STATUS_MESSAGE }, { type: PACK_ACCEPTANCE_MESSAGE }]) {
      expect((await send(message, contentScript)).handled).toBe(false);
    }
    expect(handlers.install).not.toHaveBeenCalled();
    expect(handlers.checkNow).not.toHaveBeenCalled();
    expect(handlers.status).not.toHaveBeenCalled();
  });

  it('leaves other messages and malformed requests to other listeners', async () => {
    const { handlers, send } = setup();
    expect((await send({ type: 'preflight:ensure-engine' }, optionsPage)).handled).toBe(false);
    expect((await send({ type: PACK_INSTALL_MESSAGE }, optionsPage)).handled).toBe(false);
    expect((await send({ type: PACK_INSTALL_MESSAGE, envelope: 42 }, optionsPage)).handled).toBe(false);
    expect((await send('junk', optionsPage)).handled).toBe(false);
    expect(handlers.install).not.toHaveBeenCalled();
  });
});
