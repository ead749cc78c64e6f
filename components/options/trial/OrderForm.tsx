import type { FieldError } from '../../../rules/pack/load';
import { pick } from '../options-i18n';
import { ChronicDiseaseList } from './ChronicDiseaseList';
import { DiagnosisList } from './DiagnosisList';
import { LineRows } from './LineRows';
import { AGE_UNITS, ORDER_FIELDS, type OrderField, type Section } from './order-fields';
import type { OrderFormState } from './order-form';
import { tt } from './trial-i18n';

/** Errors at a form path, in the page's words (no contract paths: the field is beside them). */
export function FormErrors({ errors, path }: { errors: readonly FieldError[]; path: string }) {
  const mine = errors.filter((e) => e.path === path);
  if (mine.length === 0) return null;
  return (
    <ul class="op-field-errors" role="alert" data-error-path={path}>
      {mine.map((e, i) => (
        <li key={i}>{e.message}</li>
      ))}
    </ul>
  );
}

function AgeControl({ id, value, onValue }: { id: string; value: string; onValue: (v: string) => void }) {
  const [amount = '', unit = 'year'] = value.split(' ');
  return (
    <span class="op-age">
      <input id={id} type="text" inputMode="decimal" size={5} value={amount} onInput={(e) => onValue(`${(e.currentTarget as HTMLInputElement).value.trim()} ${unit}`)} />
      <select id={`${id}-unit`} aria-label={tt('form.ageUnit')} value={unit} onChange={(e) => onValue(`${amount} ${(e.currentTarget as HTMLSelectElement).value}`)}>
        {AGE_UNITS.map((u) => (
          <option key={u.value} value={u.value}>
            {pick(u.label)}
          </option>
        ))}
      </select>
    </span>
  );
}

function FieldControl({ field, value, onValue }: { field: OrderField; value: string; onValue: (v: string) => void }) {
  const id = `trial-${field.key}`;
  const { control } = field;
  if (control.type === 'age') return <AgeControl id={id} value={value} onValue={onValue} />;
  if (control.type === 'select') {
    return (
      <select id={id} value={value} onChange={(e) => onValue((e.currentTarget as HTMLSelectElement).value)}>
        {control.options.map((o) => (
          <option key={o.value} value={o.value}>
            {pick(o.label)}
          </option>
        ))}
      </select>
    );
  }
  if (control.type === 'date') return <input id={id} type="date" value={value} onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)} />;
  return (
    <>
      <input id={id} type="text" value={value} list={control.suggestions ? `${id}-options` : undefined} placeholder={control.placeholder ? pick(control.placeholder) : undefined} onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)} />
      {control.suggestions && (
        <datalist id={`${id}-options`}>
          {control.suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
    </>
  );
}

function SectionFields({ section, form, errors, onChange }: { section: Section; form: OrderFormState; errors: readonly FieldError[]; onChange: (form: OrderFormState) => void }) {
  return (
    <div class="op-trial-fields">
      {ORDER_FIELDS.filter((f) => f.section === section).map((field) => (
        <div key={field.key} class={`op-field${errors.some((e) => e.path === `field.${field.key}`) ? ' op-field-invalid' : ''}`} data-field={field.key}>
          <label for={`trial-${field.key}`}>{pick(field.label)}</label>
          <FieldControl field={field} value={form.values[field.key] ?? ''} onValue={(v) => onChange({ ...form, values: { ...form.values, [field.key]: v } })} />
          <FormErrors errors={errors} path={`field.${field.key}`} />
        </div>
      ))}
    </div>
  );
}

/**
 * The 试算 order as a form: patient, encounter, diagnoses, 门诊慢特病 病种 and lines. Nothing here is JSON; the
 * order it makes is the contract's (./order-form.ts), shown in the 高级：JSON tab.
 */
export function OrderForm({ form, errors, onChange }: { form: OrderFormState; errors: readonly FieldError[]; onChange: (form: OrderFormState) => void }) {
  const birthDate = form.carry.patient['birthDate'];
  return (
    <div class="op-trial-form">
      <fieldset>
        <legend>{tt('form.patient')}</legend>
        <SectionFields section="patient" form={form} errors={errors} onChange={onChange} />
        {typeof birthDate === 'string' && <p class="op-hint">{tt('form.birthDateKept', { date: birthDate })}</p>}
      </fieldset>
      <fieldset>
        <legend>{tt('form.encounter')}</legend>
        <SectionFields section="encounter" form={form} errors={errors} onChange={onChange} />
      </fieldset>
      <fieldset>
        <legend>{tt('form.diagnoses')}</legend>
        <DiagnosisList rows={form.diagnoses} errors={errors} onChange={(diagnoses) => onChange({ ...form, diagnoses })} />
        <FormErrors errors={errors} path="diagnoses" />
      </fieldset>
      <fieldset>
        <legend>{tt('form.chronic')}</legend>
        <ChronicDiseaseList rows={form.chronicDiseases} errors={errors} onChange={(chronicDiseases) => onChange({ ...form, chronicDiseases })} />
        <FormErrors errors={errors} path="chronicDiseases" />
      </fieldset>
      <fieldset>
        <legend>{tt('form.lines')}</legend>
        <LineRows rows={form.lines} errors={errors} onChange={(lines) => onChange({ ...form, lines })} />
      </fieldset>
      <FormErrors errors={errors} path="order" />
    </div>
  );
}
