import { FlagEventSchema, type FlagEvent, type FlagEventDraft, type LoggedFinding } from '../../log/flag-event';
import type { Finding } from '../../rules/contract/findings';
import type { Order } from '../../rules/contract/order';

/** Stamps drafts with id, time, session and page, and hands them to the sender. */
export interface FlagRecorder {
  record(draft: FlagEventDraft): void;
}

export interface FlagRecorderOptions {
  sessionId: string;
  profileId: string;
  /** The page URL; only its origin and path are kept. */
  url: string;
  sink: (event: FlagEvent) => void;
  clock?: () => Date;
  newId?: () => string;
  /** Called with drafts that fail the schema: a bug on our side, never the page's fault. */
  onInvalid?: (draft: FlagEventDraft, message: string) => void;
}

export function pageOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`.slice(0, 500);
  } catch {
    return '';
  }
}

export function createFlagRecorder(options: FlagRecorderOptions): FlagRecorder {
  const clock = options.clock ?? (() => new Date());
  const newId = options.newId ?? (() => crypto.randomUUID());
  const page = pageOf(options.url);
  return {
    record(draft) {
      const parsed = FlagEventSchema.safeParse({
        ...draft,
        id: newId(),
        at: clock().toISOString(),
        sessionId: options.sessionId,
        profileId: options.profileId,
        page,
      });
      if (parsed.success) options.sink(parsed.data);
      else options.onInvalid?.(draft, parsed.error.message.slice(0, 300));
    },
  };
}

/** The logged form of a finding: identity and line code, not the texts. */
export function loggedFinding(finding: Finding, order: Order | null | undefined): LoggedFinding {
  const line = finding.lineId === undefined ? undefined : order?.lines.find((l) => l.id === finding.lineId);
  return {
    ruleId: finding.ruleId,
    kind: finding.kind,
    severity: finding.severity,
    ...(finding.lineId !== undefined ? { lineId: finding.lineId } : {}),
    ...(finding.amountAtRisk !== undefined ? { amountAtRisk: finding.amountAtRisk } : {}),
    ...(line ? { lineCode: line.code.slice(0, 64) } : {}),
  };
}
