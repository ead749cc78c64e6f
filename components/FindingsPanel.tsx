import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import type { Finding } from '../contract/findings';
import { fieldOf, fieldLabel } from './finding-field';
import { findingKey, groupByLine } from './finding-list';
import type { FixedBox } from './geometry';
import { kindLabel, language, t } from './i18n';
import { lineDisplayName } from './line-name';
import { SeverityIcon } from './SeverityIcon';

export interface FindingsPanelProps {
  findings: readonly Finding[];
  /** Line id → drug or item name, from the canonical order. */
  lineNames?: Readonly<Record<string, string>>;
  /** Line id → the row as the page numbers it (序号 2, 第 2 行). */
  lineLabels?: Readonly<Record<string, string>>;
  packVersion?: string;
  /** Shown instead of the findings when the order could not be checked (never "no problems"). */
  notice?: string;
  /** Where the panel goes (viewport coordinates); omitted: the stylesheet's corner. */
  box?: FixedBox;
  onFocusLine: (lineId: string) => void;
  /** The doctor is on this finding: its field is outlined on the page. */
  onFocusFinding?: (finding: Finding | undefined) => void;
  onClose: () => void;
  /** The panel's natural height (head and every item), so the parent can place it where it fits. */
  onHeight?: (height: number) => void;
}

interface FindingRowProps {
  finding: Finding;
  onFocusLine: (lineId: string) => void;
  onFocusFinding?: (finding: Finding | undefined) => void;
}

function FindingRow({ finding, onFocusLine, onFocusFinding }: FindingRowProps) {
  const target = fieldOf(finding);
  const content = (
    <>
      <SeverityIcon severity={finding.severity} withLabel />
      <span class="pf-panel-item-text">
        <span class={`pf-kind pf-sev-${finding.severity}`}>{kindLabel(finding.kind)}</span>
        {target && <span class="pf-field">{fieldLabel(target)}</span>} {finding.message}
      </span>
    </>
  );
  const focus = onFocusFinding && (() => onFocusFinding(finding));
  const lineId = finding.lineId;
  if (lineId === undefined) {
    return (
      <div class="pf-panel-item" data-kind={finding.kind} onMouseEnter={focus}>
        {content}
      </div>
    );
  }
  return (
    <button
      type="button"
      class="pf-panel-item"
      data-line-id={lineId}
      data-kind={finding.kind}
      onMouseEnter={focus}
      onFocus={focus}
      onClick={() => onFocusLine(lineId)}
    >
      {content}
    </button>
  );
}

/** The order's findings at a glance, grouped by row with the most urgent row first. */
export function FindingsPanel(props: FindingsPanelProps) {
  const { findings, lineNames, lineLabels, packVersion, notice, box, onFocusLine, onFocusFinding, onClose, onHeight } = props;
  const groups = useMemo(() => groupByLine(findings), [findings]);
  const head = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (onHeight && head.current && body.current) onHeight(head.current.offsetHeight + body.current.scrollHeight + 2);
  }, [findings, notice, language.value, onHeight]);
  const toggleLanguage = () => {
    language.value = language.value === 'zh-CN' ? 'en' : 'zh-CN';
  };
  const style = box ? { top: `${box.top}px`, left: `${box.left}px`, width: `${box.width}px`, maxHeight: `${box.height}px`, right: 'auto', bottom: 'auto' } : undefined;
  return (
    <section class="pf-panel" aria-label={t('panel.title')} style={style} data-corner={box?.corner} onMouseLeave={onFocusFinding && (() => onFocusFinding(undefined))}>
      <div class="pf-panel-head" ref={head}>
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
      <div class="pf-panel-body" ref={body}>
        {/* Unchecked or partly checked: why, above whatever findings there are. */}
        {notice && <p class="pf-panel-notice">{notice}</p>}
        {groups.length === 0 ? (
          !notice && <p class="pf-panel-empty">{t('panel.empty')}</p>
        ) : (
          groups.map((group) => (
            <div class="pf-group" key={group.lineId ?? '\u0000order'} data-line-id={group.lineId}>
              <div class="pf-group-name">
                {group.lineId !== undefined && lineLabels?.[group.lineId] && <span class="pf-row-label">{lineLabels[group.lineId]}</span>}
                {lineDisplayName(group.lineId, lineNames)}
              </div>
              {group.findings.map((finding, i) => (
                <FindingRow key={`${findingKey(finding)}#${i}`} finding={finding} onFocusLine={onFocusLine} onFocusFinding={onFocusFinding} />
              ))}
            </div>
          ))
        )}
      </div>
    </section>
  );
}
