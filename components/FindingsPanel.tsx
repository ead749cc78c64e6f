import { useMemo } from 'preact/hooks';
import type { Finding } from '../contract/findings';
import { findingKey, groupByLine } from './finding-list';
import { kindLabel, language, t } from './i18n';
import { lineDisplayName } from './line-name';
import { SeverityIcon } from './SeverityIcon';

export interface FindingsPanelProps {
  findings: readonly Finding[];
  /** Line id → drug or item name, from the canonical order. */
  lineNames?: Readonly<Record<string, string>>;
  packVersion?: string;
  /** Shown instead of the findings when the order could not be checked (never "no problems"). */
  notice?: string;
  onFocusLine: (lineId: string) => void;
  onClose: () => void;
}

function FindingRow({ finding, onFocusLine }: { finding: Finding; onFocusLine: (lineId: string) => void }) {
  const content = (
    <>
      <SeverityIcon severity={finding.severity} />
      <span class="pf-panel-item-text">
        <span class={`pf-kind pf-sev-${finding.severity}`}>{kindLabel(finding.kind)}</span> {finding.message}
      </span>
    </>
  );
  const lineId = finding.lineId;
  if (lineId === undefined) return <div class="pf-panel-item">{content}</div>;
  return (
    <button type="button" class="pf-panel-item" data-line-id={lineId} onClick={() => onFocusLine(lineId)}>
      {content}
    </button>
  );
}

/** The order's findings at a glance, grouped by line with the most urgent line first. */
export function FindingsPanel({ findings, lineNames, packVersion, notice, onFocusLine, onClose }: FindingsPanelProps) {
  const groups = useMemo(() => groupByLine(findings), [findings]);
  const toggleLanguage = () => {
    language.value = language.value === 'zh-CN' ? 'en' : 'zh-CN';
  };
  return (
    <section class="pf-panel" aria-label={t('panel.title')}>
      <div class="pf-panel-head">
        <span>
          {t('panel.title')}
          {packVersion && <span class="pf-badge-version"> · {t('badge.packVersion', { version: packVersion })}</span>}
        </span>
        <span class="pf-panel-tools">
          <button type="button" class="pf-lang" onClick={toggleLanguage}>
            {t('lang.switch')}
          </button>
          <button type="button" class="pf-close" aria-label={t('panel.close')} title={t('panel.close')} onClick={onClose}>
            ×
          </button>
        </span>
      </div>
      <div class="pf-panel-body">
        {notice ? (
          <p class="pf-panel-notice">{notice}</p>
        ) : groups.length === 0 ? (
          <p class="pf-panel-empty">{t('panel.empty')}</p>
        ) : (
          groups.map((group) => (
            <div class="pf-group" key={group.lineId ?? '\u0000order'} data-line-id={group.lineId}>
              <div class="pf-group-name">{lineDisplayName(group.lineId, lineNames)}</div>
              {group.findings.map((finding, i) => (
                <FindingRow key={`${findingKey(finding)}#${i}`} finding={finding} onFocusLine={onFocusLine} />
              ))}
            </div>
          ))
        )}
      </div>
    </section>
  );
}
