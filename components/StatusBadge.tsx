import type { Finding, Severity } from '../contract/findings';
import { countBySeverity, highestSeverity } from './finding-list';
import { t } from './i18n';

/**
 * What the badge reports. `incomplete`: the engine failed or was too slow, so this order was not
 * (fully) checked; submission is never blocked for it. `adapter-broken`: the site profile no
 * longer matches the page (a missing table, the code column gone); `missing` names what was not
 * found. `checked` with `unread`: checked without the fields named (a renamed optional column).
 * `stopped`: this copy of the content script was cut off from the extension (updated, turned off)
 * and no newer copy took over; the page is no longer checked until it is reloaded.
 */
export type OverlayStatus =
  | { state: 'checking' }
  | { state: 'checked'; unread?: readonly string[] }
  | { state: 'incomplete'; reason?: string }
  | { state: 'adapter-broken'; missing?: string[] }
  | { state: 'silent' }
  | { state: 'stopped' };

export interface StatusBadgeProps {
  status: OverlayStatus;
  packVersion?: string;
  /**
   * The active pack's `effective.to` once that day is over: the pack is still used for checking
   * (规则包已过期), and the badge says so beside the check's own state.
   */
  packExpiredOn?: string;
  /** The current findings; only counted in the `checked` state. */
  findings: readonly Finding[];
  panelOpen?: boolean;
  /** The viewport corner it sits in: away from the page's submit control. */
  corner?: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';
  onToggle: () => void;
}

/** Status objects are often rebuilt on every update; compare what they say. */
export function sameStatus(a: OverlayStatus, b: OverlayStatus): boolean {
  if (a === b) return true;
  if (a.state !== b.state) return false;
  if (a.state === 'incomplete' && b.state === 'incomplete') return a.reason === b.reason;
  if (a.state === 'adapter-broken' && b.state === 'adapter-broken') {
    return (a.missing ?? []).join('\u0000') === (b.missing ?? []).join('\u0000');
  }
  if (a.state === 'checked' && b.state === 'checked') return (a.unread ?? []).join('\u0000') === (b.unread ?? []).join('\u0000');
  return true;
}

interface BadgeText {
  label: string;
  title: string;
  severityClass: string;
}

function describe(status: OverlayStatus, findings: readonly Finding[]): BadgeText {
  switch (status.state) {
    case 'checking':
      return { label: t('badge.checking'), title: t('badge.checking'), severityClass: '' };
    case 'incomplete': {
      const title = t('badge.incomplete.hint', { reason: status.reason?.trim() || t('badge.incomplete.default') });
      return { label: t('badge.incomplete'), title, severityClass: '' };
    }
    case 'adapter-broken': {
      const missing = status.missing?.filter((m) => m.trim()).join('、') || t('badge.adapterBroken.default');
      return { label: t('badge.adapterBroken'), title: t('badge.adapterBroken.hint', { missing }), severityClass: '' };
    }
    case 'silent':
      return { label: '', title: t('badge.silent.hint'), severityClass: '' };
    case 'stopped':
      return { label: t('badge.stopped'), title: t('badge.stopped.hint'), severityClass: '' };
    case 'checked': {
      const counts = countBySeverity(findings);
      const part = (levels: readonly Severity[]) =>
        levels
          .filter((s) => counts[s] > 0)
          .map((s) => t(`severity.count.${s}`, { count: counts[s] }))
          .join(' · ');
      // The levels' own words (不予支付 / 需确认), not one "需注意" for both.
      const summary = part(['critical', 'warning']) || part(['info']) || t('badge.clean');
      const breakdown = part(['critical', 'warning', 'info']);
      const worst = highestSeverity(findings);
      const unread = unreadText(status);
      return {
        label: `${t('badge.checked')} · ${summary}${unread ? ` · ${unread.label}` : ''}`,
        title: `${breakdown || t('badge.clean')}${unread ? `。${unread.hint}` : ''}`,
        severityClass: worst ? `pf-sev-${worst}` : '',
      };
    }
  }
}

/** The fields the page could not read, for the badge (names only) and its hint. */
function unreadText(status: OverlayStatus): { label: string; hint: string } | undefined {
  const fields = status.state === 'checked' ? (status.unread ?? []).filter((f) => f.trim()) : [];
  if (fields.length === 0) return undefined;
  return {
    label: t('badge.unread', { fields: fields.join('、') }),
    hint: t('badge.unread.hint', { fields: fields.map((f) => `「${f}」`).join('') }),
  };
}

/** Why there are no (complete) results to show, for the states where the order was not (fully) checked. */
export function statusNotice(status: OverlayStatus): string | undefined {
  if (status.state === 'checked') return unreadText(status)?.hint;
  return status.state === 'incomplete' || status.state === 'adapter-broken' || status.state === 'stopped' ? describe(status, []).title : undefined;
}

export function StatusBadge({ status, packVersion, packExpiredOn, findings, panelOpen, corner = 'bottom-right', onToggle }: StatusBadgeProps) {
  const text = describe(status, findings);
  const version = packVersion ? <span class="pf-badge-version">{packVersion}</span> : null;
  const classes = `pf-badge pf-badge-${status.state} pf-corner-${corner} ${text.severityClass}${packExpiredOn ? ' pf-badge-pack-expired' : ''}`.trim();
  const expiredHint = packExpiredOn ? t('badge.packExpired.hint', { on: packExpiredOn }) : undefined;

  // Silent mode records without prompting: a small inert mark that only shows the extension runs.
  if (status.state === 'silent') {
    return (
      <div class={classes} title={text.title} data-state="silent">
        <span class="pf-badge-name">{t('app.name')}</span>
        {version}
      </div>
    );
  }

  const title = expiredHint ? `${expiredHint}\n${text.title}` : text.title;
  return (
    <button
      type="button"
      class={classes}
      title={title}
      aria-label={`${t('app.name')} ${text.label}. ${expiredHint ? `${expiredHint}. ` : ''}${text.title}`}
      aria-expanded={panelOpen ? 'true' : 'false'}
      data-state={status.state}
      data-pack-expired={packExpiredOn}
      onClick={onToggle}
    >
      <span class="pf-badge-dot" aria-hidden="true" />
      <span class="pf-badge-name">{t('app.name')}</span>
      {version}
      {packExpiredOn && <span class="pf-badge-expired">{t('badge.packExpired')}</span>}
      <span class="pf-badge-state">{text.label}</span>
    </button>
  );
}
