import type { OverlayCallbacks } from '../../components/Overlay';
import type { OverlayStatus } from '../../components/StatusBadge';
import type { ConsentSheet } from '../../components/consent/sheet';
import type { ProfileProblem, SiteProfile } from '../../adapters';
import type { Decision } from '../../contract/decision';
import type { Action, Finding } from '../../contract/findings';
import type { InstitutionLevel, Order } from '../../contract/order';
import type { FlagTimings } from '../../contract/flag-event';
import type { PreflightSettings } from '../../settings/schema';
import type { AsyncEngineApi, CheckOutcome } from '../../workers/engine-api';
import { isEngineError } from '../../workers/engine-client';
import { ChangeScheduler, browserTimers, type PendingChanges, type Timers } from './change-scheduler';
import { buildConsentSheet, selfPayLines } from './consent';
import { DoctorActions } from './doctor-actions';
import { FindingLedger } from './finding-ledger';
import { findingsToReview, shownMode, visibleFindings } from './finding-policy';
import { loggedFinding, type FlagRecorder } from './flag-recorder';
import { incompleteReasonText, type IncompleteReason } from './incomplete-reason';
import { OrderReader, type OrderSnapshot } from './order-reader';
import { PackExpiry } from './pack-expiry';
import { rowLabels, submitControls } from './page-places';
import { refreshReview, type OpenReview } from './review-state';
import { attempt, guarded, reportError, settle } from './safe';
import { PASS, type SubmitOutcome, type SubmitVerdict } from './submit-guard';
import { TableWatcher } from './table-watcher';
import type { CreateOverlayView, OverlayView, ViewModel } from './view-model';

/**
 * The content script's state machine for one order form: page changes → order → engine →
 * overlay, the pre-submit decision, the doctor's actions, and the flag log. It knows the page
 * only through the adapter and the overlay only through `OverlayView`, so it runs in tests
 * against a DOM and a fake engine.
 */

export interface ControllerOptions {
  document: Document;
  profile: SiteProfile;
  engine: Pick<AsyncEngineApi, 'check' | 'status'>;
  settings: PreflightSettings;
  recorder: FlagRecorder;
  createView: CreateOverlayView;
  /** Engine session key for this form. */
  sessionKey: string;
  keySalt?: string;
  /** Order id when the page shows none (one per page load). */
  fallbackOrderId?: string;
  /** 医疗机构等级 when the page shows none (from the deployment, as it was when the page loaded). */
  institutionLevel?: InstitutionLevel;
  /** The hospital's name (deployment), for the consent sheet. */
  hospitalName?: string;
  /** Opens the printable 自费知情同意书 (the background holds it in memory for the sheet page). */
  openConsent?: (sheet: ConsentSheet) => void;
  /** performance.now() clock for timings and debouncing. */
  now?: () => number;
  /** Wall clock for decisions. */
  clock?: () => Date;
  timers?: Timers;
  /** Longest wait for the engine: after it the check counts as incomplete and a held submission goes. */
  engineBudgetMs?: number;
  /** A table missing right after load is waited for this long before 页面适配失效 (SPAs render late). */
  startupGraceMs?: number;
  /** 审核中 shows only for checks slower than this, so quick checks do not flicker the badge. */
  checkingDelayMs?: number;
  debounceMs?: number;
  maxWaitMs?: number;
}

type CheckState =
  | { kind: 'done'; fingerprint: string; snapshot: OrderSnapshot; findings: Finding[]; packVersion: string }
  | { kind: 'failed'; fingerprint: string; snapshot: OrderSnapshot; reason: IncompleteReason };

interface InFlight {
  seq: number;
  snapshot: OrderSnapshot;
  sentAt: number;
  during: 'typing' | 'submit';
  timers: unknown[];
}

function reasonOf(error: unknown): IncompleteReason {
  return isEngineError(error) ? error.code : 'engine-failed';
}

function lineNamesOf(order: Order | null): Record<string, string> {
  const names: Record<string, string> = {};
  for (const line of order?.lines ?? []) names[line.id] = line.name?.trim() || line.code;
  return names;
}

/** Problems that only say the table is not (yet) there. */
function onlyTableMissing(problems: readonly ProfileProblem[]): boolean {
  const errors = problems.filter((p) => p.severity === 'error');
  return errors.length > 0 && errors.every((p) => p.code === 'table-missing');
}

export class PreflightController {
  readonly scheduler: ChangeScheduler;
  private readonly reader: OrderReader;
  private readonly ledger = new FindingLedger();
  private readonly view: OverlayView;
  private readonly watcher: TableWatcher;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly clock: () => Date;
  private readonly budgetMs: number;
  private settings: PreflightSettings;

  private snapshot: OrderSnapshot | undefined;
  private checked: CheckState | undefined;
  private inFlight: InFlight | undefined;
  /** The engine has not answered since `since`: past the budget the check counts as incomplete. */
  private unanswered: { since: number; timer: unknown } | undefined;
  private seq = 0;
  private waiters = new Map<string, Array<(state: CheckState | undefined) => void>>();
  private packVersion: string | undefined;
  private readonly expiry: PackExpiry;
  private statusPending = false;
  private broken: readonly ProfileProblem[] | undefined;
  private brokenLogged = new Set<string>();
  private incomplete: IncompleteReason | undefined;
  private showChecking = false;
  private review: OpenReview | undefined;
  private readonly actions: DoctorActions;
  private visible: { from: readonly Finding[]; dismissals: number; silent: boolean; findings: readonly Finding[] } | undefined;
  private names: { from: Order | null; names: Readonly<Record<string, string>>; labels: Readonly<Record<string, string>> } | undefined;
  private startedAt = 0;
  private everRead = false;
  private graceTimer: unknown;
  private disposed = false;

  constructor(private readonly options: ControllerOptions) {
    this.timers = options.timers ?? browserTimers;
    this.now = options.now ?? (() => performance.now());
    this.clock = options.clock ?? (() => new Date());
    this.budgetMs = options.engineBudgetMs ?? 1000;
    this.settings = options.settings;
    this.expiry = new PackExpiry(options.recorder, this.clock);
    this.reader = new OrderReader(options.document, options.profile, {
      keySalt: options.keySalt,
      fallbackOrderId: options.fallbackOrderId,
      institutionLevel: options.institutionLevel,
      now: this.now,
    });
    this.scheduler = new ChangeScheduler(guarded('re-check', (changes: PendingChanges) => this.onChanges(changes)), {
      delayMs: options.debounceMs,
      maxWaitMs: options.maxWaitMs,
      timers: this.timers,
      now: this.now,
    });
    this.actions = new DoctorActions({
      document: options.document,
      profile: options.profile,
      ledger: this.ledger,
      recorder: options.recorder,
      scheduler: this.scheduler,
      clock: this.clock,
      snapshot: () => this.snapshot,
      checkedOrder: () => (this.checked?.kind === 'done' ? this.checked.snapshot.order : null),
      packVersion: () => this.packVersion,
      render: () => this.render(),
    });
    this.view = options.createView(this.callbacks());
    this.watcher = new TableWatcher({
      document: options.document,
      profile: options.profile,
      scheduler: this.scheduler,
      isOwnNode: (node) => this.view.isOwnNode(node),
    });
  }

  get profile(): SiteProfile {
    return this.options.profile;
  }

  start(): void {
    if (this.disposed) return;
    this.startedAt = this.now();
    this.render();
    this.accept(this.reader.readAll());
    this.readEngineStatus();
  }

  /** The pack in force: its version before the first check answers, and whether it is past its end date. */
  private readEngineStatus(): void {
    if (this.statusPending) return;
    this.statusPending = true;
    settle(
      'engine status',
      this.options.engine
        .status()
        .then((status) => {
          if (this.disposed) return;
          if (this.packVersion === undefined && status.packVersion) this.packVersion = status.packVersion;
          this.expiry.setPack(status);
          this.render();
        })
        .finally(() => {
          this.statusPending = false;
        }),
    );
  }

  applySettings(settings: PreflightSettings): void {
    this.settings = settings;
    this.render();
  }

  dispose(): void {
    this.disposed = true;
    this.scheduler.dispose();
    this.watcher.dispose();
    for (const timer of this.inFlight?.timers ?? []) this.timers.clear(timer);
    if (this.unanswered) this.timers.clear(this.unanswered.timer);
    if (this.graceTimer !== undefined) this.timers.clear(this.graceTimer);
    this.review?.resolve('submit');
    this.review = undefined;
    this.view.dispose();
  }

  /** The submit guard's question, answered synchronously from what is known now. */
  onSubmitAttempt(): SubmitVerdict {
    if (this.disposed) return PASS;
    if (this.settings.silent) {
      this.logSubmit('silent', 0);
      return PASS;
    }
    // Read the page as it is at this moment: a change may not have reached the debounce yet.
    this.scheduler.discard();
    const snapshot = this.reader.readAll();
    this.accept(snapshot, 'submit');
    if (snapshot.broken) {
      this.logSubmit('adapter-broken', 0);
      return PASS;
    }
    const known = this.checked?.fingerprint === snapshot.fingerprint ? this.checked : undefined;
    if (known) return this.verdictFor(known, 0);
    const started = this.now();
    const until = this.waitFor(snapshot.fingerprint, this.budgetMs).then((state): SubmitOutcome | Promise<SubmitOutcome> => {
      const waited = this.now() - started;
      if (!state) {
        this.markIncomplete('slow', 'submit', waited);
        this.logSubmit('incomplete', waited);
        return 'submit';
      }
      const verdict = this.verdictFor(state, waited);
      return verdict.kind === 'pass' ? 'submit' : verdict.until;
    });
    return { kind: 'hold', until };
  }

  // --- reading the page ----------------------------------------------------------------------

  private onChanges(changes: PendingChanges): void {
    if (this.disposed) return;
    this.accept(changes.full ? this.reader.readAll() : this.reader.reread(changes.rows));
  }

  private accept(snapshot: OrderSnapshot, during: 'typing' | 'submit' = 'typing'): void {
    this.snapshot = snapshot;
    this.options.recorder.noteOrder?.(snapshot.order);
    this.watcher.watch(snapshot.table);
    if (snapshot.broken) {
      const waiting = !this.everRead && onlyTableMissing(snapshot.problems) && this.now() - this.startedAt < (this.options.startupGraceMs ?? 2000);
      if (waiting) this.armGrace();
      else this.enterBroken(snapshot.problems);
      this.render();
      return;
    }
    this.everRead = true;
    this.broken = undefined;
    this.ledger.useOrder(snapshot.order!.id);
    const current = this.inFlight?.snapshot.fingerprint === snapshot.fingerprint || this.checked?.fingerprint === snapshot.fingerprint;
    if (!current) this.check(snapshot, during);
    this.render();
  }

  private armGrace(): void {
    if (this.graceTimer !== undefined) return;
    const remaining = (this.options.startupGraceMs ?? 2000) - (this.now() - this.startedAt);
    this.graceTimer = this.timers.set(
      guarded('startup grace', () => {
        this.graceTimer = undefined;
        this.startedAt = -Infinity; // Grace is over: the next read decides.
        this.scheduler.markAll();
      }),
      Math.max(0, remaining),
    );
  }

  private enterBroken(problems: readonly ProfileProblem[]): void {
    this.broken = problems;
    this.checked = undefined;
    const errors = problems.filter((p) => p.severity === 'error');
    const signature = errors.map((p) => `${p.code}|${p.field ?? ''}`).join(';');
    if (this.brokenLogged.has(signature)) return;
    this.brokenLogged.add(signature);
    this.options.recorder.record({ type: 'adapter-broken', packVersion: this.packVersion, problems: errors.slice(0, 20) });
  }

  // --- checking ------------------------------------------------------------------------------

  private check(snapshot: OrderSnapshot, during: 'typing' | 'submit'): void {
    for (const timer of this.inFlight?.timers ?? []) this.timers.clear(timer);
    const flight: InFlight = { seq: ++this.seq, snapshot, sentAt: this.now(), during, timers: [] };
    this.inFlight = flight;
    flight.timers.push(
      this.timers.set(
        guarded('checking badge', () => {
          if (this.inFlight !== flight) return;
          this.showChecking = true;
          this.render();
        }),
        this.options.checkingDelayMs ?? 150,
      ),
    );
    // Measured from the oldest unanswered check, so that typing on (each keystroke a new check)
    // does not keep postponing 审核未完成 while the engine is gone.
    if (!this.unanswered) this.armBudget(flight.sentAt);
    settle(
      'engine check',
      this.options.engine.check(snapshot.order, this.options.sessionKey).then(
        (outcome) => this.finish(flight, outcome),
        (error: unknown) => this.finish(flight, undefined, reasonOf(error)),
      ),
    );
  }

  private armBudget(since: number): void {
    const timer = this.timers.set(
      guarded('engine budget', () => {
        if (this.unanswered?.timer !== timer) return;
        this.unanswered = undefined;
        const flight = this.inFlight;
        // A held submission logs its own wait (see onSubmitAttempt); typing logs here.
        if (flight) this.markIncomplete('slow', flight.during, this.now() - since, flight.during === 'typing');
      }),
      Math.max(0, since + this.budgetMs - this.now()),
    );
    this.unanswered = { since, timer };
  }

  private finish(flight: InFlight, outcome: CheckOutcome | undefined, error?: IncompleteReason): void {
    if (this.disposed) return;
    const engineMs = this.now() - flight.sentAt;
    const { snapshot } = flight;
    const state: CheckState =
      outcome?.ok === true
        ? { kind: 'done', fingerprint: snapshot.fingerprint, snapshot, findings: outcome.result.findings, packVersion: outcome.result.packVersion }
        : { kind: 'failed', fingerprint: snapshot.fingerprint, snapshot, reason: outcome && !outcome.ok ? outcome.reason : (error ?? 'engine-failed') };
    if (this.inFlight === flight) {
      for (const timer of flight.timers) this.timers.clear(timer);
      this.inFlight = undefined;
      this.showChecking = false;
    }
    // The engine answered: the budget starts again for whatever is still waiting.
    if (this.unanswered) this.timers.clear(this.unanswered.timer);
    this.unanswered = undefined;
    if (this.inFlight) this.armBudget(this.inFlight.sentAt);
    // A newer check is under way (or done): this answer is for an order that no longer is.
    const latest = flight.seq === this.seq;
    if (latest) this.apply(state, flight, engineMs);
    const waiting = this.waiters.get(state.fingerprint);
    this.waiters.delete(state.fingerprint);
    for (const resolve of waiting ?? []) resolve(state);
  }

  private apply(state: CheckState, flight: InFlight, engineMs: number): void {
    this.checked = state;
    if (state.kind === 'failed') {
      this.markIncomplete(state.reason, flight.during, engineMs);
      return;
    }
    this.incomplete = undefined;
    this.packVersion = state.packVersion;
    // Another pack answered (an update arrived while the page was open): ask again what it is.
    if (this.expiry.isOtherPack(state.packVersion)) this.readEngineStatus();
    else this.expiry.refresh();
    const lineIds = new Set(state.snapshot.rows.keys());
    const update = this.ledger.update(state.findings, lineIds);
    for (const { finding, decision } of update.resolved) this.actions.log(finding, decision);
    if (this.review) this.review = refreshReview(this.review, state.findings, findingsToReview(state.findings, this.ledger, this.settings));
    const renderStart = this.now();
    this.render();
    if (update.firstShown.length === 0) return;
    const { snapshot } = state;
    this.view.afterPaint(
      guarded('shown log', () => {
        const painted = this.now();
        const timings: FlagTimings = {
          extractMs: round(snapshot.extractMs),
          engineMs: round(engineMs),
          renderMs: round(painted - renderStart),
          totalMs: round(painted - snapshot.startedAt),
        };
        for (const finding of update.firstShown) {
          this.options.recorder.record({
            type: 'finding-shown',
            orderId: snapshot.order!.id,
            packVersion: state.packVersion,
            finding: loggedFinding(finding, snapshot.order),
            mode: shownMode(finding, this.settings),
            timings,
          });
        }
      }),
    );
  }

  private markIncomplete(reason: IncompleteReason, during: 'typing' | 'submit', elapsedMs: number, log = true): void {
    const already = this.incomplete !== undefined;
    this.incomplete = reason;
    this.showChecking = false;
    this.render();
    // While typing, one record per stretch of failures; every held submission gets its own.
    if (!log || (already && during === 'typing')) return;
    this.options.recorder.record({
      type: 'check-incomplete',
      orderId: this.snapshot?.order?.id,
      packVersion: this.packVersion,
      reason,
      during,
      elapsedMs: round(Math.min(elapsedMs, 3_600_000)),
    });
  }

  private waitFor(fingerprint: string, ms: number): Promise<CheckState | undefined> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (state: CheckState | undefined): void => {
        if (done) return;
        done = true;
        this.timers.clear(timer);
        resolve(state);
      };
      const timer = this.timers.set(
        guarded('submit wait', () => {
          const list = this.waiters.get(fingerprint);
          if (list) this.waiters.set(fingerprint, list.filter((w) => w !== finish));
          finish(undefined);
        }),
        ms,
      );
      const list = this.waiters.get(fingerprint) ?? [];
      list.push(finish);
      this.waiters.set(fingerprint, list);
    });
  }

  // --- submission ------------------------------------------------------------------------------

  private verdictFor(state: CheckState, waitedMs: number): SubmitVerdict {
    if (state.kind === 'failed') {
      this.logSubmit('incomplete', waitedMs);
      return PASS;
    }
    const toReview = findingsToReview(state.findings, this.ledger, this.settings);
    if (toReview.length === 0) {
      this.logSubmit('clean', waitedMs);
      return PASS;
    }
    this.logSubmit('review', waitedMs);
    const orderId = state.snapshot.order!.id;
    const until = new Promise<SubmitOutcome>((resolve) => {
      this.review = { orderId, findings: toReview, resolve };
    });
    this.render();
    return { kind: 'hold', until };
  }

  private logSubmit(outcome: 'clean' | 'review' | 'incomplete' | 'adapter-broken' | 'silent', waitedMs: number): void {
    this.options.recorder.record({
      type: 'submit-check',
      orderId: this.snapshot?.order?.id,
      packVersion: this.packVersion,
      outcome,
      waitedMs: round(waitedMs),
    });
  }

  private closeReview(outcome: SubmitOutcome, decisions: readonly Decision[], focusFirst = true): void {
    const review = this.review;
    if (!review) return;
    this.review = undefined;
    const order = this.snapshot?.order;
    if (outcome === 'submit') {
      decisions.forEach((decision, i) => {
        // The dialog answers the findings in the order given; one rule can raise two on a line.
        const sameRef = (f: Finding | undefined) => f?.ruleId === decision.findingRef.ruleId && f.lineId === decision.findingRef.lineId;
        const finding = sameRef(review.findings[i]) ? review.findings[i] : review.findings.find(sameRef);
        if (!finding || decision.decision !== 'continued') return;
        this.ledger.markContinued(finding);
        this.options.recorder.record({
          type: 'decision',
          orderId: review.orderId,
          packVersion: this.packVersion,
          finding: loggedFinding(finding, order),
          decision,
        });
      });
    }
    this.options.recorder.record({
      type: 'review',
      orderId: review.orderId,
      packVersion: this.packVersion,
      outcome: outcome === 'submit' ? 'continued' : 'returned',
      findingCount: review.findings.length,
    });
    this.render();
    review.resolve(outcome);
    if (outcome === 'cancel' && focusFirst) {
      const first = review.findings.find((f, i) => f.lineId !== undefined && !review.resolved?.[i]);
      if (first?.lineId) this.actions.focusLine(first.lineId);
    }
  }

  // --- the doctor's actions ----------------------------------------------------------------------

  private callbacks(): OverlayCallbacks {
    const actions = this.actions;
    return {
      canApply: guarded('can apply', (action: Action, finding: Finding) => actions.canApply(action, finding), false),
      onAction: guarded('apply action', (finding: Finding, action: Action) => actions.apply(finding, action)),
      onDismiss: guarded('dismiss', (finding: Finding) => actions.dismiss(finding)),
      onReport: guarded('report', (finding: Finding, reason: string | undefined) => actions.report(finding, reason)),
      onFocusFinding: guarded('focus finding', (finding: Finding | undefined) => actions.setFocused(finding)),
      onFocusLine: guarded('focus line', (lineId: string) => actions.focusLine(lineId)),
      onReturn: guarded('review return', (decisions: Decision[]) => this.closeReview('cancel', decisions)),
      onContinue: guarded('review continue', (decisions: Decision[]) => this.closeReview('submit', decisions)),
      onAddDiagnosis: guarded('add diagnosis', (finding: Finding, decisions: Decision[]) => {
        this.closeReview('cancel', decisions, false);
        actions.focusDiagnosis(finding);
      }),
      onConsent: guarded('consent sheet', () => this.openConsent()),
    };
  }

  private openConsent(): void {
    const order = this.snapshot?.order;
    if (!order || !this.options.openConsent) return;
    const sheet = buildConsentSheet({
      document: this.options.document,
      profile: this.options.profile,
      order,
      reasons: this.actions.selfPayReasons,
      hospitalName: this.options.hospitalName,
      today: this.clock(),
    });
    if (sheet) this.options.openConsent(sheet);
  }

  // --- rendering ---------------------------------------------------------------------------------

  private status(): OverlayStatus {
    if (this.broken) {
      const missing = this.broken.filter((p) => p.severity === 'error').map((p) => p.message);
      return { state: 'adapter-broken', missing };
    }
    if (this.settings.silent) return { state: 'silent' };
    if (this.incomplete) return { state: 'incomplete', reason: incompleteReasonText(this.incomplete) };
    if (this.showChecking || this.checked?.kind !== 'done') return { state: 'checking' };
    return { state: 'checked' };
  }

  /** The same array while nothing it depends on changed: markers and panel skip re-rendering. */
  private visibleNow(): readonly Finding[] {
    const done = this.checked?.kind === 'done' && !this.broken ? this.checked : undefined;
    const from = done?.findings ?? NO_FINDINGS;
    const cached = this.visible;
    if (cached && cached.from === from && cached.dismissals === this.actions.dismissals && cached.silent === this.settings.silent) {
      return cached.findings;
    }
    const findings = from.length === 0 ? NO_FINDINGS : visibleFindings(from, this.ledger, this.settings);
    this.visible = { from, dismissals: this.actions.dismissals, silent: this.settings.silent, findings };
    return findings;
  }

  /** Names and row labels (序号 2) of the lines, rebuilt only for a newly read order. */
  private linesNow(): { names: Readonly<Record<string, string>>; labels: Readonly<Record<string, string>> } {
    const snapshot = this.snapshot;
    const order = snapshot?.order ?? null;
    if (this.names?.from !== order) {
      const labels = snapshot ? attempt('row labels', () => rowLabels(snapshot.rows, snapshot.table, order, this.options.profile), {}) : {};
      this.names = { from: order, names: lineNamesOf(order), labels };
    }
    return this.names;
  }

  private render(): void {
    if (this.disposed) return;
    const snapshot = this.snapshot;
    const lines = this.linesNow();
    const review = this.review;
    const model: ViewModel = {
      status: this.status(),
      packVersion: this.packVersion,
      packExpiredOn: this.expiry.on,
      findings: this.visibleNow(),
      lineNames: lines.names,
      lineLabels: lines.labels,
      rows: snapshot?.rows ?? new Map(),
      table: snapshot?.table ?? null,
      highlight: attempt('highlight', () => this.actions.highlighted(), undefined),
      avoid: attempt('submit controls', () => submitControls(this.options.document, this.options.profile), []),
      review: review
        ? {
            orderId: review.orderId,
            findings: review.findings,
            resolved: review.resolved,
            selfPayCount: this.options.openConsent ? selfPayLines(snapshot?.order).length : 0,
          }
        : undefined,
    };
    attempt('render', () => this.view.render(model));
  }
}

const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

function round(ms: number): number {
  return Math.max(0, Math.round(ms * 100) / 100);
}
