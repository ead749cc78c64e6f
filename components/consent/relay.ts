import { browser } from 'wxt/browser';
import { CONSENT_OPEN, CONSENT_TAKE, ConsentOpenMessageSchema, ConsentSheetSchema, ConsentTakeMessageSchema, type ConsentSheet } from './sheet';

/**
 * The background's part of the consent sheet: it keeps a sheet in memory for a minute under a
 * random token, opens the sheet page with that token, and gives the sheet out once. Nothing is
 * written to storage, so the patient's name never outlives the printout.
 */

const HOLD_MS = 60_000;
const held = new Map<string, { sheet: ConsentSheet; timer: ReturnType<typeof setTimeout> }>();

function token(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function startConsentRelay(): void {
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (type === CONSENT_OPEN) {
      const parsed = ConsentOpenMessageSchema.safeParse(message);
      if (!parsed.success) return Promise.resolve({ ok: false });
      const id = token();
      held.set(id, { sheet: parsed.data.sheet, timer: setTimeout(() => held.delete(id), HOLD_MS) });
      const url = browser.runtime.getURL(`/consent.html#${id}`);
      const opener = sender.tab?.id;
      return browser.tabs
        .create({ url, ...(opener !== undefined ? { openerTabId: opener, index: (sender.tab?.index ?? 0) + 1 } : {}) })
        .then(() => ({ ok: true }), () => ({ ok: false }));
    }
    if (type === CONSENT_TAKE) {
      // Only our own sheet page takes a sheet, never a content script.
      if (!sender.url?.startsWith(browser.runtime.getURL('/'))) return Promise.resolve({ ok: false });
      const parsed = ConsentTakeMessageSchema.safeParse(message);
      const entry = parsed.success ? held.get(parsed.data.token) : undefined;
      if (!parsed.success || !entry) return Promise.resolve({ ok: false });
      clearTimeout(entry.timer);
      held.delete(parsed.data.token);
      return Promise.resolve({ ok: true, sheet: entry.sheet });
    }
    return undefined;
  });
}

/** The sheet page asks for its sheet by the token in its URL. */
export async function takeSheet(id: string): Promise<ConsentSheet | undefined> {
  const answer = (await browser.runtime.sendMessage({ type: CONSENT_TAKE, token: id })) as { ok?: boolean; sheet?: unknown } | undefined;
  if (!answer?.ok) return undefined;
  const parsed = ConsentSheetSchema.safeParse(answer.sheet);
  return parsed.success ? parsed.data : undefined;
}
