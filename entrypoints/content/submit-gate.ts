import type { Decision } from '../../contract/decision';
import type { Finding } from '../../contract/findings';
import type { Order } from '../../contract/order';
import type { PreflightSettings } from '../../settings/schema';
import type { CheckState } from './check-loop';
import type { FindingLedger } from './finding-ledger';
import { findingsToReview } from './finding-policy';
import { loggedFinding, type FlagRecorder } from './flag-recorder';
import { refreshReview, type OpenReview } from './review-state';
import { PASS, type SubmitOutcome, type SubmitVerdict } from './submit-guard';
import { roundMs } from './timing';

/**
 * The pre-submit decision on a checked order: pass a clean or unchecked one, or hold it while
 * the review dialog is open, and log what was decided (submit-check, each continued finding's
 * decision, the review's outcome). Reading the page at the moment of submission and waiting for
 * the engine are the controller's; this is what follows once the answer is known.
 */

export type SubmitCheckOutcome = 'clean' | 'review' | 'incomplete' | 'adapter-broken' | 'silent';

export interface GateHost {
  readonly ledger: FindingLedger;
  readonly recorder: FlagRecorder;
  settings(): PreflightSettings;
  packVersion(): string | undefined;
  /** The order on the page as last read. */
  order(): Order | null | undefined;
  render(): void;
  /** Takes the doctor to a line of the order (after 返回修改). */
  focusLine(lineId: string): void;
}

export class SubmitGate {
  private open: OpenReview | undefined;

  constructor(private readonly host: GateHost) {}

  /** The review dialog while it is open. */
  get review(): OpenReview | undefined {
    return this.open;
  }

  /** A new result came in while the dialog is open: items resolve, come back or are added. */
  refresh(findings: readonly Finding[]): void {
    if (this.open) this.open = refreshReview(this.open, findings, findingsToReview(findings, this.host.ledger, this.host.settings()));
  }

  verdictFor(state: CheckState, waitedMs: number): SubmitVerdict {
    if (state.kind === 'failed') {
      this.log('incomplete', waitedMs);
      return PASS;
    }
    const toReview = findingsToReview(state.findings, this.host.ledger, this.host.settings());
    if (toReview.length === 0) {
      this.log('clean', waitedMs);
      return PASS;
    }
    this.log('review', waitedMs);
    const orderId = state.snapshot.order!.id;
    const until = new Promise<SubmitOutcome>((resolve) => {
      this.open = { orderId, findings: toReview, resolve };
    });
    this.host.render();
    return { kind: 'hold', until };
  }

  log(outcome: SubmitCheckOutcome, waitedMs: number): void {
    this.host.recorder.record({
      type: 'submit-check',
      orderId: this.host.order()?.id,
      packVersion: this.host.packVersion(),
      outcome,
      waitedMs: roundMs(waitedMs),
    });
  }

  /** The doctor's answer in the dialog: 继续提交 with a decision per finding, or 返回修改. */
  close(outcome: SubmitOutcome, decisions: readonly Decision[], focusFirst = true): void {
    const review = this.open;
    if (!review) return;
    this.open = undefined;
    const { host } = this;
    const order = host.order();
    if (outcome === 'submit') {
      decisions.forEach((decision, i) => {
        // The dialog answers the findings in the order given; one rule can raise two on a line.
        const sameRef = (f: Finding | undefined) => f?.ruleId === decision.findingRef.ruleId && f.lineId === decision.findingRef.lineId;
        const finding = sameRef(review.findings[i]) ? review.findings[i] : review.findings.find(sameRef);
        if (!finding || decision.decision !== 'continued') return;
        host.ledger.markContinued(finding);
        host.recorder.record({
          type: 'decision',
          orderId: review.orderId,
          packVersion: host.packVersion(),
          finding: loggedFinding(finding, order),
          decision,
        });
      });
    }
    host.recorder.record({
      type: 'review',
      orderId: review.orderId,
      packVersion: host.packVersion(),
      outcome: outcome === 'submit' ? 'continued' : 'returned',
      findingCount: review.findings.length,
    });
    host.render();
    review.resolve(outcome);
    if (outcome === 'cancel' && focusFirst) {
      const first = review.findings.find((f, i) => f.lineId !== undefined && !review.resolved?.[i]);
      if (first?.lineId) host.focusLine(first.lineId);
    }
  }

  /** The form is gone: a held submission goes as the page sent it. */
  dispose(): void {
    this.open?.resolve('submit');
    this.open = undefined;
  }
}
