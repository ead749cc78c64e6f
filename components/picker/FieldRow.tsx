import type { FieldLocator } from '../../adapters/profile-schema';
import { getAt } from '../../adapters/authoring/draft';
import { ENUM_OPTIONS, type PickField } from '../../adapters/authoring/fields';
import { fieldFrame, type FieldStatus } from '../../adapters/authoring/preview';
import { locatorText } from './locator-text';
import type { PickerActions, PickerModel } from './picker-model';

/** One field of the panel: its state, what it reads now, and how to (re)assign it. */

interface Props {
  field: PickField;
  model: PickerModel;
  actions: PickerActions;
}

function storedLocator(model: PickerModel, field: PickField): FieldLocator | undefined {
  const value = getAt(model.draft, field.path);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as FieldLocator) : undefined;
}

function describe(model: PickerModel, field: PickField): string {
  if (field.kind === 'table') {
    const table = getAt(model.draft, ['orders', 'table']);
    const rows = getAt(model.draft, ['orders', 'rows']);
    const header = getAt(model.draft, ['orders', 'headerRow']);
    return typeof table === 'string' ? `${table} → ${String(rows)}${typeof header === 'string' ? `；表头 ${header}` : ''}` : '';
  }
  if (field.kind === 'submit') return ((getAt(model.draft, field.path) as string[] | undefined) ?? []).join(', ');
  const frame = fieldFrame(field, model.draft);
  return `${locatorText(storedLocator(model, field))}${frame ? `（框架 ${frame}）` : ''}`;
}

function valueText(status: FieldStatus | undefined): { text: string; error: boolean } {
  if (!status?.assigned) return { text: '', error: false };
  if (status.error) return { text: status.raw ? `${status.raw}：${status.error}` : status.error, error: true };
  if (status.value !== undefined) {
    const shown = status.raw && status.raw !== status.value ? `${status.raw} → ${status.value}` : status.value;
    return { text: shown, error: false };
  }
  return { text: '', error: false };
}

export function FieldRow({ field, model, actions }: Props) {
  const status = model.preview.fields.get(field.id);
  const armed = model.armed === field.id;
  const assigned = status?.assigned ?? false;
  const broken = status?.broken ?? false;
  const value = valueText(status);
  const locator = storedLocator(model, field);
  const fixedValue = locator && 'value' in locator ? String(locator.value) : '';
  const classes = ['pk-field', armed ? 'pk-on' : '', broken ? 'pk-broken' : ''].filter(Boolean).join(' ');
  const stored = locator && 'column' in locator ? `${String(locator.column)}|${locator.nth ?? ''}` : '';
  // A stored column the header no longer has shows the prompt, not an empty choice.
  const columnChoice = model.headers.some((h) => `${h.column}|${h.nth ?? ''}` === stored) ? stored : '';
  return (
    <div class={classes} data-field={field.id}>
      <div class="pk-field-line">
        <span class={`pk-dot ${broken ? 'pk-bad' : assigned ? 'pk-set' : ''}`} />
        <span class="pk-name">
          {field.label}
          {field.optional && !assigned ? <span class="pk-opt"> 可选</span> : null}
        </span>
        {broken ? <span class="pk-badge">失效</span> : null}
        <span class={`pk-value${value.error ? ' pk-err' : ''}`} title={value.text} data-role="value">
          {value.text}
        </span>
        <button type="button" class={`pk-btn${armed ? ' pk-armed-btn' : ''}`} data-role="pick" onClick={() => (armed ? actions.disarm() : actions.arm(field.id))}>
          {armed ? '取消' : assigned ? '重选' : '选取'}
        </button>
        {assigned ? (
          <button type="button" class="pk-x" title="清除" aria-label={`清除${field.label}`} onClick={() => actions.clear(field.id)}>
            ×
          </button>
        ) : null}
      </div>
      {assigned ? <div class="pk-sub">{describe(model, field)}</div> : null}
      {field.kind === 'column' && model.headers.length > 0 ? (
        <div class="pk-extra">
          <select
            aria-label={`${field.label}：从表头选择列`}
            value={columnChoice}
            onChange={(e) => {
              const [column, nth] = (e.currentTarget as HTMLSelectElement).value.split('|');
              if (column) actions.chooseColumn(field.id, { column, ...(nth ? { nth: Number(nth) } : {}) });
            }}
          >
            <option value="">或从表头选列…</option>
            {model.headers.map((h) => (
              <option key={h.label} value={`${h.column}|${h.nth ?? ''}`}>
                {h.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {field.fixedValues ? (
        <div class="pk-extra">
          <select
            aria-label={`${field.label}：固定值`}
            value={fixedValue}
            onChange={(e) => {
              const raw = (e.currentTarget as HTMLSelectElement).value;
              const option = field.fixedValues!.find((o) => String(o.value) === raw);
              if (option) actions.setFixed(field.id, option.value);
            }}
          >
            <option value="">或页面上没有：设固定值…</option>
            {field.fixedValues.map((o) => (
              <option key={String(o.value)} value={String(o.value)}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {field.mapped && status?.unmapped ? (
        <div class="pk-extra">
          <span>页面值「{status.unmapped}」对应</span>
          <select
            aria-label={`${field.label}：映射`}
            value=""
            onChange={(e) => {
              const chosen = (e.currentTarget as HTMLSelectElement).value;
              if (chosen) actions.addMapping(field.id, status.unmapped!, chosen);
            }}
          >
            <option value="">选择…</option>
            {ENUM_OPTIONS[field.mapped].map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </div>
  );
}
