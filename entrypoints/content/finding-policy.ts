import type { Finding } from '../../contract/findings';
import type { ShownMode } from '../../contract/flag-event';
import { blockingSeverities, kindMode, type PreflightSettings } from '../../settings/schema';
import type { FindingLedger } from './finding-ledger';

/** Which findings the doctor sees, and which stop a submission, under the current settings. */

export function shownMode(finding: Finding, settings: PreflightSettings): ShownMode {
  if (settings.silent) return 'silent';
  return finding.passive ? 'passive' : kindMode(settings, finding.kind);
}

/** Marked on rows and listed in the panel: everything not dismissed, nothing in silent mode. */
export function visibleFindings(findings: readonly Finding[], ledger: FindingLedger, settings: PreflightSettings): Finding[] {
  if (settings.silent) return [];
  return findings.filter((finding) => !ledger.isDismissed(finding));
}

/**
 * Asked about before the order leaves: interruptive kinds at a blocking severity, unless already
 * continued with a reason in this order. A finding dismissed from its row is still asked about
 * here when it blocks: the review is where 3103 wants the reason recorded.
 */
export function findingsToReview(findings: readonly Finding[], ledger: FindingLedger, settings: PreflightSettings): Finding[] {
  if (settings.silent) return [];
  const blocking = blockingSeverities(settings);
  return findings.filter(
    (finding) => shownMode(finding, settings) === 'interruptive' && blocking.has(finding.severity) && !ledger.isContinued(finding),
  );
}
