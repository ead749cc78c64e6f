import { z } from 'zod';
import {
  PACK_CHECK_NOW_MESSAGE,
  PACK_INSTALL_MESSAGE,
  PACK_STATUS_MESSAGE,
  PackCheckNowRequestSchema,
  PackInstallRequestSchema,
  PackStatusRequestSchema,
  type PackActionAnswer,
  type PackStatus,
} from './messages';
import {
  PACK_ACCEPTANCE_MESSAGE,
  PACK_STORE_CHANGED_MESSAGE,
  PackAcceptanceRequestSchema,
  PackStoreChangedSchema,
  type PackAcceptanceAnswer,
} from './owner-messages';

/** Everything this listener answers: the pages' requests and the engine owner's. */
const ServiceMessageSchema = z.discriminatedUnion('type', [
  PackStatusRequestSchema,
  PackCheckNowRequestSchema,
  PackInstallRequestSchema,
  PackAcceptanceRequestSchema,
  PackStoreChangedSchema,
]);

/** The parts of `runtime.MessageSender` the trust decision reads. */
export interface PackMessageSender {
  id?: string;
  url?: string;
  tab?: { url?: string };
}

/** The slice of `runtime.onMessage` used here (faked in tests). */
export interface PackMessageEvent {
  addListener(listener: (message: unknown, sender: PackMessageSender, sendResponse: (answer: unknown) => void) => boolean | undefined): void;
}

export interface PackRequestHandlers {
  status(): Promise<PackStatus>;
  checkNow(): Promise<PackActionAnswer>;
  install(envelope: string): Promise<PackActionAnswer>;
  /** For the engine owner: the trusted keys and expected id in force now. */
  acceptance(): Promise<PackAcceptanceAnswer>;
}

export interface PackListenerOptions {
  extensionId: string;
  /** `runtime.getURL('/')`. */
  extensionOrigin: string;
  onError?: (error: unknown) => void;
}

/**
 * Only our own extension pages (options, popup, offscreen document) may drive the pack service.
 * A content script shares our extension id but runs in the EMR page: its sender URL is that page,
 * and its tab shows that page — either one outside our origin is refused.
 */
export function isExtensionPage(sender: PackMessageSender, options: PackListenerOptions): boolean {
  if (sender.id !== options.extensionId) return false;
  if (!sender.url?.startsWith(options.extensionOrigin)) return false;
  const tabUrl = sender.tab?.url;
  return tabUrl === undefined || tabUrl.startsWith(options.extensionOrigin);
}

function answer<T>(work: Promise<T>, sendResponse: (answer: unknown) => void, onError?: (error: unknown) => void): true {
  work.then(sendResponse, (error: unknown) => {
    onError?.(error);
    sendResponse(undefined);
  });
  return true; // answers asynchronously
}

/**
 * Answers the pack messages of messages.ts and owner-messages.ts. Anything else is left for the
 * other listeners (returning false tells the browser this one will not answer).
 */
export function listenForPackRequests(onMessage: PackMessageEvent, handlers: PackRequestHandlers, options: PackListenerOptions): void {
  onMessage.addListener((message, sender, sendResponse) => {
    const parsed = ServiceMessageSchema.safeParse(message);
    if (!parsed.success || !isExtensionPage(sender, options)) return false;
    const request = parsed.data;
    switch (request.type) {
      case PACK_STATUS_MESSAGE:
        return answer(handlers.status(), sendResponse, options.onError);
      case PACK_CHECK_NOW_MESSAGE:
        return answer(handlers.checkNow(), sendResponse, options.onError);
      case PACK_INSTALL_MESSAGE:
        return answer(handlers.install(request.envelope), sendResponse, options.onError);
      case PACK_ACCEPTANCE_MESSAGE:
        return answer(handlers.acceptance(), sendResponse, options.onError);
      case PACK_STORE_CHANGED_MESSAGE:
        return answer(handlers.status().then(() => ({ ok: true })), sendResponse, options.onError);
    }
  });
}
