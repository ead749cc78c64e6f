import type { LineKind } from '../../../contract/order';
import { FREQUENCY_ROWS } from '../../../rules/data/frequencies';
import type { FieldError } from '../../../rules/pack/load';
import { useOptionsStore } from '../store-context';
import { searchCatalogue, type CatalogueHit } from './line-search';
import { FormErrors } from './OrderForm';
import { emptyLine, type LineRow } from './order-form';
import { Suggest } from './Suggest';
import { tt, type TrialKey } from './trial-i18n';

const KINDS: readonly LineKind[] = ['drug', 'item', 'material'];
const DOSE_UNITS = ['g', 'mg', 'μg', 'ml', 'IU', '万U', '片', '粒', '袋', '支', '丸', '滴', '贴'];
const UNITS = ['盒', '瓶', '支', '袋', '片', '粒', '贴', '次', '项', '个', '根', '套', '剂'];

/** The engine's frequency dictionary, one entry per code (qh and q1h read the same, both kept). */
function FrequencySelect({ id, value, onValue }: { id: string; value: string; onValue: (v: string) => void }) {
  const known = value === '' || FREQUENCY_ROWS.some((f) => f.code === value);
  return (
    <select id={id} aria-label={tt('line.frequency')} value={value} onChange={(e) => onValue((e.currentTarget as HTMLSelectElement).value)}>
      <option value="">{tt('line.frequency.none')}</option>
      {!known && <option value={value}>{value}</option>}
      {FREQUENCY_ROWS.map((f) => (
        <option key={f.code} value={f.code}>
          {f.code} {f.name}
        </option>
      ))}
    </select>
  );
}

function UnitInput({ id, label, value, options, onValue }: { id: string; label: string; value: string; options: readonly string[]; onValue: (v: string) => void }) {
  return (
    <>
      <input id={id} class="op-unit" type="text" aria-label={label} list={`${id}-options`} value={value} onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)} />
      <datalist id={`${id}-options`}>
        {options.map((u) => (
          <option key={u} value={u} />
        ))}
      </datalist>
    </>
  );
}

function NumberInput({ id, label, value, onValue }: { id: string; label: string; value: string; onValue: (v: string) => void }) {
  return <input id={id} class="op-num" type="text" inputMode="decimal" aria-label={label} value={value} onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)} />;
}

/** The order's lines: each drug, item or 耗材 found by name, pinyin initials or code. */
export function LineRows({ rows, errors, onChange }: { rows: LineRow[]; errors: readonly FieldError[]; onChange: (rows: LineRow[]) => void }) {
  const store = useOptionsStore();
  const search = (text: string) => searchCatalogue(store.db, store.summaries, text);
  const update = (i: number, patch: Partial<LineRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const invalid = (i: number, key: string) => (errors.some((e) => e.path === `line.${i}.${key}`) ? 'op-field-invalid' : undefined);
  return (
    <div class="op-trial-lines">
      <table class="op-table op-trial-line-table">
        <thead>
          <tr>
            <th>{tt('line.no')}</th>
            <th>{tt('line.name')}</th>
            <th>{tt('line.code')}</th>
            <th>{tt('line.kind')}</th>
            <th>{tt('line.spec')}</th>
            <th>{tt('line.dose')}</th>
            <th>{tt('line.frequency')}</th>
            <th>{tt('line.days')}</th>
            <th>{tt('line.quantity')}</th>
            <th>{tt('line.selfPay')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const id = `trial-line-${i}`;
            return (
              <tr key={row.key} data-line={i + 1}>
                <td>{i + 1}</td>
                <td class={invalid(i, 'code')}>
                  <Suggest<CatalogueHit>
                    id={`${id}-name`}
                    label={tt('line.search')}
                    placeholder={tt('line.placeholder')}
                    value={row.name}
                    search={search}
                    keyOf={(h) => `${h.name}#${h.code}`}
                    render={(h) => (
                      <>
                        {h.name} <code>{h.code}</code>
                        {h.prefixOnly && <span class="op-sub"> {tt('line.prefixOnly')}</span>}
                        <span class="op-sub"> {tt('line.ruleCount', { count: h.ruleCount })}</span>
                      </>
                    )}
                    onText={(name) => update(i, { name })}
                    onPick={(h) => update(i, { name: h.name, code: h.code, kind: h.kind })}
                    emptyText={tt('line.noMatch')}
                  />
                  <FormErrors errors={errors} path={`line.${i}.code`} />
                  <FormErrors errors={errors} path={`line.${i}.name`} />
                </td>
                <td>
                  <input id={`${id}-code`} class="op-code-input" type="text" aria-label={tt('line.code')} value={row.code} onInput={(e) => update(i, { code: (e.currentTarget as HTMLInputElement).value })} />
                </td>
                <td>
                  <select id={`${id}-kind`} aria-label={tt('line.kind')} value={row.kind} onChange={(e) => update(i, { kind: (e.currentTarget as HTMLSelectElement).value as LineKind })}>
                    {KINDS.map((k) => (
                      <option key={k} value={k}>
                        {tt(`line.kind.${k}` as TrialKey)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input id={`${id}-spec`} class="op-spec" type="text" aria-label={tt('line.spec')} placeholder={tt('line.spec.placeholder')} value={row.spec} onInput={(e) => update(i, { spec: (e.currentTarget as HTMLInputElement).value })} />
                </td>
                <td class={invalid(i, 'dose')}>
                  <span class="op-pair">
                    <NumberInput id={`${id}-dose`} label={tt('line.dose')} value={row.dose} onValue={(dose) => update(i, { dose })} />
                    <UnitInput id={`${id}-doseUnit`} label={tt('line.doseUnit')} value={row.doseUnit} options={DOSE_UNITS} onValue={(doseUnit) => update(i, { doseUnit })} />
                  </span>
                  <FormErrors errors={errors} path={`line.${i}.dose`} />
                </td>
                <td>
                  <FrequencySelect id={`${id}-frequency`} value={row.frequency} onValue={(frequency) => update(i, { frequency })} />
                </td>
                <td class={invalid(i, 'days')}>
                  <NumberInput id={`${id}-days`} label={tt('line.days')} value={row.days} onValue={(days) => update(i, { days })} />
                  <FormErrors errors={errors} path={`line.${i}.days`} />
                </td>
                <td class={invalid(i, 'quantity')}>
                  <span class="op-pair">
                    <NumberInput id={`${id}-quantity`} label={tt('line.quantity')} value={row.quantity} onValue={(quantity) => update(i, { quantity })} />
                    <UnitInput id={`${id}-unit`} label={tt('line.unit')} value={row.unit} options={UNITS} onValue={(unit) => update(i, { unit })} />
                  </span>
                  <FormErrors errors={errors} path={`line.${i}.quantity`} />
                </td>
                <td>
                  <input id={`${id}-selfPay`} type="checkbox" aria-label={tt('line.selfPay')} checked={row.selfPay} onChange={(e) => update(i, { selfPay: (e.currentTarget as HTMLInputElement).checked })} />
                </td>
                <td>
                  <button type="button" class="op-link" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                    {tt('common.remove')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" id="trial-line-add" onClick={() => onChange([...rows, emptyLine()])}>
        {tt('line.add')}
      </button>
    </div>
  );
}
