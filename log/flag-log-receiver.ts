import { FlagEventsMessageSchema, type FlagEventsAnswer } from './flag-log-messages';
import { storeFlagEvents, type FlagLogDb } from './flag-log-db';

/** The slice of `runtime.onMessage` the receiver needs (faked in tests). */
export interface MessageEventLike {
  addListener(
    listener: (message: unknown, sender: { id?: string }, sendResponse: (answer: FlagEventsAnswer) => void) => boolean | undefined,
  ): void;
}

export interface FlagLogReceiverOptions {
  db: FlagLogDb;
  /** Our extension id: batches from anyone else are ignored. */
  extensionId: string;
  onError?: (error: unknown) => void;
}

/**
 * Stores flag-event batches sent by content scripts. Other messages are left for their own
 * listeners (the engine's ensure/ready handshake): returning false tells the browser we will not answer.
 */
export function listenForFlagEvents(onMessage: MessageEventLike, options: FlagLogReceiverOptions): void {
  onMessage.addListener((message, sender, sendResponse) => {
    const parsed = FlagEventsMessageSchema.safeParse(message);
    if (!parsed.success) return false;
    if (sender.id !== options.extensionId) return false;
    storeFlagEvents(options.db, parsed.data.events).then(
      (outcome) => sendResponse({ ok: true, ...outcome }),
      (error: unknown) => {
        options.onError?.(error);
        sendResponse({ ok: false, message: String(error) });
      },
    );
    return true; // answer asynchronously
  });
}
