import type { Finding } from '../contract/findings';
import { SeverityIcon } from './SeverityIcon';
import { formatAmount, kindLabel, t } from './i18n';

export interface FindingSummaryProps {
  finding: Finding;
  /** The drug or item name, where the surrounding view does not already show it. */
  lineName?: string;
}

/**
 * The head of a finding as the popover and the review dialog both show it: severity, kind, amount
 * at risk, message and 依据. Pack texts are rendered as text children only, never as markup.
 */
export function FindingSummary({ finding, lineName }: FindingSummaryProps) {
  return (
    <>
      <div class="pf-finding-head">
        <SeverityIcon severity={finding.severity} />
        <span class="pf-kind">{kindLabel(finding.kind)}</span>
        {lineName !== undefined && <strong>{lineName}</strong>}
        {finding.amountAtRisk !== undefined && finding.amountAtRisk > 0 && (
          <span class="pf-finding-amount">{t('finding.amount', { amount: formatAmount(finding.amountAtRisk) })}</span>
        )}
      </div>
      <p class="pf-finding-message">{finding.message}</p>
      {finding.basis && (
        <div class="pf-finding-meta">
          {t('finding.basis')}：{finding.basis}
        </div>
      )}
    </>
  );
}
