import type { Severity } from '../contract/findings';
import { severityLabel } from './i18n';

/** Distinct glyphs as well as colours, so the level reads without colour vision. */
const GLYPH: Record<Severity, string> = { critical: '!', warning: '▲', info: 'i' };

export function SeverityIcon({ severity }: { severity: Severity }) {
  return (
    <span class={`pf-icon pf-sev-${severity}`} role="img" aria-label={severityLabel(severity)} title={severityLabel(severity)}>
      {GLYPH[severity]}
    </span>
  );
}
