import type { IcdEntry } from '../../../rules/data/icd-list';
import type { FieldError } from '../../../rules/pack/load';
import { searchDiagnoses } from './icd-source';
import { FormErrors } from './OrderForm';
import type { DiagnosisRow } from './order-form';
import { Suggest } from './Suggest';
import { tt } from './trial-i18n';

/** Diagnoses of the test order: each found by name or code in the ICD-10 医保版 list. */
export function DiagnosisList({ rows, errors, onChange }: { rows: DiagnosisRow[]; errors: readonly FieldError[]; onChange: (rows: DiagnosisRow[]) => void }) {
  const update = (i: number, patch: Partial<DiagnosisRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const setPrimary = (i: number) => onChange(rows.map((r, j) => ({ ...r, primary: j === i })));
  return (
    <div class="op-trial-diagnoses">
      {rows.length === 0 && <p class="op-empty">{tt('dx.none')}</p>}
      {rows.map((row, i) => (
        <div key={i} class={`op-trial-dx${errors.some((e) => e.path === `diagnosis.${i}`) ? ' op-field-invalid' : ''}`} data-diagnosis={i}>
          <Suggest<IcdEntry>
            id={`trial-dx-${i}`}
            label={tt('dx.search')}
            placeholder={tt('dx.placeholder')}
            value={row.name}
            search={searchDiagnoses}
            keyOf={(e) => e.code}
            render={(e) => (
              <>
                <code>{e.code}</code> {e.name}
              </>
            )}
            onText={(name) => update(i, { name })}
            onPick={(e) => update(i, { code: e.code, name: e.name })}
            emptyText={tt('dx.noMatch')}
          />
          <input id={`trial-dx-${i}-code`} class="op-code-input" type="text" aria-label={tt('dx.code')} placeholder={tt('dx.code')} value={row.code} onInput={(e) => update(i, { code: (e.currentTarget as HTMLInputElement).value })} />
          <label class="op-check">
            <input type="radio" name="trial-dx-primary" checked={row.primary} onChange={() => setPrimary(i)} />
            {tt('dx.primary')}
          </label>
          <button type="button" class="op-link" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            {tt('common.remove')}
          </button>
          <FormErrors errors={errors} path={`diagnosis.${i}`} />
        </div>
      ))}
      <button type="button" id="trial-dx-add" onClick={() => onChange([...rows, { code: '', name: '', primary: rows.length === 0 }])}>
        {tt('dx.add')}
      </button>
    </div>
  );
}
