import type { ComponentChildren } from 'preact';
import { ot } from '../options-i18n';

function LockIcon() {
  return (
    <svg class="op-lock-icon" width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="3" y="7" width="10" height="8" rx="1.5" fill="currentColor" />
      <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" stroke-width="1.6" />
    </svg>
  );
}

/** A field hospital IT set through managed policy: its value, read only, and who set it. */
export function LockedField({ path, label, children }: { path: string; label: string; children: ComponentChildren }) {
  return (
    <div class="op-field op-locked" data-path={path} data-locked="true">
      <span class="op-field-label">{label}</span>
      <div class="op-locked-value">
        <span class="op-locked-text">{children}</span>
        <LockIcon />
        <span class="op-locked-note">{ot('deploy.locked')}</span>
      </div>
    </div>
  );
}
