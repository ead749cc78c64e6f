import { probeWriteBack, writeBackLive, type SiteProfile, type WritableField } from '../../adapters';
import { DecisionSchema, type DecisionKind } from '../../contract/decision';
import type { Action, ActionType, Finding } from '../../contract/findings';
import type { Order } from '../../contract/order';
import type { ChangeScheduler } from './change-scheduler';
import type { FindingLedger } from './finding-ledger';
import { loggedFinding, type FlagRecorder } from './flag-recorder';
import type { OrderSnapshot } from './order-reader';
import { columnLabel, FailedFixes, manualFixText } from './fix-notes';
import { diagnosisEntry, findingElement } from './page-places';
import { reportError, settle } from './safe';

/**
 * What the doctor does to a finding from our UI, outside the review's own bookkeeping: one-click
 * fixes written into the page, attestations, 本次不再提示, 报告误报, going to a line or to the
 * diagnosis field, and the finding being looked at (its field outlined). Each is logged as a
 * decision or an objection in the flag log.
 */

export interface ActionHost {
  readonly document: Document;
  readonly profile: SiteProfile;
  readonly ledger: FindingLedger;
  readonly recorder: FlagRecorder;
  readonly scheduler: ChangeScheduler;
  clock(): Date;
  snapshot(): OrderSnapshot | undefined;
  /** The order the last result was for, when the page has none right now. */
  checkedOrder(): Order | null;
  packVersion(): string | undefined;
  /** Line id → the row as the page numbers it (第 3 行), for the manual step of a failed fix. */
  rowLabels?(): Readonly<Record<string, string>>;
  render(): void;
}

/** Which field a one-click action writes, and the value it writes. */
const ACTION_FIELDS: Partial<Record<ActionType, WritableField>> = {
  'set-days': 'days',
  'set-quantity': 'quantity',
  'mark-self-pay': 'selfPay',
  'set-dose': 'dose',
};

function actionValue(action: Action): number | boolean | undefined {
  if (action.type === 'mark-self-pay') return true;
  const value = typeof action.value === 'string' ? Number(action.value) : action.value;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export class DoctorActions {
  /** Bumped on each dismissal, so the visible list is rebuilt only when it can have changed. */
  dismissals = 0;
  /** The finding the doctor is on in a popover, the panel or the review. */
  private focused: Finding | undefined;
  private renderQueued = false;
  /** An element outlined for the focused finding instead of its own field (the diagnosis entry). */
  private outlined: Element | undefined;
  /** Line id → why it went 自费 (the finding's message), for the consent sheet. Memory only. */
  readonly selfPayReasons = new Map<string, string>();
  private readonly failedFixes = new FailedFixes();
  /** Fixes being written (a click-to-edit grid takes a moment): a second click waits for the first. */
  private readonly writing = new Set<string>();

  constructor(private readonly host: ActionHost) {}

  canApply(action: Action, finding: Finding): boolean {
    // "已确认：…" attests a condition no page shows; it writes nothing, so any page can take it.
    if (action.type === 'confirm') return true;
    const write = this.writeOf(action, finding);
    if (!write || this.failedFixes.why(finding, action) !== undefined) return false;
    // The live cell, not only the profile: a cell that is not editable gets the manual step instead.
    return probeWriteBack(write.row, write.field, this.host.profile).ok;
  }

  /**
   * Why a fix the profile allows cannot be made here, with the step to take by hand; undefined
   * for fixes that can be made and for actions that never write.
   */
  fixNote(action: Action, finding: Finding): string | undefined {
    const write = this.writeOf(action, finding);
    if (!write) return undefined;
    const probe = probeWriteBack(write.row, write.field, this.host.profile);
    const why = this.failedFixes.why(finding, action) ?? (probe.ok ? undefined : probe.message);
    if (why === undefined) return undefined;
    const row = this.host.rowLabels?.()[finding.lineId!] ?? finding.lineId!;
    return manualFixText({ why, row, column: columnLabel(this.host.profile, write.field), value: write.value });
  }

  /** The field, value and row a write action concerns, when the profile allows writing that field. */
  private writeOf(action: Action, finding: Finding): { field: WritableField; value: number | boolean; row: Element } | undefined {
    const field = ACTION_FIELDS[action.type];
    const value = actionValue(action);
    if (!field || value === undefined || !this.host.profile.writeBack.includes(field) || finding.lineId === undefined) return undefined;
    const row = this.host.snapshot()?.rows.get(finding.lineId);
    return row?.isConnected ? { field, value, row } : undefined;
  }

  /** Resolves when a write is over (done or failed), so the card that asked can show the outcome. */
  apply(finding: Finding, action: Action): Promise<void> | undefined {
    if (action.type === 'confirm') {
      this.confirm(finding, action);
      return undefined;
    }
    const write = this.writeOf(action, finding);
    if (!write) return undefined;
    const key = `${finding.ruleId}\u0000${finding.lineId}\u0000${action.type}`;
    if (this.writing.has(key)) return undefined;
    this.writing.add(key);
    const done = writeBackLive(write.row, write.field, write.value, this.host.profile)
      .then((written) => {
        if (!written.ok) {
          // The doctor sees why and what to do by hand (fixNote); IT sees the reason in the log.
          this.failedFixes.note(finding, action, written);
          reportError('write-back', new Error(`${written.reason}: ${written.message}`));
          this.host.render();
          return;
        }
        if (action.type === 'mark-self-pay' && finding.lineId !== undefined) this.selfPayReasons.set(finding.lineId, finding.message);
        this.host.ledger.markDecided(finding);
        this.log(finding, 'modified', action.type);
        // The page's own input/change handlers ran during the write (totals recomputed): check now.
        this.host.scheduler.markRow(write.row);
        this.host.scheduler.flushNow();
      })
      .finally(() => this.writing.delete(key));
    settle('write-back', done);
    return done.catch(() => undefined);
  }

  /**
   * The doctor attests the condition (基因突变阳性, 既往治疗失败 …): recorded as continuing with that
   * attestation as the reason — what 3103 wants — and not asked again at the review.
   */
  private confirm(finding: Finding, action: Action): void {
    this.host.ledger.markContinued(finding);
    if (this.host.ledger.dismiss(finding)) this.dismissals += 1;
    this.log(finding, 'continued', action.type, action.label.trim() || '已确认');
    this.host.render();
  }

  dismiss(finding: Finding): void {
    if (!this.host.ledger.dismiss(finding)) return;
    this.dismissals += 1;
    this.log(finding, 'ignored');
    this.host.render();
  }

  /** 报告误报: the objection goes to the flag log; the finding stays until the 医保办 changes the rule. */
  report(finding: Finding, reason: string | undefined): void {
    const orderId = this.orderId();
    if (!orderId) return;
    this.host.recorder.record({
      type: 'objection',
      orderId,
      packVersion: this.host.packVersion(),
      finding: loggedFinding(finding, this.order()),
      ...(reason ? { reason: reason.slice(0, 500) } : {}),
    });
  }

  focusLine(lineId: string): void {
    const row = this.host.snapshot()?.rows.get(lineId);
    if (row?.isConnected) row.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  /** 补录诊断: the page's diagnosis entry scrolled to and focused, the finding outlined there. */
  focusDiagnosis(finding: Finding): void {
    this.host.ledger.markDecided(finding);
    this.log(finding, 'modified', 'add-diagnosis');
    const entry = diagnosisEntry({ document: this.host.document, profile: this.host.profile });
    if (!entry) return;
    entry.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    if (typeof (entry as HTMLElement).focus === 'function') (entry as HTMLElement).focus({ preventScroll: true });
    this.setFocused(finding);
    // Outlined is where the diagnosis goes, whatever field the finding itself names.
    this.outlined = entry;
    this.renderSoon();
  }

  /**
   * Called from inside the overlay's own render cycle (effects, unmount cleanups): drawing again
   * synchronously there would re-enter Preact's diff of the same tree, so the outline follows in a
   * microtask, once for any number of changes.
   */
  setFocused(finding: Finding | undefined): void {
    if (finding === this.focused) return;
    this.focused = finding;
    this.outlined = undefined;
    this.renderSoon();
  }

  private renderSoon(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    queueMicrotask(() => {
      this.renderQueued = false;
      this.host.render();
    });
  }

  /** The element to outline: the focused finding's field, while its line is still on the page. */
  highlighted(): Element | undefined {
    if (this.outlined?.isConnected) return this.outlined;
    const finding = this.focused;
    const snapshot = this.host.snapshot();
    if (!finding || !snapshot) return undefined;
    if (finding.lineId !== undefined && !snapshot.rows.has(finding.lineId)) return undefined;
    return findingElement(finding, { document: this.host.document, profile: this.host.profile, rows: snapshot.rows, table: snapshot.table });
  }

  log(finding: Finding, kind: DecisionKind, action?: ActionType, reason?: string): void {
    const orderId = this.orderId();
    if (!orderId) return;
    const decision = DecisionSchema.parse({
      findingRef: { orderId, ruleId: finding.ruleId, ...(finding.lineId !== undefined ? { lineId: finding.lineId } : {}) },
      decision: kind,
      ...(action ? { action } : {}),
      ...(reason ? { reason } : {}),
      at: this.host.clock().toISOString(),
    });
    this.host.recorder.record({
      type: 'decision',
      orderId,
      packVersion: this.host.packVersion(),
      finding: loggedFinding(finding, this.order()),
      decision,
    });
  }

  private order(): Order | null {
    return this.host.snapshot()?.order ?? this.host.checkedOrder();
  }

  private orderId(): string | undefined {
    return this.host.ledger.currentOrderId ?? this.order()?.id;
  }
}
