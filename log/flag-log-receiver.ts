import { FlagEventsMessageSchema, type FlagEventsAnswer } from './flag-log-messages';
import { storeFlagEvents, type FlagLogDb } from './flag-log-db';
import { sealPatientKey } from './patient-digest';

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
  /**
   * The install salt the hub's patient digest is made with (settings/install-salt.ts). Without
   * it — or when it cannot be read — records are stored without a patient key.
   */
  patientSalt?: () => Promise<string>;
  onError?: (error: unknown) => void;
}

/**
 * Stores flag-event batches sent by content scripts, their pseudonymous patient keys replaced by
 * the hub's digest first. Other messages are left for their own listeners (the engine's
 * ensure/ready handshake): returning false tells the browser we will not answer.
 */
export function listenForFlagEvents(onMessage: MessageEventLike, options: FlagLogReceiverOptions): void {
  onMessage.addListener((message, sender, sendResponse) => {
    const parsed = FlagEventsMessageSchema.safeParse(message);
    if (!parsed.success) return false;
    if (sender.id !== options.extensionId) return false;
    sealBatch(parsed.data.events, options.patientSalt)
      .then((sealed) => storeFlagEvents(options.db, sealed))
      .then(
        (outcome) => sendResponse({ ok: true, ...outcome }),
        (error: unknown) => {
          options.onError?.(error);
          sendResponse({ ok: false, message: String(error) });
        },
      );
    return true; // answer asynchronously
  });
}

async function sealBatch(records: readonly unknown[], patientSalt: (() => Promise<string>) | undefined): Promise<unknown[]> {
  const salt = patientSalt ? await patientSalt().catch(() => undefined) : undefined;
  return Promise.all(records.map((record) => sealPatientKey(record, salt)));
}
