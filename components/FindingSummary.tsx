import type { Finding } from '../contract/findings';
import { fieldOf, fieldLabel } from './finding-field';
import { SeverityIcon } from './SeverityIcon';
import { formatAmount, kindLabel, t } from './i18n';

export interface FindingSummaryProps {
  finding: Finding;
  /** The drug or item name, where the surrounding view does not already show it. */
  lineName?: string;
  /** The row as the page numbers it (序号 2, 第 2 行), where the view does not already show it. */
  rowLabel?: string;
}

/**
 * The head of a finding: level (shape and word), kind, the row and field it concerns, amount at
 * risk, message and 依据. Pack texts are rendered as text children only, never as markup.
 */
export function FindingSummary({ finding, lineName, rowLabel }: FindingSummaryProps) {
  const target = fieldOf(finding);
  return (
    <>
      <div class="pf-finding-head">
        <SeverityIcon severity={finding.severity} withLabel />
        <span class="pf-kind">{kindLabel(finding.kind)}</span>
        {lineName !== undefined && <strong>{lineName}</strong>}
        {(rowLabel || target) && (
          <span class="pf-place" data-role="place">
            {[rowLabel, target && fieldLabel(target)].filter(Boolean).join(' · ')}
          </span>
        )}
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
