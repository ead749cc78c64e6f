import type { LoggedDiagnosis, LoggedLine } from '../../contract/order-summary';
import { rxt } from './order-i18n';
import { rt } from './review-i18n';

/**
 * What a prescription held, as the review views show it: the diagnoses and the lines table, with
 * the lines a finding is on marked. The 质控's order detail and the appeal cards (hub dashboard)
 * both show a recorded order this way.
 */

export function DiagnosisList({ diagnoses }: { diagnoses: readonly LoggedDiagnosis[] }) {
  return (
    <ul class="rv-diagnoses">
      {diagnoses.map((d) => (
        <li key={d.code}>
          <code>{d.code}</code> {d.name ?? ''}
          {d.primary && <span class="rv-tag">{rxt('order.primary')}</span>}
        </li>
      ))}
    </ul>
  );
}

export interface OrderLinesTableProps {
  lines: readonly LoggedLine[];
  /** Whether a finding is on the line: it is marked 有提示. */
  flagged: (lineId: string) => boolean;
  /**
   * Each line's code under its name, and its 自费 mark (the order detail). Without it a line with
   * no name is named by its code, which then is the only place the code shows.
   */
  withCodes?: boolean;
}

export function OrderLinesTable({ lines, flagged, withCodes = false }: OrderLinesTableProps) {
  return (
    <table class="rv-table rv-lines">
      <thead>
        <tr>
          <th scope="col">{rxt('line.name')}</th>
          <th scope="col">{rxt('line.spec')}</th>
          <th scope="col">{rxt('line.dose')}</th>
          <th scope="col">{rxt('line.frequency')}</th>
          <th scope="col" class="rv-num">{rxt('line.days')}</th>
          <th scope="col" class="rv-num">{rxt('line.quantity')}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => {
          const marked = flagged(line.id);
          return (
            <tr key={line.id} class={marked ? 'rv-line-flagged' : undefined} data-line-id={line.id}>
              <td>
                {line.name || (withCodes ? rt('common.none') : line.code)}
                {marked && <span class="rv-tag rv-tag-flag">{rxt('line.flagged')}</span>}
                {withCodes && line.selfPay && <span class="rv-tag">{rxt('line.selfPay')}</span>}
                {withCodes && <div class="rv-id">{line.code}</div>}
              </td>
              {/* As the page wrote them: 规格, 用量 and 频次 carry units and abbreviations (mg, bid). */}
              <td class="rv-data">{line.spec ?? ''}</td>
              <td class="rv-nowrap rv-data">{line.dose !== undefined ? `${line.dose}${line.doseUnit ?? ''}` : ''}</td>
              <td class="rv-data">{line.frequency ?? ''}</td>
              <td class="rv-num">{line.days ?? ''}</td>
              <td class="rv-num rv-nowrap rv-data">{line.quantity !== undefined ? `${line.quantity}${line.unit ?? ''}` : ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
