import { actionLabel, kindLabel, severityLabel } from '../../i18n';
import { SeverityIcon } from '../../SeverityIcon';
import { ot } from '../options-i18n';
import type { TrialOrderResult, TrialRun } from '../trial-run';

const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));

/**
 * One order's findings as the doctor reads them: level, message, the fixes offered and 依据, with
 * the rule that said it.
 */
export function OrderResult({ item, onOpenRule }: { item: TrialOrderResult; onOpenRule: (id: string) => void }) {
  const names = new Map(item.order.lines.map((l) => [l.id, l.name || l.code]));
  return (
    <section class="op-trial-order" data-order-id={item.order.id}>
      <h3>
        {ot('trial.order', { id: item.order.id })} <span class="op-sub">{ot('common.ms', { ms: ms(item.result.elapsedMs) })}</span>
      </h3>
      {item.findings.length === 0 ? (
        <p class="op-empty">{ot('trial.noFindings')}</p>
      ) : (
        <table class="op-table op-findings">
          <thead>
            <tr>
              <th>{ot('trial.col.severity')}</th>
              <th>{ot('trial.col.kind')}</th>
              <th>{ot('trial.col.line')}</th>
              <th>{ot('trial.col.message')}</th>
              <th>{ot('trial.col.rule')}</th>
            </tr>
          </thead>
          <tbody>
            {item.findings.map(({ finding, rule }, i) => (
              <tr key={`${finding.ruleId}#${finding.lineId ?? ''}#${i}`} class={`op-sev-${finding.severity}`} data-rule-id={finding.ruleId}>
                <td class="op-nowrap">
                  <SeverityIcon severity={finding.severity} /> {severityLabel(finding.severity)}
                </td>
                <td class="op-nowrap">{kindLabel(finding.kind)}</td>
                <td>{finding.lineId ? `${finding.lineId} ${names.get(finding.lineId) ?? ''}` : ot('trial.orderLevel')}</td>
                <td>
                  {finding.message}
                  {finding.actions.length > 0 && (
                    <div class="op-trial-actions">
                      {finding.actions.map((a, j) => (
                        <span key={j} class="op-tag">
                          {actionLabel(a)}
                        </span>
                      ))}
                    </div>
                  )}
                  {finding.basis && <div class="op-sub">{finding.basis}</div>}
                </td>
                <td>
                  {rule ? (
                    <button type="button" class="op-link" onClick={() => onOpenRule(rule.id)} title={ot('trial.openRule', { id: rule.id })}>
                      {rule.name || rule.id}
                      <code class="op-sub op-rule-id">{rule.id}</code>
                    </button>
                  ) : (
                    <span class="op-sub">
                      <code>{finding.ruleId}</code> {ot('trial.engineFinding')}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function TrialResults({ run, notes, onOpenRule }: { run: TrialRun; notes: readonly string[]; onOpenRule: (id: string) => void }) {
  return (
    <div class="op-trial-results" role="region" aria-live="polite">
      <p class="op-timing">{ot('trial.timing', { compile: ms(run.compileMs), evaluate: ms(run.evaluateMs), rules: run.ruleCount })}</p>
      {notes.length > 0 && (
        <ul class="op-notes" aria-label={ot('trial.notes')}>
          {notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      {run.orders.map((item) => (
        <OrderResult key={item.order.id} item={item} onOpenRule={onOpenRule} />
      ))}
    </div>
  );
}
