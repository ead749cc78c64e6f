import type { ConsentSheet } from '../../components/consent/sheet';
import type { Elsewhere, ProfileProblem, SiteProfile } from '../../adapters';
import type { InstitutionLevel } from '../../contract/order';
import type { PreflightSettings } from '../../settings/schema';
import type { AsyncEngineApi } from '../../workers/engine-api';
import { ChangeScheduler, browserTimers, type PendingChanges, type Timers } from './change-scheduler';
import { CheckLoop, type CheckDuring, type CheckState } from './check-loop';
import { buildConsentSheet } from './consent';
import { DoctorActions } from './doctor-actions';
import { FindingLedger } from './finding-ledger';
import type { FlagRecorder } from './flag-recorder';
import type { IncompleteReason } from './incomplete-reason';
import { RecheckAfterFailure, passesByItself } from './recheck-after-failure';
import { OrderReader, type OrderSnapshot } from './order-reader';
import { overlayCallbacks } from './overlay-callbacks';
import { PackExpiry } from './pack-expiry';
import { recordFirstShown } from './shown-log';
import { attempt, guarded, settle } from './safe';
import { SubmitGate } from './submit-gate';
import { PASS, type SubmitOutcome, type SubmitVerdict } from './submit-guard';
import { TableWatcher } from './table-watcher';
import { roundMs } from './timing';
import { UnreadFieldNotice } from './unread-fields';
import type { CreateOverlayView, OverlayView } from './view-model';
import { ViewModelBuilder } from './view-state';

/**
 * The content script's state machine for one order form: page changes → order → engine →
 * overlay, the pre-submit decision, the doctor's actions, and the flag log. It knows the page
 * only through the adapter and the overlay only through `OverlayView`, so it runs in tests
 * against a DOM and a fake engine. Its parts: the check loop (check-loop.ts), the submit gate
 * (submit-gate.ts), the doctor's actions (doctor-actions.ts, wired by overlay-callbacks.ts) and
 * the view model (view-state.ts); what is left here is reading the page and tying them together.
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
  /** What other frames read of the fields the profile places there (frame-link.ts). */
  elsewhere?: Elsewhere;
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
  private readonly checks: CheckLoop;
  private readonly gate: SubmitGate;
  private readonly actions: DoctorActions;
  private readonly model: ViewModelBuilder;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly clock: () => Date;
  private readonly budgetMs: number;
  private settings: PreflightSettings;

  private snapshot: OrderSnapshot | undefined;
  private checked: CheckState | undefined;
  private packVersion: string | undefined;
  private readonly expiry: PackExpiry;
  private statusPending = false;
  private broken: readonly ProfileProblem[] | undefined;
  private brokenLogged = new Set<string>();
  private readonly unread = new UnreadFieldNotice((problems) =>
    this.options.recorder.record({ type: 'profile-problem', packVersion: this.packVersion, problems }),
  );
  private incomplete: IncompleteReason | undefined;
  private readonly recheck: RecheckAfterFailure;
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
      ...(options.elsewhere ? { elsewhere: options.elsewhere } : {}),
      now: this.now,
    });
    this.scheduler = new ChangeScheduler(guarded('re-check', (changes: PendingChanges) => this.onChanges(changes)), {
      delayMs: options.debounceMs,
      maxWaitMs: options.maxWaitMs,
      timers: this.timers,
      now: this.now,
    });
    this.recheck = new RecheckAfterFailure(this.timers, () => this.scheduler.markAll());
    this.checks = new CheckLoop({
      engine: options.engine,
      sessionKey: options.sessionKey,
      timers: this.timers,
      now: this.now,
      budgetMs: this.budgetMs,
      checkingDelayMs: options.checkingDelayMs ?? 150,
      answered: (state, during, engineMs) => this.apply(state, during, engineMs),
      overBudget: (during, elapsedMs, log) => this.markIncomplete('slow', during, elapsedMs, log),
      render: () => this.render(),
      disposed: () => this.disposed,
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
      rowLabels: () => this.model.rowLabels(this.snapshot),
      render: () => this.render(),
    });
    this.gate = new SubmitGate({
      ledger: this.ledger,
      recorder: options.recorder,
      settings: () => this.settings,
      packVersion: () => this.packVersion,
      order: () => this.snapshot?.order,
      render: () => this.render(),
      focusLine: (lineId) => this.actions.focusLine(lineId),
    });
    this.model = new ViewModelBuilder({
      document: options.document,
      profile: options.profile,
      ledger: this.ledger,
      actions: this.actions,
      consent: options.openConsent !== undefined,
    });
    this.view = options.createView(overlayCallbacks(this.actions, this.gate, () => this.openConsent()));
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
    this.checks.dispose();
    this.recheck.dispose();
    if (this.graceTimer !== undefined) this.timers.clear(this.graceTimer);
    this.gate.dispose();
    this.view.dispose();
  }

  /** The submit guard's question, answered synchronously from what is known now. */
  onSubmitAttempt(): SubmitVerdict {
    if (this.disposed) return PASS;
    if (this.settings.silent) {
      this.gate.log('silent', 0);
      return PASS;
    }
    // Read the page as it is at this moment: a change may not have reached the debounce yet.
    this.scheduler.discard();
    const snapshot = this.reader.readAll();
    this.accept(snapshot, 'submit');
    if (snapshot.broken) {
      this.gate.log('adapter-broken', 0);
      return PASS;
    }
    // A failure that may pass was just asked again by accept(): wait for that answer like any other.
    const known = this.checked?.fingerprint === snapshot.fingerprint && !this.mayPassNow(this.checked) ? this.checked : undefined;
    if (known) return this.gate.verdictFor(known, 0);
    const started = this.now();
    const until = this.checks.waitFor(snapshot.fingerprint, this.budgetMs).then((state): SubmitOutcome | Promise<SubmitOutcome> => {
      const waited = this.now() - started;
      if (!state) {
        this.markIncomplete('slow', 'submit', waited);
        this.gate.log('incomplete', waited);
        return 'submit';
      }
      const verdict = this.gate.verdictFor(state, waited);
      return verdict.kind === 'pass' ? 'submit' : verdict.until;
    });
    return { kind: 'hold', until };
  }

  // --- reading the page ----------------------------------------------------------------------

  private onChanges(changes: PendingChanges): void {
    if (this.disposed) return;
    this.accept(changes.full ? this.reader.readAll() : this.reader.reread(changes.rows));
  }

  private accept(snapshot: OrderSnapshot, during: CheckDuring = 'typing'): void {
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
    this.unread.note(snapshot.problems);
    this.ledger.useOrder(snapshot.order!.id);
    const current = this.checks.isChecking(snapshot.fingerprint) || (this.checked?.fingerprint === snapshot.fingerprint && !this.mayPassNow(this.checked));
    if (!current) this.checks.check(snapshot, during);
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

  // --- the engine's answers ------------------------------------------------------------------

  private apply(state: CheckState, during: CheckDuring, engineMs: number): void {
    this.checked = state;
    if (state.kind === 'failed') {
      this.markIncomplete(state.reason, during, engineMs);
      this.recheck.failed(state.reason);
      return;
    }
    this.recheck.answered();
    this.incomplete = undefined;
    this.packVersion = state.packVersion;
    // Another pack answered (an update arrived while the page was open): ask again what it is.
    if (this.expiry.isOtherPack(state.packVersion)) this.readEngineStatus();
    else this.expiry.refresh();
    const lineIds = new Set(state.snapshot.rows.keys());
    const update = this.ledger.update(state.findings, lineIds);
    for (const { finding, decision } of update.resolved) this.actions.log(finding, decision);
    this.gate.refresh(state.findings);
    const renderStart = this.now();
    this.render();
    if (update.firstShown.length === 0) return;
    const { snapshot, packVersion } = state;
    this.view.afterPaint(
      guarded('shown log', () =>
        recordFirstShown(this.options.recorder, update.firstShown, { snapshot, packVersion, engineMs, renderStart, painted: this.now() }, this.settings),
      ),
    );
  }

  /** A failed check of this order that may go through if asked again (the engine was starting, say). */
  private mayPassNow(state: CheckState): boolean {
    return state.kind === 'failed' && passesByItself(state.reason);
  }

  private markIncomplete(reason: IncompleteReason, during: CheckDuring, elapsedMs: number, log = true): void {
    const already = this.incomplete !== undefined;
    this.incomplete = reason;
    this.checks.showChecking = false;
    this.render();
    // While typing, one record per stretch of failures; every held submission gets its own.
    if (!log || (already && during === 'typing')) return;
    this.options.recorder.record({
      type: 'check-incomplete',
      orderId: this.snapshot?.order?.id,
      packVersion: this.packVersion,
      reason,
      during,
      elapsedMs: roundMs(Math.min(elapsedMs, 3_600_000)),
    });
  }

  // --- the overlay ---------------------------------------------------------------------------

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

  private render(): void {
    if (this.disposed) return;
    const model = this.model.build({
      broken: this.broken,
      settings: this.settings,
      incomplete: this.incomplete,
      checking: this.checks.showChecking,
      checked: this.checked,
      snapshot: this.snapshot,
      packVersion: this.packVersion,
      packExpiredOn: this.expiry.on,
      unread: this.unread.fieldNames,
      review: this.gate.review,
    });
    attempt('render', () => this.view.render(model));
  }
}
