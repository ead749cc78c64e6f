import type { OverlayStatus } from '../../components/StatusBadge';
import type { ProfileProblem, SiteProfile } from '../../adapters';
import type { Finding } from '../../contract/findings';
import type { Order } from '../../contract/order';
import type { PreflightSettings } from '../../settings/schema';
import type { CheckState } from './check-loop';
import { selfPayLines } from './consent';
import type { DoctorActions } from './doctor-actions';
import type { FindingLedger } from './finding-ledger';
import { visibleFindings } from './finding-policy';
import { incompleteReasonText, type IncompleteReason } from './incomplete-reason';
import type { OrderSnapshot } from './order-reader';
import { rowLabels, submitControls } from './page-places';
import type { OpenReview } from './review-state';
import { attempt } from './safe';
import type { ViewModel } from './view-model';

/**
 * The controller's state as the overlay's ViewModel: the badge's status, the findings to show,
 * line names and row labels. What only changes with a new result or a newly read order is kept
 * and handed back as the same object, so markers and panel skip re-rendering.
 */

/** The controller's state at one render. */
export interface ViewState {
  broken: readonly ProfileProblem[] | undefined;
  settings: PreflightSettings;
  incomplete: IncompleteReason | undefined;
  checking: boolean;
  checked: CheckState | undefined;
  snapshot: OrderSnapshot | undefined;
  packVersion: string | undefined;
  /** The pack's end date once it has passed (规则包已过期). */
  packExpiredOn: string | undefined;
  /** Chinese names of the fields the page fits its profile without (未读取：频次). */
  unread: readonly string[];
  review: OpenReview | undefined;
}

export interface ViewStateDeps {
  document: Document;
  profile: SiteProfile;
  ledger: FindingLedger;
  actions: DoctorActions;
  /** The consent sheet can be opened (the review offers to print it). */
  consent: boolean;
}

const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

function lineNamesOf(order: Order | null): Record<string, string> {
  const names: Record<string, string> = {};
  for (const line of order?.lines ?? []) names[line.id] = line.name?.trim() || line.code;
  return names;
}

function statusOf(state: ViewState): OverlayStatus {
  if (state.broken) {
    const missing = state.broken.filter((p) => p.severity === 'error').map((p) => p.message);
    return { state: 'adapter-broken', missing };
  }
  if (state.settings.silent) return { state: 'silent' };
  if (state.incomplete) return { state: 'incomplete', reason: incompleteReasonText(state.incomplete) };
  if (state.checking || state.checked?.kind !== 'done') return { state: 'checking' };
  return state.unread.length > 0 ? { state: 'checked', unread: state.unread } : { state: 'checked' };
}

export class ViewModelBuilder {
  private visible: { from: readonly Finding[]; dismissals: number; silent: boolean; findings: readonly Finding[] } | undefined;
  private names: { from: Order | null; names: Readonly<Record<string, string>>; labels: Readonly<Record<string, string>> } | undefined;

  constructor(private readonly deps: ViewStateDeps) {}

  build(state: ViewState): ViewModel {
    const { snapshot, review } = state;
    const { document, profile, actions } = this.deps;
    const lines = this.linesOf(snapshot);
    return {
      status: statusOf(state),
      packVersion: state.packVersion,
      packExpiredOn: state.packExpiredOn,
      findings: this.visibleOf(state),
      lineNames: lines.names,
      lineLabels: lines.labels,
      rows: snapshot?.rows ?? new Map(),
      table: snapshot?.table ?? null,
      markerMode: profile.markers,
      highlight: attempt('highlight', () => actions.highlighted(), undefined),
      avoid: attempt('submit controls', () => submitControls(document, profile), []),
      review: review
        ? {
            orderId: review.orderId,
            findings: review.findings,
            resolved: review.resolved,
            selfPayCount: this.deps.consent ? selfPayLines(snapshot?.order).length : 0,
          }
        : undefined,
    };
  }

  /** The same array while nothing it depends on changed. */
  private visibleOf(state: ViewState): readonly Finding[] {
    const done = state.checked?.kind === 'done' && !state.broken ? state.checked : undefined;
    const from = done?.findings ?? NO_FINDINGS;
    const { dismissals } = this.deps.actions;
    const { silent } = state.settings;
    const cached = this.visible;
    if (cached && cached.from === from && cached.dismissals === dismissals && cached.silent === silent) return cached.findings;
    const findings = from.length === 0 ? NO_FINDINGS : visibleFindings(from, this.deps.ledger, state.settings);
    this.visible = { from, dismissals, silent, findings };
    return findings;
  }

  /** Line id → the row as the page numbers it (序号 2), as the overlay shows it. */
  rowLabels(snapshot: OrderSnapshot | undefined): Readonly<Record<string, string>> {
    return this.linesOf(snapshot).labels;
  }

  /** Names and row labels (序号 2) of the lines, rebuilt only for a newly read order. */
  private linesOf(snapshot: OrderSnapshot | undefined): { names: Readonly<Record<string, string>>; labels: Readonly<Record<string, string>> } {
    const order = snapshot?.order ?? null;
    if (this.names?.from !== order) {
      const labels = snapshot ? attempt('row labels', () => rowLabels(snapshot.rows, snapshot.table, order, this.deps.profile), {}) : {};
      this.names = { from: order, names: lineNamesOf(order), labels };
    }
    return this.names;
  }
}
