import type { FieldError } from '../../../rules/pack/load';
import { useOptionsStore } from '../store-context';
import { searchChronicDiseases, type ChronicDiseaseHit } from './chronic-search';
import { FormErrors } from './OrderForm';
import type { ChronicDiseaseRow } from './order-form';
import { Suggest } from './Suggest';
import { tt } from './trial-i18n';

/** The 门诊慢特病 病种 of the test visit: each found among the working set's 病种用药范围, or typed. */
export function ChronicDiseaseList({ rows, errors, onChange }: { rows: ChronicDiseaseRow[]; errors: readonly FieldError[]; onChange: (rows: ChronicDiseaseRow[]) => void }) {
  const store = useOptionsStore();
  const search = (text: string) => searchChronicDiseases(store.db, text);
  const update = (i: number, patch: Partial<ChronicDiseaseRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div class="op-trial-chronic">
      <p class="op-hint">{tt('chronic.hint')}</p>
      {rows.length === 0 && <p class="op-empty">{tt('chronic.none')}</p>}
      {rows.map((row, i) => (
        <div key={i} class={`op-trial-dx${errors.some((e) => e.path === `chronic.${i}`) ? ' op-field-invalid' : ''}`} data-chronic={i}>
          <Suggest<ChronicDiseaseHit>
            id={`trial-chronic-${i}`}
            label={tt('chronic.search')}
            placeholder={tt('chronic.placeholder')}
            value={row.name}
            search={search}
            keyOf={(d) => `${d.code ?? ''} ${d.name}`}
            render={(d) => (
              <>
                {d.code && <code>{d.code}</code>} {d.name} <span class="op-sub">{tt('chronic.drugs', { count: d.drugCount })}</span>
              </>
            )}
            onText={(name) => update(i, { name })}
            onPick={(d) => update(i, { code: d.code ?? '', name: d.name })}
            emptyText={tt('chronic.noMatch')}
          />
          <input id={`trial-chronic-${i}-code`} class="op-code-input" type="text" aria-label={tt('chronic.code')} placeholder={tt('chronic.code')} value={row.code} onInput={(e) => update(i, { code: (e.currentTarget as HTMLInputElement).value })} />
          <button type="button" class="op-link" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            {tt('common.remove')}
          </button>
          <FormErrors errors={errors} path={`chronic.${i}`} />
        </div>
      ))}
      <button type="button" id="trial-chronic-add" onClick={() => onChange([...rows, { code: '', name: '' }])}>
        {tt('chronic.add')}
      </button>
    </div>
  );
}
