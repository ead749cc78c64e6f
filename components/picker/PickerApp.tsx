import { GROUP_TITLES, PICK_FIELDS, pickField, type FieldGroup } from '../../adapters/authoring/fields';
import { FieldRow } from './FieldRow';
import { OrderPreview } from './OrderPreview';
import type { PickerActions, PickerModel } from './picker-model';
import { PickSurface } from './PickSurface';
import { SaveForm } from './SaveForm';

/**
 * The field picker inside its shadow root: a transparent layer that takes the page's pointer
 * events while a field is armed, outlines of what is assigned and of what is under the cursor,
 * and the panel with the fields, the live preview and the save form.
 */

const GROUPS: readonly FieldGroup[] = ['patient', 'diagnoses', 'operations', 'table', 'columns', 'submit', 'more'];

export function PickerApp({ model, actions }: { model: PickerModel; actions: PickerActions }) {
  const armed = model.armed ? pickField(model.armed) : undefined;
  const brokenCount = [...model.preview.fields.values()].filter((s) => s.broken).length;
  return (
    <div class="pk-root">
      <PickSurface armed={armed !== undefined} model={model} actions={actions} />
      <section class={`pk-panel pk-dock-${model.dock}`} role="dialog" aria-label="Preflight 字段选取" data-role="panel">
        <header class="pk-head">
          <span class="pk-title">{model.mode === 'repair' ? `修复站点配置：${model.draft.id}` : '新建站点配置：字段选取'}</span>
          <button type="button" onClick={() => actions.toggleDock()} title="移到另一侧">
            {model.dock === 'right' ? '⇤' : '⇥'}
          </button>
          <button type="button" onClick={() => actions.close()} data-role="close" aria-label="关闭字段选取">
            ✕
          </button>
        </header>
        <div class={`pk-hint${armed ? ' pk-armed' : ''}`} data-role="hint">
          {armed
            ? `请在页面上点击「${armed.label}」${armed.kind === 'page' || armed.kind === 'diagnosis' ? '（也可在其他框架中点击）' : ''}。Esc 或右键取消。`
            : model.mode === 'repair' && brokenCount > 0
              ? `${brokenCount} 个字段在此页面上已失效（红色），请重新选取这些字段。`
              : '点“选取”，再点击页面上对应的内容；下方实时显示读取结果。'}
        </div>
        {model.notice ? <div class={`pk-notice pk-${model.notice.tone}`} data-role="notice">{model.notice.text}</div> : null}
        <div class="pk-scroll">
          {GROUPS.map((group) => (
            <div class="pk-group" key={group}>
              <div class="pk-group-title">{GROUP_TITLES[group]}</div>
              {PICK_FIELDS.filter((f) => f.group === group).map((field) => (
                <FieldRow key={field.id} field={field} model={model} actions={actions} />
              ))}
            </div>
          ))}
          <SaveForm model={model} actions={actions} />
        </div>
        <div class="pk-bottom">
          <OrderPreview model={model} />
        </div>
      </section>
    </div>
  );
}
